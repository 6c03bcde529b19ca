"""The window's one adapter to the sending service: the service's plain events become Qt signals.

The service (``campaign/service.py``, owned by the runtime) writes campaigns down, queues and
runs them under the sender lock, pauses, resumes, cancels, recovers after a crash and fires
held sends; everything here only passes its events on to the widgets (``started``,
``progress``, ``state_changed``, ``missed``, ``idle`` …) and adds what only a window needs:
the figures per state refreshed from the store at most twice a second, the countdown of held
sends, and the start-up questions. Its calls run on the qasync loop (the GUI thread), so no
lock and no waiting of its own: what takes time goes through ``controller.spawn``.
"""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Protocol, cast

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal, SignalInstance

from jianmi_desktop.campaign.events import (
    END_STATES,
    CampaignStarted,
    Event,
    HeldChanged,
    Idle,
    Missed,
    StateChanged,
)
from jianmi_desktop.campaign.runner import Progress, RunResult
from jianmi_desktop.gui.i18n import said
from jianmi_desktop.states import Kind

if TYPE_CHECKING:
    from jianmi_desktop.campaign.drafts import CampaignDraft
    from jianmi_desktop.campaign.service import Recovery, SendingService
    from jianmi_desktop.store.db import Store

log = logging.getLogger(__name__)

COUNTS_EVERY_MS = 500
SMS_KINDS = (Kind.SMS, Kind.INTL)
VOICE_KINDS = (Kind.VOICE, Kind.VOICECALL)
MMS_KINDS = (Kind.MMS,)


class _Controller(Protocol):
    """What this adapter uses of the window's Controller (described here, not imported: the
    controller imports this module)."""

    @property
    def stored(self) -> SignalInstance: ...

    @property
    def store(self) -> Store | None: ...

    def spawn(self, coro: Awaitable[Any], *, on_done: Callable[[object], None] | None = None,
              on_error: Callable[[str], None] | None = None, owner: QObject | None = None,
              after: Callable[[], None] | None = None) -> asyncio.Task[Any]: ...


def keep_out_of_collections() -> None:
    """The one place the program calls ``gc.freeze()``, when a campaign starts.

    What exists at that moment — the imported list of numbers, the modules and Qt wrappers
    loaded since start-up, the number metadata — lives at least as long as the campaign. Left
    to the collector, every full collection (every few seconds while a campaign allocates its
    batches, progress events and delivery reports) scans all of it again and stalls the window
    for tens of milliseconds (benchmarks/gui_stall.py); frozen, it is never scanned again.
    """
    gc.freeze()


