"""Receiver throughput: pushes a second stored with nothing lost (target: ≥ 200/s).

The receiver runs here on a real SQLite file with the real store; a separate process plays
the platform and POSTs delivery-report pushes of 200 records each (the platform's maximum)
over loopback, a few connections at once, and counts the SUCCESS answers. Afterwards the
store must hold every record exactly once.

    python benchmarks/receiver_rate.py [--pushes 2000] [--records 200] [--connections 4]
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from jianmi_desktop.platform.models import StatusReport  # noqa: E402
from jianmi_desktop.platform.push_xml import build_status_push  # noqa: E402


def _bodies(pushes: int, records: int) -> list[bytes]:
    out = []
    for p in range(pushes):
        reports = [StatusReport(str(10_000_000 + p), str(13000000000 + p * records + i), i % 10 != 0,
                                "DELIVRD" if i % 10 else "UNDELIV") for i in range(records)]
        out.append(build_status_push(reports))
    return out


def _platform(url: str, pushes: int, records: int, connections: int, result) -> None:
    import aiohttp

    bodies = _bodies(pushes, records)

    async def go() -> None:
        ok = 0
        queue = list(range(len(bodies)))
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=connections)) as session:
            async def worker() -> None:
                nonlocal ok
                while queue:
                    body = bodies[queue.pop()]
                    async with session.post(url, data=body, headers={"Content-Type": "text/xml"}) as r:
                        if (await r.text()).strip() == "SUCCESS":
                            ok += 1

            started = time.perf_counter()
            await asyncio.gather(*(worker() for _ in range(connections)))
            result["elapsed"] = time.perf_counter() - started
        result["ok"] = ok

    asyncio.run(go())


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pushes", type=int, default=2000)
    parser.add_argument("--records", type=int, default=200)
    parser.add_argument("--connections", type=int, default=4)
    args = parser.parse_args()

    from jianmi_desktop.receiver.app import Receiver
    from jianmi_desktop.store.db import Store

    with tempfile.TemporaryDirectory() as tmp:
        store = await Store.open(Path(tmp) / "bench.db")
        receiver = Receiver(store, host="127.0.0.1", port=0, token="bench")
        await receiver.start()
        manager = multiprocessing.Manager()
        result = manager.dict()
        proc = multiprocessing.Process(target=_platform, args=(receiver.push_url, args.pushes, args.records,
                                                                 args.connections, result))
        proc.start()
        while proc.is_alive():
            await asyncio.sleep(0.05)
        await receiver.stop()
        stored = await store._read(lambda conn: conn.execute("SELECT count(*) FROM reports").fetchone()[0])
        await store.close()
    rate = result["ok"] / result["elapsed"]
    expected = args.pushes * args.records
    print(f"{result['ok']}/{args.pushes} pushes of {args.records} records acknowledged in {result['elapsed']:.2f} s "
          f"over {args.connections} connections → {rate:.0f} pushes/s ({rate * args.records:,.0f} records/s); "
          f"stored {stored:,} of {expected:,} records  "
          f"[{'OK' if rate >= 200 and stored == expected and result['ok'] == args.pushes else 'BELOW TARGET'}]")


if __name__ == "__main__":
    asyncio.run(main())
