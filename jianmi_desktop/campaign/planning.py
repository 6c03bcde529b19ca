"""The checks before a campaign is written down: what would be sent, and what stops it.

Pure (no I/O): ``plan_sms`` and ``plan_voice`` take a text and the recipients as given and
return a ``Plan``; the sending service (``campaign/service.py``) writes a checked plan down
as a campaign. ``parse_at``/``check_at`` read a send time (China time), ``text_problems`` and
``number_problems`` are the plain-Chinese problems the command line prints, and
``summarize_counts`` turns the recipients per state into the figures users and scripts read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from jianmi_desktop.campaign.recipients import RecipientReport, check_recipients
from jianmi_desktop.platform.auth import CHINA_TZ, china_now
from jianmi_desktop.platform.text import gbk_problems, has_signature, units_voice
from jianmi_desktop.states import Kind, RecipientState

if TYPE_CHECKING:
    from jianmi_desktop.campaign.checks import Finding
    from jianmi_desktop.platform.models import Balance

AT_FORMAT = "%Y-%m-%d %H:%M:%S"
_AT_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$")
_PROBLEM_LIST_MAX = 20

#: recipient states that count as "submitted" (accepted by the platform, reported or not)
SUBMITTED_STATES = (RecipientState.SUBMITTED, RecipientState.DELIVERED, RecipientState.UNDELIVERED)


@dataclass
class Plan:
    """The outcome of the checks: what would be sent, and what stops it."""

    kind: str
    text: str  # the campaign's text: the message itself, or the template when personalised
    report: RecipientReport
    units_per_message: int  # the most a message takes (messages differ when personalised)
    problems: list[str] = field(default_factory=list)  # blocking, plain Chinese
    warnings: list[str] = field(default_factory=list)  # warnings and hints, plain Chinese
    at: str | None = None
    findings: list[Finding] = field(default_factory=list)  # every level
    texts: list[str] | None = None  # personalised: one message per valid number, in report.valid order
    units_total: int | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def total_units(self) -> int:
        if self.units_total is not None:
            return self.units_total
        return self.units_per_message * len(self.report.valid)

    def stats(self) -> dict[str, int]:
        """What the campaign keeps of its checks (the history and the summaries read it)."""
        r = self.report
        stats = {"invalid": len(r.invalid), "duplicates": r.duplicates, "opted_out": r.opted_out,
                 "units_per_message": self.units_per_message}
        if self.units_total is not None:
            stats["units_total"] = self.units_total
        return stats


def parse_at(value: str) -> datetime:
    """``YYYY-MM-DD hh:mm:ss`` in China time; ValueError with a plain message otherwise."""
    if not _AT_RE.match(value.strip()):
        raise ValueError(f"时间“{value}”的格式不对，应为 YYYY-MM-DD hh:mm:ss（中国时间），例如 2026-12-01 09:30:00")
    try:
        return datetime.strptime(value.strip(), AT_FORMAT).replace(tzinfo=CHINA_TZ)
    except ValueError:
        raise ValueError(f"时间“{value}”不存在（日期或时刻超出范围）") from None


def check_at(value: str, *, now: datetime | None = None) -> list[str]:
    """Problems with a send time: malformed, or already past."""
    try:
        when = parse_at(value)
    except ValueError as exc:
        return [str(exc)]
    now = now or china_now()
    if when <= now:
        return [f"发送时间 {value}（中国时间）已经过去了，现在是 {now.strftime(AT_FORMAT)}"]
    return []


def text_problems(text: str, *, what: str = "短信内容", need_signature: bool = True) -> list[str]:
    problems: list[str] = []
    if not text.strip():
        problems.append(f"{what}是空的")
        return problems
    bad = gbk_problems(text)
    for problem in bad[:_PROBLEM_LIST_MAX]:
        problems.append(f"{what}：{problem.zh()}，发不出去，请删除或换一个字")
    if len(bad) > _PROBLEM_LIST_MAX:
        problems.append(f"{what}：还有 {len(bad) - _PROBLEM_LIST_MAX} 个字符无法用 GBK 编码")
    if need_signature and not has_signature(text):
        problems.append(f"{what}缺少签名：请在开头或结尾加上【公司名】这样的签名，否则平台会拒绝（104）")
    return problems


def number_problems(report: RecipientReport, *, skip_invalid: bool) -> list[str]:
    problems: list[str] = []
    if report.invalid and not skip_invalid:
        for line_no, raw, reason in report.invalid[:_PROBLEM_LIST_MAX]:
            where = f"第 {line_no} 行" if line_no else "号码"
            problems.append(f"{where}“{raw}”：{reason}")
        if len(report.invalid) > _PROBLEM_LIST_MAX:
            problems.append(f"还有 {len(report.invalid) - _PROBLEM_LIST_MAX} 个号码无效")
        problems.append("有无效号码，没有发送任何短信（要跳过它们，请加 --skip-invalid）")
    if not report.valid:
        problems.append("没有可以发送的号码")
    return problems


def plan_sms(text: str, raws: Iterable[Any], *, intl: bool = False, opted_out: set[str] | frozenset[str] = frozenset(),
             skip_invalid: bool = False, at: str | None = None, signature: str = "", now: datetime | None = None,
             balance: Balance | None = None, recent_repeats: int = 0, night: tuple[int, int] = (22, 8)) -> Plan:
    """Every check of ``checks.check_campaign`` on a text and recipients as given (a list of
    numbers, or the rows of a file whose other columns fill ``{列名}`` variables)."""
    from jianmi_desktop.campaign.checks import Finding, check_campaign
    from jianmi_desktop.campaign.recipients import RowList
    from jianmi_desktop.campaign.template import Composition

    rows = raws if isinstance(raws, RowList) else None
    report = check_recipients(raws, intl=intl, opted_out=opted_out)
    composition = Composition(text, signature, intl, rows)
    now = now or china_now()
    findings: list[Finding] = []
    when = None
    if at:
        try:
            when = parse_at(at)
        except ValueError as exc:
            findings.append(Finding("block", "past_time", str(exc), str(exc)))
    findings += check_campaign(composition, report, balance=balance, now=now, at=when,
                               recent_repeats=recent_repeats, skip_invalid=skip_invalid, night=night)
    campaign_text = composition.campaign_text
    texts: list[str] | None
    total: int | None
    if composition.personalised:
        indices = report.row_index
        _low, high = composition.units_range(indices)
        texts = composition.texts(indices) if report.valid else []
        total = composition.units_total(indices) if report.valid else 0
    else:
        high = composition.units_of(campaign_text)
        texts, total = None, None
    plan = Plan(Kind.INTL if intl else Kind.SMS, campaign_text, report, high, at=at, findings=findings, texts=texts,
                units_total=total)
    plan.problems = [f.zh for f in findings if f.level == "block"]
    plan.warnings = [f.zh for f in findings if f.level != "block"]
    return plan


def plan_voice(text: str | None, raws: Iterable[Any], *, skip_invalid: bool = False,
               opted_out: set[str] | frozenset[str] = frozenset()) -> Plan:
    report = check_recipients(raws, intl=False, opted_out=opted_out)
    plan = Plan(Kind.VOICE, text or "", report, units_voice(text) if text else 1)
    if text is not None:
        plan.problems += text_problems(text, what="语音文字", need_signature=False)
    plan.problems += number_problems(report, skip_invalid=skip_invalid)
    return plan


def summarize_counts(counts: Mapping[str, int]) -> dict[str, int]:
    """Counts by state → the figures users and scripts read (submitted includes reported ones)."""
    total = counts.get("recipients", sum(v for k, v in counts.items() if k != "recipients"))
    return {
        "recipients": total,
        "submitted": sum(counts.get(s, 0) for s in SUBMITTED_STATES),
        "failed": counts.get(RecipientState.FAILED, 0),
        "uncertain": counts.get(RecipientState.UNCERTAIN, 0),
        "delivered": counts.get(RecipientState.DELIVERED, 0),
        "undelivered": counts.get(RecipientState.UNDELIVERED, 0),
        "pending": counts.get(RecipientState.PENDING, 0) + counts.get(RecipientState.SENDING, 0),
    }


__all__ = ["AT_FORMAT", "SUBMITTED_STATES", "Plan", "parse_at", "check_at", "text_problems", "number_problems",
           "plan_sms", "plan_voice", "summarize_counts"]
