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
from dataclasses import dataclass
from pathlib import Path


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
