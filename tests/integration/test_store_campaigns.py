"""The store on a real SQLite file: migrations, the msgid counter, campaigns and batches."""

from __future__ import annotations

import sqlite3
import time

import pytest

from jianmi_desktop.platform.models import StatusReport
from jianmi_desktop.states import CampaignState, Kind, RecipientState
from jianmi_desktop.store import Store, StoreError
from jianmi_desktop.store.migrations import LATEST, MIGRATIONS, migrate


@pytest.fixture
async def store(tmp_path):
    s = await Store.open(tmp_path / "jianmi.db")
    yield s
    await s.close()


def numbers(n: int, start: int = 0) -> list[str]:
    return [f"138{i:08d}" for i in range(start, start + n)]


# --- migrations ----------------------------------------------------------------------------

async def test_fresh_database_is_wal_at_latest_version_without_backup(tmp_path):
    path = tmp_path / "jianmi.db"
    s = await Store.open(path)
    await s.close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST >= 2
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"campaigns", "batches", "recipients", "reports", "replies", "opt_outs",
            "status_calls", "balances", "voice_files"} <= tables
    conn.close()
    assert list(tmp_path.glob("*.bak-v*")) == []


async def test_migrating_an_old_database_backs_it_up_first_and_keeps_data(tmp_path):
    path = tmp_path / "jianmi.db"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, path, target=1)  # a database left by the first release
    conn.execute(
        "INSERT INTO campaigns(kind, text, state, created, updated) "
        "VALUES ('sms', '【茧米】旧任务', 'done', 't', 't')"
    )
    conn.execute("INSERT INTO opt_outs VALUES ('13800000001', 'manual', 't')")
    conn.close()

    s = await Store.open(path)
    try:
        assert (await s.get_campaign(1)).text == "【茧米】旧任务"
        assert await s.opt_outs() == {"13800000001"}
        await s.record_balance(1, 2)  # a table of version 2 works
        assert [(row.sent, row.remaining) for row in await s.balance_history()] == [(1, 2)]
    finally:
        await s.close()

    backup = tmp_path / "jianmi.db.bak-v1"
    assert backup.exists()
    old = sqlite3.connect(backup)
    assert old.execute("PRAGMA user_version").fetchone()[0] == 1
    assert old.execute("SELECT text FROM campaigns").fetchall() == [("【茧米】旧任务",)]
    assert old.execute("SELECT count(*) FROM sqlite_master WHERE name = 'balances'").fetchone()[0] == 0
    old.close()
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == LATEST


async def test_a_failing_migration_leaves_the_old_version(tmp_path):
    path = tmp_path / "x.db"
    conn = sqlite3.connect(path, isolation_level=None)
    migrate(conn, path, target=1)
    broken = MIGRATIONS[:1] + (("CREATE TABLE fine(a)", "THIS IS NOT SQL"),)
    with pytest.raises(sqlite3.OperationalError):
        migrate(conn, path, migrations=broken)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'fine'").fetchone()[0] == 0
    assert (tmp_path / "x.db.bak-v1").exists()


async def test_a_database_from_a_newer_program_is_refused(tmp_path):
    path = tmp_path / "jianmi.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {LATEST + 1}")
    conn.close()
    with pytest.raises(StoreError):
        await Store.open(path)


# --- msgid counter -------------------------------------------------------------------------

async def test_msgids_strictly_increase_across_restarts_and_start_above_the_clock(tmp_path):
    path = tmp_path / "jianmi.db"
    floor = int(time.time() * 1000) * 1000
    s = await Store.open(path)
    first = await s.next_msgids(3) + await s.next_msgids()
    await s.close()
    s = await Store.open(path)
    second = await s.next_msgids(4)
    await s.close()
    ids = [int(m) for m in first + second]
    assert ids == sorted(set(ids)), ids
    assert ids[0] >= floor
    assert all(len(m) <= 20 and m.isdigit() for m in first + second)


