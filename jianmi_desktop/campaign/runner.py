"""The crash-safe sender: batches of a campaign go out under the shared limiter.

Every batch is marked ``sending`` in the store (with its msgid, written when the campaign
was created) *before* its request leaves, so a crash leaves a trace: on the next start
``Store.mark_interrupted`` turns those batches ``uncertain``, and they are never resent
without the user choosing to. What the platform answered decides the rest:

- 100 → submitted; a 105 or HTTP 5xx is retried inside the client;
- 101 / 103 → that batch failed, the campaign goes on;
- 102 / 104 / 106 / 107 → nothing was carried out; the batch goes back to pending and the
  whole campaign stops with the reason (resume after fixing it);
- no answer (timeout, dropped connection, unreadable answer) → uncertain;
- certainly not sent (refused connection, retries used up) → back to pending, campaign stops.

Pause and cancel act at batch boundaries: batches already in flight finish first.

Several batches are in flight at once, but only one at a time is *claimed and still
waiting for the limiter*: a worker claims its batch (→ ``sending``), and the next worker
may claim only once that request has been let through by the limiter (its ``released``
count moved) or has ended. Otherwise every worker would hold a ``sending`` batch while
queueing for its turn, and a kill would leave all of them ``uncertain`` though most never
left the computer (uncertain means the request left and no answer came back).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from jianmi_desktop.campaign.accounts import OtherAccount, account_key, belongs
from jianmi_desktop.platform.codes import info
from jianmi_desktop.platform.errors import AnswerFormatError, JianmiError, NotSent, PlatformRefusal, Uncertain
from jianmi_desktop.states import BatchState, CampaignState, Kind

if TYPE_CHECKING:
    from jianmi_desktop.client import JianmiClient
    from jianmi_desktop.store.db import Store
    from jianmi_desktop.store.models import Batch, Campaign

log = logging.getLogger(__name__)

SendBatch = Callable[["Batch"], Awaitable[object]]  # (Batch) -> Answer


class _Limiter(Protocol):
    """What the runner reads of the client's limiter (``limiter.SlidingWindowLimiter``)."""

    released: int

    @property
    def rate(self) -> int: ...

    @property
    def span(self) -> float: ...


@dataclass
class Progress:
    campaign_id: int
    batches_done: int
    batches_total: int
    submitted: int
    failed: int
    uncertain: int
    rate: float  # batches a second, over the last stretch
    eta_s: float | None


@dataclass
class RunResult:
    campaign_id: int
    state: str  # done | stopped | paused | cancelled
    submitted: int = 0
    failed: int = 0
    uncertain: int = 0
    error: JianmiError | None = None
    failures: list[str] = field(default_factory=list)  # plain reasons of failed batches


