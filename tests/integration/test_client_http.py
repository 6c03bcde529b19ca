"""JianmiClient over real loopback sockets against a tiny scripted aiohttp server.

The server records every arrival (loop time, method, path, query, headers, body) and
answers from a script; it also enforces the platform's sliding-second rule on its own
(a request arriving less than 1 s after the 10th-last accepted one gets ``105``).
"""

from __future__ import annotations

import asyncio
import bisect
import json
import logging
import socket
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from urllib.parse import unquote_to_bytes

import pytest
from aiohttp import web

from jianmi_desktop.client import Account, Endpoints, Exchange, JianmiClient
from jianmi_desktop.limiter import SlidingWindowLimiter
from jianmi_desktop.platform import sdk
from jianmi_desktop.platform.auth import md5_hex
from jianmi_desktop.platform.errors import (
    AnswerFormatError,
    CheckFailed,
    NotSent,
    PlatformRefusal,
    Uncertain,
)
from jianmi_desktop.platform.form import decode_form

PASSWORD = "s3cret-Pa55"
PASSWORD_MD5 = md5_hex(PASSWORD)
APIKEY = "apikey-7f3a9c1e5b"
UID = "demo"
MP3 = b"ID3\x03\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x64" + bytes(400)


def max_in_window(times: list[float], window: float) -> int:
    times = sorted(times)
    return max((bisect.bisect_left(times, t + window) - i for i, t in enumerate(times)), default=0)


# ------------------------------------------------------------------------ the server

Action = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass
class Seen:
    at: float
    method: str
    path: str
    query: str
    headers: dict[str, str]
    body: bytes
    form: dict[str, str] = field(default_factory=dict)
    file: tuple[str, bytes, str] | None = None


def text(body: str, status: int = 200, content_type: str = "text/plain") -> Action:
    async def act(request: web.Request) -> web.StreamResponse:
        return web.Response(text=body, status=status, content_type=content_type)

    return act


def delayed(seconds: float, then: Action) -> Action:
    async def act(request: web.Request) -> web.StreamResponse:
        await asyncio.sleep(seconds)
        return await then(request)

    return act


def drop() -> Action:
    """Carry the request out, then close the connection without answering."""

    async def act(request: web.Request) -> web.StreamResponse:
        assert request.transport is not None
        request.transport.close()
        raise asyncio.CancelledError  # nothing more to write on this connection

    return act


class ScriptServer:
    def __init__(self, latency: float = 0.0) -> None:
        self.seen: list[Seen] = []
        self.script: list[Action] = []      # used first, one per request
        self.default: Action | None = None  # then this (else the built-in answers)
        self.latency = latency
        self.enforce_rate = True
        self.accepted: list[float] = []
        self.rate_refusals = 0
        self.runner: web.AppRunner | None = None
        self.url = ""

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self.handle)
        self.runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.2)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        host, port = self.runner.addresses[0][:2]
        self.url = f"http://{host}:{port}"

    async def stop(self) -> None:
        if self.runner is not None:
            await self.runner.cleanup()

    @property
    def endpoints(self) -> Endpoints:
        return Endpoints(sdk=f"{self.url}/sdk/SMS", clientapi=f"{self.url}/ClientApi",
                         intl=f"{self.url}/intl/ClientApi")

    async def handle(self, request: web.Request) -> web.StreamResponse:
        at = asyncio.get_running_loop().time()
        seen = Seen(at, request.method, request.path, request.query_string, dict(request.headers), b"")
        self.seen.append(seen)
        if request.content_type == "multipart/form-data":
            reader = await request.multipart()
            while (part := await reader.next()) is not None:
                data = await part.read()
                if part.filename is not None:
                    seen.file = (part.name, data, part.headers.get("Content-Type", ""))
                    seen.form[f"filename:{part.name}"] = part.filename
                else:
                    seen.form[part.name] = data.decode("gbk")
        else:
            seen.body = await request.read()
            seen.form = decode_form(seen.body, "gbk")
        if self.enforce_rate:
            if len(self.accepted) >= 10 and at - self.accepted[-10] < 1.0:
                self.rate_refusals += 1
                return await self._rate_refusal(request)
            self.accepted.append(at)
        if self.latency:
            await asyncio.sleep(self.latency)
        if self.script:
            return await self.script.pop(0)(request)
        if self.default is not None:
            return await self.default(request)
        return await self.builtin(request, seen)

    async def _rate_refusal(self, request: web.Request) -> web.StreamResponse:
        if request.path.startswith("/ClientApi"):
            return web.Response(text='{"result":"105"}', content_type="application/json")
        return web.Response(text="105")

    async def builtin(self, request: web.Request, seen: Seen) -> web.StreamResponse:
        cmd = seen.form.get("cmd", "")
        if cmd == "getnum":
            return web.Response(text="100#9#198")
        if cmd == "uploadvoicefile":
            return web.Response(text="100#V20240101A")
        if request.path.startswith("/ClientApi"):
            answer = {"result": "100"}
            if cmd == "addContent":
                answer["taskId"] = "137150924160329353"
            return web.Response(text=json.dumps(answer), content_type="application/json")
        return web.Response(text="100")


