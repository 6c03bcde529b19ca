"""The sandbox's ClientApi endpoint (JSON) and sendIntlSms over real loopback sockets."""

from __future__ import annotations

import asyncio
import base64
import io
import json
import re
import time
from datetime import UTC, datetime, timedelta, timezone
from urllib.parse import quote
from xml.etree import ElementTree

import aiohttp
import pytest
from PIL import Image

from jianmi_desktop.sandbox import Sandbox, SandboxConfig
from jianmi_desktop.sandbox.rules import units_intl
from jianmi_desktop.sandbox.testing import Collector, clientapi_auth, eventually, md5_hex, post_form, sdk_auth
from tests.support.paths import SAMPLES  # noqa: E402

CHINA = timezone(timedelta(hours=8))


@pytest.fixture
async def collector():
    c = Collector()
    await c.start()
    yield c
    await c.stop()


@pytest.fixture
async def sandbox(collector):
    sb = Sandbox(SandboxConfig(rate=1000, report_delay=(0.05, 0.1), push_url=collector.url + "/push",
                               push_backoff=0.05))
    await sb.start()
    yield sb
    await sb.stop()


@pytest.fixture
async def http():
    async with aiohttp.ClientSession() as session:
        yield session


async def api(http, sb, cmd, **params) -> dict:
    status, text = await post_form(http, sb.clientapi_url, {**clientapi_auth(cmd), **params})
    assert status == 200
    return json.loads(text)


def image(kind: str, size=(8, 8)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, {"jpg": "JPEG", "gif": "GIF", "png": "PNG"}[kind])
    return out.getvalue()


def frame(img: bytes | None = None, kind: str = "jpg", text: str | None = None, seconds: int = 3) -> str:
    parts = [f"<playtimes>{seconds}</playtimes>"]
    if img is not None:
        parts.append(f'<img type="{kind}">{quote(base64.b64encode(img).decode("ascii"), safe="")}</img>')
    if text is not None:
        parts.append(f"<text><![CDATA[{text}]]></text>")
    return "<frame>" + "".join(parts) + "</frame>"


def content(*frames: str, title: str = "标题") -> str:
    return f"<mms><title>{title}</title><body>{''.join(frames)}</body></mms>"


# --- signature and timestamp ---------------------------------------------------------


async def test_key_and_timestamp(http, sandbox):
    url = "http://127.0.0.1:9/status"
    assert await api(http, sandbox, "setStatusUrl", statusUrl=url) == {"result": "100"}
    assert sandbox.state.status_url == url
    wrong_key = {**clientapi_auth("setStatusUrl"), "key": "0" * 32, "statusUrl": url}
    assert json.loads((await post_form(http, sandbox.clientapi_url, wrong_key))[1]) == {"result": "102"}
    for minutes in (-11, 11):
        stale = clientapi_auth("setStatusUrl", now=datetime.now(CHINA) + timedelta(minutes=minutes))
        assert json.loads((await post_form(http, sandbox.clientapi_url, {**stale, "statusUrl": url}))[1]) == {"result": "102"}
    nine = clientapi_auth("setStatusUrl", now=datetime.now(CHINA) - timedelta(minutes=9))
    assert json.loads((await post_form(http, sandbox.clientapi_url, {**nine, "statusUrl": url}))[1]) == {"result": "100"}
    # the timestamp is China time whatever the machine's zone: a UTC wall-clock stamp is 8 h off
    utc_stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
    utc = {**clientapi_auth("setStatusUrl"), "timestamp": utc_stamp,
           "key": md5_hex("setStatusUrl" + utc_stamp + "demo-api-key"), "statusUrl": url}
    assert json.loads((await post_form(http, sandbox.clientapi_url, utc))[1]) == {"result": "102"}
    bad_password = clientapi_auth("setStatusUrl", password="nope")
    assert json.loads((await post_form(http, sandbox.clientapi_url, {**bad_password, "statusUrl": url}))[1]) == {"result": "102"}
    no_key = {k: v for k, v in clientapi_auth("setStatusUrl").items() if k != "key"}
    assert json.loads((await post_form(http, sandbox.clientapi_url, {**no_key, "statusUrl": url}))[1]) == {"result": "107"}
    assert await api(http, sandbox, "getnum") == {"result": "107"}     # an SDK command on ClientApi
    assert await api(http, sandbox, "setStatusUrl") == {"result": "107"}
    assert await api(http, sandbox, "setStatusUrl", statusUrl="http://x/" + "a" * 500) == {"result": "101"}
    assert await api(http, sandbox, "setStatusUrl", statusUrl="ftp://example/x") == {"result": "101"}
    assert sandbox.state.counts[102] == 5