class CampaignRunner:
    """Runs one campaign to its end (or until paused, cancelled or stopped)."""

    def __init__(self, store: Store, send_batch: SendBatch, *, in_flight: int = 8,
                 on_progress: Callable[[Progress], None] | None = None, limiter: _Limiter | None = None) -> None:
        self.store = store
        self.send_batch = send_batch
        self.in_flight = max(1, in_flight)
        self.on_progress = on_progress
        self.limiter = limiter  # the client's limiter: its ``released`` count shows a request left
        self._launch = asyncio.Lock()
        self._last_left: float | None = None  # loop time the last launched request was let go
        self._claim_s = 0.005                 # how long a claim takes (moving average)
        self._pause = False
        self._cancel = False
        self._stop_error: JianmiError | None = None

    def pause(self) -> None:
        self._pause = True

    def cancel(self) -> None:
        self._cancel = True

    async def run(self, campaign_id: int) -> RunResult:
        result = RunResult(campaign_id, CampaignState.DONE)
        total_batches = await self._count_open_batches(campaign_id)
        done = 0
        started = time.monotonic()
        await self.store.set_campaign_state(campaign_id, CampaignState.RUNNING)

        async def worker() -> None:
            nonlocal done
            while not (self._pause or self._cancel or self._stop_error):
                async with self._launch:
                    await self._until_near_turn()
                    if self._pause or self._cancel or self._stop_error:
                        return
                    claim_started = time.monotonic()
                    batch = await self.store.claim_next_batch(campaign_id)
                    self._claim_s = 0.8 * self._claim_s + 0.2 * (time.monotonic() - claim_started)
                    if batch is None:
                        return
                    sending = asyncio.ensure_future(self._send_one(batch, result))
                    try:
                        await self._until_left(sending)
                    except asyncio.CancelledError:
                        sending.cancel()  # its handler records the batch as uncertain
                        raise
                await sending
                done += 1
                self._report(campaign_id, done, total_batches, result, started)

        await asyncio.gather(*(worker() for _ in range(self.in_flight)))

        if self._stop_error is not None:
            result.state, result.error = CampaignState.STOPPED, self._stop_error
            await self.store.set_campaign_state(campaign_id, CampaignState.STOPPED, self._stop_error.zh)
        elif self._cancel:
            result.state = CampaignState.CANCELLED
            await self.store.set_campaign_state(campaign_id, CampaignState.CANCELLED)
        elif self._pause:
            result.state = CampaignState.PAUSED
            await self.store.set_campaign_state(campaign_id, CampaignState.PAUSED)
        else:
            await self.store.set_campaign_state(campaign_id, CampaignState.DONE)
        return result

    async def _until_left(self, sending: asyncio.Future[None]) -> None:
        """Return once the limiter has let this batch's request go (or the send ended)."""
        limiter = self.limiter
        released = getattr(limiter, "released", None)
        if limiter is None or not isinstance(released, int):
            return  # no way to tell: every worker claims at once (the older behaviour)
        while not sending.done() and limiter.released == released:
            await asyncio.sleep(0.002)
        if limiter.released != released:
            self._last_left = asyncio.get_running_loop().time()

    async def _until_near_turn(self) -> None:
        """Claim shortly before the limiter's next turn rather than a whole spacing early:
        the claimed batch then waits for the limiter only briefly, so a kill rarely catches
        a batch marked 'sending' that has not left."""
        if self._last_left is None or self.limiter is None:
            return
        try:
            spacing = float(self.limiter.span) / max(1, int(self.limiter.rate))
        except (AttributeError, TypeError, ValueError):
            return
        lead = min(spacing, max(0.015, 3 * self._claim_s))
        delay = self._last_left + spacing - lead - asyncio.get_running_loop().time()
        if delay > 0:
            await asyncio.sleep(delay)

    async def _count_open_batches(self, campaign_id: int) -> int:
        return await self.store.count_batches(campaign_id, BatchState.PENDING)

    async def _send_one(self, batch: Batch, result: RunResult) -> None:
        size = len(batch.mobiles)
        try:
            await self.send_batch(batch)
        except PlatformRefusal as exc:
            entry = info(exc.code)
            if entry.stops_job:
                # Nothing of this request was carried out: it goes back to pending.
                await self.store.finish_batch(batch.id, BatchState.PENDING, exc.code, exc.zh)
                self._stop_error = self._stop_error or exc
            else:
                await self.store.finish_batch(batch.id, BatchState.FAILED, exc.code, exc.zh)
                result.failed += size
                result.failures.append(f"第 {batch.seq} 批（{size} 个号码）：{exc.zh}")
            return
        except NotSent as exc:
            await self.store.finish_batch(batch.id, BatchState.PENDING, None, exc.zh)
            self._stop_error = self._stop_error or exc
            return
        except (Uncertain, AnswerFormatError) as exc:
            await self.store.finish_batch(batch.id, BatchState.UNCERTAIN, None, exc.zh)
            result.uncertain += size
            return
        except asyncio.CancelledError:
            # The task was cancelled mid-request: the request may have left.
            await asyncio.shield(self.store.finish_batch(batch.id, BatchState.UNCERTAIN, None, "发送被中断"))
            raise
        except Exception as exc:  # a bug must not leave the batch 'sending' with no trace
            log.exception("unexpected error sending batch %s", batch.id)
            await self.store.finish_batch(batch.id, BatchState.UNCERTAIN, None, f"程序内部错误：{exc!r}")
            result.uncertain += size
            self._stop_error = self._stop_error or JianmiError(
                f"程序内部错误，已停止发送：{exc!r}", f"Internal error, sending stopped: {exc!r}")
            return
        await self.store.finish_batch(batch.id, BatchState.SUBMITTED, 100, None)
        result.submitted += size

    def _report(self, campaign_id: int, done: int, total: int, result: RunResult, started: float) -> None:
        if self.on_progress is None:
            return
        elapsed = max(time.monotonic() - started, 1e-6)
        rate = done / elapsed
        eta = (total - done) / rate if total and rate > 0 else None
        self.on_progress(Progress(campaign_id, done, total, result.submitted, result.failed,
                                  result.uncertain, rate, eta))


