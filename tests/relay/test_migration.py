"""The relay's migration 2 (events unique by (near, key)) on a database of version 1 holding
events: every stored record is still known (a repeat of it adds nothing), numbers go on above
the old top, and ``near`` of each stored event is what a new one of the same record gets.
Both databases, the same cases."""

from __future__ import annotations

import sqlite3
import time

import psycopg

from jianmi_desktop.platform.models import Reply, StatusCall, StatusReport
from jianmi_desktop.platform.relay_events import events_of, opt_out_event
from jianmi_desktop.relay import migrations
from jianmi_desktop.relay.backends import open_storage
from jianmi_desktop.relay.storage import sqlite_path
from jianmi_desktop.store.transactions import immediate

RECORDS = [
    *(StatusReport("9000001", f"1380000000{i}", i % 2 == 0, "DELIVRD") for i in range(5)),
    StatusReport("0009000002", "13900000000", False, "UNDELIV"),      # stored as "9000002"
    StatusReport("12345678901234567890", "13900000001", True, "DELIVRD"),  # beyond 64 bits: near 0
    StatusReport("9223372036854775807", "13900000002", True, "DELIVRD"),   # the largest that fits
    StatusReport("0", "13900000003", True, "DELIVRD"),
    Reply("9000003", "13900000004", "退订"),
    StatusCall("00042", "13900000005", 2, "20260101120000"),
    StatusCall("١٢٣", "13900000006", 3, ""),                            # digits, but not ASCII ones
    StatusCall("task-abc", "13900000007", 2, ""),
]


def old_events():
    return [*events_of(RECORDS), opt_out_event("13900000004", "reply")]


def make_version_1(db_url: str) -> int:
    """A relay database of version 1 holding ``old_events()``, its newest event pruned (the
    next number must still be above it); returns the top number handed out."""
    events = old_events()
    now = time.time()
    if db_url.startswith("sqlite"):
        conn = sqlite3.connect(sqlite_path(db_url), isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode = WAL")

            def build(c: sqlite3.Connection) -> None:
                c.execute(migrations.SCHEMA_TABLE)
                for statement, params in migrations.steps(None, postgresql=False, target=1):
                    c.execute(statement, params)
                c.executemany("INSERT INTO events(key, kind, owner, created, body) VALUES (?, ?, NULL, ?, ?)",
                              [(e.key, e.kind, now, e.body) for e in events])
                c.execute("DELETE FROM events WHERE seq = ?", (len(events),))

            immediate(conn, build)
        finally:
            conn.close()
        return len(events)
    with psycopg.connect(db_url, autocommit=True) as conn, conn.transaction():
        conn.execute(migrations.SCHEMA_TABLE)
        for statement, params in migrations.steps(None, postgresql=True, target=1):
            conn.execute(statement, params or None)
        with conn.cursor() as cur:
            cur.executemany("INSERT INTO events(seq, key, kind, owner, created, body) VALUES (%s, %s, %s, NULL, %s, %s)",
                            [(n, e.key, e.kind, now, e.body) for n, e in enumerate(events, start=1)])
        conn.execute("UPDATE relay_counter SET last = %s", (len(events),))
        conn.execute("DELETE FROM events WHERE seq = %s", (len(events),))
    return len(events)


def stored_near(db_url: str) -> dict[bytes, int]:
    if db_url.startswith("sqlite"):
        conn = sqlite3.connect(sqlite_path(db_url))
        try:
            return {bytes(k): n for k, n in conn.execute("SELECT key, near FROM events")}
        finally:
            conn.close()
    with psycopg.connect(db_url) as conn:
        return {bytes(k): int(n) for k, n in conn.execute("SELECT key, near FROM events")}


async def test_migration_2_keeps_every_stored_record_known(db_url):
    top = make_version_1(db_url)
    events = old_events()
    storage = await open_storage(db_url)
    try:
        # every record stored before the migration (but the pruned newest) is found again
        assert await storage.append(events[:-1]) == 0
        page = await storage.page(0, 0, 100)
        assert [seq for seq, _, _ in page.rows] == list(range(1, top))
        # new records are numbered above the old top, the pruned one among them
        new = events_of([StatusReport("9000001", "13800000009", True, "DELIVRD")])
        assert await storage.append([*new, events[-1]]) == 2
        page = await storage.page(0, top - 1, 100)
        seqs = [seq for seq, _, _ in page.rows]  # (SQLite's numbers may skip those of ignored repeats)
        assert len(seqs) == 2 and top < seqs[0] < seqs[1]
        assert await storage.append([*events, *new]) == 0
    finally:
        await storage.close()
    # near of each migrated event is what a new event of the same record carries
    near = stored_near(db_url)
    assert {e.key: e.msgid or 0 for e in [*events, *new]} == near
    assert sorted(set(near.values())) == [0, 42, 9000001, 9000002, 9000003, 9223372036854775807]


async def test_a_new_database_is_at_the_latest_version(db_url):
    async with await open_storage(db_url):
        pass
    if db_url.startswith("sqlite"):
        conn = sqlite3.connect(sqlite_path(db_url))
        try:
            version = conn.execute("SELECT version FROM relay_schema").fetchone()[0]
        finally:
            conn.close()
    else:
        with psycopg.connect(db_url) as conn:
            row = conn.execute("SELECT version FROM relay_schema").fetchone()
            version = row[0] if row else None
    assert version == migrations.LATEST == 2
