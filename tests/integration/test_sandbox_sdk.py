"""The sandbox's SDK endpoint over real loopback sockets: codes, encodings, billing, rate."""

from __future__ import annotations

import asyncio
import math
from urllib.parse import quote

import aiohttp
import pytest

from jianmi_desktop.sandbox import Sandbox, SandboxConfig
from jianmi_desktop.sandbox.testing import get_form, md5_hex, post_form, sdk_auth

SIG = "【茧米测试】"


@pytest.fixture
async def sandbox():
    sb = Sandbox(SandboxConfig(rate=1000, report_delay=(0.05, 0.1)))
    await sb.start()
    yield sb
    await sb.stop()


@pytest.fixture
async def http():
    async with aiohttp.ClientSession() as session:
        yield session


async def sdk(http, sb, method="POST", encoding="gbk", **params) -> str:
    send = post_form if method == "POST" else get_form
    status, text = await send(http, sb.sdk_url, {**sdk_auth(), **params}, encoding)
    assert status == 200
    return text


async def test_binds_loopback_and_serves_both_methods(http, sandbox):
    assert sandbox.url.startswith("http://127.0.0.1:")
    assert await sdk(http, sandbox, cmd="getnum") == "100#0#100000"
    assert await sdk(http, sandbox, "GET", cmd="getnum") == "100#0#100000"
    assert sandbox.state.counts[100] == 2


async def test_auth_and_missing_parameters(http, sandbox):
    status, text = await post_form(http, sandbox.sdk_url, {"uid": "demo", "psw": md5_hex("wrong"), "cmd": "getnum"})
    assert text == "102"
    status, text = await post_form(http, sandbox.sdk_url, {"uid": "other", "psw": md5_hex("demo1234"), "cmd": "getnum"})
    assert text == "102"
    upper = {"uid": "demo", "psw": md5_hex("demo1234").upper(), "cmd": "getnum"}
    assert (await post_form(http, sandbox.sdk_url, upper))[1].startswith("100#")
    assert (await post_form(http, sandbox.sdk_url, {"uid": "demo", "cmd": "getnum"}))[1] == "107"
    assert await sdk(http, sandbox, cmd="nosuchcmd") == "107"
    assert await sdk(http, sandbox) == "107"
    assert await sdk(http, sandbox, cmd="addContent") == "107"   # a ClientApi command on the SDK
    assert await sdk(http, sandbox, cmd="send", mobiles="13812345678", msgid="1") == "107"  # no msg
    assert sandbox.state.counts[102] == 2 and sandbox.state.counts[107] == 5


async def test_send_gbk_and_gb2312_bytes_get_and_post(http, sandbox):
    msg = SIG + "您好，明天上午九点开会"
    assert await sdk(http, sandbox, cmd="send", mobiles="13812345678", msgid="11", msg=msg) == "100"
    assert await sdk(http, sandbox, "GET", "gb2312", cmd="send", mobiles="13912345678", msgid="12", msg=msg) == "100"
    first, second = sandbox.state.submissions
    assert first.msg == msg and second.msg == msg
    assert first.mobiles == ["13812345678"] and second.msgid == "12"
    assert first.cmd == "send" and first.time > 0 and "psw" not in first.params


async def test_bytes_that_are_not_gbk_get_104(http, sandbox):
    auth = sdk_auth()
    body = (f"uid={auth['uid']}&psw={auth['psw']}&cmd=send&mobiles=13812345678&msgid=1&msg="
            + quote("【签名】".encode("gbk")) + "%FF%FF").encode("ascii")
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    async with http.post(sandbox.sdk_url, data=body, headers=headers) as resp:
        assert await resp.text() == "104"
    # the same on GET, in the query string
    async with http.get(sandbox.sdk_url + "?" + body.decode("ascii")) as resp:
        assert await resp.text() == "104"
    assert sandbox.state.submissions == [] and sandbox.state.counts[104] == 2


async def test_send_checks(http, sandbox):
    good = SIG + "通知"
    assert await sdk(http, sandbox, cmd="send", mobiles="12812345678", msgid="1", msg=good) == "103"
    assert await sdk(http, sandbox, cmd="send", mobiles="13812345678,1381234567", msgid="1", msg=good) == "103"
    assert await sdk(http, sandbox, cmd="send", mobiles="13812345678,", msgid="1", msg=good) == "103"
    many = ",".join(f"138{i:08d}" for i in range(501))
    assert await sdk(http, sandbox, cmd="send", mobiles=many, msgid="1", msg=good) == "101"
    assert await sdk(http, sandbox, cmd="send", mobiles="13812345678", msgid="1", msg="没有签名的短信") == "104"
    assert await sdk(http, sandbox, cmd="send", mobiles="13812345678", msgid="1", msg=SIG + "代开发票") == "104"
    assert await sdk(http, sandbox, cmd="send", mobiles="13812345678", msgid="1", msg=SIG + "x" * 2000) == "101"
    assert await sdk(http, sandbox, cmd="send", mobiles="13812345678", msgid="abc", msg=good) == "107"
    assert await sdk(http, sandbox, cmd="send", mobiles="13812345678", msgid="1", subid="1234", msg=good) == "107"
    assert sandbox.state.submissions == [] and sandbox.state.balance.sent == 0
    # signature at the end, empty msgid, subid: all fine
    assert await sdk(http, sandbox, cmd="send", mobiles="13812345678", msgid="", subid="12", msg="通知" + SIG) == "100"
    assert sandbox.state.submissions[0].msgid == ""
    assert sandbox.state.submissions[0].params == {"subid": "12"}


