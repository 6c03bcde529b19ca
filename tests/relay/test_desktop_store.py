"""The desktop's side of the relay in its SQLite store: a page applied with its cursor in one
transaction (once, even with two pullers), msgids drawn from the relay's ranges, malformed
pages refused whole."""

from __future__ import annotations

import asyncio
import json
import sqlite3

import pytest

from jianmi_desktop.platform.models import Reply, StatusReport
from jianmi_desktop.platform.relay_events import Page, PageError, events_of, opt_out_event, page_json, read_page
from jianmi_desktop.store import Store, StoreError


@pytest.fixture
async def store(tmp_path):
    s = await Store.open(tmp_path / "jianmi.db")
    yield s
    await s.close()


def page_of(records, cursor: int, relay: str = "r1", first_seq: int = 1) -> Page:
    rows = [(first_seq + i, e.kind, e.body) for i, e in enumerate(events_of(records))]
    return read_page(json.loads(page_json(relay, cursor, False, rows)), first_seq - 1)


async def sent(store: Store, mobiles: list[str]) -> str:
    cid = await store.create_campaign(kind="sms", text="【茧米】t", params={}, mobiles=mobiles, batch_size=500)
    batch = await store.claim_next_batch(cid)
    await store.finish_batch(batch.id, "submitted", 100)
    return batch.msgid


async def test_a_page_is_applied_once_with_its_cursor(store, tmp_path):
    msgid = await sent(store, ["13800000001", "13800000002"])
    page = page_of([StatusReport(msgid, "13800000001", True, "DELIVRD"),
                    StatusReport(msgid, "13800000002", False, "UNDELIV"), Reply(msgid, "13800000002", "TD")], 7)
    assert await store.relay_cursor("r1") == 0
    applied = await store.apply_relay_page("r1", 0, page)
    assert applied == {"events": 3, "reports": 2, "replies": 1, "status": 0, "opt_outs": 0}
    assert await store.relay_cursor("r1") == 7 and await store.relay_cursor("other relay") == 0
    # the same page again (a second puller that asked after 0 too) is not applied
    assert await store.apply_relay_page("r1", 0, page) is None
    assert await store.opt_outs() == {"13800000002"}
    counts = await store.campaign_counts(1)
    assert (counts["delivered"], counts["undelivered"]) == (1, 1)


async def test_two_pullers_at_once_apply_each_page_once(store):
    msgid = await sent(store, [f"1380000{i:04d}" for i in range(100)])
    pages = [page_of([StatusReport(msgid, f"1380000{i:04d}", True, "DELIVRD") for i in range(p * 10, p * 10 + 10)],
                     (p + 1) * 10, first_seq=p * 10 + 1) for p in range(10)]

    async def puller() -> int:
        applied = 0
        for p, page in enumerate(pages):
            result = await store.apply_relay_page("r1", p * 10, page)
            applied += result["events"] if result else 0
        return applied

    counts = await asyncio.gather(puller(), puller())
    assert sum(counts) == 100 and await store.relay_cursor("r1") == 100


async def test_opt_outs_from_the_relay_are_kept_and_local_ones_are_offered_for_sharing(store):
    await store.add_opt_outs(["13900000001"], source="manual")
    mobiles, until = await store.relay_opt_outs_to_share("r1")
    assert mobiles == ["13900000001"] and until
    await store.relay_opt_outs_shared("r1", until)
    assert (await store.relay_opt_outs_to_share("r1"))[0] == []
    rows = [(1, e.kind, e.body) for e in [opt_out_event("13900000002", "小王")]]
    await store.apply_relay_page("r1", 0, read_page(json.loads(page_json("r1", 1, False, rows)), 0))
    assert await store.opt_outs() == {"13900000001", "13900000002"}
    assert (await store.relay_opt_outs_to_share("r1"))[0] == []      # the relay's own are not sent back
    assert await store.relay_cursor("r1") == 1


async def test_msgids_come_from_the_relays_ranges_once_there_is_one(store, tmp_path):
    assert await store.msgids_left() is None
    own = await store.next_msgids(1)
    first = int(own[0]) + 10**9
    await store.add_msgid_range(first, first + 4, "r1")
    await store.add_msgid_range(first + 100, first + 109, "r1")
    assert await store.msgids_left() == 15
    taken = await store.next_msgids(7)
    assert taken == [str(first + i) for i in range(5)] + [str(first + 100), str(first + 101)]
    assert await store.msgids_left() == 8
    with pytest.raises(StoreError) as info:
        await store.create_campaign(kind="sms", text="t", params={}, mobiles=[f"1370000{i:04d}" for i in range(9)],
                                    batch_size=1)
    assert "sync" in info.value.zh
    assert await store.msgids_left() == 8      # nothing taken by the refused campaign
    conn = sqlite3.connect(tmp_path / "jianmi.db")
    assert conn.execute("SELECT count(*) FROM campaigns").fetchone()[0] == 0


@pytest.mark.parametrize("data", [
    None, [], {"relay": "r"}, {"relay": 1, "cursor": 1, "more": False, "events": []},
    {"relay": "r", "cursor": True, "more": False, "events": []},
    {"relay": "r", "cursor": 5, "more": False, "events": [[3, 1, ["1", "2", 1, "D", "", ""]], [2, 1, []]]},
    {"relay": "r", "cursor": 5, "more": False, "events": [[0, 1, ["1", "2", 1, "D", "", ""]]]},
    {"relay": "r", "cursor": 1, "more": False, "events": [[3, 1, ["1", "2", 1, "D", "", ""]]]},
    {"relay": "r", "cursor": 5, "more": False, "events": [[3, 1, ["1", 2, 1, "D", "", ""]]]},
    {"relay": "r", "cursor": 5, "more": False, "events": [[3, 3, ["1", "2", "2", ""]]]},
    {"relay": "r", "cursor": 5, "more": False, "events": [[3, 2, ["1"]]]},
    {"relay": "r", "cursor": 5, "more": False, "events": [["3", 1, []]]},
], ids=lambda d: "case")
def test_a_malformed_page_is_refused_whole(data):
    with pytest.raises(PageError):
        read_page(data, 0)


def test_an_unknown_kind_is_passed_over_but_moves_the_cursor():
    page = read_page({"relay": "r", "cursor": 9, "more": False, "events": [[4, 99, ["future"]]]}, 0)
    assert page.count == 0 and page.cursor == 9
