"""The relay on PostgreSQL (psycopg 3, async, with a connection pool): several relay processes
behind one reverse proxy share one database.

Commit-ordered numbering: a writer first locks the one row of ``relay_counter``
(``SELECT … FOR UPDATE``), numbers its new events from it, inserts them, moves the counter
and commits; the next writer waits on the row lock until then. So numbers are handed out
in commit order, and a reader whose snapshot holds the counter at n sees every event up to
n — it can never see 11 while 10 is still uncommitted and skip 10 for ever (what a bigserial
allows). The lock is held for a few statements; pushes arriving together share one
transaction (the receiver's group commit), so this costs little.

``NOTIFY relay_events`` is sent inside that transaction (delivered at commit); every relay
process LISTENs on a connection of its own and wakes its long-polls.
"""

from __future__ import annotations

import asyncio
import contextlib
import json.encoder
import logging
import time
from collections.abc import Sequence
from typing import Any

import psycopg
from psycopg_pool import AsyncConnectionPool

from jianmi_desktop.platform.relay_events import NewEvent, unique
from jianmi_desktop.relay import migrations
from jianmi_desktop.relay.storage import (
    EventPage,
    Overlap,
    PruneResult,
    RangeMap,
    RelayError,
    RelayStorage,
    TokenRow,
    describe_url,
)

log = logging.getLogger(__name__)
_q = json.encoder.encode_basestring  # "…" with JSON escapes, non-ASCII kept

CHANNEL = "relay_events"
MIGRATION_LOCK = 0x4A4D5252  # "JMRR": one migrating process at a time

# The new events (not there already), numbered on from the counter in their order, the counter
# moved past them and the long-polls notified (at commit): one statement. The events come as
# one JSON text — arrays of 5 × 200 × n values cost the relay more CPU to send (each one
# adapted and escaped in Python) than the database takes to store them. It runs after the
# statement that locks the counter row, so its snapshot holds the counter as the writer before
# left it, and that writer's events (a repeat of one of them is not inserted again).
_APPEND = """
WITH counter AS (SELECT last AS base FROM relay_counter WHERE id = 1),
given AS (
    SELECT x.ord, decode(x.e->>0, 'hex') AS key, (x.e->>1)::smallint AS kind, (x.e->>2)::int AS owner,
           x.e->>3 AS body, (x.e->>4)::bigint AS near
    FROM jsonb_array_elements(%(events)s::jsonb) WITH ORDINALITY AS x(e, ord)),
fresh AS (
    SELECT g.*, (SELECT base FROM counter) + row_number() OVER (ORDER BY g.ord) AS seq FROM given AS g
    WHERE NOT EXISTS (SELECT 1 FROM events AS old WHERE old.near = g.near AND old.key = g.key)),
added AS (
    INSERT INTO events(seq, near, key, kind, owner, created, body)
    SELECT seq, near, key, kind, owner, %(now)s, body FROM fresh ORDER BY seq RETURNING seq)
UPDATE relay_counter SET last = (SELECT max(seq) FROM added)
WHERE id = 1 AND EXISTS (SELECT 1 FROM added)
RETURNING last - (SELECT base FROM counter), pg_notify(%(channel)s, last::text)
"""


def _events_json(events: Sequence[NewEvent], owners: Sequence[int | None | bool]) -> str:
    """[[key as hex, kind, owner, body as a JSON string, near], …]: one string, built at C speed."""
    return "[" + ",".join([f'["{e.key.hex()}",{e.kind:d},{"null" if o is None or o is False else int(o)},'
                           f'{_q(e.body)},{e.msgid or 0:d}]' for e, o in zip(events, owners)]) + "]"


