"""The store on a real SQLite file: migration 3, personalised campaigns, follow-ups, the
24-hour repeat check, held campaigns and the opt-out list."""

from __future__ import annotations

import sqlite3
import time

import pytest

from jianmi_desktop.platform.models import StatusReport
from jianmi_desktop.states import BatchState
from jianmi_desktop.store import Store, StoreError
from jianmi_desktop.store.migrations import LATEST, migrate
from jianmi_desktop.store.models import text_hash
from jianmi_desktop.store.rows import BatchText


@pytest.fixture
async def store(tmp_path):
    s = await Store.open(tmp_path / "jianmi.db")
    yield s
    await s.close()


def numbers(n: int, start: int = 0) -> list[str]:
    return [f"138{i:08d}" for i in range(start, start + n)]


async def drain(store, cid) -> list:
    out = []
    while (batch := await store.claim_next_batch(cid)) is not None:
        out.append(batch)
        await store.finish_batch(batch.id, "submitted", 100)
    return out


# --- migration 3 -------------------------------------------------------------------------------

async def test_version_2_database_is_backed_up_and_gains_hashes(tmp_path):
    path = tmp_path / "jianmi.db"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, path, target=2)
    conn.execute("INSERT INTO campaigns(kind, text, state, created, updated) "
                 "VALUES ('sms', '【茧米】旧', 'done', '2026-05-09T15:30:00.123+08:00', 't')")
    conn.execute("INSERT INTO batches(campaign_id, seq, msgid, state, updated) VALUES (1, 1, '5', 'submitted', 't')")
    conn.execute("INSERT INTO recipients(campaign_id, batch_id, mobile, state) VALUES (1, 1, '13800000001', 'submitted')")
    conn.close()
    s = await Store.open(path)
    try:
        (batch_row,) = await s.batch_texts(1)
        assert batch_row == BatchText(1, None, BatchState.SUBMITTED, 1)
    finally:
        await s.close()
    assert (tmp_path / "jianmi.db.bak-v2").exists()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST == 8
    # migration 4: the old recipient is found by its 尾号 through the new index
    assert conn.execute("SELECT mobile FROM recipients INDEXED BY recipients_mobile_rev "
                        "WHERE mobile_rev >= '1000' AND mobile_rev < '1001'").fetchall() == [("13800000001",)]
    h, ts = conn.execute("SELECT text_hash, created_ts FROM campaigns").fetchone()
    assert h == text_hash("【茧米】旧") and abs(ts - 1778311800.123) < 0.01
    bak = sqlite3.connect(tmp_path / "jianmi.db.bak-v2")
    assert bak.execute("PRAGMA user_version").fetchone()[0] == 2
    conn.close()
    bak.close()


# --- personalised campaigns ----------------------------------------------------------------------

async def test_texts_group_same_text_into_batches_with_the_text(store):
    mobiles = numbers(7)
    texts = ["A", "B", "A", "A", "B", "C", "A"]
    cid = await store.create_campaign(kind="sms", text="{x}", params={}, mobiles=mobiles, batch_size=2, texts=texts)
    batches = await drain(store, cid)
    got = [(b.text, b.mobiles) for b in batches]
    assert got == [("A", [mobiles[0], mobiles[2]]), ("A", [mobiles[3], mobiles[6]]),
                   ("B", [mobiles[1], mobiles[4]]), ("C", [mobiles[5]])]
    assert len({b.msgid for b in batches}) == 4
    assert (await store.campaign_counts(cid))["submitted"] == 7


async def test_a_text_equal_to_the_campaigns_is_not_stored_twice(store):
    cid = await store.create_campaign(kind="sms", text="同", params={}, mobiles=numbers(3), batch_size=10,
                                      texts=["同", "异", "同"])
    assert [(b.seq, b.text) for b in await store.batch_texts(cid)] == [(1, None), (2, "异")]
    batches = await drain(store, cid)
    assert [b.text for b in batches] == [None, "异"]


async def test_texts_must_match_the_numbers(store):
    with pytest.raises(StoreError):
        await store.create_campaign(kind="sms", text="x", params={}, mobiles=numbers(2), batch_size=10, texts=["a"])


async def test_100000_distinct_texts_are_written_fast(store):
    n = 100_000
    mobiles = numbers(n)
    texts = [f"【茧米】尊敬的客户{i}，您好" for i in range(n)]
    started = time.perf_counter()
    cid = await store.create_campaign(kind="sms", text="【茧米】尊敬的客户{编号}，您好", params={},
                                      mobiles=mobiles, batch_size=100, texts=texts)
    elapsed = time.perf_counter() - started
    assert elapsed < 20, elapsed  # ~1 s here; a guard against something quadratic, not a figure
    assert await store.count_batches(cid) == n
    batch = await store.claim_next_batch(cid)
    assert batch.text == texts[0] and batch.mobiles == [mobiles[0]]


async def test_batch_sender_uses_the_batch_text(store):
    from jianmi_desktop.campaign.runner import batch_sender

    sent = []

    class Client:
        async def send_sms(self, mobiles, msg, msgid, subid=""):
            sent.append((tuple(mobiles), msg))

    cid = await store.create_campaign(kind="sms", text="模板", params={}, mobiles=numbers(2), batch_size=5,
                                      texts=["甲", "模板"])
    send = batch_sender(Client(), await store.get_campaign(cid))
    for batch in await drain(store, cid):
        await send(batch)
    assert sent == [((numbers(1)[0],), "甲"), ((numbers(2)[1],), "模板")]


# --- follow-ups ----------------------------------------------------------------------------------

