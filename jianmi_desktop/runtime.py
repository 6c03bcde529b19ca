"""The running program's services, built in this one place for the window and the command line;
no Qt: the data folder and its settings, the store, the client under its limiter, the sending
service, and for the window the receiver and, in sandbox mode, the sandbox.

    folder, settings = open_data_folder()              # JIANMI_DATA_DIR, the log, the settings
    runtime = Runtime(folder, settings)
    await runtime.start()                              # the window: everything below, wired
    store = await runtime.open_store()                 # the command line: what a command needs
    client = runtime.connect(runtime.command_account())
    result = await runtime.sending.send(cid)

In the window's sandbox mode (the first start, or whenever no account is complete) the
sandbox runs in a thread of its own on a free loopback port, the receiver on the caller's loop
(qasync's), the sandbox pushes to the receiver, and the client talks to the sandbox with its
demo account. In production mode the client uses the saved account and the receiver listens
where the settings say. The command line uses the saved account, overridden by the
environment (``JIANMI_UID`` …), and starts no server of its own.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import EllipsisType
from typing import TYPE_CHECKING, Any

from jianmi_desktop.paths import DataPaths
from jianmi_desktop.platform.auth import md5_hex
from jianmi_desktop.platform.errors import JianmiError, PlatformRefusal
from jianmi_desktop.settings import (
    ResolvedAccount,
    Settings,
    data_dir,
    ensure_receiver_token,
    keychain_available,
    load_settings,
    resolve_account,
    save_settings,
    setup_logging,
)

if TYPE_CHECKING:
    from jianmi_desktop.campaign.service import SendingService
    from jianmi_desktop.client import JianmiClient
    from jianmi_desktop.receiver.app import Receiver
    from jianmi_desktop.sandbox.app import Sandbox, SandboxConfig
    from jianmi_desktop.store.db import Store

log = logging.getLogger(__name__)

__all__ = ["NoAccount", "Runtime", "SandboxThread", "Status", "StoreBusy",
           "open_data_folder", "public_status_url"]

STATUS_URL_SET = "status_url_set"  # the Settings field: {"<uid>@<sdk url>": the status URL last set}


class NoAccount(JianmiError):
    """The command line has no complete account to use."""


class StoreBusy(JianmiError):
    """The account's data cannot change while one of its campaigns is being sent."""



def open_data_folder() -> tuple[Path, Settings]:
    """The data folder (``JIANMI_DATA_DIR`` or the user's), its log file set up, its settings read."""
    folder = data_dir()
    setup_logging(folder)
    return folder, load_settings(folder)


def public_status_url(public_callback: str, token: str) -> str | None:
    """``<public_callback>/<token>/status``, or None when no public callback is configured."""
    base = (public_callback or "").strip().rstrip("/")
    if not base or not token:
        return None
    return f"{base}/{token}/status"


class SandboxThread:
    """The sandbox on its own loop in a daemon thread, so a busy sandbox never stalls the window."""

    def __init__(self, config: SandboxConfig) -> None:
        self.config = config
        # Not asyncio.new_event_loop(): under qasync's policy that makes a Qt loop, which
        # cannot run outside the main thread. The platform's default loop is what we want.
        self.loop = asyncio.DefaultEventLoopPolicy().new_event_loop()
        self.sandbox: Sandbox | None = None
        self._thread = threading.Thread(target=self.loop.run_forever, name="jianmi-sandbox", daemon=True)

    async def start(self) -> str:
        from jianmi_desktop.sandbox.app import Sandbox

        self._thread.start()
        sandbox = self.sandbox = Sandbox(self.config)
        future = asyncio.run_coroutine_threadsafe(sandbox.start(), self.loop)
        await asyncio.wrap_future(future)
        return str(sandbox.url)

    async def stop(self) -> None:
        if self.sandbox is not None and self._thread.is_alive():
            future = asyncio.run_coroutine_threadsafe(self.sandbox.stop(), self.loop)
            try:
                await asyncio.wait_for(asyncio.wrap_future(future), 10)
            except Exception:  # noqa: BLE001 - stopping must not raise
                log.exception("sandbox did not stop cleanly")
        if self._thread.is_alive():
            self.loop.call_soon_threadsafe(self.loop.stop)
            await asyncio.to_thread(self._thread.join, 5)


