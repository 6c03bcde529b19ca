"""Held scheduled sends, opt-out import/export, and the runner's launch gate, on a real store."""

from __future__ import annotations

import asyncio
import csv
from datetime import datetime, timedelta

import pytest

from jianmi_desktop.campaign.optouts import export_opt_outs, import_opt_outs, read_opt_out_file
from jianmi_desktop.campaign.recipients import RecipientFileError
from jianmi_desktop.campaign.runner import CampaignRunner
from jianmi_desktop.campaign.scheduler import due_campaigns, missed_campaigns, seconds_until
from jianmi_desktop.limiter import SlidingWindowLimiter
from jianmi_desktop.platform.auth import CHINA_TZ
from jianmi_desktop.store import Store

NOW = datetime(2026, 6, 1, 9, 0, 0)  # China time


@pytest.fixture
async def store(tmp_path):
    s = await Store.open(tmp_path / "jianmi.db")
    yield s
    await s.close()


async def held(store, at: datetime, mobile="13800138000") -> int:
    return await store.create_campaign(kind="sms", text="【茧米】稍后", params={}, mobiles=[mobile], batch_size=1,
                                       scheduled_at=at.strftime("%Y-%m-%d %H:%M:%S"))


# --- scheduler ------------------------------------------------------------------------------------

async def test_due_and_missed(store):
    future = await held(store, NOW + timedelta(minutes=5))
    just_due = await held(store, NOW - timedelta(seconds=30))
    missed = await held(store, NOW - timedelta(hours=2))
    assert [c.id for c in await due_campaigns(store, NOW)] == [missed, just_due]
    assert [c.id for c in await due_campaigns(store, NOW, grace_s=300)] == [just_due]
    assert [c.id for c in await missed_campaigns(store, NOW)] == [missed]
    assert [c.id for c in await missed_campaigns(store, NOW, grace_s=10)] == [missed, just_due]
    campaign = await store.get_campaign(future)
    assert seconds_until(campaign, NOW) == 300
    # an aware time in another zone means the same moment
    utc = (NOW.replace(tzinfo=CHINA_TZ)).astimezone(__import__("datetime").timezone.utc)
    assert [c.id for c in await due_campaigns(store, utc)] == [missed, just_due]


async def test_a_started_or_cancelled_campaign_is_no_longer_held(store):
    cid = await held(store, NOW - timedelta(hours=1))
    await store.set_campaign_state(cid, "cancelled")
    assert await missed_campaigns(store, NOW) == [] and await due_campaigns(store, NOW) == []


# --- opt-out import and export ---------------------------------------------------------------------

async def test_import_from_csv_normalises_and_reports(store, tmp_path):
    path = tmp_path / "退订.csv"
    path.write_text("手机号,备注\n138 0013 8000,甲\n+86 139-0013-9000,乙\n13800138000,重复\n12345,坏\n+852 9123 4567,港\n",
                    encoding="gbk")
    result = await import_opt_outs(store, path)
    assert result.numbers == ["13800138000", "13900139000", "85291234567"]
    assert result.duplicates == 1 and [line for line, _, _ in result.invalid] == [5]
    assert result.added == 3
    assert await store.opt_outs() == {"13800138000", "13900139000", "85291234567"}
    again = await import_opt_outs(store, path)
    assert again.added == 0
    assert {r.source for r in await store.opt_out_rows()} == {"import"}


async def test_import_from_xlsx_and_txt(tmp_path):
    from tests.support.xlsx import write_xlsx

    xlsx = tmp_path / "list.xlsx"
    write_xlsx(xlsx, [["姓名", "手机"], ["张三", 13800138000.0], ["李四", "1.39001390E10"]])
    assert read_opt_out_file(xlsx).numbers == ["13800138000", "13900139000"]
    txt = tmp_path / "list.txt"
    txt.write_text("13800138000\n\n１３９００１３９０００\n", encoding="utf-8")
    assert read_opt_out_file(txt).numbers == ["13800138000", "13900139000"]
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(RecipientFileError):
        read_opt_out_file(empty)


async def test_export_round_trips_through_import(store, tmp_path):
    await store.add_opt_outs(["13800138000", "13900139000"], "reply")
    await store.add_opt_outs(["13700137000"], "manual")
    path = tmp_path / "out.csv"
    assert await export_opt_outs(store, path) == 3
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0] == ["手机号", "来源", "加入时间"]
    assert {(r[0], r[1]) for r in rows[1:]} == {("13800138000", "回复退订"), ("13900139000", "回复退订"),
                                                 ("13700137000", "手动添加")}
    assert sorted(read_opt_out_file(path).numbers) == ["13700137000", "13800138000", "13900139000"]


# --- the runner claims a batch only when the one before it has left -----------------------------------

async def test_only_one_batch_waits_claimed_for_the_limiter(store):
    cid = await store.create_campaign(kind="sms", text="t", params={},
                                      mobiles=[f"138{i:08d}" for i in range(30)], batch_size=1)
    limiter = SlidingWindowLimiter(rate=20)
    claimed_waiting = 0
    most = 0
    claim = store.claim_next_batch

    async def counting_claim(c):
        nonlocal claimed_waiting, most
        batch = await claim(c)
        if batch is not None:
            claimed_waiting += 1
            most = max(most, claimed_waiting)
        return batch

    store.claim_next_batch = counting_claim

    async def send(batch):  # what the client does: wait for the limiter, then the answer takes a while
        nonlocal claimed_waiting
        await limiter.acquire()
        claimed_waiting -= 1
        await asyncio.sleep(0.2)

    runner = CampaignRunner(store, send, in_flight=8, limiter=limiter)
    result = await runner.run(cid)
    assert result.state == "done" and result.submitted == 30
    assert most == 1
    # without the limiter to watch, every worker holds a claimed batch (the older behaviour)
    cid2 = await store.create_campaign(kind="sms", text="t", params={},
                                       mobiles=[f"139{i:08d}" for i in range(30)], batch_size=1)
    most, claimed_waiting = 0, 0
    await CampaignRunner(store, send, in_flight=8).run(cid2)
    assert most > 1
