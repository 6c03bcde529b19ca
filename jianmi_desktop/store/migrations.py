"""Numbered schema migrations, tracked with ``PRAGMA user_version``.

Migration *n* (1-based) brings a database from version n-1 to n. Each runs in one
transaction together with the version bump, so a failed migration leaves the file at
its old version. Before migrating a database that already holds something, a copy is
taken next to it as ``<name>.bak-v<old version>`` with SQLite's online backup API.

Never edit a migration once released; append a new one.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import Any

from jianmi_desktop.store.models import StoreError

log = logging.getLogger(__name__)

# --- version 1: campaigns, batches, recipients, delivery reports, replies, opt-outs -------
_V1 = (
    """CREATE TABLE counters (
        name  TEXT PRIMARY KEY,
        value INTEGER NOT NULL
    ) WITHOUT ROWID""",
    """CREATE TABLE campaigns (
        id           INTEGER PRIMARY KEY,
        kind         TEXT NOT NULL,
        text         TEXT,
        params       TEXT NOT NULL DEFAULT '{}',
        stats        TEXT NOT NULL DEFAULT '{}',
        state        TEXT NOT NULL,
        error        TEXT,
        created      TEXT NOT NULL,
        updated      TEXT NOT NULL,
        scheduled_at TEXT
    )""",
    "CREATE INDEX campaigns_state ON campaigns(state)",
    """CREATE TABLE batches (
        id          INTEGER PRIMARY KEY,
        campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
        seq         INTEGER NOT NULL,
        msgid       TEXT NOT NULL,
        state       TEXT NOT NULL,
        code        INTEGER,
        error       TEXT,
        updated     TEXT NOT NULL,
        UNIQUE (campaign_id, seq)
    )""",
    "CREATE INDEX batches_msgid ON batches(msgid)",
    "CREATE INDEX batches_campaign_state ON batches(campaign_id, state, seq)",
    """CREATE TABLE recipients (
        id          INTEGER PRIMARY KEY,
        campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
        batch_id    INTEGER NOT NULL REFERENCES batches(id),
        mobile      TEXT NOT NULL,
        state       TEXT NOT NULL,
        status_code TEXT,
        updated     TEXT
    )""",
    "CREATE INDEX recipients_campaign_state ON recipients(campaign_id, state)",
    "CREATE INDEX recipients_batch_mobile ON recipients(batch_id, mobile)",
    "CREATE INDEX recipients_mobile ON recipients(mobile)",
    # msgid is stored normalized (no leading zeros): '007' and '7' are one id.
    """CREATE TABLE reports (
        msgid       TEXT NOT NULL,
        mobile      TEXT NOT NULL,
        delivered   INTEGER NOT NULL,
        status_code TEXT NOT NULL,
        epr_id      TEXT NOT NULL DEFAULT '',
        user_id     TEXT NOT NULL DEFAULT '',
        received    TEXT NOT NULL,
        PRIMARY KEY (msgid, mobile, status_code, delivered)
    ) WITHOUT ROWID""",
    """CREATE TABLE replies (
        id       INTEGER PRIMARY KEY,
        msgid    TEXT NOT NULL,
        mobile   TEXT NOT NULL,
        content  TEXT NOT NULL,
        epr_id   TEXT NOT NULL DEFAULT '',
        user_id  TEXT NOT NULL DEFAULT '',
        received TEXT NOT NULL,
        UNIQUE (msgid, mobile, content)
    )""",
    """CREATE TABLE opt_outs (
        mobile TEXT PRIMARY KEY,
        source TEXT NOT NULL,
        added  TEXT NOT NULL
    ) WITHOUT ROWID""",
)

# --- version 2: voice/MMS status calls, balance history, uploaded voice files --------------
_V2 = (
    """CREATE TABLE status_calls (
        id           INTEGER PRIMARY KEY,
        taskid       TEXT NOT NULL,
        mobile       TEXT NOT NULL,
        status       INTEGER NOT NULL,
        receive_time TEXT NOT NULL DEFAULT '',
        received     TEXT NOT NULL,
        UNIQUE (taskid, mobile, status, receive_time)
    )""",
    """CREATE TABLE balances (
        id        INTEGER PRIMARY KEY,
        at        TEXT NOT NULL,
        sent      INTEGER NOT NULL,
        remaining INTEGER NOT NULL
    )""",
    """CREATE TABLE voice_files (
        serial     TEXT PRIMARY KEY,
        name       TEXT NOT NULL,
        sha256     TEXT NOT NULL,
        size       INTEGER NOT NULL,
        duration_s REAL,
        uploaded   TEXT NOT NULL
    )""",
    "CREATE INDEX voice_files_sha256 ON voice_files(sha256)",
)


# --- version 3: per-batch text (personalised campaigns), text hash and creation time ---------
def _backfill_v3(conn: sqlite3.Connection) -> None:
    """Hash and creation time of the campaigns already there (for the 24-hour repeat check)."""
    from jianmi_desktop.store.models import parse_time, text_hash

    rows = conn.execute("SELECT id, text, created FROM campaigns").fetchall()
    conn.executemany(
        "UPDATE campaigns SET text_hash = ?, created_ts = ? WHERE id = ?",
        [(text_hash(text) if text else None, parse_time(created), cid) for cid, text, created in rows],
    )


_V3 = (
    "ALTER TABLE batches ADD COLUMN text TEXT",            # NULL: the campaign's text
    "ALTER TABLE campaigns ADD COLUMN text_hash TEXT",     # models.text_hash(text)
    "ALTER TABLE campaigns ADD COLUMN created_ts REAL",    # unix seconds
    "CREATE INDEX campaigns_text_hash ON campaigns(text_hash, created_ts)",
    _backfill_v3,
)

# --- version 4: the number read backwards, indexed, for 尾号 (ends-with) searches ---------------
# A virtual generated column costs no space in the table and nothing in the code that
# inserts recipients; the index holds it. SQLite has no reverse(): the last 20 characters
# are taken one by one (substr with a start before the beginning gives '').
_MOBILE_REV = "||".join(f"substr(mobile, -{i}, 1)" for i in range(1, 21))
_V4 = (
    f"ALTER TABLE recipients ADD COLUMN mobile_rev TEXT GENERATED ALWAYS AS ({_MOBILE_REV}) VIRTUAL",
    "CREATE INDEX recipients_mobile_rev ON recipients(mobile_rev)",
)

# --- version 5: what is being typed, kept as it is typed (a draft per kind of message) ----------
_V5 = (
    """CREATE TABLE drafts (
        kind TEXT PRIMARY KEY,          -- 'sms', 'voice', 'mms'
        body BLOB NOT NULL,             -- the tab's own form (JSON for SMS/voice, a .jmms for MMS)
        updated TEXT NOT NULL
    )""",
)

# --- version 6: the relay — each relay's cursor (applied in one transaction with the events),
# when opt-outs were last shared with it, and the msgid ranges it handed out (team mode) ------
_V6 = (
    """CREATE TABLE relay_cursors (
        relay   TEXT PRIMARY KEY,       -- the relay's id (a new relay database starts again at 0)
        cursor  INTEGER NOT NULL,
        updated TEXT NOT NULL,
        shared  TEXT                    -- opt-outs added up to this time have been shared
    ) WITHOUT ROWID""",
    """CREATE TABLE msgid_ranges (
        first INTEGER PRIMARY KEY,
        last  INTEGER NOT NULL,
        relay TEXT NOT NULL,
        added TEXT NOT NULL
    )""",
)

# --- version 7: whose data this file holds (each account and the sandbox have a file of their own;
# ``store/homes.py``). One row at most; a file from before version 7 has none until it is claimed ---
_V7 = (
    """CREATE TABLE owner (
        id      INTEGER PRIMARY KEY CHECK (id = 1),
        account TEXT NOT NULL           -- 'sandbox', or '<uid>@<platform>' (campaign/accounts.py)
    )""",
)

# --- version 8: each campaign's number among those of its family (短信, 语音, 彩信), what the window
# calls it ("短信 #3"); the campaigns already there are numbered in the order they were made -------
#: the family of each kind, as SQL (store/campaigns.py numbers new campaigns with it)
FAMILY_SQL = "CASE {k} WHEN 'intl' THEN 'sms' WHEN 'voicecall' THEN 'voice' ELSE {k} END"
_V8 = (
    "ALTER TABLE campaigns ADD COLUMN number INTEGER",
    "UPDATE campaigns SET number = (SELECT count(*) FROM campaigns AS c WHERE c.id <= campaigns.id AND "
    f"{FAMILY_SQL.format(k='c.kind')} = {FAMILY_SQL.format(k='campaigns.kind')})",
)

# A step is an SQL statement or a function run with the connection (inside the transaction).
MIGRATIONS: tuple[tuple[Any, ...], ...] = (_V1, _V2, _V3, _V4, _V5, _V6, _V7, _V8)
LATEST = len(MIGRATIONS)


def user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def backup_path(path: Path, version: int) -> Path:
    return path.with_name(f"{path.name}.bak-v{version}")


def backup(conn: sqlite3.Connection, target: Path) -> None:
    """Copy the whole database behind ``conn`` to ``target`` (online backup API)."""
    tmp = target.with_name(target.name + ".part")
    tmp.unlink(missing_ok=True)
    dst = sqlite3.connect(tmp)
    try:
        conn.backup(dst)
    finally:
        dst.close()
    tmp.replace(target)


def migrate(
    conn: sqlite3.Connection,
    path: Path | None,
    migrations: tuple[tuple[Any, ...], ...] = MIGRATIONS,
    target: int | None = None,
) -> int:
    """Bring the database to ``target`` (default: the latest version); return the old version.

    ``conn`` must be in autocommit mode (``isolation_level=None``).
    """
    target = len(migrations) if target is None else target
    old = user_version(conn)
    if old > len(migrations):
        raise StoreError(
            f"数据库版本（{old}）比本程序支持的（{len(migrations)}）更新，请升级程序。",
            f"The database is version {old}, newer than this program supports "
            f"({len(migrations)}). Please update the program.",
        )
    if old >= target:
        return old
    has_content = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0
    if has_content and path is not None:
        bak = backup_path(path, old)
        log.info("backing up %s to %s before migrating from version %d", path, bak, old)
        backup(conn, bak)
    conn.execute("BEGIN IMMEDIATE")
    try:
        current = user_version(conn)  # another process may have migrated meanwhile
        for version in range(current, target):
            for statement in migrations[version]:
                if callable(statement):
                    statement(conn)
                else:
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version + 1:d}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return old
