"""The relay over real loopback HTTP: pushes in, events out, team mode, hostile input, limits —
the same cases on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import time
from urllib.parse import urlencode

import httpx
import pytest

from jianmi_desktop.platform.models import Reply, StatusReport
from jianmi_desktop.platform.push_xml import build_reply_push, build_status_push
from jianmi_desktop.relay.app import Relay
from jianmi_desktop.relay.backends import open_storage
from jianmi_desktop.relay.ratelimit import Limits
from tests.integration.test_receiver_app import HOSTILE
from tests.support.paths import SAMPLES
from tests.unit.test_platform_push_xml import (
    AFTER_COMMENTS,
    BILLION_LAUGHS,
    BROKEN,
    EXTERNAL,
    GBK_DTD,
    PARAMETER_ENTITY,
    UTF16_DTD,
)

FUZZ = {**{f"receiver-{k}": v for k, v in HOSTILE.items()}, **{f"broken-{k}": v for k, v in BROKEN.items()},
        "laughs": BILLION_LAUGHS, "external": EXTERNAL, "parameter": PARAMETER_ENTITY, "after-comments": AFTER_COMMENTS,
        "utf16-dtd": UTF16_DTD, "gbk-dtd": GBK_DTD}


class Env:
    def __init__(self, relay: Relay, client: httpx.AsyncClient) -> None:
        self.relay, self.client, self.storage = relay, client, relay.storage

    async def token(self, name: str) -> str:
        return await self.storage.create_token(name)

    async def events(self, token: str, after: int = 0, **params) -> httpx.Response:
        query = urlencode({"after": after, **params})
        return await self.client.get(f"{self.relay.api_url}/events?{query}", headers={"Authorization": f"Bearer {token}"})

    async def post(self, token: str, name: str, data: dict) -> httpx.Response:
        return await self.client.post(f"{self.relay.api_url}/{name}", json=data,
                                      headers={"Authorization": f"Bearer {token}"})

    async def count(self) -> int:
        rows = await self.storage.page(0, 0, 1_000_000)
        return len(rows.rows)


@pytest.fixture
def limits():
    return Limits()


@pytest.fixture
async def env(db_url, limits):
    storage = await open_storage(db_url)
    relay = Relay(storage, limits=limits)
    await relay.start()
    async with httpx.AsyncClient(timeout=60) as client:
        yield Env(relay, client)
    await relay.stop()
    await storage.close()


async def test_pushes_become_events_once_and_the_answer_is_the_receivers(env):
    token = await env.token("desk")
    for name in ("status_push.xml", "mo_push.xml", "status_push.xml", "mo_push.xml"):
        r = await env.client.post(env.relay.push_url, content=(SAMPLES / name).read_bytes())
        assert (r.status_code, r.text) == (200, "SUCCESS")
    query = {"mobile": "13800000001", "taskid": "1461822936915", "status": "2", "receiveTime": "2014-05-26 17:00:12"}
    for _ in range(2):
        r = await env.client.get(env.relay.status_url + "?" + urlencode(query))
        assert (r.status_code, r.text) == (200, "SUCCESS")
    r = await env.events(token)
    page = r.json()
    assert r.status_code == 200 and page["relay"] == env.storage.relay_id and page["more"] is False
    assert [e[1] for e in page["events"]] == [1, 2, 3]
    assert page["events"][0][2] == ["1461822936915", "15766208001", 0, "UNDELIV", "0", "pangrihui5"]
    assert page["events"][1][2][2] == "新年好。祝协会蓬勃兴旺。多搞活动啊。"
    again = (await env.events(token, page["cursor"])).json()
    assert again["events"] == [] and again["cursor"] == page["cursor"]


async def test_a_long_poll_wakes_when_a_push_is_committed(env):
    token = await env.token("desk")
    cursor = (await env.events(token)).json()["cursor"]
    started = time.monotonic()
    poll = asyncio.create_task(env.events(token, cursor, wait=20))
    await asyncio.sleep(0.5)
    assert not poll.done()
    body = build_status_push([StatusReport("42", "13800000000", True, "DELIVRD")])
    assert (await env.client.post(env.relay.push_url, content=body)).text == "SUCCESS"
    page = (await poll).json()
    assert len(page["events"]) == 1 and time.monotonic() - started < 10
    # a wait that sees nothing ends after its time with the same cursor
    started = time.monotonic()
    empty = (await env.events(token, page["cursor"], wait=1)).json()
    assert empty["events"] == [] and 0.9 < time.monotonic() - started < 8


async def test_a_reply_to_stop_reaches_every_desktop_as_an_opt_out(env):
    a, b = await env.token("a"), await env.token("b")
    first = int((await env.post(a, "msgids", {"count": 1000})).json()["first"])
    body = build_reply_push([Reply(str(first + 1), "13800000009", "退订"), Reply(str(first + 2), "13800000010", "好的")])
    assert (await env.client.post(env.relay.push_url, content=body)).text == "SUCCESS"
    first_a = (await env.events(a)).json()
    kinds_a = [e[1] for e in first_a["events"]]
    page_b = (await env.events(b)).json()
    assert sorted(kinds_a) == [2, 2, 4]                                   # a's replies and the opt-out
    assert [(e[1], e[2][0]) for e in page_b["events"]] == [(4, "13800000009")]   # b: only the opt-out
    # a manual opt-out shared by b reaches a; sharing it again is not a new event
    assert (await env.post(b, "optouts", {"mobiles": ["13800000011"]})).json() == {"added": 1}
    assert (await env.post(b, "optouts", {"mobiles": ["13800000011", "13800000009"]})).json() == {"added": 0}
    page_a = (await env.events(a, after=first_a["cursor"])).json()
    assert [(e[1], e[2]) for e in page_a["events"]] == [(4, ["13800000011", "b"])]


async def test_team_endpoints(env):
    wang, li = await env.token("小王"), await env.token("小李")
    info = (await env.client.get(f"{env.relay.api_url}/info", headers={"Authorization": f"Bearer {wang}"})).json()
    assert info["name"] == "小王" and info["push_url"] == env.relay.push_url and info["relay"] == env.storage.relay_id
    r1 = (await env.post(wang, "msgids", {"count": 500})).json()
    r2 = (await env.post(li, "msgids", {"count": 500})).json()
    assert int(r1["last"]) - int(r1["first"]) == 499 and int(r2["first"]) > int(r1["last"])
    numbers = [f"137{i:08d}" for i in range(2000)]
    assert (await env.post(wang, "sends", {"ref": "7", "text_hash": "a1" * 16, "mobiles": numbers[:1200]})
            ).json() == {"recorded": 1200}
    found = (await env.post(li, "overlap", {"text_hash": "a1" * 16, "mobiles": numbers, "hours": 24})).json()
    assert [(o["name"], o["count"]) for o in found["overlaps"]] == [("小王", 1200)]
    for bad in ({"count": 0}, {"count": "5"}, {"count": 10**12}):
        assert (await env.post(wang, "msgids", bad)).status_code == 400
    for bad in ({"text_hash": "zz", "mobiles": []}, {"text_hash": "a1" * 16, "mobiles": ["12ab"]},
                {"text_hash": "a1" * 16, "mobiles": "13800000000"}):
        assert (await env.post(li, "overlap", bad)).status_code == 400
    r = await env.client.post(f"{env.relay.api_url}/optouts", content=b"{not json",
                              headers={"Authorization": f"Bearer {li}"})
    assert r.status_code == 400 and "JSON" in r.json()["message"]


@pytest.mark.parametrize("name", sorted(FUZZ))
async def test_hostile_pushes_store_nothing_and_the_next_good_one_works(env, name):
    r = await env.client.post(env.relay.push_url, content=FUZZ[name])
    assert (r.status_code, r.text) == (400, "ERROR")
    assert await env.count() == 0
    r = await env.client.post(env.relay.push_url, content=(SAMPLES / "status_push.xml").read_bytes())
    assert r.text == "SUCCESS" and await env.count() == 1


async def test_fifty_megabytes_are_refused_unread_and_the_relay_goes_on(env):
    head = (SAMPLES / "status_push.xml").read_bytes()
    r = await env.client.post(env.relay.push_url, content=head + b" " * (50 * 1024 * 1024))
    assert r.status_code == 413

    async def chunked():
        yield head
        for _ in range(50):
            yield b" " * (1024 * 1024)

    assert (await env.client.post(env.relay.push_url, content=chunked())).status_code == 413
    token = await env.token("desk")
    big = await env.client.post(f"{env.relay.api_url}/optouts", content=chunked(),
                                headers={"Authorization": f"Bearer {token}"})
    assert big.status_code == 400 and await env.count() == 0
    assert (await env.client.post(env.relay.push_url, content=head)).text == "SUCCESS"
    assert await env.count() == 1


async def test_wrong_unknown_and_revoked_tokens_get_the_same_401(env):
    token = await env.token("desk")
    await env.token("other")
    assert (await env.events(token)).status_code == 200
    assert await env.storage.revoke_token("desk")
    answers = []
    for header in (f"Bearer {token}", "Bearer jmr_" + "A" * 43, "Bearer", "Basic abc", "", f"bearer {token}x"):
        r = await env.client.get(f"{env.relay.api_url}/events", headers={"Authorization": header} if header else {})
        answers.append((r.status_code, r.text, r.headers.get("WWW-Authenticate")))
    assert len(set(answers)) == 1 and answers[0][0] == 401
    for path in (f"/{'x' * 32}/push", "/push", f"/{env.storage.push_secret}x/push"):
        r = await env.client.post(env.relay.base_url + path, content=(SAMPLES / "status_push.xml").read_bytes())
        assert r.status_code == 404
    assert await env.count() == 0


@pytest.mark.parametrize("limits", [Limits(per_token_rate=4, per_token_burst=4, failures_per_minute=120,
                                           failure_burst=5)])
async def test_floods_are_refused_for_a_bounded_time(env, limits):
    a, b = await env.token("a"), await env.token("b")
    codes = [(await env.events(a)).status_code for _ in range(8)]
    assert codes[:4] == [200] * 4 and codes[-1] == 429
    assert (await env.events(b)).status_code == 200              # another desktop is not held up
    await asyncio.sleep(1.2)
    assert (await env.events(a)).status_code == 200              # bounded in time
    # wrong tokens from one address: refused before the database is asked, for a while
    wrong = [(await env.events("jmr_wrong")).status_code for _ in range(7)]
    assert wrong[:5] == [401] * 5 and wrong[-1] == 429
    r = await env.events(b)
    assert r.status_code == 429 and int(r.headers["Retry-After"]) >= 1
    await asyncio.sleep(1.1)                                     # 2 failures a second refill
    assert (await env.events(b)).status_code == 200
    # the platform's pushes are not limited by desktops' floods of their own
    assert (await env.client.post(env.relay.push_url, content=(SAMPLES / "status_push.xml").read_bytes())
            ).status_code == 200


async def test_health_and_bad_parameters(env):
    r = await env.client.get(env.relay.base_url + "/health")
    assert (r.status_code, r.text) == (200, "OK")
    token = await env.token("desk")
    for query in ("after=-1", "after=abc", "limit=1e9", "wait=x"):
        r = await env.client.get(f"{env.relay.api_url}/events?{query}", headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 400, query
    r = await env.events(token, limit=10**9)  # clamped to the most a page holds, not refused
    assert r.status_code == 200


async def test_pushes_from_many_connections_with_commits_overlapping_are_each_stored_once(env):
    """Two appends under way at once (the next already with the database while one commits):
    every push answered after its own commit, every record once, numbers in commit order."""
    assert env.relay.receiver.commits_in_flight == 2
    token = await env.token("desk")
    bodies = [build_status_push([StatusReport(str(5000 + p), f"139{p:04d}{i:04d}", i % 3 == 0, "DELIVRD")
                                 for i in range(200)]) for p in range(60)]
    limits = httpx.Limits(max_connections=8)
    async with httpx.AsyncClient(timeout=60, limits=limits) as client:
        # each push twice (the platform resends what it did not see acknowledged)
        answers = await asyncio.gather(*(client.post(env.relay.push_url, content=b) for b in bodies + bodies[::-1]))
    assert {(r.status_code, r.text) for r in answers} == {(200, "SUCCESS")}
    seqs, cursor, seen = [], 0, set()
    while True:
        page = (await env.events(token, cursor, limit=500)).json()
        seqs += [e[0] for e in page["events"]]
        seen.update((e[2][0], e[2][1]) for e in page["events"])
        cursor = page["cursor"]
        if not page["more"]:
            break
    assert len(seqs) == len(seen) == 60 * 200 and seqs == sorted(set(seqs))
