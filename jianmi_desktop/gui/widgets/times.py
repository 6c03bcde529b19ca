"""Times as the window shows them: the store keeps ISO times with their UTC offset (the zone of
the computer that wrote them); the window shows them in this computer's zone, so no zone needs
saying. Times of the platform (schedules) are China time and are labelled so where they appear."""

from __future__ import annotations

from datetime import datetime


def shown_time(iso: str | None, *, seconds: bool = True) -> str:
    """``2026-12-04T15:30:05.123+08:00`` → ``2026-12-04 15:30:05`` in this computer's zone; text that
    is not such a time comes back as it is."""
    if not iso:
        return ""
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")
