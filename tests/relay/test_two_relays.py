"""Two relay processes on one PostgreSQL (behind one reverse proxy in a real deployment): the
platform pushes to one, desktops pull from the other; long-polls wake across processes
(LISTEN/NOTIFY); and numbering is commit-ordered, so a desktop following the cursor while
both processes write never skips an event."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest

from jianmi_desktop.platform.models import StatusReport
from jianmi_desktop.platform.push_xml import build_status_push
from tests.support.relay_proc import Desktop, Platform, RelayProcess, report_bodies


@pytest.fixture
def pair(postgres, tmp_path):
    url = postgres.create_database()
    one = RelayProcess(url, tmp_path / "one").start()
    two = RelayProcess(url, tmp_path / "two").start()
    yield one, two
    one.stop()
    two.stop()


async def test_push_to_one_pull_from_the_other(pair, tmp_path):
    one, two = pair
    assert one.urls["push_url"].split("/")[-2] == two.urls["push_url"].split("/")[-2]   # one secret, one DB
    d = Desktop("desk", tmp_path / "desk", two.urls["api_url"], one.token("desk"))
    assert d.sync().code == 0
    await d.send_campaign(3000, 35)
    bodies = report_bodies(d.sent)
    await Platform(one.urls["push_url"], resend_acked=0.5).push_all(bodies)
    out = d.sync().json()
    assert (out["events"], out["reports"]) == (3000, 3000)
    (campaign,) = d.history()
    assert (campaign["delivered"], campaign["undelivered"]) == (2700, 300)
    assert d.sync().json()["events"] == 0


async def test_a_long_poll_on_one_process_wakes_for_a_push_to_the_other(pair):
    one, two = pair
    token = one.token("desk")
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(timeout=60) as client:
        cursor = (await client.get(f"{two.urls['api_url']}/events", headers=headers)).json()["cursor"]
        started = time.monotonic()
        poll = asyncio.create_task(client.get(f"{two.urls['api_url']}/events",
                                              params={"after": cursor, "wait": 20}, headers=headers))
        await asyncio.sleep(0.5)
        assert not poll.done()
        body = build_status_push([StatusReport("5", "13800000000", True, "DELIVRD")])
        assert (await client.post(one.urls["push_url"], content=body)).text == "SUCCESS"
        page = (await poll).json()
        assert len(page["events"]) == 1 and time.monotonic() - started < 4   # not the 5-second re-check


async def test_a_follower_never_skips_an_event_while_both_processes_write(pair):
    """Writers on both processes at once; a reader follows the cursor as fast as it can. With
    numbers handed out at insert (a bigserial) the reader would see 11 before 10 committed
    and pass 10 for ever; the relay numbers at commit, so the followed sequence is complete."""
    one, two = pair
    token = one.token("follower")
    headers = {"Authorization": f"Bearer {token}"}
    bodies = [build_status_push([StatusReport(str(1000 + p), f"136{p:04d}{i:04d}", True, "DELIVRD")
                                 for i in range(20)]) for p in range(600)]
    seen: list[int] = []
    done = asyncio.Event()

    async def follow(client: httpx.AsyncClient) -> None:
        cursor = 0
        while True:
            finished = done.is_set()
            r = await client.get(f"{two.urls['api_url']}/events", params={"after": cursor, "limit": 10000},
                                 headers=headers)
            if r.status_code == 429:            # the per-token limit (50 a second): as a desktop would
                await asyncio.sleep(0.02)
                continue
            page = r.json()
            seen.extend(e[0] for e in page["events"])
            cursor = page["cursor"]
            if finished and not page["more"]:
                return

    async with httpx.AsyncClient(timeout=60) as client:
        follower = asyncio.create_task(follow(client))
        await asyncio.gather(Platform(one.urls["push_url"], connections=6, resend_acked=0).push_all(bodies[0::2]),
                             Platform(two.urls["push_url"], connections=6, resend_acked=0).push_all(bodies[1::2]))
        done.set()
        await follower
        everything: list[int] = []
        cursor = 0
        while True:
            page = (await client.get(f"{one.urls['api_url']}/events", params={"after": cursor, "limit": 10000},
                                     headers=headers)).json()
            everything += [e[0] for e in page["events"]]
            cursor = page["cursor"]
            if not page["more"]:
                break
    assert len(everything) == 600 * 20
    assert seen == everything, f"the follower missed {len(set(everything) - set(seen))} events"
