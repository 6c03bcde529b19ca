"""The relay's HTTP side: the platform's pushes in, events out to desktops.

    POST /{secret}/push                 the receiver's push endpoint (reports, replies)
    GET|POST /{secret}/status           the receiver's status endpoint (voice, MMS)
    GET  /api/v1/events?after=&limit=&wait=   events after a cursor (long-poll ≤ 25 s)
    GET  /api/v1/info                   who the token is, the relay's id and its addresses
    POST /api/v1/msgids                 {"count"} → a msgid range for this desktop (team mode)
    POST /api/v1/optouts                {"mobiles"} → shared with every desktop
    POST /api/v1/sends                  {"ref", "text_hash", "mobiles"}: what this desktop sent
    POST /api/v1/overlap                {"text_hash", "mobiles", "hours"} → who sent it already
    GET  /health                        200 when the database answers (no secret needed)

The push side IS the desktop's receiver (``receiver.app.Receiver``): the same size cap
before buffering, the same hardened parser, the same group commit and the same answers —
"SUCCESS" only once the records are committed, so the platform resends whatever was not.
Only where the records go differs: into the relay's events (``RelaySink``).

Desktops authenticate with ``Authorization: Bearer <token>``; a wrong, unknown or revoked
token gets the same 401. Limits: requests per token, requests per address, and failed
attempts (wrong tokens, wrong push paths) per address; refusals are 429 with Retry-After.
Nothing secret is logged: the access log is off, the push path holds the secret.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any, cast

from aiohttp import web

from jianmi_desktop.platform.models import Reply, StatusCall, StatusReport
from jianmi_desktop.platform.relay_events import NewEvent, events_of, opt_out_event, page_json, report_events
from jianmi_desktop.receiver.app import Receiver
from jianmi_desktop.receiver.serving import Served
from jianmi_desktop.relay.ratelimit import Limiter, Limits
from jianmi_desktop.relay.storage import MAX_RANGE, RelayStorage, TokenInfo
from jianmi_desktop.store.models import is_opt_out

if TYPE_CHECKING:
    from jianmi_desktop.store import Store

log = logging.getLogger(__name__)

MAX_WAIT_S = 25.0
MAX_LIMIT = 10_000
MAX_API_BODY = 8 * 1024 * 1024
MAX_MOBILES = 200_000
_MOBILE_RE = re.compile(r"^\+?[0-9]{3,20}$")
_HASH_RE = re.compile(r"^[0-9a-f]{16,64}$")


class RelaySink:
    """Where the receiver's records go on the relay: events. ``prepare`` makes each push's events
    in its request handler, while an earlier commit is under way; the receiver's group commit then
    hands the events of the pushes that came together to ``apply_*``, one ``append``."""

    def __init__(self, storage: RelayStorage) -> None:
        self.storage = storage

    @staticmethod
    def prepare(kind: str, records: Sequence[StatusReport | Reply | StatusCall]) -> list[NewEvent]:
        events = events_of(records)
        if kind == "replies":
            # an opt-out reaches every desktop, whoever's campaign was answered
            events += [opt_out_event(r.mobile, "reply") for r in records
                       if isinstance(r, Reply) and r.mobile.strip() and is_opt_out(r.content)]
        return events

    async def append(self, events: Sequence[NewEvent]) -> int:
        return await self.storage.append(events)

    # what the receiver calls, with the prepared events
    apply_reports = add_replies = apply_status_calls = append

    # The receiver may ask for these (new, ignored) forms: the relay ignores nothing, it keeps
    # reports of msgids no desktop claims for every desktop.
    async def apply_reports_counted(self, events: Sequence[NewEvent]) -> tuple[int, int]:
        return await self.append(events), 0

    apply_status_calls_counted = apply_reports_counted


def _json(data: object, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    return web.Response(text=json.dumps(data, ensure_ascii=False), status=status, headers=headers,
                        content_type="application/json")


def _error(status: int, code: str, zh: str, en: str, headers: dict[str, str] | None = None) -> web.Response:
    return _json({"error": code, "message": zh, "message_en": en}, status, headers)


def _unauthorized() -> web.Response:
    return _error(401, "unauthorized", "令牌无效或已被撤销", "The token is not valid or was revoked",
                  {"WWW-Authenticate": 'Bearer realm="jianmi-relay"'})


class BadRequest(Exception):
    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh, self.en = zh, en


class Relay(Served):
    """The relay server on ``host:port`` (127.0.0.1 and a free port unless told)."""

    shutdown_timeout = 1.0

    def __init__(self, storage: RelayStorage, *, host: str = "127.0.0.1", port: int = 0,
                 public_url: str | None = None, limits: Limits | None = None, trust_proxy: bool = False) -> None:
        self.storage = storage
        self.host = host
        self.port = port
        self.public_url = (public_url or "").strip().rstrip("/") or None
        self.limits = limits or Limits()
        self.trust_proxy = trust_proxy
        # The receiver, with the relay's events in place of the desktop's store.
        self.receiver = Receiver(cast("Store", RelaySink(storage)), host=host, port=port, token=storage.push_secret,
                                 prepare=RelaySink.prepare, commits_in_flight=storage.commits_in_flight,
                                 prepare_usual=report_events)
        self._per_token = Limiter(self.limits.per_token_rate, self.limits.per_token_burst)
        self._per_ip = Limiter(self.limits.per_ip_rate, self.limits.per_ip_burst)
        self._failures = Limiter(self.limits.failures_per_minute / 60.0, self.limits.failure_burst)
        self._acked: dict[int, tuple[int, float]] = {}

    # --- addresses (start, stop: ``Served``) --------------------------------------------------

    @property
    def base_url(self) -> str:
        return self.public_url or self.url

    @property
    def push_url(self) -> str:
        return f"{self.base_url}/{self.storage.push_secret}/push"

    @property
    def status_url(self) -> str:
        return f"{self.base_url}/{self.storage.push_secret}/status"

    @property
    def api_url(self) -> str:
        return f"{self.base_url}/api/v1"

    def urls(self) -> dict[str, str]:
        return {"push_url": self.push_url, "status_url": self.status_url, "api_url": self.api_url}

    def make_app(self) -> web.Application:
        app = self.receiver.make_app()
        app.middlewares.append(self._guard)
        api: list[tuple[str, str, Callable[[web.Request, TokenInfo], Awaitable[web.StreamResponse]]]] = [
            ("GET", "events", self._events), ("GET", "info", self._info), ("POST", "msgids", self._msgids),
            ("POST", "optouts", self._optouts), ("POST", "sends", self._sends), ("POST", "overlap", self._overlap)]
        for method, name, handler in api:
            app.router.add_route(method, f"/api/v1/{name}", self._authenticated(handler))
        app.router.add_get("/health", self._health)
        return app

    # --- guard: limits, failures, nothing escapes -------------------------------------------

    def _client(self, request: web.Request) -> str:
        if self.trust_proxy:
            forwarded = request.headers.get("X-Forwarded-For", "")
            if forwarded:
                return forwarded.rsplit(",", 1)[-1].strip()[:64]
        return request.remote or "?"

    def _too_many(self, seconds: float) -> web.Response:
        return _error(429, "rate_limited", "请求太频繁，请稍后再试", "Too many requests; try again later",
                      {"Retry-After": str(max(1, int(seconds + 0.999)))})

    @web.middleware
    async def _guard(self, request: web.Request,
                     handler: Callable[[web.Request], Awaitable[web.StreamResponse]]) -> web.StreamResponse:
        ip = self._client(request)
        if self._failures.empty(ip):
            return self._too_many(self._failures.retry_after(ip))
        if not self._per_ip.allow(ip):
            return self._too_many(self._per_ip.retry_after(ip))
        try:
            response = await handler(request)
        except web.HTTPException as exc:
            if exc.status in (401, 404):
                self._failures.charge(ip)
            raise
        except (asyncio.CancelledError, ConnectionResetError):
            raise
        except Exception:  # noqa: BLE001 - nothing takes the relay down
            log.exception("relay request failed")
            return _error(503, "unavailable", "中继服务器暂时无法处理，请稍后再试", "The relay cannot serve this now; retry")
        if response.status == 401:
            self._failures.charge(ip)
        return response

    def _authenticated(self, handler: Callable[[web.Request, TokenInfo], Awaitable[web.StreamResponse]]
                       ) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
        async def run(request: web.Request) -> web.StreamResponse:
            header = request.headers.get("Authorization", "")
            scheme, _, token = header.partition(" ")
            info = await self.storage.authenticate(token.strip() if scheme.lower() == "bearer" else "")
            if info is None:
                return _unauthorized()
            if not self._per_token.allow(info.id):
                return self._too_many(self._per_token.retry_after(info.id))
            try:
                return await handler(request, info)
            except BadRequest as exc:
                return _error(400, "bad_request", exc.zh, exc.en)

        return run

    # --- reading requests -------------------------------------------------------------------

    @staticmethod
    def _int(request: web.Request, name: str, default: int, low: int, high: int) -> int:
        raw = request.query.get(name)
        if raw is None or raw == "":
            return default
        if not re.fullmatch(r"[0-9]{1,19}", raw):
            raise BadRequest(f"参数 {name} 应是非负整数", f"Parameter {name} must be a non-negative integer")
        return max(low, min(int(raw), high))

    @staticmethod
    async def _body(request: web.Request) -> dict[str, Any]:
        if request.content_length is not None and request.content_length > MAX_API_BODY:
            raise BadRequest("请求内容太大", "The request body is too large")
        body = bytearray()
        async for chunk in request.content.iter_chunked(64 * 1024):
            body += chunk
            if len(body) > MAX_API_BODY:
                raise BadRequest("请求内容太大", "The request body is too large")
        try:
            data = json.loads(body)
        except ValueError:
            raise BadRequest("请求内容不是 JSON", "The request body is not JSON") from None
        if not isinstance(data, dict):
            raise BadRequest("请求内容应是 JSON 对象", "The request body must be a JSON object")
        return data

    @staticmethod
    def _mobiles(data: dict[str, Any]) -> list[str]:
        mobiles = data.get("mobiles")
        if not isinstance(mobiles, list) or len(mobiles) > MAX_MOBILES:
            raise BadRequest(f"mobiles 应是最多 {MAX_MOBILES:,} 个号码的列表",
                             f"mobiles must be a list of at most {MAX_MOBILES:,} numbers")
        if not all(isinstance(m, str) and _MOBILE_RE.match(m) for m in mobiles):
            raise BadRequest("mobiles 里有无效的号码", "mobiles holds an invalid number")
        return mobiles

    @staticmethod
    def _text_hash(data: dict[str, Any]) -> str:
        value = data.get("text_hash")
        if not isinstance(value, str) or not _HASH_RE.match(value):
            raise BadRequest("text_hash 应是十六进制摘要", "text_hash must be a hex digest")
        return value

    # --- handlers -------------------------------------------------------------------------------

    async def _health(self, request: web.Request) -> web.Response:
        ok = await self.storage.healthy()
        return web.Response(text="OK" if ok else "DATABASE UNAVAILABLE", status=200 if ok else 503)

    async def _events(self, request: web.Request, token: TokenInfo) -> web.StreamResponse:
        after = self._int(request, "after", 0, 0, 2**63 - 1)
        limit = self._int(request, "limit", 1000, 1, MAX_LIMIT)
        wait = min(float(self._int(request, "wait", 0, 0, 3600)), MAX_WAIT_S)
        await self._acknowledge(token, after)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + wait
        cursor = after
        while True:
            woken = self.storage.wakeup.current()
            page = await self.storage.page(token.id, cursor, limit)
            remaining = deadline - loop.time()
            if page.rows or remaining <= 0:
                break
            cursor = page.cursor  # past other desktops' events
            try:
                # woken by a commit here or (PostgreSQL) in another process; look again every
                # 5 s anyway, in case a notification was lost with its connection
                await asyncio.wait_for(woken.wait(), min(remaining, 5.0))
            except TimeoutError:
                pass
        return web.Response(text=page_json(self.storage.relay_id, page.cursor, page.more, page.rows),
                            content_type="application/json")

    async def _acknowledge(self, token: TokenInfo, after: int) -> None:
        """Remember how far the desktop has fetched (for pruning, and ``token list``): at most
        every 10 s a desktop (a write each long-poll would compete with the pushes)."""
        acked, when = self._acked.get(token.id, (-1, 0.0))
        now = time.monotonic()
        if (after > acked and now - when > 10) or now - when > 60:
            await self.storage.acknowledge(token.id, after)
            self._acked[token.id] = (max(after, acked), now)

    async def _info(self, request: web.Request, token: TokenInfo) -> web.Response:
        return _json({"relay": self.storage.relay_id, "name": token.name, **self.urls(), "time": time.time()})

    async def _msgids(self, request: web.Request, token: TokenInfo) -> web.Response:
        data = await self._body(request)
        count = data.get("count", 10_000_000)
        if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= MAX_RANGE:
            raise BadRequest(f"count 应在 1 到 {MAX_RANGE:,} 之间", f"count must be 1 to {MAX_RANGE:,}")
        first, last = await self.storage.new_range(token.id, count)
        return _json({"first": str(first), "last": str(last)})

    async def _optouts(self, request: web.Request, token: TokenInfo) -> web.Response:
        mobiles = self._mobiles(await self._body(request))
        added = await self.storage.append([opt_out_event(m, token.name) for m in mobiles])
        return _json({"added": added})

    async def _sends(self, request: web.Request, token: TokenInfo) -> web.Response:
        data = await self._body(request)
        ref = data.get("ref")
        if not isinstance(ref, str) or not 1 <= len(ref) <= 100:
            raise BadRequest("ref 应是 1–100 个字符", "ref must be 1-100 characters")
        mobiles = self._mobiles(data)
        await self.storage.record_send(token.id, ref, self._text_hash(data), mobiles, time.time())
        return _json({"recorded": len(mobiles)})

    async def _overlap(self, request: web.Request, token: TokenInfo) -> web.Response:
        data = await self._body(request)
        hours = data.get("hours", 72)
        if not isinstance(hours, (int, float)) or isinstance(hours, bool) or not 0 < hours <= 24 * 30:
            raise BadRequest("hours 应在 0 到 720 之间", "hours must be between 0 and 720")
        found = await self.storage.overlap(token.id, self._text_hash(data), self._mobiles(data),
                                           time.time() - float(hours) * 3600)
        return _json({"overlaps": [{"name": o.name, "at": o.at, "count": o.count} for o in found]})
