"""The relay on SQLite: one file, one writing thread, WAL; the default for one small server.

Writes (events, tokens, ranges) run one at a time on a dedicated thread, each in one
``BEGIN IMMEDIATE`` transaction with ``synchronous=FULL``: committed means on disk. Reads run
on two other threads with their own connections. Events are numbered by AUTOINCREMENT,
so a number is never handed out twice even when the newest events are pruned; with one
writer, commit order and number order are the same. Long-polls are woken in this process
(a second process writing the same file would not wake them: use PostgreSQL for several).
"""

from __future__ import annotations

import asyncio
import functools
import json
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from jianmi_desktop.platform.relay_events import NewEvent
from jianmi_desktop.relay import migrations
from jianmi_desktop.relay.storage import EventPage, Overlap, PruneResult, RangeMap, RelayError, RelayStorage, TokenRow
from jianmi_desktop.store.transactions import immediate

T = TypeVar("T")
BUSY_MS = 15_000
_ROWS_PER_INSERT = 2000  # 12,000 parameters: well under SQLite's 32,766


@functools.lru_cache(maxsize=8)
def _insert_sql(rows: int) -> str:
    return ("INSERT OR IGNORE INTO events(near, key, kind, owner, created, body) VALUES "
            + ",".join(["(?,?,?,?,?,?)"] * rows))


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_MS / 1000, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_MS:d}")
    return conn


def migrate(conn: sqlite3.Connection) -> None:
    def run(conn: sqlite3.Connection) -> None:
        conn.execute(migrations.SCHEMA_TABLE)
        row = conn.execute("SELECT version FROM relay_schema").fetchone()
        for statement, params in migrations.steps(row[0] if row else None, postgresql=False):
            conn.execute(statement, params)

    immediate(conn, run)


