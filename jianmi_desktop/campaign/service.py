"""The one sending service: every campaign of every kind, from the window, the command line or
a resend in the history, is written down and sent here — nothing else creates campaigns or
batches. No Qt: plain asyncio, with events for whoever listens (``campaign/events.py``).

    service = SendingService(store, client, folder=data_folder, settings=settings)  # .use_store(other)
    service.subscribe(print)                     # or: async for event in service.events(): ...
    cid = await service.create(sms_draft(plan.text, plan.report.valid, stats=plan.stats()))
    result = await service.send(cid)             # queued, run under the sender lock, RunResult

What it owns:

- **create** a campaign from a checked draft (``drafts.py``), tied to the account it is for;
  a domestic send for later is *held* (state ``scheduled``) and fired when due;
- **run** campaigns one after another (``enqueue`` / ``send``), holding the sender lock of the
  data folder (``lock.py``) while any runs, so one process alone decides that a batch left in
  ``sending`` belongs to a sender that died; **pause**, **resume**, **cancel**, **stop**;
- **resume after a crash** (``recover``): batches found ``sending`` become ``uncertain`` —
  never resent by themselves; unfinished campaigns and missed held sends are listed, to ask;
- **resend what the user chose**: a follow-up campaign of failed or undelivered numbers
  (``create_followup``), or the uncertain batches of a campaign, only when the user confirmed
  (``resend_uncertain(cid, confirmed=True)``);
- **held schedules**: ``watch_schedules`` fires due ones while the program runs (missed ones:
  announced, not sent);
- **events**: ``CampaignStarted``, ``runner.Progress`` (counts, rate, ETA), ``StateChanged``,
  ``Interrupted``, ``Missed``, ``HeldChanged``, ``Idle`` — to callbacks (``subscribe``) or an
  async iterator (``events``), and each state change to the log. (The checks before a
  campaign is written down: ``planning.py``.)
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from jianmi_desktop.campaign import scheduler, seams
from jianmi_desktop.campaign.accounts import account_key, belongs
from jianmi_desktop.campaign.drafts import CampaignDraft
from jianmi_desktop.campaign.events import CampaignStarted, Event, HeldChanged, Idle, Interrupted, Missed, StateChanged
from jianmi_desktop.campaign.lock import SenderBusy, SenderLock
from jianmi_desktop.campaign.planning import AT_FORMAT
from jianmi_desktop.campaign.runner import CampaignRunner, RunResult, open_run
from jianmi_desktop.campaign.seams import NoClient, Recovery, SendingSettings
from jianmi_desktop.platform.auth import china_now
from jianmi_desktop.platform.errors import JianmiError
from jianmi_desktop.states import BatchState, CampaignState, RecipientState

if TYPE_CHECKING:
    from jianmi_desktop.client import JianmiClient
    from jianmi_desktop.store.db import Store
    from jianmi_desktop.store.models import Campaign

log = logging.getLogger(__name__)

Listener = Callable[[Event], None]
#: how often held sends are looked at when none is due sooner
SCHEDULE_CHECK_S = 15.0


@dataclass
class _Job:
    campaign_id: int
    future: asyncio.Future[RunResult]
    before: Callable[[], Awaitable[None]] | None = None  # under the lock, before the run


class SendingService:
    def __init__(self, store: Store, client: JianmiClient | None, *, folder: Path, settings: SendingSettings,
                 clock: Callable[[], datetime] = china_now) -> None:
        self.store = store
        self.client = client  # replaced by the runtime when the account or the mode changes
        self.folder = folder
        self.settings = settings
        self.clock = clock
        #: campaigns created before this moment are "left over from an earlier run" (``recover``)
        self.started_at = datetime.now().astimezone()
        self.current: int | None = None
        self.current_kind: str | None = None
        self.held: list[tuple[int, str]] = []
        self._jobs: deque[_Job] = deque()
        self._kinds: dict[int, str] = {}
        self.numbers: dict[int, int] = {}  # each campaign's number in its family, once read ("短信 #3")
        self._runner: CampaignRunner | None = None
        self._pause_asked = self._cancel_asked = False
        self._pump: asyncio.Task[None] | None = None
        self._watch: asyncio.Task[None] | None = None
        self._wake: asyncio.Event | None = None
        self._listeners: list[Listener] = []
        self._asked_missed: set[int] = set()
        self._lock = SenderLock(folder)
        self._lock_depth = 0
        self._lock_gate: asyncio.Lock | None = None

    # --- events ------------------------------------------------------------------------------
    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener(event)`` for every event (on the service's loop); returns the unsubscribe."""
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    async def events(self) -> AsyncIterator[Event]:
        """The events from now on, as an async iterator (ends when the consumer stops)."""
        queue: asyncio.Queue[Event] = asyncio.Queue()
        unsubscribe = self.subscribe(queue.put_nowait)
        try:
            while True:
                yield await queue.get()
        finally:
            unsubscribe()

    def _emit(self, event: Event) -> None:
        if isinstance(event, StateChanged):
            reason = event.reason
            log.info("campaign %s (%s): %s%s", event.campaign_id, event.kind, event.state,
                     f" — {reason.zh}" if reason is not None else "")
        elif isinstance(event, Interrupted):
            log.info("%s batches were left 'sending' by a sender that stopped: now uncertain", event.batches)
        for listener in list(self._listeners):
            try:
                listener(event)
            except Exception:  # a listener's bug must not stop a campaign
                log.exception("event listener failed on %r", event)

    # --- what is going on ----------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        """A campaign is being sent."""
        return self.current is not None

    @property
    def queue(self) -> list[int]:
        """Campaigns waiting for the one being sent, in order."""
        return [job.campaign_id for job in self._jobs]

    @property
    def waiting(self) -> bool:
        """Something will be sent later while the program runs (queued or held)."""
        return bool(self._jobs) or bool(self.held)

    def use_store(self, store: Store) -> None:
        """Another account's data from now on (``runtime.open_store``), while nothing is sent or queued."""
        if self.busy or self._jobs:
            raise RuntimeError("the store may change only while nothing is being sent or queued")
        self.store = store
        self._kinds, self.numbers, self._asked_missed = {}, {}, set()
        if self.held:   # (what the new store holds comes with the next refresh_held)
            self.held = []
            self._emit(HeldChanged(()))
        if self._wake is not None:
            self._wake.set()

    def kind_of(self, campaign_id: int) -> str | None:
        """The kind of a campaign this service created, queued or ran (None when unknown)."""
        return self._kinds.get(campaign_id)

    def _know(self, campaign: Campaign) -> None:
        self._kinds[campaign.id] = campaign.kind
        if campaign.number is not None:
            self.numbers[campaign.id] = campaign.number

    def _client(self) -> JianmiClient:
        if self.client is None:
            raise NoClient("服务正在启动或切换账号，请稍后再试。",
                           "The services are starting or switching accounts; try again in a moment.")
        return self.client

    def account(self) -> str:
        """The key of the account campaigns are created for and sent with now."""
        return account_key(self._client())

    @property
    def batch_size(self) -> int:
        return max(1, min(int(self.settings.batch_size), 500))

    # --- creating -----------------------------------------------------------------------------
    async def create(self, draft: CampaignDraft) -> int:
        """Write a checked campaign down (every batch and its msgid, before anything is sent),
        tied to the current account. A held one waits for its time; the others wait for ``enqueue``."""
        params = {**draft.params, "account": self.account()}
        cid = await self.store.create_campaign(
            kind=draft.kind, text=draft.text, params=params, mobiles=list(draft.mobiles),
            batch_size=self.batch_size, scheduled_at=draft.scheduled_at, stats=dict(draft.stats) or None,
            texts=list(draft.texts) if draft.texts is not None else None)
        self._know(await self.store.get_campaign(cid))
        self._emit(StateChanged(cid, draft.kind, CampaignState.SCHEDULED if draft.held else CampaignState.PENDING))
        if draft.held:
            await self.refresh_held()
        return cid

    async def create_followup(self, campaign_id: int, states: Iterable[str] = (RecipientState.FAILED,)) -> int:
        """A new campaign of the numbers of ``campaign_id`` in ``states`` (``failed``, ``undelivered``;
        opted-out numbers left out), written down and not sent: the user sends it when ready."""
        cid = await self.store.create_followup(campaign_id, states=tuple(states), batch_size=self.batch_size)
        campaign = await self.store.get_campaign(cid)
        self._know(campaign)
        self._emit(StateChanged(cid, campaign.kind, CampaignState.PENDING))
        return cid

    # --- running ------------------------------------------------------------------------------
    def enqueue(self, campaign_id: int) -> asyncio.Future[RunResult]:
        """Send what is left of a campaign after those queued before it; the future gives its
        ``RunResult`` (or the error that kept it from running). Queued twice: the same future."""
        return self._enqueue(campaign_id)

    async def send(self, campaign_id: int) -> RunResult:
        """``enqueue`` and wait for the outcome."""
        return await self.enqueue(campaign_id)

    resume = enqueue

    def resend_uncertain(self, campaign_id: int, *, confirmed: bool) -> asyncio.Future[RunResult]:
        """Send the uncertain batches of a campaign again (with new msgids), and what else is left
        of it. Only when the user ``confirmed`` it: the numbers may get the message twice."""
        if not confirmed:
            raise ValueError("uncertain batches are resent only when the user confirmed it")

        async def reset() -> None:
            from jianmi_desktop.store.models import StoreError

            for batch_id in await self._uncertain_batches(campaign_id):
                try:
                    await self.store.resend_uncertain(batch_id)
                except StoreError:
                    pass  # a report settled it meanwhile: nothing to resend
            log.info("campaign %s: the user chose to resend its uncertain batches", campaign_id)

        return self._enqueue(campaign_id, before=reset)

    def _enqueue(self, campaign_id: int, before: Callable[[], Awaitable[None]] | None = None
                 ) -> asyncio.Future[RunResult]:
        for job in self._jobs:
            if job.campaign_id == campaign_id:
                return job.future
        future: asyncio.Future[RunResult] = asyncio.get_running_loop().create_future()
        future.add_done_callback(seams.retrieved)
        self._jobs.append(_Job(campaign_id, future, before))
        if self.busy or self._pump is not None:
            self._emit(StateChanged(campaign_id, self._kinds.get(campaign_id, ""), "queued"))
        if self._pump is None:
            self._pump = asyncio.ensure_future(self._run_queue())
        return future

    def pause(self) -> None:
        """Stop the campaign being sent at the next batch boundary (batches in flight finish)."""
        if self.current is None or self._pause_asked or self._cancel_asked:
            return
        self._pause_asked = True
        if self._runner is not None:
            self._runner.pause()
        self._emit(StateChanged(self.current, self.current_kind or "", "pausing"))

    async def cancel(self, campaign_id: int) -> None:
        """Send nothing more of a campaign: the one being sent stops at a batch boundary; a queued
        or held one is cancelled at once."""
        if campaign_id == self.current:
            if not self._cancel_asked:
                self._cancel_asked = True
                if self._runner is not None:
                    self._runner.cancel()
                self._emit(StateChanged(campaign_id, self.current_kind or "", "cancelling"))
            return
        for job in list(self._jobs):
            if job.campaign_id == campaign_id:
                self._jobs.remove(job)
                job.future.cancel()
        await self.store.set_campaign_state(campaign_id, CampaignState.CANCELLED)
        kind = self._kinds.get(campaign_id) or (await self.store.get_campaign(campaign_id)).kind
        self._emit(StateChanged(campaign_id, kind, CampaignState.CANCELLED))
        await self.refresh_held()

    def stop(self) -> None:
        """Drop the queue (those campaigns stay as they are, to send later) and pause the current one."""
        while self._jobs:
            self._jobs.popleft().future.cancel()
        self.pause()

    async def close(self) -> None:
        """Stop watching the schedules and break off a run (a request in flight is then uncertain)."""
        for task in (self._watch, self._pump):
            if task is not None and not task.done():
                task.cancel()
                try:
                    await task
                except (asyncio.CancelledError, Exception):  # noqa: BLE001 - closing must not raise
                    pass
        self._watch = self._pump = None

    async def _run_queue(self) -> None:
        try:
            while self._jobs:
                await self._run_job(self._jobs.popleft())
        finally:
            self._pump = None
            if not self._jobs:
                self._emit(Idle())

    async def _run_job(self, job: _Job) -> None:
        cid = job.campaign_id
        self.current, self.current_kind = cid, self._kinds.get(cid, "")
        self._pause_asked = self._cancel_asked = False
        try:
            campaign = await self.store.get_campaign(cid)
            self._know(campaign)
            self.current_kind = campaign.kind
            async with self.holding_lock():
                campaign = await self.store.get_campaign(cid)
                if job.before is not None:
                    await job.before()
                if campaign.state == CampaignState.SCHEDULED:
                    await self.store.set_campaign_state(cid, CampaignState.PENDING)
                    await self.refresh_held()
                total = await self.store.count_batches(cid)
                still = await self.store.count_batches(cid, BatchState.PENDING)
                self._runner = await open_run(self.store, self._client(), cid, in_flight=self.settings.in_flight,
                                              on_progress=self._emit)
                if self._pause_asked:
                    self._runner.pause()
                if self._cancel_asked:
                    self._runner.cancel()
                self._emit(CampaignStarted(cid, campaign.kind, total, still, self.batch_size))
                self._emit(StateChanged(cid, campaign.kind, CampaignState.RUNNING))
                result = await self._runner.run(cid)
        except asyncio.CancelledError:
            job.future.cancel()
            raise
        except Exception as exc:  # noqa: BLE001 - told to whoever waits, and as an event
            if not isinstance(exc, JianmiError):
                log.exception("campaign %s could not be sent", cid)
            if not job.future.done():
                job.future.set_exception(exc)
            self._emit(StateChanged(cid, self.current_kind or "", CampaignState.STOPPED, error=exc))
            return
        finally:
            self._runner = None
            self.current = self.current_kind = None
        if not job.future.done():
            job.future.set_result(result)
        self._emit(StateChanged(cid, self._kinds.get(cid, ""), result.state, result=result))

    # --- the sender lock, and what a dead sender left ---------------------------------------------
    @asynccontextmanager
    async def holding_lock(self) -> AsyncIterator[int]:
        """Hold the data folder's sender lock (re-entrant within this service). When it is taken,
        batches left ``sending`` by a sender that died become ``uncertain``; yields how many (0 when
        the lock was held already). ``SenderBusy`` when another process is sending."""
        if self._lock_gate is None:
            self._lock_gate = asyncio.Lock()
        found = 0
        async with self._lock_gate:
            if self._lock_depth == 0:
                await asyncio.to_thread(self._lock.acquire)
                try:
                    found = await self.store.mark_interrupted()
                except BaseException:
                    self._lock.release()
                    raise
            self._lock_depth += 1
        if found:
            self._emit(Interrupted(found))
        try:
            yield found
        finally:
            self._lock_depth -= 1
            if self._lock_depth == 0:
                self._lock.release()

    async def recover(self, *, created_before: datetime | None = None) -> Recovery:
        """After a start: batches a dead sender left ``sending`` become ``uncertain`` (when no other
        process is sending), and the campaigns to offer — unfinished ones of this account created
        before ``created_before`` (default: when this service started), and missed held sends."""
        interrupted = 0
        try:
            async with self.holding_lock() as interrupted:
                pass
        except SenderBusy:
            pass  # another process is sending: the batches in 'sending' are its own
        if self.client is None:
            return Recovery(interrupted, [], [])
        before = created_before or self.started_at
        key = self.account()
        unfinished = []
        for cid in await self.store.unfinished_campaigns():
            if cid == self.current or cid in self.queue:
                continue
            campaign = await self.store.get_campaign(cid)
            self._know(campaign)
            if belongs(campaign, key) and seams.created_before(campaign.created, before):
                unfinished.append(cid)
        missed = await self._new_missed()
        await self.refresh_held()
        return Recovery(interrupted, unfinished, missed)

    async def resumable(self, now: datetime | None = None) -> tuple[list[int], list[int]]:
        """Unfinished campaigns and held sends that are due: (this account's, other accounts')."""
        due_before = (now or self.clock()).strftime(AT_FORMAT)
        key = self.account()
        ours: list[int] = []
        others: list[int] = []
        for cid in await self.store.unfinished_campaigns(due_before=due_before):
            (ours if belongs(await self.store.get_campaign(cid), key) else others).append(cid)
        return ours, others

    async def _uncertain_batches(self, campaign_id: int) -> list[int]:
        from jianmi_desktop.store.reader import HistoryReader

        def read() -> list[int]:
            reader = HistoryReader(Path(self.store.path))
            try:
                return reader.uncertain_batches(campaign_id)
            finally:
                reader.close()

        return await asyncio.to_thread(read)

    # --- held sends -------------------------------------------------------------------------------
    async def refresh_held(self) -> list[tuple[int, str]]:
        """The held sends of this account (``HeldChanged`` when they changed)."""
        key = account_key(self.client) if self.client is not None else None
        held = [(c.id, c.scheduled_at) for c in await self.store.scheduled_campaigns()
                if c.scheduled_at and key is not None and belongs(c, key)]
        if held != self.held:
            self.held = held
            self._emit(HeldChanged(tuple(held)))
        if self._wake is not None:
            self._wake.set()
        return held

    async def check_schedules(self) -> list[int]:
        """Queue the held sends that are due (for at most ``scheduler.DEFAULT_GRACE_S``); announce
        (``Missed``) those due long ago, once each. Returns the campaigns queued."""
        if self.client is None:
            return []
        key, now = self.account(), self.clock()
        due = [c for c in await scheduler.due_campaigns(self.store, now, grace_s=scheduler.DEFAULT_GRACE_S)
               if belongs(c, key) and c.id != self.current and c.id not in self.queue]
        for campaign in due:
            self._know(campaign)
            self.enqueue(campaign.id)
        missed = await self._new_missed()
        if missed:
            self._emit(Missed(tuple(missed)))
        await self.refresh_held()
        return [c.id for c in due]

    async def _new_missed(self) -> list[int]:
        if self.client is None:
            return []
        key = self.account()
        found = [c for c in await scheduler.missed_campaigns(self.store, self.clock())
                 if belongs(c, key) and c.id not in self._asked_missed]
        for campaign in found:
            self._know(campaign)
        self._asked_missed.update(c.id for c in found)
        return [c.id for c in found]

    def watch_schedules(self, every_s: float = SCHEDULE_CHECK_S) -> None:
        """Fire held sends when due while the program runs: checked every ``every_s`` seconds, and
        at the moment the soonest one is due."""
        if self._watch is None or self._watch.done():
            self._wake = asyncio.Event()
            self._watch = asyncio.ensure_future(self._watch_loop(every_s))

    async def _watch_loop(self, every_s: float) -> None:
        wake = self._wake
        assert wake is not None
        while True:
            wake.clear()
            try:
                await self.check_schedules()
            except asyncio.CancelledError:
                raise
            except Exception:  # noqa: BLE001 - the next round tries again
                log.exception("checking the held sends failed")
            wake.clear()  # check_schedules' own refresh must not wake us at once
            delay = every_s
            now = self.clock()
            for cid, at in self.held:
                left = scheduler.seconds_left(at, now)
                if left is not None and cid != self.current and cid not in self.queue:
                    delay = min(delay, max(0.05, left + 0.05))
            try:
                await asyncio.wait_for(wake.wait(), delay)
            except TimeoutError:
                pass


__all__ = ["CampaignDraft", "NoClient", "Recovery", "SendingService", "SendingSettings"]
