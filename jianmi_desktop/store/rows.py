"""The rows the store's readers hand to the window, the command line and the exports.

Each is a slotted, frozen dataclass built here, in the store layer, straight from the SQLite
tuple (no dict in between: the history pages through a million recipients). States and kinds
are the ``StrEnum`` members of ``states.py`` (the store writes no other values, and it refuses
the database of a newer program, so a value the enums do not know is an error: ValueError).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jianmi_desktop.states import BatchState, CampaignState, Kind, RecipientState

# the members by their stored text: one dict lookup per row (calling the enum costs more)
_RECIPIENT_STATES: dict[str, RecipientState] = {s.value: s for s in RecipientState}
_CAMPAIGN_STATES: dict[str, CampaignState] = {s.value: s for s in CampaignState}
_BATCH_STATES: dict[str, BatchState] = {s.value: s for s in BatchState}
_KINDS: dict[str, Kind] = {k.value: k for k in Kind}


def recipient_state(text: str) -> RecipientState:
    return _RECIPIENT_STATES.get(text) or RecipientState(text)


def campaign_state(text: str) -> CampaignState:
    return _CAMPAIGN_STATES.get(text) or CampaignState(text)


def batch_state(text: str) -> BatchState:
    return _BATCH_STATES.get(text) or BatchState(text)


def kind(text: str) -> Kind:
    return _KINDS.get(text) or Kind(text)


@dataclass(slots=True)  # not frozen: a frozen dataclass is ~5× slower to build (0.8 µs against
class RecipientRow:      # 0.15 µs a row), which a million-row export would feel; treat it as read-only
    """A recipient as the history shows it (``HistoryReader.fetch``, ``rows_by_id``, ``iter_rows``)."""

    id: int
    campaign_id: int
    mobile: str
    state: RecipientState
    status_code: str  # '' when none came
    updated: str  # 'YYYY-MM-DD hh:mm:ss' ('' when never)
    msgid: str

    @classmethod
    def from_sql(cls, raw: tuple[Any, ...]) -> RecipientRow:
        """From (id, campaign_id, mobile, state, status_code, updated, msgid) as SQLite gives them."""
        rid, cid, mobile, state, code, updated, msgid = raw
        if updated and len(updated) >= 19:
            updated = f"{updated[:10]} {updated[11:19]}"
        return cls(rid, cid, mobile, _RECIPIENT_STATES.get(state) or RecipientState(state), code or "",
                   updated or "", msgid)


@dataclass(frozen=True, slots=True)
class CampaignRow:
    """A campaign in the history's table (``HistoryReader.campaigns``)."""

    id: int
    kind: Kind
    created: str
    state: CampaignState
    excerpt: str  # the first 80 characters of the text, or an MMS title, or a voice file's name
    error: str | None
    scheduled_at: str | None
    senddate: str | None  # a voice notification the platform rings later: its date and time
    sendtime: str | None
    counts: dict[str, int]  # recipients per state present
    number: int | None = None  # among the campaigns of its family ("短信 #3"; migration 8)

    def rings_at(self) -> str | None:
        """'YYYY-MM-DD hh:mm:ss' when the platform rings a scheduled voice notification (else None)."""
        date, clock = self.senddate, self.sendtime
        if self.kind != Kind.VOICE or not date or not clock:
            return None
        return f"{date} {clock}" if len(clock) > 5 else f"{date} {clock}:00"


@dataclass(frozen=True, slots=True)
class HistoryRow:
    """A campaign of ``Store.history`` (the command line's ``history``, the voice tab's schedules)."""

    id: int
    kind: Kind
    created: str
    state: CampaignState
    text: str  # the first 40 characters ('' for none)
    scheduled_at: str | None
    error: str | None
    counts: dict[str, int]  # recipients per state (every state present) plus 'recipients'


@dataclass(frozen=True, slots=True)
class RecipientPageRow:
    """A recipient of ``Store.recipients_page`` (with its batch)."""

    id: int
    campaign_id: int
    batch_id: int
    msgid: str
    mobile: str
    state: RecipientState
    status_code: str | None
    updated: str | None

    @classmethod
    def from_sql(cls, raw: tuple[Any, ...]) -> RecipientPageRow:
        rid, cid, bid, msgid, mobile, state, code, updated = raw
        return cls(rid, cid, bid, msgid, mobile, recipient_state(state), code, updated)


@dataclass(frozen=True, slots=True)
class CodeCount:
    """How many recipients of a campaign a carrier's status code left undelivered."""

    code: str  # '' when the report had none
    recipients: int


@dataclass(frozen=True, slots=True)
class BatchError:
    """Failed batches of a campaign grouped by the platform's answer."""

    code: int | None
    error: str
    recipients: int


@dataclass(frozen=True, slots=True)
class CampaignReport:
    """Everything the report of one campaign shows (``report_queries.campaign_report``)."""

    id: int
    kind: Kind
    state: CampaignState
    created: str
    text: str  # the whole text, an MMS title or a voice file's name
    counts: dict[str, int]  # recipients per state (every state present) plus 'recipients'
    codes: tuple[CodeCount, ...] = ()
    batch_errors: tuple[BatchError, ...] = ()
    number: int | None = None  # among the campaigns of its family ("短信 #3"; migration 8)


@dataclass(frozen=True, slots=True)
class BatchText:
    """A batch of a campaign with its own text (``Store.batch_texts``)."""

    seq: int
    text: str | None  # None: the campaign's text
    state: BatchState
    recipients: int


@dataclass(frozen=True, slots=True)
class ReplyRow:
    """A reply (an SMS sent back to us), with the campaign it answers when the msgid is known."""

    id: int
    msgid: str
    mobile: str
    content: str
    received: str
    campaign_id: int | None
    excerpt: str | None  # the start of that campaign's text (None: unknown, or not read)
    opt_out: bool  # the reply asks to stop receiving messages
    campaign_kind: str | None = None    # that campaign's kind and number in its family ("短信 #3"),
    campaign_number: int | None = None  # when read


@dataclass(slots=True)  # not frozen, like RecipientRow: the opt-out panel reads the whole list again
class OptOutRow:        # whenever a reply opts out, on a thread that shares the GIL with the window
    """A number on the opt-out list."""

    mobile: str
    source: str  # 'reply', 'manual', 'import' (or a relay's words)
    added: str


@dataclass(frozen=True, slots=True)
class BalanceReading:
    """A reading of the account's balance (``Store.balance_history``, for the balance chart)."""

    at: str  # ISO time with offset, as ``now_iso`` writes it
    sent: int  # units sent so far, as the platform counts them
    remaining: int  # units left


@dataclass(frozen=True, slots=True)
class VoiceFileRow:
    """A recording uploaded to the platform (``Store.voice_files``, ``find_voice_file``)."""

    serial: str
    name: str
    sha256: str
    size: int
    duration_s: float | None
    uploaded: str


__all__ = ["BalanceReading", "BatchError", "BatchText", "CampaignReport", "CampaignRow", "CodeCount", "HistoryRow", "OptOutRow",
           "RecipientPageRow", "RecipientRow", "ReplyRow", "VoiceFileRow", "batch_state", "campaign_state", "kind",
           "recipient_state"]
