"""Delivery reports and replies pushed by the sandbox to a receiver, retries, and seeds."""

from __future__ import annotations

from xml.etree import ElementTree

import aiohttp
import pytest

from jianmi_desktop.platform.models import Reply, StatusReport
from jianmi_desktop.sandbox import Sandbox, SandboxConfig
from jianmi_desktop.sandbox.pushes import build_reply_push, build_status_push
from jianmi_desktop.sandbox.testing import Collector, eventually, post_form, sdk_auth
from tests.support.paths import SAMPLES

SIG = "【茧米】"


@pytest.fixture
async def collector():
    c = Collector()
    await c.start()
    yield c
    await c.stop()


def numbers(count: int, start: int = 0) -> list[str]:
    return [f"139{i:08d}" for i in range(start, start + count)]


async def send(sb, mobiles: list[str], msgid: str, msg: str = SIG + "通知") -> str:
    async with aiohttp.ClientSession() as session:
        status, text = await post_form(session, sb.sdk_url, {**sdk_auth(), "cmd": "send", "mobiles": ",".join(mobiles),
                                                             "msgid": msgid, "msg": msg})
    return text


def records(body: bytes) -> tuple[str, list[dict[str, str]]]:
    root = ElementTree.fromstring(body)
    rows = [{child.tag: (child.text or "") for child in form} for form in root.find("list")]
    assert root.findtext("count") == str(len(rows))
    return root.findtext("type"), rows


async def test_reports_pushed_in_groups_of_at_most_200(collector):
    sb = Sandbox(SandboxConfig(rate=1000, report_delay=(0.05, 0.1), push_url=collector.url + "/push"))
    await sb.start()
    try:
        mobiles = numbers(500)
        assert await send(sb, mobiles[:250], "1001") == "100"
        assert await send(sb, mobiles[250:], "1002") == "100"
        await eventually(lambda: len(sb.state.reports) == 500)
        await eventually(lambda: sb.state.pending == 0)
        reports = [r for body in collector.pushes for t, rows in [records(body)] if t == "1" for r in rows]
        assert len(reports) == 500
        assert all(len(records(body)[1]) <= 200 for body in collector.pushes)
        assert len([b for b in collector.pushes if records(b)[0] == "1"]) < 20      # grouped, not one a number
        assert sorted(r["mobile"] for r in reports) == sorted(mobiles)
        assert {r["msgId"] for r in reports} == {"1001", "1002"}
        assert all(r["userId"] == "demo" and r["eprId"] == "0" for r in reports)
        codes = [r["statusCode"] for r in reports]
        assert set(codes) <= {"DELIVRD", "UNDELIV", "EXPIRED"}
        assert 400 <= codes.count("DELIVRD") <= 490 and codes.count("UNDELIV") and codes.count("EXPIRED")
        assert all((r["status"] == "1") == (r["statusCode"] == "DELIVRD") for r in reports)
        # about one number in 50 replies, with the msgid it answers
        replies = [r for body in collector.pushes for t, rows in [records(body)] if t == "2" for r in rows]
        assert 1 <= len(replies) <= 30 and len(replies) == len(sb.state.replies)
        assert all(r["content"] in {"退订", "T", "好的", "收到"} and r["msgId"] in {"1001", "1002"} for r in replies)
        assert sb.state.pushes_acked == len(sb.state.pushes) == len(collector.pushes)
    finally:
        await sb.stop()


async def test_unacknowledged_push_is_retried(collector):
    collector.push_answers = ["ERROR", "busy"]
    sb = Sandbox(SandboxConfig(rate=1000, report_delay=(0.05, 0.06), push_url=collector.url + "/push",
                               push_backoff=0.05))
    await sb.start()
    try:
        assert await send(sb, ["13812345678"], "7") == "100"
        await eventually(lambda: sb.state.pushes and sb.state.pushes[0].acked)
        assert len(collector.pushes) == 3 and collector.pushes[0] == collector.pushes[2]
        assert sb.state.pushes[0].attempts == 3 and sb.state.pushes_sent == 3
    finally:
        await sb.stop()


