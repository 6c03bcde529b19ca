"""Read-only queries for the history view, on a connection of their own.

A ``HistoryReader`` opens its own read-only SQLite connection (``mode=ro``) the first time
it is used, so it can live on any worker thread: use one reader from one thread at a time
(``interrupt()`` alone may be called from another thread, to abort a query in progress).
Nothing here imports Qt.

Pages use keyset pagination on the recipient id (``WHERE id > ? ORDER BY id LIMIT ?``).
To keep every page fast over millions of rows, a query never scans more than one *window*
of ids at a time: a campaign's recipients are one contiguous run of ids (each campaign is
written in one transaction), so a campaign filter becomes an id range found with a few
index seeks, and the rest of the filter is checked inside windows of ``WINDOW`` ids. A
number prefix that matches few rows is looked up in the ``recipients_mobile`` index instead.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jianmi_desktop.states import RecipientState
from jianmi_desktop.store.rows import CampaignRow, RecipientRow, campaign_state, kind

WINDOW = 65_536  # ids checked by one query
SPARSE_PREFIX = 5_000  # a prefix matching fewer rows than this goes through the mobile index
UNSETTLED = (RecipientState.PENDING, RecipientState.SENDING, RecipientState.SUBMITTED, RecipientState.UNCERTAIN)

_SELECT = (
    "SELECT r.id, r.campaign_id, r.mobile, r.state, r.status_code, r.updated, b.msgid "
    "FROM recipients AS r {hint} CROSS JOIN batches AS b ON b.id = r.batch_id "
)


@dataclass(frozen=True)
class RecipientFilter:
    """What the user asked to see. Dates ('YYYY-MM-DD', inclusive) are campaign creation dates."""

    campaign_id: int | None = None
    state: str | None = None
    number: str = ""  # digits only
    contains: bool = False  # False: the number starts with ``number``
    ends: bool = False  # the number ends with ``number`` (尾号), through the reversed-number index
    date_from: str | None = None
    date_to: str | None = None


@dataclass
class Plan:
    filter: RecipientFilter
    ranges: list[tuple[int, int | None]]  # id ranges (lo, hi) inclusive; hi None = to the end
    where: str  # conditions beyond the id range
    args: tuple[Any, ...]
    use_mobile_index: bool
    index: str = "recipients_mobile"


def digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


class HistoryReader:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._conn: sqlite3.Connection | None = None
        self._ranges: dict[int, tuple[int, int] | None] = {}  # never change once written
        self._settled_counts: dict[int, dict[str, int]] = {}  # campaigns nothing can change

    # --- connection ----------------------------------------------------------------------
    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            uri = self.path.resolve().as_uri() + "?mode=ro"
            conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False,
                                   timeout=15)
            conn.execute("PRAGMA query_only = ON")
            conn.execute("PRAGMA cache_size = -32768")
            self._conn = conn
        return self._conn

    def interrupt(self) -> None:
        if self._conn is not None:
            self._conn.interrupt()

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    # --- campaigns -----------------------------------------------------------------------
    def campaigns(self, limit: int = 1000) -> list[CampaignRow]:
        """Newest first, each with its recipients per state (the states present)."""
        rows = self.conn.execute(
            "SELECT id, kind, created, state, substr(coalesce(text, json_extract(params, '$.title'),"
            " json_extract(params, '$.filename'), ''), 1, 80), error, scheduled_at, "
            "json_extract(params, '$.senddate'), json_extract(params, '$.sendtime'), number "
            "FROM campaigns ORDER BY id DESC LIMIT ?", (limit,)).fetchall()
        return [CampaignRow(cid, kind(kind_), created, campaign_state(state), excerpt or "", error, scheduled_at,
                            senddate, sendtime, self.campaign_counts(cid), number)
                for cid, kind_, created, state, excerpt, error, scheduled_at, senddate, sendtime, number in rows]

    def campaign_counts(self, cid: int) -> dict[str, int]:
        cached = self._settled_counts.get(cid)
        if cached is not None:
            return dict(cached)
        counts = dict(self.conn.execute(
            "SELECT state, count(*) FROM recipients WHERE campaign_id = ? GROUP BY state", (cid,)))
        if counts and not any(counts.get(s) for s in UNSETTLED):
            self._settled_counts[cid] = dict(counts)
        return counts

    def uncertain_batches(self, cid: int) -> list[int]:
        return [r[0] for r in self.conn.execute(
            "SELECT id FROM batches WHERE campaign_id = ? AND state = 'uncertain' ORDER BY seq", (cid,))]

    def campaign_range(self, cid: int) -> tuple[int, int] | None:
        """The lowest and highest recipient id of a campaign (index seeks only)."""
        if cid in self._ranges:
            return self._ranges[cid]
        conn, state = self.conn, ""
        lo: int | None = None
        hi: int | None = None
        while True:  # skip-scan the (campaign_id, state) index one state at a time
            row = conn.execute("SELECT state FROM recipients WHERE campaign_id = ? AND state > ? "
                               "ORDER BY state LIMIT 1", (cid, state)).fetchone()
            if row is None:
                break
            state = row[0]
            first = conn.execute("SELECT id FROM recipients WHERE campaign_id = ? AND state = ? "
                                 "ORDER BY id LIMIT 1", (cid, state)).fetchone()[0]
            last = conn.execute("SELECT id FROM recipients WHERE campaign_id = ? AND state = ? "
                                "ORDER BY id DESC LIMIT 1", (cid, state)).fetchone()[0]
            lo = first if lo is None else min(lo, first)
            hi = last if hi is None else max(hi, last)
        found = None if lo is None or hi is None else (lo, hi)
        if found is not None:
            self._ranges[cid] = found
        return found

    def data_version(self) -> int:
        """Changes whenever another connection commits (a cheap way to notice news)."""
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    def max_id(self) -> int:
        return int(self.conn.execute("SELECT coalesce(max(id), 0) FROM recipients").fetchone()[0])

    # --- recipients ----------------------------------------------------------------------
    def plan(self, flt: RecipientFilter) -> Plan:
        where: list[str] = []
        args: list[Any] = []
        campaign_ids: list[int] | None = None
        if flt.date_from or flt.date_to:
            campaign_ids = [r[0] for r in self.conn.execute(
                "SELECT id FROM campaigns WHERE substr(created, 1, 10) BETWEEN ? AND ? ORDER BY id",
                (flt.date_from or "0000-00-00", flt.date_to or "9999-99-99"))]
        if flt.campaign_id is not None:
            campaign_ids = [c for c in (campaign_ids if campaign_ids is not None else [flt.campaign_id])
                            if c == flt.campaign_id]
        ranges: list[tuple[int, int | None]] = [(1, None)]
        if campaign_ids is not None:
            found = sorted(r for r in map(self.campaign_range, campaign_ids) if r is not None)
            merged: list[tuple[int, int]] = []
            for lo, hi in found:  # merge (they do not overlap, but correctness must not depend on it)
                if merged and lo <= merged[-1][1] + 1:
                    merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
                else:
                    merged.append((lo, hi))
            ranges = [*merged]
            if len(campaign_ids) == 1:
                # With a state the (campaign_id, state) index gives rows in id order; without
                # one, the id range alone is the fast path (hence the unary plus).
                where.append("r.campaign_id = ?" if flt.state else "+r.campaign_id = ?")
                args.append(campaign_ids[0])
            elif campaign_ids:
                where.append(f"+r.campaign_id IN ({','.join('?' * len(campaign_ids))})")
                args += campaign_ids
        if flt.state:
            where.append("r.state = ?")
            args.append(flt.state)
        use_mobile_index = False
        number = digits(flt.number)
        if number and flt.contains:
            where.append("instr(r.mobile, ?) > 0")
            args.append(number)
        elif number:
            # 开头是: a range of the number's index; 尾号是: the same on the number read backwards
            name, index = ("mobile_rev", "recipients_mobile_rev") if flt.ends else ("mobile", "recipients_mobile")
            key = number[::-1] if flt.ends else number
            bounds = (key, key + "\U0010ffff")
            matches = self.conn.execute(
                f"SELECT count(*) FROM (SELECT 1 FROM recipients INDEXED BY {index} "
                f"WHERE {name} >= ? AND {name} < ? LIMIT ?)", (*bounds, SPARSE_PREFIX)).fetchone()[0]
            use_mobile_index = matches < SPARSE_PREFIX
            if flt.ends and not use_mobile_index:
                # many matches: scan in id order, comparing the tail (cheaper than the virtual column)
                where.append("substr(r.mobile, ?) = ?")
                args += [-len(number), number]
            else:
                column = f"r.{name}" if use_mobile_index else f"+r.{name}"
                where.append(f"{column} >= ? AND {column} < ?")
                args += bounds
            return Plan(flt, ranges, " AND ".join(where), tuple(args), use_mobile_index, index)
        return Plan(flt, ranges, " AND ".join(where), tuple(args), use_mobile_index)

    def _query(self, plan: Plan, after: int, upto: int, limit: int) -> list[tuple[Any, ...]]:
        hint = f"INDEXED BY {plan.index}" if plan.use_mobile_index else ""
        where = "r.id > ? AND r.id <= ?" + (f" AND {plan.where}" if plan.where else "")
        sql = _SELECT.format(hint=hint) + f"WHERE {where} ORDER BY r.id LIMIT ?"
        return self.conn.execute(sql, (after, upto, *plan.args, limit)).fetchall()

    def fetch(self, plan: Plan, cursor: int, want: int,
              budget_s: float = 0.04) -> tuple[list[RecipientRow], int, bool]:
        """Up to ``want`` rows with id > ``cursor``; returns (rows, next cursor, finished).

        Stops early (with fewer rows, not finished) after ``budget_s`` seconds, so a sparse
        filter hands back what it found so far and the caller asks again.
        """
        rows: list[RecipientRow] = []
        from_sql = RecipientRow.from_sql
        started = time.perf_counter()
        end = None
        for lo, hi in plan.ranges:
            if hi is None:
                hi = end = self.max_id() if end is None else end
            pos = max(cursor, lo - 1)
            while pos < hi:
                upto = hi if plan.use_mobile_index else min(hi, pos + WINDOW)
                got = self._query(plan, pos, upto, want - len(rows))
                rows += map(from_sql, got)
                if len(rows) >= want:
                    return rows, rows[-1].id, False
                pos = cursor = upto
                if time.perf_counter() - started > budget_s:
                    return rows, cursor, False
            cursor = max(cursor, hi)
        return rows, cursor, True

    def count(self, plan: Plan) -> int:
        """How many rows the plan matches (a full pass: call it off the page thread)."""
        total = 0
        for lo, hi in plan.ranges:
            hint = f"INDEXED BY {plan.index}" if plan.use_mobile_index else ""
            sql = (f"SELECT count(*) FROM recipients AS r {hint} WHERE r.id >= ?"
                   + (" AND r.id <= ?" if hi is not None else "")
                   + (f" AND {plan.where}" if plan.where else ""))
            bounds = (lo, hi) if hi is not None else (lo,)
            total += self.conn.execute(sql, (*bounds, *plan.args)).fetchone()[0]
        return total

    def rows_by_id(self, ids: list[int]) -> list[RecipientRow]:
        """The current state of these rows (to refresh what is on screen)."""
        out: list[RecipientRow] = []
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            sql = _SELECT.format(hint="") + f"WHERE r.id IN ({','.join('?' * len(chunk))})"
            out += map(RecipientRow.from_sql, self.conn.execute(sql, chunk))
        return out

    def iter_rows(self, flt: RecipientFilter, chunk: int = 5000,
                  cancelled: Callable[[], bool] = lambda: False) -> Iterator[RecipientRow]:
        """Every row the filter matches, in id order (for export)."""
        plan = self.plan(flt)
        cursor, done = 0, False
        while not done and not cancelled():
            rows, cursor, done = self.fetch(plan, cursor, chunk, budget_s=1.0)
            yield from rows
