"""Delivery reports, replies and status-URL calls leaving the sandbox.

Outcomes are drawn when a send is carried out (seeded per submission, so a run repeats
for the same seed) and wait in the state's outbox until due. The dispatcher wakes a few
times a second, takes everything due, groups SMS reports and replies into pushes of at
most 200 records (XML as in ``samples/``, UTF-8) and POSTs them to the push URL; status
calls are one GET each to the status URL. An unacknowledged push or call is retried with
a doubling back-off; without a URL the records are kept in the state only.
"""

from __future__ import annotations

import asyncio
import heapq
import logging
import random
import time
from collections.abc import Iterable
from urllib.parse import quote, urlencode, urlsplit, urlunsplit
from xml.sax.saxutils import escape

import aiohttp
from yarl import URL

from jianmi_desktop.platform.models import Reply, StatusCall, StatusReport
from jianmi_desktop.sandbox.config import SandboxConfig
from jianmi_desktop.sandbox.rules import china_text
from jianmi_desktop.sandbox.state import Entry, PushRecord, SandboxState, StatusCallRecord

log = logging.getLogger(__name__)

MAX_RECORDS = 200
ACK_ANSWERS = {"100", "OK", "SUCCESS"}
REPLY_TEXTS = (("退订", 60), ("T", 15), ("好的", 15), ("收到", 10))
TICK = 0.1
MAX_CONCURRENT = 8


# --- XML -----------------------------------------------------------------------------


def _cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _form(tag: str, r: StatusReport | Reply, middle: str) -> str:
    """One record: who and which message, then what is said of it (``middle``), then the user."""
    return (f"<{tag}><eprId>{escape(r.epr_id or '0')}</eprId><mobile>{escape(r.mobile)}</mobile>"
            f"<msgId>{escape(r.msgid)}</msgId>{middle}<userId>{escape(r.user_id)}</userId></{tag}>\n    ")


def build_status_push(reports: Iterable[StatusReport]) -> bytes:
    items = list(reports)
    rows = "".join(_form("pushStatusForm", r, f"<status>{1 if r.delivered else 0}</status>"
                                              f"<statusCode>{escape(r.status_code)}</statusCode>") for r in items)
    return _wrap(1, len(items), rows)


def build_reply_push(replies: Iterable[Reply]) -> bytes:
    items = list(replies)
    rows = "".join(_form("pushSmsForm", r, f"<content>{_cdata(r.content)}</content>") for r in items)
    return _wrap(2, len(items), rows)


def _wrap(kind: int, count: int, rows: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<returnForm>\n'
        f"  <type>{kind}</type>\n  <count>{count}</count>\n  <list>\n    {rows.rstrip()}\n  </list>\n"
        "</returnForm>\n"
    ).encode()


def status_call_url(base: str, call: StatusCall) -> str:
    """``base`` with mobile, taskid, status and receiveTime added, its own query kept."""
    parts = urlsplit(base)
    added = urlencode(
        {"mobile": call.mobile, "taskid": call.taskid, "status": str(call.status),
         "receiveTime": call.receive_time},
        quote_via=quote, safe=":",
    )
    query = f"{parts.query}&{added}" if parts.query else added
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", query, ""))


# --- outcomes ------------------------------------------------------------------------


def draw_sms(state: SandboxState, config: SandboxConfig, seq: int, msgid: str,
             mobiles: list[str], start: float, replies: bool = True) -> None:
    """Queue a report (and now and then a reply) for every number of submission ``seq``."""
    rng = random.Random(f"{config.seed}/sms/{seq}")
    low, high = config.report_delay
    for mobile in mobiles:
        due = start + rng.uniform(low, high)
        roll = rng.random()
        if roll < 0.90:
            state.enqueue(due, "report", msgid, mobile, 1, "DELIVRD")
        else:
            state.enqueue(due, "report", msgid, mobile, 0, "UNDELIV" if roll < 0.96 else "EXPIRED")
        if replies and rng.random() < 0.02:
            text = rng.choices([t for t, _ in REPLY_TEXTS], [w for _, w in REPLY_TEXTS])[0]
            state.enqueue(due + rng.uniform(low, high), "reply", msgid, mobile, None, text)


def draw_status(state: SandboxState, config: SandboxConfig, seq: int, taskid: str,
                mobiles: list[str], start: float) -> None:
    """Queue a status-URL call (2 answered / delivered, 3 failed) for every number."""
    rng = random.Random(f"{config.seed}/status/{seq}")
    low, high = config.report_delay
    for mobile in mobiles:
        due = start + rng.uniform(low, high)
        state.enqueue(due, "status", taskid, mobile, 2 if rng.random() < 0.9 else 3, None)


# --- dispatching ---------------------------------------------------------------------


