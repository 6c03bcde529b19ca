"""Desktops pulling from a relay that runs as a real child process: the same cases on SQLite and
PostgreSQL. ``jianmi-desktop sync`` runs as a child process too, on the desktop's own SQLite.
"""

from __future__ import annotations

import asyncio
import os
import threading
import time

import pytest

from jianmi_desktop.platform.models import Reply
from jianmi_desktop.platform.push_xml import build_reply_push
from tests.support.relay_proc import Desktop, Platform, RelayProcess, report_bodies
from tests.support.servers import run_cli

# Scaled for the suite (< 60 s): benchmarks/relay_team.py runs the 100,000 recipients.
PER_DESKTOP = int(os.environ.get("JIANMI_RELAY_TEST_RECIPIENTS", "20000"))


@pytest.fixture
def relay(db_url, tmp_path):
    process = RelayProcess(db_url, tmp_path / "relay-data").start()
    yield process
    process.stop()


def desktop(relay: RelayProcess, tmp_path, name: str) -> Desktop:
    d = Desktop(name, tmp_path / name, relay.urls["api_url"], relay.token(name))
    r = d.sync()                          # first contact: its msgid range (team mode)
    assert r.code == 0, r.stderr
    assert r.json()["events"] == 0
    return d


def settled(d: Desktop) -> tuple[int, int, int]:
    (campaign,) = d.history()
    return campaign["recipients"], campaign["delivered"], campaign["undelivered"]


async def test_push_sync_settles_history_once_and_a_second_sync_applies_nothing(relay, tmp_path):
    d = desktop(relay, tmp_path, "desk")
    await d.send_campaign(1000, 38)
    bodies = report_bodies(d.sent)
    await Platform(relay.urls["push_url"], resend_acked=1.0).push_all(bodies + bodies[:2])  # every push twice+
    r = d.sync()
    assert r.code == 0, r.stderr
    out = r.json()
    assert set(out) >= {"events", "reports", "replies", "status", "cursor"}
    assert (out["events"], out["reports"], out["replies"], out["status"]) == (1000, 1000, 0, 0)
    assert settled(d) == (1000, 900, 100)
    again = d.sync().json()
    assert (again["events"], again["reports"], again["cursor"]) == (0, 0, out["cursor"])
    assert settled(d) == (1000, 900, 100)


async def test_kill_9_twice_during_pushes_two_desktops_each_settle_exactly_their_own(relay, tmp_path):
    """Two desktops on one account send (PER_DESKTOP recipients each); the platform pushes their
    reports mixed, in pushes of 200, resending whatever was not acknowledged, while the relay is
    killed with SIGKILL twice and restarted. After sync each desktop's history settles exactly
    its own recipients, every record once; a second sync applies nothing; a copy of a desktop
    that was off during all of it catches up to the same state."""
    a, b = desktop(relay, tmp_path, "小王"), desktop(relay, tmp_path, "小李")
    await a.send_campaign(PER_DESKTOP, 39)
    await b.send_campaign(PER_DESKTOP, 37)
    off = a.copy(tmp_path / "off", "off")            # never synced after sending, until the end
    bodies = report_bodies(a.sent + b.sent)
    platform = Platform(relay.urls["push_url"], connections=4, resend_acked=0.1)
    kills = []

    def killer() -> None:
        for fraction in (0.3, 0.65):
            while platform.acked < len(bodies) * fraction:
                time.sleep(0.01)
            relay.kill()
            kills.append(platform.acked)
            time.sleep(0.5)
            relay.start()

    thread = threading.Thread(target=killer)
    thread.start()
    await platform.push_all(bodies)
    await asyncio.to_thread(thread.join, 120)
    assert len(kills) == 2 and platform.failures > 0        # the kills really cut pushes off
    for d in (a, b):
        out = d.sync().json()
        assert (out["events"], out["reports"]) == (PER_DESKTOP, PER_DESKTOP), d.name
        assert settled(d) == (PER_DESKTOP, PER_DESKTOP * 9 // 10, PER_DESKTOP // 10)
        assert d.sync().json()["events"] == 0
    late = off.sync().json()
    assert (late["events"], late["reports"]) == (PER_DESKTOP, PER_DESKTOP)
    assert settled(off) == settled(a)


async def test_a_stop_reply_reaches_both_desktops_and_sms_check_counts_it(relay, tmp_path):
    a, b = desktop(relay, tmp_path, "a"), desktop(relay, tmp_path, "b")
    await a.send_campaign(10, 36)
    msgid, mobile = a.sent[3]
    body = build_reply_push([Reply(msgid, mobile, "退订"), Reply(msgid, a.sent[4][1], "好的")])
    await Platform(relay.urls["push_url"]).push_all([body])
    assert a.sync().json()["replies"] == 2
    assert b.sync().json() | {"cursor": 0, "relay": ""} == {"events": 1, "reports": 0, "replies": 0, "status": 0,
                                                           "opt_outs": 1, "cursor": 0, "relay": ""}
    for d in (a, b):
        r = run_cli(["sms", "check", "--to", f"{mobile},13912345678", "--text", "【茧米】周末特惠 拒收请回复R",
                     "--json"], d.env)
        assert r.json()["opted_out"] == 1, (d.name, r.stdout, r.stderr)


async def test_an_opt_out_made_by_hand_on_one_desktop_reaches_the_other(relay, tmp_path):
    a, b = desktop(relay, tmp_path, "a"), desktop(relay, tmp_path, "b")
    from jianmi_desktop.store import Store

    store = await Store.open(a.folder / "jianmi.db")
    await store.add_opt_outs(["13700000001"], source="manual")
    await store.close()
    assert a.sync().json()["opt_outs"] == 1                 # shared, and back as the relay's event
    assert b.sync().json()["opt_outs"] == 1
    r = run_cli(["sms", "check", "--to", "13700000001", "--text", "【茧米】您好", "--json"], b.env)
    assert r.json()["opted_out"] == 1


def test_sync_says_in_one_line_when_the_relay_is_gone_or_refuses(relay, tmp_path):
    d = Desktop("x", tmp_path / "x", relay.urls["api_url"], "jmr_not-a-token")
    r = d.sync()
    assert r.code == 1 and len(r.stderr.strip().splitlines()) == 1 and "令牌" in r.stderr
    assert "error" in r.json()
    relay.token("y")
    assert relay.cli("token", "revoke", "y").code == 0
    gone = Desktop("z", tmp_path / "z", "http://127.0.0.1:9/api/v1", "jmr_x")
    r = run_cli(["sync"], gone.env)
    assert r.code == 1 and len(r.stderr.strip().splitlines()) == 1 and "无法连接" in r.stderr
    r = run_cli(["sync"], {"JIANMI_DATA_DIR": str(tmp_path / "none")})
    assert r.code == 1 and "中继" in r.stderr


def test_token_list_and_revoke(relay):
    token = relay.token("小王")
    assert token.startswith("jmr_")
    listed = relay.cli("token", "list", "--json").json()
    assert [t["name"] for t in listed] == ["小王"] and not listed[0]["revoked"]
    assert token not in relay.cli("token", "list").stdout
    assert relay.cli("token", "add", "小王").code == 1                # a name is used once
    assert relay.cli("token", "revoke", "小王").code == 0
    assert relay.cli("token", "revoke", "小王").code == 1
    assert relay.cli("token", "list", "--json").json()[0]["revoked"] is True
