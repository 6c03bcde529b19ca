"""Voice on the sandbox over real loopback sockets: upload, sendvoice/sendvote/sendvoicecall."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import aiohttp
import pytest

from jianmi_desktop.sandbox import Sandbox, SandboxConfig
from jianmi_desktop.sandbox.testing import Collector, clientapi_auth, encode_form, eventually, post_form, sdk_auth

CHINA = timezone(timedelta(hours=8))
MP3_ID3 = b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x64" + b"\x00" * 400
MP3_SYNC = b"\xff\xfb\x90\x64" + b"\x00" * 400


@pytest.fixture
async def collector():
    c = Collector()
    await c.start()
    yield c
    await c.stop()


@pytest.fixture
async def sandbox(collector):
    sb = Sandbox(SandboxConfig(rate=1000, report_delay=(0.05, 0.1), push_backoff=0.05))
    await sb.start()
    async with aiohttp.ClientSession() as session:
        status, text = await post_form(session, sb.clientapi_url,
                                       {**clientapi_auth("setStatusUrl"), "statusUrl": collector.url + "/status"})
        assert json.loads(text) == {"result": "100"}
    yield sb
    await sb.stop()


@pytest.fixture
async def http():
    async with aiohttp.ClientSession() as session:
        yield session


async def upload_multipart(http, sb, data: bytes, name="hello.mp3", **extra) -> str:
    form = aiohttp.FormData()
    for key, value in {**sdk_auth(), "cmd": "uploadvoicefile", **extra}.items():
        form.add_field(key, value)
    form.add_field("file", data, filename=name, content_type="audio/mpeg")
    async with http.post(sb.sdk_url, data=form) as resp:
        assert resp.status == 200
        return await resp.text()


async def sdk(http, sb, **params) -> str:
    status, text = await post_form(http, sb.sdk_url, {**sdk_auth(), **params})
    assert status == 200
    return text


async def test_upload_multipart_and_raw(http, sandbox):
    answer = await upload_multipart(http, sandbox, MP3_ID3)
    assert answer.startswith("100#")
    serial = answer.split("#", 1)[1]
    assert sandbox.state.voice_files[serial].size == len(MP3_ID3)
    assert sandbox.state.voice_files[serial].name == "hello.mp3"
    query = encode_form({**sdk_auth(), "cmd": "uploadvoicefile"})
    async with http.post(f"{sandbox.sdk_url}?{query}", data=MP3_SYNC, headers={"Content-Type": "audio/mpeg"}) as resp:
        raw = await resp.text()
    assert raw.startswith("100#") and raw != answer
    assert len(sandbox.state.voice_files) == 2


async def test_upload_refusals(http, sandbox):
    assert await upload_multipart(http, sandbox, b"RIFF\x00\x00\x00\x00WAVEfmt ") == "101"
    assert await upload_multipart(http, sandbox, b"\xff\x00" + b"\x00" * 100) == "101"
    big = MP3_ID3 + b"\x00" * (5 * 1024 * 1024 + 1 - len(MP3_ID3))
    assert await upload_multipart(http, sandbox, big) == "101"
    exact = big[:-1]
    assert (await upload_multipart(http, sandbox, exact)).startswith("100#")
    assert await sdk(http, sandbox, cmd="uploadvoicefile") == "107"
    wrong = aiohttp.FormData()
    for key, value in {**sdk_auth(password="bad"), "cmd": "uploadvoicefile"}.items():
        wrong.add_field(key, value)
    wrong.add_field("file", MP3_ID3, filename="a.mp3", content_type="audio/mpeg")
    async with http.post(sandbox.sdk_url, data=wrong) as resp:
        assert await resp.text() == "102"
    assert len(sandbox.state.voice_files) == 1


async def test_sendvoice_text_and_file_and_status_calls(http, sandbox, collector):
    serial = (await upload_multipart(http, sandbox, MP3_ID3)).split("#", 1)[1]
    assert await sdk(http, sandbox, cmd="sendvoice", mobiles="13812345678", msgid="501", msg="您的验证码是1234") == "100"
    assert await sdk(http, sandbox, cmd="sendvoice", mobiles="13912345678,15012345678", msgid="502",
                     filename=serial) == "100"
    assert sandbox.state.balance.sent == 3
    await collector.wait_for(lambda: len(collector.status_calls) == 3)
    assert sorted((c["taskid"], c["mobile"]) for c in collector.status_calls) == [
        ("501", "13812345678"), ("502", "13912345678"), ("502", "15012345678")]
    assert sandbox.state.submissions[1].filename == serial and sandbox.state.submissions[0].msg == "您的验证码是1234"


async def test_voice_refusals(http, sandbox):
    base = {"cmd": "sendvoice", "mobiles": "13812345678", "msgid": "1"}
    assert await sdk(http, sandbox, **base) == "107"                                  # neither msg nor file
    assert await sdk(http, sandbox, **base, msg="文字", filename="123") == "107"      # both
    assert await sdk(http, sandbox, **base, filename="no-such-serial") == "101"
    assert await sdk(http, sandbox, **{**base, "mobiles": "138"}, msg="文字") == "103"
    assert await sdk(http, sandbox, **base, msg="字" * 2001) == "101"
    assert await sdk(http, sandbox, **base, msg="网上赌博") == "104"
    assert await sdk(http, sandbox, **base, msg="文字", senddate="2030-01-01") == "107"      # no time
    assert await sdk(http, sandbox, **base, msg="文字", senddate="2030/01/01", sendtime="10:00:00") == "107"
    assert await sdk(http, sandbox, **base, msg="文字", senddate="2030-01-01", sendtime="25:00") == "107"
    assert sandbox.state.balance.sent == 0 and sandbox.state.submissions == []


@pytest.mark.parametrize("option", [
    {"daycheck": "3"}, {"timecheck": "2"}, {"speed": "0"}, {"speed": "1201"}, {"callType": "x"},
    {"batchnum": "abc"}, {"daycheck": "-1"},
])
async def test_sendvoicecall_options_out_of_range(http, sandbox, option):
    params = {"cmd": "sendvoicecall", "mobiles": "13812345678", "msgid": "9", "msg": "您好", **option}
    assert await sdk(http, sandbox, **params) == "107"


async def test_sendvoicecall_ok_and_units(http, sandbox, collector):
    params = {"cmd": "sendvoicecall", "mobiles": "13812345678,13912345678", "msgid": "10", "msg": "字" * 181,
              "daycheck": "2", "timecheck": "0", "speed": "1200", "callType": "1", "batchnum": "20240101"}
    assert await sdk(http, sandbox, **params) == "100"
    assert sandbox.state.balance.sent == 4                      # 181 characters: 2 units a number
    sub = sandbox.state.submissions[0]
    assert sub.params["speed"] == "1200" and sub.params["batchnum"] == "20240101"
    await collector.wait_for(lambda: len(collector.status_calls) == 2)


async def test_scheduled_sendvote_fires_and_past_is_at_once(http, sandbox, collector):
    at = datetime.now(CHINA) + timedelta(seconds=2)
    assert await sdk(http, sandbox, cmd="sendvote", mobiles="13812345678", msgid="700", msg="提醒",
                     senddate=at.strftime("%Y-%m-%d"), sendtime=at.strftime("%H:%M:%S")) == "100"
    assert len(sandbox.state.jobs) == 1
    past = datetime.now(CHINA) - timedelta(minutes=5)
    assert await sdk(http, sandbox, cmd="sendvoice", mobiles="13912345678", msgid="701", msg="提醒",
                     senddate=past.strftime("%Y-%m-%d"), sendtime=past.strftime("%H:%M")) == "100"
    assert len(sandbox.state.jobs) == 1
    await collector.wait_for(lambda: len(collector.status_calls) == 1)
    assert collector.status_calls[0]["taskid"] == "701"
    await collector.wait_for(lambda: len(collector.status_calls) == 2, timeout=6)
    assert collector.status_calls[1]["taskid"] == "700"
    assert sandbox.state.jobs == {}


async def test_status_calls_kept_without_status_url(http):
    sb = Sandbox(SandboxConfig(rate=1000, report_delay=(0.05, 0.1)))
    await sb.start()
    try:
        async with aiohttp.ClientSession() as session:
            assert await sdk(session, sb, cmd="sendvoice", mobiles="13812345678", msgid="5", msg="你好") == "100"
        await eventually(lambda: len(sb.state.status_calls) == 1)
        record = sb.state.status_calls[0]
        assert record.url is None and record.call.taskid == "5" and record.call.status in (2, 3)
    finally:
        await sb.stop()
