"""The sending service's seams (``service.py``): what it reads of the settings, the error it
raises while there is no account, what ``recover`` finds, and the one date rule it uses."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from jianmi_desktop.platform.errors import JianmiError


class SendingSettings(Protocol):
    """What the service reads of the settings, live (a change applies to the next campaign)."""

    batch_size: int
    in_flight: int


class NoClient(JianmiError):
    """The services are (re)starting: there is no account to send with yet."""


@dataclass(frozen=True)
class Recovery:
    """What an earlier run left: batches now uncertain, unfinished campaigns, missed held sends."""

    interrupted: int
    unfinished: list[int]
    missed: list[int]


def retrieved(future: asyncio.Future[Any]) -> None:
    """Mark an outcome nobody awaits as seen (its error already went out as an event)."""
    if not future.cancelled():
        future.exception()


def created_before(created: str, moment: datetime) -> bool:
    """``created`` (ISO) is before ``moment``; an unreadable date counts as before."""
    try:
        return datetime.fromisoformat(created) < moment
    except (TypeError, ValueError):
        return True


__all__ = ["NoClient", "Recovery", "SendingSettings", "created_before"]