async def test_billing_units_and_106(http):
    sb = Sandbox(SandboxConfig(rate=1000, initial_balance=10, report_delay=(0.05, 0.1)))
    await sb.start()
    try:
        async with aiohttp.ClientSession() as session:
            seventy = SIG + "字" * (70 - len(SIG))
            assert len(seventy) == 70
            assert await sdk(session, sb, cmd="send", mobiles="13812345678,13912345678", msgid="1", msg=seventy) == "100"
            assert await sdk(session, sb, cmd="getnum") == "100#2#8"
            long = seventy + "字"                          # 71 characters: ⌈71/67⌉ = 2 units
            assert await sdk(session, sb, cmd="send", mobiles="13812345678", msgid="2", msg=long) == "100"
            assert await sdk(session, sb, cmd="getnum") == "100#4#6"
            text = SIG + "字" * (300 - len(SIG))           # 300 characters: 5 units a number
            assert math.ceil(300 / 67) == 5
            two = "13812345678,13912345678"
            assert await sdk(session, sb, cmd="send", mobiles=two, msgid="3", msg=text) == "106"
            assert await sdk(session, sb, cmd="getnum") == "100#4#6"      # nothing sent
            assert await sdk(session, sb, cmd="send", mobiles="13812345678", msgid="4", msg=text) == "100"
            assert await sdk(session, sb, cmd="getnum") == "100#9#1"
            assert sb.state.balance.remaining == 1 and sb.state.counts[106] == 1
            assert [s.units for s in sb.state.submissions] == [2, 2, 5]
    finally:
        await sb.stop()


async def test_modifpsw(http, sandbox):
    assert await sdk(http, sandbox, cmd="modifpsw") == "107"
    assert await sdk(http, sandbox, cmd="modifpsw", newpsw="a1b2") == "101"
    assert await sdk(http, sandbox, cmd="modifpsw", newpsw="a1" * 17) == "101"
    assert await sdk(http, sandbox, cmd="modifpsw", newpsw="12345678") == "108"
    assert await sdk(http, sandbox, cmd="modifpsw", newpsw="abcdefgh") == "108"
    assert await sdk(http, sandbox, cmd="modifpsw", newpsw="aaaaaaaa") == "108"
    assert sandbox.state.counts[108] == 3
    assert await sdk(http, sandbox, cmd="modifpsw", newpsw="new2pass") == "100"
    assert await sdk(http, sandbox, cmd="getnum") == "102"           # the old md5 stops working
    status, text = await post_form(http, sandbox.sdk_url, {**sdk_auth(password="new2pass"), "cmd": "getnum"})
    assert text.startswith("100#")


async def test_rate_limit_sliding_window(http):
    sb = Sandbox(SandboxConfig())
    await sb.start()
    try:
        answers = [await sdk(http, sb, cmd="getnum") for _ in range(11)]
        assert answers[:10] == ["100#0#100000"] * 10 and answers[10] == "105"
        assert sb.state.counts[105] == 1
        await asyncio.sleep(1.05)
        # A sliding window, not a bucket: 5 now, 5 more 0.6 s later, then the 11th is refused...
        answers = [await sdk(http, sb, cmd="getnum") for _ in range(5)]
        await asyncio.sleep(0.6)
        answers += [await sdk(http, sb, cmd="getnum") for _ in range(5)]
        assert all(a.startswith("100#") for a in answers)
        assert await sdk(http, sb, cmd="getnum") == "105"
        # ...until the first five are a second old; then exactly five more fit.
        await asyncio.sleep(0.5)
        answers = [await sdk(http, sb, cmd="getnum") for _ in range(6)]
        assert [a.startswith("100#") for a in answers] == [True] * 5 + [False]
        assert answers[5] == "105" and sb.state.counts[105] == 3
        # A 105 was not carried out: a send refused for speed debits nothing.
        assert await sdk(http, sb, cmd="send", mobiles="13812345678", msgid="1", msg=SIG + "x") == "105"
        assert sb.state.submissions == [] and sb.state.balance.sent == 0
    finally:
        await sb.stop()


async def test_rate_counts_all_commands_per_account(http):
    sb = Sandbox(SandboxConfig())
    await sb.start()
    try:
        answers = [await sdk(http, sb, cmd="getnum") for _ in range(5)]
        answers += [await sdk(http, sb, cmd="modifpsw", newpsw="123") for _ in range(5)]
        assert answers.count("105") == 0
        assert await sdk(http, sb, cmd="send", mobiles="13812345678", msgid="1", msg=SIG + "x") == "105"
        # another account has its own window (it fails authentication, but is not too fast)
        status, text = await post_form(http, sb.sdk_url, {**sdk_auth(uid="someone"), "cmd": "getnum"})
        assert text == "102"
    finally:
        await sb.stop()


async def test_latency_delays_answers(http):
    sb = Sandbox(SandboxConfig(latency_ms=300))
    await sb.start()
    try:
        loop = asyncio.get_running_loop()
        started = loop.time()
        assert await sdk(http, sb, cmd="getnum") == "100#0#100000"
        assert loop.time() - started >= 0.29
    finally:
        await sb.stop()


async def test_long_get_is_served(http, sandbox):
    mobiles = ",".join(f"138{i:08d}" for i in range(500))
    msg = SIG + "长" * 1990
    assert await sdk(http, sandbox, "GET", cmd="send", mobiles=mobiles, msgid="5", msg=msg) == "100"
    assert len(sandbox.state.submissions[0].mobiles) == 500 and sandbox.state.submissions[0].msg == msg
