"""An aiohttp application served on ``host:port``: the life cycle the receiver and the relay share."""

from __future__ import annotations

import logging
from typing import Self

from aiohttp import web

log = logging.getLogger(__name__)


class Served:
    """``make_app()`` served on ``host:port`` (port 0: a free one, known once started).

    ``start()`` / ``stop()``, or ``async with``. Nothing of the requests is logged (no access log).
    """

    host: str
    port: int
    _runner: web.AppRunner | None = None
    shutdown_timeout: float = 60.0  # how long stop() lets requests under way finish

    def make_app(self) -> web.Application:
        raise NotImplementedError

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    async def start(self) -> None:
        if self._runner is not None:
            return
        runner = web.AppRunner(self.make_app(), access_log=None, handle_signals=False,
                               shutdown_timeout=self.shutdown_timeout)
        await runner.setup()
        site = web.TCPSite(runner, self.host, self.port)
        try:
            await site.start()
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner
        self.port = runner.addresses[0][1]
        log.info("%s listening on %s", type(self).__name__, self.url)

    async def stop(self) -> None:
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()
