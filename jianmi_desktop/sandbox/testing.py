"""Helpers for tests that talk to the sandbox over real sockets.

``Collector`` is a tiny HTTP server standing in for the customer's side: it records the
pushes POSTed to ``/push`` and the status calls made to ``/status`` and answers them with
scripted answers (default ``OK``), so tests can check retries. ``sdk_auth`` and
``clientapi_auth`` build the account parameters; they are written here on their own, not
taken from the client.
"""

from __future__ import annotations

import asyncio
import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from urllib.parse import urlencode

import aiohttp
from aiohttp import web

CHINA_TZ = timezone(timedelta(hours=8))


def md5_hex(text: str) -> str:
    return hashlib.md5(text.encode("utf-8")).hexdigest()


def sdk_auth(uid: str = "demo", password: str = "demo1234") -> dict[str, str]:
    return {"uid": uid, "psw": md5_hex(password)}


def clientapi_auth(cmd: str, uid: str = "demo", password: str = "demo1234", apikey: str = "demo-api-key",
                   now: datetime | None = None) -> dict[str, str]:
    stamp = (now or datetime.now(CHINA_TZ)).astimezone(CHINA_TZ).strftime("%Y%m%d%H%M%S")
    return {"cmd": cmd, "ucuid": uid, "password": md5_hex(password), "timestamp": stamp,
            "key": md5_hex(cmd + stamp + apikey)}


def encode_form(params: dict[str, str], encoding: str = "gbk") -> str:
    """``application/x-www-form-urlencoded`` text with each value's bytes in ``encoding``."""
    return urlencode(params, encoding=encoding)


async def post_form(session: aiohttp.ClientSession, url: str, params: dict[str, str],
                    encoding: str = "gbk") -> tuple[int, str]:
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    async with session.post(url, data=encode_form(params, encoding).encode("ascii"), headers=headers) as resp:
        return resp.status, await resp.text()


async def get_form(session: aiohttp.ClientSession, url: str, params: dict[str, str],
                   encoding: str = "gbk") -> tuple[int, str]:
    from yarl import URL

    async with session.get(URL(url + "?" + encode_form(params, encoding), encoded=True)) as resp:
        return resp.status, await resp.text()


@dataclass
class Collector:
    """Records pushes (bodies) and status calls (query dicts); answers from a script."""

    push_answers: list[str] = field(default_factory=list)    # consumed first, then "OK"
    status_answers: list[int] = field(default_factory=list)  # HTTP statuses, then 200
    pushes: list[bytes] = field(default_factory=list)        # every POST, acknowledged or not
    status_calls: list[dict[str, str]] = field(default_factory=list)
    status_urls: list[str] = field(default_factory=list)
    url: str = ""
    _runner: web.AppRunner | None = None
    _event: asyncio.Event = field(default_factory=asyncio.Event)

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/push", self._push)
        app.router.add_get("/status", self._status)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.url = f"http://127.0.0.1:{self._runner.addresses[0][1]}"

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _push(self, request: web.Request) -> web.Response:
        self.pushes.append(await request.read())
        self._event.set()
        answer = self.push_answers.pop(0) if self.push_answers else "OK"
        return web.Response(text=answer)

    async def _status(self, request: web.Request) -> web.Response:
        self.status_calls.append(dict(request.query))
        self.status_urls.append(str(request.rel_url))
        self._event.set()
        status = self.status_answers.pop(0) if self.status_answers else 200
        return web.Response(status=status, text="ok" if status == 200 else "error")

    async def wait_for(self, predicate, timeout: float = 10.0) -> None:
        """Wait until ``predicate()`` is true (checked whenever something arrives)."""
        async def loop() -> None:
            while not predicate():
                self._event.clear()
                try:
                    await asyncio.wait_for(self._event.wait(), 0.2)
                except TimeoutError:
                    pass
        await asyncio.wait_for(loop(), timeout)


async def eventually(predicate, timeout: float = 10.0, step: float = 0.05) -> None:
    """Poll ``predicate()`` until true; raise AssertionError after ``timeout`` seconds."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not predicate():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(step)
