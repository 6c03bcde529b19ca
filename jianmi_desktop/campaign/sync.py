"""The desktop side of the relay: pull events into the local history (``jianmi-desktop sync``,
and the window while a relay is set).

Each page of events is applied in one SQLite transaction together with the new cursor
(``Store.apply_relay_page``), so every event is applied exactly once per desktop whatever
crashes where: a page applied and then lost on the way is asked again after the stored
cursor, and one never applied is asked again too. Opt-outs made here by hand are shared
with the relay (it hands them to every desktop), and in team mode the msgids this desktop
sends with come from ranges the relay hands out (topped up here).

The relay is found in ``JIANMI_RELAY_URL`` (its ``api_url``) and ``JIANMI_RELAY_TOKEN``, or in
the settings (``relay_url``; the token in the OS keychain).
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx

from jianmi_desktop.client_words import network_cause
from jianmi_desktop.platform.auth import mask_text
from jianmi_desktop.platform.errors import JianmiError
from jianmi_desktop.platform.relay_events import Page, PageError, read_page
from jianmi_desktop.settings import Settings, get_secret
from jianmi_desktop.store import Store

log = logging.getLogger(__name__)

RELAY_SECRET = "relay"      # keychain entry "relay:token"
PAGE_LIMIT = 5000
LONG_POLL_S = 25
RANGE_SIZE = 10_000_000
TOP_UP_BELOW = 1_000_000


class RelayUnreachable(JianmiError):
    """The relay could not be reached (network, DNS, refused, timeout, a server error)."""


class RelayRefused(JianmiError):
    """The relay refused the token (wrong or revoked) or the request."""


@dataclass(frozen=True)
class RelayConfig:
    api_url: str
    token: str


def relay_config(settings: Settings, env: Mapping[str, str] | None = None) -> RelayConfig | None:
    """The relay in force: the environment first, then the settings; None when none is set."""
    env = os.environ if env is None else env
    url = (env.get("JIANMI_RELAY_URL") or getattr(settings, "relay_url", "") or "").strip().rstrip("/")
    token = (env.get("JIANMI_RELAY_TOKEN") or "").strip() or (get_secret(RELAY_SECRET, "token") or "").strip()
    if not url or not token:
        return None
    return RelayConfig(url, token)


class RelayClient:
    """The relay's pull API over HTTP (httpx); errors become RelayUnreachable/RelayRefused."""

    def __init__(self, config: RelayConfig, *, timeout: float = 15.0,
                 transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.config = config
        self._http = httpx.AsyncClient(timeout=timeout, transport=transport, follow_redirects=False,
                                       headers={"Authorization": f"Bearer {config.token}"})

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> RelayClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def _call(self, method: str, name: str, *, params: dict[str, Any] | None = None,
                    json: dict[str, Any] | None = None, timeout: float | None = None) -> Any:
        url = f"{self.config.api_url}/{name}"
        for _attempt in range(5):
            try:
                r = await self._http.request(method, url, params=params, json=json,
                                             timeout=timeout if timeout is not None else httpx.USE_CLIENT_DEFAULT)
            except httpx.HTTPError as exc:
                log.info("relay %s: %s", self.config.api_url, mask_text(f"{type(exc).__name__}: {exc}"))
                zh, en = network_cause(exc)
                raise RelayUnreachable(
                    f"无法连接中继服务器 {self.config.api_url}：{zh}。请检查网络和中继地址",
                    f"Cannot reach the relay at {self.config.api_url}: {en}. Check the network "
                    "and the relay address") from None
            if r.status_code == 429:
                await asyncio.sleep(min(30.0, float(r.headers.get("Retry-After", "1") or 1)))
                continue
            if r.status_code == 401:
                raise RelayRefused("中继服务器拒绝了这台电脑的令牌（令牌错误或已被撤销）：请向管理员要一个新令牌",
                                   "The relay refused this computer's token (wrong or revoked): ask for a new one")
            if r.status_code >= 500:
                raise RelayUnreachable(f"中继服务器暂时无法服务（HTTP {r.status_code}）：{self.config.api_url}",
                                       f"The relay cannot serve now (HTTP {r.status_code}): {self.config.api_url}")
            if r.status_code != 200:
                raise RelayRefused(f"中继服务器不接受这个请求（HTTP {r.status_code}）：{self.config.api_url}/{name}",
                                   f"The relay refused the request (HTTP {r.status_code}): {name}")
            try:
                return r.json()
            except ValueError:
                raise RelayUnreachable(f"{self.config.api_url} 的回答不是中继服务器的回答（不是 JSON）",
                                       f"{self.config.api_url} does not answer like a relay (not JSON)") from None
        raise RelayUnreachable("中继服务器一直回答“请求太频繁”", "The relay keeps answering 'too many requests'")

    async def info(self) -> dict[str, Any]:
        data = await self._call("GET", "info")
        if not isinstance(data, dict) or not isinstance(data.get("relay"), str):
            raise RelayUnreachable(f"{self.config.api_url} 不像是中继服务器", f"{self.config.api_url} is not a relay")
        return data

    async def events(self, after: int, *, limit: int = PAGE_LIMIT, wait: int = 0) -> Page:
        data = await self._call("GET", "events", params={"after": after, "limit": limit, "wait": wait},
                                timeout=wait + 20.0)
        try:
            return read_page(data, after)
        except PageError as exc:
            raise RelayUnreachable(f"中继服务器发来的数据有误，这一页没有应用：{exc}",
                                   f"The relay sent a malformed page; nothing of it was applied: {exc}") from None

    async def msgid_range(self, count: int = RANGE_SIZE) -> tuple[int, int]:
        data = await self._call("POST", "msgids", json={"count": count})
        return int(data["first"]), int(data["last"])

    async def share_opt_outs(self, mobiles: Sequence[str]) -> int:
        added = 0
        for start in range(0, len(mobiles), 50_000):
            added += int((await self._call("POST", "optouts", json={"mobiles": list(mobiles[start:start + 50_000])}))
                         ["added"])
        return added

    async def record_send(self, ref: str, text_hash: str, mobiles: Sequence[str]) -> None:
        for start in range(0, max(1, len(mobiles)), 100_000):
            await self._call("POST", "sends", json={"ref": ref, "text_hash": text_hash,
                                                    "mobiles": list(mobiles[start:start + 100_000])})

    async def overlap(self, text_hash: str, mobiles: Sequence[str], hours: float = 72) -> list[dict[str, Any]]:
        """Sends of this text by other desktops to some of ``mobiles``: name, at (unix), count."""
        totals: dict[tuple[str, float], int] = {}
        for start in range(0, max(1, len(mobiles)), 100_000):
            data = await self._call("POST", "overlap", json={"text_hash": text_hash, "hours": hours,
                                                              "mobiles": list(mobiles[start:start + 100_000])})
            for o in data.get("overlaps", []):
                key = (str(o["name"]), float(o["at"]))
                totals[key] = totals.get(key, 0) + int(o["count"])
        return [{"name": n, "at": at, "count": c} for (n, at), c in sorted(totals.items(), key=lambda kv: kv[0][1])]


@dataclass
class SyncResult:
    """What one run applied (``--json``: events, reports, replies, status, cursor)."""

    relay: str = ""
    cursor: int = 0
    counts: dict[str, int] = field(default_factory=lambda: {
        "events": 0, "reports": 0, "replies": 0, "status": 0, "opt_outs": 0})
    shared_opt_outs: int = 0

    def add(self, applied: Mapping[str, int]) -> None:
        for key, value in applied.items():
            self.counts[key] = self.counts.get(key, 0) + value

    def as_json(self) -> dict[str, Any]:
        c = self.counts
        return {"events": c["events"], "reports": c["reports"], "replies": c["replies"], "status": c["status"],
                "cursor": self.cursor, "opt_outs": c["opt_outs"], "relay": self.relay}


async def prepare(store: Store, client: RelayClient, relay: str, *, team: bool = True) -> int:
    """Before pulling: share new local opt-outs; top up the msgid range (team mode)."""
    shared = 0
    mobiles, until = await store.relay_opt_outs_to_share(relay)
    if mobiles:
        shared = await client.share_opt_outs(mobiles)
        await store.relay_opt_outs_shared(relay, until)
    if team:
        left = await store.msgids_left()
        if left is None or left < TOP_UP_BELOW:
            first, last = await client.msgid_range(RANGE_SIZE)
            await store.add_msgid_range(first, last, relay)
    return shared


async def pull(store: Store, client: RelayClient, relay: str, result: SyncResult, *, follow: bool = False,
               stop: asyncio.Event | None = None, on_page: Callable[[SyncResult, Page], None] | None = None,
               team: bool = True, on_contact: Callable[[SyncResult, Page], None] | None = None) -> None:
    """Apply every page after the stored cursor; with ``follow``, keep long-polling until ``stop``
    (sharing new opt-outs and topping up the msgid range every half minute). ``on_contact`` hears
    of every page the relay answered, empty or not (the window's status light)."""
    cursor = await store.relay_cursor(relay)
    result.relay, result.cursor = relay, cursor
    more = True
    loop = asyncio.get_running_loop()
    prepared = loop.time()
    while stop is None or not stop.is_set():
        if follow and loop.time() - prepared > 30:
            result.shared_opt_outs += await prepare(store, client, relay, team=team)
            prepared = loop.time()
        page = await client.events(cursor, wait=LONG_POLL_S if follow and not more else 0)
        if page.relay != relay:
            raise RelayRefused("中继服务器换了数据库（编号不同）：请重新运行同步",
                               "The relay's database changed (another relay id): run sync again")
        if on_contact is not None:
            on_contact(result, page)
        if page.count or page.cursor != cursor:
            applied = await store.apply_relay_page(relay, cursor, page)
            if applied is None:                  # another process applied it: go on from there
                cursor = await store.relay_cursor(relay)
                continue
            result.add(applied)
            cursor = page.cursor
            result.cursor = cursor
            if on_page is not None:
                on_page(result, page)
        more = page.more
        if not more and not follow:
            return


async def sync(store: Store, config: RelayConfig, *, follow: bool = False, team: bool = True,
               stop: asyncio.Event | None = None, on_page: Callable[[SyncResult, Page], None] | None = None,
               on_error: Callable[[JianmiError], None] | None = None,
               on_contact: Callable[[SyncResult, Page], None] | None = None,
               transport: httpx.AsyncBaseTransport | None = None) -> SyncResult:
    """Pull everything new (and with ``follow`` keep pulling). The first contact must succeed
    (RelayUnreachable / RelayRefused otherwise); when following, a lost relay is retried with
    a growing pause (``on_error`` hears of it), a refused token ends it."""
    result = SyncResult()
    async with RelayClient(config, transport=transport) as client:
        relay = str((await client.info())["relay"])
        result.shared_opt_outs = await prepare(store, client, relay, team=team)
        pause = 1.0
        while True:
            try:
                await pull(store, client, relay, result, follow=follow, stop=stop, on_page=on_page, team=team,
                           on_contact=on_contact)
                return result
            except RelayUnreachable as exc:
                if not follow:
                    raise
                if on_error is not None:
                    on_error(exc)
                log.warning("relay unreachable, retrying in %.0f s: %s", pause, exc.en)
                try:
                    await asyncio.wait_for((stop or asyncio.Event()).wait(), pause)
                    return result
                except TimeoutError:
                    pause = min(pause * 2, 60.0)
