"""The issue's whole two-desktop case at full size: 100,000 recipients through a relay killed twice.

Two desktops on one account each send a campaign (50,000 recipients each, msgids from their
own relay ranges); a separate platform pushes their reports mixed, in pushes of 200, with
repeats, resending whatever is not acknowledged, while the relay (a child process) is killed
with SIGKILL twice and restarted. Then each desktop runs ``jianmi-desktop sync``: its history
must settle exactly its own recipients, every record once; a second sync applies nothing; a
copy of a desktop that was off all along catches up to the same state. On SQLite and on a
PostgreSQL server of its own (``--db sqlite|postgresql|both``); also with two relay processes
on one PostgreSQL (pushes to one, pulls from the other). The suite runs the same at 2×20,000.

    python benchmarks/relay_team.py [--recipients 100000] [--db both]
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.support.postgres import PostgresServer  # noqa: E402
from tests.support.relay_proc import Desktop, Platform, RelayProcess, report_bodies  # noqa: E402


def settled(d: Desktop) -> tuple[int, int, int]:
    (campaign,) = d.history()
    return campaign["recipients"], campaign["delivered"], campaign["undelivered"]


async def scenario(db_url: str, folder: Path, per_desktop: int, *, second_relay: bool = False) -> bool:
    push_relay = RelayProcess(db_url, folder / "relay").start()
    pull_relay = RelayProcess(db_url, folder / "relay2").start() if second_relay else push_relay
    ok = True
    try:
        desks = []
        for name, prefix in (("小王", 39), ("小李", 37)):
            d = Desktop(name, folder / name, pull_relay.urls["api_url"], push_relay.token(name))
            assert d.sync().code == 0
            t0 = time.perf_counter()
            await d.send_campaign(per_desktop, prefix)
            print(f"  {name}: campaign of {per_desktop:,} written in {time.perf_counter() - t0:.1f} s")
            desks.append(d)
        off = desks[0].copy(folder / "off", "off")
        bodies = report_bodies(desks[0].sent + desks[1].sent)
        platform = Platform(push_relay.urls["push_url"], connections=4, resend_acked=0.1)
        kills: list[int] = []

        def killer() -> None:
            for fraction in (0.3, 0.65):
                while platform.acked < len(bodies) * fraction:
                    time.sleep(0.01)
                push_relay.kill()
                kills.append(platform.acked)
                time.sleep(0.5)
                push_relay.start()

        thread = threading.Thread(target=killer)
        thread.start()
        t0 = time.perf_counter()
        await platform.push_all(bodies)
        took = time.perf_counter() - t0
        thread.join()
        print(f"  platform: {len(bodies):,} pushes of ≤200 acknowledged, {platform.sent:,} posts in all "
              f"({platform.failures:,} cut off or refused), relay killed at {kills} acks; {took:.1f} s")
        for d in (*desks, off):
            t0 = time.perf_counter()
            r = d.sync()
            took = time.perf_counter() - t0
            out = r.json()
            state = settled(d)
            again = d.sync().json()["events"]
            good = (out["events"], out["reports"]) == (per_desktop, per_desktop) and state == (
                per_desktop, per_desktop * 9 // 10, per_desktop // 10) and again == 0
            ok &= good
            print(f"  {d.name}: sync applied {out['events']:,} events ({out['reports']:,} reports) in {took:.1f} s "
                  f"(process start included); history {state[1]:,} delivered + {state[2]:,} undelivered of "
                  f"{state[0]:,}; second sync {again} — {'OK' if good else 'WRONG'}")
    finally:
        push_relay.stop()
        if second_relay:
            pull_relay.stop()
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--recipients", type=int, default=100_000, help="in all, half per desktop")
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    args = parser.parse_args()
    per = args.recipients // 2
    results = []
    folder = Path(tempfile.mkdtemp(prefix="jianmi-relay-team-"))
    try:
        if args.db in ("sqlite", "both"):
            print(f"SQLite, 2 desktops × {per:,} recipients, relay killed twice:")
            t0 = time.perf_counter()
            results.append(asyncio.run(scenario(f"sqlite:///{folder}/s/relay.db", folder / "s", per)))
            print(f"  whole case: {time.perf_counter() - t0:.1f} s")
        if args.db in ("postgresql", "both"):
            with PostgresServer(fsync=True) as pg:
                print(f"PostgreSQL, 2 desktops × {per:,} recipients, relay killed twice:")
                t0 = time.perf_counter()
                results.append(asyncio.run(scenario(pg.create_database(), folder / "p", per)))
                print(f"  whole case: {time.perf_counter() - t0:.1f} s")
                print("PostgreSQL, two relay processes (push to one, pull from the other), killed twice:")
                t0 = time.perf_counter()
                results.append(asyncio.run(scenario(pg.create_database(), folder / "p2", per, second_relay=True)))
                print(f"  whole case: {time.perf_counter() - t0:.1f} s")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print("PASS" if all(results) else "FAIL")
    return 0 if all(results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
