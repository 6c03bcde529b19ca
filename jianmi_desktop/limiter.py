"""Request pacing for one platform account (the platform's rate limit: requests a second per account).

The platform counts the requests that *arrive* in any sliding one-second window and
answers ``105`` to the 11th.  A token bucket that lets ten go at once and then refills
breaks that rule, and so does a burst followed by a wait once the network adds jitter.
:class:`SlidingWindowLimiter` therefore does two things:

* a request may leave only if fewer than ``rate`` requests left in the last
  ``window + margin`` seconds (the margin absorbs jitter between leaving and arriving);
* consecutive releases are spaced at least ``(window + margin) / rate`` apart, so the
  requests of a window are spread evenly instead of leaving at the same instant.

With the defaults that is one request every 102 ms: 9.8 requests a second sustained.

:meth:`SlidingWindowLimiter.acquire` returns a :class:`Ticket`; the client moves it to
the moment the request really started going out (:meth:`~SlidingWindowLimiter.mark_sent`),
so time spent opening a connection after the release does not squeeze the window.

After a ``105`` the client calls :meth:`SlidingWindowLimiter.slow_down`: the rate is
halved, and it grows back by one request a second per ``recover_step`` once
``recover_after`` seconds have passed without another ``105``.

Waiters are served strictly first come, first served (an :class:`asyncio.Lock` is FIFO
and does not let a newcomer overtake a woken waiter).  Times come from the running
loop's clock (``loop.time()``).  Use one limiter per account, shared by every command
and every client of that account; a limiter belongs to one event loop.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from typing import Protocol

__all__ = ["Clock", "LoopClock", "SlidingWindowLimiter", "Ticket"]


class Clock(Protocol):
    """Where the limiter reads the time and how it waits (tests give one that never sleeps)."""

    def now(self) -> float: ...

    async def sleep(self, seconds: float) -> None: ...


class LoopClock:
    """The running event loop's clock (monotonic), and ``asyncio.sleep``."""

    def now(self) -> float:
        try:
            return asyncio.get_running_loop().time()
        except RuntimeError:  # outside a loop: the default loop clock is monotonic
            return time.monotonic()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


class Ticket:
    """One released request; ``time`` is when it counts as having left."""

    __slots__ = ("time",)

    def __init__(self, time: float) -> None:
        self.time = time

    def __repr__(self) -> str:
        return f"Ticket({self.time:.6f})"


class SlidingWindowLimiter:
    """At most ``rate`` releases in any ``window + margin`` seconds, evenly spaced."""

    def __init__(
        self,
        rate: int = 10,
        window: float = 1.0,
        margin: float = 0.02,
        *,
        recover_after: float = 3.0,
        recover_step: float = 1.0,
        clock: Clock | None = None,
    ) -> None:
        if rate < 1:
            raise ValueError("rate must be at least 1")
        if window <= 0 or margin < 0:
            raise ValueError("window must be positive and margin not negative")
        self.base_rate = int(rate)
        self.window = float(window)
        self.margin = float(margin)
        self.recover_after = float(recover_after)
        self.recover_step = float(recover_step)
        self.clock: Clock = clock or LoopClock()
        self._rate = self.base_rate
        # Tickets of the latest releases, oldest first.  A ticket's time may move later
        # (mark_sent), so a few more than base_rate are kept and sorted when needed.
        self._tickets: deque[Ticket] = deque(maxlen=4 * self.base_rate)
        self._last_release: float | None = None
        self._lock = asyncio.Lock()
        self._last_slow: float | None = None   # when slow_down() last took effect
        self._calm_since: float | None = None  # start of the current recovery step
        self.slow_downs = 0                    # how many times slow_down() took effect
        self.released = 0                      # how many requests were let through

    # -- public --------------------------------------------------------------------

    @property
    def rate(self) -> int:
        """The rate in force now (lower than ``base_rate`` after a ``105``)."""
        self._recover(self._now())
        return self._rate

    @property
    def span(self) -> float:
        """The guarded window: ``window + margin`` seconds."""
        return self.window + self.margin

    async def acquire(self) -> Ticket:
        """Wait until one more request may leave, then count it as left (now).

        The returned ticket may be moved later with :meth:`mark_sent` once the request
        really starts going out (after a connection was opened, say).
        """
        async with self._lock:
            while True:
                now = self.clock.now()
                earliest = self._earliest(now)
                if earliest <= now:
                    break
                await self.clock.sleep(earliest - now)
            ticket = Ticket(now)
            self._tickets.append(ticket)
            # The spacing counts from the planned moment when the wake-up was only a
            # little late, so timer lateness does not pile up over a long run (but an
            # idle pause never turns into a catch-up burst).
            interval = self.span / self._rate
            self._last_release = earliest if now - earliest <= interval / 4 else now
            self.released += 1
            return ticket

    def mark_sent(self, ticket: Ticket, when: float | None = None) -> None:
        """The request of ``ticket`` started going out on the wire at ``when`` (default now).

        Opening a connection (or a TLS handshake) between the release and the first byte
        delays the arrival; counting the request from when it really left keeps the
        platform's sliding second intact.  A time earlier than the release is ignored.
        """
        if when is None:
            when = self._now()
        if when > ticket.time:
            ticket.time = when

    def slow_down(self) -> None:
        """The platform answered ``105``: halve the rate for a while.

        Several requests in flight often get ``105`` from the same crowded second; all
        ``105`` answers within one window count as one slow-down.
        """
        now = self._now()
        self._recover(now)
        if self._last_slow is not None and now - self._last_slow < self.window:
            self._calm_since = now
            return
        self._rate = max(1, self._rate // 2)
        self._last_slow = now
        self._calm_since = now
        self.slow_downs += 1

    def reset(self) -> None:
        """Back to the full rate, forgetting any slow-down (releases are kept)."""
        self._rate = self.base_rate
        self._last_slow = None
        self._calm_since = None

    # -- internals -------------------------------------------------------------------

    def _now(self) -> float:
        return self.clock.now()

    def _recover(self, now: float) -> None:
        """Give back one request a second per recover_step after recover_after calm."""
        if self._rate >= self.base_rate or self._calm_since is None:
            return
        calm = now - self._calm_since
        if calm < self.recover_after:
            return
        steps = 1 + int((calm - self.recover_after) / self.recover_step) if self.recover_step > 0 else self.base_rate
        given = min(steps, self.base_rate - self._rate)
        self._rate += given
        if self._rate >= self.base_rate:
            self._calm_since = None
        else:
            # The next step comes recover_step after this one.
            self._calm_since += self.recover_step * given

    def _earliest(self, now: float) -> float:
        """The first moment one more request may leave (``now`` or earlier: at once)."""
        self._recover(now)
        if self._last_release is None:
            return now
        rate = self._rate
        span = self.span
        # Spread the releases evenly ...
        earliest = self._last_release + span / rate
        # ... and never let one leave while `rate` others went out in the last span.
        if len(self._tickets) >= rate:
            times = sorted(t.time for t in self._tickets)
            earliest = max(earliest, times[-rate] + span)
        return earliest
