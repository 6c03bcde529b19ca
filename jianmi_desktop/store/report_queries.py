"""Read-only queries for the delivery report of a campaign, the inbox and the opt-out list.

Each function takes an open SQLite connection and only reads (run them on a worker
thread, e.g. on a ``HistoryReader``'s own read-only connection). Nothing here imports Qt.
"""

from __future__ import annotations

import sqlite3
from itertools import starmap

from jianmi_desktop.states import BatchState, RecipientState
from jianmi_desktop.store.models import RECIPIENT_STATES, is_opt_out
from jianmi_desktop.store.rows import BatchError, CampaignReport, CodeCount, OptOutRow, ReplyRow, campaign_state, kind

EXCERPT = 40  # characters of a campaign's text shown beside a reply


def campaign_report(conn: sqlite3.Connection, cid: int) -> CampaignReport | None:
    """The campaign (its whole text), its recipients per state, why some were not delivered
    (undelivered by status code, failed batches by the platform's answer); None when unknown.
    Run it inside one read transaction for figures and groups that agree."""
    row = conn.execute(
        "SELECT id, kind, state, created, coalesce(text, json_extract(params, '$.title'),"
        " json_extract(params, '$.filename'), ''), number FROM campaigns WHERE id = ?", (cid,)).fetchone()
    if row is None:
        return None
    id_, kind_, state, created, text, number = row
    counts: dict[str, int] = {state.value: 0 for state in RECIPIENT_STATES}
    for state_, n in conn.execute(
            "SELECT state, count(*) FROM recipients WHERE campaign_id = ? GROUP BY state", (cid,)):
        counts[state_] = n
    counts["recipients"] = sum(counts[s] for s in RECIPIENT_STATES)
    return CampaignReport(id_, kind(kind_), campaign_state(state), created, text, counts,
                          tuple(undelivered_by_code(conn, cid)), tuple(batch_errors(conn, cid)), number)


def undelivered_by_code(conn: sqlite3.Connection, cid: int,
                        state: RecipientState = RecipientState.UNDELIVERED) -> list[CodeCount]:
    """How many of a campaign's recipients in ``state`` each status code has, most frequent first.

    A missing code comes back as ''.
    """
    rows = conn.execute(
        "SELECT coalesce(status_code, ''), count(*) FROM recipients "
        "WHERE campaign_id = ? AND state = ? GROUP BY 1 ORDER BY 2 DESC, 1", (cid, state)).fetchall()
    return [CodeCount(code, n) for code, n in rows]


def batch_errors(conn: sqlite3.Connection, cid: int) -> list[BatchError]:
    """A campaign's failed batches grouped by (code, error), most recipients first."""
    rows = conn.execute(
        "SELECT b.code, coalesce(b.error, ''), count(r.id) FROM batches AS b "
        "JOIN recipients AS r ON r.batch_id = b.id AND r.state = ? "
        "WHERE b.campaign_id = ? AND b.state = ? GROUP BY b.code, b.error ORDER BY 3 DESC",
        (RecipientState.FAILED, cid, BatchState.FAILED)).fetchall()
    return [BatchError(code, error, n) for code, error, n in rows]


def replies(conn: sqlite3.Connection, after_id: int = 0, limit: int = 5000) -> list[ReplyRow]:
    """Replies with id > ``after_id``, newest first (at most ``limit``), each with the
    campaign it answers (``campaign_id`` and ``excerpt`` None when the msgid is unknown)
    and ``opt_out`` (the reply asks to stop receiving messages)."""
    rows = conn.execute(
        "SELECT r.id, r.msgid, r.mobile, r.content, r.received, c.id, substr(c.text, 1, ?), c.kind, c.number "
        "FROM replies AS r "
        "LEFT JOIN campaigns AS c ON c.id = "
        " (SELECT b.campaign_id FROM batches AS b WHERE b.msgid = r.msgid LIMIT 1) "
        "WHERE r.id > ? ORDER BY r.id DESC LIMIT ?", (EXCERPT, after_id, limit)).fetchall()
    return [ReplyRow(rid, msgid, mobile, content, received, cid, excerpt, is_opt_out(content or ""), ckind, number)
            for rid, msgid, mobile, content, received, cid, excerpt, ckind, number in rows]


def opt_out_list(conn: sqlite3.Connection) -> list[OptOutRow]:
    """Every number on the opt-out list, newest first."""
    return list(starmap(OptOutRow, conn.execute(
        "SELECT mobile, source, added FROM opt_outs ORDER BY added DESC, mobile")))