async def test_counter_ahead_of_the_clock_keeps_counting_from_itself(tmp_path):
    path = tmp_path / "jianmi.db"
    s = await Store.open(path)
    await s.next_msgids()
    await s.close()
    far = 9_000_000_000_000_000_000  # 19 digits, far in the future
    conn = sqlite3.connect(path)
    conn.execute("UPDATE counters SET value = ? WHERE name = 'msgid'", (far,))
    conn.commit()
    conn.close()
    s = await Store.open(path)
    assert await s.next_msgids(2) == [str(far + 1), str(far + 2)]
    await s.close()


# --- campaigns -----------------------------------------------------------------------------

async def test_create_campaign_of_100k_recipients_is_fast_and_complete(store):
    mobiles = numbers(100_000)
    t0 = time.perf_counter()
    cid = await store.create_campaign(
        kind="sms", text="【茧米】你好", params={"subid": "12"}, mobiles=mobiles, batch_size=100,
        stats={"invalid": 3, "duplicates": 2, "opted_out": 1, "units": 100_000},
    )
    elapsed = time.perf_counter() - t0
    assert elapsed < 10.0, f"creating 100k recipients took {elapsed:.2f}s"  # ~0.5 s here; a guard, not a figure
    counts = await store.campaign_counts(cid)
    assert counts["recipients"] == 100_000 and counts["pending"] == 100_000
    campaign = await store.get_campaign(cid)
    assert campaign.state == "pending" and campaign.kind == "sms"
    assert campaign.params == {"subid": "12"} and campaign.stats["duplicates"] == 2

    first = await store.claim_next_batch(cid)
    assert first.seq == 1 and first.mobiles == mobiles[:100]
    second = await store.claim_next_batch(cid)
    assert second.seq == 2 and second.mobiles == mobiles[100:200]
    assert int(second.msgid) > int(first.msgid)
    # Every batch got its own msgid up front, in order.
    page = await store.recipients_page(campaign_id=cid, after_id=0, limit=100_000)
    by_batch = {}
    for row in page:
        by_batch.setdefault(row.batch_id, row.msgid)
    msgids = [int(m) for m in by_batch.values()]
    assert len(msgids) == 1000 and msgids == sorted(set(msgids))


async def test_last_batch_holds_the_remainder(store):
    cid = await store.create_campaign(kind="voice", text="验证码 1234", params={}, mobiles=numbers(7),
                                      batch_size=3)
    sizes = []
    while (batch := await store.claim_next_batch(cid)) is not None:
        sizes.append(len(batch.mobiles))
        await store.finish_batch(batch.id, "submitted", 100)
    assert sizes == [3, 3, 1]
    assert (await store.campaign_counts(cid))["submitted"] == 7


async def test_bad_arguments_are_refused(store):
    with pytest.raises(StoreError):
        await store.create_campaign(kind="fax", text="x", params={}, mobiles=numbers(1), batch_size=1)
    with pytest.raises(StoreError):
        await store.create_campaign(kind="sms", text="x", params={}, mobiles=[], batch_size=1)
    cid = await store.create_campaign(kind="sms", text="x", params={}, mobiles=numbers(1), batch_size=1)
    with pytest.raises(StoreError):
        await store.set_campaign_state(cid, "exploded")
    with pytest.raises(StoreError):
        await store.set_campaign_state(cid + 1, "done")
    with pytest.raises(StoreError):
        await store.get_campaign(cid + 1)
    batch = await store.claim_next_batch(cid)
    with pytest.raises(StoreError):
        await store.finish_batch(batch.id, "delivered")


async def test_state_and_params(store):
    cid = await store.create_campaign(kind="mms", text=None, params={"title": "T"}, mobiles=numbers(2),
                                      batch_size=100)
    assert await store.update_campaign_params(cid, task_id="137150924160329353") == {
        "title": "T", "task_id": "137150924160329353"}
    await store.set_campaign_state(cid, "stopped", error="余额不足")
    c = await store.get_campaign(cid)
    assert (c.state, c.error, c.params["task_id"]) == ("stopped", "余额不足", "137150924160329353")
    await store.set_campaign_state(cid, "running")
    assert (await store.get_campaign(cid)).error is None


