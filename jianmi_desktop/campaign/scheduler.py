"""Held scheduled sends (issue 5, step 5).

The platform's domestic ``send`` has no time: a domestic send for later is stored by the
program with state ``scheduled`` and its ``scheduled_at`` (China time, 'YYYY-MM-DD hh:mm:ss'),
and sent when due while the program runs. One that fell due while the program was closed
is *missed*: the window asks before sending it; the command line's ``sms resume`` sends
everything due (the user asked for it by running the command).

The sending service (``SendingService.watch_schedules``) looks at them regularly and at the
moment the soonest is due::

    missed = await missed_campaigns(store, china_now())        # announced once: ask
    for campaign in await due_campaigns(store, china_now(), grace_s=300):
        service.enqueue(campaign.id)

``grace_s`` keeps a missed campaign the user has not answered yet from going out by itself.
A declined one leaves the 'scheduled' state (cancelled, or a new time) so it is not asked
about again.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from jianmi_desktop.platform.auth import CHINA_TZ

if TYPE_CHECKING:
    from jianmi_desktop.store.db import Store
    from jianmi_desktop.store.models import Campaign

AT_FORMAT = "%Y-%m-%d %H:%M:%S"
DEFAULT_GRACE_S = 300


def _china(now: datetime) -> datetime:
    return now.replace(tzinfo=CHINA_TZ) if now.tzinfo is None else now.astimezone(CHINA_TZ)


def parse_scheduled(at: str | None) -> datetime | None:
    """A held send's 'YYYY-MM-DD hh:mm:ss' (China time) as an aware datetime; None when unreadable."""
    try:
        return datetime.strptime(at or "", AT_FORMAT).replace(tzinfo=CHINA_TZ)
    except (TypeError, ValueError):
        return None


def scheduled_time(campaign: Campaign) -> datetime | None:
    """When a held campaign is due (aware, China time); None when it has no readable time."""
    return parse_scheduled(campaign.scheduled_at)


def seconds_left(at: str | None, now: datetime) -> float | None:
    """Seconds until a held send's time (negative once due); None when unreadable."""
    when = parse_scheduled(at)
    return None if when is None else (when - _china(now)).total_seconds()


def seconds_until(campaign: Campaign, now: datetime) -> float | None:
    """The countdown shown for a held campaign (negative once due)."""
    return seconds_left(campaign.scheduled_at, now)


async def due_campaigns(store: Store, now: datetime, *, grace_s: float | None = None) -> list[Campaign]:
    """Held campaigns whose time has come (soonest first). With ``grace_s``, only those due
    for at most that long: the missed ones are left to ``missed_campaigns``."""
    now = _china(now)
    out: list[Campaign] = []
    for campaign in await store.scheduled_campaigns():
        when = scheduled_time(campaign)
        if when is None or when > now:
            continue
        if grace_s is not None and (now - when).total_seconds() > grace_s:
            continue
        out.append(campaign)
    return out


async def missed_campaigns(store: Store, now: datetime, grace_s: float = DEFAULT_GRACE_S) -> list[Campaign]:
    """Held campaigns due more than ``grace_s`` ago: their time passed while nothing was running."""
    now = _china(now)
    out: list[Campaign] = []
    for campaign in await store.scheduled_campaigns():
        when = scheduled_time(campaign)
        if when is not None and (now - when).total_seconds() > grace_s:
            out.append(campaign)
    return out
