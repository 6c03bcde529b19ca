"""What the sending service tells its listeners, as plain data (no Qt).

The command line prints them, the window's adapter (``gui/sending.py``) turns them into Qt
signals, tests collect them. ``runner.Progress`` is itself an event: counts, rate and ETA of
the campaign being sent.

Campaign states in ``StateChanged``: the stored ones (``scheduled``, ``pending``, ``running``,
``paused``, ``done``, ``stopped``, ``cancelled``) and three the service passes through on the
way (``queued``: waiting for the one being sent; ``pausing`` and ``cancelling``: asked, and the
batches in flight are finishing).
"""

from __future__ import annotations

from dataclasses import dataclass

from jianmi_desktop.campaign.runner import Progress, RunResult
from jianmi_desktop.platform.errors import JianmiError
from jianmi_desktop.states import CampaignState

#: states in which a campaign ends its run
END_STATES = (CampaignState.DONE, CampaignState.STOPPED, CampaignState.PAUSED, CampaignState.CANCELLED)


@dataclass(frozen=True)
class CampaignStarted:
    """A campaign's run begins: its batches in all, those still to send, and the batch size."""

    campaign_id: int
    kind: str
    batches_total: int
    batches_open: int
    batch_size: int


@dataclass(frozen=True)
class StateChanged:
    """A campaign moved; ``result`` when its run ended, ``error`` when it could not run or broke off."""

    campaign_id: int
    kind: str
    state: str
    result: RunResult | None = None
    error: BaseException | None = None

    @property
    def reason(self) -> JianmiError | None:
        """What stopped it, in plain words (the run's own stop reason, or the error it raised)."""
        if self.result is not None and self.result.error is not None:
            return self.result.error
        return self.error if isinstance(self.error, JianmiError) else None


@dataclass(frozen=True)
class Interrupted:
    """Batches found ``sending`` when the sender lock was taken: a sender died mid-request. They
    are ``uncertain`` now, and are never resent unless the user chooses to."""

    batches: int


@dataclass(frozen=True)
class Missed:
    """Held sends whose time passed while nothing was running: asked about, never sent by themselves."""

    campaign_ids: tuple[int, ...]


@dataclass(frozen=True)
class HeldChanged:
    """The sends the program holds for later: (campaign, 'YYYY-MM-DD hh:mm:ss' China time), soonest first."""

    held: tuple[tuple[int, str], ...]


@dataclass(frozen=True)
class Idle:
    """Nothing is being sent and nothing is queued."""


Event = CampaignStarted | Progress | StateChanged | Interrupted | Missed | HeldChanged | Idle

__all__ = ["END_STATES", "CampaignStarted", "Event", "HeldChanged", "Idle", "Interrupted", "Missed", "Progress",
           "StateChanged"]