class SqliteStorage(RelayStorage):
    # the next append waits in the writer's queue while one commits: the writing thread takes it
    # up at once, not when the busy event loop gets round to handing it over
    commits_in_flight = 2

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = Path(path)
        self._writer = ThreadPoolExecutor(1, thread_name_prefix="relay-sqlite-write")
        self._readers = ThreadPoolExecutor(2, thread_name_prefix="relay-sqlite-read")
        self._local = threading.local()
        self._all: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._w: sqlite3.Connection | None = None
        self._ranges = RangeMap()

    # --- life cycle ------------------------------------------------------------------------

    async def open(self) -> None:
        await asyncio.get_running_loop().run_in_executor(self._writer, self._open_writer)
        meta = await self._read(lambda c: dict(c.execute("SELECT key, value FROM meta").fetchall()))
        self.relay_id, self.push_secret = meta["relay_id"], meta["push_secret"]

    def _open_writer(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = _connect(self.path)
        except (OSError, sqlite3.Error) as exc:
            raise RelayError(f"无法打开中继数据库 {self.path}：{exc}",
                             f"Cannot open the relay database {self.path}: {exc}") from None
        try:
            if conn.execute("PRAGMA journal_mode = WAL").fetchone()[0].lower() != "wal":
                raise RelayError(f"无法以 WAL 模式打开 {self.path}", f"Cannot open {self.path} in WAL mode")
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA cache_size = -131072")  # 128 MB: the key index stays in memory
            migrate(conn)
            if os.name != "nt":
                os.chmod(self.path, 0o600)  # tokens' hashes and every pushed number
        except BaseException:
            conn.close()
            raise
        self._w = conn

    async def close(self) -> None:
        loop = asyncio.get_running_loop()
        if self._w is not None:
            await loop.run_in_executor(self._writer, self._w.close)
            self._w = None
        with self._lock:
            for conn in self._all:
                conn.close()
            self._all.clear()
        self._writer.shutdown(wait=False)
        self._readers.shutdown(wait=False)

    # --- threads -------------------------------------------------------------------------

    async def _write(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(conn, *args)`` on the writing thread, in one ``BEGIN IMMEDIATE`` transaction."""
        return await self._on_writer(immediate, fn, *args)

    async def _on_writer(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(conn, *args)`` on the writing thread, as it is (it opens its transaction)."""
        def run() -> T:
            conn = self._w
            if conn is None:
                raise RelayError("中继数据库已关闭", "The relay database is closed")
            return fn(conn, *args)

        return await asyncio.get_running_loop().run_in_executor(self._writer, run)

    def _reader(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = _connect(self.path)
            conn.execute("PRAGMA query_only = ON")
            self._local.conn = conn
            with self._lock:
                self._all.append(conn)
        return conn

    async def _read(self, fn: Callable[..., T], *args: Any) -> T:
        def run() -> T:
            conn = self._reader()
            conn.execute("BEGIN")  # one snapshot
            try:
                return fn(conn, *args)
            finally:
                conn.execute("COMMIT")

        return await asyncio.get_running_loop().run_in_executor(self._readers, run)

    # --- events --------------------------------------------------------------------------

    async def append(self, events: Sequence[NewEvent]) -> int:
        if not events:
            return 0
        new = await self._on_writer(self._append, list(events))
        if new:
            self.wakeup.fire()
        return new

    def _append(self, conn: sqlite3.Connection, events: list[NewEvent]) -> int:
        """The events in as few statements as it takes: every statement gives the GIL up while
        SQLite works and must win it back from the busy event loop, which costs more than the
        insert itself. Up to ``_ROWS_PER_INSERT`` events are one statement, hence its own
        transaction (committed, on disk, when it returns); more are one transaction."""
        owners = self._ranges.owners(events, lambda top: conn.execute(
            "SELECT first, last, token_id FROM msgid_ranges WHERE first > ? ORDER BY first", (top,)).fetchall())
        now = time.time()
        rows = [(e.msgid or 0, e.key, e.kind, o, now, e.body) for e, o in zip(events, owners)]

        def insert(conn: sqlite3.Connection) -> int:
            before = conn.total_changes
            for i in range(0, len(rows), _ROWS_PER_INSERT):
                part = rows[i:i + _ROWS_PER_INSERT]
                conn.execute(_insert_sql(len(part)), [value for row in part for value in row])
            return conn.total_changes - before

        return insert(conn) if len(rows) <= _ROWS_PER_INSERT else immediate(conn, insert)

    async def page(self, token_id: int, after: int, limit: int) -> EventPage:
        return await self._read(self._page, token_id, after, limit)

    @staticmethod
    def _page(conn: sqlite3.Connection, token_id: int, after: int, limit: int) -> EventPage:
        rows = conn.execute(
            "SELECT seq, kind, body FROM events WHERE seq > ? AND (owner IS NULL OR owner = ?) ORDER BY seq LIMIT ?",
            (after, token_id, limit)).fetchall()
        if len(rows) >= limit:
            return EventPage(rows, rows[-1][0], True)
        top = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'events'").fetchone()
        return EventPage(rows, max(after, top[0] if top else 0), False)

    # --- tokens ---------------------------------------------------------------------------

    async def token_rows(self) -> list[tuple[int, str, str, float | None]]:
        return await self._read(lambda c: c.execute("SELECT id, name, hash, revoked FROM tokens").fetchall())

    async def acknowledge(self, token_id: int, cursor: int) -> None:
        await self._write(lambda c: c.execute(
            "UPDATE tokens SET acked = max(acked, ?), last_seen = ? WHERE id = ?", (cursor, time.time(), token_id)))

    async def add_token(self, name: str, token_hash_hex: str) -> None:
        def add(conn: sqlite3.Connection) -> None:
            if conn.execute("SELECT 1 FROM tokens WHERE name = ?", (name,)).fetchone():
                raise RelayError(f"已经有名为“{name}”的令牌（撤销过的名称也不能再用）",
                                 f"A token named {name!r} exists already (a revoked name is not reused)")
            conn.execute("INSERT INTO tokens(name, hash, created) VALUES (?, ?, ?)",
                         (name, token_hash_hex, time.time()))

        await self._write(add)

    async def list_tokens(self) -> list[TokenRow]:
        rows = await self._read(lambda c: c.execute(
            "SELECT id, name, created, last_seen, acked, revoked FROM tokens ORDER BY id").fetchall())
        return [TokenRow(*row) for row in rows]

    async def revoke_token(self, name: str) -> bool:
        return await self._write(lambda c: c.execute(
            "UPDATE tokens SET revoked = ? WHERE name = ? AND revoked IS NULL", (time.time(), name)).rowcount > 0)

    # --- team mode -------------------------------------------------------------------------

    async def take_msgid_range(self, token_id: int, count: int, floor: int) -> tuple[int, int]:
        def take(conn: sqlite3.Connection) -> tuple[int, int]:
            row = conn.execute("SELECT value FROM meta WHERE key = 'msgid_next'").fetchone()
            first = max(int(row[0]) if row else 0, floor)
            last = first + count - 1
            conn.execute("INSERT INTO meta(key, value) VALUES ('msgid_next', ?) "
                         "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (str(last + 1),))
            conn.execute("INSERT INTO msgid_ranges(first, last, token_id, created) VALUES (?, ?, ?, ?)",
                         (first, last, token_id, time.time()))
            return first, last

        return await self._write(take)

    async def record_send(self, token_id: int, ref: str, text_hash: str, mobiles: Sequence[str], at: float
                          ) -> None:
        def record(conn: sqlite3.Connection) -> None:
            conn.execute("INSERT OR IGNORE INTO sends(token_id, ref, text_hash, at) VALUES (?, ?, ?, ?)",
                         (token_id, ref, text_hash, at))
            send_id = conn.execute("SELECT id FROM sends WHERE token_id = ? AND ref = ?", (token_id, ref)).fetchone()[0]
            conn.executemany("INSERT OR IGNORE INTO send_numbers(send_id, mobile) VALUES (?, ?)",
                             [(send_id, m) for m in mobiles])

        await self._write(record)

    async def overlap(self, token_id: int, text_hash: str, mobiles: Sequence[str], since: float) -> list[Overlap]:
        rows = await self._read(lambda c: c.execute(
            "SELECT t.name, s.at, count(*) FROM sends AS s JOIN tokens AS t ON t.id = s.token_id "
            "JOIN send_numbers AS n ON n.send_id = s.id "
            "WHERE s.text_hash = ? AND s.at >= ? AND s.token_id <> ? "
            "AND n.mobile IN (SELECT value FROM json_each(?)) GROUP BY s.id ORDER BY s.at",
            (text_hash, since, token_id, json.dumps(list(mobiles)))).fetchall())
        return [Overlap(name, at, count) for name, at, count in rows]

    # --- upkeep ----------------------------------------------------------------------------

    async def prune(self, before: float, hold_until: float) -> PruneResult:
        def prune(conn: sqlite3.Connection) -> PruneResult:
            cut = conn.execute("SELECT max(seq) FROM events WHERE created < ?", (before,)).fetchone()[0] or 0
            live = conn.execute("SELECT name, acked FROM tokens WHERE revoked IS NULL").fetchall()
            fetched = min((acked for _, acked in live), default=cut)
            safe = min(cut, fetched)
            deleted = conn.execute("DELETE FROM events WHERE seq <= ? AND created < ?", (safe, before)).rowcount
            dropped = conn.execute("DELETE FROM events WHERE seq <= ? AND created < ?", (cut, hold_until)).rowcount
            held = conn.execute("SELECT count(*) FROM events WHERE seq <= ? AND created < ?", (cut, before)).fetchone()[0]
            lagging = tuple(sorted(name for name, acked in live if acked < cut))
            conn.execute("DELETE FROM sends WHERE at < ?", (before,))
            return PruneResult(deleted + dropped, held, lagging, dropped)

        return await self._write(prune)

    async def healthy(self) -> bool:
        try:
            return bool(await self._read(lambda c: c.execute("SELECT 1").fetchone()[0] == 1))
        except Exception:  # noqa: BLE001 - any failure is "not healthy"
            return False
