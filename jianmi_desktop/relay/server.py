"""``jianmi-desktop relay``: open the database, serve, print the addresses, prune, until stopped.

Settings beyond the command line come from the environment (a service manager sets them):
``JIANMI_RELAY_DB`` the database URL when ``--db`` is not given, ``JIANMI_RELAY_DB_PASSWORD_FILE``
a file holding the database password (a container or systemd credential: the password stays out
of the URL, the process list and the environment), ``JIANMI_RELAY_RETENTION_DAYS`` (30, at least 1) how long events are kept
after every desktop has fetched them, ``JIANMI_RELAY_HOLD_DAYS`` (180) how long events a
desktop has not fetched are held beyond that, ``JIANMI_RELAY_TRUST_PROXY=1`` to take the
client address from ``X-Forwarded-For`` (only behind a reverse proxy that sets it).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import signal
import time
from collections.abc import Mapping
from dataclasses import dataclass

from jianmi_desktop.relay.app import Relay
from jianmi_desktop.relay.backends import open_storage
from jianmi_desktop.relay.storage import PruneResult, RelayError, RelayStorage

log = logging.getLogger(__name__)

PRUNE_EVERY_S = 3600.0
DAY = 86_400.0


@dataclass(frozen=True)
class Retention:
    keep_days: float = 30.0
    hold_days: float = 180.0
    trust_proxy: bool = False

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Retention:
        env = os.environ if env is None else env

        def number(name: str, default: float, low: float) -> float:
            raw = env.get(name, "").strip()
            if not raw:
                return default
            try:
                value = float(raw)
            except ValueError:
                raise RelayError(f"环境变量 {name}={raw!r} 不是数字", f"{name}={raw!r} is not a number") from None
            if value < low:
                raise RelayError(f"环境变量 {name} 至少为 {low:g}", f"{name} must be at least {low:g}")
            return value

        keep = number("JIANMI_RELAY_RETENTION_DAYS", cls.keep_days, 1)
        hold = number("JIANMI_RELAY_HOLD_DAYS", cls.hold_days, 0)
        trust = env.get("JIANMI_RELAY_TRUST_PROXY", "").strip().lower() in ("1", "true", "yes")
        return cls(keep, hold, trust)


async def prune_once(storage: RelayStorage, retention: Retention, now: float | None = None) -> PruneResult:
    now = time.time() if now is None else now
    before = now - retention.keep_days * DAY
    result = await storage.prune(before, before - retention.hold_days * DAY)
    if result.deleted:
        log.info("pruned %d events older than %g days", result.deleted, retention.keep_days)
    if result.held_back:
        log.warning("%d events older than %g days are kept: desktop(s) %s have not fetched them yet",
                    result.held_back, retention.keep_days, ", ".join(result.lagging))
    if result.dropped_unfetched:
        log.warning("%d events older than %g days were dropped although desktop(s) %s had not fetched them",
                    result.dropped_unfetched, retention.keep_days + retention.hold_days, ", ".join(result.lagging))
    return result


async def _prune_forever(storage: RelayStorage, retention: Retention) -> None:
    while True:
        try:
            await prune_once(storage, retention)
        except Exception:  # noqa: BLE001 - pruning is upkeep: try again later
            log.exception("pruning the relay's events failed")
        await asyncio.sleep(PRUNE_EVERY_S)


def db_password(env: Mapping[str, str] | None = None) -> str | None:
    """The database password from ``JIANMI_RELAY_DB_PASSWORD_FILE``, if that is set."""
    env = os.environ if env is None else env
    path = env.get("JIANMI_RELAY_DB_PASSWORD_FILE", "").strip()
    if not path:
        return None
    try:
        with open(path, encoding="utf-8") as f:
            return f.read().strip() or None
    except OSError as exc:
        raise RelayError(f"读不了数据库密码文件 {path}：{exc.strerror}",
                         f"Cannot read the database password file {path}: {exc.strerror}") from None


def default_db_url(folder: os.PathLike[str] | str) -> str:
    return f"sqlite:///{os.path.abspath(os.path.join(folder, 'relay.db'))}"


async def run_relay(db_url: str, host: str, port: int, public_url: str | None, as_json: bool,
                    retention: Retention | None = None) -> None:
    """Serve until cancelled; the first stdout line names the addresses (JSON with ``as_json``)."""
    retention = retention or Retention.from_env()
    storage = await open_storage(db_url, password=db_password())
    try:
        relay = Relay(storage, host=host, port=port, public_url=public_url, trust_proxy=retention.trust_proxy)
        await relay.start()
        pruner = asyncio.create_task(_prune_forever(storage, retention), name="relay-prune")
        try:
            if as_json:
                print(json.dumps(relay.urls()), flush=True)
            else:
                print(f"推送地址（短信状态报告和上行回复）/ push URL:   {relay.push_url}", flush=True)
                print(f"状态地址（语音和彩信）/ status URL:             {relay.status_url}", flush=True)
                print(f"桌面程序的中继地址 / api_url:                   {relay.api_url}", flush=True)
                print("请把推送地址和状态地址登记到平台；给每台电脑运行 `jianmi-desktop relay token add 名称` 生成令牌。",
                      flush=True)
            stopped = asyncio.Event()
            with contextlib.suppress(NotImplementedError, RuntimeError):  # not on Windows
                asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stopped.set)
            await stopped.wait()  # SIGTERM (a service manager, `docker stop`) ends it cleanly
        finally:
            pruner.cancel()
            await asyncio.gather(pruner, return_exceptions=True)
            await relay.stop()
    finally:
        await storage.close()
