"""`sms send` / `sms check` / `sms resume` with the checks of campaign/checks.py: a real child
process against the real sandbox (see test_cli.py)."""

from __future__ import annotations

import asyncio
from collections import Counter

import pytest

from tests.integration.test_cli import numbers
from tests.support.servers import Platform, run_cli


@pytest.fixture
def platform(loop_thread, data_dir):
    p = Platform(loop_thread, data_dir, receiver=False)
    yield p
    p.stop()


def write_csv(path, rows, encoding="utf-8-sig"):
    path.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding=encoding)
    return path


def test_personalised_send_from_a_csv_gives_each_number_its_own_text(platform, tmp_path, data_dir):
    long_name = "欧阳" + "长" * 70
    path = write_csv(tmp_path / "客户.csv", [["手机号", "姓名"], ["13800138000", "张三"], ["13900139000", "李四"],
                                            ["13800138000", "重复的"], ["13700137000", long_name]], encoding="gbk")
    text = "【茧米】{姓名}您好，本周六停水。回T退订"
    check = run_cli(["sms", "check", "--to-file", str(path), "--text", text, "--json"], platform.env)
    assert check.code == 0, check.stderr
    out = check.json()
    assert (out["valid"], out["duplicates"], out["units_per_message"], out["total_units"]) == (3, 1, 2, 4)
    r = run_cli(["sms", "send", "--to-file", str(path), "--text", text, "--json"], platform.env)
    assert r.code == 0, r.stderr
    assert r.json()["submitted"] == 3 and r.json()["units"] == 4
    got = {m: s.msg for s in platform.state.submissions for m in s.mobiles}
    assert got == {"13800138000": "【茧米】张三您好，本周六停水。回T退订",
                   "13900139000": "【茧米】李四您好，本周六停水。回T退订",
                   "13700137000": f"【茧米】{long_name}您好，本周六停水。回T退订"}
    assert platform.submitted_numbers() == Counter({"13800138000": 1, "13900139000": 1, "13700137000": 1})
    import sqlite3

    with sqlite3.connect(data_dir / "jianmi.db") as conn:  # the template is the campaign's text
        assert conn.execute("SELECT text FROM campaigns").fetchall() == [(text,)]


def test_unknown_variable_and_sensitive_word_stop_before_anything_leaves(platform, tmp_path):
    path = write_csv(tmp_path / "list.csv", [["手机号", "姓名"], ["13800138000", "张三"]])
    r = run_cli(["sms", "send", "--to-file", str(path), "--text", "【茧米】{会员号}您好"], platform.env)
    assert r.code == 2 and "会员号" in r.stderr and "姓名" in r.stderr
    r = run_cli(["sms", "send", "--to", "13800138000", "--text", "【茧米】可开发票"], platform.env)
    assert r.code == 2 and "发票" in r.stderr and "104" in r.stderr
    r = run_cli(["sms", "check", "--to", "13800138000", "--text", "【茧米】可开发票", "--json"], platform.env)
    assert r.code == 2 and any("发票" in p for p in r.json()["problems"])
    assert platform.state.counts.total() == 0  # not even a balance query


def test_warnings_go_to_stderr_and_the_send_goes_on(platform):
    args = ["sms", "send", "--to", "13800138000,13900139000", "--text", "【茧米】停水通知", "--json"]
    first = run_cli(args, platform.env)
    assert first.code == 0, first.stderr
    assert "退订" in first.stderr  # the opt-out-line hint
    second = run_cli(args, platform.env)
    assert second.code == 0, second.stderr
    assert "请注意" in second.stderr and "24 小时" in second.stderr and "2 个号码" in second.stderr
    assert second.json()["submitted"] == 2  # stdout is still one JSON object
    assert platform.submitted_numbers() == Counter({"13800138000": 2, "13900139000": 2})


def test_not_enough_balance_stops_with_exit_2(loop_thread, data_dir):
    p = Platform(loop_thread, data_dir, receiver=False, initial_balance=3)
    try:
        r = run_cli(["sms", "send", "--to", ",".join(numbers(4)), "--text", "【茧米】通知。回T退订"], p.env)
        assert r.code == 2 and "余额不足" in r.stderr and "4" in r.stderr
        assert p.state.submissions == []
    finally:
        p.stop()


def test_resume_settles_batches_a_killed_sender_left_in_flight(platform, data_dir):
    from jianmi_desktop.store.db import Store

    async def killed_mid_batch():
        store = await Store.open(data_dir / "jianmi.db")
        try:
            cid = await store.create_campaign(kind="sms", text="【茧米】x", params={}, mobiles=numbers(3),
                                              batch_size=5)
            await store.set_campaign_state(cid, "running")
            await store.claim_next_batch(cid)  # its only batch, then the process died
            return cid
        finally:
            await store.close()

    cid = asyncio.run(killed_mid_batch())
    r = run_cli(["sms", "resume", "--json"], platform.env)
    assert r.code == 0, r.stderr
    assert "不确定" in r.stderr
    (row,) = [h for h in run_cli(["history", "--json"], platform.env).json() if h["id"] == cid]
    assert row["uncertain"] == 3 and row["state"] == "done"
    assert platform.state.submissions == []  # never resent by itself
