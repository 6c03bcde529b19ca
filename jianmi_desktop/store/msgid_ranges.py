"""msgids handed out by the relay (team mode): each desktop draws its msgids from ranges the
relay gave it, so a report always maps back to the desktop (and campaign) that sent it.
Functions run inside a write transaction of ``db.Store``. A desktop with no range draws
from its own counter (``campaigns.take_msgids``) as before.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from jianmi_desktop.store.models import StoreError, now_iso


def add_range(conn: sqlite3.Connection, first: int, last: int, relay: str) -> None:
    if not 0 < first <= last:
        raise StoreError("中继给出的编号区间无效", "The relay handed out an invalid msgid range")
    conn.execute("INSERT OR IGNORE INTO msgid_ranges(first, last, relay, added) VALUES (?, ?, ?, ?)",
                 (first, last, relay, now_iso()))


def _last_taken(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT value FROM counters WHERE name = 'msgid'").fetchone()
    return int(row[0]) if row else 0


def msgids_left(conn: sqlite3.Connection) -> int | None:
    """msgids left in the ranges, or None when this desktop draws none from a relay."""
    if conn.execute("SELECT 1 FROM msgid_ranges LIMIT 1").fetchone() is None:
        return None
    last = _last_taken(conn)
    left = 0
    for first, end in conn.execute("SELECT first, last FROM msgid_ranges WHERE last > ?", (last,)):
        left += end - max(first, last + 1) + 1
    return left


def take_ranged(conn: sqlite3.Connection, n: int) -> list[str] | None:
    """``n`` msgids from the relay's ranges, in order; None when this desktop has no ranges.

    StoreError when the ranges hold fewer than ``n`` (the program must fetch a new range
    from the relay first: a msgid outside them could collide with another desktop's).
    """
    ranges: Sequence[tuple[int, int]] = conn.execute(
        "SELECT first, last FROM msgid_ranges WHERE last > ? ORDER BY first", (_last_taken(conn),)).fetchall()
    if not ranges and conn.execute("SELECT 1 FROM msgid_ranges LIMIT 1").fetchone() is None:
        return None
    last = _last_taken(conn)
    out: list[str] = []
    for first, end in ranges:
        start = max(first, last + 1)
        take = min(n - len(out), end - start + 1)
        out.extend(str(start + i) for i in range(take))
        last = start + take - 1
        if len(out) == n:
            break
    if len(out) < n:
        raise StoreError("中继服务器分给这台电脑的消息编号已经用完：请先连上中继服务器同步一次（jianmi-desktop sync）",
                         "The msgids the relay gave this computer are used up: sync with the relay first "
                         "(jianmi-desktop sync)")
    conn.execute("INSERT INTO counters(name, value) VALUES ('msgid', ?) "
                 "ON CONFLICT(name) DO UPDATE SET value = excluded.value", (last,))
    return out
