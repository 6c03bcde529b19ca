"""The history's reading thread: one thread and one read-only ``HistoryReader`` per ``Worker``;
jobs run in order, their results come back to the GUI thread through a queued signal."""

from __future__ import annotations

import asyncio
import itertools
import logging
import sqlite3
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Signal

from jianmi_desktop.store.reader import HistoryReader

log = logging.getLogger(__name__)


class Worker(QObject):
    """One thread, one read-only connection; jobs run in order, callbacks on the GUI thread."""

    _finished = Signal(int, object, object)
    progress = Signal(int, int)  # done, total — a job may emit it from the thread

    def __init__(self, db_path: Path, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.reader = HistoryReader(db_path)
        self._pool = ThreadPoolExecutor(1, thread_name_prefix=name)
        self._callbacks: dict[int, tuple] = {}
        self._ids = itertools.count(1)
        self._closed = False
        self._finished.connect(self._deliver)

    def submit(self, fn: Callable, *args, on_done: Callable | None = None,
               on_error: Callable | None = None) -> int:
        """Run ``fn(reader, *args)`` on the thread."""
        job = next(self._ids)
        self._callbacks[job] = (on_done, on_error)
        signal = self._finished

        def run() -> None:
            try:
                result, error = fn(self.reader, *args), None
            except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread
                result, error = None, exc
            try:
                signal.emit(job, result, error)
            except RuntimeError:  # the window is gone
                pass

        self._pool.submit(run)
        return job

    def call(self, fn: Callable, *args) -> asyncio.Future:
        """The same, awaitable from a coroutine on the GUI loop."""
        future = asyncio.get_running_loop().create_future()

        def done(result: object) -> None:
            if not future.done():
                future.set_result(result)

        def failed(exc: BaseException) -> None:
            if not future.done():
                future.set_exception(exc)

        self.submit(fn, *args, on_done=done, on_error=failed)
        return future

    def _deliver(self, job: int, result, error) -> None:
        on_done, on_error = self._callbacks.pop(job, (None, None))
        if error is not None:
            if on_error is not None:
                on_error(error)
        elif on_done is not None:
            on_done(result)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._callbacks.clear()
        self.reader.interrupt()
        try:
            self._pool.submit(self.reader.close)
        except RuntimeError:  # the interpreter is exiting: its threads are gone
            pass
        self._pool.shutdown(wait=False)


def error_text(exc: BaseException) -> str:
    """A failed read in plain words: the database's own message for SQLite, otherwise that
    something went wrong (the details go to the log, never an exception's class name)."""
    if isinstance(exc, sqlite3.Error):
        return QCoreApplication.translate("RecipientModel", "读取数据库出错：{reason}").format(reason=exc)
    log.error("reading the history failed", exc_info=exc)
    return QCoreApplication.translate("RecipientModel", "读取发送记录时出了意外的问题（详情已写入日志）。")


class Reload:
    """One reading at a time. Asked again while one is under way, it runs once more when that one
    is back (``done()``) — never two at once, and never a result older than the last ask."""

    def __init__(self, start: Callable[[], None]) -> None:
        self._start = start
        self.running = False
        self._again = False

    def __call__(self) -> None:
        if self.running:
            self._again = True
            return
        self.running = True
        self._start()

    def done(self) -> None:
        """The reading is back (or failed): start the one asked meanwhile."""
        self.running = False
        if self._again:
            self._again = False
            self()
