"""Reads for the history, campaign and reply views, plus the small balance and voice-file
tables. Reads run on the store's read-only connection (inside one read transaction, so a
result is one consistent snapshot); the few writes here run on the writing connection.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from jianmi_desktop.store.models import RECIPIENT_STATES, Campaign, StoreError, is_opt_out, now_iso
from jianmi_desktop.store.rows import (
    BalanceReading,
    HistoryRow,
    RecipientPageRow,
    ReplyRow,
    VoiceFileRow,
    campaign_state,
    kind,
)

_CAMPAIGN_COLUMNS = "id, kind, text, params, stats, state, error, created, scheduled_at, number"


# --- campaigns -----------------------------------------------------------------------------

def get_campaign(conn: sqlite3.Connection, cid: int) -> Campaign:
    row = conn.execute(f"SELECT {_CAMPAIGN_COLUMNS} FROM campaigns WHERE id = ?", (cid,)).fetchone()
    if row is None:
        raise StoreError(f"任务 {cid} 不存在。", f"Campaign {cid} does not exist.")
    id_, kind, text, params, stats, state, error, created, scheduled_at, number = row
    return Campaign(id_, kind, text, json.loads(params), json.loads(stats), state, error, created,
                    scheduled_at, number)


def unfinished_campaigns(conn: sqlite3.Connection, due_before: str | None) -> list[int]:
    """Campaigns not done/cancelled/stopped that still have a pending batch, oldest first.

    A scheduled campaign counts only when ``scheduled_at <= due_before`` (both China time
    'YYYY-MM-DD hh:mm:ss', compared as text); with ``due_before=None`` none does.
    """
    sql = (
        "SELECT c.id FROM campaigns AS c "
        "WHERE c.state NOT IN ('done', 'cancelled', 'stopped') "
        "AND EXISTS (SELECT 1 FROM batches AS b WHERE b.campaign_id = c.id AND b.state = 'pending') "
    )
    args: tuple[Any, ...] = ()
    if due_before is None:
        sql += "AND c.state != 'scheduled' "
    else:
        sql += "AND (c.state != 'scheduled' OR (c.scheduled_at IS NOT NULL AND c.scheduled_at <= ?)) "
        args = (due_before,)
    return [r[0] for r in conn.execute(sql + "ORDER BY c.id", args)]


def _empty_counts() -> dict[str, int]:
    return {state.value: 0 for state in RECIPIENT_STATES}


def campaign_counts(conn: sqlite3.Connection, cid: int) -> dict[str, int]:
    """Recipients of a campaign per state (every state present), plus 'recipients' (total)."""
    counts = _empty_counts()
    for state, n in conn.execute(
        "SELECT state, count(*) FROM recipients WHERE campaign_id = ? GROUP BY state", (cid,)
    ):
        counts[state] = n
    counts["recipients"] = sum(counts[s] for s in RECIPIENT_STATES)
    return counts


def count_batches(conn: sqlite3.Connection, cid: int, state: str | None) -> int:
    """Batches of a campaign, all or in one state."""
    if state is None:
        return int(conn.execute("SELECT count(*) FROM batches WHERE campaign_id = ?", (cid,)).fetchone()[0])
    return int(conn.execute("SELECT count(*) FROM batches WHERE campaign_id = ? AND state = ?",
                            (cid, state)).fetchone()[0])


def history(conn: sqlite3.Connection, limit: int) -> list[HistoryRow]:
    """The newest ``limit`` campaigns, newest first, each with its recipients per state."""
    campaigns = conn.execute(
        "SELECT id, kind, created, state, text, scheduled_at, error FROM campaigns "
        "ORDER BY id DESC LIMIT ?",
        (limit,),
    ).fetchall()
    return [HistoryRow(cid, kind(kind_), created, campaign_state(state), (text or "")[:40], scheduled_at, error,
                       campaign_counts(conn, cid))
            for cid, kind_, created, state, text, scheduled_at, error in campaigns]


_FEW = 20_000  # below this many matches, an index lookup plus a sort beats a scan in id order


def recipients_page(
    conn: sqlite3.Connection,
    *,
    campaign_id: int | None,
    state: str | None,
    mobile_prefix: str | None,
    after_id: int,
    limit: int,
) -> list[RecipientPageRow]:
    """One page of recipients in id order, after ``after_id`` (keyset pagination).

    The plan is chosen here rather than left to SQLite's planner (which, without
    statistics, picks badly): a campaign's recipients occupy one contiguous id range
    (they are inserted in one transaction), (campaign_id, state) is indexed in id order,
    and a selective filter (few matches) goes through its index and a small sort, while
    a broad one scans in id order and stops after ``limit`` rows.
    """
    where = ["r.id > ?"]
    args: list[Any] = [after_id]
    index = "NOT INDEXED"
    if campaign_id is not None:
        lo, hi = _campaign_id_range(conn, campaign_id)
        if lo is None:
            return []
        where += ["r.id BETWEEN ? AND ?", "+r.campaign_id = ?"]
        args += [lo, hi, campaign_id]
    if state:
        if campaign_id is not None:
            index = "INDEXED BY recipients_campaign_state"
            where.append("r.state = ?")
        else:
            where.append("+r.state = ?")
            if _few(conn, "recipients_campaign_state",
                    "campaign_id IN (SELECT id FROM campaigns) AND state = ?", [state]):
                index = "INDEXED BY recipients_campaign_state"
                where[-1] = "r.campaign_id IN (SELECT id FROM campaigns) AND r.state = ?"
        args.append(state)
    if mobile_prefix:
        # A range, not LIKE: LIKE would not use the index and would treat % and _.
        bounds = [mobile_prefix, mobile_prefix + "\U0010ffff"]
        if index == "NOT INDEXED" and _few(conn, "recipients_mobile", "mobile >= ? AND mobile < ?", bounds):
            index = "INDEXED BY recipients_mobile"
            where.append("r.mobile >= ? AND r.mobile < ?")
        else:
            where.append("+r.mobile >= ? AND +r.mobile < ?")
        args += bounds
    args.append(limit)
    # Pick the ids first (often from an index alone), then fetch those rows.
    sql = (
        "SELECT r.id, r.campaign_id, r.batch_id, b.msgid, r.mobile, r.state, r.status_code, r.updated "
        "FROM recipients AS r JOIN batches AS b ON b.id = r.batch_id "
        f"WHERE r.id IN (SELECT r.id FROM recipients AS r {index} "
        f"WHERE {' AND '.join(where)} ORDER BY r.id LIMIT ?) ORDER BY r.id"
    )
    return [RecipientPageRow.from_sql(row) for row in conn.execute(sql, args)]


def _campaign_id_range(conn: sqlite3.Connection, cid: int) -> tuple[int | None, int | None]:
    row = conn.execute(
        "SELECT (SELECT min(r.id) FROM recipients AS r WHERE r.batch_id = "
        "  (SELECT id FROM batches WHERE campaign_id = ?1 ORDER BY seq LIMIT 1)), "
        " (SELECT max(r.id) FROM recipients AS r WHERE r.batch_id = "
        "  (SELECT id FROM batches WHERE campaign_id = ?1 ORDER BY seq DESC LIMIT 1))",
        (cid,),
    ).fetchone()
    return row[0], row[1]


def _few(conn: sqlite3.Connection, index: str, condition: str, args: list[Any]) -> bool:
    """Whether fewer than _FEW recipients match ``condition`` (counted on ``index``)."""
    n = conn.execute(
        f"SELECT count(*) FROM (SELECT 1 FROM recipients INDEXED BY {index} "
        f"WHERE {condition} LIMIT {_FEW})",
        args,
    ).fetchone()[0]
    return bool(n < _FEW)


# --- replies and opt-outs -----------------------------------------------------------------

def replies(conn: sqlite3.Connection, limit: int) -> list[ReplyRow]:
    """Newest first, each with the campaign it answers (None when the msgid is unknown); the
    campaign's excerpt is not read here (None)."""
    rows = conn.execute(
        "SELECT r.id, r.msgid, r.mobile, r.content, r.received, "
        " (SELECT b.campaign_id FROM batches AS b WHERE b.msgid = r.msgid LIMIT 1) "
        "FROM replies AS r ORDER BY r.id DESC LIMIT ?",
        (limit,),
    ).fetchall()
    return [ReplyRow(rid, msgid, mobile, content, received, cid, None, is_opt_out(content))
            for rid, msgid, mobile, content, received, cid in rows]


