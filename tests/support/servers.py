"""Real servers for tests that drive the command line in a subprocess.

The sandbox and the receiver run on an asyncio loop in a thread of the test process and
listen on real loopback sockets; the command line runs as a real child process.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import threading
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class LoopThread:
    """An asyncio loop in a daemon thread; ``run(coro)`` waits for a coroutine run on it."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self._thread.start()

    def run(self, coro, timeout: float = 60):
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(5)


@dataclass
class CliResult:
    code: int
    stdout: str
    stderr: str

    def json(self):
        return json.loads(self.stdout)


def run_cli(args: list[str], env: dict[str, str], timeout: float = 120) -> CliResult:
    full_env = {**os.environ, **env}
    proc = subprocess.run([sys.executable, "-m", "jianmi_desktop", *args], env=full_env, capture_output=True,
                          text=True, timeout=timeout, stdin=subprocess.DEVNULL)
    return CliResult(proc.returncode, proc.stdout, proc.stderr)


def account_env(sandbox_url: str, data_dir: Path, *, uid="demo", password="demo1234",
                apikey="demo-api-key") -> dict[str, str]:
    return {
        "JIANMI_SDK_URL": f"{sandbox_url}/sdk/SMS",
        "JIANMI_CLIENTAPI_URL": f"{sandbox_url}/ClientApi",
        "JIANMI_INTL_URL": f"{sandbox_url}/ClientApi",
        "JIANMI_UID": uid,
        "JIANMI_PASSWORD": password,
        "JIANMI_APIKEY": apikey,
        "JIANMI_DATA_DIR": str(data_dir),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
    }


class Platform:
    """A sandbox on a loop thread, and (optionally) a receiver writing into the command line's
    database in ``data_dir``; ``env`` points a child process's command line at them."""

    def __init__(self, loop_thread: LoopThread, data_dir: Path, *, receiver: bool = True, **config: Any) -> None:
        from jianmi_desktop.paths import DataPaths
        from jianmi_desktop.sandbox.app import Sandbox, SandboxConfig

        self.lt = loop_thread
        self.receiver: Any = None
        self.store: Any = None
        push_url = None
        if receiver:
            from jianmi_desktop.receiver.app import Receiver
            from jianmi_desktop.store.db import Store

            async def start_receiver() -> None:
                self.store = await Store.open(DataPaths(data_dir).db)
                self.receiver = Receiver(self.store, host="127.0.0.1", port=0, token="tok123")
                await self.receiver.start()

            self.lt.run(start_receiver())
            push_url = self.receiver.push_url
        config.setdefault("report_delay", (0.05, 0.3))
        config.setdefault("seed", 7)
        self.sandbox = Sandbox(SandboxConfig(port=0, push_url=push_url, **config))
        self.lt.run(self.sandbox.start())
        self.env = account_env(self.sandbox.url, data_dir)

    @property
    def state(self) -> Any:
        return self.sandbox.state

    def submitted_numbers(self) -> Counter[str]:
        return Counter(m for s in self.state.submissions for m in s.mobiles)

    def stop(self) -> None:
        self.lt.run(self.sandbox.stop())
        if self.receiver is not None:
            self.lt.run(self.receiver.stop())
            self.lt.run(self.store.close())
