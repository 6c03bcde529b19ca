"""The limiter on a clock of the test's own: time moves only when the limiter waits (plus the
lateness the test chooses), so these properties are checked exactly, with no wall clock and
no dependence on how busy the machine is."""

from __future__ import annotations

import asyncio

import pytest

from jianmi_desktop.limiter import SlidingWindowLimiter


class FakeClock:
    """A clock that jumps: ``sleep(s)`` advances it by s (+ ``late``) and returns at once."""

    def __init__(self, late: float = 0.0) -> None:
        self.t = 1000.0
        self.late = late
        self.sleeps = 0

    def now(self) -> float:
        return self.t

    async def sleep(self, seconds: float) -> None:
        self.sleeps += 1
        self.t += max(0.0, seconds) + self.late
        await asyncio.sleep(0)


def max_in_window(times: list[float], span: float) -> int:
    times = sorted(times)
    best, lo = 0, 0
    for hi, t in enumerate(times):
        while t - times[lo] >= span - 1e-9:   # a release exactly a span later is in the next window
            lo += 1
        best = max(best, hi - lo + 1)
    return best


@pytest.mark.parametrize("late", [0.0, 0.002, 0.0045, 0.02])
async def test_never_more_than_rate_in_any_window_and_no_drift_whatever_the_lateness(late):
    clock = FakeClock(late)
    limiter = SlidingWindowLimiter(rate=10, window=1.0, margin=0.02, clock=clock)
    times = [(await limiter.acquire()).time for _ in range(1000)]
    assert max_in_window(times, 1.02) <= 10
    assert max_in_window(times, 1.0) <= 10       # the platform's own second
    elapsed = times[-1] - times[0]
    rate = (len(times) - 1) / elapsed
    # spacing counts from the planned moment: lateness below a quarter interval does not pile up
    assert rate >= (9.6 if late < 0.102 / 4 else 8.0), rate


async def test_first_request_goes_at_once_and_the_next_ones_are_spaced():
    clock = FakeClock()
    limiter = SlidingWindowLimiter(rate=10, window=1.0, margin=0.02, clock=clock)
    first = await limiter.acquire()
    assert clock.sleeps == 0 and first.time == 1000.0
    second = await limiter.acquire()
    assert second.time - first.time == pytest.approx(0.102)


async def test_a_slow_down_halves_the_rate_then_it_recovers_on_the_clock():
    clock = FakeClock()
    limiter = SlidingWindowLimiter(rate=10, window=1.0, margin=0.0, recover_after=3.0, recover_step=1.0, clock=clock)
    await limiter.acquire()
    limiter.slow_down()
    assert limiter.rate == 5
    clock.t += 2.9
    assert limiter.rate == 5
    clock.t += 0.2                       # 3.1 s of calm: one step back
    assert limiter.rate == 6
    clock.t += 10
    assert limiter.rate == 10 and limiter.slow_downs == 1


async def test_mark_sent_moves_the_count_to_when_the_request_left():
    clock = FakeClock()
    limiter = SlidingWindowLimiter(rate=2, window=1.0, margin=0.0, clock=clock)
    a = await limiter.acquire()
    clock.t += 0.3                        # the connection took 0.3 s to open
    limiter.mark_sent(a)
    b = await limiter.acquire()
    c = await limiter.acquire()
    assert c.time - a.time >= 1.0        # never two others within a second of a's real departure
    assert b.time >= a.time
