"""The relay's schema: numbered migrations, one list of statements per database.

Migration *n* (1-based) brings a database from version n-1 to n; the version is kept in
``relay_schema``. Each runs in one transaction with its version bump (on PostgreSQL under
an advisory lock, so two relay processes starting at once migrate once). Never edit a
released migration; append a new one.

Tables:
- ``meta``: the relay's id and the secret of its push paths (made on first start).
- ``events``: ``seq`` strictly increasing in commit order; ``key`` the record's identity
  (a repeat of a record is not a new event); ``owner`` the desktop token whose msgid range
  holds the record's msgid, NULL for every desktop; ``body`` the fields as JSON. ``near``
  (migration 2) is the record's msgid as a number (0 when it is none): the identity is unique
  as (near, key), so the index keeps the records of one msgid side by side. Unique on the
  random key alone, every insert of a push landed on a page of its own (800 pages written a
  commit, 45 ms on SQLite at 600,000 events); by msgid, a push of 200 touches a few pages.
  A key is a hash of fields that include the msgid, so (near, key) is as unique as key.
- ``tokens``: desktops; ``hash`` is SHA-256 of the token (the token itself is never kept);
  ``acked`` the cursor the desktop has confirmed by asking past it.
- ``msgid_ranges``: msgids handed to each desktop (team mode).
- ``sends``, ``send_numbers``: what each desktop sent (text hash, numbers) for the overlap
  warning before another desktop sends the same text.
"""

from __future__ import annotations

import secrets
import uuid
from typing import Any

from jianmi_desktop.relay.storage import RelayError

# ``near`` of a stored event, as ``relay_events.msgid_number`` gives it for a new one: the
# first field (the normalised msgid or taskid) of a report, reply or status call when it is
# 1-19 ASCII digits within a signed 64-bit integer; 0 otherwise (and for opt-outs).
_M = "json_extract(body, '$[0]')"
_NEAR_SQLITE = (f"CASE WHEN kind IN (1, 2, 3) AND typeof({_M}) = 'text' AND length({_M}) BETWEEN 1 AND 19 "
                f"AND {_M} NOT GLOB '*[^0-9]*' AND (length({_M}) < 19 OR {_M} <= '9223372036854775807') "
                f"THEN CAST({_M} AS INTEGER) ELSE 0 END")
_P = "(body::json ->> 0)"
_NEAR_POSTGRESQL = (f"CASE WHEN {_P} ~ '^[0-9]{{1,19}}$' THEN CASE WHEN {_P}::numeric <= 9223372036854775807 "
                    f"THEN {_P}::bigint ELSE 0 END ELSE 0 END")

SQLITE: tuple[tuple[str, ...], ...] = (
    (
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
        """CREATE TABLE events (
            seq     INTEGER PRIMARY KEY AUTOINCREMENT,
            key     BLOB NOT NULL UNIQUE,
            kind    INTEGER NOT NULL,
            owner   INTEGER,
            created REAL NOT NULL,
            body    TEXT NOT NULL
        )""",
        """CREATE TABLE tokens (
            id        INTEGER PRIMARY KEY,
            name      TEXT NOT NULL UNIQUE,
            hash      TEXT NOT NULL,
            created   REAL NOT NULL,
            last_seen REAL,
            acked     INTEGER NOT NULL DEFAULT 0,
            revoked   REAL
        )""",
        """CREATE TABLE msgid_ranges (
            first    INTEGER PRIMARY KEY,
            last     INTEGER NOT NULL,
            token_id INTEGER NOT NULL REFERENCES tokens(id),
            created  REAL NOT NULL
        )""",
        """CREATE TABLE sends (
            id        INTEGER PRIMARY KEY,
            token_id  INTEGER NOT NULL REFERENCES tokens(id),
            ref       TEXT NOT NULL,
            text_hash TEXT NOT NULL,
            at        REAL NOT NULL,
            UNIQUE (token_id, ref)
        )""",
        "CREATE INDEX sends_text ON sends(text_hash, at)",
        """CREATE TABLE send_numbers (
            send_id INTEGER NOT NULL REFERENCES sends(id) ON DELETE CASCADE,
            mobile  TEXT NOT NULL,
            PRIMARY KEY (send_id, mobile)
        ) WITHOUT ROWID""",
        "CREATE INDEX send_numbers_mobile ON send_numbers(mobile)",
    ),
    (
        # the table rebuilt (SQLite cannot drop the UNIQUE of a column), its AUTOINCREMENT top
        # carried over, so a number is still never handed out twice
        """CREATE TABLE events_v2 (
            seq     INTEGER PRIMARY KEY AUTOINCREMENT,
            near    INTEGER NOT NULL,
            key     BLOB NOT NULL,
            kind    INTEGER NOT NULL,
            owner   INTEGER,
            created REAL NOT NULL,
            body    TEXT NOT NULL,
            UNIQUE (near, key)
        )""",
        "INSERT INTO events_v2(seq, near, key, kind, owner, created, body) "
        f"SELECT seq, {_NEAR_SQLITE}, key, kind, owner, created, body FROM events ORDER BY seq",
        "DELETE FROM sqlite_sequence WHERE name = 'events_v2'",
        "UPDATE sqlite_sequence SET name = 'events_v2' WHERE name = 'events'",
        "DROP TABLE events",
        "ALTER TABLE events_v2 RENAME TO events",
    ),
)

