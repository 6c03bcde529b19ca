"""What the desktop keeps about its relay: the cursor of each relay, and the msgid ranges the
relay handed out (team mode). Functions run inside a write transaction of ``db.Store``.

A page of events is applied in ONE transaction with the new cursor: after any crash the
cursor and the applied events agree, so every event is applied exactly once. The page is
applied only when the stored cursor is still the one it was asked after; otherwise another
process (the window and ``sync`` side by side) applied it already, and nothing is done.
"""

from __future__ import annotations

import sqlite3

from jianmi_desktop.platform.relay_events import Page
from jianmi_desktop.store import inbound
from jianmi_desktop.store.models import now_iso

# Opt-outs the relay gave us, and those from replies (the relay made them from the push
# itself), are not shared back.
NOT_SHARED = ("relay", "reply")


def cursor(conn: sqlite3.Connection, relay: str) -> int:
    row = conn.execute("SELECT cursor FROM relay_cursors WHERE relay = ?", (relay,)).fetchone()
    return int(row[0]) if row else 0


def apply_page(conn: sqlite3.Connection, relay: str, after: int, page: Page) -> dict[str, int] | None:
    """Apply ``page`` (asked after ``after``) and store its cursor; None when the stored cursor
    is not ``after`` any more (nothing applied)."""
    if cursor(conn, relay) != after:
        return None
    if page.reports:
        inbound.apply_reports(conn, page.reports)
    if page.replies:
        inbound.add_replies(conn, page.replies)
    if page.status:
        inbound.apply_status_calls(conn, page.status)
    if page.opt_outs:
        inbound.add_opt_outs(conn, page.opt_outs, "relay")
    conn.execute(
        "INSERT INTO relay_cursors(relay, cursor, updated) VALUES (?, ?, ?) "
        "ON CONFLICT(relay) DO UPDATE SET cursor = excluded.cursor, updated = excluded.updated",
        (relay, page.cursor, now_iso()))
    return {"events": page.count, "reports": len(page.reports), "replies": len(page.replies),
            "status": len(page.status), "opt_outs": len(page.opt_outs)}


def opt_outs_to_share(conn: sqlite3.Connection, relay: str) -> tuple[list[str], str]:
    """Numbers opted out here (by hand, from a file) since they were last shared with ``relay``,
    and the time to remember once they are."""
    row = conn.execute("SELECT shared FROM relay_cursors WHERE relay = ?", (relay,)).fetchone()
    since = (row[0] if row else None) or ""
    marks = ", ".join("?" * len(NOT_SHARED))
    rows = conn.execute(f"SELECT mobile, added FROM opt_outs WHERE source NOT IN ({marks}) AND added > ? "
                        "ORDER BY added", (*NOT_SHARED, since)).fetchall()
    return [m for m, _ in rows], (rows[-1][1] if rows else since)


def opt_outs_shared(conn: sqlite3.Connection, relay: str, until: str) -> None:
    conn.execute("INSERT INTO relay_cursors(relay, cursor, updated, shared) VALUES (?, 0, ?, ?) "
                 "ON CONFLICT(relay) DO UPDATE SET shared = excluded.shared", (relay, now_iso(), until))
