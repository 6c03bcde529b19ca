"""The kinds of campaign and the states of campaigns, batches and recipients, as ``StrEnum``.

Each member *is* its string: ``RecipientState.DELIVERED == "delivered"``, it hashes the same and
SQLite stores it as that text, so the values in existing databases stay what they were (no
migration) and code that still writes the literal keeps working while it moves to the names.
"""

from __future__ import annotations

from enum import StrEnum


class Kind(StrEnum):
    SMS = "sms"
    INTL = "intl"              # international SMS
    VOICE = "voice"            # voice notification (text read out, or a recording)
    VOICECALL = "voicecall"    # a call that transfers to an agent
    MMS = "mms"


def family(kind: str) -> str:
    """The tab a kind of campaign belongs to, which numbers its campaigns ("短信 #3"): international SMS
    goes with SMS, calls with voice notifications (``store/migrations.py`` FAMILY_SQL says the same)."""
    families: dict[str, str] = {Kind.INTL: Kind.SMS, Kind.VOICECALL: Kind.VOICE}
    return families.get(kind, kind)


class CampaignState(StrEnum):
    SCHEDULED = "scheduled"    # held by the program until its time
    PENDING = "pending"        # written down, not started
    RUNNING = "running"
    PAUSED = "paused"
    DONE = "done"
    STOPPED = "stopped"        # the program stopped it (quit, an error); what is left can go later
    CANCELLED = "cancelled"    # the user cancelled what was left


class BatchState(StrEnum):
    """A batch is one request to the platform."""

    PENDING = "pending"
    SENDING = "sending"        # claimed and on its way: after a crash it becomes uncertain
    SUBMITTED = "submitted"
    FAILED = "failed"          # the platform refused it: nothing was sent
    UNCERTAIN = "uncertain"    # the request left and no answer came back: never resent by itself


class RecipientState(StrEnum):
    """pending → sending → submitted → delivered | undelivered, or failed, or uncertain."""

    PENDING = "pending"
    SENDING = "sending"
    SUBMITTED = "submitted"
    FAILED = "failed"
    UNCERTAIN = "uncertain"
    DELIVERED = "delivered"
    UNDELIVERED = "undelivered"


__all__ = ["BatchState", "CampaignState", "Kind", "RecipientState"]