@pytest.mark.parametrize("ack", ["100", "OK", "SUCCESS", "ok\n"])
async def test_acknowledgements(collector, ack):
    collector.push_answers = [ack]
    sb = Sandbox(SandboxConfig(rate=1000, report_delay=(0.05, 0.06), push_url=collector.url + "/push"))
    await sb.start()
    try:
        assert await send(sb, ["13812345678"], "7") == "100"
        await eventually(lambda: sb.state.pushes and sb.state.pushes[0].acked)
        assert len(collector.pushes) == 1
    finally:
        await sb.stop()


async def test_retries_give_up_after_push_retries(collector):
    collector.push_answers = ["no"] * 10
    sb = Sandbox(SandboxConfig(rate=1000, report_delay=(0.05, 0.06), push_url=collector.url + "/push",
                               push_retries=2, push_backoff=0.02))
    await sb.start()
    try:
        assert await send(sb, ["13812345678"], "7") == "100"
        await eventually(lambda: sb.state.pending == 0)
        assert len(collector.pushes) == 3 and not sb.state.pushes[0].acked
    finally:
        await sb.stop()


async def test_unreachable_push_url_is_retried_without_crashing():
    sb = Sandbox(SandboxConfig(rate=1000, report_delay=(0.05, 0.06), push_url="http://127.0.0.1:9/push",
                               push_backoff=0.02))
    await sb.start()
    try:
        assert await send(sb, ["13812345678"], "7") == "100"
        await eventually(lambda: sb.state.pending == 0)
        record = sb.state.pushes[0]
        assert record.attempts == 4 and not record.acked and record.answer
    finally:
        await sb.stop()


async def test_without_push_url_reports_stay_in_state():
    sb = Sandbox(SandboxConfig(rate=1000, report_delay=(0.05, 0.1)))
    await sb.start()
    try:
        assert await send(sb, numbers(20), "9") == "100"
        await eventually(lambda: len(sb.state.reports) == 20)
        assert all(r.msgid == "9" for r in sb.state.reports)
        assert sb.state.pushes and all(p.url is None and p.attempts == 0 for p in sb.state.pushes)
    finally:
        await sb.stop()


async def outcomes(seed: int) -> tuple[list, list]:
    sb = Sandbox(SandboxConfig(rate=1000, seed=seed, report_delay=(0.05, 0.1)))
    await sb.start()
    try:
        assert await send(sb, numbers(300), "1") == "100"
        assert await send(sb, numbers(300, 300), "2") == "100"
        await eventually(lambda: len(sb.state.reports) == 600 and sb.state.pending == 0)
        reports = sorted((r.msgid, r.mobile, r.status_code) for r in sb.state.reports)
        replies = sorted((r.msgid, r.mobile, r.content) for r in sb.state.replies)
        return reports, replies
    finally:
        await sb.stop()


async def test_same_seed_same_outcomes():
    first, second, other = await outcomes(42), await outcomes(42), await outcomes(43)
    assert first == second and first[1]          # replies too, and there are some
    assert first[0] != other[0]


def test_push_xml_matches_the_samples_form():
    body = build_status_push([StatusReport("1461822936915", "15766208001", False, "UNDELIV", "0", "u")])
    sample = ElementTree.parse(SAMPLES / "status_push.xml").getroot()
    built = ElementTree.fromstring(body)
    assert [c.tag for c in built] == [c.tag for c in sample]
    assert [c.tag for c in built.find("list")[0]] == [c.tag for c in sample.find("list")[0]]
    assert body.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    reply = build_reply_push([Reply("1", "15766228295", "a]]>b<&", "0", "u")])
    root = ElementTree.fromstring(reply)
    assert root.findtext("type") == "2" and root.find("list")[0].findtext("content") == "a]]>b<&"
    mo = ElementTree.parse(SAMPLES / "mo_push.xml").getroot()
    assert [c.tag for c in root.find("list")[0]] == [c.tag for c in mo.find("list")[0]]
