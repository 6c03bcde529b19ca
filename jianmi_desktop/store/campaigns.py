"""Writes on campaigns, batches and recipients (run inside a write transaction).

Every function here takes the writing connection, already inside ``BEGIN IMMEDIATE``;
``db.Store`` opens and commits the transaction around it.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from jianmi_desktop.states import BatchState, CampaignState, family
from jianmi_desktop.store.migrations import FAMILY_SQL
from jianmi_desktop.store.models import (
    BATCH_OUTCOMES,
    CAMPAIGN_STATES,
    KINDS,
    SETTLED,
    Batch,
    StoreError,
    now_iso,
    text_hash,
)
from jianmi_desktop.store.msgid_ranges import take_ranged

_SETTLED_SQL = "(" + ", ".join(f"'{s}'" for s in SETTLED) + ")"


# --- msgid counter -------------------------------------------------------------------------

def take_msgids(conn: sqlite3.Connection, n: int) -> list[str]:
    """Reserve ``n`` msgids: strictly increasing, never below the current epoch ms × 1000.

    The floor keeps ids of a fresh database (a reinstall) above every id an older one
    handed out, as long as fewer than 1,000 ids a millisecond are taken on average.
    """
    if n < 1:
        raise ValueError("n must be ≥ 1")
    ranged = take_ranged(conn, n)  # team mode: from the relay's ranges only
    if ranged is not None:
        return ranged
    floor = time.time_ns() // 1_000_000 * 1000
    row = conn.execute("SELECT value FROM counters WHERE name = 'msgid'").fetchone()
    last = row[0] if row else 0
    first = max(last + 1, floor)
    conn.execute(
        "INSERT INTO counters(name, value) VALUES ('msgid', ?) "
        "ON CONFLICT(name) DO UPDATE SET value = excluded.value",
        (first + n - 1,),
    )
    return [str(first + i) for i in range(n)]


# --- campaigns -----------------------------------------------------------------------------

def create_campaign(
    conn: sqlite3.Connection,
    kind: str,
    text: str | None,
    params: dict[str, Any],
    mobiles: Sequence[str],
    batch_size: int,
    scheduled_at: str | None,
    stats: dict[str, Any] | None,
    texts: Sequence[str | None] | None = None,
) -> int:
    """Write a campaign, its batches (msgids taken now) and recipients.

    ``texts`` (one per mobile) makes a personalised campaign: recipients with the same text
    are brought together (stable: in order of the text's first appearance) and cut into
    batches of at most ``batch_size``, each batch carrying its text (NULL where it equals
    the campaign's ``text``).
    """
    if kind not in KINDS:
        raise StoreError(f"未知的任务类型：{kind}", f"Unknown campaign kind: {kind}")
    if batch_size < 1:
        raise StoreError("每批号码数必须至少为 1。", "The batch size must be at least 1.")
    if not mobiles:
        raise StoreError("没有可发送的号码。", "There are no numbers to send to.")
    if texts is not None and len(texts) != len(mobiles):
        raise StoreError("每个号码要有一条内容。", "One text is needed for each number.")
    now = now_iso()
    state = CampaignState.SCHEDULED if scheduled_at else CampaignState.PENDING
    number = conn.execute(  # its number among the campaigns of its family (migration 8)
        f"SELECT coalesce(max(number), 0) + 1 FROM campaigns WHERE {FAMILY_SQL.format(k='kind')} = ?",
        (family(kind),)).fetchone()[0]
    cid: int | None = conn.execute(
        "INSERT INTO campaigns(kind, text, params, stats, state, created, updated, scheduled_at, text_hash, "
        "created_ts, number) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (kind, text, _dumps(params), _dumps(stats or {}), state, now, now, scheduled_at or None,
         text_hash(text) if text else None, time.time(), number),
    ).lastrowid
    assert cid is not None  # an INSERT always sets lastrowid
    groups = _batches_of(mobiles, texts, batch_size, text)
    msgids = take_msgids(conn, len(groups))
    insert_batch = (
        "INSERT INTO batches(campaign_id, seq, msgid, state, updated, text) VALUES (?, ?, ?, 'pending', ?, ?)"
    )
    batch_ids = [
        conn.execute(insert_batch, (cid, seq, msgid, now, group_text)).lastrowid
        for seq, (msgid, (group_text, _)) in enumerate(zip(msgids, groups), start=1)
    ]

    def rows() -> Iterator[tuple[int, int | None, str]]:
        for batch_id, (_, members) in zip(batch_ids, groups):
            for mobile in members:
                yield (cid, batch_id, mobile)

    conn.executemany(
        "INSERT INTO recipients(campaign_id, batch_id, mobile, state) VALUES (?, ?, ?, 'pending')",
        rows(),
    )
    return cid


def _batches_of(mobiles: Sequence[str], texts: Sequence[str | None] | None, batch_size: int,
                text: str | None) -> list[tuple[str | None, Sequence[str]]]:
    """(batch text or None, its mobiles) for every batch, in sending order."""
    if texts is None:
        return [(None, mobiles[i:i + batch_size]) for i in range(0, len(mobiles), batch_size)]
    by_text: dict[str | None, list[str]] = {}
    for mobile, t in zip(mobiles, texts):
        group = by_text.get(t)
        if group is None:
            by_text[t] = [mobile]
        else:
            group.append(mobile)
    out: list[tuple[str | None, Sequence[str]]] = []
    for t, members in by_text.items():
        own = None if t == text else t
        out.extend((own, members[i:i + batch_size]) for i in range(0, len(members), batch_size))
    return out


def set_campaign_state(conn: sqlite3.Connection, cid: int, state: str, error: str | None) -> None:
    if state not in CAMPAIGN_STATES:
        raise StoreError(f"未知的任务状态：{state}", f"Unknown campaign state: {state}")
    cur = conn.execute(
        "UPDATE campaigns SET state = ?, error = ?, updated = ? WHERE id = ?",
        (state, error, now_iso(), cid),
    )
    if cur.rowcount == 0:
        raise _no_campaign(cid)


def update_campaign_params(conn: sqlite3.Connection, cid: int, kv: dict[str, Any]) -> dict[str, Any]:
    row = conn.execute("SELECT params FROM campaigns WHERE id = ?", (cid,)).fetchone()
    if row is None:
        raise _no_campaign(cid)
    params: dict[str, Any] = json.loads(row[0])
    params.update(kv)
    conn.execute(
        "UPDATE campaigns SET params = ?, updated = ? WHERE id = ?", (_dumps(params), now_iso(), cid)
    )
    return params


# --- batches -------------------------------------------------------------------------------

def claim_next_batch(conn: sqlite3.Connection, cid: int) -> Batch | None:
    """The next pending batch (lowest seq) of the campaign, moved to 'sending'."""
    while True:
        row = conn.execute(
            "SELECT id, seq, msgid, text FROM batches WHERE campaign_id = ? AND state = 'pending' "
            "ORDER BY seq LIMIT 1",
            (cid,),
        ).fetchone()
        if row is None:
            return None
        batch_id, seq, msgid, batch_text = row
        now = now_iso()
        conn.execute(
            "UPDATE recipients SET state = 'sending', updated = ? WHERE batch_id = ? AND state = 'pending'",
            (now, batch_id),
        )
        mobiles = [
            r[0]
            for r in conn.execute(
                "SELECT mobile FROM recipients WHERE batch_id = ? AND state = 'sending' ORDER BY id",
                (batch_id,),
            )
        ]
        if mobiles:
            conn.execute(
                "UPDATE batches SET state = 'sending', updated = ? WHERE id = ?", (now, batch_id)
            )
            return Batch(batch_id, cid, seq, msgid, mobiles, batch_text)
        # Every recipient was already settled by a report: nothing left to send.
        conn.execute(
            "UPDATE batches SET state = 'submitted', updated = ? WHERE id = ?", (now, batch_id)
        )


def finish_batch(
    conn: sqlite3.Connection, batch_id: int, state: str, code: int | None, error: str | None
) -> str:
    """Record the outcome of a batch; its recipients follow unless a report settled them.

    Returns the state recorded: 'uncertain' becomes 'submitted' when a delivery report
    for the batch already arrived (the platform certainly had it).
    """
    if state not in BATCH_OUTCOMES:
        raise StoreError(f"未知的批次结果：{state}", f"Unknown batch outcome: {state}")
    if conn.execute("SELECT 1 FROM batches WHERE id = ?", (batch_id,)).fetchone() is None:
        raise StoreError(f"批次 {batch_id} 不存在。", f"Batch {batch_id} does not exist.")
    if state == BatchState.UNCERTAIN and _has_settled(conn, batch_id):
        state = BatchState.SUBMITTED
    now = now_iso()
    conn.execute(
        "UPDATE batches SET state = ?, code = ?, error = ?, updated = ? WHERE id = ?",
        (state, code, error, now, batch_id),
    )
    conn.execute(
        f"UPDATE recipients SET state = ?, updated = ? "
        f"WHERE batch_id = ? AND state NOT IN {_SETTLED_SQL}",
        (state, now, batch_id),
    )
    return state


def mark_interrupted(conn: sqlite3.Connection) -> int:
    """Batches left in 'sending' by a crash become 'uncertain' (or 'submitted' when proven)."""
    now = now_iso()
    ids = [r[0] for r in conn.execute("SELECT id FROM batches WHERE state = 'sending'")]
    for batch_id in ids:
        state = BatchState.SUBMITTED if _has_settled(conn, batch_id) else BatchState.UNCERTAIN
        conn.execute(
            "UPDATE batches SET state = ?, updated = ? WHERE id = ?", (state, now, batch_id)
        )
        conn.execute(
            "UPDATE recipients SET state = ?, updated = ? WHERE batch_id = ? AND state = 'sending'",
            (state, now, batch_id),
        )
    # Campaigns left 'running' by the process that died: done when nothing is left to send
    # (they stay 'running' otherwise, and `sms resume` or the window continues them).
    conn.execute(
        "UPDATE campaigns SET state = 'done', updated = ? WHERE state = 'running' AND NOT EXISTS "
        "(SELECT 1 FROM batches AS b WHERE b.campaign_id = campaigns.id AND b.state IN ('pending', 'sending'))",
        (now,),
    )
    # A recipient left in 'sending' under a batch that is not (should not happen).
    conn.execute(
        "UPDATE recipients SET state = 'uncertain', updated = ? "
        "WHERE campaign_id IN (SELECT id FROM campaigns) AND state = 'sending'",
        (now,),
    )
    return len(ids)


def resend_uncertain(conn: sqlite3.Connection, batch_id: int) -> str:
    row = conn.execute("SELECT state FROM batches WHERE id = ?", (batch_id,)).fetchone()
    if row is None:
        raise StoreError(f"批次 {batch_id} 不存在。", f"Batch {batch_id} does not exist.")
    if row[0] != BatchState.UNCERTAIN:
        raise StoreError(
            f"批次 {batch_id} 的状态是“{row[0]}”，只有结果不明的批次可以重发。",
            f"Batch {batch_id} is '{row[0]}'; only an uncertain batch can be resent.",
        )
    (msgid,) = take_msgids(conn, 1)
    now = now_iso()
    conn.execute(
        "UPDATE batches SET state = 'pending', msgid = ?, code = NULL, error = NULL, updated = ? "
        "WHERE id = ?",
        (msgid, now, batch_id),
    )
    conn.execute(
        "UPDATE recipients SET state = 'pending', updated = ? WHERE batch_id = ? AND state = 'uncertain'",
        (now, batch_id),
    )
    return msgid


def prove_submitted(conn: sqlite3.Connection, batch_ids: Iterable[int]) -> int:
    """A report or status call for these batches shows the platform took them."""
    now = now_iso()
    proven = 0
    for batch_id in set(batch_ids):
        cur = conn.execute(
            "UPDATE batches SET state = 'submitted', updated = ? WHERE id = ? AND state = 'uncertain'",
            (now, batch_id),
        )
        if cur.rowcount:
            proven += 1
            conn.execute(
                "UPDATE recipients SET state = 'submitted', updated = ? "
                "WHERE batch_id = ? AND state = 'uncertain'",
                (now, batch_id),
            )
    return proven


# --- helpers -------------------------------------------------------------------------------

def _has_settled(conn: sqlite3.Connection, batch_id: int) -> bool:
    return (
        conn.execute(
            f"SELECT 1 FROM recipients WHERE batch_id = ? AND state IN {_SETTLED_SQL} LIMIT 1",
            (batch_id,),
        ).fetchone()
        is not None
    )


def _no_campaign(cid: int) -> StoreError:
    return StoreError(f"任务 {cid} 不存在。", f"Campaign {cid} does not exist.")


def _dumps(value: dict[str, Any]) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
