"""The receiver as a real aiohttp server on 127.0.0.1, driven by a real HTTP client."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import subprocess
import sys
import textwrap
from urllib.parse import urlencode

import httpx
import pytest

from jianmi_desktop.platform.models import Reply, StatusReport
from jianmi_desktop.platform.push_xml import build_reply_push, build_status_push
from jianmi_desktop.receiver import Receiver
from jianmi_desktop.store import Store
from tests.support.paths import SAMPLES  # noqa: E402

TOKEN = "s3cret-token"


@pytest.fixture
async def env(tmp_path):
    store = await Store.open(tmp_path / "jianmi.db")
    events = []
    receiver = Receiver(store, token=TOKEN, on_stored=lambda kind, n: events.append((kind, n)))
    await receiver.start()
    async with httpx.AsyncClient(timeout=60) as client:
        yield receiver, store, client, events, tmp_path / "jianmi.db"
    await receiver.stop()
    await store.close()


def count(path, table) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


async def sent_batch(store, mobiles, kind="sms"):
    cid = await store.create_campaign(kind=kind, text="【茧米】t", params={}, mobiles=mobiles, batch_size=500)
    batch = await store.claim_next_batch(cid)
    await store.finish_batch(batch.id, "submitted", 100)
    return cid, batch


async def test_urls_and_loopback(env):
    receiver, *_ = env
    assert receiver.push_url == f"http://127.0.0.1:{receiver.port}/{TOKEN}/push"
    assert receiver.status_url == f"http://127.0.0.1:{receiver.port}/{TOKEN}/status"
    assert receiver.port > 0


async def test_sample_pushes_are_stored_once_even_when_posted_twice(env):
    receiver, store, client, events, db = env
    for name in ("status_push.xml", "mo_push.xml", "status_push.xml", "mo_push.xml"):
        r = await client.post(receiver.push_url, content=(SAMPLES / name).read_bytes(),
                              headers={"Content-Type": "text/xml"})
        assert (r.status_code, r.text) == (200, "SUCCESS")
    assert count(db, "reports") == 1 and count(db, "replies") == 1
    assert events == [("reports", 1), ("replies", 1)]


async def test_reports_settle_recipients_over_http(env):
    receiver, store, client, events, db = env
    cid, batch = await sent_batch(store, [f"1390000{i:04d}" for i in range(300)])
    reports = [StatusReport(batch.msgid, m, i % 3 != 0, "DELIVRD" if i % 3 else "UNDELIV")
               for i, m in enumerate(batch.mobiles)]
    for start in (0, 200):
        r = await client.post(receiver.push_url, content=build_status_push(reports[start:start + 200]))
        assert r.text == "SUCCESS"
    counts = await store.campaign_counts(cid)
    assert (counts["delivered"], counts["undelivered"], counts["submitted"]) == (200, 100, 0)
    await store.add_replies([])  # nothing
    r = await client.post(receiver.push_url, content=build_reply_push([Reply(batch.msgid, batch.mobiles[0], "退订")]))
    assert r.text == "SUCCESS"
    assert await store.opt_outs() == {batch.mobiles[0]}


HOSTILE = {
    "dtd_entity": b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x "13800000000">]>'
                  b"<returnForm><type>1</type><count>1</count><list><pushStatusForm><eprId>0</eprId>"
                  b"<mobile>&x;</mobile><msgId>1</msgId><status>1</status><statusCode>DELIVRD</statusCode>"
                  b"<userId>u</userId></pushStatusForm></list></returnForm>",
    "billion_laughs": b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                      b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><returnForm>&lol2;</returnForm>',
    "external": b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><returnForm>&x;</returnForm>',
    "broken": b"<returnForm><type>1</type><count>1</count><list><pushStatusForm><mobile>138",
    "not_xml": b"mobile=13800000000&status=1",
    "empty": b"",
    "wrong_root": b"<html><body>hi</body></html>",
    "binary": bytes(range(256)) * 4,
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
async def test_hostile_pushes_are_refused_and_the_next_good_one_works(env, name):
    receiver, store, client, events, db = env
    r = await client.post(receiver.push_url, content=HOSTILE[name])
    assert (r.status_code, r.text) == (400, "ERROR")
    assert count(db, "reports") == 0 and count(db, "replies") == 0 and events == []
    r = await client.post(receiver.push_url, content=(SAMPLES / "status_push.xml").read_bytes())
    assert (r.status_code, r.text) == (200, "SUCCESS")
    assert count(db, "reports") == 1


async def test_a_push_with_one_bad_record_stores_nothing(env):
    receiver, store, client, events, db = env
    good = build_status_push([StatusReport("5", "13800000001", True, "DELIVRD")]).decode()
    bad = good.replace("<mobile>13800000001</mobile>", "<mobile>13800000001</mobile>", 1).replace(
        "</list>", "<pushStatusForm><mobile>x</mobile></pushStatusForm></list>")
    r = await client.post(receiver.push_url, content=bad.encode())
    assert r.status_code == 400
    assert count(db, "reports") == 0


async def test_a_50_mb_body_is_refused_without_being_stored(env):
    receiver, store, client, events, db = env
    head = (SAMPLES / "status_push.xml").read_bytes()
    body = head + b" " * (50 * 1024 * 1024)
    r = await client.post(receiver.push_url, content=body)
    assert (r.status_code, r.text) == (413, "ERROR")

    async def chunked():  # no Content-Length: the cap applies while reading
        yield head
        for _ in range(50):
            yield b" " * (1024 * 1024)

    r = await client.post(receiver.push_url, content=chunked())
    assert r.status_code == 413
    assert count(db, "reports") == 0
    r = await client.post(receiver.push_url, content=head)
    assert r.text == "SUCCESS" and count(db, "reports") == 1


@pytest.mark.parametrize("path", [
    "/wrong-token/push", f"/{TOKEN}/pushx", f"/{TOKEN}", "/push", f"/{TOKEN}/push/extra", f"/x/{TOKEN}/push",
])
async def test_wrong_paths_and_tokens_are_404_and_store_nothing(env, path):
    receiver, store, client, events, db = env
    r = await client.post(receiver.url + path, content=(SAMPLES / "status_push.xml").read_bytes())
    assert r.status_code == 404
    r = await client.get(receiver.url + path.replace("push", "status") + "?mobile=13800000001&taskid=1&status=2")
    assert r.status_code in (404, 405)
    assert count(db, "reports") == 0 and count(db, "status_calls") == 0


async def test_get_on_push_is_not_allowed(env):
    receiver, store, client, events, db = env
    r = await client.get(receiver.push_url)
    assert r.status_code == 405


async def test_status_calls_by_get_and_post(env):
    receiver, store, client, events, db = env
    cid, batch = await sent_batch(store, ["13800000001", "13800000002"], kind="voicecall")
    query = {"mobile": "13800000001", "taskid": batch.msgid, "status": "2", "receiveTime": "2014-05-26 17:00:12"}
    for _ in range(2):
        r = await client.get(receiver.status_url + "?" + urlencode(query))
        assert (r.status_code, r.text) == (200, "SUCCESS")
    r = await client.post(receiver.status_url, data={"mobile": "13800000002", "taskid": batch.msgid,
                                                      "status": "3", "receiveTime": "2014-05-26 17:00:13"})
    assert r.text == "SUCCESS"
    counts = await store.campaign_counts(cid)
    assert (counts["delivered"], counts["undelivered"]) == (1, 1)
    assert count(db, "status_calls") == 2
    assert events == [("status", 1), ("status", 1)]
    r = await client.get(receiver.status_url + "?mobile=13800000001&taskid=1&status=9")
    assert (r.status_code, r.text) == (400, "ERROR")
    r = await client.get(receiver.status_url)
    assert r.status_code == 400
    assert count(db, "status_calls") == 2


async def test_on_stored_failure_does_not_break_the_answer(tmp_path):
    store = await Store.open(tmp_path / "j.db")

    def boom(kind, n):
        raise RuntimeError("GUI gone")

    async with Receiver(store, token=TOKEN, on_stored=boom) as receiver, httpx.AsyncClient() as client:
        r = await client.post(receiver.push_url, content=(SAMPLES / "status_push.xml").read_bytes())
        assert r.text == "SUCCESS"
    assert count(tmp_path / "j.db", "reports") == 1
    await store.close()


async def test_store_failure_answers_error_so_the_platform_retries(tmp_path):
    store = await Store.open(tmp_path / "j.db")

    async def broken(reports):
        raise sqlite3.OperationalError("disk I/O error")

    store.apply_reports = broken
    async with Receiver(store, token=TOKEN) as receiver, httpx.AsyncClient() as client:
        r = await client.post(receiver.push_url, content=(SAMPLES / "status_push.xml").read_bytes())
        assert (r.status_code, r.text) == (500, "ERROR")
    await store.close()


_LOAD = textwrap.dedent("""
    import asyncio, json, sys, time
    import aiohttp

    async def main(url, path, concurrency):
        bodies = json.load(open(path))
        sem = asyncio.Semaphore(concurrency)
        async with aiohttp.ClientSession() as session:
            async def post(body):
                async with sem:
                    async with session.post(url, data=body.encode()) as r:
                        return await r.text()
            t0 = time.perf_counter()
            answers = await asyncio.gather(*(post(b) for b in bodies))
            print(json.dumps({"answers": answers, "seconds": time.perf_counter() - t0}))

    asyncio.run(main(sys.argv[1], sys.argv[2], int(sys.argv[3])))
