"""Team mode: several desktops on one account meet at the relay.

- Before sending: the desktop asks the relay whether another desktop sent the same text to
  some of the same numbers in the last days, and warns by name ("小王 已于 10:02 向其中 1,200
  个号码发送过相同内容"); and it makes sure it holds msgids from its relay range, so every
  report maps back to the desktop (and campaign) that sent it.
- After creating a campaign: it tells the relay what it sent (text hash and numbers), for the
  other desktops' warnings.

Nothing here stops a send when the relay cannot be reached: the warning is then a hint that
the check could not be made, and msgids come from the ranges already held.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

from jianmi_desktop.campaign.checks import Finding
from jianmi_desktop.campaign.sync import (
    RANGE_SIZE,
    TOP_UP_BELOW,
    RelayClient,
    RelayConfig,
    RelayRefused,
    RelayUnreachable,
    relay_config,
)
from jianmi_desktop.platform.auth import CHINA_TZ, china_now
from jianmi_desktop.settings import Settings
from jianmi_desktop.store import Store
from jianmi_desktop.store.models import text_hash

log = logging.getLogger(__name__)

OVERLAP_HOURS = 72
TIMEOUT_S = 10.0


def _when(at: float) -> str:
    moment = datetime.fromtimestamp(at, CHINA_TZ)
    if moment.date() == china_now().date():
        return moment.strftime("%H:%M")
    return moment.strftime("%m-%d %H:%M")


def overlap_finding(name: str, at: float, count: int) -> Finding:
    when = _when(at)
    return Finding("warn", "team_overlap", f"{name} 已于 {when} 向其中 {count:,} 个号码发送过相同内容",
                   f"{name} sent the same text to {count:,} of these numbers at {when}")


async def overlap_findings(settings: Settings, text: str, mobiles: Sequence[str], *,
                           config: RelayConfig | None = None) -> list[Finding]:
    """The team's overlap warnings for sending ``text`` to ``mobiles`` (none without a relay)."""
    config = config or relay_config(settings)
    if config is None or not mobiles:
        return []
    try:
        async with RelayClient(config, timeout=TIMEOUT_S) as client:
            found = await client.overlap(text_hash(text), mobiles, hours=OVERLAP_HOURS)
    except (RelayUnreachable, RelayRefused) as exc:
        return [Finding("hint", "team_unchecked", "无法向中继服务器核对同事是否发过相同内容：" + exc.zh,
                        "Could not ask the relay whether a colleague sent the same text: " + exc.en)]
    return [overlap_finding(o["name"], o["at"], o["count"]) for o in found]


async def ensure_msgids(store: Store, settings: Settings, needed: int, *,
                        config: RelayConfig | None = None) -> None:
    """With a relay set, hold at least ``needed`` msgids from the relay's ranges (more are
    fetched when fewer than a million are left). An unreachable relay is not an error while
    the ranges held suffice; the store refuses a campaign they cannot cover."""
    config = config or relay_config(settings)
    if config is None:
        return
    left = await store.msgids_left()
    if left is not None and left >= max(needed, TOP_UP_BELOW):
        return
    try:
        async with RelayClient(config, timeout=TIMEOUT_S) as client:
            relay = str((await client.info())["relay"])
            while left is None or left < max(needed, TOP_UP_BELOW):
                first, last = await client.msgid_range(max(RANGE_SIZE, needed))
                await store.add_msgid_range(first, last, relay)
                left = await store.msgids_left()
    except (RelayUnreachable, RelayRefused) as exc:
        log.warning("no new msgid range from the relay: %s", exc.en)


async def record_send(settings: Settings, campaign_id: int, text: str, mobiles: Sequence[str], *,
                      config: RelayConfig | None = None) -> bool:
    """Tell the relay what this desktop sent (for the others' warnings); False when it could not."""
    config = config or relay_config(settings)
    if config is None or not mobiles:
        return False
    try:
        async with RelayClient(config, timeout=TIMEOUT_S) as client:
            await client.record_send(f"{campaign_id}@{china_now():%Y%m%d%H%M%S}", text_hash(text), mobiles)
    except (RelayUnreachable, RelayRefused) as exc:
        log.warning("could not tell the relay about campaign %s: %s", campaign_id, exc.en)
        return False
    return True