@pytest.fixture
async def server():
    srv = ScriptServer()
    await srv.start()
    yield srv
    await srv.stop()


def account() -> Account:
    return Account(UID, PASSWORD_MD5, apikey=APIKEY)


@pytest.fixture
async def client(server: ScriptServer):
    async with JianmiClient(server.endpoints, account(), backoff=0.01, timeout=5.0) as c:
        yield c


def closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --------------------------------------------------------------------- wire format


async def test_post_only_gbk_form_body_no_secret_in_url(server: ScriptServer, client: JianmiClient) -> None:
    msg = "【茧米】您的验证码是 1234，五分钟内有效。"
    answer = await client.send_sms(["13812345678", "13912345678"], msg, "1461822936915")
    assert answer.code == 100
    [seen] = server.seen
    assert seen.method == "POST"
    assert seen.path == "/sdk/SMS"
    assert seen.query == ""
    assert seen.headers["Content-Type"].lower().startswith("application/x-www-form-urlencoded")
    assert "gbk" in seen.headers["Content-Type"].lower()
    # The body is percent-encoded GBK bytes: the message decodes as GBK on the server.
    assert seen.body.isascii()
    raw_msg = next(p.split(b"=", 1)[1] for p in seen.body.split(b"&") if p.startswith(b"msg="))
    assert unquote_to_bytes(raw_msg.replace(b"+", b" ")).decode("gbk") == msg
    assert seen.form["msg"] == msg
    assert seen.form["mobiles"] == "13812345678,13912345678"
    assert seen.form["uid"] == UID and seen.form["psw"] == PASSWORD_MD5
    assert seen.form["cmd"] == "send" and seen.form["msgid"] == "1461822936915"


async def test_every_command_is_a_post_without_query(server: ScriptServer, client: JianmiClient) -> None:
    balance = await client.getnum()
    assert (balance.sent, balance.remaining) == (9, 198)
    await client.send_intl(["85291234567"], "【茧米】Hello", "2")
    await client.send_voice(["13812345678"], "3", msg="您的验证码是一二三四")
    await client.send_voice(["13812345678"], "4", filename="V1", senddate="2030-01-01", sendtime="10:33",
                            vote=True)
    await client.send_voice_call(["13812345678"], "5", msg="您好，请稍候", speed=120, batchnum="42")
    task = await client.add_content("<mms><title>标题</title><body><frame><playtimes>3</playtimes>"
                                    "<text><![CDATA[文字]]></text></frame></body></mms>")
    assert task == "137150924160329353"
    await client.mms_send(["13812345678"], task)
    await client.set_status_url("http://127.0.0.1:9/status?a=1")
    assert [s.method for s in server.seen] == ["POST"] * 8
    assert all(s.query == "" for s in server.seen)
    cmds = [s.form["cmd"] for s in server.seen]
    assert cmds == ["getnum", "sendIntlSms", "sendvoice", "sendvote", "sendvoicecall",
                    "addContent", "mmsSend", "setStatusUrl"]
    paths = [s.path for s in server.seen]
    assert paths[1] == "/intl/ClientApi" and paths[5:] == ["/ClientApi"] * 3
    capi = server.seen[5].form
    assert capi["ucuid"] == UID and capi["password"] == PASSWORD_MD5
    assert capi["key"] == md5_hex("addContent" + capi["timestamp"] + APIKEY)
    assert "文字" in capi["content"]
    vc = server.seen[4].form
    assert (vc["speed"], vc["batchnum"], vc["daycheck"], vc["timecheck"]) == ("120", "42", "0", "1")