@dataclass
class Status:
    mode: str  # "sandbox" | "production"
    sdk_url: str
    receiver_push_url: str | None
    receiver_status_url: str | None
    receiver_error: JianmiError | None = None  # plain words in both languages
    #: production: the status URL given to the platform (setStatusUrl), if one is configured
    status_url: str | None = None
    #: production: why setStatusUrl failed (a warning; sending still works)
    status_url_error: BaseException | None = None


class Runtime:
    def __init__(self, folder: Path, settings: Settings,
                 on_stored: Callable[[str, int], None] | None = None) -> None:
        self.folder = folder
        self.paths = DataPaths(folder)
        self.settings = settings
        self.on_stored = on_stored
        self.store: Store | None = None
        self.store_key: str | None = None  # whose data ``store`` holds (``store/homes.py``)
        self.client: JianmiClient | None = None
        self.sending: SendingService | None = None  # made with the store, told of each new client
        self.receiver: Receiver | None = None
        self.sandbox_thread: SandboxThread | None = None
        self.account: ResolvedAccount | None = None
        self.status: Status | None = None
        #: SandboxConfig fields to override (tests use a short ``report_delay``)
        self.sandbox_options: dict[str, Any] = {}
        self._sandbox_password: str | None = None  # set when changed in this run

    # --- the parts, each made once -------------------------------------------------------
    async def open_store(self, key: str | None | EllipsisType = ...) -> Store:
        """The store of ``key`` (``store/homes.py``: each account and the sandbox have their own),
        and the sending service on it. Without a key: the command line's account (the saved one,
        or the one the environment names). Opening the store already open is free; another
        store is opened only while nothing is being sent (``StoreBusy`` otherwise)."""
        if key is ...:
            key = self.command_store_key()
        if self.store is not None and key == self.store_key:
            return self.store
        from jianmi_desktop.campaign.service import SendingService
        from jianmi_desktop.store.homes import open_home

        self.refuse_account_change()
        store = await open_home(self.folder, key)
        old, self.store, self.store_key = self.store, store, key
        if self.sending is None:
            self.sending = SendingService(store, self.client, folder=self.folder, settings=self.settings)
        else:
            self.sending.use_store(store)
        if old is not None:
            await old.close()
        return store

    def refuse_account_change(self) -> None:
        """StoreBusy while a campaign of the current account is being sent or waits in the queue."""
        if self.sending is not None and (self.sending.busy or self.sending.queue):
            raise StoreBusy(
                "现在的账号有任务正在发送或排队。请等它发完，或者先暂停或取消它，再换账号。",
                "A campaign of the current account is being sent or waits to be sent. Let it finish, or "
                "pause or cancel it, before changing the account.")

    def command_store_key(self) -> str | None:
        """Whose data the command line works on: the account the settings and the environment
        name (no secret is read), or None when none is named."""
        import os

        from jianmi_desktop.campaign.accounts import key_for

        uid = os.environ.get("JIANMI_UID") or self.settings.uid
        if not uid:
            return None
        return key_for(uid, os.environ.get("JIANMI_SDK_URL") or self.settings.sdk_url)

    def connect(self, account: ResolvedAccount) -> JianmiClient:
        """The client for ``account`` under one limiter at the settings' rate; the sending service
        sends with it from now on."""
        from jianmi_desktop.client import JianmiClient
        from jianmi_desktop.limiter import SlidingWindowLimiter

        self.account = account
        self.client = JianmiClient(account.endpoints(), account.account(),
                                   limiter=SlidingWindowLimiter(rate=max(1, self.settings.rate)))
        if self.sending is not None:
            self.sending.client = self.client
        return self.client

    def command_account(self) -> ResolvedAccount:
        """The command line's account: the saved settings, overridden by the environment; NoAccount
        (in plain words) when it is incomplete or its password cannot be had."""
        account = self.account or resolve_account(self.settings)
        self.account = account
        if account.uid and not account.password and not keychain_available():
            raise NoAccount(
                "这台电脑没有可用的系统钥匙串，程序不会把密码写进普通文件。请用环境变量 JIANMI_PASSWORD "
                "（以及 JIANMI_APIKEY）提供密码，或在窗口里每次启动时输入。",
                "This computer has no OS keychain, and the program never writes the password to a plain "
                "file. Provide it in JIANMI_PASSWORD (and JIANMI_APIKEY), or enter it in the window at each start.",
            )
        if not account.complete:
            raise NoAccount(
                "还没有设置账号：请在窗口的“设置”里填写账号和密码，或设置环境变量 JIANMI_UID 和 "
                "JIANMI_PASSWORD（想先试用，可以运行 `jianmi-desktop sandbox`，再把 JIANMI_SDK_URL 等指向它）。",
                "No account is set: fill in the account in the window's settings, or set JIANMI_UID and "
                "JIANMI_PASSWORD (to try first, run `jianmi-desktop sandbox` and point JIANMI_SDK_URL etc. at it).",
            )
        return account

    @property
    def mode(self) -> str:
        return self.status.mode if self.status else self.settings.mode

    async def _production_account(self) -> ResolvedAccount:
        """The saved account; the keychain is read on a worker thread (it may prompt or be slow)."""
        return await asyncio.to_thread(resolve_account, self.settings)

    async def start(self) -> Status:
        """The window's services: the store of the account in use (or of the sandbox), the
        receiver, the sandbox (sandbox mode), the client."""
        return await self._start_services(await self._choose())

    async def _choose(self) -> ResolvedAccount | None:
        """The saved account when the settings say production and it is complete; None: the sandbox."""
        production = None if self.settings.mode == "sandbox" else await self._production_account()
        return production if production is not None and production.complete else None

    def _key(self, production: ResolvedAccount | None) -> str:
        """Whose data the window shows: the account's, or the built-in sandbox's demo account."""
        from jianmi_desktop.campaign.accounts import key_for, local_key

        if production is not None:
            return key_for(production.uid, production.sdk_url)
        from jianmi_desktop.sandbox.config import SandboxConfig

        return local_key(self.sandbox_options.get("uid") or SandboxConfig.uid)

    async def _restart(self) -> Status:
        """Stop the services and start them on what the settings say now. When that is another
        account, its own data is opened first — and refused (``StoreBusy``) while a campaign is
        being sent, before anything is stopped."""
        production = await self._choose()
        key = self._key(production)
        if key != self.store_key:
            self.refuse_account_change()
        await self._stop_services()
        return await self._start_services(production)

    async def _start_services(self, production: ResolvedAccount | None) -> Status:
        await self.open_store(self._key(production))
        sandbox = production is None
        receiver_error = await self._start_receiver(sandbox)
        if sandbox:
            from jianmi_desktop.sandbox.app import SandboxConfig

            options = {"report_delay": (1.0, 6.0), "keep_reports": False, **self.sandbox_options}
            # Reports and voice and MMS status go to the receiver, given to the sandbox as it starts
            # (not through setStatusUrl: a request the platform's pacing would put 0.1 s before
            # the balance the window asks for first)
            config = SandboxConfig(host="127.0.0.1", port=0, state_path=self.paths.sandbox_state,
                                   push_url=self.receiver.push_url if self.receiver else None,
                                   status_url=self.receiver.status_url if self.receiver else None, **options)
            self.sandbox_thread = SandboxThread(config)
            url = await self.sandbox_thread.start()
            assert self.sandbox_thread.sandbox is not None
            account = ResolvedAccount(
                sdk_url=f"{url}/sdk/SMS", clientapi_url=f"{url}/ClientApi", intl_url=f"{url}/ClientApi",
                uid=config.uid, password=self.sandbox_password(config), apikey=config.apikey, ucuid="",
                password_from_env=False, known_md5=self.sandbox_thread.sandbox.state.password_md5)
        else:
            assert production is not None
            account = production
        self.connect(account)
        status = self.status = Status("sandbox" if sandbox else "production", account.sdk_url,
                                      self.receiver.push_url if self.receiver else None,
                                      self.receiver.status_url if self.receiver else None, receiver_error)
        if not sandbox:
            await self._set_production_status_url()
        return status

    def production_status_url(self) -> str | None:
        """Where the platform should call with voice and MMS status, from the public callback."""
        return public_status_url(self.settings.public_callback, self.settings.receiver_token)

    async def _set_production_status_url(self) -> None:
        """Production: setStatusUrl to ``<public_callback>/<token>/status`` once, and again only
        when that URL changed (the last one set is remembered per account in ``settings.status_url_set``)."""
        url = self.production_status_url()
        if self.status is not None:
            self.status.status_url = url
        if not url or self.client is None or self.account is None:
            return
        key = f"{self.account.uid}@{self.account.sdk_url}"
        done = dict(self.settings.status_url_set)
        if done.get(key) == url:
            return
        try:
            answer = await self.client.set_status_url(url)
            code = getattr(answer, "code", 100)
            if code != 100:
                raise PlatformRefusal(code)
        except Exception as exc:  # noqa: BLE001 - a warning, not fatal
            log.warning("could not set the status URL %s: %s", url, exc)
            if self.status is not None:
                self.status.status_url_error = exc
            return
        done[key] = url
        self.settings.status_url_set = done
        try:
            save_settings(self.settings, self.folder)
        except OSError as exc:
            log.warning("could not save the settings: %s", exc)

    def sandbox_password(self, config: SandboxConfig) -> str | None:
        """The sandbox's current password in plain text, or None where only its MD5 is known.

        The sandbox keeps only the MD5 in its state file; a password changed in an earlier
        session is then used through ``ResolvedAccount.known_md5``.
        """
        assert self.sandbox_thread is not None and self.sandbox_thread.sandbox is not None
        current = self.sandbox_thread.sandbox.state.password_md5
        for candidate in (self._sandbox_password, config.password):
            if candidate and md5_hex(candidate) == current:
                return candidate
        return None

    async def password_changed(self, new_password: str) -> JianmiError | None:
        """The platform accepted ``new_password`` (modifpsw 100): use it from now on.

        The client's account was already switched by ``JianmiClient.modifpsw``; this updates
        the resolved account (so a reload keeps using it) and, in production, keeps the new
        password in the OS keychain (in a worker thread). Returns None, or the
        SecretStoreError saying it is kept only for this run.
        """
        from jianmi_desktop.settings import keep_secret

        digest = md5_hex(new_password)
        if self.account is not None:
            self.account.password = new_password
            self.account.known_md5 = digest
        if self.client is not None:
            self.client.account.password_md5 = digest
        if self.mode == "sandbox":
            self._sandbox_password = new_password
            return None
        uid = self.account.uid if self.account is not None else self.settings.uid
        return await asyncio.to_thread(keep_secret, uid, "password", new_password)

    async def _start_receiver(self, sandbox: bool) -> JianmiError | None:
        from jianmi_desktop.receiver.app import Receiver

        token = ensure_receiver_token(self.settings, self.folder)
        host = "127.0.0.1" if sandbox else self.settings.receiver_host
        port = 0 if sandbox else self.settings.receiver_port
        assert self.store is not None, "start() opens the store before the services"
        self.receiver = Receiver(self.store, host=host, port=port, token=token, on_stored=self.on_stored)
        try:
            await self.receiver.start()
        except OSError as exc:
            self.receiver = None
            reason = exc.strerror or str(exc)
            return JianmiError(f"接收状态报告的端口 {host}:{port} 打不开（{reason}）。"
                               "状态报告收不到，请在设置里换一个端口。",
                               f"The port for delivery reports, {host}:{port}, cannot be opened ({reason}). "
                               "Reports will not arrive: choose another port in the settings.")
        return None

    async def _stop_services(self) -> None:
        if self.sending is not None:
            self.sending.client = None
        if self.client is not None:
            await self.client.aclose()
            self.client = None
        if self.receiver is not None:
            await self.receiver.stop()
            self.receiver = None
        if self.sandbox_thread is not None:
            await self.sandbox_thread.stop()
            self.sandbox_thread = None

    async def switch_mode(self, mode: str) -> Status:
        """Sandbox ⇄ production; the settings are saved first."""
        before, self.settings.mode = self.settings.mode, mode
        save_settings(self.settings, self.folder)
        try:
            return await self._restart()
        except StoreBusy:      # nothing was stopped: the mode stays as it was
            self.settings.mode = before
            save_settings(self.settings, self.folder)
            raise

    async def reload(self) -> Status:
        """After the settings changed (account, endpoints, ports)."""
        return await self._restart()

    async def stop(self) -> None:
        if self.sending is not None:
            await self.sending.close()
        await self._stop_services()
        if self.store is not None:
            await self.store.close()
            self.store = None
