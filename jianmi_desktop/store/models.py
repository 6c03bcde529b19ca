"""Records the store hands out, the states it knows, and its error."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from jianmi_desktop.platform.errors import JianmiError
from jianmi_desktop.states import BatchState, CampaignState, Kind, RecipientState

KINDS = frozenset(Kind)
VOICE_KINDS = (Kind.VOICE, Kind.VOICECALL)

CAMPAIGN_STATES = frozenset(CampaignState)
FINISHED_CAMPAIGN_STATES = (CampaignState.DONE, CampaignState.CANCELLED, CampaignState.STOPPED)

# A batch is one request to the platform.
BATCH_STATES = frozenset(BatchState)
# What finish_batch() accepts.
BATCH_OUTCOMES = frozenset({BatchState.SUBMITTED, BatchState.FAILED, BatchState.UNCERTAIN, BatchState.PENDING})

# pending → sending → submitted → delivered | undelivered, or failed, or uncertain.
RECIPIENT_STATES = tuple(RecipientState)
SETTLED = (RecipientState.DELIVERED, RecipientState.UNDELIVERED)
# A delivery report or status call may settle a recipient in one of these states.
REPORTABLE = (RecipientState.SUBMITTED, RecipientState.UNCERTAIN, RecipientState.SENDING)

# Replies that ask to stop receiving messages (compared trimmed and case-folded).
OPT_OUT_WORDS = frozenset({"t", "td", "n", "r", "退订", "取消", "拒收"})


class StoreError(JianmiError):
    """The store refused an operation (unknown campaign, wrong state, newer database, ...)."""


@dataclass(frozen=True)
class Campaign:
    id: int
    kind: str
    text: str | None
    params: dict[str, Any] = field(default_factory=dict)
    stats: dict[str, Any] = field(default_factory=dict)
    state: str = CampaignState.PENDING
    error: str | None = None
    created: str = ""
    scheduled_at: str | None = None
    number: int | None = None  # among the campaigns of its family ("短信 #3"; migration 8)


@dataclass(frozen=True)
class Batch:
    id: int
    campaign_id: int
    seq: int
    msgid: str
    mobiles: list[str]
    text: str | None = None  # this batch's own text (personalised campaigns); None: the campaign's


def now_iso() -> str:
    """The local time with its UTC offset, e.g. '2026-05-09T15:30:00.123+08:00'."""
    return datetime.now().astimezone().isoformat(timespec="milliseconds")


def is_opt_out(content: str) -> bool:
    return content.strip().casefold() in OPT_OUT_WORDS


def text_hash(text: str) -> str:
    """What the 24-hour repeat check compares: a hash of the text exactly as sent."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def parse_time(value: str | None) -> float | None:
    """Unix seconds of an ISO time written by ``now_iso`` (None when unreadable)."""
    try:
        return datetime.fromisoformat(value).timestamp() if value else None
    except (TypeError, ValueError):
        return None