async def test_multipart_upload_has_part_file(server: ScriptServer, client: JianmiClient) -> None:
    serial = await client.upload_voice("问候.mp3", MP3)
    assert serial == "V20240101A"
    [seen] = server.seen
    assert seen.method == "POST" and seen.query == ""
    assert seen.headers["Content-Type"].startswith("multipart/form-data")
    assert seen.file is not None
    name, data, content_type = seen.file
    assert name == "file" and data == MP3 and content_type == "audio/mpeg"
    assert seen.form["filename:file"] == "问候.mp3"
    assert seen.form["cmd"] == "uploadvoicefile" and seen.form["psw"] == PASSWORD_MD5


async def test_modifpsw_switches_the_account_to_the_new_password(server: ScriptServer,
                                                                  client: JianmiClient) -> None:
    await client.modifpsw("newPass2024")
    assert server.seen[0].form["newpsw"] == "newPass2024"
    assert server.seen[0].form["psw"] == PASSWORD_MD5
    assert client.account.password_md5 == md5_hex("newPass2024")
    await client.getnum()
    assert server.seen[1].form["psw"] == md5_hex("newPass2024")


async def test_bad_input_is_a_check_failure_and_nothing_is_sent(server: ScriptServer,
                                                                 client: JianmiClient) -> None:
    with pytest.raises(CheckFailed) as info:
        await client.send_sms(["13812345678"], "【茧米】表情😀不行", "1")
    assert "GBK" in info.value.zh and "GBK" in info.value.en
    assert server.seen == []


# --------------------------------------------------------------------------- rate


async def run_concurrently(client: JianmiClient, count: int, in_flight: int) -> None:
    gate = asyncio.Semaphore(in_flight)

    async def one() -> None:
        async with gate:
            await client.getnum()

    await asyncio.gather(*(one() for _ in range(count)))


def report_rate(server: ScriptServer, label: str) -> float:
    arrivals = sorted(s.at for s in server.seen)
    rate = (len(arrivals) - 1) / (arrivals[-1] - arrivals[0])
    print(f"{label}: {len(arrivals)} requests, {rate:.2f}/s, "
          f"max {max_in_window(arrivals, 1.0)} in any second, {server.rate_refusals} × 105")
    return rate


async def test_arrivals_never_exceed_ten_in_any_sliding_second(server: ScriptServer,
                                                                client: JianmiClient) -> None:
    await run_concurrently(client, count=60, in_flight=8)
    assert len(server.seen) == 60
    assert server.rate_refusals == 0
    assert max_in_window([s.at for s in server.seen], 1.0) <= 10
    assert report_rate(server, "no latency") >= 9.5


async def test_sustained_rate_with_300_ms_latency(server: ScriptServer, client: JianmiClient) -> None:
    server.latency = 0.3
    await run_concurrently(client, count=60, in_flight=8)
    assert len(server.seen) == 60
    assert server.rate_refusals == 0
    assert max_in_window([s.at for s in server.seen], 1.0) <= 10
    assert report_rate(server, "300 ms latency") >= 9.5


