"""SIGKILL a real `jianmi-desktop sms send` at random moments and resume until done.

Shared by tests/integration/test_kill_resume.py and benchmarks/kill_resume.py. The sandbox
(with latency, so requests are in flight when the kill lands) and a receiver writing the
CLI's database run on a loop thread of this process; the command line runs as a child
process, killed with SIGKILL and started again with `sms resume` until the campaign is
finished. The verdict comes from the sandbox's own record of what it carried out
(``state.submissions``), compared with what the store says of every recipient.
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tests.support.servers import LoopThread, account_env

TEXT = "【茧米】系统维护通知：本周六 02:00–04:00 暂停服务。拒收请回复R"
WENT = ("submitted", "delivered", "undelivered")


@dataclass
class KillFigures:
    numbers: int
    kills: int = 0
    runs: int = 0
    killed_before_sending: int = 0
    requests: int = 0
    answers_105: int = 0
    batches: int = 0
    interrupted_batches: int = 0  # found 'sending' after a kill (summed over the runs' logs)
    uncertain_batches: int = 0
    uncertain_numbers: int = 0
    uncertain_carried_out: int = 0
    duplicates: int = 0          # numbers the sandbox carried out more than once
    missing: int = 0             # numbers not in an uncertain batch that were never carried out
    untruthful: list[str] = field(default_factory=list)
    states: dict = field(default_factory=dict)
    elapsed_s: float = 0.0

    @property
    def ok(self) -> bool:
        return not (self.duplicates or self.missing or self.untruthful)


class Harness:
    def __init__(self, folder: Path, *, latency_ms: int = 150, batch_size: int = 25, seed: int = 11,
                 report_delay=(0.2, 1.0)) -> None:
        from jianmi_desktop.receiver.app import Receiver
        from jianmi_desktop.sandbox.app import Sandbox, SandboxConfig
        from jianmi_desktop.settings import Settings, save_settings
        from jianmi_desktop.store.db import Store

        self.folder = folder
        self.data = folder / "data"
        self.data.mkdir(parents=True, exist_ok=True)
        save_settings(Settings(batch_size=batch_size), self.data)
        self.db = self.data / "jianmi.db"
        self.lt = LoopThread()

        async def start_receiver():
            self.store = await Store.open(self.db)
            self.receiver = Receiver(self.store, host="127.0.0.1", port=0, token="killtest")
            await self.receiver.start()

        self.lt.run(start_receiver())
        self.sandbox = Sandbox(SandboxConfig(port=0, push_url=self.receiver.push_url, latency_ms=latency_ms,
                                             seed=seed, report_delay=report_delay, initial_balance=10_000_000))
        self.lt.run(self.sandbox.start())
        self.env = {**os.environ, **account_env(self.sandbox.url, self.data)}

    @property
    def state(self):
        return self.sandbox.state

    def sends(self) -> int:
        return sum(1 for s in self.state.submissions if s.cmd == "send")

    def start(self, args: list[str], log_name: str) -> subprocess.Popen:
        log = open(self.folder / log_name, "wb")
        try:
            return subprocess.Popen([sys.executable, "-m", "jianmi_desktop", *args], env=self.env,
                                    stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        finally:
            log.close()

    def campaign_exists(self) -> bool:
        with sqlite3.connect(self.db) as conn:
            return conn.execute("SELECT count(*) FROM campaigns").fetchone()[0] > 0

    def stop(self) -> None:
        try:
            self.lt.run(self.sandbox.stop())
            self.lt.run(self.receiver.stop())
            self.lt.run(self.store.close())
        finally:
            self.lt.close()


def run(folder: Path, *, numbers: int = 5000, kills: int = 20, seed: int = 2024, latency_ms: int = 150,
        batch_size: int = 25, max_after_start_s: float = 1.2, settle_s: float = 3.0) -> KillFigures:
    """Send ``numbers`` numbers, SIGKILL the sender ``kills`` times, resume until done, judge."""
    rng = random.Random(seed)
    figures = KillFigures(numbers)
    started = time.monotonic()
    h = Harness(folder, latency_ms=latency_ms, batch_size=batch_size, seed=seed)
    try:
        mobiles = [str(13000000000 + i * 7) for i in range(numbers)]
        listing = folder / "numbers.txt"
        listing.write_text("\n".join(mobiles), encoding="utf-8")
        send_args = ["sms", "send", "--to-file", str(listing), "--text", TEXT, "--json"]
        while figures.kills < kills:
            args = ["sms", "resume", "--json"] if h.campaign_exists() else send_args
            before = h.sends()
            proc = h.start(args, f"run-{figures.runs:02d}.log")
            figures.runs += 1
            if figures.runs > 1 and rng.random() < 0.2:
                # a moment during start-up: opening the store, marking interrupted batches, ...
                time.sleep(rng.uniform(0.02, 0.4))
                figures.killed_before_sending += h.sends() == before
            else:
                deadline = time.monotonic() + 30
                while h.sends() == before and proc.poll() is None and time.monotonic() < deadline:
                    time.sleep(0.005)
                time.sleep(rng.uniform(0.0, max_after_start_s))
            if proc.poll() is not None:
                break  # it finished before the moment came
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()
            figures.kills += 1
        for attempt in range(5):  # resume to the end, no more kills
            proc = h.start(["sms", "resume", "--json"], f"final-{attempt}.log")
            figures.runs += 1
            code = proc.wait(timeout=300)
            out = (folder / f"final-{attempt}.log").read_text(encoding="utf-8", errors="replace")
            if code not in (0, 4):
                raise AssertionError(f"sms resume exited {code}:\n{out}")
            if _unfinished(h.db) == 0:
                break
        time.sleep(settle_s)  # let the delivery reports of the last batches arrive
        figures.interrupted_batches = _interrupted(folder)
        _judge(h, mobiles, figures)
    finally:
        h.stop()
    figures.elapsed_s = time.monotonic() - started
    return figures


def _interrupted(folder: Path) -> int:
    """What the CLI said at each start: "上次发送中断时有 N 批结果不确定"."""
    total = 0
    for log in folder.glob("*.log"):
        for m in re.finditer(r"上次发送中断时有 (\d+) 批", log.read_text(encoding="utf-8", errors="replace")):
            total += int(m.group(1))
    return total


def _unfinished(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT count(*) FROM recipients WHERE state IN ('pending', 'sending')").fetchone()[0]


def _judge(h: Harness, mobiles: list[str], f: KillFigures) -> None:
    sends = [s for s in h.state.submissions if s.cmd == "send"]
    f.requests = len(sends)
    f.answers_105 = h.state.counts[105]
    carried = Counter(m for s in sends for m in s.mobiles)
    msgid_of = {}
    for s in sends:
        for m in s.mobiles:
            msgid_of.setdefault(m, s.msgid)
    with sqlite3.connect(h.db) as conn:
        rows = conn.execute(
            "SELECT r.mobile, r.state, b.state, b.msgid FROM recipients AS r JOIN batches AS b ON b.id = r.batch_id"
        ).fetchall()
        f.batches = conn.execute("SELECT count(*) FROM batches").fetchone()[0]
        f.uncertain_batches = conn.execute("SELECT count(*) FROM batches WHERE state = 'uncertain'").fetchone()[0]
        campaigns = conn.execute("SELECT count(*) FROM campaigns").fetchone()[0]
    if campaigns != 1:
        f.untruthful.append(f"{campaigns} campaigns written, expected 1")
    f.states = dict(Counter(r[1] for r in rows))
    in_store = Counter(r[0] for r in rows)
    if set(in_store) != set(mobiles) or set(in_store.values()) != {1}:
        f.untruthful.append("the store does not hold every number exactly once")
    f.duplicates = sum(1 for n in carried.values() if n > 1)
    for mobile, state, batch_state, msgid in rows:
        n = carried.get(mobile, 0)
        if batch_state == "uncertain":
            f.uncertain_numbers += 1
            f.uncertain_carried_out += n == 1
            if state != "uncertain":
                _bad(f, f"{mobile}: '{state}' in an uncertain batch")
            if n == 1 and msgid_of[mobile] != msgid:
                _bad(f, f"{mobile}: carried out under msgid {msgid_of[mobile]}, the store says {msgid}")
            continue
        if n == 0 and state != "failed":
            f.missing += 1
        if state in ("pending", "sending"):
            _bad(f, f"{mobile}: left '{state}'")
        elif state in WENT:
            if n == 1 and msgid_of[mobile] != msgid:
                _bad(f, f"{mobile}: carried out under msgid {msgid_of[mobile]}, the store says {msgid}")
        elif state == "failed":
            if n:
                _bad(f, f"{mobile}: 'failed' yet carried out")
        else:
            _bad(f, f"{mobile}: '{state}' under a '{batch_state}' batch")


def _bad(f: KillFigures, line: str) -> None:
    if len(f.untruthful) < 20:
        f.untruthful.append(line)


def as_json(f: KillFigures) -> str:
    data = dict(f.__dict__)
    data["ok"] = f.ok
    return json.dumps(data, ensure_ascii=False, indent=2)