async def test_claim_and_finish_follow_the_states(store):
    cid = await store.create_campaign(kind="sms", text="t", params={}, mobiles=numbers(6), batch_size=2)
    b1 = await store.claim_next_batch(cid)
    counts = await store.campaign_counts(cid)
    assert counts["sending"] == 2 and counts["pending"] == 4
    await store.finish_batch(b1.id, "failed", code=104, error="敏感词")
    b2 = await store.claim_next_batch(cid)
    assert b2.seq == 2
    await store.finish_batch(b2.id, "pending")  # a 105: not carried out, goes back
    again = await store.claim_next_batch(cid)
    assert (again.id, again.msgid, again.mobiles) == (b2.id, b2.msgid, b2.mobiles)
    await store.finish_batch(again.id, "submitted", 100)
    b3 = await store.claim_next_batch(cid)
    await store.finish_batch(b3.id, "uncertain")
    assert await store.claim_next_batch(cid) is None
    counts = await store.campaign_counts(cid)
    assert (counts["failed"], counts["submitted"], counts["uncertain"], counts["pending"]) == (2, 2, 2, 0)


async def test_mark_interrupted_and_resend(store):
    cid = await store.create_campaign(kind="sms", text="t", params={}, mobiles=numbers(4), batch_size=2)
    b1 = await store.claim_next_batch(cid)
    b2 = await store.claim_next_batch(cid)
    # b2 got an early report before the crash: the platform had it.
    await store.apply_reports([StatusReport(b2.msgid, b2.mobiles[0], True, "DELIVRD")])
    assert await store.mark_interrupted() == 2
    counts = await store.campaign_counts(cid)
    assert counts["uncertain"] == 2 and counts["submitted"] == 1 and counts["delivered"] == 1
    assert await store.mark_interrupted() == 0
    # An uncertain batch is never claimed again by itself ...
    assert await store.claim_next_batch(cid) is None
    assert await store.unfinished_campaigns() == []
    # ... only when the user chooses to resend it, under a new msgid.
    new = await store.resend_uncertain(b1.id)
    assert int(new) > int(b2.msgid)
    with pytest.raises(StoreError):
        await store.resend_uncertain(b1.id)  # now pending, not uncertain
    with pytest.raises(StoreError):
        await store.resend_uncertain(b2.id)  # proven submitted
    assert await store.unfinished_campaigns() == [cid]
    again = await store.claim_next_batch(cid)
    assert (again.id, again.msgid, again.mobiles) == (b1.id, new, b1.mobiles)


async def test_finish_uncertain_after_an_early_report_records_submitted(store):
    cid = await store.create_campaign(kind="sms", text="t", params={}, mobiles=numbers(3), batch_size=3)
    b = await store.claim_next_batch(cid)
    await store.apply_reports([StatusReport(b.msgid, b.mobiles[1], False, "UNDELIV")])
    assert await store.finish_batch(b.id, "uncertain") == "submitted"
    counts = await store.campaign_counts(cid)
    assert counts["submitted"] == 2 and counts["undelivered"] == 1


async def test_unfinished_campaigns_respects_states_and_schedule(store):
    now_cid = await store.create_campaign(kind="sms", text="a", params={}, mobiles=numbers(2), batch_size=1)
    later = await store.create_campaign(kind="intl", text="b", params={}, mobiles=numbers(2), batch_size=1,
                                        scheduled_at="2030-01-01 08:00:00")
    done = await store.create_campaign(kind="sms", text="c", params={}, mobiles=numbers(2), batch_size=1)
    await store.set_campaign_state(done, "cancelled")
    assert (await store.get_campaign(later)).state == "scheduled"
    assert await store.unfinished_campaigns() == [now_cid]
    assert await store.unfinished_campaigns("2029-12-31 23:59:59") == [now_cid]
    assert await store.unfinished_campaigns("2030-01-01 08:00:00") == [now_cid, later]
    while (b := await store.claim_next_batch(now_cid)) is not None:
        await store.finish_batch(b.id, "submitted")
    assert await store.unfinished_campaigns("2030-01-01 08:00:00") == [later]