async def test_one_limiter_shared_by_two_clients_of_one_account(server: ScriptServer) -> None:
    limiter = SlidingWindowLimiter()
    async with JianmiClient(server.endpoints, account(), limiter=limiter) as a, \
            JianmiClient(server.endpoints, account(), limiter=limiter) as b:
        await asyncio.gather(run_concurrently(a, 15, 4), run_concurrently(b, 15, 4))
    assert server.rate_refusals == 0
    assert max_in_window([s.at for s in server.seen], 1.0) <= 10


# ------------------------------------------------------------------------- retries


async def test_105_then_100_is_retried_and_slows_down(server: ScriptServer, client: JianmiClient) -> None:
    server.script = [text("105"), text("100")]
    answer = await client.send_sms(["13812345678"], "【茧米】你好", "7")
    assert answer.code == 100
    assert len(server.seen) == 2
    assert server.seen[0].form == server.seen[1].form  # the same request again
    assert client.limiter.slow_downs == 1
    assert client.limiter.rate == 5


async def test_clientapi_105_json_is_retried(server: ScriptServer, client: JianmiClient) -> None:
    server.script = [text('{"result":"105"}', content_type="application/json")]
    await client.mms_send(["13812345678"], "137150924160329353")
    assert len(server.seen) == 2


@pytest.mark.parametrize("status", [500, 502, 503])
async def test_server_error_then_100_is_retried(server: ScriptServer, client: JianmiClient,
                                                status: int) -> None:
    server.script = [text("Internal Server Error", status=status), text("100")]
    answer = await client.send_sms(["13812345678"], "【茧米】你好", "8")
    assert answer.code == 100
    assert len(server.seen) == 2
    assert client.limiter.slow_downs == 0


async def test_105_forever_gives_not_sent_after_max_retries(server: ScriptServer) -> None:
    server.default = text("105")
    async with JianmiClient(server.endpoints, account(), backoff=0.01, max_retries=3) as c:
        with pytest.raises(NotSent) as info:
            await c.send_sms(["13812345678"], "【茧米】你好", "9")
    assert len(server.seen) == 4  # the first attempt and three retries
    assert "105" in info.value.zh and "105" in info.value.en
    assert "没有发出" in info.value.zh and "not sent" in info.value.en


async def test_500_forever_gives_not_sent(server: ScriptServer) -> None:
    server.default = text("oops", status=503)
    async with JianmiClient(server.endpoints, account(), backoff=0.01, max_retries=2) as c:
        with pytest.raises(NotSent):
            await c.getnum()
    assert len(server.seen) == 3


async def test_backoff_doubles(server: ScriptServer) -> None:
    server.default = text("oops", status=500)
    async with JianmiClient(server.endpoints, account(), backoff=0.1, max_retries=3) as c:
        with pytest.raises(NotSent):
            await c.getnum()
    gaps = [b.at - a.at for a, b in zip(server.seen, server.seen[1:])]
    assert gaps[0] >= 0.1 and gaps[1] >= 0.2 and gaps[2] >= 0.4


async def test_other_refusal_is_raised_at_once(server: ScriptServer, client: JianmiClient) -> None:
    server.default = text("102")
    with pytest.raises(PlatformRefusal) as info:
        await client.getnum()
    assert info.value.code == 102
    assert len(server.seen) == 1


async def test_connection_refused_gives_not_sent() -> None:
    port = closed_port()
    endpoints = Endpoints.on_one_host(f"http://127.0.0.1:{port}")
    limiter = SlidingWindowLimiter()
    async with JianmiClient(endpoints, account(), backoff=0.01, max_retries=2, limiter=limiter) as c:
        with pytest.raises(NotSent) as info:
            await c.getnum()
    assert limiter.released == 3  # every attempt waited for the limiter
    assert "连不上" in info.value.zh and "connect" in info.value.en


# --------------------------------------------------------------------- uncertain


