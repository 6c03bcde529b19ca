"""The sandbox's state file: what survives a restart, missed jobs, and a corrupt file."""

from __future__ import annotations

import asyncio
import base64
import io
import json
from datetime import datetime, timedelta, timezone
from urllib.parse import quote

import aiohttp
from PIL import Image

from jianmi_desktop.sandbox import Sandbox, SandboxConfig
from jianmi_desktop.sandbox.testing import Collector, clientapi_auth, eventually, md5_hex, post_form, sdk_auth

CHINA = timezone(timedelta(hours=8))
MP3 = b"ID3\x03\x00\x00\x00\x00\x00\x00" + b"\x00" * 200


def config(path, **extra) -> SandboxConfig:
    return SandboxConfig(state_path=path, rate=1000, report_delay=(0.05, 0.1), **extra)


async def sdk(session, sb, password="demo1234", **params) -> str:
    return (await post_form(session, sb.sdk_url, {**sdk_auth(password=password), **params}))[1]


async def api(session, sb, cmd, password="demo1234", **params) -> dict:
    return json.loads((await post_form(session, sb.clientapi_url, {**clientapi_auth(cmd, password=password),
                                                                    **params}))[1])


def jpeg() -> str:
    out = io.BytesIO()
    Image.new("RGB", (4, 4)).save(out, "JPEG")
    return quote(base64.b64encode(out.getvalue()).decode("ascii"), safe="")


async def test_state_survives_restart(tmp_path):
    path = tmp_path / "sandbox.json"
    at = datetime.now(CHINA) + timedelta(days=1)
    sb = Sandbox(config(path))
    await sb.start()
    async with aiohttp.ClientSession() as session:
        assert await sdk(session, sb, cmd="send", mobiles="13812345678,13912345678", msgid="1", msg="【签名】你好") == "100"
        assert await sdk(session, sb, cmd="modifpsw", newpsw="better123") == "100"
        form = aiohttp.FormData()
        for key, value in {**sdk_auth(password="better123"), "cmd": "uploadvoicefile"}.items():
            form.add_field(key, value)
        form.add_field("file", MP3, filename="a.mp3", content_type="audio/mpeg")
        async with session.post(sb.sdk_url, data=form) as resp:
            serial = (await resp.text()).split("#")[1]
        doc = f'<mms><title>t</title><body><frame><img type="jpg">{jpeg()}</img></frame></body></mms>'
        task = (await api(session, sb, "addContent", password="better123", content=doc))["taskId"]
        assert (await api(session, sb, "setStatusUrl", password="better123", statusUrl="http://127.0.0.1:9/s?a=1"))["result"] == "100"
        assert await sdk(session, sb, password="better123", cmd="sendvote", mobiles="13812345678", msgid="2",
                         filename=serial, senddate=at.strftime("%Y-%m-%d"), sendtime=at.strftime("%H:%M:%S")) == "100"
    await sb.stop()
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["sent"] == 3 and saved["submission_count"] == 2

    again = Sandbox(config(path))
    await again.start()
    try:
        state = again.state
        assert state.balance.sent == 3 and state.balance.remaining == 100_000 - 3
        assert state.password_md5 == md5_hex("better123")
        assert state.voice_files[serial].size == len(MP3)
        assert state.mms_tasks[task].frames[0].image_type == "jpg"
        assert state.status_url == "http://127.0.0.1:9/s?a=1"
        assert [j.msgid for j in state.jobs.values()] == ["2"]
        assert state.submission_count == 2
        async with aiohttp.ClientSession() as session:
            assert await sdk(session, again, cmd="getnum") == "102"       # the old password stays dead
            assert await sdk(session, again, password="better123", cmd="getnum") == "100#3#99997"
            assert (await api(session, again, "mmsSend", password="better123", mobiles="13812345678",
                              taskId=task))["result"] == "100"
            assert await sdk(session, again, password="better123", cmd="sendvoice", mobiles="13812345678",
                             msgid="3", filename=serial) == "100"
        assert again.state.submission_count == 4
        assert again.state.submissions[-1].seq == 4
    finally:
        await again.stop()


async def test_missed_job_fires_on_start(tmp_path):
    path = tmp_path / "sandbox.json"
    collector = Collector()
    await collector.start()
    try:
        sb = Sandbox(config(path, push_url=collector.url + "/push"))
        await sb.start()
        at = (datetime.now(CHINA) + timedelta(seconds=1)).strftime("%Y-%m-%d %H:%M:%S")
        async with aiohttp.ClientSession() as session:
            answer = await post_form(session, sb.intl_url, {**sdk_auth(), "cmd": "sendIntlSms", "mobiles": "85291234567",
                                                            "msgid": "5", "msg": "【J】hi", "sendtime": at})
            assert answer == (200, "100")
        await sb.stop()
        assert collector.pushes == []
        await asyncio.sleep(1.5)                      # the moment passes while the sandbox is down
        again = Sandbox(config(path, push_url=collector.url + "/push"))
        await again.start()
        try:
            await collector.wait_for(lambda: collector.pushes, timeout=5)
            assert b"<msgId>5</msgId>" in collector.pushes[0]
            assert again.state.jobs == {}
        finally:
            await again.stop()
    finally:
        await collector.stop()


