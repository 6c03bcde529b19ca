"""What a command runs with: its arguments and the program's runtime (``runtime.py``), whose
store, client and sending service are opened only when the command asks for them."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from jianmi_desktop.runtime import NoAccount, Runtime, open_data_folder

if TYPE_CHECKING:
    from jianmi_desktop.campaign.service import SendingService
    from jianmi_desktop.client import JianmiClient
    from jianmi_desktop.settings import ResolvedAccount, Settings
    from jianmi_desktop.store.db import Store

__all__ = ["Context", "NoAccount"]


class Context:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        folder, settings = open_data_folder()
        self.runtime = Runtime(folder, settings)

    @property
    def folder(self) -> Path:
        return self.runtime.folder

    @property
    def settings(self) -> Settings:
        return self.runtime.settings

    @property
    def account(self) -> ResolvedAccount:
        """The saved account, overridden by the environment (checked only when a client is made)."""
        from jianmi_desktop.settings import resolve_account

        if self.runtime.account is None:
            self.runtime.account = resolve_account(self.settings)
        return self.runtime.account

    async def store(self) -> Store:
        return await self.runtime.open_store()

    def client(self) -> JianmiClient:
        """The client for the command line's account; NoAccount (plain words) when there is none."""
        if self.runtime.client is None:
            self.runtime.connect(self.runtime.command_account())
        assert self.runtime.client is not None
        return self.runtime.client

    async def sending(self) -> SendingService:
        """The sending service, with the store open and the client connected."""
        await self.store()
        self.client()
        assert self.runtime.sending is not None
        return self.runtime.sending

    async def close(self) -> None:
        await self.runtime.stop()
