"""The sandbox: an emulator of the Jianmi platform on one local port.

``/sdk/SMS`` serves the SDK commands and ``/ClientApi`` the ClientApi commands and
sendIntlSms. Each request, in order: parameters are read (query string, then a
form-encoded or multipart body, or a raw audio body) and decoded as GBK; a fault may be
injected; the per-account sliding-window rate limit applies (105); bytes that are not
GBK get 104; then the command runs (``commands.py``). Every answer waits ``latency_ms``.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import signal
import time
from collections import deque
from pathlib import Path

from aiohttp import BodyPartReader, hdrs, web

from jianmi_desktop.sandbox import rules
from jianmi_desktop.sandbox.commands import INTL_COMMANDS, SENDING_COMMANDS, Commands, Result, Upload
from jianmi_desktop.sandbox.config import SandboxConfig
from jianmi_desktop.sandbox.pushes import Dispatcher
from jianmi_desktop.sandbox.state import SandboxState, StateSaver, stopped

log = logging.getLogger(__name__)

MAX_BODY = 64 * 1024 * 1024
MAX_LINE = 64 * 1024          # a GET of 500 numbers and 2,000 GBK characters fits
_FORM_TYPES = {"application/x-www-form-urlencoded", "text/plain"}
_GBK_NAMES = {"gbk", "gb2312", "gb18030", "cp936", "x-gbk"}


class Sandbox:
    def __init__(self, config: SandboxConfig) -> None:
        if config.state_path is not None:
            config.state_path = Path(config.state_path)
        self.config = config
        self.state: SandboxState = SandboxState.load(config.state_path, config)
        self.saver = StateSaver(self.state, config.state_path)
        if config.status_url is not None:
            self.state.status_url = config.status_url
            self.saver.mark()
        self.commands = Commands(self.state, config, self.saver.mark)
        self.dispatcher = Dispatcher(self.state, config, self.saver.mark)
        self.url = ""
        self._runner: web.AppRunner | None = None
        self._jobs_task: asyncio.Task | None = None
        self._windows: dict[str, deque[float]] = {}
        self._faults = random.Random(f"{config.seed}/faults")
        self._sending = 0

    # --- addresses ---------------------------------------------------------------------

    @property
    def sdk_url(self) -> str:
        return self.url + "/sdk/SMS"

    @property
    def clientapi_url(self) -> str:
        return self.url + "/ClientApi"

    @property
    def intl_url(self) -> str:
        return self.url + "/ClientApi"

    # --- life --------------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application(client_max_size=MAX_BODY)
        for path, handler in (("/sdk/SMS", self._sdk), ("/ClientApi", self._clientapi)):
            app.router.add_route("GET", path, handler)
            app.router.add_route("POST", path, handler)
        app.router.add_route("GET", "/", self._index)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=1.0,
                                     max_line_size=MAX_LINE)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.config.host, self.config.port)
        await site.start()
        port = self._runner.addresses[0][1]
        host = self.config.host
        if host in ("", "0.0.0.0", "::"):
            host = "127.0.0.1"
        elif ":" in host:
            host = f"[{host}]"
        self.url = f"http://{host}:{port}"
        self.saver.start()
        self.dispatcher.start()
        self._jobs_task = asyncio.create_task(self._jobs_loop(), name="sandbox-jobs")
        log.info("sandbox listening at %s", self.url)

    async def stop(self) -> None:
        """Stop serving, cancel timers, put unacknowledged pushes back, save the state."""
        await stopped(self._jobs_task)
        self._jobs_task = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        await self.dispatcher.stop()
        await self.saver.close()

    async def __aenter__(self) -> Sandbox:
        await self.start()
        return self

    async def __aexit__(self, *exc) -> None:
        await self.stop()

    async def _jobs_loop(self) -> None:
        while True:
            now = time.time()
            for job in [j for j in self.state.jobs.values() if j.due <= now]:
                try:
                    self.commands.fire(job, now)
                except Exception:  # noqa: BLE001 - one bad job must not stop the others
                    log.exception("sandbox job %s", job.job_id)
            await asyncio.sleep(0.2)

    # --- requests ----------------------------------------------------------------------

    async def _sdk(self, request: web.Request) -> web.StreamResponse:
        return await self._handle(request, "sdk")

    async def _clientapi(self, request: web.Request) -> web.StreamResponse:
        return await self._handle(request, "clientapi")

    async def _index(self, request: web.Request) -> web.Response:
        return web.Response(text=f"Jianmi sandbox\nSDK: {self.sdk_url}\nClientApi: {self.clientapi_url}\n"
                                 f"International: {self.intl_url}\n")

    def _chance(self, p: float) -> bool:
        return p > 0 and self._faults.random() < p

    def _admit(self, account: str, arrived: float) -> bool:
        """Sliding window: refuse when the rate-th last accepted request is < 1 s old."""
        window = self._windows.get(account)
        if window is None:
            if len(self._windows) > 10_000:    # junk account names must not grow this forever
                self._windows.clear()
            window = self._windows[account] = deque(maxlen=max(1, self.config.rate))
        if len(window) == window.maxlen and arrived - window[0] < 1.0:
            return False
        window.append(arrived)
        return True

    async def _handle(self, request: web.Request, endpoint: str) -> web.StreamResponse:
        arrived = time.monotonic()
        params, bad, upload = await read_request(request)
        cmd = params.get("cmd", "").strip()
        plain = endpoint == "sdk" or cmd in INTL_COMMANDS
        account = params.get("uid" if plain else "ucuid", "")
        faults = self.config.faults
        counts = self.state.counts
        drop = False
        if cmd in SENDING_COMMANDS:
            self._sending += 1
            drop = self._sending in faults.drop_after_requests
        if not drop and self._chance(faults.p_500):
            counts["http500"] += 1
            await self._delay()
            return web.Response(status=500, text="500 Internal Server Error (sandbox fault)")
        if not drop and self._chance(faults.p_105):
            counts["fault_105"] += 1
            result = Result(105)
        elif not self._admit(account, arrived):
            result = Result(105)
        elif bad:
            result = Result(104)
        else:
            result = self.commands.run(endpoint, cmd, params, upload)
        counts[result.code] += 1
        if not drop and self._chance(faults.p_drop_after):
            drop = True
        await self._delay()
        if drop:
            counts["drop"] += 1
            if request.transport is not None:
                request.transport.abort()   # no answer: the client sees the connection drop
            return web.Response(status=204)
        return answer(result, plain)

    async def _delay(self) -> None:
        seconds = self.config.latency_ms / 1000.0
        if self._chance(self.config.faults.p_slow):
            seconds += self.config.faults.slow_s
        if seconds > 0:
            await asyncio.sleep(seconds)


def answer(result: Result, plain: bool) -> web.Response:
    if plain:
        return web.Response(text=result.text or str(result.code), content_type="text/plain", charset="utf-8")
    body = {"result": str(result.code), **result.data}
    return web.Response(text=json.dumps(body, ensure_ascii=False, separators=(",", ":")), content_type="application/json",
                        charset="utf-8")


async def read_request(request: web.Request) -> tuple[dict[str, str], set[str], Upload | None]:
    """Parameters (query string, then the body's), names with non-GBK bytes, and a file."""
    query = request.raw_path.partition("?")[2]
    params, bad = rules.decode_form(query.encode("utf-8", "surrogateescape"))
    upload: Upload | None = None
    if request.method != "POST" or not request.body_exists:
        return params, bad, upload
    declared = request.headers.get(hdrs.CONTENT_TYPE, "")
    ctype = request.content_type if declared else ""
    if ctype.startswith("multipart/"):
        upload = await _read_multipart(request, params, bad)
    elif not ctype or ctype in _FORM_TYPES:
        body, body_bad = rules.decode_form(await request.read())
        bad.difference_update(body)
        bad.update(body_bad)
        params.update(body)
    else:   # a raw file (audio/mpeg, application/octet-stream, ...), params in the query
        upload = Upload("voice.mp3", await _read_limited(request.content.iter_chunked(65536)))
    return params, bad, upload


async def _read_multipart(request: web.Request, params: dict[str, str], bad: set[str]) -> Upload | None:
    upload = None
    reader = await request.multipart()
    while True:
        part = await reader.next()
        if part is None:
            break
        if not isinstance(part, BodyPartReader):   # a nested multipart: not ours
            continue
        name = part.name or ""
        if part.filename is not None or name == "file":
            upload = Upload(part.filename or "voice.mp3", await _read_limited(_part_chunks(part)))
            continue
        raw = await part.read(decode=False)
        charset = (part.get_charset("gbk") or "gbk").lower()
        try:
            params[name] = bytes(raw).decode("gbk" if charset in _GBK_NAMES else charset)
            bad.discard(name)
        except (UnicodeDecodeError, LookupError):
            params[name] = bytes(raw).decode("gbk", "replace")
            bad.add(name)
    return upload


async def _part_chunks(part):
    while True:
        chunk = await part.read_chunk(65536)
        if not chunk:
            return
        yield chunk


async def _read_limited(chunks) -> bytes:
    """At most one byte more than a voice file may have: enough to tell it is too big."""
    limit = rules.MAX_VOICE_FILE + 1
    kept = bytearray()
    async for chunk in chunks:
        if len(kept) < limit:
            kept += chunk[: limit - len(kept)]
    return bytes(kept)


async def run_sandbox(config: SandboxConfig) -> None:
    """For the command line: start, say where and with which account, run until stopped."""
    sandbox = Sandbox(config)
    await sandbox.start()
    print(f"茧米沙盒已启动 / Jianmi sandbox running at {sandbox.url}", flush=True)
    print(f"  uid: {config.uid}   password: {config.password}   apikey: {config.apikey}", flush=True)
    print(f"  SDK endpoint:           {sandbox.sdk_url}", flush=True)
    print(f"  ClientApi endpoint:     {sandbox.clientapi_url}", flush=True)
    print(f"  International endpoint: {sandbox.intl_url}", flush=True)
    print(f"  push URL: {config.push_url or '(none: reports are kept in the sandbox)'}", flush=True)
    print(f"  state: {config.state_path or '(in memory)'}   seed: {config.seed}", flush=True)
    print("  Ctrl+C to stop", flush=True)
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    installed = []
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, stopping.set)
            installed.append(sig)
        except (NotImplementedError, RuntimeError, ValueError):
            pass   # Windows: Ctrl+C arrives as KeyboardInterrupt / cancellation instead
    try:
        await stopping.wait()
    finally:
        for sig in installed:
            loop.remove_signal_handler(sig)
        await sandbox.stop()
        print("茧米沙盒已停止 / Jianmi sandbox stopped", flush=True)
