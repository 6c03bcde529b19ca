"""GUI tests: the real window on the embedded sandbox, on a qasync loop driven explicitly.

pytest-qt does not drive qasync, so each test runs its body as a coroutine on a
``qasync.QEventLoop`` (``run(coro)``) and waits with ``await until(...)`` — Qt events and
asyncio callbacks are both processed while it waits.
"""

from __future__ import annotations

import asyncio
import gc
import os
import time

os.environ.setdefault("QT_API", "pyside6")

import socket  # noqa: E402

import keyring  # noqa: E402
import keyring.backend  # noqa: E402
import pytest  # noqa: E402
import qasync  # noqa: E402

from jianmi_desktop import settings as S  # noqa: E402
from jianmi_desktop.sandbox.app import Sandbox  # noqa: E402
from jianmi_desktop.sandbox.config import SandboxConfig  # noqa: E402
from jianmi_desktop.settings import Settings  # noqa: E402


async def name_of(store, cid: int) -> str:
    """What the window calls a campaign ("短信 #3", gui/widgets/names.py), from the store."""
    campaign = await store.get_campaign(cid)
    family = {"sms": "短信", "intl": "短信", "voice": "语音", "voicecall": "语音", "mms": "彩信"}[campaign.kind]
    return f"{family} #{campaign.number}"


async def until(predicate, timeout: float = 15.0, interval: float = 0.02, message: str = "") -> None:
    """Wait (processing Qt and asyncio events) until ``predicate()`` is true."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {message or predicate}")
        await asyncio.sleep(interval)


class SteadyLoop(qasync.QEventLoop):
    """A qasync loop that stays the running loop for the whole test.

    The program runs its loop once, for good (``qasync.run``). Tests run it piecewise
    (``run(coro)`` several times), and between those pieces Qt still processes events — a
    message box opening, a click — and with them the loop's callbacks: a task the window
    started (a start-up check, a store call) then resumes with no running loop and fails
    (``RuntimeError: no running event loop``). So the loop is marked running from the fixture's
    start to its end, as it is in the program."""

    def run_forever(self):
        try:
            return super().run_forever()
        finally:
            asyncio.events._set_running_loop(self)

    def run_until_complete(self, future):
        try:
            return super().run_until_complete(future)
        finally:
            asyncio.events._set_running_loop(self)


@pytest.fixture(autouse=True)
def qt_garbage_on_this_thread():
    """Set up before every other fixture of a GUI test, so torn down after them all: what they held
    (the controller, the window) is collected here, on the GUI thread. Left to a later collection,
    it may run in some worker thread of another test, where Qt refuses to stop a timer."""
    yield
    gc.collect()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    """The fixture above collects while pytest still holds the test's arguments (``item.funcargs``,
    the window a test asked for): pytest lets go of them only after the last teardown. Collect
    once more then, still on the GUI thread, so the next test (perhaps one that is not a GUI test,
    writing from a worker thread) does not collect a window in its thread."""
    yield
    if "qt_garbage_on_this_thread" in getattr(item, "fixturenames", ()):
        gc.collect()


@pytest.fixture
def qloop(qapp):
    # As in the program (gui/app.py): closing the last window does not quit. Left on, a window
    # closing while a test's run() is under way (a dialog, or the main window at tear-down)
    # posts a Quit that ends the loop before the awaited coroutine is done.
    qapp.setQuitOnLastWindowClosed(False)
    loop = SteadyLoop(qapp)
    asyncio.set_event_loop(loop)
    asyncio.events._set_running_loop(loop)
    yield loop
    try:
        pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
        for task in pending:
            task.cancel()
        if pending:
            loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
    finally:
        asyncio.events._set_running_loop(None)
        asyncio.set_event_loop(None)
        gc.collect()  # Qt objects die here, on the GUI thread, not later in some worker thread
        loop.close()  # also stops its thread executor (asyncio.to_thread runs there)


@pytest.fixture
def run(qloop):
    def runner(coro, timeout: float = 60):
        return qloop.run_until_complete(asyncio.wait_for(coro, timeout))

    return runner


@pytest.fixture
def data_folder(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setenv("JIANMI_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def settings():
    return Settings()


@pytest.fixture
def controller(data_folder, settings, qapp):
    from jianmi_desktop.gui.controller import Controller

    return Controller(data_folder, settings)


@pytest.fixture
def window(controller, qtbot, run):
    """The real main window, with its services started on the embedded sandbox."""
    from jianmi_desktop.gui.main_window import MainWindow

    win = MainWindow(controller)
    qtbot.addWidget(win)
    win.show()
    run(controller.start())
    yield win
    run(controller.stop())


class MemoryKeyring(keyring.backend.KeyringBackend):
    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.kept: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.kept.get((service, username))

    def set_password(self, service, username, password):
        self.kept[(service, username)] = password

    def delete_password(self, service, username):
        self.kept.pop((service, username), None)


@pytest.fixture
def production(settings, run):
    """A second sandbox posing as the production platform, the account in a keychain."""
    previous = keyring.get_keyring()
    chain = MemoryKeyring()
    keyring.set_keyring(chain)
    platform = Sandbox(SandboxConfig(uid="shop01", password="Start2024", apikey="k-1", initial_balance=4321))
    run(platform.start())
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.mode, settings.uid = "production", "shop01"
    settings.sdk_url, settings.clientapi_url, settings.intl_url = (
        platform.sdk_url, platform.clientapi_url, platform.intl_url)
    settings.receiver_host, settings.receiver_port = "127.0.0.1", port
    S.set_secret("shop01", "password", "Start2024")
    S.set_secret("shop01", "apikey", "k-1")
    yield platform, chain
    run(platform.stop())
    keyring.set_keyring(previous)
