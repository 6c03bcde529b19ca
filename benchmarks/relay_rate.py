"""Relay throughput (targets: ≥ 200 pushes of 200 records a second in, on SQLite and PostgreSQL;
≥ 50,000 events a second out to a pulling desktop; the push acknowledged < 1 s at p99 while
desktops pull; the desktop applies pulled events at ≥ 50,000 records a second).

The relay runs as it is deployed: ``jianmi-desktop relay`` in a child process, on a SQLite file
or on a PostgreSQL server started here (fsync on). A separate process plays the platform and
POSTs pushes of 200 distinct delivery reports over a few connections, timing every answer;
meanwhile two desktop processes long-poll the events as the program does. Then one desktop
pulls everything (pages of 10,000) and applies it to its own SQLite history.

    python benchmarks/relay_rate.py [--pushes 2000] [--connections 8] [--db both]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from jianmi_desktop.platform.models import StatusReport  # noqa: E402
from jianmi_desktop.platform.push_xml import build_status_push  # noqa: E402
from tests.support.postgres import PostgresServer  # noqa: E402
from tests.support.relay_proc import RelayProcess  # noqa: E402

RECORDS = 200


def _bodies(pushes: int, base_msgid: int) -> list[bytes]:
    return [build_status_push([StatusReport(str(base_msgid + p), str(13000000000 + p * RECORDS + i), i % 10 != 0,
                                            "DELIVRD" if i % 10 else "UNDELIV", "0", "demo") for i in range(RECORDS)])
            for p in range(pushes)]


def _platform(url: str, bodies_path: str, connections: int, out: Any) -> None:
    """The platform pushing: ``connections`` keep-alive connections, each a thread POSTing prepared
    bodies one after another (http.client: the load generator must cost the shared cores as little
    as it can, so the figure is the relay's, not the client's)."""
    import http.client
    import threading
    from urllib.parse import urlsplit

    bodies = [b.encode() for b in json.loads(Path(bodies_path).read_text())]
    target = urlsplit(url)
    path = target.path + (f"?{target.query}" if target.query else "")
    latencies: list[float] = []
    ok = [0]
    queue = list(range(len(bodies)))
    lock = threading.Lock()

    def worker() -> None:
        conn = http.client.HTTPConnection(target.hostname, target.port, timeout=60)
        while True:
            with lock:
                if not queue:
                    break
                body = bodies[queue.pop()]
            t0 = time.perf_counter()
            conn.request("POST", path, body=body, headers={"Content-Type": "text/xml"})
            answer = conn.getresponse().read()
            took = time.perf_counter() - t0
            with lock:
                latencies.append(took)
                ok[0] += answer == b"SUCCESS"
        conn.close()

    cpu0 = time.process_time()
    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    out["elapsed"] = time.perf_counter() - started
    out["cpu"] = time.process_time() - cpu0
    out["ok"] = ok[0]
    out["latencies"] = latencies


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc), 0 elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return 0.0


def _desktop(api_url: str, token: str, stop_at: int, out: Any) -> None:
    """A desktop long-polling as the program does, until it has seen ``stop_at`` events: a 429
    (each commit wakes the long-polls, and past 50 a second the token's limit answers) is
    waited out for its Retry-After, as campaign/sync.py does, and counted."""
    import httpx

    seen, cursor, polls, throttled = 0, 0, 0, 0
    with httpx.Client(timeout=60, headers={"Authorization": f"Bearer {token}"}) as client:
        while seen < stop_at:
            r = client.get(f"{api_url}/events", params={"after": cursor, "limit": 10000, "wait": 25})
            if r.status_code == 429:
                throttled += 1
                time.sleep(min(30.0, float(r.headers.get("Retry-After", "1") or 1)))
                continue
            page = r.json()
            polls += 1
            seen += len(page["events"])
            cursor = page["cursor"]
    out["seen"], out["polls"], out["throttled"] = seen, polls, throttled


async def _pull_and_apply(api_url: str, token: str, folder: Path, total: int) -> tuple[float, float, int]:
    """Events out (HTTP + JSON, pages of 10,000), then the desktop's apply rate (its own SQLite)."""
    import httpx

    from jianmi_desktop.platform.relay_events import read_page
    from jianmi_desktop.store import Store

    pages = []
    cursor = 0
    async with httpx.AsyncClient(timeout=60, headers={"Authorization": f"Bearer {token}"}) as client:
        t0 = time.perf_counter()
        while True:
            r = await client.get(f"{api_url}/events", params={"after": cursor, "limit": 10000})
            page = read_page(r.json(), cursor)
            pages.append((cursor, page))
            cursor = page.cursor
            if not page.more:
                break
        pulled = time.perf_counter() - t0
    events = sum(p.count for _, p in pages)
    store = await Store.open(folder / "desk.db")
    try:
        # the desktop sent these: one campaign, msgids as pushed (so every report settles a recipient)
        mobiles = [str(13000000000 + i) for i in range(total)]
        cid = await store.create_campaign(kind="sms", text="【茧米】b", params={}, mobiles=mobiles, batch_size=RECORDS)
        await store._write(lambda c: c.execute(
            "UPDATE batches SET msgid = CAST(? + seq - 1 AS TEXT), state = 'submitted'", (BASE_MSGID,)))
        await store._write(lambda c: c.execute("UPDATE recipients SET state = 'submitted'"))
        t0 = time.perf_counter()
        for after, page in pages:
            await store.apply_relay_page(page.relay, after, page)
        applied = time.perf_counter() - t0
        counts = await store.campaign_counts(cid)
        settled = counts["delivered"] + counts["undelivered"]
    finally:
        await store.close()
    return events / pulled, events / applied, settled


BASE_MSGID = 9_000_000


async def run(db_url: str, folder: Path, pushes: int, connections: int) -> bool:
    folder.mkdir(parents=True, exist_ok=True)
    relay = RelayProcess(db_url, folder / "relay").start()
    try:
        tokens = [relay.token(f"desk{i}") for i in range(3)]
        bodies_path = folder / "bodies.json"
        bodies_path.write_text(json.dumps([b.decode() for b in _bodies(pushes, BASE_MSGID)]))
        total = pushes * RECORDS
        manager = multiprocessing.Manager()
        platform_out, desk_outs = manager.dict(), [manager.dict(), manager.dict()]
        desks = [multiprocessing.Process(target=_desktop, args=(relay.urls["api_url"], tokens[i], total, desk_outs[i]))
                 for i in range(2)]
        for d in desks:
            d.start()
        platform = multiprocessing.Process(target=_platform, args=(relay.urls["push_url"], str(bodies_path),
                                                                     connections, platform_out))
        relay_cpu0 = _cpu_seconds(relay.proc.pid) if relay.proc is not None else 0.0
        platform.start()
        await asyncio.to_thread(platform.join)
        relay_cpu = (_cpu_seconds(relay.proc.pid) if relay.proc is not None else 0.0) - relay_cpu0
        for d in desks:
            await asyncio.to_thread(d.join, 120)
        lat = sorted(platform_out["latencies"])
        rate = platform_out["ok"] / platform_out["elapsed"]
        p99 = lat[int(len(lat) * 0.99) - 1]
        print(f"  in:  {platform_out['ok']:,}/{pushes:,} pushes of {RECORDS} acknowledged in "
              f"{platform_out['elapsed']:.2f} s over {connections} connections → {rate:.0f} pushes/s "
              f"({rate * RECORDS:,.0f} records/s)  [target ≥ 200: {'OK' if rate >= 200 else 'BELOW'}]")
        print(f"  ack latency while 2 desktops long-poll: median {statistics.median(lat) * 1000:.0f} ms, "
              f"p99 {p99 * 1000:.0f} ms, max {lat[-1] * 1000:.0f} ms  [target p99 ≤ 1 s: "
              f"{'OK' if p99 <= 1 else 'ABOVE'}]")
        print(f"  CPU while pushing: relay {relay_cpu / platform_out['ok'] * 1000:.1f} ms a push "
              f"({relay_cpu / platform_out['elapsed']:.2f} of a core), the pushing client "
              f"{platform_out['cpu'] / platform_out['elapsed']:.2f} of a core")
        print(f"  desktops following: {[o['seen'] for o in desk_outs]} events in {[o['polls'] for o in desk_outs]} "
              f"long-polls, {[o['throttled'] for o in desk_outs]} times told to wait (429)")
        out_rate, apply_rate, settled = await _pull_and_apply(relay.urls["api_url"], tokens[2], folder, total)
        print(f"  out: {total:,} events pulled by a desktop at {out_rate:,.0f} events/s  "
              f"[target ≥ 50,000: {'OK' if out_rate >= 50_000 else 'BELOW'}]")
        print(f"  desktop apply: {apply_rate:,.0f} records/s into its history ({settled:,} recipients settled)  "
              f"[target ≥ 50,000: {'OK' if apply_rate >= 50_000 else 'BELOW'}]")
        return (platform_out["ok"] == pushes and min(o["seen"] for o in desk_outs) == total and settled == total
                and rate >= 200 and p99 <= 1 and out_rate >= 50_000 and apply_rate >= 50_000)
    finally:
        relay.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pushes", type=int, default=2000)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="jianmi-relay-rate-"))
    results = []
    try:
        if args.db in ("sqlite", "both"):
            print("SQLite (synchronous=FULL):")
            results.append(asyncio.run(run(f"sqlite:///{folder}/s/relay.db", folder / "s", args.pushes,
                                           args.connections)))
        if args.db in ("postgresql", "both"):
            with PostgresServer(fsync=True) as pg:
                print("PostgreSQL (fsync on, synchronous_commit on):")
                results.append(asyncio.run(run(pg.create_database(), folder / "p", args.pushes, args.connections)))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print("ALL TARGETS MET" if all(results) else "SOME TARGETS MISSED")
    return 0 if all(results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
