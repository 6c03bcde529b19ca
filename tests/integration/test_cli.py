"""The command line end to end: a real child process against the real sandbox and receiver.

The sandbox and the receiver listen on loopback sockets in this test process; the
command line runs as ``python -m jianmi_desktop`` with the JIANMI_* environment pointing at
them, and writes the same SQLite file the receiver writes.
"""

from __future__ import annotations

import json
import time
from collections import Counter

from PIL import Image

from tests.support.servers import Platform, run_cli


def numbers(n: int, start: int = 13800000000) -> list[str]:
    return [str(start + i) for i in range(n)]


def wait_for(predicate, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


# --- balance, password ---------------------------------------------------------------------

def test_balance_json_matches_the_sandbox(platform):
    r = run_cli(["balance", "--json"], platform.env)
    assert r.code == 0, r.stderr
    assert r.json() == {"sent": platform.state.sent, "remaining": platform.state.remaining}


def test_balance_without_account_explains(data_dir):
    r = run_cli(["balance"], {"JIANMI_DATA_DIR": str(data_dir)})
    assert r.code == 1
    assert "账号" in r.stderr and "Traceback" not in r.stderr


def test_passwd_then_old_password_is_refused_in_plain_words(platform):
    r = run_cli(["passwd", "--new", "abc12345"], platform.env)
    assert r.code == 0, r.stderr
    old = run_cli(["balance"], platform.env)
    assert old.code == 3
    assert "密码不对" in old.stderr and "102" in old.stderr
    new = run_cli(["balance", "--json"], {**platform.env, "JIANMI_PASSWORD": "abc12345"})
    assert new.code == 0, new.stderr


def test_passwd_too_simple_is_explained(platform):
    r = run_cli(["passwd", "--new", "12345678"], platform.env)
    assert r.code == 3
    assert "108" in r.stderr and "太简单" in r.stderr


# --- sms -------------------------------------------------------------------------------------

def test_sms_send_reports_reach_history(platform):
    r = run_cli(["sms", "send", "--to", "13800138000,13900139000,13700137000", "--text", "【茧米】您好", "--json"],
                platform.env)
    assert r.code == 0, r.stderr
    out = r.json()
    assert {k: out[k] for k in ("recipients", "submitted", "failed", "uncertain", "units")} == {
        "recipients": 3, "submitted": 3, "failed": 0, "uncertain": 0, "units": 3}
    assert platform.submitted_numbers() == Counter({"13800138000": 1, "13900139000": 1, "13700137000": 1})

    def settled():
        h = run_cli(["history", "--json"], platform.env).json()
        return h and h[0]["delivered"] + h[0]["undelivered"] == 3

    wait_for(settled)
    h = run_cli(["history", "--json"], platform.env).json()
    assert h[0]["id"] == out["campaign"] and h[0]["kind"] == "sms" and h[0]["recipients"] == 3
    for key in ("id", "kind", "created", "recipients", "submitted", "failed", "uncertain", "delivered",
                "undelivered"):
        assert key in h[0]


def test_emoji_is_named_and_nothing_leaves(platform):
    r = run_cli(["sms", "send", "--to", "13800138000", "--text", "【茧米】你好😀"], platform.env)
    assert r.code == 2
    assert "😀" in r.stderr and "7" in r.stderr  # the 7th character
    assert platform.state.submissions == [] and platform.state.counts.total() == 0


def test_invalid_number_refused_unless_skipped(platform):
    r = run_cli(["sms", "send", "--to", "13800138000,12345", "--text", "【茧米】你好"], platform.env)
    assert r.code == 2 and "12345" in r.stderr
    assert platform.state.submissions == []
    r = run_cli(["sms", "send", "--to", "13800138000,12345", "--text", "【茧米】你好", "--skip-invalid", "--json"],
                platform.env)
    assert r.code == 0, r.stderr
    assert r.json()["submitted"] == 1
    assert platform.submitted_numbers() == Counter({"13800138000": 1})


def test_sms_check_json_sends_nothing(platform):
    r = run_cli(["sms", "check", "--to", "13800138000,13800138000,＋86 139-0013-9000,999", "--text",
                 "【茧米】" + "好" * 80, "--json"], platform.env)
    out = r.json()
    assert r.code == 2  # one invalid number
    assert {k: out[k] for k in ("recipients", "valid", "invalid", "duplicates", "opted_out", "units_per_message",
                                "total_units")} == {
        "recipients": 4, "valid": 2, "invalid": 1, "duplicates": 1, "opted_out": 0,
        "units_per_message": 2, "total_units": 4}
    assert platform.state.submissions == []


def test_1234_numbers_in_batches_each_once(platform, tmp_path):
    path = tmp_path / "list.txt"
    path.write_text("\n".join(numbers(1234)), encoding="utf-8")
    r = run_cli(["sms", "send", "--to-file", str(path), "--text", "【茧米】通知", "--json"], platform.env)
    assert r.code == 0, r.stderr
    assert r.json()["submitted"] == 1234
    sends = [s for s in platform.state.submissions if s.cmd == "send"]
    assert len(sends) == 13 and max(len(s.mobiles) for s in sends) <= 100
    assert set(platform.submitted_numbers().values()) == {1} and len(platform.submitted_numbers()) == 1234
    assert platform.state.counts[105] == 0


def test_105_and_500_answers_complete_with_nothing_twice(loop_thread, data_dir, tmp_path):
    from jianmi_desktop.sandbox.config import FaultPlan

    p = Platform(loop_thread, data_dir, faults=FaultPlan(p_105=0.2, p_500=0.2))
    try:
        path = tmp_path / "list.txt"
        path.write_text("\n".join(numbers(800)), encoding="utf-8")
        r = run_cli(["sms", "send", "--to-file", str(path), "--text", "【茧米】通知", "--json"], p.env)
        assert r.code == 0, r.stderr
        assert r.json()["submitted"] == 800
        counts = p.submitted_numbers()
        assert len(counts) == 800 and set(counts.values()) == {1}
        assert p.state.counts["fault_105"] + p.state.counts["http500"] > 0
    finally:
        p.stop()


def test_dropped_connection_is_uncertain_and_never_resent(loop_thread, data_dir, tmp_path):
    from jianmi_desktop.sandbox.config import FaultPlan

    # reports come late, so the uncertain batch is seen as such before a report settles it
    p = Platform(loop_thread, data_dir, faults=FaultPlan(drop_after_requests={2}), report_delay=(3.0, 4.0))
    try:
        path = tmp_path / "list.txt"
        path.write_text("\n".join(numbers(300)), encoding="utf-8")
        r = run_cli(["sms", "send", "--to-file", str(path), "--text", "【茧米】通知", "--json"], p.env)
        assert r.code == 4, r.stderr
        out = r.json()
        assert out["uncertain"] == 100 and out["submitted"] == 200
        assert "不确定" in r.stderr
        counts = p.submitted_numbers()
        assert len(counts) == 300 and set(counts.values()) == {1}  # carried out once, not retried
        again = run_cli(["sms", "resume", "--json"], p.env)
        assert again.code == 0, again.stderr
        assert p.submitted_numbers() == counts

        def settled():  # the delivery reports of the dropped batch settle it
            h = run_cli(["history", "--json"], p.env).json()[0]
            return h["uncertain"] == 0 and h["delivered"] + h["undelivered"] == 300

        wait_for(settled)
    finally:
        p.stop()


def test_intl_send_and_scheduled_intl(platform):
    r = run_cli(["sms", "send", "--intl", "--to", "85291234567,+44 7911 123456", "--text", "【Jianmi】Hello",
                 "--json"], platform.env)
    assert r.code == 0, r.stderr
    assert r.json()["submitted"] == 2
    intl = [s for s in platform.state.submissions if s.cmd == "sendIntlSms"]
    assert sorted(intl[0].mobiles) == ["447911123456", "85291234567"]
    r = run_cli(["sms", "send", "--intl", "--to", "85291234567", "--text", "【Jianmi】Later", "--at",
                 "2099-01-01 09:00:00", "--json"], platform.env)
    assert r.code == 0, r.stderr
    later = [s for s in platform.state.submissions if s.cmd == "sendIntlSms"][-1]
    assert later.params.get("sendtime") == "2099-01-01 09:00:00" or later.due is not None


def test_domestic_at_is_held_then_resumed_when_due(platform):
    from datetime import datetime, timedelta

    from jianmi_desktop.platform.auth import china_now

    # whole seconds: due 7–8 s from now, room for the two runs below on a slow machine
    at = (china_now() + timedelta(seconds=8)).strftime("%Y-%m-%d %H:%M:%S")
    r = run_cli(["sms", "send", "--to", "13800138000", "--text", "【茧米】稍后", "--at", at, "--json"], platform.env)
    assert r.code == 0, r.stderr
    assert platform.state.submissions == []
    early = run_cli(["sms", "resume", "--json"], platform.env)
    assert early.code == 0 and platform.state.submissions == []
    time.sleep(max(0.0, (datetime.strptime(at, "%Y-%m-%d %H:%M:%S") - china_now().replace(tzinfo=None))
                   .total_seconds()) + 0.5)
    due = run_cli(["sms", "resume", "--json"], platform.env)
    assert due.code == 0, due.stderr
    assert due.json()["submitted"] == 1
    assert platform.submitted_numbers() == Counter({"13800138000": 1})


def test_past_at_is_refused(platform):
    r = run_cli(["sms", "send", "--to", "13800138000", "--text", "【茧米】晚了", "--at", "2001-01-01 09:00:00"],
                platform.env)
    assert r.code == 2 and "过去" in r.stderr


# --- voice, mms, status url ---------------------------------------------------------------

def _mp3_bytes(frames: int = 200) -> bytes:
    # MPEG-1 Layer III, 128 kbit/s, 44.1 kHz, no padding: 417-byte frames of silence
    header = bytes([0xFF, 0xFB, 0x90, 0x00])
    return b"ID3\x03\x00\x00\x00\x00\x00\x00" + (header + b"\x00" * 413) * frames


def test_voice_upload_once_send_and_call(platform, tmp_path):
    mp3 = tmp_path / "hello.mp3"
    mp3.write_bytes(_mp3_bytes())
    r = run_cli(["voice", "upload", str(mp3)], platform.env)
    assert r.code == 0, r.stderr
    serial = r.stdout.strip()
    assert serial in platform.state.voice_files
    again = run_cli(["voice", "upload", str(mp3)], platform.env)
    assert again.stdout.strip() == serial and len(platform.state.voice_files) == 1
    r = run_cli(["voice", "send", "--to", "13800138000", "--file", serial, "--at", "2099-05-01 10:30:00"],
                platform.env)
    assert r.code == 0, r.stderr
    r = run_cli(["voice", "send", "--to", "13800138000", "--text", "您的验证码是1234", "--vote"], platform.env)
    assert r.code == 0, r.stderr
    r = run_cli(["voice", "call", "--to", "13800138000", "--text", "您好", "--days", "weekdays", "--hours", "any",
                 "--speed", "30"], platform.env)
    assert r.code == 0, r.stderr
    by_cmd = {s.cmd: s for s in platform.state.submissions}
    assert by_cmd["sendvoice"].filename == serial
    assert by_cmd["sendvoice"].params.get("senddate") == "2099-05-01"
    assert by_cmd["sendvote"].msg == "您的验证码是1234"
    call = by_cmd["sendvoicecall"].params
    assert (call.get("daycheck"), call.get("timecheck"), call.get("speed")) == ("1", "0", "30")


def test_voice_bad_inputs_refused_before_sending(platform, tmp_path):
    wav = tmp_path / "a.mp3"
    wav.write_bytes(b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 100)
    r = run_cli(["voice", "upload", str(wav)], platform.env)
    assert r.code == 2 and "a.mp3" in r.stderr
    r = run_cli(["voice", "call", "--to", "13800138000", "--text", "您好", "--speed", "5000"], platform.env)
    assert r.code == 2 and "5000" in r.stderr
    assert platform.state.counts.total() == 0


def test_mms_send_with_a_12_megapixel_photo(platform, tmp_path):
    import random

    rnd = random.Random(3)
    img = Image.new("RGB", (4000, 3000))
    small = Image.frombytes("RGB", (400, 300), bytes(rnd.randrange(256) for _ in range(400 * 300 * 3)))
    img.paste(small.resize((4000, 3000)))
    photo = tmp_path / "photo.jpg"
    img.save(photo, "JPEG", quality=92)
    r = run_cli(["mms", "send", "--to", "13800138000,13900139000", "--title", "新品", "--frame", str(photo),
                 "--text", "第一帧", "--seconds", "4", "--frame", "", "--text", "谢谢", "--json"], platform.env)
    assert r.code == 0, r.stderr
    assert r.json()["submitted"] == 2
    (task,) = platform.state.mms_tasks.values()
    assert len(task.frames) == 2
    first = task.frames[0]
    assert first.image_size <= 80_000
    mms = [s for s in platform.state.submissions if s.cmd == "mmsSend"]
    assert mms and mms[0].task_id == task.task_id


def test_status_url(platform):
    r = run_cli(["status-url", "http://127.0.0.1:9/status?x=1"], platform.env)
    assert r.code == 0, r.stderr
    assert platform.state.status_url == "http://127.0.0.1:9/status?x=1"


def test_version():
    r = run_cli(["--version"], {})
    assert r.code == 0 and "jianmi-desktop" in r.stdout


def test_history_json_empty(data_dir):
    r = run_cli(["history", "--json"], {"JIANMI_DATA_DIR": str(data_dir)})
    assert r.code == 0 and json.loads(r.stdout) == []


def test_no_keychain_and_no_password_says_so(data_dir):
    r = run_cli(["balance"], {"JIANMI_DATA_DIR": str(data_dir), "JIANMI_UID": "someone"})
    assert r.code == 1
    assert "钥匙串" in r.stderr and "JIANMI_PASSWORD" in r.stderr


def test_a_campaign_of_another_account_is_never_resumed(platform, data_dir):
    import asyncio

    from jianmi_desktop.store.db import Store

    async def write_foreign():
        store = await Store.open(data_dir / "jianmi.db")
        try:
            return await store.create_campaign(kind="sms", text="【茧米】别人的", params={"account": "other@http://x/sdk"},
                                               mobiles=["13800138000"], batch_size=100)
        finally:
            await store.close()

    cid = asyncio.run(write_foreign())
    r = run_cli(["sms", "resume", "--json"], platform.env)
    assert r.code == 0 and "另一个账号" in r.stderr
    named = run_cli(["sms", "resume", str(cid)], platform.env)
    assert named.code == 1 and "另一个账号" in named.stderr
    assert platform.state.submissions == []


def test_a_hostile_server_105_500_slow_and_drops_leaves_every_recipient_truthful(loop_thread, data_dir, tmp_path):
    """105 bursts, HTTP 500s, slow answers and dropped connections at once: the campaign ends,
    nothing is carried out twice, and each recipient's state says what really happened."""
    import sqlite3

    from jianmi_desktop.sandbox.config import FaultPlan

    faults = FaultPlan(p_105=0.15, p_500=0.1, p_slow=0.2, slow_s=0.4, p_drop_after=0.08)
    p = Platform(loop_thread, data_dir, faults=faults, report_delay=(30.0, 31.0))  # no report settles anything
    try:
        path = tmp_path / "list.txt"
        all_numbers = numbers(3000)
        path.write_text("\n".join(all_numbers), encoding="utf-8")
        r = run_cli(["sms", "send", "--to-file", str(path), "--text", "【茧米】通知", "--json"], p.env)
        assert r.code in (0, 4), r.stderr
        carried = p.submitted_numbers()
        assert set(carried.values()) <= {1}  # never twice
        with sqlite3.connect(data_dir / "jianmi.db") as conn:
            states = dict(conn.execute("SELECT mobile, state FROM recipients"))
        assert len(states) == 3000
        for number in all_numbers:
            state = states[number]
            assert state in ("submitted", "uncertain"), (number, state)  # final: nothing pending or sending
            if state == "submitted":
                assert carried[number] == 1, number  # it said submitted: the platform has it
        uncertain = [n for n in all_numbers if states[n] == "uncertain"]
        assert (r.code == 4) == bool(uncertain)
        assert p.state.counts["fault_105"] + p.state.counts["http500"] > 0
    finally:
        p.stop()
