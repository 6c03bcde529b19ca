"""The callback server: SMS delivery reports and replies pushed by the platform,
and voice/MMS status-URL calls.

    POST /{token}/push     XML body → stored → "SUCCESS" (only once committed)
    GET|POST /{token}/status?mobile=…&taskid=…&status=2|3&receiveTime=… → "SUCCESS"

Everything that arrives is untrusted. A body over the cap is refused with 413 before it
is buffered; a push that does not parse gets 400 "ERROR" and nothing of it is stored
(the platform pushes it again later); a wrong token or any other path gets 404. When the
store fails the answer is 500 "ERROR", so the platform retries. Storing is idempotent:
the same push twice changes nothing.

The token in the path is a shared secret: it is never logged (the access log is off).
"""

from __future__ import annotations

import asyncio
import hmac
import logging
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any

from aiohttp import web

from jianmi_desktop.platform.push_xml import (
    MAX_PUSH_BYTES,
    PushError,
    parse_push,
    parse_push_full,
    parse_status_call,
    usual_status_fields,
)
from jianmi_desktop.receiver.serving import Served
from jianmi_desktop.store import Store

log = logging.getLogger(__name__)

_CHUNK = 64 * 1024


def _text(body: str, status: int = 200) -> web.Response:
    return web.Response(text=body, status=status, content_type="text/plain")


