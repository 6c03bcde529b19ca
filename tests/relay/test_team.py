"""Team mode end to end: the real sandbox pushes to a relay (a child process), two desktops
send with the command line, each draws msgids from its own range, the second is warned by
name before sending the same text, and each history settles only its own campaign."""

from __future__ import annotations

import sqlite3
import time

import pytest

from tests.support.relay_proc import Desktop, RelayProcess
from tests.support.servers import LoopThread, account_env, run_cli


@pytest.fixture
def relay(db_url, tmp_path):
    process = RelayProcess(db_url, tmp_path / "relay-data").start()
    yield process
    process.stop()


@pytest.fixture
def sandbox(relay):
    from jianmi_desktop.sandbox.app import Sandbox, SandboxConfig

    lt = LoopThread()
    box = Sandbox(SandboxConfig(port=0, push_url=relay.urls["push_url"], report_delay=(0.05, 0.3), seed=11))
    lt.run(box.start())
    yield box
    lt.run(box.stop())
    lt.close()


def team_desktop(relay, sandbox, tmp_path, name) -> Desktop:
    d = Desktop(name, tmp_path / name, relay.urls["api_url"], relay.token(name))
    d.extra = account_env(sandbox.url, d.folder)
    return d


def cli(d: Desktop, *args: str):
    return run_cli(list(args), {**d.extra, **d.env})


def wait_for(predicate, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


def test_two_desktops_on_one_account(relay, sandbox, tmp_path):
    wang, li = team_desktop(relay, sandbox, tmp_path, "小王"), team_desktop(relay, sandbox, tmp_path, "小李")
    numbers = [f"1391234{i:04d}" for i in range(30)]
    text = "【茧米】周末特惠 拒收请回复R"
    r = cli(wang, "sms", "send", "--to", ",".join(numbers[:20]), "--text", text, "--json")
    assert r.code == 0, r.stderr
    assert r.json()["submitted"] == 20
    # 小李 is warned by name before sending the same text to 10 of the same numbers
    r = cli(li, "sms", "check", "--to", ",".join(numbers[10:]), "--text", text, "--json")
    warnings = r.json()["warnings"]
    assert any(w.startswith("小王 已于 ") and "向其中 10 个号码发送过相同内容" in w for w in warnings), warnings
    other = cli(li, "sms", "check", "--to", ",".join(numbers[10:]), "--text", "【茧米】别的内容", "--json").json()
    assert not any("发送过相同内容" in w for w in other["warnings"])
    r = cli(li, "sms", "send", "--to", ",".join(numbers[20:]), "--text", "【茧米】另一条", "--json")
    assert r.code == 0, r.stderr

    # each desktop's msgids come from its own range
    for d in (wang, li):
        conn = sqlite3.connect(d.folder / "jianmi.db")
        ranges = conn.execute("SELECT first, last FROM msgid_ranges").fetchall()
        msgids = [int(m) for (m,) in conn.execute("SELECT msgid FROM batches")]
        conn.close()
        assert ranges and msgids and all(any(f <= m <= last for f, last in ranges) for m in msgids), d.name

    def pulled(d: Desktop, expected: int) -> bool:
        assert d.sync().code == 0
        (campaign,) = d.history()
        return campaign["delivered"] + campaign["undelivered"] == expected

    wait_for(lambda: pulled(wang, 20))
    wait_for(lambda: pulled(li, 10))
    conn = sqlite3.connect(wang.folder / "jianmi.db")
    assert conn.execute("SELECT count(*) FROM reports").fetchone()[0] == 20   # none of 小李's mixed in
    conn.close()
    conn = sqlite3.connect(li.folder / "jianmi.db")
    assert conn.execute("SELECT count(*) FROM reports").fetchone()[0] == 10
    conn.close()