POSTGRESQL: tuple[tuple[str, ...], ...] = (
    (
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        # one row: the last seq handed out. Its row lock orders the writers (see pg_storage).
        "CREATE TABLE relay_counter (id INTEGER PRIMARY KEY CHECK (id = 1), last BIGINT NOT NULL)",
        "INSERT INTO relay_counter (id, last) VALUES (1, 0)",
        """CREATE TABLE events (
            seq     BIGINT PRIMARY KEY,
            key     BYTEA NOT NULL UNIQUE,
            kind    SMALLINT NOT NULL,
            owner   INTEGER,
            created DOUBLE PRECISION NOT NULL,
            body    TEXT NOT NULL
        )""",
        """CREATE TABLE tokens (
            id        SERIAL PRIMARY KEY,
            name      TEXT NOT NULL UNIQUE,
            hash      TEXT NOT NULL,
            created   DOUBLE PRECISION NOT NULL,
            last_seen DOUBLE PRECISION,
            acked     BIGINT NOT NULL DEFAULT 0,
            revoked   DOUBLE PRECISION
        )""",
        """CREATE TABLE msgid_ranges (
            first    BIGINT PRIMARY KEY,
            last     BIGINT NOT NULL,
            token_id INTEGER NOT NULL REFERENCES tokens(id),
            created  DOUBLE PRECISION NOT NULL
        )""",
        """CREATE TABLE sends (
            id        BIGSERIAL PRIMARY KEY,
            token_id  INTEGER NOT NULL REFERENCES tokens(id),
            ref       TEXT NOT NULL,
            text_hash TEXT NOT NULL,
            at        DOUBLE PRECISION NOT NULL,
            UNIQUE (token_id, ref)
        )""",
        "CREATE INDEX sends_text ON sends(text_hash, at)",
        """CREATE TABLE send_numbers (
            send_id BIGINT NOT NULL REFERENCES sends(id) ON DELETE CASCADE,
            mobile  TEXT NOT NULL,
            PRIMARY KEY (send_id, mobile)
        )""",
        "CREATE INDEX send_numbers_mobile ON send_numbers(mobile)",
    ),
    (
        "ALTER TABLE events ADD COLUMN near BIGINT NOT NULL DEFAULT 0",
        f"UPDATE events SET near = {_NEAR_POSTGRESQL} WHERE kind IN (1, 2, 3)",
        # no default: a relay of the version before, writing beside a migrated one, fails loudly
        # (the platform pushes again) rather than storing a record that a repeat would not find
        "ALTER TABLE events ALTER COLUMN near DROP DEFAULT",
        "ALTER TABLE events DROP CONSTRAINT events_key_key",
        "ALTER TABLE events ADD CONSTRAINT events_near_key UNIQUE (near, key)",
    ),
)

SCHEMA_TABLE = "CREATE TABLE IF NOT EXISTS relay_schema (version INTEGER NOT NULL)"
LATEST = len(SQLITE)
assert len(POSTGRESQL) == LATEST, "every migration exists for both databases"


def steps(version: int | None, postgresql: bool, target: int = LATEST) -> list[tuple[str, tuple[Any, ...]]]:
    """The statements, with their parameters, that bring a database whose ``relay_schema`` says
    ``version`` (None: no row yet) to ``target`` (LATEST; an older one for tests of a migration),
    record that, and make the relay's id and push secret if it has none. Both backends run them
    in one transaction (the same for both but for the migrations and the parameter marks)."""
    current = version or 0
    if current > LATEST:
        raise RelayError(f"中继数据库的版本（{current}）比本程序新，请升级程序",
                         f"The relay database is version {current}, newer than this program; please update")
    mark = "%s" if postgresql else "?"
    out: list[tuple[str, tuple[Any, ...]]] = [
        (statement, ()) for n in range(current, target) for statement in (POSTGRESQL if postgresql else SQLITE)[n]]
    if version is None:
        out.append((f"INSERT INTO relay_schema(version) VALUES ({mark})", (target,)))
    else:
        out.append((f"UPDATE relay_schema SET version = {mark}", (max(current, target),)))
    for key, value in (("relay_id", uuid.uuid4().hex), ("push_secret", secrets.token_urlsafe(24))):
        out.append((f"INSERT INTO meta(key, value) VALUES ({mark}, {mark}) ON CONFLICT (key) DO NOTHING", (key, value)))
    return out
