"""The window's link to the relay: it pulls continuously while a relay is the report source,
and says how the link is doing (the status light in the status bar).

The pulling itself is ``campaign.sync.sync(follow=True)``, the same code as
``jianmi-desktop sync --follow``: every page is applied together with its cursor in one
SQLite transaction, so nothing is applied twice whatever stops the window. This object only
starts and stops it, retries a relay that cannot be reached (with a growing pause) and turns
what happens into a state the status light shows:

- ``off``: no relay is set (reports come to this computer's own receiver);
- ``connecting``: first contact under way;
- ``connected``: up to date, long-polling;
- ``catching_up``: pages are still coming (``applied`` says how many events so far);
- ``unreachable``: the relay cannot be reached since ``since`` (retrying);
- ``refused``: the relay refused this computer's token (nothing is retried until the
  settings change).
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from jianmi_desktop.platform.errors import JianmiError

if TYPE_CHECKING:   # imported when the link starts, not before the window's first paint (httpx is heavy)
    from jianmi_desktop.campaign.sync import RelayConfig, SyncResult
    from jianmi_desktop.platform.relay_events import Page

log = logging.getLogger(__name__)

FIRST_PAUSE_S = 2.0
LONGEST_PAUSE_S = 60.0


@dataclass(frozen=True)
class LinkState:
    kind: str                 # off | connecting | connected | catching_up | unreachable | refused
    relay_url: str = ""
    applied: int = 0          # events applied since the window started pulling
    since: float = 0.0        # unreachable since (unix time)
    reason: str = ""          # the last error, in plain Chinese
    reason_en: str = ""


def wants_relay(settings: object, env: dict[str, str] | None = None) -> bool:
    """A relay is the report source: chosen in the settings, or given in the environment."""
    env = dict(os.environ) if env is None else env
    return getattr(settings, "report_source", "local") == "relay" or bool(env.get("JIANMI_RELAY_URL"))


class RelayLink(QObject):
    """Pulls from the relay while one is set; ``changed`` carries a LinkState."""

    changed = Signal(object)
    applied = Signal(str, int)  # kind ("report", "reply", "status", "opt_out"), count — as Controller.stored

    def __init__(self, controller, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.state = LinkState("off")
        self._task: asyncio.Task | None = None
        self._stop: asyncio.Event | None = None

    # --- life --------------------------------------------------------------------------------
    def restart(self) -> None:
        """(Re)start pulling with the settings in force; stop when no relay is set."""
        self.stop()
        if not wants_relay(self.controller.settings):
            self._set(LinkState("off"))
            return
        self._stop = asyncio.Event()
        self._task = asyncio.ensure_future(self._run(self._stop))

    def stop(self) -> None:
        if self._stop is not None:
            self._stop.set()
        if self._task is not None and not self._task.done():
            self._task.cancel()
        self._task = self._stop = None

    async def aclose(self) -> None:
        task = self._task
        self.stop()
        if task is not None:
            await asyncio.gather(task, return_exceptions=True)

    def _set(self, state: LinkState) -> None:
        if state != self.state:
            self.state = state
            self.changed.emit(state)

    # --- the pulling -----------------------------------------------------------------------------
    async def _config(self) -> RelayConfig | None:
        from jianmi_desktop.campaign.sync import relay_config

        settings = self.controller.settings
        return await asyncio.to_thread(relay_config, settings)   # the token comes from the keychain

    async def _run(self, stop: asyncio.Event) -> None:
        from jianmi_desktop.campaign.sync import RelayRefused, RelayUnreachable
        from jianmi_desktop.campaign.sync import sync as pull

        config = await self._config()
        if config is None:
            self._set(LinkState("refused", getattr(self.controller.settings, "relay_url", ""),
                                reason="还没有填写中继服务器的令牌：请在“设置 → 回执来源”里填写。",
                                reason_en="No token for the relay: enter it in Settings → Report source."))
            return
        applied = 0
        pause = FIRST_PAUSE_S
        since = 0.0
        self._set(LinkState("connecting", config.api_url))

        def contact(result: SyncResult, page: Page) -> None:
            nonlocal pause, since
            pause, since = FIRST_PAUSE_S, 0.0
            total = applied + result.counts.get("events", 0)
            self._set(LinkState("catching_up" if page.more else "connected", config.api_url, total))

        def page_applied(result: SyncResult, page: Page) -> None:
            for kind, items in (("report", page.reports), ("reply", page.replies), ("status", page.status),
                                ("opt_out", page.opt_outs)):
                if items:
                    self.applied.emit(kind, len(items))

        def lost(error: JianmiError) -> None:
            nonlocal since
            since = since or time.time()
            self._set(LinkState("unreachable", config.api_url, applied, since, error.zh, error.en))

        while not stop.is_set():
            try:
                store = self.controller.store
                result = await pull(store, config, follow=True, stop=stop, on_page=page_applied,
                                    on_error=lost, on_contact=contact)
                applied += result.counts.get("events", 0)
                return
            except RelayRefused as error:
                self._set(LinkState("refused", config.api_url, applied, reason=error.zh, reason_en=error.en))
                return
            except RelayUnreachable as error:
                lost(error)
            except asyncio.CancelledError:
                raise
            except Exception as error:  # noqa: BLE001 - the link must not die silently: say it and retry
                log.error("pulling from the relay failed", exc_info=error)
                since = since or time.time()
                self._set(LinkState("unreachable", config.api_url, applied, since,
                                    "同步时出了意外的问题（详情已写入日志），稍后重试",
                                    "Syncing failed unexpectedly (details are in the log); retrying later"))
            try:
                await asyncio.wait_for(stop.wait(), pause)
                return
            except TimeoutError:
                pause = min(pause * 2, LONGEST_PAUSE_S)
