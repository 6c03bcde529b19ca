"""Follow-up campaigns, the 24-hour repeat check, held (scheduled) campaigns and the opt-out list.

Functions taking the writing connection run inside its ``BEGIN IMMEDIATE`` transaction;
the others run on the read-only connection (``db.Store`` decides which).
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from jianmi_desktop.platform.auth import CHINA_TZ
from jianmi_desktop.platform.text import units_domestic, units_intl, units_voice
from jianmi_desktop.states import CampaignState, Kind, RecipientState
from jianmi_desktop.store import campaigns as _c
from jianmi_desktop.store.models import Campaign, StoreError, text_hash
from jianmi_desktop.store.queries import get_campaign
from jianmi_desktop.store.rows import BatchText, OptOutRow, batch_state

# Recipients who got a message, or will: what the 24-hour repeat check counts.
_WENT = (RecipientState.SENDING, RecipientState.SUBMITTED, RecipientState.DELIVERED, RecipientState.UNDELIVERED,
         RecipientState.UNCERTAIN)
_LIVE_CAMPAIGN = (CampaignState.SCHEDULED, CampaignState.PENDING, CampaignState.RUNNING, CampaignState.PAUSED)
_FEW_NUMBERS = 2000  # up to this many numbers, look each up in the mobile index; beyond, scan
_SCHEDULE_KEYS = ("sendtime", "senddate")  # a follow-up goes now, not at the source's time
FOLLOWUP_STATES = frozenset({RecipientState.SUBMITTED, RecipientState.DELIVERED, RecipientState.UNDELIVERED,
                             RecipientState.FAILED, RecipientState.UNCERTAIN})


# --- the 24-hour repeat check --------------------------------------------------------------

def recent_same_text(conn: sqlite3.Connection, text: str, mobiles: Sequence[str], hours: float) -> int:
    """How many distinct numbers of ``mobiles`` got (or are about to get) exactly ``text``
    from a campaign created, or held for a time, within the last ``hours``."""
    if not text or not mobiles:
        return 0
    since_ts = time.time() - hours * 3600
    since_china = (datetime.now(CHINA_TZ) - timedelta(hours=hours)).strftime("%Y-%m-%d %H:%M:%S")
    campaigns = conn.execute(
        "SELECT id, state FROM campaigns WHERE text_hash = ? AND state != 'cancelled' "
        "AND (created_ts >= ? OR scheduled_at >= ?)",
        (text_hash(text), since_ts, since_china),
    ).fetchall()
    if not campaigns:
        return 0
    wanted = set(mobiles)
    hit: set[str] = set()
    for cid, state in campaigns:
        states = _WENT + ((RecipientState.PENDING,) if state in _LIVE_CAMPAIGN else ())
        marks = ", ".join("?" * len(states))
        if len(wanted) <= _FEW_NUMBERS:
            numbers = sorted(wanted - hit)
            for i in range(0, len(numbers), 500):
                chunk = numbers[i:i + 500]
                sql = (f"SELECT DISTINCT mobile FROM recipients INDEXED BY recipients_mobile "
                       f"WHERE mobile IN ({', '.join('?' * len(chunk))}) AND campaign_id = ? AND state IN ({marks})")
                hit.update(r[0] for r in conn.execute(sql, (*chunk, cid, *states)))
        else:
            sql = f"SELECT mobile FROM recipients WHERE campaign_id = ? AND state IN ({marks})"
            hit.update(m for (m,) in conn.execute(sql, (cid, *states)) if m in wanted)
    return len(hit)


# --- follow-ups ----------------------------------------------------------------------------

def create_followup(conn: sqlite3.Connection, cid: int, states: Iterable[str], text: str | None,
                    batch_size: int) -> int:
    """A new campaign of the same kind for the numbers of ``cid`` in ``states``, minus the
    opted-out ones. Without ``text`` each number keeps the text it was sent (personalised
    campaigns stay personalised); params are copied without a scheduled time."""
    states = tuple(dict.fromkeys(states))
    unknown = [s for s in states if s not in FOLLOWUP_STATES]
    if not states or unknown:
        raise StoreError(
            f"不能按这些状态再发：{', '.join(unknown) or '（空）'}（可选：已提交、已送达、未送达、失败、不确定）",
            f"Cannot follow up on these states: {', '.join(unknown) or '(none)'} "
            f"(choose among {', '.join(sorted(FOLLOWUP_STATES))})")
    source = get_campaign(conn, cid)
    marks = ", ".join("?" * len(states))
    rows = conn.execute(
        f"SELECT r.mobile, b.text FROM recipients AS r JOIN batches AS b ON b.id = r.batch_id "
        f"WHERE r.campaign_id = ? AND r.state IN ({marks}) ORDER BY r.id",
        (cid, *states),
    ).fetchall()
    opted = {r[0] for r in conn.execute("SELECT mobile FROM opt_outs")}
    chosen: dict[str, str | None] = {}
    dropped = 0
    for mobile, batch_text in rows:
        if mobile in chosen:
            continue
        if mobile in opted:
            dropped += 1
            continue
        chosen[mobile] = batch_text
    if not chosen:
        raise StoreError(f"第 {cid} 次发送里没有需要再发的号码（{'、'.join(states)}，已去掉退订的）。",
                         f"Campaign {cid} has no numbers to send again ({', '.join(states)}, opted-out removed).")
    mobiles = list(chosen)
    new_text = text if text is not None else source.text
    texts: list[str | None] | None = None
    if text is None and any(t is not None for t in chosen.values()):
        texts = [t if t is not None else source.text for t in chosen.values()]
    params = {k: v for k, v in source.params.items() if k not in _SCHEDULE_KEYS}
    stats = {"followup_of": cid, "followup_states": list(states), "opted_out": dropped,
             **_units(source, new_text, texts, len(mobiles))}
    return _c.create_campaign(conn, source.kind, new_text, params, mobiles, batch_size, None, stats, texts)


def _units(source: Campaign, text: str | None, texts: list[str | None] | None, count: int) -> dict[str, Any]:
    kind = source.kind
    if kind in (Kind.SMS, Kind.INTL):
        unit = units_intl if kind == Kind.INTL else units_domestic
        if texts is not None:
            each = [unit(t or "") for t in texts]
            return {"units_per_message": max(each), "units_total": sum(each)}
        per = unit(text or "")
    elif kind in (Kind.VOICE, Kind.VOICECALL):
        per = units_voice(text) if text else int(source.stats.get("units_per_message", 1))
    else:
        per = int(source.stats.get("units_per_message", 1))
    return {"units_per_message": per}


# --- held campaigns and the opt-out list ------------------------------------------------------

def scheduled_campaigns(conn: sqlite3.Connection) -> list[Campaign]:
    """Campaigns held by the program for a later time, soonest first."""
    ids = [r[0] for r in conn.execute(
        "SELECT id FROM campaigns WHERE state = 'scheduled' AND scheduled_at IS NOT NULL "
        "ORDER BY scheduled_at, id")]
    return [get_campaign(conn, cid) for cid in ids]


def opt_out_rows(conn: sqlite3.Connection) -> list[OptOutRow]:
    """The opt-out list (source: reply / manual / import), oldest first."""
    return [OptOutRow(m, s, a)
            for m, s, a in conn.execute("SELECT mobile, source, added FROM opt_outs ORDER BY added, mobile")]


def batch_texts(conn: sqlite3.Connection, cid: int) -> list[BatchText]:
    """Every batch of a campaign in order, with its own text (None: the campaign's) and recipients."""
    return [BatchText(seq, text, batch_state(state), n) for seq, text, state, n in conn.execute(
        "SELECT b.seq, b.text, b.state, (SELECT count(*) FROM recipients AS r WHERE r.batch_id = b.id) "
        "FROM batches AS b WHERE b.campaign_id = ? ORDER BY b.seq", (cid,))]