class Receiver(Served):
    """An aiohttp server on ``host:port`` (127.0.0.1 and a free port unless told).

    ``on_stored(kind, count)`` is called after a commit that stored ``count`` > 0 new
    records (pushes that arrive together share one commit and one call); kind is
    'reports', 'replies' or 'status'. It runs on the event loop (the GUI
    hooks a Qt signal to it); an exception in it is logged and does not affect the answer.

    ``prepare(kind, records)``, when given, turns one request's records into what the store's
    apply method for that kind takes, in the request's handler: that work then runs while an
    earlier commit is under way, not inside the one-at-a-time commit path (the relay makes
    its events so). Without it the records themselves are applied. ``prepare_usual(fields)``,
    when given, does that for a delivery-report push of the usual shape straight from the
    texts of its records (``push_xml.usual_status_fields``), without record objects.
    """

    def __init__(
        self,
        store: Store,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        token: str,
        max_body: int = MAX_PUSH_BYTES,
        on_stored: Callable[[str, int], None] | None = None,
        prepare: Callable[[str, Sequence[Any]], Sequence[Any]] | None = None,
        commits_in_flight: int = 1,
        prepare_usual: Callable[[list[tuple[str, str, str, str, str, str]]], Sequence[Any]] | None = None,
    ) -> None:
        if not token or "/" in token:
            raise ValueError("the receiver needs a non-empty token without '/'")
        self.store = store
        self.host = host
        self.port = port
        self._token = token
        self.max_body = max_body
        self.on_stored = on_stored
        self.prepare = prepare
        self.commits_in_flight = max(1, commits_in_flight)
        self.prepare_usual = prepare_usual
        self._queue: dict[str, list[tuple[Sequence[Any], asyncio.Future[None]]]] = {
            "reports": [], "replies": [], "status": []}
        self._flushing: dict[str, int] = dict.fromkeys(self._queue, 0)  # commits under way, by kind
        self._flushers: set[asyncio.Future[None]] = set()  # (held, or a task may be collected)

    # --- addresses (``url``, start, stop: ``Served``) ------------------------------------------

    @property
    def push_url(self) -> str:
        return f"{self.url}/{self._token}/push"

    @property
    def status_url(self) -> str:
        return f"{self.url}/{self._token}/status"

    def make_app(self) -> web.Application:
        app = web.Application(client_max_size=self.max_body)
        app.router.add_post("/{token}/push", self._push)
        app.router.add_route("GET", "/{token}/status", self._status)
        app.router.add_route("POST", "/{token}/status", self._status)
        return app

    # --- handlers -----------------------------------------------------------------------------

    def _check_token(self, request: web.Request) -> None:
        given = request.match_info.get("token", "")
        if not hmac.compare_digest(given.encode("utf-8", "replace"), self._token.encode("utf-8")):
            raise web.HTTPNotFound()

    async def _read_capped(self, request: web.Request) -> bytes | None:
        """The body, or None when it is bigger than max_body (read no further then)."""
        if request.content_length is not None and request.content_length > self.max_body:
            return None
        body = bytearray()
        async for chunk in request.content.iter_chunked(_CHUNK):
            if len(body) + len(chunk) > self.max_body:
                return None
            body += chunk
        return bytes(body)

    async def _push(self, request: web.Request) -> web.Response:
        self._check_token(request)
        body = await self._read_capped(request)
        if body is None:
            log.warning("push refused: body over %d bytes", self.max_body)
            return _text("ERROR", 413)
        try:
            # On the event loop (it may be the GUI's): 200 records parse in ~0.6 ms, less than
            # handing them to a thread and back would cost.
            if self.prepare_usual is not None:
                fields = usual_status_fields(body)
                if fields is not None:
                    return await self._stored(("reports", self.prepare_usual(fields)), prepared=True)
                push = parse_push_full(body)
            else:
                push = parse_push(body)
        except PushError as exc:
            log.warning("push refused: %s", exc.en)
            return _text("ERROR", 400)
        return await self._stored(("reports", push.reports), ("replies", push.replies))

    async def _status(self, request: web.Request) -> web.Response:
        self._check_token(request)
        params: dict[str, str] = dict(request.query)
        if request.method == "POST":
            try:
                form = await request.post()
            except web.HTTPRequestEntityTooLarge:
                return _text("ERROR", 413)
            except Exception:  # malformed form body
                return _text("ERROR", 400)
            params.update({k: v for k, v in form.items() if isinstance(v, str)})
        try:
            call = parse_status_call(params)
        except PushError as exc:
            log.warning("status call refused: %s", exc.en)
            return _text("ERROR", 400)
        return await self._stored(("status", [call]))

    async def _stored(self, *batches: tuple[str, Sequence[Any]], prepared: bool = False) -> web.Response:
        """The answer to the platform: SUCCESS once every record is committed, ERROR (500) if not,
        so that it pushes them again."""
        try:
            for kind, records in batches:
                if records:
                    await self._store(kind, records, prepared)
        except Exception:
            return _text("ERROR", 500)
        return _text("SUCCESS")

    async def _store(self, kind: str, records: Sequence[Any], prepared: bool = False) -> None:
        """Store ``records``; return once they are committed (raise if that failed).

        Pushes arriving while a commit is under way are stored together in the next one
        (group commit): one transaction and one fsync for many pushes. With
        ``commits_in_flight`` > 1, that many commits may be under way at once (each with the
        pushes that were waiting when it began): the next commit is then already with the
        database when the one before ends, instead of waiting for the event loop to send it.
        """
        if self.prepare is not None and not prepared:
            records = self.prepare(kind, records)
        future = asyncio.get_running_loop().create_future()
        self._queue[kind].append((records, future))
        if self._flushing[kind] < self.commits_in_flight:
            self._flushing[kind] += 1
            flusher = asyncio.ensure_future(self._flush(kind))
            self._flushers.add(flusher)
            flusher.add_done_callback(self._flushers.discard)
        # Shielded: a client hanging up must not cancel a commit under way.
        await asyncio.shield(future)

    async def _flush(self, kind: str) -> None:
        appliers: dict[str, Callable[[list[Any]], Awaitable[int]]] = {
            "reports": self.store.apply_reports, "replies": self.store.add_replies,
            "status": self.store.apply_status_calls}
        apply = appliers[kind]
        try:
            while self._queue[kind]:
                taken, self._queue[kind] = self._queue[kind], []
                records = [record for part, _ in taken for record in part]
                try:
                    count = await apply(records)
                except Exception as exc:
                    log.exception("storing %d %s failed", len(records), kind)
                    for _, future in taken:
                        if not future.done():
                            future.set_exception(exc)
                    continue
                for _, future in taken:
                    if not future.done():
                        future.set_result(None)
                if count and self.on_stored is not None:
                    try:
                        self.on_stored(kind, count)
                    except Exception:
                        log.exception("on_stored callback failed")
        finally:
            self._flushing[kind] -= 1


async def run_receiver(store: Store | Path, host: str, port: int, token: str) -> None:
    """For the command line: serve into ``store`` (opened here when it is a path, and closed),
    print both URLs, run until cancelled."""
    owned = not isinstance(store, Store)
    if not isinstance(store, Store):
        store = await Store.open(Path(store))
    try:
        receiver = Receiver(store, host=host, port=port, token=token)
        await receiver.start()
        try:
            print(f"push URL:   {receiver.push_url}", flush=True)
            print(f"status URL: {receiver.status_url}", flush=True)
            await asyncio.Event().wait()
        finally:
            await receiver.stop()
    finally:
        if owned:
            await store.close()
