"""The store: the program's one SQLite database, behind async methods.

``Store`` owns the only connection of this process that writes. All writing happens on
one dedicated worker thread (a single-thread executor), each call inside one
``BEGIN IMMEDIATE`` transaction; reads go to a second, read-only connection on a second
thread, so a long write does not hold up a view being refreshed. Nothing blocks the
caller's event loop.

The file is in WAL mode with a busy timeout, so another process (e.g. a separately
started receiver) can write the same file: writers queue instead of failing.
``synchronous=FULL``: a commit is on disk before the call returns (the receiver answers
the platform only after that, and a batch's msgid is on disk before its request leaves).

Recipient states: pending → sending → submitted → delivered | undelivered, or failed,
or uncertain. Batch states: pending, sending, submitted, failed, uncertain.
Campaign kinds: sms, intl, voice, voicecall, mms.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sqlite3
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from jianmi_desktop.platform.models import Reply, StatusCall, StatusReport
from jianmi_desktop.platform.relay_events import Page
from jianmi_desktop.states import RecipientState
from jianmi_desktop.store import campaigns as _c
from jianmi_desktop.store import followups as _f
from jianmi_desktop.store import inbound as _in
from jianmi_desktop.store import msgid_ranges as _ranges
from jianmi_desktop.store import queries as _q
from jianmi_desktop.store import relay_state as _relay
from jianmi_desktop.store.migrations import migrate
from jianmi_desktop.store.models import Batch, Campaign, StoreError, now_iso
from jianmi_desktop.store.rows import (
    BalanceReading,
    BatchText,
    HistoryRow,
    OptOutRow,
    RecipientPageRow,
    ReplyRow,
    VoiceFileRow,
)
from jianmi_desktop.store.transactions import immediate

log = logging.getLogger(__name__)

T = TypeVar("T")

BUSY_TIMEOUT_MS = 15_000


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS:d}")
    return conn


def _save_draft(conn: sqlite3.Connection, kind: str, body: bytes) -> None:
    conn.execute("INSERT INTO drafts(kind, body, updated) VALUES (?, ?, ?) "
                 "ON CONFLICT(kind) DO UPDATE SET body = excluded.body, updated = excluded.updated",
                 (kind, body, now_iso()))


def _load_draft(conn: sqlite3.Connection, kind: str) -> bytes | None:
    row = conn.execute("SELECT body FROM drafts WHERE kind = ?", (kind,)).fetchone()
    return None if row is None else bytes(row[0])


def _clear_draft(conn: sqlite3.Connection, kind: str) -> None:
    conn.execute("DELETE FROM drafts WHERE kind = ?", (kind,))


def _claim(conn: sqlite3.Connection, account: str) -> str:
    conn.execute("INSERT OR IGNORE INTO owner (id, account) VALUES (1, ?)", (account,))
    return str(conn.execute("SELECT account FROM owner WHERE id = 1").fetchone()[0])


def _owner_only(path: Path) -> None:
    """Every phone number and message is in this file: this user only (POSIX). SQLite makes
    the ``-wal`` and ``-shm`` files with the database's own mode."""
    if os.name == "nt":
        return
    for name in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        try:
            if name.exists() and name.stat().st_mode & 0o777 != 0o600:
                os.chmod(name, 0o600)
        except OSError:
            pass


