"""What comes back from the platform: delivery reports, replies, status calls, opt-outs.

Everything here is idempotent: the platform pushes again whatever was not acknowledged,
so storing the same records twice changes nothing. Functions run inside a write
transaction opened by ``db.Store``.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterable

from jianmi_desktop.platform.models import Reply, StatusCall, StatusReport, normalize_msgid
from jianmi_desktop.states import RecipientState
from jianmi_desktop.store.campaigns import prove_submitted
from jianmi_desktop.store.models import REPORTABLE, VOICE_KINDS, is_opt_out, now_iso

log = logging.getLogger(__name__)

_REPORTABLE_SQL = "(" + ", ".join(f"'{s}'" for s in REPORTABLE) + ")"
_VOICE_SQL = "(" + ", ".join(f"'{k}'" for k in VOICE_KINDS) + ")"


# --- SMS delivery reports ------------------------------------------------------------------

def apply_reports(conn: sqlite3.Connection, reports: Iterable[StatusReport]) -> int:
    """Store reports and settle the recipients they name; return how many were new.

    Done in bulk: the reports go to a temporary table, then a handful of set-based
    statements store them and settle every matching recipient at once.
    """
    conn.execute(
        "CREATE TEMP TABLE IF NOT EXISTS incoming_reports ("
        " msgid TEXT, mobile TEXT, delivered INTEGER, status_code TEXT, epr_id TEXT, user_id TEXT)"
    )
    conn.execute("DELETE FROM incoming_reports")
    conn.executemany(
        "INSERT INTO incoming_reports VALUES (?, ?, ?, ?, ?, ?)",
        (
            (
                normalize_msgid(r.msgid),
                r.mobile.strip(),
                1 if r.delivered else 0,
                r.status_code or "",
                r.epr_id or "",
                r.user_id or "",
            )
            for r in reports
        ),
    )
    # Only reports of batches this computer sent are kept: a push naming an unknown msgid
    # (another program on the account, or someone who found the push address) is answered
    # like any other, so the platform stops resending it, and stored nowhere.
    unknown = conn.execute(
        "DELETE FROM incoming_reports WHERE NOT EXISTS "
        "(SELECT 1 FROM batches AS b WHERE b.msgid = incoming_reports.msgid)"
    ).rowcount
    if unknown:
        log.info("%d report record(s) for msgids this computer did not send: not stored", unknown)
    now = now_iso()
    new = conn.execute(
        "INSERT OR IGNORE INTO reports(msgid, mobile, delivered, status_code, epr_id, user_id, received) "
        "SELECT msgid, mobile, delivered, status_code, epr_id, user_id, ? FROM incoming_reports "
        "ORDER BY rowid",
        (now,),
    ).rowcount

    # A report for an uncertain batch proves the platform took it.
    uncertain = [
        r[0]
        for r in conn.execute(
            "SELECT DISTINCT b.id FROM batches AS b "
            "WHERE b.state = 'uncertain' AND b.msgid IN (SELECT msgid FROM incoming_reports)"
        )
    ]
    prove_submitted(conn, uncertain)

    # One outcome per recipient: if a push holds several, a delivered one wins
    # (SQLite takes the bare status_code from the row that gives max(delivered)).
    conn.execute(
        "UPDATE recipients SET "
        " state = CASE WHEN m.delivered THEN 'delivered' ELSE 'undelivered' END,"
        " status_code = m.status_code, updated = ? "
        "FROM ("
        " SELECT b.id AS batch_id, i.mobile AS mobile, max(i.delivered) AS delivered, i.status_code"
        " FROM incoming_reports AS i JOIN batches AS b ON b.msgid = i.msgid"
        " GROUP BY b.id, i.mobile"
        ") AS m "
        f"WHERE recipients.batch_id = m.batch_id AND recipients.mobile = m.mobile "
        f"AND recipients.state IN {_REPORTABLE_SQL}",
        (now,),
    )
    conn.execute("DELETE FROM incoming_reports")
    return new


# --- replies (上行) ------------------------------------------------------------------------

def add_replies(conn: sqlite3.Connection, replies: Iterable[Reply]) -> int:
    """Store replies; a new reply such as 'TD' or '退订' puts its number on the opt-out list."""
    now = now_iso()
    new = 0
    for reply in replies:
        mobile = reply.mobile.strip()
        cur = conn.execute(
            "INSERT OR IGNORE INTO replies(msgid, mobile, content, epr_id, user_id, received) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (normalize_msgid(reply.msgid), mobile, reply.content, reply.epr_id or "",
             reply.user_id or "", now),
        )
        if cur.rowcount == 0:
            continue  # seen before: a resent push changes nothing (not even a removed opt-out)
        new += 1
        if mobile and is_opt_out(reply.content):
            conn.execute(
                "INSERT OR IGNORE INTO opt_outs(mobile, source, added) VALUES (?, 'reply', ?)",
                (mobile, now),
            )
    return new


# --- voice / MMS status calls --------------------------------------------------------------

def apply_status_calls(conn: sqlite3.Connection, calls: Iterable[StatusCall]) -> int:
    """Store status calls and settle recipients; return how many were new.

    ``taskid`` is an MMS campaign's ``params['task_id']`` or the msgid of a voice batch
    (compared as numbers). Status 2 → delivered, 3 → undelivered; any other is stored only.
    """
    now = now_iso()
    mms_tasks: dict[str, list[int]] | None = None
    new = 0
    for call in calls:
        taskid = normalize_msgid(call.taskid)
        mobile = call.mobile.strip()
        cur = conn.execute(
            "INSERT OR IGNORE INTO status_calls(taskid, mobile, status, receive_time, received) "
            "VALUES (?, ?, ?, ?, ?)",
            (taskid, mobile, int(call.status), call.receive_time or "", now),
        )
        if cur.rowcount == 0:
            continue
        new += 1
        if call.status not in (2, 3):
            continue
        if mms_tasks is None:
            mms_tasks = _mms_tasks(conn)
        rows = []
        for cid in mms_tasks.get(taskid, ()):
            rows += conn.execute(
                "SELECT id, batch_id FROM recipients WHERE mobile = ? AND campaign_id = ?",
                (mobile, cid),
            ).fetchall()
        rows += conn.execute(
            "SELECT r.id, r.batch_id FROM batches AS b "
            "JOIN campaigns AS c ON c.id = b.campaign_id "
            "JOIN recipients AS r ON r.batch_id = b.id AND r.mobile = ? "
            f"WHERE b.msgid = ? AND c.kind IN {_VOICE_SQL}",
            (mobile, taskid),
        ).fetchall()
        if not rows:
            continue
        prove_submitted(conn, [batch_id for _, batch_id in rows])
        state = RecipientState.DELIVERED if call.status == 2 else RecipientState.UNDELIVERED
        conn.executemany(
            f"UPDATE recipients SET state = ?, status_code = ?, updated = ? "
            f"WHERE id = ? AND state IN {_REPORTABLE_SQL}",
            [(state, str(call.status), now, rid) for rid, _ in rows],
        )
    return new


def _mms_tasks(conn: sqlite3.Connection) -> dict[str, list[int]]:
    tasks: dict[str, list[int]] = {}
    for cid, params in conn.execute("SELECT id, params FROM campaigns WHERE kind = 'mms'"):
        task_id = json.loads(params).get("task_id")
        if task_id not in (None, ""):
            tasks.setdefault(normalize_msgid(task_id), []).append(cid)
    return tasks


# --- opt-out list --------------------------------------------------------------------------

def add_opt_outs(conn: sqlite3.Connection, numbers: Iterable[str], source: str) -> int:
    now = now_iso()
    cur = conn.executemany(
        "INSERT OR IGNORE INTO opt_outs(mobile, source, added) VALUES (?, ?, ?)",
        ((n.strip(), source, now) for n in numbers if n and n.strip()),
    )
    return max(cur.rowcount, 0)


def remove_opt_outs(conn: sqlite3.Connection, numbers: Iterable[str]) -> int:
    cur = conn.executemany(
        "DELETE FROM opt_outs WHERE mobile = ?", ((n.strip(),) for n in numbers if n)
    )
    return max(cur.rowcount, 0)