""")


async def test_300_pushes_from_8_connections_at_once_lose_nothing(env):
    """The platform is another machine: the load comes from another process, 8 connections at
    once, half of the pushes sent twice. The rate is only printed: the figure is proven by
    ``benchmarks/receiver_rate.py`` (a timed assertion here would fail on a busy machine)."""
    receiver, store, client, events, db = env
    mobiles = [f"13{i:09d}" for i in range(20_000)]
    cid = await store.create_campaign(kind="sms", text="t", params={}, mobiles=mobiles, batch_size=100)
    bodies = []
    while (b := await store.claim_next_batch(cid)) is not None:
        await store.finish_batch(b.id, "submitted", 100)
        bodies.append(build_status_push([StatusReport(b.msgid, m, True, "DELIVRD") for m in b.mobiles]).decode())
    assert len(bodies) == 200
    pushes = bodies + bodies[:100]  # half of them pushed twice
    path = db.with_name("pushes.json")
    path.write_text(json.dumps(pushes))
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-c", _LOAD, receiver.push_url, str(path), "8", stdout=subprocess.PIPE)
    out, _ = await asyncio.wait_for(proc.communicate(), 120)
    result = json.loads(out)
    assert result["answers"] == ["SUCCESS"] * 300
    rate = 300 / result["seconds"]
    print(f"receiver: {rate:.0f} pushes/s of 100 records")
    assert count(db, "reports") == 20_000
    assert (await store.campaign_counts(cid))["delivered"] == 20_000
    assert sum(n for kind, n in events if kind == "reports") == 20_000