async def test_history_counts_newest_first(store):
    a = await store.create_campaign(kind="sms", text="【茧米】" + "长" * 60, params={}, mobiles=numbers(5),
                                    batch_size=5)
    b = await store.create_campaign(kind="voicecall", text="请回电", params={}, mobiles=numbers(3, 100),
                                    batch_size=2)
    batch = await store.claim_next_batch(a)
    await store.finish_batch(batch.id, "submitted")
    await store.apply_reports([
        StatusReport(batch.msgid, batch.mobiles[0], True, "DELIVRD"),
        StatusReport(batch.msgid, batch.mobiles[1], False, "EXPIRED"),
    ])
    rows = await store.history()
    assert [r.id for r in rows] == [b, a]
    ra = rows[1].counts
    assert (ra["recipients"], ra["submitted"], ra["delivered"], ra["undelivered"], ra["pending"]) == (5, 3, 1, 1, 0)
    assert rows[1].text == ("【茧米】" + "长" * 60)[:40]
    assert (rows[0].counts["recipients"], rows[0].counts["pending"], rows[0].kind) == (3, 3, Kind.VOICECALL)
    assert rows[0].state == CampaignState.PENDING and isinstance(rows[0].state, CampaignState)
    assert [r.id for r in await store.history(limit=1)] == [b]


async def test_recipients_page_filters_and_keyset(store):
    a = await store.create_campaign(kind="sms", text="a", params={}, mobiles=numbers(250), batch_size=100)
    b = await store.create_campaign(kind="sms", text="b", params={}, mobiles=["13900000001", "13900000002"],
                                    batch_size=100)
    batch = await store.claim_next_batch(a)
    await store.finish_batch(batch.id, "failed", 101)
    seen, after = [], 0
    while page := await store.recipients_page(campaign_id=a, after_id=after, limit=60):
        seen += page
        after = page[-1].id
    assert len(seen) == 250 and [r.id for r in seen] == sorted(r.id for r in seen)
    assert {r.campaign_id for r in seen} == {a}
    failed = await store.recipients_page(state="failed", limit=1000)
    assert len(failed) == 100 and all(r.msgid == batch.msgid and r.state is RecipientState.FAILED for r in failed)
    assert len(await store.recipients_page(campaign_id=a, state="pending", limit=1000)) == 150
    assert await store.recipients_page(campaign_id=b, state="failed") == []
    hit = await store.recipients_page(mobile_prefix="1390000000")
    assert [r.mobile for r in hit] == ["13900000001", "13900000002"]
    assert [r.mobile for r in await store.recipients_page(mobile_prefix="1380000000", campaign_id=a)] == \
        numbers(10)
    assert await store.recipients_page(mobile_prefix="1380000000", campaign_id=b) == []
    assert await store.recipients_page(campaign_id=999) == []


async def test_balance_and_voice_files(store):
    await store.record_balance(9, 198)
    await store.record_balance(10, 197)
    assert [(r.sent, r.remaining) for r in await store.balance_history()] == [(9, 198), (10, 197)]
    assert [(r.sent, r.remaining) for r in await store.balance_history(limit=1)] == [(10, 197)]
    await store.add_voice_file(serial="F1", name="notice.mp3", sha256="ab" * 32, size=1000, duration_s=3.5)
    found = await store.find_voice_file("ab" * 32)
    assert found is not None and (found.serial, found.name, found.size, found.duration_s) == ("F1", "notice.mp3", 1000, 3.5)
    assert await store.find_voice_file("cd" * 32) is None
    assert [f.serial for f in await store.voice_files()] == ["F1"]


async def test_closed_store_refuses_work(tmp_path):
    s = await Store.open(tmp_path / "j.db")
    await s.close()
    await s.close()  # twice is fine
    with pytest.raises(StoreError):
        await s.next_msgids()