# --- addContent ------------------------------------------------------------------------


async def test_add_content_accepts_real_images_and_text(http, sandbox):
    doc = content(frame(image("jpg"), "jpg", "第一帧"), frame(image("gif"), "gif"), frame(image("png"), "png", seconds=5),
                  frame(text="只有文字"))
    answer = await api(http, sandbox, "addContent", content=doc)
    assert answer["result"] == "100" and re.fullmatch(r"[0-9]{18}", answer["taskId"])
    task = sandbox.state.mms_tasks[answer["taskId"]]
    assert task.title == "标题"
    assert [(f.image_type, f.text, f.seconds) for f in task.frames] == [
        ("jpg", "第一帧", 3), ("gif", None, 3), ("png", None, 5), (None, "只有文字", 3)]
    second = await api(http, sandbox, "addContent", content=doc)
    assert second["taskId"] != answer["taskId"]


async def test_add_content_image_limit_is_81920_bytes(http, sandbox):
    png = image("png")
    exact = png + b"\0" * (81_920 - len(png))
    assert (await api(http, sandbox, "addContent", content=content(frame(exact, "png"))))["result"] == "100"
    over = exact + b"\0"
    assert await api(http, sandbox, "addContent", content=content(frame(over, "png"))) == {"result": "101"}


@pytest.mark.parametrize("doc", [
    content(frame()),                                                     # neither image nor text
    content(frame(image("png"), "jpg", "文字")),                          # type does not match the bytes
    content(frame(image("gif"), "png")),
    content(frame(b"plain bytes, no image", "jpg", "文字")),
    content(frame(image("jpg"), "bmp", "文字")),                          # not jpg/gif/png
    "<mms><title>t</title><body><frame><text>未闭合</body></mms>",         # not well-formed
    "<mms><title>t</title><body></body></mms>",                            # no frame
    "<other><body>" + frame(text="x") + "</body></other>",                # wrong root
    '<?xml version="1.0"?><!DOCTYPE mms [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
    "<mms><title>&b;</title><body>" + frame(text="x") + "</body></mms>",  # DTD and entities
    content(frame(text="x", seconds=0)),
    '<mms><title>t</title><body><frame><img type="jpg">@@@@</img></frame></body></mms>',  # not base64
])
async def test_add_content_refusals(http, sandbox, doc):
    assert await api(http, sandbox, "addContent", content=doc) == {"result": "101"}
    assert sandbox.state.mms_tasks == {}


async def test_add_content_sample_placeholders_and_missing_content(http, sandbox):
    sample = (SAMPLES / "mms_content.xml").read_text(encoding="utf-8")
    assert await api(http, sandbox, "addContent", content=sample) == {"result": "101"}  # placeholders are not images
    assert await api(http, sandbox, "addContent") == {"result": "107"}
    assert await api(http, sandbox, "addContent", content=content(frame(text="免费领取大奖"))) == {"result": "104"}


# --- mmsSend and status calls ---------------------------------------------------------


async def test_mms_send_and_status_calls(http, sandbox, collector):
    assert await api(http, sandbox, "setStatusUrl", statusUrl=collector.url + "/status?token=abc&x=1") == {"result": "100"}
    task = (await api(http, sandbox, "addContent", content=content(frame(image("jpg"), "jpg", "你好"))))["taskId"]
    assert await api(http, sandbox, "mmsSend", mobiles="13812345678", taskId="999") == {"result": "101"}
    assert await api(http, sandbox, "mmsSend", mobiles="1381234567", taskId=task) == {"result": "103"}
    assert await api(http, sandbox, "mmsSend", mobiles="13812345678") == {"result": "107"}
    assert sandbox.state.balance.sent == 0
    mobiles = ["13812345678", "13912345678", "15012345678"]
    assert await api(http, sandbox, "mmsSend", mobiles=",".join(mobiles), taskId=task) == {"result": "100"}
    assert sandbox.state.balance.sent == 3
    sub = sandbox.state.submissions[-1]
    assert sub.cmd == "mmsSend" and sub.task_id == task and sub.mobiles == mobiles
    await collector.wait_for(lambda: len(collector.status_calls) == 3)
    assert sorted(c["mobile"] for c in collector.status_calls) == sorted(mobiles)
    for call in collector.status_calls:
        assert call["taskid"] == task and call["status"] in ("2", "3")
        assert call["token"] == "abc" and call["x"] == "1"
        assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", call["receiveTime"])
    assert "receiveTime=" in collector.status_urls[0] and "%20" in collector.status_urls[0]
    await eventually(lambda: all(r.acked for r in sandbox.state.status_calls))