async def test_dropped_connection_after_request_is_uncertain_and_not_retried(
        server: ScriptServer, client: JianmiClient) -> None:
    server.default = drop()
    with pytest.raises(Uncertain) as info:
        await client.send_sms(["13812345678"], "【茧米】你好", "10")
    assert len(server.seen) == 1
    assert "可能" in info.value.zh and "may or may not" in info.value.en


async def test_read_timeout_is_uncertain(server: ScriptServer) -> None:
    server.default = delayed(1.0, text("100"))
    async with JianmiClient(server.endpoints, account(), backoff=0.01, timeout=0.3) as c:
        with pytest.raises(Uncertain) as info:
            await c.send_sms(["13812345678"], "【茧米】你好", "11")
    assert len(server.seen) == 1
    assert "超时" in info.value.zh


async def test_504_is_uncertain(server: ScriptServer, client: JianmiClient) -> None:
    server.default = text("Gateway Timeout", status=504)
    with pytest.raises(Uncertain):
        await client.send_sms(["13812345678"], "【茧米】你好", "12")
    assert len(server.seen) == 1


# ------------------------------------------------------------------- bad answers


async def test_html_page_is_answer_format_error(server: ScriptServer, client: JianmiClient) -> None:
    server.default = text("<html><body>维护中</body></html>", content_type="text/html")
    with pytest.raises(AnswerFormatError):
        await client.getnum()
    assert len(server.seen) == 1


async def test_404_says_the_address_is_wrong(server: ScriptServer) -> None:
    endpoints = Endpoints.on_one_host(server.url + "/nowhere")
    server.default = text("<html>Not Found</html>", status=404, content_type="text/html")
    async with JianmiClient(endpoints, account(), backoff=0.01) as c:
        with pytest.raises(AnswerFormatError) as info:
            await c.getnum()
    assert "地址不对" in info.value.zh and "address" in info.value.en
    assert len(server.seen) == 1


async def test_redirect_is_not_followed(server: ScriptServer, client: JianmiClient) -> None:
    async def moved(request: web.Request) -> web.StreamResponse:
        raise web.HTTPFound("https://example.invalid/sdk/SMS")

    server.default = moved
    with pytest.raises(AnswerFormatError) as info:
        await client.getnum()
    assert "example.invalid" in info.value.zh
    assert len(server.seen) == 1


# ----------------------------------------------------------------------- call_raw


async def test_call_raw_one_attempt_masked(server: ScriptServer, client: JianmiClient) -> None:
    server.default = text("105")
    exchange = await client.call_raw(sdk.getnum(UID, PASSWORD_MD5))
    assert isinstance(exchange, Exchange)
    assert len(server.seen) == 1
    assert (exchange.method, exchange.status, exchange.text) == ("POST", 200, "105")
    assert exchange.url == server.endpoints.sdk
    assert "cmd=getnum" in exchange.request_body
    assert PASSWORD_MD5 not in exchange.request_body and "psw=******" in exchange.request_body
    assert exchange.elapsed_ms >= 0
    assert client.limiter.slow_downs == 1  # a 105 still slows the account down


async def test_call_raw_transport_failure_is_status_0() -> None:
    endpoints = Endpoints.on_one_host(f"http://127.0.0.1:{closed_port()}")
    async with JianmiClient(endpoints, account()) as c:
        exchange = await c.call_raw(sdk.getnum(UID, PASSWORD_MD5))
    assert exchange.status == 0
    assert "没有发出" in exchange.text and "not sent" in exchange.text
    assert PASSWORD_MD5 not in exchange.request_body


async def test_call_raw_dropped_is_status_0_uncertain(server: ScriptServer, client: JianmiClient) -> None:
    server.default = drop()
    exchange = await client.call_raw(sdk.getnum(UID, PASSWORD_MD5))
    assert exchange.status == 0
    assert "may or may not" in exchange.text
    assert len(server.seen) == 1


# ------------------------------------------------------------------------ logging