class Store:
    """Use ``await Store.open(path)``; ``await store.close()`` when done."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._writer_pool = ThreadPoolExecutor(1, thread_name_prefix="jianmi-store-write")
        self._reader_pool = ThreadPoolExecutor(1, thread_name_prefix="jianmi-store-read")
        self._w: sqlite3.Connection | None = None  # touched only on the writer thread
        self._r: sqlite3.Connection | None = None  # touched only on the reader thread
        self._closed = False

    # --- life cycle --------------------------------------------------------------------

    @classmethod
    async def open(cls, path: Path) -> Store:
        """Open (creating if needed) and migrate the database at ``path``."""
        self = cls(path)
        loop = asyncio.get_running_loop()
        try:
            await loop.run_in_executor(self._writer_pool, self._open_writer)
            await loop.run_in_executor(self._reader_pool, self._open_reader)
        except BaseException:
            await self._shutdown()
            raise
        return self

    def _open_writer(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        conn = _connect(self.path)
        _owner_only(self.path)
        try:
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode.lower() != "wal":
                raise StoreError(
                    f"无法以 WAL 模式打开数据库（{mode}）：{self.path}",
                    f"Cannot open the database in WAL mode ({mode}): {self.path}",
                )
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA temp_store = MEMORY")
            conn.execute("PRAGMA cache_size = -65536")  # 64 MB
            migrate(conn, self.path)
        except BaseException:
            conn.close()
            raise
        self._w = conn

    def _open_reader(self) -> None:
        conn = _connect(self.path)
        conn.execute("PRAGMA query_only = ON")
        conn.execute("PRAGMA cache_size = -65536")
        self._r = conn

    async def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        loop = asyncio.get_running_loop()
        await loop.run_in_executor(self._reader_pool, self._close_reader)
        await loop.run_in_executor(self._writer_pool, self._close_writer)
        await self._shutdown()

    def _close_reader(self) -> None:
        if self._r is not None:
            self._r.close()
            self._r = None

    def _close_writer(self) -> None:
        if self._w is not None:
            try:
                self._w.execute("PRAGMA optimize")
            except sqlite3.Error:  # pragma: no cover - best effort
                log.exception("PRAGMA optimize failed")
            self._w.close()
            self._w = None

    async def _shutdown(self) -> None:
        self._closed = True
        self._reader_pool.shutdown(wait=False)
        self._writer_pool.shutdown(wait=False)

    async def __aenter__(self) -> Store:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    # --- running work on the threads ------------------------------------------------------

    async def _write(self, fn: Callable[..., T], *args: Any) -> T:
        self._check_open()

        def run() -> T:
            conn = self._w
            if conn is None:
                raise StoreError("数据库已关闭。", "The database is closed.")
            return immediate(conn, fn, *args)

        return await asyncio.get_running_loop().run_in_executor(self._writer_pool, run)

    async def _read(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        self._check_open()

        def run() -> T:
            conn = self._r
            if conn is None:
                raise StoreError("数据库已关闭。", "The database is closed.")
            conn.execute("BEGIN")  # one snapshot for the whole read
            try:
                return fn(conn, *args, **kwargs)
            finally:
                conn.execute("COMMIT")

        return await asyncio.get_running_loop().run_in_executor(self._reader_pool, run)

    def _check_open(self) -> None:
        if self._closed:
            raise StoreError("数据库已关闭。", "The database is closed.")

    # --- msgids and campaigns -------------------------------------------------------------

    async def next_msgids(self, n: int = 1) -> list[str]:
        """``n`` fresh msgids: strictly increasing across restarts, ≥ epoch ms × 1000."""
        return await self._write(_c.take_msgids, n)

    async def create_campaign(
        self,
        *,
        kind: str,
        text: str | None,
        params: dict[str, Any],
        mobiles: list[str],
        batch_size: int,
        scheduled_at: str | None = None,
        stats: dict[str, Any] | None = None,
        texts: list[str] | None = None,
    ) -> int:
        """Write a campaign, all its batches (msgids assigned now) and recipients at once.

        ``kind``: sms | intl | voice | voicecall | mms. ``params``: JSON-able dict (subid,
        sendtime, filename, daycheck, task_id, ...). ``stats``: counts from the checks
        (invalid, duplicates, opted_out, units_per_message, units_total). ``scheduled_at``
        (China time 'YYYY-MM-DD hh:mm:ss') makes the campaign 'scheduled', otherwise 'pending'.
        ``texts`` (one per mobile, personalised messages): recipients with the same text are
        grouped into batches of at most ``batch_size`` carrying that text (``Batch.text``);
        ``text`` is then the template, shown in the history and used by the repeat check.
        """
        mobiles = list(mobiles)
        if texts is not None:
            texts = list(texts)
        return await self._write(
            _c.create_campaign, kind, text, dict(params), mobiles, batch_size, scheduled_at,
            dict(stats) if stats else None, texts,
        )

    async def create_followup(self, campaign_id: int, states: Iterable[str] = (RecipientState.UNDELIVERED,),
                              text: str | None = None, *, batch_size: int = 100) -> int:
        """A new campaign of the same kind for the numbers of ``campaign_id`` in ``states``
        (submitted, delivered, undelivered, failed, uncertain), minus opted-out numbers;
        params copied (without a scheduled time), ``stats['followup_of']`` = the source.
        Without ``text`` each number gets the text it was sent. StoreError when none is left."""
        return await self._write(_f.create_followup, campaign_id, tuple(states), text,
                                 max(1, min(int(batch_size), 500)))

    async def recent_same_text(self, text: str, mobiles_sample: Iterable[str], hours: float = 24) -> int:
        """How many distinct numbers of ``mobiles_sample`` got (or are about to get) exactly
        ``text`` (the campaign's text as stored) within the last ``hours``."""
        return await self._read(_f.recent_same_text, text, list(mobiles_sample), hours)

    async def scheduled_campaigns(self) -> list[Campaign]:
        """Campaigns the program holds for a later time (state 'scheduled'), soonest first."""
        return await self._read(_f.scheduled_campaigns)

    async def batch_texts(self, cid: int) -> list[BatchText]:
        """Each batch of a campaign in order: its own text or None, state, recipients."""
        return await self._read(_f.batch_texts, cid)

    async def get_campaign(self, cid: int) -> Campaign:
        return await self._read(_q.get_campaign, cid)

    async def set_campaign_state(self, cid: int, state: str, error: str | None = None) -> None:
        """scheduled | pending | running | paused | done | stopped | cancelled."""
        await self._write(_c.set_campaign_state, cid, state, error)

    async def update_campaign_params(self, cid: int, **kv: Any) -> dict[str, Any]:
        """Merge ``kv`` into the campaign's params (e.g. task_id after addContent)."""
        return await self._write(_c.update_campaign_params, cid, kv)

    async def claim_next_batch(self, cid: int) -> Batch | None:
        """The next pending batch, moved (with its pending recipients) to 'sending'."""
        return await self._write(_c.claim_next_batch, cid)

    async def finish_batch(
        self, batch_id: int, state: str, code: int | None = None, error: str | None = None
    ) -> str:
        """submitted | failed | uncertain | pending. Recipients follow, except those a
        report already settled. Returns the state recorded ('uncertain' turns into
        'submitted' when a report for the batch already arrived)."""
        return await self._write(_c.finish_batch, batch_id, state, code, error)

    async def mark_interrupted(self) -> int:
        """After a crash: batches (and recipients) in 'sending' → 'uncertain'; returns how
        many batches. A batch some report already answered becomes 'submitted' instead."""
        return await self._write(_c.mark_interrupted)

    async def resend_uncertain(self, batch_id: int) -> str:
        """The user chose to resend an uncertain batch: new msgid, back to pending."""
        return await self._write(_c.resend_uncertain, batch_id)

    async def unfinished_campaigns(self, due_before: str | None = None) -> list[int]:
        return await self._read(_q.unfinished_campaigns, due_before)

    # --- what comes back ------------------------------------------------------------------

    async def apply_reports(self, reports: Iterable[StatusReport]) -> int:
        """Store delivery reports (idempotent) and settle recipients; returns how many
        reports were new."""
        return await self._write(_in.apply_reports, list(reports))

    async def add_replies(self, replies: Iterable[Reply]) -> int:
        """Store replies (idempotent); returns how many were new. 'T', 'TD', 'N', 'R',
        '退订', '取消', '拒收' put the number on the opt-out list (source 'reply')."""
        return await self._write(_in.add_replies, list(replies))

    async def apply_status_calls(self, calls: Iterable[StatusCall]) -> int:
        """Store voice/MMS status calls (idempotent); returns how many were new."""
        return await self._write(_in.apply_status_calls, list(calls))

    # --- the relay (pulled events, msgid ranges) --------------------------------------------

    async def relay_cursor(self, relay: str) -> int:
        """Where the next page of the relay ``relay`` (its id) starts; 0 for a new relay."""
        return await self._read(_relay.cursor, relay)

    async def apply_relay_page(self, relay: str, after: int, page: Page) -> dict[str, int] | None:
        """Apply a page of the relay's events and store its cursor in ONE transaction (exactly
        once after any crash); None when another process applied it already. Counts per kind."""
        return await self._write(_relay.apply_page, relay, after, page)

    async def relay_opt_outs_to_share(self, relay: str) -> tuple[list[str], str]:
        return await self._read(_relay.opt_outs_to_share, relay)

    async def relay_opt_outs_shared(self, relay: str, until: str) -> None:
        await self._write(_relay.opt_outs_shared, relay, until)

    async def add_msgid_range(self, first: int, last: int, relay: str) -> None:
        """A msgid range the relay handed out: from now on msgids come from ranges only."""
        await self._write(_ranges.add_range, first, last, relay)

    async def msgids_left(self) -> int | None:
        """msgids left in the relay's ranges; None when this desktop has none (no team mode)."""
        return await self._read(_ranges.msgids_left)

    async def opt_outs(self) -> set[str]:
        return await self._read(_q.opt_outs)

    async def add_opt_outs(self, numbers: Iterable[str], source: str = "manual") -> int:
        return await self._write(_in.add_opt_outs, list(numbers), source)

    async def remove_opt_outs(self, numbers: Iterable[str]) -> int:
        return await self._write(_in.remove_opt_outs, list(numbers))

    # --- drafts: what is being typed, saved as it is typed ---------------------------------------

    async def save_draft(self, kind: str, body: bytes) -> None:
        await self._write(_save_draft, kind, body)

    async def load_draft(self, kind: str) -> bytes | None:
        return await self._read(_load_draft, kind)

    async def clear_draft(self, kind: str) -> None:
        await self._write(_clear_draft, kind)

    async def claim(self, account: str) -> str:
        """Write down whose data this file holds (``store/homes.py``), unless somebody already
        did; returns the owner."""
        return await self._write(_claim, account)

    async def opt_out_rows(self) -> list[OptOutRow]:
        """The opt-out list with where each number came from, oldest first."""
        return await self._read(_f.opt_out_rows)

    # --- views ------------------------------------------------------------------------------

    async def history(self, limit: int = 50) -> list[HistoryRow]:
        """Newest first, each with one count per recipient state (every state present) and
        'recipients', the total, and its text's first 40 characters."""
        return await self._read(_q.history, limit)

    async def campaign_counts(self, cid: int) -> dict[str, int]:
        """Recipients per state (every state present) and 'recipients', the total."""
        return await self._read(_q.campaign_counts, cid)

    async def count_batches(self, cid: int, state: str | None = None) -> int:
        """Batches of a campaign, all or in one state (the runner's progress and ETA)."""
        return await self._read(_q.count_batches, cid, state)

    async def recipients_page(
        self,
        *,
        campaign_id: int | None = None,
        state: str | None = None,
        mobile_prefix: str | None = None,
        after_id: int = 0,
        limit: int = 200,
    ) -> list[RecipientPageRow]:
        """Keyset pagination: rows with id > after_id, in id order."""
        return await self._read(
            _q.recipients_page, campaign_id=campaign_id, state=state,
            mobile_prefix=mobile_prefix, after_id=after_id, limit=limit,
        )

    async def replies(self, limit: int = 100) -> list[ReplyRow]:
        """Newest first, each with the campaign it answers (when known) and whether it opts out."""
        return await self._read(_q.replies, limit)

    async def record_balance(self, sent: int, remaining: int) -> None:
        await self._write(_q.record_balance, sent, remaining)

    async def balance_history(self, limit: int = 500) -> list[BalanceReading]:
        """(time, sent, remaining) of the last ``limit`` readings, oldest first."""
        return await self._read(_q.balance_history, limit)

    async def add_voice_file(
        self, *, serial: str, name: str, sha256: str, size: int, duration_s: float | None
    ) -> None:
        await self._write(_q.add_voice_file, serial, name, sha256, size, duration_s)

    async def find_voice_file(self, sha256: str) -> VoiceFileRow | None:
        """The newest upload of a file with this SHA-256: serial, name, sha256, size,
        duration_s, uploaded."""
        return await self._read(_q.find_voice_file, sha256)

    async def voice_files(self) -> list[VoiceFileRow]:
        return await self._read(_q.voice_files)