async def test_status_calls_are_retried(http, sandbox, collector):
    collector.status_answers = [500, 503]
    assert await api(http, sandbox, "setStatusUrl", statusUrl=collector.url + "/status") == {"result": "100"}
    task = (await api(http, sandbox, "addContent", content=content(frame(text="文字"))))["taskId"]
    assert await api(http, sandbox, "mmsSend", mobiles="13812345678", taskId=task) == {"result": "100"}
    await collector.wait_for(lambda: len(collector.status_calls) == 3)
    await eventually(lambda: sandbox.state.status_calls and sandbox.state.status_calls[0].acked)
    assert sandbox.state.status_calls[0].attempts == 3


# --- sendIntlSms ---------------------------------------------------------------------------


async def intl(http, sb, **params) -> str:
    status, text = await post_form(http, sb.intl_url, {**sdk_auth(), "cmd": "sendIntlSms", **params})
    assert status == 200
    return text


async def test_send_intl_checks_and_units(http, sandbox):
    assert await intl(http, sandbox, mobiles="85291234567", msgid="1", msg="【Jianmi】Hello") == "100"
    assert sandbox.state.balance.sent == 1
    assert await intl(http, sandbox, mobiles="+85291234567", msgid="2", msg="【Jianmi】Hello") == "103"
    assert await intl(http, sandbox, mobiles="123456", msgid="2", msg="【Jianmi】Hello") == "103"
    assert await intl(http, sandbox, mobiles="0085291234567", msgid="2", msg="【Jianmi】Hello") == "103"
    assert await intl(http, sandbox, mobiles="85291234567", msgid="2", msg="Hello [x]") == "104"
    assert await intl(http, sandbox, mobiles="85291234567", msgid="2", msg="【J】" + "a" * 1000) == "101"
    assert await intl(http, sandbox, mobiles="85291234567", msgid="2", msg="【J】hi", sendtime="tomorrow") == "107"
    assert await intl(http, sandbox, mobiles="85291234567", msgid="2") == "107"
    assert await intl(http, sandbox, mobiles="85291234567", msgid="2", msg="【J】赌博") == "104"
    # 【】 are not GSM-7, so a signed text is billed 70 / 67: 161 characters are 3 units
    assert await intl(http, sandbox, mobiles="85291234567", msgid="3", msg="【J】" + "a" * 158) == "100"
    assert sandbox.state.submissions[-1].units == 3
    assert sandbox.state.submissions[0].cmd == "sendIntlSms"
    assert sandbox.state.counts[103] == 3


def test_intl_gsm_units():
    assert units_intl("a" * 160) == 1 and units_intl("a" * 161) == 2 and units_intl("a" * 306) == 2
    assert units_intl("a" * 307) == 3 and units_intl("{" * 80) == 1 and units_intl("{" * 81) == 2
    assert units_intl("é" * 70) == 1 and units_intl("中" * 71) == 2


async def test_intl_reports_and_scheduled_send(http, sandbox, collector):
    # whole seconds: due 2–3 s from now; "not yet" is looked at right away, well before that
    at = (datetime.now(CHINA) + timedelta(seconds=3)).strftime("%Y-%m-%d %H:%M:%S")
    assert await intl(http, sandbox, mobiles="85291234567,447911123456", msgid="77", msg="【J】hi", sendtime=at) == "100"
    assert len(sandbox.state.jobs) == 1 and sandbox.state.balance.sent == 2   # billed when accepted
    await asyncio.sleep(0.2)
    assert sandbox.state.reports == [] and len(sandbox.state.jobs) == 1      # not yet
    await eventually(lambda: len(sandbox.state.reports) == 2, timeout=8)
    assert sandbox.state.jobs == {}
    due = sandbox.state.submissions[0].due
    assert due is not None and time.time() >= due
    await collector.wait_for(lambda: collector.pushes)
    root = ElementTree.fromstring(collector.pushes[0])
    assert root.findtext("type") == "1"
    assert {f.findtext("msgId") for f in root.iter("pushStatusForm")} == {"77"}
    # a past sendtime goes out at once
    past = (datetime.now(CHINA) - timedelta(hours=1)).strftime("%Y-%m-%d %H:%M:%S")
    assert await intl(http, sandbox, mobiles="85291234567", msgid="78", msg="【J】hi", sendtime=past) == "100"
    assert sandbox.state.jobs == {}
    await eventually(lambda: len(sandbox.state.reports) == 3)
