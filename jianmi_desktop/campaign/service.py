"""Campaigns from start to end, shared by the command line and the window.

``plan_sms`` runs every check before anything is sent (pure, no I/O); ``create_campaign``
writes the whole campaign down; ``run_campaign`` sends it through the client with the
crash-safe runner, whatever its kind (SMS, international, voice, voice call, MMS).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import datetime

from jianmi_desktop.campaign.accounts import OtherAccount, account_key, belongs
from jianmi_desktop.campaign.recipients import RecipientReport, check_recipients
from jianmi_desktop.campaign.runner import CampaignRunner, Progress, RunResult
from jianmi_desktop.platform.auth import CHINA_TZ, china_now
from jianmi_desktop.platform.text import gbk_problems, has_signature, units_voice

AT_FORMAT = "%Y-%m-%d %H:%M:%S"
_AT_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$")
_PROBLEM_LIST_MAX = 20


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
    findings: list = field(default_factory=list)  # checks.Finding, every level
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


def plan_sms(text: str, raws: Iterable, *, intl: bool = False, opted_out: AbstractSet[str] = frozenset(),
             skip_invalid: bool = False, at: str | None = None, signature: str = "", now: datetime | None = None,
             balance=None, recent_repeats: int = 0, night: tuple[int, int] = (22, 8)) -> Plan:
    """Every check of ``checks.check_campaign`` on a text and recipients as given (a list of
    numbers, or the rows of a file whose other columns fill ``{列名}`` variables)."""
    from jianmi_desktop.campaign.checks import Finding, check_campaign
    from jianmi_desktop.campaign.recipients import RowList
    from jianmi_desktop.campaign.template import Composition

    rows = raws if isinstance(raws, RowList) else None
    report = check_recipients(raws, intl=intl, opted_out=opted_out)
    composition = Composition(text, signature, intl, rows)
    now = now or china_now()
    findings: list = []
    when = None
    if at:
        try:
            when = parse_at(at)
        except ValueError as exc:
            findings.append(Finding("block", "past_time", str(exc), str(exc)))
    findings += check_campaign(composition, report, balance=balance, now=now, at=when,
                               recent_repeats=recent_repeats, skip_invalid=skip_invalid, night=night)
    campaign_text = composition.campaign_text
    if composition.personalised:
        indices = report.row_index
        low, high = composition.units_range(indices)
        texts = composition.texts(indices) if report.valid else []
        total = composition.units_total(indices) if report.valid else 0
    else:
        high = composition.units_of(campaign_text)
        texts, total = None, None
    plan = Plan("intl" if intl else "sms", campaign_text, report, high, at=at, findings=findings, texts=texts,
                units_total=total)
    plan.problems = [f.zh for f in findings if f.level == "block"]
    plan.warnings = [f.zh for f in findings if f.level != "block"]
    return plan


def plan_voice(text: str | None, raws: Iterable, *, skip_invalid: bool = False,
               opted_out: AbstractSet[str] = frozenset()) -> Plan:
    report = check_recipients(raws, intl=False, opted_out=opted_out)
    plan = Plan("voice", text or "", report, units_voice(text) if text else 1)
    if text is not None:
        plan.problems += text_problems(text, what="语音文字", need_signature=False)
    plan.problems += number_problems(report, skip_invalid=skip_invalid)
    return plan


async def create_campaign(store, *, kind: str, text: str | None, mobiles: list[str], params: dict,
                          batch_size: int, scheduled_at: str | None = None, stats: dict | None = None,
                          texts: list[str] | None = None, account: str | None = None) -> int:
    """Write the campaign down; ``account`` (``account_key(client)``) ties it to the account it is for."""
    batch_size = max(1, min(int(batch_size), 500))
    if account:
        params = {**params, "account": account}
    return await store.create_campaign(kind=kind, text=text, params=params, mobiles=mobiles,
                                       batch_size=batch_size, scheduled_at=scheduled_at, stats=stats, texts=texts)


def batch_sender(client, campaign):
    """The function that sends one batch of ``campaign`` through ``client``."""
    kind, text, params = campaign.kind, campaign.text, campaign.params

    if kind == "sms":
        async def send(batch):
            return await client.send_sms(batch.mobiles, getattr(batch, "text", None) or text, batch.msgid,
                                         params.get("subid", ""))
    elif kind == "intl":
        async def send(batch):
            return await client.send_intl(batch.mobiles, getattr(batch, "text", None) or text, batch.msgid,
                                          params.get("sendtime"))
    elif kind == "voice":
        async def send(batch):
            return await client.send_voice(batch.mobiles, batch.msgid, msg=params.get("msg"),
                                           filename=params.get("filename"), senddate=params.get("senddate"),
                                           sendtime=params.get("sendtime"), vote=bool(params.get("vote")))
    elif kind == "voicecall":
        async def send(batch):
            return await client.send_voice_call(
                batch.mobiles, batch.msgid, msg=params.get("msg"), filename=params.get("filename"),
                daycheck=params.get("daycheck", 0), timecheck=params.get("timecheck", 1),
                speed=params.get("speed", 60), batchnum=str(params.get("batchnum", campaign.id)))
    elif kind == "mms":
        task_id = params["task_id"]

        async def send(batch):
            return await client.mms_send(batch.mobiles, task_id)
    else:
        raise ValueError(f"unknown campaign kind {kind!r}")
    return send


async def prepare_mms(store, client, campaign_id: int) -> None:
    """addContent once for an MMS campaign; its taskId is kept with the campaign."""
    campaign = await store.get_campaign(campaign_id)
    if campaign.kind != "mms" or campaign.params.get("task_id"):
        return
    task_id = await client.add_content(campaign.params["content"])
    await store.update_campaign_params(campaign_id, task_id=task_id)


async def run_campaign(store, client, campaign_id: int, *, in_flight: int = 8,
                       on_progress=None, runner_holder: list | None = None) -> RunResult:
    """Send what is left of a campaign. ``runner_holder`` receives the runner (for pause/cancel).

    A campaign written down for another account (or for the sandbox, when the real account is
    in force, and the other way round) is refused: it would send real messages by mistake."""
    campaign = await store.get_campaign(campaign_id)
    key = account_key(client)
    if not belongs(campaign, key):
        raise OtherAccount(
            f"第 {campaign_id} 次发送是在另一个账号或沙箱（{campaign.params.get('account')}）下建的，"
            f"不会用现在的账号（{key}）发出。请切换回那个账号再继续。",
            f"Campaign {campaign_id} was created under another account or the sandbox "
            f"({campaign.params.get('account')}); it is not sent with the current one ({key}).")
    await prepare_mms(store, client, campaign_id)
    campaign = await store.get_campaign(campaign_id)
    runner = CampaignRunner(store, batch_sender(client, campaign), in_flight=in_flight, on_progress=on_progress,
                            limiter=getattr(client, "limiter", None))
    if runner_holder is not None:
        runner_holder.append(runner)
    return await runner.run(campaign_id)


SUBMITTED_STATES = ("submitted", "delivered", "undelivered")


def summarize_counts(counts: dict[str, int]) -> dict[str, int]:
    """Counts by state → the figures users and scripts read (submitted includes reported ones)."""
    total = counts.get("recipients", sum(v for k, v in counts.items() if k != "recipients"))
    return {
        "recipients": total,
        "submitted": sum(counts.get(s, 0) for s in SUBMITTED_STATES),
        "failed": counts.get("failed", 0),
        "uncertain": counts.get("uncertain", 0),
        "delivered": counts.get("delivered", 0),
        "undelivered": counts.get("undelivered", 0),
        "pending": counts.get("pending", 0) + counts.get("sending", 0),
    }


__all__ = ["OtherAccount", "account_key", "belongs", "Plan", "Progress", "RunResult", "plan_sms", "number_problems", "plan_voice", "create_campaign", "run_campaign",
           "batch_sender", "prepare_mms", "parse_at", "check_at", "text_problems", "summarize_counts"]
