"""A checked campaign, ready to be written down by the sending service (``SendingService.create``).

One builder per kind turns what the user chose into the campaign's stored form, so the
command line and the window write the same rows: ``sms_draft`` (domestic, international,
held for later), ``voice_draft`` (notification, vote, call) and ``mms_draft``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from jianmi_desktop.states import Kind

if TYPE_CHECKING:
    from jianmi_desktop.campaign.recipients import RecipientReport

#: voice call days and hours, as the command line names them, to the platform's daycheck/timecheck
CALL_DAYS = {"any": 0, "weekdays": 1, "mon-sat": 2}
CALL_HOURS = {"any": 0, "office": 1}


@dataclass(frozen=True)
class CampaignDraft:
    """What ``SendingService.create`` writes: the numbers are already checked (valid, no
    duplicates, no opted-out ones); ``stats`` keeps what the checks found."""

    kind: str  # sms | intl | voice | voicecall | mms
    mobiles: Sequence[str]
    text: str | None = None
    params: Mapping[str, Any] = field(default_factory=dict)
    stats: Mapping[str, Any] = field(default_factory=dict)
    texts: Sequence[str] | None = None  # personalised: one text per number
    scheduled_at: str | None = None  # held by the program until then (domestic SMS)

    @property
    def held(self) -> bool:
        return self.scheduled_at is not None


def sms_draft(text: str, mobiles: Sequence[str], *, intl: bool = False, at: str | None = None,
              stats: Mapping[str, Any] | None = None, texts: Sequence[str] | None = None) -> CampaignDraft:
    """An SMS campaign. With ``at`` an international send is scheduled by the platform (its
    ``sendtime``); a domestic one has no platform time, so the program holds it until then."""
    params: dict[str, Any] = {}
    scheduled_at = None
    if at and intl:
        params["sendtime"] = at
    elif at:
        scheduled_at = at
    return CampaignDraft(Kind.INTL if intl else Kind.SMS, list(mobiles), text, params, dict(stats or {}),
                         list(texts) if texts is not None else None, scheduled_at)


def voice_draft(mobiles: Sequence[str], *, text: str | None = None, serial: str | None = None,
                call: bool = False, at: str | None = None, vote: bool = False, daycheck: int = 0,
                timecheck: int = 1, speed: int = 60, batchnum: str = "",
                stats: Mapping[str, Any] | None = None) -> CampaignDraft:
    """A voice notification (``call`` False: now, or ``at`` a time the platform rings; ``vote``
    for sendvote) or a call that transfers to an agent (``call`` True). The text is read out,
    or the uploaded recording ``serial`` played."""
    params: dict[str, Any] = {"msg": text} if text is not None else {"filename": serial}
    if not call:
        if at:
            params["senddate"], params["sendtime"] = at.split(" ")
        if vote:
            params["vote"] = True
    else:
        params.update(daycheck=daycheck, timecheck=timecheck, speed=speed)
        if batchnum:
            params["batchnum"] = batchnum
    return CampaignDraft(Kind.VOICECALL if call else Kind.VOICE, list(mobiles), text, params, dict(stats or {}))


def mms_draft(title: str, content: str, frames: int, mobiles: Sequence[str], *,
              stats: Mapping[str, Any] | None = None) -> CampaignDraft:
    """An MMS campaign: ``content`` is the addContent XML (added once, when the run begins)."""
    return CampaignDraft(Kind.MMS, list(mobiles), title, {"title": title, "content": content, "frames": frames},
                         {**(stats or {}), "units_per_message": 1})


def report_stats(report: RecipientReport, **more: Any) -> dict[str, Any]:
    """The checks' figures a campaign keeps: invalid, duplicates, opted_out, and ``more``."""
    return {"invalid": len(report.invalid), "duplicates": report.duplicates, "opted_out": report.opted_out,
            **more}


__all__ = ["CALL_DAYS", "CALL_HOURS", "CampaignDraft", "mms_draft", "report_stats", "sms_draft", "voice_draft"]
