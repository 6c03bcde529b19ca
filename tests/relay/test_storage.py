"""The relay's storage, the same cases on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import asyncio
import time

import pytest

from jianmi_desktop.platform.models import Reply, StatusCall, StatusReport
from jianmi_desktop.platform.relay_events import (
    OPT_OUT,
    REPLY,
    REPORT,
    STATUS,
    events_of,
    opt_out_event,
    page_json,
    read_page,
)
from jianmi_desktop.relay.backends import open_storage
from jianmi_desktop.relay.storage import RelayError, sqlite_path


@pytest.fixture
async def storage(db_url):
    s = await open_storage(db_url)
    yield s
    await s.close()


def reports(msgid: int, n: int, start: int = 0) -> list[StatusReport]:
    return [StatusReport(str(msgid), f"138{start + i:08d}", True, "DELIVRD") for i in range(n)]


async def all_events(storage, token_id: int, after: int = 0, limit: int = 1000):
    out = []
    while True:
        page = await storage.page(token_id, after, limit)
        out += page.rows
        assert page.cursor >= after
        after = page.cursor
        if not page.more:
            return out, after


async def test_opens_twice_with_the_same_id_and_secret(db_url):
    async with await open_storage(db_url) as first:
        relay_id, secret = first.relay_id, first.push_secret
    async with await open_storage(db_url) as again:
        assert (again.relay_id, again.push_secret) == (relay_id, secret)
    assert len(relay_id) == 32 and len(secret) >= 32


async def test_events_are_numbered_in_order_and_a_repeat_is_not_a_new_event(storage):
    assert await storage.append(events_of(reports(7, 5))) == 5
    assert await storage.append(events_of(reports(7, 5))) == 0          # the platform resent it
    assert await storage.append(events_of(reports(7, 7))) == 2          # 5 known, 2 new
    # one record twice in one append, and the same number with another outcome
    again = events_of([StatusReport("8", "13900000000", True, "DELIVRD")] * 2
                      + [StatusReport("8", "13900000000", False, "UNDELIV")])
    assert await storage.append(again) == 2
    rows, cursor = await all_events(storage, 1)
    seqs = [seq for seq, _, _ in rows]
    assert len(rows) == 9 and seqs == sorted(set(seqs)) and cursor >= seqs[-1]
    page = await storage.page(1, cursor, 10)
    assert (page.rows, page.cursor, page.more) == ([], cursor, False)
    # pages of 4: the cursor moves by pages, nothing lost or repeated
    got, _ = await all_events(storage, 1, limit=4)
    assert got == rows


async def test_every_kind_round_trips_through_a_page(storage):
    records = [StatusReport("0012", " 13800000001", False, "UNDELIV", "0", "u1"),
               Reply("12", "13800000002", "退订 ]]> <x>&amp;", "0", "u1"),
               StatusCall("777", "13800000003", 2, "2026-12-04 10:02:00")]
    await storage.append(events_of(records) + [opt_out_event("13800000004", "小王")])
    rows, cursor = await all_events(storage, 1)
    assert [kind for _, kind, _ in rows] == [REPORT, REPLY, STATUS, OPT_OUT]
    import json

    page = read_page(json.loads(page_json(storage.relay_id, cursor, False, rows)), 0)
    assert page.reports == [StatusReport("12", "13800000001", False, "UNDELIV", "0", "u1")]
    assert page.replies == [records[1]]
    assert page.status == [records[2]]
    assert page.opt_outs == ["13800000004"] and page.cursor == cursor and page.relay == storage.relay_id


async def test_tokens_are_kept_hashed_and_revoked_ones_refused(storage, db_url):
    token = await storage.create_token("小王")
    assert token.startswith("jmr_") and len(token) > 40
    info = await storage.authenticate(token)
    assert info is not None and info.name == "小王"
    assert await storage.authenticate(token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    assert await storage.authenticate("") is None and await storage.authenticate("x" * 10_000) is None
    with pytest.raises(RelayError):
        await storage.create_token("小王")
    with pytest.raises(RelayError):
        await storage.create_token("has space")
    rows = await storage.token_rows()
    assert token not in repr(rows)                       # only the hash is kept
    assert await storage.revoke_token("小王") is True
    assert await storage.revoke_token("小王") is False
    assert await storage.authenticate(token) is None
    listed = await storage.list_tokens()
    assert [(t.name, t.revoked is not None) for t in listed] == [("小王", True)]


async def test_reports_go_to_the_desktop_whose_range_holds_the_msgid(storage):
    await storage.create_token("a")
    await storage.create_token("b")
    rows = {name: tid for tid, name, _, _ in await storage.token_rows()}
    a_first, a_last = await storage.new_range(rows["a"], 1000)
    b_first, b_last = await storage.new_range(rows["b"], 1000)
    assert a_first >= time.time_ns() // 1_000_000 * 1000 - 10**9 and b_first > a_last
    await storage.append(events_of(reports(a_first + 5, 3) + reports(b_first, 2) + reports(12345, 1)))
    a_rows, _ = await all_events(storage, rows["a"])
    b_rows, _ = await all_events(storage, rows["b"])
    assert len(a_rows) == 4 and len(b_rows) == 3           # own ones and the unknown msgid 12345
    # a range taken after the cache was filled is found (another process may have handed it out)
    c_first, _ = await storage.new_range(rows["b"], 10)
    await storage.append(events_of(reports(c_first, 1, start=50)))
    b_rows, _ = await all_events(storage, rows["b"])
    a_rows, cursor_a = await all_events(storage, rows["a"])
    assert len(b_rows) == 4 and len(a_rows) == 4
    # a's cursor passed b's events: asking again finds nothing
    assert (await storage.page(rows["a"], cursor_a, 100)).rows == []


async def test_pruning_keeps_what_a_desktop_has_not_fetched(storage):
    await storage.create_token("a")
    await storage.create_token("b")
    ids = {name: tid for tid, name, _, _ in await storage.token_rows()}
    await storage.append(events_of(reports(1, 10)))
    rows, top = await all_events(storage, ids["a"])
    await storage.acknowledge(ids["a"], top)
    future = time.time() + 10
    result = await storage.prune(future, future - 100)         # b never fetched: all held
    assert (result.deleted, result.held_back, result.lagging) == (0, 10, ("b",))
    await storage.acknowledge(ids["b"], rows[4][0])
    result = await storage.prune(future, future - 100)
    assert (result.deleted, result.held_back) == (5, 5)
    result = await storage.prune(future, future + 1)           # past the longest hold: dropped, and said
    assert result.dropped_unfetched == 5 and result.lagging == ("b",)
    assert (await storage.page(ids["b"], 0, 100)).rows == []
    # numbering goes on above the pruned events
    await storage.append(events_of(reports(2, 1)))
    rows, _ = await all_events(storage, ids["b"])
    assert rows[0][0] > top


async def test_overlap_names_the_other_desktop(storage):
    await storage.create_token("小王")
    await storage.create_token("小李")
    ids = {name: tid for tid, name, _, _ in await storage.token_rows()}
    numbers = [f"139{i:08d}" for i in range(3000)]
    await storage.record_send(ids["小王"], "c1", "ab" * 16, numbers[:1200], time.time() - 60)
    await storage.record_send(ids["小王"], "c1", "ab" * 16, numbers[:1200], time.time() - 60)  # repeated post
    await storage.record_send(ids["小王"], "c2", "cd" * 16, numbers, time.time() - 60)
    found = await storage.overlap(ids["小李"], "ab" * 16, numbers[600:], time.time() - 3600)
    assert [(o.name, o.count) for o in found] == [("小王", 600)]
    assert await storage.overlap(ids["小王"], "ab" * 16, numbers, time.time() - 3600) == []   # own sends
    assert await storage.overlap(ids["小李"], "ab" * 16, numbers, time.time()) == []          # too old


async def test_concurrent_appends_give_one_gapless_view(storage):
    """Many appends at once (one process): a reader following the cursor sees every event."""
    await storage.create_token("a")
    seen: list[int] = []
    stop = asyncio.Event()

    async def follow():
        cursor = 0
        while True:
            # read the flag before asking: a page asked before the last append committed may come
            # back empty after the flag is set, and must not end the reading
            appends_done = stop.is_set()
            page = await storage.page(1, cursor, 500)
            seen.extend(seq for seq, _, _ in page.rows)
            cursor = page.cursor
            if appends_done and not page.more and not page.rows:
                return

    reader = asyncio.create_task(follow())
    await asyncio.gather(*(storage.append(events_of(reports(100 + i, 50))) for i in range(40)))
    stop.set()
    await reader
    rows, _ = await all_events(storage, 1)
    assert sorted(seen) == seen and seen == [seq for seq, _, _ in rows] and len(seen) == 2000


def test_sqlite_urls():
    assert str(sqlite_path("sqlite:///tmp/x/relay.db")) == "/tmp/x/relay.db"
    assert str(sqlite_path("sqlite:////tmp/x/relay.db")) == "/tmp/x/relay.db"
    assert str(sqlite_path("sqlite:///C:/data/relay.db")) == "C:/data/relay.db"
    with pytest.raises(RelayError):
        sqlite_path("sqlite:///")


async def test_unknown_database_url_is_explained():
    with pytest.raises(RelayError) as info:
        await open_storage("mysql://user:secret@host/db")
    assert "secret" not in info.value.zh and "******" in info.value.zh


def test_a_postgresql_url_without_psycopg_is_explained():
    """The desktop installers leave psycopg out (packaging/jianmi-desktop.spec): a PostgreSQL URL
    there gets one plain message, not an ImportError."""
    import subprocess
    import sys

    code = (
        "import asyncio, sys\n"
        "sys.modules['psycopg'] = None\n"
        "sys.modules['psycopg_pool'] = None\n"
        "from jianmi_desktop.relay.backends import open_storage\n"
        "from jianmi_desktop.relay.storage import RelayError\n"
        "try:\n"
        "    asyncio.run(open_storage('postgresql://relay@127.0.0.1:1/relay'))\n"
        "except RelayError as e:\n"
        "    print(e.zh)\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert "没有 PostgreSQL 支持" in r.stdout and "sqlite" in r.stdout
