"""Test-wide environment and the parts most tests share.

Environment: Qt offscreen, no OS keychain, and a data folder of the test's own.

Fixtures (real parts over real loopback sockets, never mocks):

- ``data_dir``: an empty data folder in the test's tmp folder, set as ``JIANMI_DATA_DIR``;
- ``store``: the real SQLite store in ``data_dir`` (async tests);
- ``start_sandbox(**config)``: starts a sandbox on a free port of this test's loop (stopped
  at the end); ``sandbox`` is one with a fast rate and reports within 0.1 s;
- ``collector``: the customer's side for pushes and status calls (``sandbox.testing.Collector``);
- ``start_receiver(store, **options)``: the real receiver on a free port (stopped at the end);
- ``loop_thread`` and ``platform``: a sandbox and a receiver writing the CLI's database, on a
  loop in a thread of this process, for tests that run the command line as a child process
  (``tests/support/servers.py``).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.null.Keyring"
os.environ.setdefault("JIANMI_DATA_DIR", tempfile.mkdtemp(prefix="jianmi-test-data-"))
for _name in ("JIANMI_SDK_URL", "JIANMI_CLIENTAPI_URL", "JIANMI_INTL_URL", "JIANMI_UID", "JIANMI_PASSWORD",
              "JIANMI_APIKEY"):
    os.environ.pop(_name, None)


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setenv("JIANMI_DATA_DIR", str(folder))
    return folder


@pytest.fixture
async def store(data_dir: Path) -> AsyncIterator[Any]:
    from jianmi_desktop.paths import DataPaths
    from jianmi_desktop.store.db import Store

    opened = await Store.open(DataPaths(data_dir).db)
    yield opened
    await opened.close()


@pytest.fixture
async def start_sandbox() -> AsyncIterator[Callable[..., Awaitable[Any]]]:
    from jianmi_desktop.sandbox.app import Sandbox, SandboxConfig

    started: list[Sandbox] = []

    async def start(**config: Any) -> Sandbox:
        sandbox = Sandbox(SandboxConfig(**config))
        await sandbox.start()
        started.append(sandbox)
        return sandbox

    yield start
    for sandbox in reversed(started):
        await sandbox.stop()


@pytest.fixture
async def sandbox(start_sandbox: Callable[..., Awaitable[Any]]) -> Any:
    return await start_sandbox(rate=1000, report_delay=(0.05, 0.1))


@pytest.fixture
async def collector() -> AsyncIterator[Any]:
    from jianmi_desktop.sandbox.testing import Collector

    c = Collector()
    await c.start()
    yield c
    await c.stop()


@pytest.fixture
async def start_receiver() -> AsyncIterator[Callable[..., Awaitable[Any]]]:
    from jianmi_desktop.receiver.app import Receiver

    started: list[Receiver] = []

    async def start(store: Any, **options: Any) -> Receiver:
        options.setdefault("token", "tok123")
        receiver = Receiver(store, host="127.0.0.1", port=0, **options)
        await receiver.start()
        started.append(receiver)
        return receiver

    yield start
    for receiver in reversed(started):
        await receiver.stop()


@pytest.fixture
def loop_thread() -> Iterator[Any]:
    from tests.support.servers import LoopThread

    lt = LoopThread()
    yield lt
    lt.close()


@pytest.fixture
def platform(loop_thread: Any, data_dir: Path) -> Iterator[Any]:
    """A sandbox and a receiver writing the command line's database (see ``Platform``)."""
    from tests.support.servers import Platform

    p = Platform(loop_thread, data_dir)
    yield p
    p.stop()
