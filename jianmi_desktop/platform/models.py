"""Plain records passed between the layers (no behaviour, no I/O)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Balance:
    sent: int
    remaining: int


@dataclass(frozen=True)
class Answer:
    """A successful (code 100) answer of any command."""

    code: int
    raw: str
    serial: str | None = None      # uploadvoicefile: the file serial
    task_id: str | None = None     # addContent: the taskId
    balance: Balance | None = None  # getnum
    data: dict[str, Any] = field(default_factory=dict)  # ClientApi JSON, as parsed


@dataclass(frozen=True)
class StatusReport:
    """A type-1 push record: the delivery report of one number of one msgid."""

    msgid: str
    mobile: str
    delivered: bool
    status_code: str
    epr_id: str = ""
    user_id: str = ""


@dataclass(frozen=True)
class Reply:
    """A type-2 push record: a recipient's reply (上行) to the message ``msgid``."""

    msgid: str
    mobile: str
    content: str
    epr_id: str = ""
    user_id: str = ""


@dataclass(frozen=True)
class StatusCall:
    """A status-URL call for voice or MMS: status 2 delivered/answered, 3 failed.

    ``taskid`` is the MMS taskId from addContent, or, for voice, the msgid of the batch.
    """

    taskid: str
    mobile: str
    status: int
    receive_time: str = ""


def normalize_msgid(msgid: str | int) -> str:
    """msgids compare as numbers: '007' and '7' are one id."""
    text = str(msgid).strip()
    stripped = text.lstrip("0")
    return stripped or ("0" if text else "")