# --- one campaign's run, whatever its kind ------------------------------------------------------

def batch_sender(client: JianmiClient, campaign: Campaign) -> SendBatch:
    """The function that sends one batch of ``campaign`` through ``client``."""
    kind, text, params = campaign.kind, campaign.text, campaign.params
    send: SendBatch

    if kind == Kind.SMS:
        async def send(batch: Batch) -> object:
            return await client.send_sms(batch.mobiles, batch.text or text or "", batch.msgid,
                                         params.get("subid", ""))
    elif kind == Kind.INTL:
        async def send(batch: Batch) -> object:
            return await client.send_intl(batch.mobiles, batch.text or text or "", batch.msgid,
                                          params.get("sendtime"))
    elif kind == Kind.VOICE:
        async def send(batch: Batch) -> object:
            return await client.send_voice(batch.mobiles, batch.msgid, msg=params.get("msg"),
                                           filename=params.get("filename"), senddate=params.get("senddate"),
                                           sendtime=params.get("sendtime"), vote=bool(params.get("vote")))
    elif kind == Kind.VOICECALL:
        async def send(batch: Batch) -> object:
            return await client.send_voice_call(
                batch.mobiles, batch.msgid, msg=params.get("msg"), filename=params.get("filename"),
                daycheck=params.get("daycheck", 0), timecheck=params.get("timecheck", 1),
                speed=params.get("speed", 60), batchnum=str(params.get("batchnum", campaign.id)))
    elif kind == Kind.MMS:
        task_id = str(params["task_id"])

        async def send(batch: Batch) -> object:
            return await client.mms_send(batch.mobiles, task_id)
    else:
        raise ValueError(f"unknown campaign kind {kind!r}")
    return send


async def prepare_mms(store: Store, client: JianmiClient, campaign_id: int) -> None:
    """addContent once for an MMS campaign; its taskId is kept with the campaign."""
    campaign = await store.get_campaign(campaign_id)
    if campaign.kind != Kind.MMS or campaign.params.get("task_id"):
        return
    task_id = await client.add_content(campaign.params["content"])
    await store.update_campaign_params(campaign_id, task_id=task_id)


async def open_run(store: Store, client: JianmiClient, campaign_id: int, *, in_flight: int = 8,
                   on_progress: Callable[[Progress], None] | None = None) -> CampaignRunner:
    """The runner for what is left of a campaign (MMS content added first), ready to ``run``.

    A campaign written down for another account (or for the sandbox, when the real account is
    in force, and the other way round) is refused: it would send real messages by mistake."""
    campaign = await store.get_campaign(campaign_id)
    key = account_key(client)
    if not belongs(campaign, key):
        raise OtherAccount(
            f"第 {campaign_id} 次发送是在另一个账号或沙箱（{campaign.params.get('account')}）下建的，"
            f"不会用现在的账号（{key}）发出。请切换回那个账号再继续。",
            f"Campaign {campaign_id} was created under another account or the sandbox "
            f"({campaign.params.get('account')}); it is not sent with the current one ({key}).")
    await prepare_mms(store, client, campaign_id)
    campaign = await store.get_campaign(campaign_id)
    return CampaignRunner(store, batch_sender(client, campaign), in_flight=in_flight, on_progress=on_progress,
                          limiter=getattr(client, "limiter", None))


async def run_campaign(store: Store, client: JianmiClient, campaign_id: int, *, in_flight: int = 8,
                       on_progress: Callable[[Progress], None] | None = None) -> RunResult:
    """Send what is left of a campaign, with no sender lock and no events: the sending service's
    building block (``SendingService`` runs campaigns through it), and the tests' way of
    putting a campaign on record. Everything else goes through the service."""
    runner = await open_run(store, client, campaign_id, in_flight=in_flight, on_progress=on_progress)
    return await runner.run(campaign_id)

