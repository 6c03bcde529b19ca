"""Team mode as the tabs use it (several desktops on one account, meeting at the relay): the
relay in force, the colleagues' overlap warnings before a send, and after it the msgid range
and the record of what this desktop sent. Without a relay all of it is nothing."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any


async def relay_in_force(controller: Any) -> Any:
    """The relay's RelayConfig, or None; the token is read from the keychain off the GUI thread."""
    from jianmi_desktop.campaign.sync import relay_config
    from jianmi_desktop.gui.relay_link import wants_relay

    settings = controller.settings
    if not wants_relay(settings):
        return None
    return await asyncio.to_thread(relay_config, settings)


async def overlap_warnings(controller: Any, text: str, mobiles: Sequence[str]) -> list[Any]:
    """Did a colleague send this text to some of these numbers lately? (checks.Finding, by name)"""
    from jianmi_desktop.campaign import team

    config = await relay_in_force(controller)
    if config is None or not text:
        return []
    return await team.overlap_findings(controller.settings, text, list(mobiles), config=config)


async def before_create(controller: Any, count: int) -> Any:
    """Hold msgids from this desktop's range for ``count`` numbers; the relay in force (or None)."""
    from jianmi_desktop.campaign import team

    config = await relay_in_force(controller)
    if config is not None:
        await team.ensure_msgids(controller.store, controller.settings, count, config=config)
    return config


def after_create(controller: Any, config: Any, campaign_id: int, text: str | None, mobiles: Sequence[str]) -> None:
    """Tell the relay what was sent, in the background (an unreachable relay never stops a send)."""
    from jianmi_desktop.campaign import team

    if config is not None and text:
        controller.spawn(team.record_send(controller.settings, campaign_id, text, list(mobiles), config=config),
                         on_error=lambda _text: None)