async def test_unacknowledged_reports_survive_a_restart(tmp_path):
    path = tmp_path / "sandbox.json"
    sb = Sandbox(config(path, push_url="http://127.0.0.1:9/push", push_backoff=5.0))
    await sb.start()
    async with aiohttp.ClientSession() as session:
        assert await sdk(session, sb, cmd="send", mobiles="13812345678", msgid="8", msg="【签名】你好") == "100"
    await eventually(lambda: sb.state.pushes and sb.state.pushes[0].attempts == 1)
    await sb.stop()                                   # mid back-off: the report goes back to the queue
    collector = Collector()
    await collector.start()
    again = Sandbox(config(path, push_url=collector.url + "/push"))
    await again.start()
    try:
        await collector.wait_for(lambda: collector.pushes, timeout=5)
        assert b"<msgId>8</msgId>" in collector.pushes[0]
    finally:
        await again.stop()
        await collector.stop()


async def test_state_written_at_most_about_once_a_second(tmp_path):
    path = tmp_path / "sandbox.json"
    sb = Sandbox(config(path))
    await sb.start()
    try:
        async with aiohttp.ClientSession() as session:
            for i in range(30):
                assert await sdk(session, sb, cmd="send", mobiles="13812345678", msgid=str(i), msg="【签名】你好") == "100"
        await asyncio.sleep(1.2)
        assert 1 <= sb.saver.writes <= 3
    finally:
        await sb.stop()


async def test_corrupt_state_file_starts_fresh(tmp_path):
    path = tmp_path / "sandbox.json"
    path.write_text("{not json", encoding="utf-8")
    sb = Sandbox(config(path))
    await sb.start()
    try:
        assert sb.state.balance.remaining == 100_000
    finally:
        await sb.stop()
    assert json.loads(path.read_text(encoding="utf-8"))["remaining"] == 100_000
    assert (tmp_path / "sandbox.json.corrupt").read_text(encoding="utf-8") == "{not json"


async def test_a_new_configured_password_resets_the_saved_one(tmp_path):
    path = tmp_path / "sandbox.json"
    sb = Sandbox(config(path))
    await sb.start()
    async with aiohttp.ClientSession() as session:
        assert await sdk(session, sb, cmd="modifpsw", newpsw="changed99") == "100"
    await sb.stop()
    again = Sandbox(config(path, password="fresh-one-1"))
    try:
        assert again.state.password_md5 == md5_hex("fresh-one-1")
    finally:
        await again.stop()


async def test_run_sandbox_prints_where_and_stops_on_cancel(tmp_path, capsys):
    from jianmi_desktop.sandbox import run_sandbox

    path = tmp_path / "cli.json"
    task = asyncio.create_task(run_sandbox(SandboxConfig(state_path=path)))
    out = ""
    for _ in range(100):
        out += capsys.readouterr().out
        if "Ctrl+C" in out:
            break
        await asyncio.sleep(0.05)
    url = out.split("running at ")[1].split()[0]
    assert url.startswith("http://127.0.0.1:")
    assert f"{url}/sdk/SMS" in out and f"{url}/ClientApi" in out and "demo1234" in out and "demo-api-key" in out
    async with aiohttp.ClientSession() as session:
        assert (await post_form(session, url + "/sdk/SMS", {**sdk_auth(), "cmd": "getnum"}))[1] == "100#0#100000"
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    assert path.exists()


def test_a_status_url_in_the_config_replaces_the_saved_one_from_the_start(tmp_path):
    """The window's sandbox is given its receiver's status address as it starts (runtime.py): the
    one saved by the last run (another port) is not used, and the new one is saved."""
    path = tmp_path / "state.json"

    async def main():
        first = Sandbox(config(path))
        await first.start()
        async with aiohttp.ClientSession() as session:
            assert (await api(session, first, "setStatusUrl", statusUrl="http://127.0.0.1:9/old/status"))["result"] == "100"
        await first.stop()
        assert json.loads(path.read_text(encoding="utf-8"))["status_url"] == "http://127.0.0.1:9/old/status"
        again = Sandbox(config(path, status_url="http://127.0.0.1:10/new/status"))
        assert again.state.status_url == "http://127.0.0.1:10/new/status"
        await again.start()
        await again.stop()
        assert json.loads(path.read_text(encoding="utf-8"))["status_url"] == "http://127.0.0.1:10/new/status"
        kept = Sandbox(config(path))   # without one: what the state says
        assert kept.state.status_url == "http://127.0.0.1:10/new/status"

    asyncio.run(main())
