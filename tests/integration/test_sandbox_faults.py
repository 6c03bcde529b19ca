"""Fault injection (seen by a real client) and a 100,000-number campaign staying quick."""

from __future__ import annotations

import asyncio
import time

import aiohttp
import pytest

from jianmi_desktop.sandbox import FaultPlan, Sandbox, SandboxConfig
from jianmi_desktop.sandbox.testing import clientapi_auth, encode_form, eventually, post_form, sdk_auth

SIG = "【茧米】"


def send_params(msgid: str, mobiles: str = "13812345678") -> dict[str, str]:
    return {**sdk_auth(), "cmd": "send", "mobiles": mobiles, "msgid": msgid, "msg": SIG + "通知"}


async def started(**faults) -> Sandbox:
    sb = Sandbox(SandboxConfig(rate=1000, report_delay=(0.05, 0.1), faults=FaultPlan(**faults)))
    await sb.start()
    return sb


async def test_drop_after_request_number_is_carried_out_then_dropped():
    sb = await started(drop_after_requests={2})
    try:
        async with aiohttp.ClientSession() as session:
            assert (await post_form(session, sb.sdk_url, {**sdk_auth(), "cmd": "getnum"}))[1].startswith("100#")
            assert (await post_form(session, sb.sdk_url, send_params("1")))[1] == "100"
            with pytest.raises(aiohttp.ServerDisconnectedError):
                await post_form(session, sb.sdk_url, send_params("2"))
            assert (await post_form(session, sb.sdk_url, send_params("3")))[1] == "100"
        assert [s.msgid for s in sb.state.submissions] == ["1", "2", "3"]   # the dropped one went out
        assert sb.state.counts["drop"] == 1 and sb.state.balance.sent == 3
        await eventually(lambda: len(sb.state.reports) == 3)
    finally:
        await sb.stop()


async def test_drop_seen_by_httpx_too():
    import httpx

    sb = await started(p_drop_after=1.0)
    try:
        async with httpx.AsyncClient() as client:
            with pytest.raises(httpx.TransportError):
                await client.post(sb.sdk_url, content=encode_form(send_params("1")).encode("ascii"),
                                  headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert len(sb.state.submissions) == 1 and sb.state.counts["drop"] == 1
    finally:
        await sb.stop()


async def test_http_500_is_not_carried_out():
    sb = await started(p_500=1.0)
    try:
        async with aiohttp.ClientSession() as session:
            status, _ = await post_form(session, sb.sdk_url, send_params("1"))
            assert status == 500
            status, _ = await post_form(session, sb.clientapi_url, {**clientapi_auth("setStatusUrl"),
                                                                    "statusUrl": "http://127.0.0.1:9/"})
            assert status == 500
        assert sb.state.submissions == [] and sb.state.counts["http500"] == 2 and sb.state.status_url is None
    finally:
        await sb.stop()


async def test_injected_105_is_not_carried_out():
    sb = await started(p_105=1.0)
    try:
        async with aiohttp.ClientSession() as session:
            assert (await post_form(session, sb.sdk_url, send_params("1")))[1] == "105"
            _, text = await post_form(session, sb.clientapi_url, {**clientapi_auth("setStatusUrl"),
                                                                  "statusUrl": "http://127.0.0.1:9/"})
            assert text == '{"result":"105"}'
        assert sb.state.submissions == [] and sb.state.counts[105] == 2 and sb.state.counts["fault_105"] == 2
    finally:
        await sb.stop()


async def test_partial_fault_rates_and_slow_answers():
    sb = await started(p_105=0.3, p_slow=1.0, slow_s=0.05)
    try:
        async with aiohttp.ClientSession() as session:
            started_at = time.monotonic()
            answers = [(await post_form(session, sb.sdk_url, {**sdk_auth(), "cmd": "getnum"}))[1] for _ in range(20)]
            assert time.monotonic() - started_at >= 20 * 0.05 * 0.9
        assert 0 < answers.count("105") < 20
    finally:
        await sb.stop()


async def test_100000_numbers_stay_quick(tmp_path):
    sb = Sandbox(SandboxConfig(rate=1000, report_delay=(0.05, 0.5), state_path=tmp_path / "s.json",
                               initial_balance=200_000))
    await sb.start()
    try:
        async with aiohttp.ClientSession() as session:
            began = time.monotonic()
            slowest = 0.0
            for batch in range(200):
                mobiles = ",".join(f"13{batch:03d}{i:06d}" for i in range(500))
                sent = time.monotonic()
                assert (await post_form(session, sb.sdk_url, send_params(str(batch), mobiles)))[1] == "100"
                slowest = max(slowest, time.monotonic() - sent)
            elapsed = time.monotonic() - began
        assert sb.state.balance.sent == 100_000
        await eventually(lambda: len(sb.state.reports) == 100_000, timeout=30)
        assert elapsed < 30 and slowest < 3.0  # ~2 s and ~0.05 s here: guards, not figures
        await asyncio.sleep(1.1)
        assert sb.saver.writes >= 1
    finally:
        await sb.stop()
