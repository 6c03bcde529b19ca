"""The window's link to the services: owns the Runtime, runs coroutines, turns errors into plain words.

Every coroutine a widget starts goes through ``spawn``: the task is kept (a task with no
reference can be collected mid-flight), and an error becomes a plain message on the
``error`` signal — never a traceback in the user's face.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

import shiboken6
from PySide6.QtCore import QObject, Signal

from jianmi_desktop.gui.i18n import plain_message  # noqa: F401 - offered here too (its old home)
from jianmi_desktop.platform.errors import JianmiError
from jianmi_desktop.runtime import Runtime, Status
from jianmi_desktop.settings import Settings, save_settings

log = logging.getLogger(__name__)
T = TypeVar("T")


class Controller(QObject):
    started = Signal(object)  # Status
    status_changed = Signal(object)  # Status
    stored = Signal(str, int)  # kind of push stored ("report", "reply", "status"), count
    error = Signal(str)  # a plain message for the user
    busy = Signal(bool)
    account_changed = Signal()
    store_changed = Signal()  # the account changed, and with it the data shown (store/homes.py)
    settings_changed = Signal()  # the settings dialog saved new values (signature, thresholds, …)

    def __init__(self, folder: Path, settings: Settings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.folder = folder
        self.settings = settings
        self.runtime = Runtime(folder, settings, on_stored=self._on_stored)
        self._tasks: set[asyncio.Task] = set()
        self._settings_lock = asyncio.Lock()
        from jianmi_desktop.gui.relay_link import RelayLink

        self.relay = RelayLink(self, self)  # pulls reports from the relay while one is set
        self.relay.applied.connect(self.stored)
        from jianmi_desktop.gui.sending import SendingSignals

        #: the sending service's events as Qt signals (one for the window; every tab sends through it)
        self.sending = SendingSignals(self)
        self.sending.error.connect(self.error)
        #: what ``started`` said, once it has (a tab built after that is told at once: gui/main_window.py)
        self.started_status: Status | None = None

    # --- plumbing ---------------------------------------------------------------------
    def _on_stored(self, kind: str, count: int) -> None:
        self.stored.emit(kind, count)  # may come from another thread: Qt queues it

    def spawn(self, coro: Awaitable[T], *, on_done: Callable[[T], None] | None = None,
              on_error: Callable[[str], None] | None = None, owner: QObject | None = None,
              after: Callable[[], None] | None = None) -> asyncio.Task[T]:
        """Run ``coro``; its outcome goes to ``on_done`` / ``on_error`` — unless ``owner`` (the widget
        that asked) was deleted meanwhile, since a window may close while a task is still running.
        ``after`` runs first, whatever the outcome (a busy count going down, say)."""
        task: asyncio.Task[T] = asyncio.ensure_future(coro)
        self._tasks.add(task)

        def finished(t: asyncio.Task[T]) -> None:
            self._tasks.discard(t)
            if t.cancelled() or (owner is not None and not shiboken6.isValid(owner)):
                return
            if after is not None:
                after()
            exc = t.exception()
            if exc is not None:
                if not isinstance(exc, JianmiError):
                    log.error("task failed", exc_info=exc)
                message = plain_message(exc)
                (on_error or self.error.emit)(message)
                return
            if on_done is not None:
                on_done(t.result())

        task.add_done_callback(finished)
        return task

    @property
    def store(self):
        return self.runtime.store

    @property
    def client(self):
        return self.runtime.client

    @property
    def status(self) -> Status | None:
        return self.runtime.status

    # --- life cycle --------------------------------------------------------------------
    async def start(self) -> Status:
        """The services, then what an earlier run left unfinished (offered to the user)."""
        status = await self.start_services()
        self.sending.startup(ask=True)
        return status

    async def start_services(self) -> Status:
        """The services, and ``started`` for the tabs. The program calls ``sending.startup`` itself
        once every tab is built (gui/app.py): a tab must be there to hear of its campaigns."""
        status = await self.runtime.start()
        self.relay.restart()
        self.sending.attach(self.runtime.sending)
        self.started_status = status
        self.started.emit(status)
        self.status_changed.emit(status)
        if status.receiver_error:
            self.error.emit(plain_message(status.receiver_error))
        return status

    async def switch_mode(self, mode: str) -> Status:
        return await self._restarted(self.runtime.switch_mode(mode))

    async def reload(self) -> Status:
        save_settings(self.settings, self.folder)
        return await self._restarted(self.runtime.reload())

    async def _restarted(self, restart: Awaitable[Status]) -> Status:
        """The services restarted on other settings; every tab hears of it, and of the other
        account's data when the account changed."""
        store = self.runtime.store
        await self.relay.aclose()
        try:
            status = await restart
        finally:
            self.relay.restart()
        self.status_changed.emit(status)
        if self.runtime.store is not store:
            self.store_changed.emit()
        self.account_changed.emit()
        self.sending.startup(ask=False)  # never offer another account's campaigns
        return status

    async def stop(self) -> None:
        self.sending.close()
        for task in list(self._tasks):
            task.cancel()
        await self.relay.aclose()
        await self.runtime.stop()

    def save_settings(self) -> None:
        save_settings(self.settings, self.folder)

    def save_settings_soon(self) -> None:
        """Write the settings as they are now, in a worker thread, one write after another; a file
        that cannot be written is logged, and what the user was doing goes on (a folder
        remembered, a template kept: nothing to stop for)."""
        import copy

        snapshot = copy.deepcopy(self.settings)

        async def write() -> None:
            async with self._settings_lock:   # (the writes share one temporary file)
                await asyncio.to_thread(save_settings, snapshot, self.folder)

        self.spawn(write(), on_error=lambda message: log.warning("settings not saved: %s", message))
