"""The sending service on its own (no Qt): a real store, the real client and the real sandbox over
loopback sockets. Create, run, pause, resume, cancel, resume after a crash, resend, held sends,
and the events it reports."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import timedelta

import pytest

from jianmi_desktop.campaign.accounts import OtherAccount
from jianmi_desktop.campaign.drafts import sms_draft, voice_draft
from jianmi_desktop.campaign.events import CampaignStarted, HeldChanged, Idle, Interrupted, Missed, StateChanged
from jianmi_desktop.campaign.lock import SenderBusy, SenderLock
from jianmi_desktop.campaign.runner import Progress
from jianmi_desktop.campaign.service import SendingService
from jianmi_desktop.client import Account, Endpoints, JianmiClient
from jianmi_desktop.platform.auth import china_now, md5_hex
from jianmi_desktop.sandbox.config import FaultPlan
from jianmi_desktop.settings import Settings

TEXT = "【茧米】您的订单已发货，请注意查收。拒收请回复R"


def numbers(n: int, start: int = 13800000000) -> list[str]:
    return [str(start + i) for i in range(n)]


def client_for(sandbox) -> JianmiClient:
    return JianmiClient(Endpoints(f"{sandbox.url}/sdk/SMS", f"{sandbox.url}/ClientApi", f"{sandbox.url}/ClientApi"),
                        Account("demo", md5_hex("demo1234"), "demo-api-key"), backoff=0.01)


@pytest.fixture
async def client(sandbox):
    c = client_for(sandbox)
    yield c
    await c.aclose()


@pytest.fixture
def service(store, client, data_dir):
    svc = SendingService(store, client, folder=data_dir, settings=Settings(batch_size=10, in_flight=4))
    svc.seen = []
    svc.subscribe(svc.seen.append)
    yield svc


def sent(sandbox, cmd: str = "send") -> Counter:
    return Counter(m for s in list(sandbox.state.submissions) if s.cmd == cmd for m in s.mobiles)


def states(events, cid: int) -> list[str]:
    return [e.state for e in events if isinstance(e, StateChanged) and e.campaign_id == cid]


async def eventually(predicate, timeout: float = 15.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not predicate():
        assert asyncio.get_running_loop().time() < deadline, "timed out"
        await asyncio.sleep(0.02)


async def test_a_campaign_is_created_sent_and_reported_as_plain_events(service, sandbox, store):
    mobiles = numbers(35)
    cid = await service.create(sms_draft(TEXT, mobiles, stats={"units_per_message": 1}))
    campaign = await store.get_campaign(cid)
    assert campaign.params["account"] == "demo@local" and campaign.state == "pending"
    result = await service.send(cid)
    assert (result.state, result.submitted, result.failed, result.uncertain) == ("done", 35, 0, 0)
    assert sent(sandbox) == Counter(mobiles)
    assert states(service.seen, cid) == ["pending", "running", "done"]
    started = next(e for e in service.seen if isinstance(e, CampaignStarted))
    assert (started.campaign_id, started.kind, started.batches_total, started.batches_open, started.batch_size) == (
        cid, "sms", 4, 4, 10)
    progress = [e for e in service.seen if isinstance(e, Progress)]
    assert [p.batches_done for p in progress] == [1, 2, 3, 4] and progress[-1].submitted == 35
    assert progress[-1].eta_s == 0 and all(p.rate > 0 for p in progress)
    assert isinstance(service.seen[-1], Idle) and not service.busy
    assert (await store.get_campaign(cid)).state == "done"


async def test_the_async_iterator_sees_the_same_events(service, store):
    cid = await service.create(sms_draft(TEXT, numbers(5)))
    seen = []

    async def listen():
        async for event in service.events():
            seen.append(event)
            if isinstance(event, Idle):
                return

    listener = asyncio.ensure_future(listen())
    await asyncio.sleep(0)
    await service.send(cid)
    await asyncio.wait_for(listener, 5)
    assert [type(e).__name__ for e in seen] == ["CampaignStarted", "StateChanged", "Progress", "StateChanged",
                                                  "Idle"]


async def test_pause_then_resume_sends_every_number_once(service, sandbox, start_sandbox, store):
    mobiles = numbers(200)
    cid = await service.create(sms_draft(TEXT, mobiles))
    future = service.enqueue(cid)
    await eventually(lambda: sum(sent(sandbox).values()) >= 20)
    service.pause()
    result = await future
    assert result.state == "paused"
    assert states(service.seen, cid)[-2:] == ["pausing", "paused"]
    at_pause = sent(sandbox)
    assert 0 < sum(at_pause.values()) < 200
    await asyncio.sleep(0.3)
    assert sent(sandbox) == at_pause
    assert (await service.resume(cid)).state == "done"
    assert sent(sandbox) == Counter(mobiles)


async def test_cancel_the_running_one_and_a_queued_one(service, sandbox, store):
    first = await service.create(sms_draft(TEXT, numbers(300)))
    second = await service.create(sms_draft(TEXT, numbers(20, start=13900000000)))
    running, queued = service.enqueue(first), service.enqueue(second)
    await asyncio.sleep(0)
    assert service.queue == [second] and states(service.seen, second)[-1] == "queued"
    await eventually(lambda: sum(sent(sandbox).values()) >= 20)
    await service.cancel(second)
    assert queued.cancelled() and (await store.get_campaign(second)).state == "cancelled"
    await service.cancel(first)
    assert (await running).state == "cancelled"
    assert states(service.seen, first)[-2:] == ["cancelling", "cancelled"]
    assert 0 < sum(sent(sandbox).values()) < 300 and not any(m.startswith("139") for m in sent(sandbox))


async def test_after_a_crash_the_batches_in_flight_are_uncertain_and_never_resent_by_themselves(
        service, sandbox, store):
    mobiles = numbers(30)
    cid = await service.create(sms_draft(TEXT, mobiles))
    claimed = await store.claim_next_batch(cid)  # as if the sender died with this batch in flight
    await store.set_campaign_state(cid, "running")
    service.started_at = service.started_at + timedelta(days=1)  # the campaign is from "an earlier run"
    found = await service.recover()
    assert (found.interrupted, found.unfinished, found.missed) == (1, [cid], [])
    assert any(isinstance(e, Interrupted) and e.batches == 1 for e in service.seen)
    result = await service.send(cid)
    assert result.state == "done" and result.submitted == 20
    assert sent(sandbox) == Counter(m for m in mobiles if m not in claimed.mobiles)
    counts = await store.campaign_counts(cid)
    assert counts["uncertain"] + counts.get("delivered", 0) + counts.get("undelivered", 0) + counts.get(
        "submitted", 0) == 30


async def test_uncertain_batches_are_resent_only_when_the_user_confirmed(service, start_sandbox, store):
    dropping = await start_sandbox(rate=1000, report_delay=(30, 31), faults=FaultPlan(drop_after_requests={2}))
    service.client = client_for(dropping)  # as the runtime does when the account changes
    service.settings.in_flight = 1
    mobiles = numbers(30)
    cid = await service.create(sms_draft(TEXT, mobiles))
    result = await service.send(cid)
    assert (result.submitted, result.uncertain) == (20, 10)
    with pytest.raises(ValueError):
        service.resend_uncertain(cid, confirmed=False)
    assert sent(dropping) == Counter(mobiles)  # the dropped request was carried out once
    resent = await service.resend_uncertain(cid, confirmed=True)
    assert (resent.submitted, resent.uncertain) == (10, 0)
    twice = [m for m, n in sent(dropping).items() if n == 2]
    assert len(twice) == 10  # what the user chose to resend, and nothing else
    assert (await store.campaign_counts(cid)).get("uncertain", 0) == 0
    await service.client.aclose()


async def test_a_followup_of_the_failed_numbers_is_written_down_not_sent(service, sandbox, store):
    cid = await service.create(sms_draft(TEXT, numbers(20)))
    batch = await store.claim_next_batch(cid)
    await store.finish_batch(batch.id, "failed", 103, "号码格式错误")
    await service.send(cid)
    new = await service.create_followup(cid, states=("failed",))
    assert (await store.get_campaign(new)).state == "pending" and states(service.seen, new) == ["pending"]
    assert (await store.campaign_counts(new))["recipients"] == 10
    assert sum(sent(sandbox).values()) == 10
    assert (await service.send(new)).submitted == 10
    assert sent(sandbox) == Counter(numbers(20))


async def test_a_held_send_fires_when_due_and_a_missed_one_only_asks(service, sandbox, store):
    soon = (china_now() + timedelta(seconds=1.5)).strftime("%Y-%m-%d %H:%M:%S")
    long_ago = (china_now() - timedelta(hours=2)).strftime("%Y-%m-%d %H:%M:%S")
    held = await service.create(sms_draft(TEXT, numbers(10), at=soon))
    missed = await service.create(sms_draft(TEXT, numbers(10, start=13900000000), at=long_ago))
    assert (await store.get_campaign(held)).state == "scheduled"
    assert any(isinstance(e, HeldChanged) and (held, soon) in e.held for e in service.seen)
    service.watch_schedules(every_s=30)  # the watcher wakes when the soonest one is due, not in 30 s
    try:
        await eventually(lambda: "done" in states(service.seen, held), timeout=10)
    finally:
        await service.close()
    assert sent(sandbox) == Counter(numbers(10))
    assert [e.campaign_ids for e in service.seen if isinstance(e, Missed)] == [(missed,)]
    assert (await store.get_campaign(missed)).state == "scheduled" and service.held == [(missed, long_ago)]


async def test_another_accounts_campaign_is_refused(service, sandbox, store):
    cid = await store.create_campaign(kind="sms", text=TEXT, params={"account": "someone@https://example.cn/sdk"},
                                      mobiles=numbers(5), batch_size=10)
    with pytest.raises(OtherAccount):
        await service.send(cid)
    assert states(service.seen, cid) == ["stopped"] and sent(sandbox) == Counter()
    assert (await store.get_campaign(cid)).state == "pending"


async def test_another_process_sending_keeps_this_one_from_sending(service, sandbox, data_dir):
    cid = await service.create(voice_draft(numbers(3), text="您的验证码是1234"))
    with SenderLock(data_dir):
        with pytest.raises(SenderBusy):
            await service.send(cid)
    assert (await service.send(cid)).submitted == 3
    assert sent(sandbox, "sendvoice") == Counter(numbers(3))
