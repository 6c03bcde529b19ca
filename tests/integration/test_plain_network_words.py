"""Network failures are told in plain words (issue 13, item 3): what happened and what to do,
never an exception's class name — for the platform's client and for the relay's. Real sockets
on 127.0.0.1: a port nobody listens on, and a server that hangs up without answering."""

from __future__ import annotations

import asyncio
import re
import socket

import pytest

from jianmi_desktop.campaign.sync import RelayClient, RelayConfig, RelayUnreachable
from jianmi_desktop.client import Account, Endpoints, JianmiClient
from jianmi_desktop.platform.auth import md5_hex
from jianmi_desktop.platform.errors import JianmiError

CLASS_NAME = re.compile(r"[A-Z][a-z]+(?:[A-Z][a-z]+)*(?:Error|Exception|Timeout)\b")


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def hang_up_server() -> tuple[asyncio.AbstractServer, int]:
    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read(1024)          # read the request, then close without a word
        writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    return server, server.sockets[0].getsockname()[1]


def plain(error: JianmiError) -> None:
    for text in (error.zh, error.en):
        assert not CLASS_NAME.search(text), text
        assert "JIANMI_" not in text, text


@pytest.mark.parametrize("kind", ["refused", "hang-up"])
async def test_the_platform_unreachable_in_plain_words(kind):
    server = None
    if kind == "refused":
        port = closed_port()
    else:
        server, port = await hang_up_server()
    base = f"http://127.0.0.1:{port}"
    client = JianmiClient(Endpoints(sdk=f"{base}/sdk/SMS", clientapi=f"{base}/ClientApi", intl=f"{base}/intl"),
                          Account("u1", md5_hex("pw")), timeout=3, max_retries=0)
    try:
        with pytest.raises(JianmiError) as caught:
            await client.getnum()
    finally:
        await client.aclose()
        if server is not None:
            server.close()
            await server.wait_closed()
    plain(caught.value)
    if kind == "refused":
        assert "拒绝了连接" in caught.value.zh and "refused the connection" in caught.value.en
    else:
        assert "断开" in caught.value.zh


@pytest.mark.parametrize("kind", ["refused", "hang-up"])
async def test_the_relay_unreachable_in_plain_words(kind):
    server = None
    if kind == "refused":
        port = closed_port()
    else:
        server, port = await hang_up_server()
    try:
        async with RelayClient(RelayConfig(f"http://127.0.0.1:{port}/api/v1", "t" * 40), timeout=3) as client:
            with pytest.raises(RelayUnreachable) as caught:
                await client.info()
    finally:
        if server is not None:
            server.close()
            await server.wait_closed()
    plain(caught.value)
    assert f"127.0.0.1:{port}" in caught.value.zh
    assert ("拒绝了连接" if kind == "refused" else "断开") in caught.value.zh
