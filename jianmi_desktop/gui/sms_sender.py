"""The window's sender: runs campaigns one after another under the SenderLock, pauses, resumes and
cancels them, and watches the sends held for later (every 15 s). No widgets: the 短信 tab shows
what it says through signals.

Everything goes through ``controller.spawn``; the store and the client are async, so the GUI
thread only ever waits on the event loop.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import time
from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal

from jianmi_desktop.campaign.accounts import account_key, belongs
from jianmi_desktop.gui.i18n import said

log = logging.getLogger(__name__)

DUE_CHECK_MS = 15_000
COUNTS_EVERY_MS = 500


class SmsSender(QObject):
    started = Signal(int, int, int, int)  # campaign, batches in all, batches still open, batch size
    progress = Signal(object)  # runner.Progress
    state_changed = Signal(int, str, str)  # campaign, state, a plain message (or "")
    counts = Signal(int, object)  # campaign, recipients per state
    scheduled = Signal(object)  # [(campaign, 'YYYY-MM-DD hh:mm:ss', seconds left)]
    missed = Signal(object)  # campaign ids whose time passed while the program was closed
    unfinished = Signal(object, int)  # campaign ids to continue, batches marked uncertain
    idle = Signal()  # nothing is being sent any more
    error = Signal(str)  # a plain message for the user

    def __init__(self, controller, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.queue: list[int] = []
        self.current: int | None = None
        self.runner = None
        self.state = "idle"
        self.held: list[tuple[int, str]] = []  # held domestic sends: (campaign, when)
        self._task = None
        self._asked_missed: set[int] = set()
        self._last_due_check = 0.0
        self.session_started = datetime.now().astimezone()
        self._due_timer = QTimer(self, interval=DUE_CHECK_MS)
        self._due_timer.timeout.connect(self.check_due)
        self._tick = QTimer(self, interval=1000)  # the countdown
        self._tick.timeout.connect(self._emit_scheduled)
        self._counts_timer = QTimer(self, singleShot=True, interval=COUNTS_EVERY_MS)
        self._counts_timer.timeout.connect(self.refresh_counts)
        self.watched: int | None = None  # the campaign whose counts are shown
        # A bound method, not a lambda: Qt drops the connection when this object goes, while the
        # controller (which outlives the window in tests and on restart) keeps emitting.
        controller.stored.connect(self._on_stored)

    # --- what the window asks --------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self._task is not None and not self._task.done()

    @property
    def waiting(self) -> bool:
        """Something is to be sent later while the program runs."""
        return bool(self.held) or bool(self.queue)

    def enqueue(self, campaign_id: int) -> None:
        if campaign_id != self.current and campaign_id not in self.queue:
            self.queue.append(campaign_id)
        self._pump()

    def pause(self) -> None:
        if self.runner is not None and self.state == "running":
            self.runner.pause()
            self.state = "pausing"
            self.state_changed.emit(self.current, "pausing", "")

    def resume(self, campaign_id: int) -> None:
        self.enqueue(campaign_id)

    def cancel(self, campaign_id: int) -> None:
        if campaign_id == self.current and self.runner is not None and self.busy:
            self.runner.cancel()
            self.state = "cancelling"
            self.state_changed.emit(campaign_id, "cancelling", "")
            return
        if campaign_id in self.queue:
            self.queue.remove(campaign_id)
        self.held = [(cid, at) for cid, at in self.held if cid != campaign_id]
        self._emit_scheduled()

        async def cancel_stored():
            await self.controller.store.set_campaign_state(campaign_id, "cancelled")
            return campaign_id

        self.controller.spawn(cancel_stored(),
                              on_done=lambda cid: self.alive() and self.state_changed.emit(cid, "cancelled", ""))

    # --- running ---------------------------------------------------------------------------
    def _pump(self) -> None:
        if self.busy or not self.queue:
            return
        cid = self.queue.pop(0)
        self.current = cid
        self.watched = cid
        self.state = "running"
        self._task = self.controller.spawn(self._run(cid), on_done=self._finished,
                                           on_error=lambda message, c=cid: self._failed(c, message))

    async def _run(self, cid: int):
        from jianmi_desktop.campaign.lock import SenderLock
        from jianmi_desktop.campaign.service import run_campaign

        store, client, settings = self.controller.store, self.controller.client, self.controller.settings
        lock = SenderLock(self.controller.folder)
        await asyncio.to_thread(lock.acquire)
        try:
            total = await store.count_batches(cid)
            pending = await store.count_batches(cid, "pending")
            campaign = await store.get_campaign(cid)
            if campaign.state == "scheduled":
                await store.set_campaign_state(cid, "pending")
            self.started.emit(cid, total, pending, max(1, int(settings.batch_size)))
            # What exists now (the imported list, modules loaded since start-up such as the number
            # metadata) outlives the campaign: keep it out of the full collections that would
            # otherwise rescan it every few seconds while the campaign runs and stall the window.
            gc.freeze()
            holder: list = []
            task = asyncio.ensure_future(run_campaign(store, client, cid, in_flight=settings.in_flight,
                                                      on_progress=self._progress, runner_holder=holder))
            while not holder and not task.done():
                await asyncio.sleep(0)
            self.runner = holder[0] if holder else None
            if self.state == "pausing" and self.runner is not None:  # pause asked before it began
                self.runner.pause()
            return await task
        finally:
            self.runner = None
            lock.release()

    def _progress(self, progress) -> None:
        self.progress.emit(progress)
        self.schedule_counts()

    def _finished(self, result) -> None:
        if not self.alive():
            return
        cid = result.campaign_id
        message = ""
        if result.error is not None:
            message = self.tr("发送停止了：{reason}").format(reason=said(result.error))
        elif result.failures:
            message = "\n".join(result.failures[:5])
        if result.uncertain:
            message = (message + "\n" if message else "") + self.tr(
                "有 {n} 个号码结果不确定（请求已发出但没有收到回答），它们不会自动重发；"
                "请等待状态报告，或到“发送记录”里决定是否重发。").format(n=f"{result.uncertain:,}")
        self._end(cid, result.state, message)

    def _failed(self, cid: int, message: str) -> None:
        if not self.alive():
            log.warning("campaign %s stopped after the window closed: %s", cid, message)
            return
        self._end(cid, "stopped", message)

    def _end(self, cid: int, state: str, message: str) -> None:
        self.state = "idle"
        self.current = None
        self.state_changed.emit(cid, state, message)
        self.refresh_counts()
        self.refresh_held()
        if self.queue:
            QTimer.singleShot(0, self._pump)
        else:
            self.idle.emit()

    # --- counts ----------------------------------------------------------------------------
    def _on_stored(self, *_args) -> None:
        self.schedule_counts()

    def schedule_counts(self) -> None:
        if self.watched is not None and not self._counts_timer.isActive():
            self._counts_timer.start()

    def refresh_counts(self) -> None:
        cid, store = self.watched, self.controller.store
        if cid is None or store is None:
            return
        self.controller.spawn(store.campaign_counts(cid),
                              on_done=lambda counts: self.alive() and self.counts.emit(cid, counts),
                              on_error=lambda _m: None)

    # --- start-up: interrupted, unfinished, missed -------------------------------------------
    def startup(self, *, ask: bool = True) -> None:
        self.controller.spawn(self._startup(), on_done=lambda found: self._started(found, ask) if self.alive() else None,
                              on_error=self._startup_failed)

    def alive(self) -> bool:
        """False once the window is gone (a task may finish after it was closed)."""
        import shiboken6

        return shiboken6.isValid(self)

    def _startup_failed(self, message: str) -> None:
        log.warning("start-up check failed: %s", message)
        if self.alive():
            self.error.emit(self.tr("启动时检查未完成的发送出错了：{reason}").format(reason=message))

    async def _startup(self):
        from jianmi_desktop.campaign.lock import SenderBusy, SenderLock

        store = self.controller.store
        interrupted = 0
        if not self.busy:
            lock = SenderLock(self.controller.folder)
            try:
                await asyncio.to_thread(lock.acquire)
            except SenderBusy:
                lock = None  # another process is sending: its batches in 'sending' are its own
            if lock is not None:
                try:
                    interrupted = await store.mark_interrupted()
                finally:
                    lock.release()
        unfinished = [cid for cid in await store.unfinished_campaigns() if await self._from_before(cid)]
        missed = await self._missed()
        return interrupted, unfinished, missed

    async def _from_before(self, cid: int) -> bool:
        """Created before this window started: left over from an earlier run (not one that another
        part of the program, or the command line, is creating right now)."""
        campaign = await self.controller.store.get_campaign(cid)
        client = self.controller.client
        if client is None or not belongs(campaign, account_key(client)):
            return False  # another account's or the sandbox's: never offered here
        try:
            return datetime.fromisoformat(campaign.created) < self.session_started
        except (TypeError, ValueError):
            return True

    def _started(self, found, ask: bool) -> None:
        interrupted, unfinished, missed = found
        unfinished = [cid for cid in unfinished if cid != self.current and cid not in self.queue]
        if ask and (unfinished or interrupted):
            self.unfinished.emit(unfinished, interrupted)
        self._ask_missed(missed)
        self.refresh_held()
        self._due_timer.start()
        self._tick.start()

    async def _missed(self) -> list[int]:
        from jianmi_desktop.campaign import scheduler
        from jianmi_desktop.platform.auth import china_now

        if self.controller.client is None:  # services restarting (settings changed): asked again later
            return []
        key = account_key(self.controller.client)
        return [c.id for c in await scheduler.missed_campaigns(self.controller.store, china_now()) if belongs(c, key)]

    def _ask_missed(self, missed: list[int]) -> None:
        new = [cid for cid in missed if cid not in self._asked_missed]
        if new:
            self._asked_missed.update(new)
            self.missed.emit(new)

    # --- held sends ------------------------------------------------------------------------
    def refresh_held(self) -> None:
        store = self.controller.store
        if store is None:
            return

        def got(campaigns) -> None:
            if not self.alive():
                return
            self.held = [(c.id, c.scheduled_at) for c in campaigns if c.scheduled_at]
            self._emit_scheduled()

        self.controller.spawn(store.scheduled_campaigns(), on_done=got, on_error=lambda _m: None)

    def check_due(self) -> None:
        """Every ~15 s: held sends whose time came are sent; ones missed long ago are asked about first."""
        from jianmi_desktop.campaign import scheduler
        from jianmi_desktop.platform.auth import china_now

        store = self.controller.store
        if store is None:
            return
        self._last_due_check = time.monotonic()

        async def due():
            if self.controller.client is None:
                return [], []
            now, key = china_now(), account_key(self.controller.client)
            return ([c.id for c in await scheduler.due_campaigns(store, now, grace_s=scheduler.DEFAULT_GRACE_S)
                     if belongs(c, key)],
                    [c.id for c in await scheduler.missed_campaigns(store, now) if belongs(c, key)])

        def got(found) -> None:
            if not self.alive():
                return
            due_ids, missed_ids = found
            for cid in due_ids:
                self.enqueue(cid)
            self._ask_missed(missed_ids)
            self.refresh_held()

        self.controller.spawn(due(), on_done=got, on_error=lambda _m: None)

    def _emit_scheduled(self) -> None:
        from jianmi_desktop.platform.auth import CHINA_TZ, china_now

        now = china_now()
        items = []
        for cid, at in self.held:
            if cid == self.current or cid in self.queue:
                continue
            try:
                when = datetime.strptime(at, "%Y-%m-%d %H:%M:%S").replace(tzinfo=CHINA_TZ)
            except ValueError:
                continue
            items.append((cid, at, max(0.0, (when - now).total_seconds())))
        if any(left <= 0 for _cid, _at, left in items) and time.monotonic() - self._last_due_check > 5:
            QTimer.singleShot(0, self.check_due)
        self.scheduled.emit(items)

