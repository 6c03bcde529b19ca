"""Token buckets per key (a desktop token, a client address), in bounded memory.

A flood is bounded in time: a bucket refills at its rate, so a key that was refused is
served again after ``burst / rate`` seconds at most. The table keeps the most recently
used keys only (``max_keys``): an attacker spraying addresses costs memory that is capped.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass


class Limiter:
    def __init__(self, rate: float, burst: float, *, max_keys: int = 20_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError("rate must be > 0 and burst ≥ 1")
        self.rate = float(rate)
        self.burst = float(burst)
        self.max_keys = max_keys
        self.clock = clock
        self._buckets: OrderedDict[object, tuple[float, float]] = OrderedDict()

    def _level(self, key: object) -> float:
        now = self.clock()
        tokens, stamp = self._buckets.get(key, (self.burst, now))
        return min(self.burst, tokens + (now - stamp) * self.rate)

    def _set(self, key: object, tokens: float) -> None:
        self._buckets[key] = (tokens, self.clock())
        self._buckets.move_to_end(key)
        while len(self._buckets) > self.max_keys:
            self._buckets.popitem(last=False)

    def allow(self, key: object, cost: float = 1.0) -> bool:
        """Take ``cost`` from the key's bucket; False (nothing taken) when it holds less."""
        tokens = self._level(key)
        if tokens < cost:
            self._set(key, tokens)
            return False
        self._set(key, tokens - cost)
        return True

    def charge(self, key: object, cost: float = 1.0) -> None:
        """Take ``cost`` whatever the bucket holds (down to zero): failures are counted this way."""
        self._set(key, max(0.0, self._level(key) - cost))

    def empty(self, key: object) -> bool:
        return key in self._buckets and self._level(key) < 1.0

    def retry_after(self, key: object) -> float:
        return max(0.0, (1.0 - self._level(key)) / self.rate)

    def __len__(self) -> int:
        return len(self._buckets)


@dataclass(frozen=True)
class Limits:
    """The relay's limits (requests a second and bursts)."""

    per_token_rate: float = 50.0        # API requests a second of one desktop token
    per_token_burst: float = 100.0
    per_ip_rate: float = 2000.0         # any request from one address
    per_ip_burst: float = 4000.0
    failures_per_minute: float = 30.0   # wrong tokens and wrong paths from one address …
    failure_burst: float = 30.0         # … before it is refused for a while
