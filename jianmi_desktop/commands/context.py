"""What every command needs: the data folder, settings, account, store and client — opened lazily."""

from __future__ import annotations

from pathlib import Path

from jianmi_desktop.platform.errors import JianmiError
from jianmi_desktop.settings import DB_FILE, data_dir, keychain_available, load_settings, resolve_account, setup_logging


class NoAccount(JianmiError):
    pass


class Context:
    def __init__(self, args) -> None:
        self.args = args
        self.folder: Path = data_dir()
        setup_logging(self.folder)
        self.settings = load_settings(self.folder)
        self.account = resolve_account(self.settings)
        self._store = None
        self._client = None

    @property
    def db_path(self) -> Path:
        return self.folder / DB_FILE

    async def store(self):
        if self._store is None:
            from jianmi_desktop.store.db import Store

            self._store = await Store.open(self.db_path)
        return self._store

    def client(self):
        if self._client is None:
            if self.account.uid and not self.account.password and not keychain_available():
                raise NoAccount(
                    "这台电脑没有可用的系统钥匙串，程序不会把密码写进普通文件。请用环境变量 JIANMI_PASSWORD "
                    "（以及 JIANMI_APIKEY）提供密码，或在窗口里每次启动时输入。",
                    "This computer has no OS keychain, and the program never writes the password to a plain "
                    "file. Provide it in JIANMI_PASSWORD (and JIANMI_APIKEY), or enter it in the window at each start.",
                )
            if not self.account.complete:
                raise NoAccount(
                    "还没有设置账号：请在窗口的“设置”里填写账号和密码，或设置环境变量 JIANMI_UID 和 "
                    "JIANMI_PASSWORD（想先试用，可以运行 `jianmi-desktop sandbox`，再把 JIANMI_SDK_URL 等指向它）。",
                    "No account is set: fill in the account in the window's settings, or set JIANMI_UID and "
                    "JIANMI_PASSWORD (to try first, run `jianmi-desktop sandbox` and point JIANMI_SDK_URL etc. at it).",
                )
            from jianmi_desktop.client import JianmiClient
            from jianmi_desktop.limiter import SlidingWindowLimiter

            self._client = JianmiClient(self.account.endpoints(), self.account.account(),
                                        limiter=SlidingWindowLimiter(rate=max(1, self.settings.rate)))
        return self._client

    async def close(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None
        if self._store is not None:
            await self._store.close()
            self._store = None
