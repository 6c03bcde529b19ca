"""Receiver throughput: pushes a second stored with nothing lost (target: ≥ 200/s).

The receiver runs here on a real SQLite file with the real store, which first holds one sent
campaign of pushes × records numbers in batches of ``records`` (reports are kept only for
msgids this computer sent, and each report settles its recipient); a separate process plays
the platform and POSTs delivery-report pushes of 200 records each (the platform's maximum),
one per batch, over loopback, a few connections at once, and counts the SUCCESS answers.
Afterwards the store must hold every record exactly once and every recipient settled.

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


def _bodies(batches: list[tuple[str, list[str]]]) -> list[bytes]:
    out = []
    for msgid, mobiles in batches:
        reports = [StatusReport(msgid, mobile, i % 10 != 0, "DELIVRD" if i % 10 else "UNDELIV")
                   for i, mobile in enumerate(mobiles)]
        out.append(build_status_push(reports))
    return out


async def _sent_campaign(db: Path, pushes: int, records: int) -> list[tuple[str, list[str]]]:
    """One campaign of pushes × records numbers, every batch submitted: (msgid, mobiles) each."""
    import sqlite3

    from jianmi_desktop.store.db import Store

    store = await Store.open(db)
    mobiles = [str(13000000000 + i) for i in range(pushes * records)]
    cid = await store.create_campaign(kind="sms", text="【茧米】测试", params={}, mobiles=mobiles,
                                      batch_size=records)
    await store.close()
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE batches SET state = 'submitted' WHERE campaign_id = ?", (cid,))
        conn.execute("UPDATE recipients SET state = 'submitted' WHERE campaign_id = ?", (cid,))
    by_batch: dict[int, tuple[str, list[str]]] = {}
    for batch_id, msgid, mobile in conn.execute(
            "SELECT b.id, b.msgid, r.mobile FROM recipients AS r JOIN batches AS b ON b.id = r.batch_id "
            "WHERE r.campaign_id = ? ORDER BY r.id", (cid,)):
        by_batch.setdefault(batch_id, (str(msgid), []))[1].append(mobile)
    conn.close()
    return list(by_batch.values())


def _platform(url: str, batches: list[tuple[str, list[str]]], connections: int, result) -> None:
    import aiohttp

    bodies = _bodies(batches)

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
        batches = await _sent_campaign(Path(tmp) / "bench.db", args.pushes, args.records)
        store = await Store.open(Path(tmp) / "bench.db")
        receiver = Receiver(store, host="127.0.0.1", port=0, token="bench")
        await receiver.start()
        manager = multiprocessing.Manager()
        result = manager.dict()
        proc = multiprocessing.Process(target=_platform, args=(receiver.push_url, batches, args.connections,
                                                                 result))
        proc.start()
        while proc.is_alive():
            await asyncio.sleep(0.05)
        await receiver.stop()
        stored = await store._read(lambda conn: conn.execute("SELECT count(*) FROM reports").fetchone()[0])
        waiting = await store._read(lambda conn: conn.execute(
            "SELECT count(*) FROM recipients WHERE state = 'submitted'").fetchone()[0])
        await store.close()
    rate = result["ok"] / result["elapsed"]
    expected = args.pushes * args.records
    print(f"{result['ok']}/{args.pushes} pushes of {args.records} records acknowledged in {result['elapsed']:.2f} s "
          f"over {args.connections} connections → {rate:.0f} pushes/s ({rate * args.records:,.0f} records/s); "
          f"stored {stored:,} of {expected:,} records, {waiting:,} recipients still waiting  "
          f"[{'OK' if rate >= 200 and stored == expected and not waiting and result['ok'] == args.pushes else 'BELOW TARGET'}]")


if __name__ == "__main__":
    asyncio.run(main())
