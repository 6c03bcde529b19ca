"""The store on a real SQLite file: delivery reports, replies, status calls, opt-outs, and
a second process writing the same file."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from jianmi_desktop.platform.models import Reply, StatusCall, StatusReport
from jianmi_desktop.platform.push_xml import parse_push
from jianmi_desktop.states import RecipientState
from jianmi_desktop.store import Store
from tests.support.paths import SAMPLES, adopt_sample_msgid  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
async def store(tmp_path):
    s = await Store.open(tmp_path / "jianmi.db")
    yield s
    await s.close()


async def sent_campaign(store, mobiles, kind="sms", batch_size=100, params=None):
    """A campaign whose batches were all submitted; returns (cid, [Batch])."""
    cid = await store.create_campaign(kind=kind, text="【茧米】t", params=params or {}, mobiles=mobiles,
                                      batch_size=batch_size)
    batches = []
    while (b := await store.claim_next_batch(cid)) is not None:
        await store.finish_batch(b.id, "submitted", 100)
        batches.append(b)
    return cid, batches


def report_rows(path) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT msgid, mobile, status_code, delivered FROM reports ORDER BY 1, 2").fetchall()
    finally:
        conn.close()


# --- delivery reports ----------------------------------------------------------------------

async def test_sample_push_with_duplicate_records_is_stored_once(store, tmp_path):
    push = parse_push((SAMPLES / "status_push.xml").read_bytes())
    assert len(push.reports) == 2  # the sample repeats one record
    assert await store.apply_reports(push.reports) == 0      # not a msgid this computer sent
    assert report_rows(tmp_path / "jianmi.db") == []
    await adopt_sample_msgid(store, tmp_path / "jianmi.db")
    assert await store.apply_reports(push.reports) == 1
    assert await store.apply_reports(push.reports) == 0
    assert report_rows(tmp_path / "jianmi.db") == [("1461822936915", "15766208001", "UNDELIV", 0)]


async def test_reports_settle_recipients_and_are_idempotent(store):
    mobiles = [f"1390000{i:04d}" for i in range(10)]
    cid, (b1, b2) = await sent_campaign(store, mobiles, batch_size=5)
    reports = [StatusReport(b1.msgid, m, True, "DELIVRD") for m in b1.mobiles[:4]]
    reports.append(StatusReport(b2.msgid, b2.mobiles[0], False, "EXPIRED"))
    assert await store.apply_reports(reports) == 5
    before = await store.campaign_counts(cid)
    assert (before["delivered"], before["undelivered"], before["submitted"]) == (4, 1, 5)
    assert await store.apply_reports(reports) == 0
    assert await store.campaign_counts(cid) == before
    row = (await store.recipients_page(campaign_id=cid, state="undelivered"))[0]
    assert (row.mobile, row.status_code, row.state) == (b2.mobiles[0], "EXPIRED", RecipientState.UNDELIVERED)


async def test_a_settled_recipient_is_not_changed_by_a_later_report(store):
    cid, (b,) = await sent_campaign(store, ["13900000001"])
    await store.apply_reports([StatusReport(b.msgid, "13900000001", True, "DELIVRD")])
    assert await store.apply_reports([StatusReport(b.msgid, "13900000001", False, "UNDELIV")]) == 1
    counts = await store.campaign_counts(cid)
    assert (counts["delivered"], counts["undelivered"]) == (1, 0)


async def test_msgid_with_leading_zeros_matches(store):
    cid, (b,) = await sent_campaign(store, ["13900000001", "13900000002"])
    assert await store.apply_reports([StatusReport("000" + b.msgid, "13900000002", True, "DELIVRD")]) == 1
    # '007' and '7' are one id: the same report spelled differently is not stored twice.
    assert await store.apply_reports([StatusReport(b.msgid, "13900000002", True, "DELIVRD")]) == 0
    page = await store.recipients_page(campaign_id=cid, state="delivered")
    assert [r.mobile for r in page] == ["13900000002"]


async def test_a_report_for_an_unknown_msgid_is_not_stored_one_for_an_unknown_number_matches_nothing(
        store, tmp_path):
    cid, (b,) = await sent_campaign(store, ["13900000001"])
    n = await store.apply_reports([
        StatusReport("7", "13900000001", True, "DELIVRD"),          # a msgid this computer never sent
        StatusReport(b.msgid, "13900000009", True, "DELIVRD"),  # not a recipient of this batch
    ])
    assert n == 1
    assert (await store.campaign_counts(cid))["submitted"] == 1
    rows = report_rows(tmp_path / "jianmi.db")
    assert [r[0] for r in rows] == [str(b.msgid)]


async def test_a_flood_of_unknown_msgids_stores_nothing(store, tmp_path):
    await sent_campaign(store, ["13900000001"])
    for start in range(0, 5000, 200):
        await store.apply_reports([StatusReport(str(10_000 + i), "13900000001", True, "DELIVRD")
                                   for i in range(start, start + 200)])
    assert report_rows(tmp_path / "jianmi.db") == []


async def test_report_proves_an_uncertain_batch_was_submitted(store):
    cid = await store.create_campaign(kind="sms", text="t", params={}, mobiles=["13900000001", "13900000002"],
                                      batch_size=5)
    b = await store.claim_next_batch(cid)
    await store.finish_batch(b.id, "uncertain")
    await store.apply_reports([StatusReport(b.msgid, "13900000001", True, "DELIVRD")])
    counts = await store.campaign_counts(cid)
    assert (counts["delivered"], counts["submitted"], counts["uncertain"]) == (1, 1, 0)


async def test_report_for_a_pending_or_failed_recipient_does_not_settle_it(store):
    cid = await store.create_campaign(kind="sms", text="t", params={}, mobiles=["13900000001", "13900000002"],
                                      batch_size=1)
    b1 = await store.claim_next_batch(cid)
    await store.finish_batch(b1.id, "failed", 101)
    page = await store.recipients_page(campaign_id=cid, state="pending")
    await store.apply_reports([StatusReport(b1.msgid, "13900000001", True, "DELIVRD"),
                               StatusReport(page[0].msgid, "13900000002", True, "DELIVRD")])
    counts = await store.campaign_counts(cid)
    assert (counts["failed"], counts["pending"], counts["delivered"]) == (1, 1, 0)


async def test_bulk_reports_are_applied_fast(store):
    mobiles = [f"13{i:09d}" for i in range(100_000)]
    cid, batches = await sent_campaign(store, mobiles, batch_size=500)
    reports = [StatusReport(b.msgid, m, True, "DELIVRD") for b in batches for m in b.mobiles]
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    assert await store.apply_reports(reports) == 100_000
    elapsed = loop.time() - t0
    assert (await store.campaign_counts(cid))["delivered"] == 100_000
    # a guard against something quadratic, ~10× the usual time (the figure: benchmarks/history.py)
    assert elapsed < 10.0, f"100,000 reports took {elapsed:.2f}s"


# --- replies and opt-outs ------------------------------------------------------------------

async def test_sample_reply_push_is_stored_once_and_linked_to_its_campaign(store):
    push = parse_push((SAMPLES / "mo_push.xml").read_bytes())
    assert await store.add_replies(push.replies) == 1
    assert await store.add_replies(push.replies) == 0
    (reply,) = await store.replies()
    assert reply.content == "新年好。祝协会蓬勃兴旺。多搞活动啊。" and reply.campaign_id is None and not reply.opt_out
    assert await store.opt_outs() == set()

    cid, (b,) = await sent_campaign(store, ["13900000001"])
    await store.add_replies([Reply("0" + b.msgid, "13900000001", "好的")])
    assert (await store.replies(limit=1))[0].campaign_id == cid


@pytest.mark.parametrize("content", ["T", " td ", "N", "r", "退订", "取消", "拒收", "TD\n"])
async def test_opt_out_replies(store, content):
    assert await store.add_replies([Reply("1", "13900000001", content)]) == 1
    assert await store.opt_outs() == {"13900000001"}


@pytest.mark.parametrize("content", ["不退订", "TDD", "好", ""])
async def test_other_replies_do_not_opt_out(store, content):
    await store.add_replies([Reply("1", "13900000001", content)])
    assert await store.opt_outs() == set()


async def test_a_resent_reply_push_does_not_undo_a_manual_removal(store):
    replies = [Reply("1", "13900000001", "TD")]
    await store.add_replies(replies)
    assert await store.remove_opt_outs(["13900000001"]) == 1
    await store.add_replies(replies)  # the platform pushes it again
    assert await store.opt_outs() == set()


async def test_manual_opt_outs(store):
    assert await store.add_opt_outs(["13900000001", "13900000002", "13900000001"]) == 2
    assert await store.add_opt_outs(["13900000002"]) == 0
    assert await store.remove_opt_outs(["13900000002", "13900000003"]) == 1
    assert await store.opt_outs() == {"13900000001"}


# --- status calls ---------------------------------------------------------------------------

async def test_status_calls_settle_voice_and_mms_recipients(store):
    vcid, (vb,) = await sent_campaign(store, ["13900000001", "13900000002"], kind="voice")
    mcid, mbatches = await sent_campaign(store, ["13900000001", "13900000003", "13900000004"], kind="mms",
                                         batch_size=2)
    await store.update_campaign_params(mcid, task_id="137150924160329353")
    calls = [
        StatusCall(vb.msgid, "13900000001", 2, "2014-05-26 17:00:12"),
        StatusCall("00" + vb.msgid, "13900000002", 3, "2014-05-26 17:00:13"),
        StatusCall("137150924160329353", "13900000001", 2, "2014-05-26 17:01:00"),
        StatusCall("137150924160329353", "13900000004", 3, "2014-05-26 17:01:01"),
        StatusCall("999", "13900000001", 2, ""),  # unknown task: stored, matches nothing
    ]
    assert await store.apply_status_calls(calls) == 5
    v = await store.campaign_counts(vcid)
    m = await store.campaign_counts(mcid)
    assert (v["delivered"], v["undelivered"]) == (1, 1)
    assert (m["delivered"], m["undelivered"], m["submitted"]) == (1, 1, 1)
    assert await store.apply_status_calls(calls) == 0
    assert await store.campaign_counts(vcid) == v and await store.campaign_counts(mcid) == m


async def test_status_call_does_not_match_an_sms_batch_msgid(store):
    cid, (b,) = await sent_campaign(store, ["13900000001"], kind="sms")
    await store.apply_status_calls([StatusCall(b.msgid, "13900000001", 2)])
    assert (await store.campaign_counts(cid))["submitted"] == 1


# --- two processes ---------------------------------------------------------------------------

_CHILD = textwrap.dedent("""
    import asyncio, sys
    from pathlib import Path
    from jianmi_desktop.platform.models import StatusReport
    from jianmi_desktop.store import Store

    async def main(path, msgid, count):
        s = await Store.open(Path(path))
        taken = []
        for i in range(count):   # many small transactions, interleaved with the parent's
            await s.apply_reports([StatusReport(msgid, f"139{i:08d}", True, "DELIVRD")])
            taken += await s.next_msgids()
        await s.close()
        print(",".join(taken))

    asyncio.run(main(sys.argv[1], sys.argv[2], int(sys.argv[3])))
""")


async def test_a_second_process_writes_the_same_file_concurrently(store, tmp_path):
    mobiles = [f"139{i:08d}" for i in range(200)]
    cid, (b,) = await sent_campaign(store, mobiles, batch_size=200)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-c", _CHILD, str(tmp_path / "jianmi.db"), b.msgid, "200",
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=ROOT,
    )
    child = asyncio.ensure_future(asyncio.wait_for(proc.communicate(), 120))
    ours = []
    other = await store.create_campaign(kind="sms", text="x", params={}, mobiles=mobiles, batch_size=10)
    while not child.done() or len(ours) < 50:  # keep writing for as long as the child does
        ours += await store.next_msgids()
        await store.add_opt_outs([f"137{len(ours):08d}"])
    out, err = await child
    assert proc.returncode == 0, err.decode()
    theirs = out.decode().strip().split(",")
    assert len(theirs) == 200
    assert len(set(ours) | set(theirs)) == len(ours) + 200  # no msgid handed out twice
    assert [int(x) for x in ours] == sorted(int(x) for x in ours)
    assert (await store.campaign_counts(cid))["delivered"] == 200
    assert (await store.campaign_counts(other))["pending"] == 200
    assert len(await store.opt_outs()) == len(ours)
