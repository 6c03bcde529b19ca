"""Which account a campaign belongs to, so that nothing written down for the sandbox (or another
account) ever goes out on the real one. Light on imports: the window loads it before its first paint."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from jianmi_desktop.platform.errors import JianmiError

if TYPE_CHECKING:
    from jianmi_desktop.client import JianmiClient
    from jianmi_desktop.store.models import Campaign


LOCAL = "local"  # every sandbox on this computer is this one platform


class OtherAccount(JianmiError):
    """A campaign written down under another account (or the sandbox) must not go out on this one."""


def account_key(client: JianmiClient) -> str:
    """Which account a campaign belongs to: the uid and the platform it was created on.

    Every sandbox on this computer counts as one platform ("local"): the window's embedded
    sandbox listens on a new port at each start."""
    return key_for(client.account.uid, client.endpoints.sdk)


def key_for(uid: str, sdk_url: str) -> str:
    """``account_key`` from the uid and the platform's SDK address (before any client is made)."""
    host = urlsplit(sdk_url).hostname or ""
    where = LOCAL if host in ("127.0.0.1", "localhost", "::1") else sdk_url
    return f"{uid}@{where}"


def local_key(uid: str) -> str:
    """The key of ``uid`` on a sandbox of this computer (the window's built-in one: ``demo@local``)."""
    return f"{uid}@{LOCAL}"


def belongs(campaign: Campaign, key: str) -> bool:
    return campaign.params.get("account") in (None, key)
