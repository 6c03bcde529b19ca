"""Send throughput against the sandbox, at 0 and 300 ms of added latency.

Runs the real path: Store (SQLite in a temp folder) → CampaignRunner → JianmiClient under
the sliding-window limiter → sandbox over loopback (in a thread with its own loop, like a
remote server). Prints requests a second as a share of the 10/s ceiling and the number of
105 answers. Target: ≥ 95 % with zero 105.

    python benchmarks/send_rate.py [--numbers 30000] [--latency 0,300]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from jianmi_desktop.campaign.drafts import sms_draft  # noqa: E402
from jianmi_desktop.campaign.service import SendingService  # noqa: E402
from jianmi_desktop.client import Account, Endpoints, JianmiClient  # noqa: E402
from jianmi_desktop.limiter import SlidingWindowLimiter  # noqa: E402
from jianmi_desktop.platform.auth import md5_hex  # noqa: E402
from jianmi_desktop.runtime import SandboxThread  # noqa: E402
from jianmi_desktop.sandbox.config import SandboxConfig  # noqa: E402
from jianmi_desktop.settings import Settings  # noqa: E402
from jianmi_desktop.store.db import Store  # noqa: E402


async def one_run(numbers: int, latency_ms: int, folder: Path) -> dict:
    config = SandboxConfig(port=0, latency_ms=latency_ms, initial_balance=10_000_000, report_delay=(3600, 3600))
    sandbox = SandboxThread(config)
    url = await sandbox.start()
    store = await Store.open(folder / f"bench-{latency_ms}.db")
    client = JianmiClient(Endpoints(f"{url}/sdk/SMS", f"{url}/ClientApi", f"{url}/ClientApi"),
                          Account(config.uid, md5_hex(config.password), config.apikey),
                          limiter=SlidingWindowLimiter(rate=10))
    try:
        mobiles = [str(13000000000 + i) for i in range(numbers)]
        service = SendingService(store, client, folder=folder, settings=Settings(batch_size=100, in_flight=8))
        cid = await service.create(sms_draft("【茧米】测速", mobiles))
        started = time.monotonic()
        result = await service.send(cid)
        elapsed = time.monotonic() - started
    finally:
        await client.aclose()
        await store.close()
        await sandbox.stop()
    state = sandbox.sandbox.state
    sends = sorted(s.time for s in state.submissions if s.cmd == "send")
    span = sends[-1] - sends[0] if len(sends) > 1 else float("nan")
    rate = (len(sends) - 1) / span if span else float("nan")
    # the strictest check: the most arrivals within any one-second window
    worst, j = 0, 0
    for i, t in enumerate(sends):
        while t - sends[j] >= 1.0:
            j += 1
        worst = max(worst, i - j + 1)
    return {"latency_ms": latency_ms, "requests": len(sends), "submitted": result.submitted, "elapsed_s": elapsed,
            "rate": rate, "share": rate / 10, "answers_105": state.counts[105], "max_in_1s": worst,
            "state": result.state}


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--numbers", type=int, default=30_000)
    parser.add_argument("--latency", default="0,300")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for latency in (int(x) for x in args.latency.split(",")):
            r = await one_run(args.numbers, latency, Path(tmp))
            ok = r["share"] >= 0.95 and r["answers_105"] == 0
            print(f"latency {r['latency_ms']:>4} ms: {r['requests']} requests, {r['submitted']} numbers in "
                  f"{r['elapsed_s']:.1f} s → {r['rate']:.2f} req/s = {r['share']:.1%} of the 10/s ceiling; "
                  f"105 answers: {r['answers_105']}; most arrivals in any 1 s: {r['max_in_1s']}; "
                  f"campaign {r['state']}  [{'OK' if ok else 'BELOW TARGET'}]")


if __name__ == "__main__":
    asyncio.run(main())