async def settle(store, cid, undelivered: set[str]):
    rows = await store.recipients_page(campaign_id=cid, limit=1000)
    reports = [StatusReport(msgid=r.msgid, mobile=r.mobile, delivered=r.mobile not in undelivered,
                            status_code="UNDELIV" if r.mobile in undelivered else "DELIVRD")
               for r in rows]
    await store.apply_reports(reports)


async def test_followup_to_the_undelivered_minus_opted_out_keeps_each_text(store):
    mobiles = numbers(6)
    texts = [f"【茧米】{m[-1]}号" for m in mobiles]
    cid = await store.create_campaign(kind="sms", text="【茧米】{编号}号", params={"subid": "12", "sendtime": "x"},
                                      mobiles=mobiles, batch_size=2, texts=texts, stats={"units_per_message": 1})
    await drain(store, cid)
    await settle(store, cid, undelivered={mobiles[1], mobiles[2], mobiles[4]})
    await store.add_opt_outs([mobiles[4]], "reply")
    new = await store.create_followup(cid)
    campaign = await store.get_campaign(new)
    assert campaign.kind == "sms" and campaign.params == {"subid": "12"}
    assert campaign.stats["followup_of"] == cid and campaign.stats["opted_out"] == 1
    assert campaign.stats["units_total"] == 2
    batches = await drain(store, new)
    assert sorted((b.mobiles[0], b.text) for b in batches) == [(mobiles[1], texts[1]), (mobiles[2], texts[2])]


async def test_followup_with_a_new_text_and_other_states(store):
    cid = await store.create_campaign(kind="sms", text="【茧米】一", params={}, mobiles=numbers(4), batch_size=2)
    first = await store.claim_next_batch(cid)
    await store.finish_batch(first.id, "failed", 101, "失败")
    second = await store.claim_next_batch(cid)
    await store.finish_batch(second.id, "uncertain")
    new = await store.create_followup(cid, states=("failed", "uncertain"), text="【茧米】二")
    campaign = await store.get_campaign(new)
    assert campaign.text == "【茧米】二" and campaign.stats["units_per_message"] == 1
    batches = await drain(store, new)
    assert [m for b in batches for m in b.mobiles] == numbers(4) and all(b.text is None for b in batches)


async def test_followup_refuses_nothing_to_send_and_bad_states(store):
    cid = await store.create_campaign(kind="sms", text="【茧米】一", params={}, mobiles=numbers(2), batch_size=2)
    await drain(store, cid)
    with pytest.raises(StoreError, match="没有需要再发"):
        await store.create_followup(cid)
    with pytest.raises(StoreError):
        await store.create_followup(cid, states=("pending",))
    with pytest.raises(StoreError):
        await store.create_followup(999)


# --- the 24-hour repeat check --------------------------------------------------------------------

async def test_recent_same_text_counts_numbers_that_got_it(store):
    text = "【茧米】停水通知"
    cid = await store.create_campaign(kind="sms", text=text, params={}, mobiles=numbers(10), batch_size=5)
    first = await store.claim_next_batch(cid)
    await store.finish_batch(first.id, "submitted", 100)
    second = await store.claim_next_batch(cid)
    await store.finish_batch(second.id, "failed", 101)  # these never got it
    sample = numbers(3) + numbers(3, start=7) + ["13999999999"]
    assert await store.recent_same_text(text, sample) == 3
    assert await store.recent_same_text("【茧米】别的", sample) == 0
    assert await store.recent_same_text(text, numbers(2), hours=0) == 0
    # a big sample takes the scanning path and agrees
    big = numbers(5000, start=1000) + numbers(5)
    assert await store.recent_same_text(text, big) == 5


async def test_recent_same_text_counts_a_live_campaign_not_a_cancelled_one(store):
    text = "【茧米】稍后"
    cid = await store.create_campaign(kind="sms", text=text, params={}, mobiles=numbers(4), batch_size=5,
                                      scheduled_at="2099-01-01 09:00:00")
    assert await store.recent_same_text(text, numbers(4)) == 4
    await store.set_campaign_state(cid, "cancelled")
    assert await store.recent_same_text(text, numbers(4)) == 0


# --- held campaigns, the opt-out list, interrupted runs -------------------------------------------

async def test_scheduled_campaigns_soonest_first(store):
    late = await store.create_campaign(kind="sms", text="a", params={}, mobiles=numbers(1), batch_size=1,
                                       scheduled_at="2099-01-02 09:00:00")
    soon = await store.create_campaign(kind="sms", text="b", params={}, mobiles=numbers(1), batch_size=1,
                                       scheduled_at="2099-01-01 09:00:00")
    await store.create_campaign(kind="sms", text="c", params={}, mobiles=numbers(1), batch_size=1)
    assert [c.id for c in await store.scheduled_campaigns()] == [soon, late]


async def test_opt_out_rows_say_where_each_number_came_from(store):
    await store.add_opt_outs(["13800000001"], "reply")
    await store.add_opt_outs(["13800000002"], "import")
    rows = await store.opt_out_rows()
    assert [(r.mobile, r.source) for r in rows] == [("13800000001", "reply"), ("13800000002", "import")]
    assert all(r.added for r in rows)


async def test_mark_interrupted_finishes_a_running_campaign_with_nothing_left(store):
    cid = await store.create_campaign(kind="sms", text="a", params={}, mobiles=numbers(2), batch_size=2)
    other = await store.create_campaign(kind="sms", text="b", params={}, mobiles=numbers(4), batch_size=2)
    await store.set_campaign_state(cid, "running")
    await store.set_campaign_state(other, "running")
    await store.claim_next_batch(cid)      # killed with its only batch in flight
    await store.claim_next_batch(other)    # killed with one batch still pending
    assert await store.mark_interrupted() == 2
    assert (await store.get_campaign(cid)).state == "done"
    assert (await store.get_campaign(other)).state == "running"
    assert await store.unfinished_campaigns() == [other]