def opt_outs(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT mobile FROM opt_outs")}


# --- balance -------------------------------------------------------------------------------

def record_balance(conn: sqlite3.Connection, sent: int, remaining: int) -> None:
    conn.execute(
        "INSERT INTO balances(at, sent, remaining) VALUES (?, ?, ?)", (now_iso(), sent, remaining)
    )


def balance_history(conn: sqlite3.Connection, limit: int) -> list[BalanceReading]:
    """The last ``limit`` balance readings, oldest first (ready for a chart)."""
    rows = conn.execute(
        "SELECT at, sent, remaining FROM balances ORDER BY id DESC LIMIT ?", (limit,)
    ).fetchall()
    return [BalanceReading(at, sent, remaining) for at, sent, remaining in reversed(rows)]


# --- uploaded voice files ------------------------------------------------------------------

_VOICE_KEYS = ("serial", "name", "sha256", "size", "duration_s", "uploaded")


def add_voice_file(conn: sqlite3.Connection, serial: str, name: str, sha256: str, size: int,
                   duration_s: float | None) -> None:
    conn.execute(
        "INSERT OR REPLACE INTO voice_files(serial, name, sha256, size, duration_s, uploaded) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (serial, name, sha256, size, duration_s, now_iso()),
    )


def find_voice_file(conn: sqlite3.Connection, sha256: str) -> VoiceFileRow | None:
    row = conn.execute(
        f"SELECT {', '.join(_VOICE_KEYS)} FROM voice_files WHERE sha256 = ? "
        "ORDER BY uploaded DESC LIMIT 1",
        (sha256,),
    ).fetchone()
    return VoiceFileRow(*row) if row else None


def voice_files(conn: sqlite3.Connection) -> list[VoiceFileRow]:
    rows = conn.execute(
        f"SELECT {', '.join(_VOICE_KEYS)} FROM voice_files ORDER BY uploaded DESC, serial"
    ).fetchall()
    return [VoiceFileRow(*r) for r in rows]
