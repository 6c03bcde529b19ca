"""The checks before sending (issue 5, step 3), each naming what is wrong and where.

``check_text`` looks at the text alone and is fast enough to run as the user types
(well under 5 ms for 2,000 characters). ``check_campaign`` looks at the whole campaign:
the composition with its rows, the recipients' report, the balance, the time.

Levels: ``block`` stops the send, ``warn`` asks once, ``hint`` only informs. ``spans`` are
[start, end) code-point ranges of the composition's *text* (not the signature) to mark;
``rows`` are line numbers of the recipient file (the first 20 concerned).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import TYPE_CHECKING

from jianmi_desktop.campaign.template import placeholders, signature_text
from jianmi_desktop.platform.auth import CHINA_TZ
from jianmi_desktop.platform.text import gbk_problems, has_signature

if TYPE_CHECKING:
    from jianmi_desktop.campaign.recipients import RecipientReport
    from jianmi_desktop.campaign.template import Composition
    from jianmi_desktop.platform.models import Balance

__all__ = ["Finding", "load_sensitive_words", "check_text", "check_campaign", "check_balance", "blocking",
           "repeat_finding",
           "TEXT_LIMIT", "INTL_TEXT_LIMIT", "MAX_ROWS_NAMED"]

TEXT_LIMIT = 2000
INTL_TEXT_LIMIT = 1000
MAX_ROWS_NAMED = 20
_MAX_CHAR_FINDINGS = 200  # beyond this many unsendable characters, one finding holds the rest
_AT_FORMAT = "%Y-%m-%d %H:%M:%S"

# 拒收请回复R, 回T退订, 退订回T, 回复TD退订, Reply STOP to opt out, ...
_OPT_OUT_LINE = re.compile(r"退订|拒收|回\s*[TtNnRr]|回复\s*[A-Za-z]{1,2}\b|\bSTOP\b|unsubscribe|opt[ -]?out",
                           re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
    level: str   # "block" (stops the send) | "warn" (asks once) | "hint"
    code: str
    zh: str
    en: str
    spans: tuple[tuple[int, int], ...] = ()
    rows: tuple[int, ...] = ()


def blocking(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.level == "block"]


# --- the sensitive-word list ----------------------------------------------------------------

@lru_cache(maxsize=1)
def load_sensitive_words() -> frozenset[str]:
    """The shipped list (resources/sensitive_words.txt; '#' starts a comment line)."""
    from jianmi_desktop.resources import resource_path

    words = set()
    for line in resource_path("sensitive_words.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            words.add(line)
    return frozenset(words)


@lru_cache(maxsize=8)
def _word_pattern(words: frozenset[str]) -> re.Pattern[str] | None:
    if not words:
        return None
    ordered = sorted(words, key=len, reverse=True)  # the longest word wins where two overlap
    return re.compile("|".join(map(re.escape, ordered)), re.IGNORECASE)


def _word_hits(text: str, words: frozenset[str]) -> dict[str, list[tuple[int, int]]]:
    pattern = _word_pattern(words)
    hits: dict[str, list[tuple[int, int]]] = {}
    if pattern is None:
        return hits
    for m in pattern.finditer(text):
        hits.setdefault(m.group(0), []).append((m.start(), m.end()))
    return hits


# --- the text alone ----------------------------------------------------------------------------

def check_text(text: str, *, intl: bool = False, variables: Iterable[str] = (), words: Iterable[str] | None = None,
               signature: str | None = None) -> list[Finding]:
    """Problems of the text itself: pure and fast, for every keystroke.

    ``variables``: the columns the recipient file offers (a ``{name}`` not among them is
    blocked). ``words``: the sensitive-word list (default: the shipped one). ``signature``:
    the signature field, when known ("" = none set); None skips the signature check and
    counts the length without it (``check_campaign`` does both)."""
    if not text.strip():
        return [Finding("block", "empty_text", "短信内容是空的", "The message is empty")]
    words = load_sensitive_words() if words is None else frozenset(words)
    findings = _gbk_findings(text)
    if signature is not None:
        sig = signature_text(signature)
        if not sig and not has_signature(text):
            findings.append(_missing_signature())
        findings += _length_findings(len(text) + (0 if has_signature(text) else len(sig)), intl)
    else:
        findings += _length_findings(len(text), intl)
    findings += _variable_findings(text, set(variables))
    findings += _sensitive_findings(text, words)
    if not _OPT_OUT_LINE.search(text):
        findings.append(Finding(
            "hint", "opt_out_line", "建议在短信里加一句退订说明，例如“拒收请回复R”或“回T退订”",
            "Consider adding an opt-out line such as “拒收请回复R” or “回T退订”"))
    return findings


def _gbk_findings(text: str) -> list[Finding]:
    problems = gbk_problems(text)
    out = [Finding("block", "gbk", f"{p.zh()}，发不出去，请删除或换一个字", f"{p.en()}; remove or replace it",
                   spans=((p.position, p.position + 1),)) for p in problems[:_MAX_CHAR_FINDINGS]]
    rest = problems[_MAX_CHAR_FINDINGS:]
    if rest:
        out.append(Finding("block", "gbk", f"另有 {len(rest)} 个字符无法用 GBK 编码",
                           f"{len(rest)} more characters cannot be encoded in GBK",
                           spans=tuple((p.position, p.position + 1) for p in rest)))
    return out


def _missing_signature() -> Finding:
    return Finding("block", "signature",
                   "缺少签名：请填写签名，或在短信开头或结尾加上【公司名】，否则平台会拒绝（104）",
                   "No signature: fill in the signature, or put 【Company】 at the start or end of the text; "
                   "the platform refuses messages without one (104)")


def _length_findings(length: int, intl: bool, *, rows: tuple[int, ...] = ()) -> list[Finding]:
    limit = INTL_TEXT_LIMIT if intl else TEXT_LIMIT
    if length <= limit:
        return []
    return [Finding("block", "too_long", f"短信有 {length} 个字（含签名），超过平台上限 {limit} 个字",
                    f"The message has {length} characters (signature included), over the platform's "
                    f"limit of {limit}", rows=rows)]


def _variable_findings(text: str, have: set[str]) -> list[Finding]:
    unknown: dict[str, list[tuple[int, int]]] = {}
    for ph in placeholders(text):
        if ph.name not in have:
            unknown.setdefault(ph.name, []).append((ph.start, ph.end))
    out = []
    for name, spans in unknown.items():
        if have:
            listed = "、".join(sorted(have))
            zh = f"变量“{{{name}}}”不是号码文件里的列（可用的列：{listed}）"
            en = f"The variable “{{{name}}}” is not a column of the recipient file (columns: {', '.join(sorted(have))})"
        else:
            zh = f"变量“{{{name}}}”没有对应的列：号码文件里没有其他列（要发出花括号本身，请写成 {{{{ 和 }}}}）"
            en = (f"The variable “{{{name}}}” has no column: the recipient file has no other columns "
                  "(write {{ and }} for literal braces)")
        out.append(Finding("block", "unknown_variable", zh, en, spans=tuple(spans)))
    return out


def _sensitive_findings(text: str, words: frozenset[str]) -> list[Finding]:
    return [Finding("block", "sensitive", f"“{word}”在敏感词表上，平台会拒绝这条短信（104），请改写",
                    f"“{word}” is on the sensitive-word list; the platform would refuse the message (104)",
                    spans=tuple(spans))
            for word, spans in _word_hits(text, words).items()]


# --- the whole campaign --------------------------------------------------------------------------

def check_campaign(c: Composition, report: RecipientReport, *, balance: Balance | None, now: datetime,
                   recent_repeats: int = 0, night: tuple[int, int] = (22, 8), at: datetime | None = None,
                   skip_invalid: bool = False, words: Iterable[str] | None = None) -> list[Finding]:
    """Every check of a campaign about to be sent (or held until ``at``).

    ``now``/``at`` are China time (naive datetimes are taken as China time). ``balance``
    None: not checked (a hint says so). ``recent_repeats``: from ``Store.recent_same_text``.
    ``skip_invalid``: invalid numbers are dropped instead of stopping the send."""
    words = load_sensitive_words() if words is None else frozenset(words)
    columns = c.columns
    findings = check_text(c.text, intl=c.intl, variables=columns, words=words) if c.text.strip() else [
        Finding("block", "empty_text", "短信内容是空的", "The message is empty")]
    findings = [f for f in findings if f.code != "too_long"]  # measured below, with each row's values
    if not c.suffix and not has_signature(c.text):
        findings.append(_missing_signature())
    sig_bad = gbk_problems(c.suffix)
    if sig_bad:
        findings.append(Finding("block", "gbk", f"签名{c.suffix}里{sig_bad[0].zh()}，请改签名",
                                f"The signature {c.suffix}: {sig_bad[0].en()}"))

    indices = report.row_index if c.personalised and report.row_index is not None else None
    count = len(report.valid)
    if c.personalised:
        lens = c.lengths(indices)
        longest = max(lens) if lens else 0
        long_rows = _line_nos(c, indices, [i for i, n in enumerate(lens) if n > _limit(c.intl)])
        findings += _length_findings(longest, c.intl, rows=long_rows)
        findings += _value_findings(c, indices, words)
        low, high = c.units_range(indices)
        total = c.units_total(indices) if count else 0
    else:
        message = c.message_for(None)
        findings += _length_findings(len(message), c.intl)
        low = high = c.units_of(message)
        total = low * count
    if count:
        per = f"{low}–{high}" if low != high else f"{low}"
        findings.append(Finding("hint", "units", f"每条 {per} 条计费，{count} 个号码共 {total} 条",
                                f"{per} unit(s) per message, {total} units for {count} numbers"))
    if balance is None:
        findings.append(Finding("hint", "balance", "没有查询余额，未核对余额是否够用",
                                "The balance was not checked"))
    else:
        finding = check_balance(total, balance)
        if finding is not None:
            findings.append(finding)

    findings += _recipient_findings(report, skip_invalid=skip_invalid)
    findings += time_findings(now, at, night)
    if recent_repeats > 0:
        findings.append(repeat_finding(recent_repeats))
    return findings


def repeat_finding(count: int) -> Finding:
    return Finding("warn", "repeat_24h", f"其中 {count} 个号码在 24 小时内已经收到过同样的内容",
                   f"{count} of these numbers already got the same text within the last 24 hours")


def check_balance(total_units: int, balance: Balance) -> Finding | None:
    if balance.remaining >= total_units:
        return None
    return Finding("block", "balance",
                   f"余额不足：这次需要 {total_units} 条，账户只剩 {balance.remaining} 条。请先充值。",
                   f"Not enough balance: this send needs {total_units} units, the account has "
                   f"{balance.remaining} left. Please top up first.")


def _limit(intl: bool) -> int:
    return INTL_TEXT_LIMIT if intl else TEXT_LIMIT


def _line_nos(c: Composition, indices: Sequence[int] | None, positions: list[int]) -> tuple[int, ...]:
    """Line numbers of the rows at ``positions`` of the selection (first MAX_ROWS_NAMED)."""
    rows = c.rows if c.rows is not None else ()
    line_nos = getattr(rows, "line_nos", None)
    out = []
    for pos in positions[:MAX_ROWS_NAMED]:
        i = indices[pos] if indices is not None else pos
        out.append(int(line_nos[i]) if line_nos is not None else int(getattr(rows[i], "line_no", i + 1)))
    return tuple(out)


def _value_findings(c: Composition, indices: Sequence[int] | None, words: frozenset[str]) -> list[Finding]:
    """Characters GBK cannot hold and sensitive words inside the values of the columns used."""
    out = []
    pattern = _word_pattern(words)
    for name in c.variables:
        col = c.column(name)
        if col is None:
            continue
        selection = range(len(col)) if indices is None else indices
        bad_gbk: dict[str, list[int]] = {}
        bad_word: dict[str, list[int]] = {}
        verdict: dict[str, tuple[str | None, str | None]] = {}
        for pos, i in enumerate(selection):
            v = col[i]
            hit = verdict.get(v)
            if hit is None:
                problems = gbk_problems(v)
                m = pattern.search(v) if pattern is not None else None
                hit = verdict[v] = (problems[0].char if problems else None, m.group(0) if m else None)
            if hit[0] is not None:
                bad_gbk.setdefault(hit[0], []).append(pos)
            if hit[1] is not None:
                bad_word.setdefault(hit[1], []).append(pos)
        for char, positions in bad_gbk.items():
            rows = _line_nos(c, indices, positions)
            out.append(Finding("block", "gbk",
                               f"“{name}”列有 {len(positions)} 行含有无法用 GBK 编码的字符“{char}”(U+{ord(char):04X})"
                               f"，例如第 {rows[0]} 行",
                               f"{len(positions)} rows of column “{name}” hold “{char}” (U+{ord(char):04X}), "
                               f"which GBK cannot encode, e.g. row {rows[0]}", rows=rows))
        for word, positions in bad_word.items():
            rows = _line_nos(c, indices, positions)
            out.append(Finding("block", "sensitive",
                               f"“{name}”列有 {len(positions)} 行含有敏感词“{word}”，例如第 {rows[0]} 行",
                               f"{len(positions)} rows of column “{name}” hold the sensitive word “{word}”, "
                               f"e.g. row {rows[0]}", rows=rows))
    return out


def _recipient_findings(report: RecipientReport, *, skip_invalid: bool) -> list[Finding]:
    out = []
    if report.invalid:
        shown = report.invalid[:MAX_ROWS_NAMED]
        rows = tuple(line for line, _, _ in shown if line)
        listed = "；".join((f"第 {line} 行“{raw}”：{reason}" if line else f"“{raw}”：{reason}")
                          for line, raw, reason in shown)
        more = len(report.invalid) - len(shown)
        listed_en = "; ".join((f"row {line} “{raw}”" if line else f"“{raw}”") for line, raw, _ in shown)
        if more:
            listed += f"；还有 {more} 个"
            listed_en += f"; and {more} more"
        if skip_invalid:
            out.append(Finding("hint", "invalid_numbers", f"跳过了 {len(report.invalid)} 个无效号码：{listed}",
                               f"{len(report.invalid)} invalid numbers skipped: {listed_en}", rows=rows))
        else:
            out.append(Finding(
                "block", "invalid_numbers",
                f"有 {len(report.invalid)} 个无效号码，没有发送任何短信（可以选择跳过它们）：{listed}",
                f"{len(report.invalid)} invalid numbers, nothing was sent (you can skip them): {listed_en}",
                rows=rows))
    if report.opted_out:
        out.append(Finding("hint", "opted_out", f"去掉了 {report.opted_out} 个已退订的号码",
                           f"{report.opted_out} opted-out numbers removed"))
    if report.duplicates:
        out.append(Finding("hint", "duplicates", f"去掉了 {report.duplicates} 个重复号码",
                           f"{report.duplicates} duplicate numbers removed"))
    if not report.valid:
        out.append(Finding("block", "no_recipients", "没有可以发送的号码", "There are no numbers to send to"))
    return out


def _china(t: datetime) -> datetime:
    return t.replace(tzinfo=CHINA_TZ) if t.tzinfo is None else t.astimezone(CHINA_TZ)


def time_findings(now: datetime, at: datetime | None, night: tuple[int, int]) -> list[Finding]:
    """A send time in the past (block) or at night (warn), for every kind of send."""
    now = _china(now)
    out = []
    when = now
    if at is not None:
        when = _china(at)
        if when <= now:
            out.append(Finding("block", "past_time",
                               f"发送时间 {when.strftime(_AT_FORMAT)}（中国时间）已经过去了，现在是 {now.strftime(_AT_FORMAT)}",
                               f"The send time {when.strftime(_AT_FORMAT)} (China time) has passed; it is "
                               f"{now.strftime(_AT_FORMAT)} now"))
            return out
    start, end = night
    hour = when.hour
    at_night = (start <= hour or hour < end) if start > end else (start <= hour < end)
    if start != end and at_night:
        out.append(Finding("warn", "night",
                           f"发送时间是 {when.strftime('%H:%M')}（中国时间），在夜间 {start:02d}:00–{end:02d}:00："
                           "夜里收到营销短信容易引起投诉",
                           f"The send time {when.strftime('%H:%M')} (China time) is at night "
                           f"({start:02d}:00–{end:02d}:00); messages at night draw complaints"))
    return out