class Dispatcher:
    def __init__(self, state: SandboxState, config: SandboxConfig, changed) -> None:
        self.state = state
        self.config = config
        self.changed = changed            # called after the state changed (to save it)
        self._session: aiohttp.ClientSession | None = None
        self._loop_task: asyncio.Task | None = None
        self._tasks: set[asyncio.Task] = set()
        self._limit = asyncio.Semaphore(MAX_CONCURRENT)
        self._batch = 0

    def start(self) -> None:
        self._session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10))
        self._loop_task = asyncio.create_task(self._run(), name="sandbox-dispatcher")

    async def stop(self) -> None:
        """Stop sending; what is in flight goes back to the outbox (to be saved)."""
        tasks = [t for t in (self._loop_task, *self._tasks) if t is not None]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._tasks.clear()
        for entries in self.state.inflight.values():
            self.state.outbox.extend(entries)
        self.state.inflight.clear()
        heapq.heapify(self.state.outbox)
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def _run(self) -> None:
        while True:
            try:
                self.dispatch_due(time.time())
            except Exception:  # noqa: BLE001 - the dispatcher must keep going
                log.exception("sandbox dispatcher")
            await asyncio.sleep(TICK)

    def dispatch_due(self, now: float) -> None:
        due = self.state.pop_due(now)
        if not due:
            return
        groups: dict[str, list[Entry]] = {"report": [], "reply": [], "status": []}
        for entry in due:
            groups[entry[2]].append(entry)
        for kind in ("report", "reply"):
            items = groups[kind]
            for start in range(0, len(items), MAX_RECORDS):
                self._push(kind, items[start:start + MAX_RECORDS], now)
        for entry in groups["status"]:
            self._status_call(entry, now)
        self.changed()

    def _spawn(self, entries: list[Entry], coro) -> None:
        """Run ``coro``; its entries count as in flight (and are saved) until it ends."""
        self._batch += 1
        batch = self._batch
        self.state.inflight[batch] = entries
        task = asyncio.create_task(coro)
        self._tasks.add(task)

        def done(finished: asyncio.Task) -> None:
            self._tasks.discard(finished)
            if not finished.cancelled():       # cancelled at stop: the entries go back
                self.state.inflight.pop(batch, None)
                self.changed()

        task.add_done_callback(done)

    def _push(self, kind: str, entries: list[Entry], now: float) -> None:
        uid = self.state.uid
        if kind == "report":
            reports = [StatusReport(e[3], e[4], bool(e[5]), str(e[6]), "0", uid) for e in entries]
            if self.config.keep_reports:
                self.state.reports.extend(reports)
            body, push_type = build_status_push(reports), 1
        else:
            replies = [Reply(e[3], e[4], str(e[6]), "0", uid) for e in entries]
            self.state.replies.extend(replies)
            body, push_type = build_reply_push(replies), 2
        url = self.config.push_url
        record = PushRecord(len(self.state.pushes) + 1, push_type, len(entries), url, now)
        self.state.pushes.append(record)
        if url:
            self._spawn(entries, self._deliver(record, self.config.push_retries, lambda: self._post(url, body)))

    def _status_call(self, entry: Entry, now: float) -> None:
        call = StatusCall(entry[3], entry[4], int(entry[5]), china_text(now))
        url = self.state.status_url
        target = status_call_url(url, call) if url else None
        record = StatusCallRecord(call, target, now)
        self.state.status_calls.append(record)
        if target:
            self._spawn([entry], self._deliver(record, self.config.status_retries, lambda: self._get(target)))

    async def _deliver(self, record, retries: int, attempt) -> None:
        delay = self.config.push_backoff
        for number in range(retries + 1):
            if number:
                await asyncio.sleep(delay)
                delay *= 2
            record.attempts += 1
            try:
                async with self._limit:
                    record.acked, record.answer = await attempt()
            except (TimeoutError, aiohttp.ClientError, OSError) as exc:
                record.answer = f"{type(exc).__name__}: {exc}"
            if record.acked:
                return
        log.info("sandbox: %s not acknowledged after %d attempts (%s)",
                 type(record).__name__, record.attempts, record.answer)

    async def _post(self, url: str, body: bytes) -> tuple[bool, str]:
        assert self._session is not None
        headers = {"Content-Type": "text/xml; charset=utf-8"}
        async with self._session.post(url, data=body, headers=headers) as resp:
            text = (await resp.text(errors="replace")).strip()
            return resp.status == 200 and text.upper() in ACK_ANSWERS, f"{resp.status} {text[:100]}"

    async def _get(self, url: str) -> tuple[bool, str]:
        assert self._session is not None
        async with self._session.get(URL(url)) as resp:
            text = (await resp.text(errors="replace")).strip()
            return 200 <= resp.status < 300, f"{resp.status} {text[:100]}"