async def test_logs_every_request_and_answer_without_secrets(server: ScriptServer, client: JianmiClient,
                                                             caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    server.script = [text("105")]
    await client.getnum()
    await client.send_sms(["13812345678"], "【茧米】你好", "13")
    await client.upload_voice("a.mp3", MP3)
    task = await client.add_content("<mms><title>t</title><body><frame><playtimes>1</playtimes>"
                                    "<text>x</text></frame></body></mms>")
    await client.mms_send(["13812345678"], task)
    await client.call_raw(sdk.getnum(UID, PASSWORD_MD5))
    await client.modifpsw("newPass2024")
    await client.getnum()

    ours = [r for r in caplog.records if r.name == "jianmi_desktop.client"]
    requests = [r for r in ours if r.getMessage().startswith("→")]
    answers = [r for r in ours if r.getMessage().startswith("←")]
    assert len(requests) == len(server.seen) == 9
    assert len(answers) == 9
    assert all(r.levelno == logging.INFO for r in requests + answers)
    assert any("cmd=getnum" in r.getMessage() for r in requests)
    assert any("msg=【茧米】你好" in r.getMessage() for r in requests)  # readable, not %XX
    assert any("105" in r.getMessage() for r in answers)

    keys = [s.form["key"] for s in server.seen if "key" in s.form]
    assert keys
    secrets = [PASSWORD, PASSWORD_MD5, APIKEY, "newPass2024", md5_hex("newPass2024"), *keys]
    everything = caplog.text + "\n".join(r.getMessage() for r in caplog.records)
    for secret in secrets:
        assert secret not in everything
        assert secret.upper() not in everything
    assert "psw=******" in everything and "key=******" in everything
    assert "newpsw=******" in everything
    assert PASSWORD_MD5 not in repr(client.account) and APIKEY not in repr(client.account)


# ------------------------------------------------------------------------ misc


async def test_account_fallbacks() -> None:
    a = Account("u1", PASSWORD_MD5)
    assert (a.clientapi_uid, a.clientapi_psw) == ("u1", PASSWORD_MD5)
    b = Account("u1", PASSWORD_MD5, "k", ucuid="c1", clientapi_password_md5=md5_hex("other"))
    assert (b.clientapi_uid, b.clientapi_psw) == ("c1", md5_hex("other"))


async def test_separate_clientapi_account_is_used(server: ScriptServer) -> None:
    acct = Account(UID, PASSWORD_MD5, APIKEY, ucuid="capi-user", clientapi_password_md5=md5_hex("other"))
    async with JianmiClient(server.endpoints, acct) as c:
        await c.set_status_url("http://127.0.0.1:9/s")
        await c.modifpsw("newPass2024")
    form = server.seen[0].form
    assert (form["ucuid"], form["password"]) == ("capi-user", md5_hex("other"))
    assert acct.clientapi_password_md5 == md5_hex("other")  # a separate account is left alone


@pytest.mark.parametrize("address", ["ftp://127.0.0.1/sdk/SMS", "127.0.0.1/sdk/SMS", "http://"])
async def test_malformed_address_is_not_sent_without_retry(address: str) -> None:
    endpoints = Endpoints(sdk=address, clientapi=address, intl=address)
    limiter = SlidingWindowLimiter()
    async with JianmiClient(endpoints, account(), backoff=0.01, limiter=limiter) as c:
        with pytest.raises(NotSent) as info:
            await c.getnum()
        exchange = await c.call_raw(sdk.getnum(UID, PASSWORD_MD5))
    assert "地址" in info.value.zh
    assert limiter.released <= 2  # one attempt each, no retries
    assert exchange.status == 0 and "not sent" in exchange.text


def test_endpoints_on_one_host() -> None:
    e = Endpoints.on_one_host("http://127.0.0.1:8080/")
    assert e.sdk == "http://127.0.0.1:8080/sdk/SMS"
    assert e.clientapi == e.intl == "http://127.0.0.1:8080/ClientApi"
    assert e.url_for("intl") == e.intl
    with pytest.raises(ValueError):
        e.url_for("nope")