class SendingSignals(QObject):
    started = Signal(int, int, int, int)  # campaign, batches in all, batches still open, batch size
    progress = Signal(object)  # runner.Progress
    state_changed = Signal(int, str, str)  # campaign, state, a plain message (or "")
    counts = Signal(int, object)  # campaign, recipients per state
    scheduled = Signal(object)  # [(campaign, 'YYYY-MM-DD hh:mm:ss', seconds left)]
    missed = Signal(object)  # campaign ids whose time passed while the program was closed
    unfinished = Signal(object, int)  # campaign ids to continue, batches marked uncertain
    ready = Signal()  # the start-up look at what an earlier run left is done
    idle = Signal()  # nothing is being sent any more
    error = Signal(str)  # a plain message for the user

    def __init__(self, controller: _Controller) -> None:  # the window's Controller (it makes this adapter)
        assert isinstance(controller, QObject)  # and the parent of this adapter
        super().__init__(controller)
        self.controller: _Controller = controller
        self.service: SendingService | None = None
        self.is_ready = False
        self._unsubscribe: object = None
        self._watched: dict[int, int] = {}  # who watches → the campaign whose figures it shows
        self._tick = QTimer(self, interval=1000)  # the countdown of held sends
        self._tick.timeout.connect(self._emit_scheduled)
        self._counts_timer = QTimer(self, singleShot=True, interval=COUNTS_EVERY_MS)
        self._counts_timer.timeout.connect(self.refresh_counts)
        controller.stored.connect(self._on_stored)

    # --- the service -------------------------------------------------------------------------
    def attach(self, service: SendingService | None) -> None:
        """Listen to ``service`` (the runtime's; made once the store is open)."""
        if service is self.service:
            return
        if callable(self._unsubscribe):
            self._unsubscribe()
        self.service = service
        self._unsubscribe = service.subscribe(self._on_event) if service is not None else None

    def close(self) -> None:
        """The program stops: no more events, no more ticking (a timer must stop on the GUI thread)."""
        self.attach(None)
        for timer in (self._tick, self._counts_timer):
            timer.stop()

    def _on_event(self, event: Event) -> None:
        if not shiboken6.isValid(self):
            return
        if isinstance(event, Progress):
            self.progress.emit(event)
            self.schedule_counts()
        elif isinstance(event, CampaignStarted):
            keep_out_of_collections()
            self.started.emit(event.campaign_id, event.batches_total, event.batches_open, event.batch_size)
        elif isinstance(event, StateChanged):
            self.state_changed.emit(event.campaign_id, event.state, self._message(event))
            if event.state in END_STATES:
                self.refresh_counts()
        elif isinstance(event, Missed):
            self.missed.emit(list(event.campaign_ids))
        elif isinstance(event, HeldChanged):
            self._emit_scheduled()
        elif isinstance(event, Idle):
            self.idle.emit()

    def _message(self, event: StateChanged) -> str:
        """What the progress panel says under a campaign that ended (or could not start)."""
        if event.error is not None and event.result is None:
            from jianmi_desktop.gui.i18n import plain_message

            return plain_message(event.error)
        result = event.result
        if result is None:
            return ""
        message = ""
        if result.error is not None:
            message = self.tr("发送停止了：{reason}").format(reason=said(result.error))
        elif result.failures:
            message = "\n".join(result.failures[:5])
        if result.uncertain:
            message = (message + "\n" if message else "") + self.tr(
                "有 %Ln 个号码结果不确定（请求已发出但没有收到回答），它们不会自动重发；"
                "请等待状态报告，或到“发送记录”里决定是否重发。", "", result.uncertain)
        return message

    # --- what the window asks ------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self.service is not None and self.service.busy

    @property
    def current(self) -> int | None:
        return self.service.current if self.service is not None else None

    @property
    def queue(self) -> list[int]:
        return self.service.queue if self.service is not None else []

    @property
    def held(self) -> list[tuple[int, str]]:
        return self.service.held if self.service is not None else []

    @property
    def waiting(self) -> bool:
        """Something is to be sent later while the program runs."""
        return self.service is not None and self.service.waiting

    def kind_of(self, campaign_id: int | None) -> str | None:
        if campaign_id is None or self.service is None:
            return None
        return self.service.kind_of(campaign_id)

    def name_of(self, campaign_id: int) -> str:
        """What the window calls the campaign: "短信 #3" (``gui/widgets/names.py``)."""
        from jianmi_desktop.gui.widgets.names import campaign_name

        number = self.service.numbers.get(campaign_id) if self.service is not None else None
        return campaign_name(self.kind_of(campaign_id), number, campaign_id)

    async def create(self, draft: CampaignDraft) -> int:
        return await self._service().create(draft)

    async def create_followup(self, campaign_id: int, states: tuple[str, ...]) -> int:
        return await self._service().create_followup(campaign_id, states)

    def enqueue(self, campaign_id: int) -> asyncio.Future[RunResult]:
        return self._service().enqueue(campaign_id)

    resume = enqueue

    def resend_uncertain(self, campaign_id: int) -> asyncio.Future[RunResult]:
        """Called once the user confirmed the resend (the history's question)."""
        return self._service().resend_uncertain(campaign_id, confirmed=True)

    def pause(self) -> None:
        if self.service is not None:
            self.service.pause()

    def cancel(self, campaign_id: int) -> None:
        self.controller.spawn(self._service().cancel(campaign_id))

    def stop(self) -> None:
        """Closing the window: drop the queue, pause the campaign being sent at a batch boundary."""
        if self.service is not None:
            self.service.stop()

    def _service(self) -> SendingService:
        if self.service is None:
            from jianmi_desktop.campaign.service import NoClient

            raise NoClient("服务正在启动，请稍后再试。", "The services are starting; try again in a moment.")
        return self.service

    # --- start-up: interrupted, unfinished, missed ---------------------------------------------
    def startup(self, *, ask: bool = True) -> None:
        """Look at what an earlier run left (``ask``: offer it to the user), then watch held sends."""
        service = self.service
        if service is None:
            return

        def found(recovery: Recovery) -> None:
            if not shiboken6.isValid(self):
                return
            unfinished = [cid for cid in recovery.unfinished if cid != self.current and cid not in self.queue]
            if ask and (unfinished or recovery.interrupted):
                self.unfinished.emit(unfinished, recovery.interrupted)
            if recovery.missed:
                self.missed.emit(recovery.missed)
            self._emit_scheduled()
            service.watch_schedules()
            self._tick.start()
            self.is_ready = True
            self.ready.emit()

        def failed(message: str) -> None:
            log.warning("start-up check failed: %s", message)
            if shiboken6.isValid(self):
                self.error.emit(self.tr("启动时检查未完成的发送出错了：{reason}").format(reason=message))

        # spawn hands on_done the coroutine's result (typed ``object`` there)
        self.controller.spawn(service.recover(), on_done=lambda r: found(cast("Recovery", r)), on_error=failed)

    # --- figures per state ---------------------------------------------------------------------
    def watch(self, watcher: object, campaign_id: int | None) -> None:
        """``watcher`` shows ``campaign_id``'s figures (None: none any more)."""
        if campaign_id is None:
            self._watched.pop(id(watcher), None)
        else:
            self._watched[id(watcher)] = campaign_id

    def _on_stored(self, *_args: object) -> None:
        self.schedule_counts()

    def schedule_counts(self) -> None:
        if self._watched and not self._counts_timer.isActive():
            self._counts_timer.start()

    def refresh_counts(self) -> None:
        store = self.controller.store
        if store is None:
            return
        for cid in set(self._watched.values()):
            self.controller.spawn(store.campaign_counts(cid), on_done=self._counts_of(cid), on_error=lambda _m: None)

    def _counts_of(self, cid: int) -> Callable[[object], None]:
        def done(counts: object) -> None:
            if shiboken6.isValid(self):
                self.counts.emit(cid, counts)

        return done

    # --- held sends ------------------------------------------------------------------------------
    def refresh_held(self) -> None:
        if self.service is not None:
            self.controller.spawn(self.service.refresh_held(), on_error=lambda _m: None)

    def _emit_scheduled(self) -> None:
        from jianmi_desktop.campaign.scheduler import seconds_left
        from jianmi_desktop.platform.auth import china_now

        now = china_now()
        items = []
        for cid, at in self.held:
            if cid == self.current or cid in self.queue:
                continue
            left = seconds_left(at, now)
            if left is not None:
                items.append((cid, at, max(0.0, left)))
        self.scheduled.emit(items)