class PgStorage(RelayStorage):
    # the next append waits on the counter's lock in the database, sent, while one commits
    commits_in_flight = 2

    def __init__(self, url: str, *, password: str | None = None, max_connections: int = 10) -> None:
        super().__init__()
        self.url = url
        # a password from a file (a container secret) rather than in the URL
        self._extra: dict[str, Any] = {"password": password} if password else {}
        self.pool = AsyncConnectionPool(url, min_size=1, max_size=max_connections, open=False,
                                        kwargs={"autocommit": True, **self._extra}, name="jianmi-relay")
        self._ranges = RangeMap()
        self._listener: asyncio.Task[None] | None = None
        self._listening = asyncio.Event()

    # --- life cycle ------------------------------------------------------------------------

    async def open(self) -> None:
        try:
            await self.pool.open(wait=True, timeout=15)
        except Exception as exc:  # noqa: BLE001 - PoolTimeout, OperationalError …
            await self.pool.close()
            raise RelayError(f"无法连接 PostgreSQL 数据库 {describe_url(self.url)}：{type(exc).__name__}",
                             f"Cannot connect to the PostgreSQL database {describe_url(self.url)}: "
                             f"{type(exc).__name__}") from None
        try:
            async with self.pool.connection() as conn:
                await self._migrate(conn)
                cur = await conn.execute("SELECT key, value FROM meta WHERE key IN ('relay_id', 'push_secret')")
                meta: dict[str, str] = dict(await cur.fetchall())
            self.relay_id, self.push_secret = meta["relay_id"], meta["push_secret"]
            self._listener = asyncio.create_task(self._listen(), name="relay-listen")
            await asyncio.wait_for(self._listening.wait(), 15)
        except BaseException:
            await self.close()
            raise

    @staticmethod
    async def _migrate(conn: psycopg.AsyncConnection[Any]) -> None:
        async with conn.transaction():
            await conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
            await conn.execute(migrations.SCHEMA_TABLE)
            cur = await conn.execute("SELECT version FROM relay_schema")
            row = await cur.fetchone()
            for statement, params in migrations.steps(row[0] if row else None, postgresql=True):
                await conn.execute(statement, params or None)

    async def _listen(self) -> None:
        """LISTEN on a connection of our own; wake the long-polls on every notification.
        A lost connection is reopened (and the long-polls woken: they look again)."""
        while True:
            try:
                conn = await psycopg.AsyncConnection.connect(self.url, autocommit=True, **self._extra)
                try:
                    await conn.execute(f"LISTEN {CHANNEL}")
                    self._listening.set()
                    self.wakeup.fire()
                    async for _ in conn.notifies():
                        self.wakeup.fire()
                finally:
                    await conn.close()
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - keep listening whatever happened
                log.warning("relay LISTEN connection lost (%s); reconnecting", type(exc).__name__)
                await asyncio.sleep(1)

    async def close(self) -> None:
        if self._listener is not None:
            self._listener.cancel()
            with contextlib.suppress(BaseException):
                await self._listener
            self._listener = None
        await self.pool.close()

    # --- events --------------------------------------------------------------------------

    async def append(self, events: Sequence[NewEvent]) -> int:
        events = unique(events)
        if not events:
            return 0
        async with self.pool.connection() as conn:
            owners = [self._ranges.owner(e.msgid) for e in events]
            if any(o is False for o in owners):  # a msgid above the ranges known here: newer ones?
                cur = await conn.execute("SELECT first, last, token_id FROM msgid_ranges WHERE first > %s "
                                         "ORDER BY first", (self._ranges.top,))
                self._ranges.add(await cur.fetchall())
                owners = [self._ranges.owner(e.msgid) for e in events]
            # BEGIN, the counter's lock, the append and COMMIT sent at once (one round trip: each
            # one more waited its turn on the busy event loop, while the counter was locked)
            async with conn.pipeline():
                async with conn.transaction():
                    # the lock in a statement of its own: the next statement's snapshot then holds
                    # the events of every writer before
                    await conn.execute("SELECT last FROM relay_counter WHERE id = 1 FOR UPDATE")
                    cur = await conn.execute(_APPEND, {"now": time.time(), "channel": CHANNEL,
                                                       "events": _events_json(events, owners)})
            added = await cur.fetchone()
        if added is None:  # every one was there already
            return 0
        self.wakeup.fire()
        return int(added[0])

    async def page(self, token_id: int, after: int, limit: int) -> EventPage:
        # one statement, so one snapshot: the counter and every event up to it (no transaction
        # to open and close around it)
        async with self.pool.connection() as conn:
            cur = await conn.execute(
                "SELECT c.last, e.seq, e.kind, e.body FROM relay_counter AS c LEFT JOIN LATERAL ("
                "SELECT seq, kind, body FROM events WHERE seq > %s AND (owner IS NULL OR owner = %s) "
                "ORDER BY seq LIMIT %s) AS e ON true WHERE c.id = 1 ORDER BY e.seq", (after, token_id, limit))
            found = await cur.fetchall()
        rows = [(int(s), int(k), b) for _, s, k, b in found if s is not None]
        if len(rows) >= limit:
            return EventPage(rows, rows[-1][0], True)
        return EventPage(rows, max(after, int(found[0][0]) if found else 0), False)

    # --- tokens ---------------------------------------------------------------------------

    async def _fetch(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        async with self.pool.connection() as conn:
            cur = await conn.execute(sql, params)
            return await cur.fetchall()

    async def _run(self, sql: str, params: Sequence[Any] = ()) -> int:
        async with self.pool.connection() as conn:
            cur = await conn.execute(sql, params)
            return cur.rowcount

    async def token_rows(self) -> list[tuple[int, str, str, float | None]]:
        return [(int(a), b, c, d) for a, b, c, d in await self._fetch("SELECT id, name, hash, revoked FROM tokens")]

    async def acknowledge(self, token_id: int, cursor: int) -> None:
        await self._run("UPDATE tokens SET acked = GREATEST(acked, %s), last_seen = %s WHERE id = %s",
                        (cursor, time.time(), token_id))

    async def add_token(self, name: str, token_hash_hex: str) -> None:
        try:
            await self._run("INSERT INTO tokens(name, hash, created) VALUES (%s, %s, %s)",
                            (name, token_hash_hex, time.time()))
        except psycopg.errors.UniqueViolation:
            raise RelayError(f"已经有名为“{name}”的令牌（撤销过的名称也不能再用）",
                             f"A token named {name!r} exists already (a revoked name is not reused)") from None

    async def list_tokens(self) -> list[TokenRow]:
        rows = await self._fetch("SELECT id, name, created, last_seen, acked, revoked FROM tokens ORDER BY id")
        return [TokenRow(int(i), n, c, s, int(a), r) for i, n, c, s, a, r in rows]

    async def revoke_token(self, name: str) -> bool:
        return await self._run("UPDATE tokens SET revoked = %s WHERE name = %s AND revoked IS NULL",
                               (time.time(), name)) > 0

    # --- team mode -------------------------------------------------------------------------

    async def take_msgid_range(self, token_id: int, count: int, floor: int) -> tuple[int, int]:
        async with self.pool.connection() as conn, conn.transaction():
            await conn.execute("INSERT INTO meta(key, value) VALUES ('msgid_next', '0') ON CONFLICT (key) DO NOTHING")
            cur = await conn.execute("SELECT value FROM meta WHERE key = 'msgid_next' FOR UPDATE")
            row = await cur.fetchone()
            first = max(int(row[0]) if row else 0, floor)
            last = first + count - 1
            await conn.execute("UPDATE meta SET value = %s WHERE key = 'msgid_next'", (str(last + 1),))
            await conn.execute("INSERT INTO msgid_ranges(first, last, token_id, created) VALUES (%s, %s, %s, %s)",
                               (first, last, token_id, time.time()))
            return first, last

    async def record_send(self, token_id: int, ref: str, text_hash: str, mobiles: Sequence[str], at: float
                          ) -> None:
        async with self.pool.connection() as conn, conn.transaction():
            cur = await conn.execute(
                "INSERT INTO sends(token_id, ref, text_hash, at) VALUES (%s, %s, %s, %s) "
                "ON CONFLICT (token_id, ref) DO UPDATE SET ref = EXCLUDED.ref RETURNING id",
                (token_id, ref, text_hash, at))
            row = await cur.fetchone()
            assert row is not None
            await conn.execute("INSERT INTO send_numbers(send_id, mobile) SELECT %s, m FROM unnest(%s::text[]) AS m "
                               "ON CONFLICT DO NOTHING", (row[0], list(mobiles)))

    async def overlap(self, token_id: int, text_hash: str, mobiles: Sequence[str], since: float) -> list[Overlap]:
        rows = await self._fetch(
            "SELECT t.name, s.at, count(*) FROM sends AS s JOIN tokens AS t ON t.id = s.token_id "
            "JOIN send_numbers AS n ON n.send_id = s.id "
            "WHERE s.text_hash = %s AND s.at >= %s AND s.token_id <> %s AND n.mobile = ANY(%s) "
            "GROUP BY s.id, t.name, s.at ORDER BY s.at", (text_hash, since, token_id, list(mobiles)))
        return [Overlap(name, float(at), int(count)) for name, at, count in rows]

    # --- upkeep ----------------------------------------------------------------------------

    async def prune(self, before: float, hold_until: float) -> PruneResult:
        async with self.pool.connection() as conn, conn.transaction():
            cur = await conn.execute("SELECT max(seq) FROM events WHERE created < %s", (before,))
            row = await cur.fetchone()
            cut = int(row[0]) if row and row[0] is not None else 0
            cur = await conn.execute("SELECT name, acked FROM tokens WHERE revoked IS NULL")
            live = [(name, int(acked)) for name, acked in await cur.fetchall()]
            safe = min(cut, min((acked for _, acked in live), default=cut))
            cur = await conn.execute("DELETE FROM events WHERE seq <= %s AND created < %s", (safe, before))
            deleted = cur.rowcount
            cur = await conn.execute("DELETE FROM events WHERE seq <= %s AND created < %s", (cut, hold_until))
            dropped = cur.rowcount
            cur = await conn.execute("SELECT count(*) FROM events WHERE seq <= %s AND created < %s", (cut, before))
            held_row = await cur.fetchone()
            await conn.execute("DELETE FROM sends WHERE at < %s", (before,))
        lagging = tuple(sorted(name for name, acked in live if acked < cut))
        return PruneResult(deleted + dropped, int(held_row[0]) if held_row else 0, lagging, dropped)

    async def healthy(self) -> bool:
        try:
            return bool((await self._fetch("SELECT 1"))[0][0] == 1)
        except Exception:  # noqa: BLE001 - any failure is "not healthy"
            return False
