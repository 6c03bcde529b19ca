"""Read-only queries for the delivery report of a campaign, the inbox and the opt-out list.

Each function takes an open SQLite connection and only reads (run them on a worker
thread, e.g. on a ``HistoryReader``'s own read-only connection). Nothing here imports Qt.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from jianmi_desktop.states import RecipientState
from jianmi_desktop.store.models import RECIPIENT_STATES, is_opt_out

EXCERPT = 40  # characters of a campaign's text shown beside a reply


def campaign_summary(conn: sqlite3.Connection, cid: int) -> dict[str, Any] | None:
    """id, kind, state, created, text (whole) and the recipients per state, or None."""
    row = conn.execute(
        "SELECT id, kind, state, created, coalesce(text, json_extract(params, '$.title'),"
        " json_extract(params, '$.filename'), '') FROM campaigns WHERE id = ?", (cid,)).fetchone()
    if row is None:
        return None
    item = dict(zip(("id", "kind", "state", "created", "text"), row))
    counts: dict[str, int] = {state.value: 0 for state in RECIPIENT_STATES}
    for state, n in conn.execute(
            "SELECT state, count(*) FROM recipients WHERE campaign_id = ? GROUP BY state", (cid,)):
        counts[state] = n
    counts["recipients"] = sum(counts[s] for s in RECIPIENT_STATES)
    item["counts"] = counts
    return item


def undelivered_by_code(conn: sqlite3.Connection, cid: int,
                        state: str = RecipientState.UNDELIVERED) -> list[tuple[str, int]]:
    """(status code, how many) of a campaign's recipients in ``state``, most frequent first.

    A missing code comes back as ''.
    """
    rows = conn.execute(
        "SELECT coalesce(status_code, ''), count(*) FROM recipients "
        "WHERE campaign_id = ? AND state = ? GROUP BY 1 ORDER BY 2 DESC, 1", (cid, state)).fetchall()
    return [(code, n) for code, n in rows]


def batch_errors(conn: sqlite3.Connection, cid: int) -> list[tuple[int | None, str, int]]:
    """(code, error, recipients) of a campaign's failed batches, most recipients first."""
    rows = conn.execute(
        "SELECT b.code, coalesce(b.error, ''), count(r.id) FROM batches AS b "
        "JOIN recipients AS r ON r.batch_id = b.id AND r.state = 'failed' "
        "WHERE b.campaign_id = ? AND b.state = 'failed' GROUP BY b.code, b.error ORDER BY 3 DESC",
        (cid,)).fetchall()
    return [(code, error, n) for code, error, n in rows]


_REPLY_KEYS = ("id", "msgid", "mobile", "content", "received", "campaign_id", "excerpt")


def replies(conn: sqlite3.Connection, after_id: int = 0, limit: int = 5000) -> list[dict[str, Any]]:
    """Replies with id > ``after_id``, newest first (at most ``limit``), each with the
    campaign it answers (``campaign_id`` and ``excerpt`` None when the msgid is unknown)
    and ``opt_out`` (the reply asks to stop receiving messages)."""
    rows = conn.execute(
        "SELECT r.id, r.msgid, r.mobile, r.content, r.received, c.id, substr(c.text, 1, ?) "
        "FROM replies AS r "
        "LEFT JOIN campaigns AS c ON c.id = "
        " (SELECT b.campaign_id FROM batches AS b WHERE b.msgid = r.msgid LIMIT 1) "
        "WHERE r.id > ? ORDER BY r.id DESC LIMIT ?", (EXCERPT, after_id, limit)).fetchall()
    out = []
    for row in rows:
        item = dict(zip(_REPLY_KEYS, row))
        item["opt_out"] = is_opt_out(item["content"] or "")
        out.append(item)
    return out


def opt_out_list(conn: sqlite3.Connection) -> list[tuple[str, str, str]]:
    """Every number on the opt-out list: (mobile, source, added), newest first."""
    return [tuple(r) for r in conn.execute(
        "SELECT mobile, source, added FROM opt_outs ORDER BY added DESC, mobile")]
