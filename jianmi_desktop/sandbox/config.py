"""Settings of the sandbox (the platform emulator) and its fault plan."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class FaultPlan:
    """Fault injection for tests and benchmarks; everything is off by default.

    ``p_105`` answers 105 without carrying the request out; ``p_500`` answers HTTP 500
    without carrying it out; ``p_drop_after`` carries it out, then closes the connection
    without an answer; ``p_slow`` delays that share of answers by ``slow_s`` seconds.
    ``drop_after_requests`` holds 1-based numbers of *sending* requests (send,
    sendIntlSms, sendvoice, sendvote, sendvoicecall, mmsSend, counted in order of
    arrival during this run): each is carried out (never hit by an injected 105/500)
    and its connection is then dropped.
    """

    p_105: float = 0.0
    p_500: float = 0.0
    p_drop_after: float = 0.0
    p_slow: float = 0.0
    slow_s: float = 0.0
    drop_after_requests: set[int] = field(default_factory=set)


@dataclass
class SandboxConfig:
    host: str = "127.0.0.1"
    port: int = 0
    state_path: Path | None = None
    seed: int = 0
    push_url: str | None = None      # read at each push: may be changed while running
    status_url: str | None = None    # voice and MMS status go here from the start, as after a
                                     # setStatusUrl (None: where the saved state says)
    uid: str = "demo"
    password: str = "demo1234"
    apikey: str = "demo-api-key"
    latency_ms: int = 0
    rate: int = 10                   # accepted requests per sliding second per account
    initial_balance: int = 100_000
    report_delay: tuple[float, float] = (0.5, 3.0)  # seconds from submission to report
    push_retries: int = 3            # further attempts after a push is not acknowledged
    faults: FaultPlan = field(default_factory=FaultPlan)
    push_backoff: float = 0.5        # seconds before the first retry; doubles each time
    status_retries: int = 3          # further attempts of a status-URL call
    keep_reports: bool = True        # keep every pushed report in state.reports (tests); the window's
                                     # embedded sandbox runs for hours and keeps none