async def test_ends_with_search_uses_the_reversed_number_index(tmp_path):
    import sqlite3

    from jianmi_desktop.store.reader import HistoryReader, RecipientFilter

    store = await Store.open(tmp_path / "jianmi.db")
    mobiles = [f"139{i:08d}" for i in range(0, 400_000, 7)] + ["+447911123456", "8613800001234"]
    await store.create_campaign(kind="sms", text="【茧米】t", params={}, mobiles=mobiles, batch_size=100)
    await store.close()
    reader = HistoryReader(tmp_path / "jianmi.db")
    try:
        for tail in ("1234", "56", "0007", "123456"):
            plan = reader.plan(RecipientFilter(number=tail, ends=True))
            rows, _, done = reader.fetch(plan, 0, 10_000, budget_s=10)
            assert done and [r.mobile for r in rows] == [m for m in mobiles if m.endswith(tail)], tail
            assert reader.count(plan) == len(rows)
        plan = reader.plan(RecipientFilter(number="1234", ends=True))
        assert plan.use_mobile_index and plan.index == "recipients_mobile_rev"
        broad = reader.plan(RecipientFilter(number="1", ends=True))     # ~1 in 10: scanned in id order
        assert not broad.use_mobile_index
        rows, _, done = reader.fetch(broad, 0, 100_000, budget_s=10)
        assert done and [r.mobile for r in rows] == [m for m in mobiles if m.endswith("1")]
        detail = " ".join(str(r) for r in reader.conn.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM recipients INDEXED BY recipients_mobile_rev "
            "WHERE mobile_rev >= '4321' AND mobile_rev < '4321\U0010ffff'"))
        assert "recipients_mobile_rev" in detail
    finally:
        reader.close()
    conn = sqlite3.connect(tmp_path / "jianmi.db")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST
    assert conn.execute("SELECT mobile_rev FROM recipients WHERE mobile = '8613800001234'").fetchone()[0] == \
        "4321000083168"
    conn.close()


async def test_the_history_reader_hands_out_typed_rows(tmp_path):
    """Rows cross into the window as dataclasses whose states and kinds are the enums (equal to
    the text in SQLite), built from the SQLite tuples; the times are shortened for the table."""
    from jianmi_desktop.store.reader import HistoryReader, RecipientFilter
    from jianmi_desktop.store.rows import CampaignRow, RecipientRow

    store = await Store.open(tmp_path / "jianmi.db")
    cid = await store.create_campaign(kind="voice", text="您的快递已到", params={"senddate": "2026-12-05",
                                                                          "sendtime": "09:30"},
                                      mobiles=["13900000001", "13900000002"], batch_size=1)
    batch = await store.claim_next_batch(cid)
    await store.finish_batch(batch.id, "submitted")
    await store.apply_reports([StatusReport(batch.msgid, "13900000001", False, "EXPIRED")])
    await store.close()
    reader = HistoryReader(tmp_path / "jianmi.db")
    try:
        (campaign,) = reader.campaigns()
        assert isinstance(campaign, CampaignRow) and campaign.id == cid
        assert campaign.kind is Kind.VOICE and campaign.state is CampaignState.PENDING
        assert campaign.excerpt == "您的快递已到" and campaign.rings_at() == "2026-12-05 09:30:00"
        assert campaign.counts == {"undelivered": 1, "pending": 1}
        rows, cursor, done = reader.fetch(reader.plan(RecipientFilter(campaign_id=cid)), 0, 10)
        assert done and cursor == rows[-1].id and all(isinstance(r, RecipientRow) for r in rows)
        first, second = rows
        assert (first.mobile, first.state, first.status_code, first.msgid) == (
            "13900000001", RecipientState.UNDELIVERED, "EXPIRED", batch.msgid)
        assert first.state is RecipientState.UNDELIVERED and len(first.updated) == 19 and first.updated[10] == " "
        assert (second.state, second.status_code) == (RecipientState.PENDING, "")
        assert reader.rows_by_id([second.id, first.id]) == rows
        assert list(reader.iter_rows(RecipientFilter(state="undelivered"))) == [first]
    finally:
        reader.close()
