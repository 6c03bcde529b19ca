"""The relay as a real child process (``python -m jianmi_desktop relay``), a platform that pushes
to it the way the real one does (pushes of ≤ 200 records, resent until acknowledged), and
desktops with sent campaigns — shared by the relay's tests and ``benchmarks/relay_team.py``.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from jianmi_desktop.platform.models import StatusReport
from jianmi_desktop.platform.push_xml import build_status_push
from tests.support.postgres import free_port
from tests.support.servers import run_cli

ENV = {"PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}


class RelayProcess:
    """``jianmi-desktop relay --db URL --port P --json`` in a child process (a fixed port, so the
    platform's push URL stays the same across a kill and a restart)."""

    def __init__(self, db_url: str, data_dir: Path, port: int | None = None,
                 command: list[str] | None = None) -> None:
        self.command = command or [sys.executable, "-m", "jianmi_desktop"]
        self.db_url = db_url
        self.data_dir = data_dir
        self.port = port or free_port()
        self.proc: subprocess.Popen[str] | None = None
        self.urls: dict[str, str] = {}

    @property
    def env(self) -> dict[str, str]:
        return {**os.environ, **ENV, "JIANMI_DATA_DIR": str(self.data_dir)}

    def start(self, timeout: float = 60) -> RelayProcess:
        self.proc = subprocess.Popen(
            [*self.command, "relay", "--db", self.db_url, "--port", str(self.port), "--json"],
            env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True)
        assert self.proc.stdout is not None
        deadline = time.monotonic() + timeout
        line = ""
        while time.monotonic() < deadline and not line:
            line = self.proc.stdout.readline()
            if not line and self.proc.poll() is not None:
                raise RuntimeError(f"relay exited {self.proc.returncode}: {self.proc.stderr.read() if self.proc.stderr else ''}")
        self.urls = json.loads(line)
        return self

    def kill(self) -> None:
        """SIGKILL: no clean-up of any kind."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()
        if self.proc is not None:
            for stream in (self.proc.stdout, self.proc.stderr):
                if stream is not None:
                    stream.close()

    def cli(self, *args: str, timeout: float = 120):
        return run_cli(["relay", *args, "--db", self.db_url], {**ENV, "JIANMI_DATA_DIR": str(self.data_dir)},
                       timeout=timeout)

    def token(self, name: str) -> str:
        r = self.cli("token", "add", name)
        assert r.code == 0, r.stderr
        return r.stdout.strip()


@dataclass
class Desktop:
    """A desktop's data folder with its relay settings in the environment."""

    name: str
    folder: Path
    api_url: str
    token: str
    sent: list[tuple[str, str]] = field(default_factory=list)  # (msgid, mobile)

    @property
    def env(self) -> dict[str, str]:
        return {**ENV, "JIANMI_DATA_DIR": str(self.folder), "JIANMI_RELAY_URL": self.api_url,
                "JIANMI_RELAY_TOKEN": self.token}

    def sync(self, *args: str, timeout: float = 300):
        return run_cli(["sync", "--json", *args], self.env, timeout=timeout)

    def history(self) -> list[dict]:
        r = run_cli(["history", "--json"], self.env)
        assert r.code == 0, r.stderr
        return r.json()

    def copy(self, folder: Path, name: str) -> Desktop:
        shutil.copytree(self.folder, folder)
        return Desktop(name, folder, self.api_url, self.token, list(self.sent))

    async def send_campaign(self, count: int, prefix: int, batch_size: int = 500) -> None:
        """A campaign of ``count`` numbers, every batch submitted (msgids from this desktop's range)."""
        from jianmi_desktop.store import Store

        store = await Store.open(self.folder / "jianmi.db")
        try:
            mobiles = [f"1{prefix:02d}{i:08d}" for i in range(count)]
            cid = await store.create_campaign(kind="sms", text="【茧米】测试", params={}, mobiles=mobiles,
                                              batch_size=batch_size)
            while (batch := await store.claim_next_batch(cid)) is not None:
                await store.finish_batch(batch.id, "submitted", 100)
                self.sent.extend((batch.msgid, m) for m in batch.mobiles)
        finally:
            await store.close()


def report_bodies(records: list[tuple[str, str]], seed: int = 1, size: int = 200) -> list[bytes]:
    """Type-1 pushes of ≤ ``size`` reports for (msgid, mobile) records, shuffled like the
    platform's (reports of several desktops mixed), 1 in 10 undelivered."""
    rng = random.Random(seed)
    reports = [StatusReport(msgid, mobile, int(mobile) % 10 != 0, "DELIVRD" if int(mobile) % 10 else "UNDELIV",
                            "0", "demo") for msgid, mobile in records]
    rng.shuffle(reports)
    return [build_status_push(reports[i:i + size]) for i in range(0, len(reports), size)]


class Platform:
    """Pushes every body to the push URL until it is acknowledged (exactly 'SUCCESS'),
    as the platform does: an unanswered push is resent, so the relay sees repeats."""

    def __init__(self, push_url: str, *, connections: int = 4, resend_acked: float = 0.1, seed: int = 2) -> None:
        self.push_url = push_url
        self.connections = connections
        self.resend_acked = resend_acked   # and now and then resend one that WAS acknowledged
        self.rng = random.Random(seed)
        self.sent = 0
        self.failures = 0
        self.acked = 0

    async def push_all(self, bodies: list[bytes]) -> None:
        queue: asyncio.Queue[bytes] = asyncio.Queue()
        for body in bodies:
            queue.put_nowait(body)
        async with httpx.AsyncClient(timeout=10) as client:
            async def worker() -> None:
                while True:
                    try:
                        body = queue.get_nowait()
                    except asyncio.QueueEmpty:
                        return
                    while True:
                        self.sent += 1
                        try:
                            r = await client.post(self.push_url, content=body)
                            if r.status_code == 200 and r.text == "SUCCESS":
                                self.acked += 1
                                break
                        except httpx.HTTPError:
                            pass
                        self.failures += 1
                        await asyncio.sleep(0.05)
                    if self.rng.random() < self.resend_acked:
                        with_repeat = body
                        try:
                            await client.post(self.push_url, content=with_repeat)
                            self.sent += 1
                        except httpx.HTTPError:
                            self.failures += 1

            await asyncio.gather(*(worker() for _ in range(self.connections)))
