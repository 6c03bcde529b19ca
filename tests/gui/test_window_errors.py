"""The window with things a user can cause: a campaign sent from the command line beside it,
a wrong password, an unreachable host, an empty balance, a receiver port already taken."""

from __future__ import annotations

import asyncio
import os
import socket
import sys

import pytest
from PySide6.QtWidgets import QMessageBox

from tests.gui.conftest import until

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def tab_of(window, name):
    return next(t for t in window.tab_widgets if type(t).__name__ == name)


def cli_env(controller, data_folder) -> dict[str, str]:
    account = controller.runtime.account
    env = {**os.environ, "JIANMI_SDK_URL": account.sdk_url, "JIANMI_CLIENTAPI_URL": account.clientapi_url,
           "JIANMI_INTL_URL": account.intl_url, "JIANMI_UID": account.uid, "JIANMI_PASSWORD": "demo1234",
           "JIANMI_DATA_DIR": str(data_folder)}
    return env


async def run_cli(args, env) -> tuple[int, str, str]:
    proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "jianmi_desktop", *args, env=env,
                                                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
                                                stdin=asyncio.subprocess.DEVNULL)
    out, err = await proc.communicate()
    return proc.returncode, out.decode(), err.decode()


def test_a_campaign_sent_from_the_command_line_appears_in_history(window, controller, data_folder, run):
    history = tab_of(window, "HistoryTab")
    window.tabs.setCurrentWidget(history)

    async def body():
        code, out, err = await run_cli(["sms", "send", "--to", "13800138000,13900139000", "--text", "【茧米】命令行",
                                        "--json"], cli_env(controller, data_folder))
        assert code == 0, err
        cid = __import__("json").loads(out)["campaign"]
        def summary() -> dict:
            row = history.campaigns.row_of(cid)
            return history.campaigns.rows[row].summary if row >= 0 else {}

        # a poll may have read the campaign while the CLI was still sending: wait for its outcome
        await until(lambda: summary().get("submitted") == 2, timeout=15, message="the CLI campaign listed")
        assert summary()["recipients"] == 2

    run(body())


def message_boxes():
    from PySide6.QtWidgets import QApplication

    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]


def test_wrong_password_is_a_plain_message_and_the_window_stays_usable(window, controller, run):
    balance = tab_of(window, "BalanceTab")
    window.tabs.setCurrentWidget(balance)  # its error line shows on the tab (the first tab is 短信)

    async def body():
        await until(lambda: balance.balance is not None, message="the first balance")
        controller.client.account.password_md5 = "0" * 32  # as if the password had been changed elsewhere
        balance.refresh()
        await until(lambda: balance.error_label.isVisible(), message="an error shown")
        text = balance.error_label.text()
        assert "密码" in text and "Traceback" not in text
        assert window.isVisible() and balance.refresh_button.isEnabled()

    run(body())


def test_unreachable_host_is_a_plain_message(window, controller, run):
    from jianmi_desktop.client import Endpoints

    balance = tab_of(window, "BalanceTab")
    window.tabs.setCurrentWidget(balance)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again when the block ends: nothing listens there

    async def body():
        await until(lambda: balance.balance is not None, message="the first balance")
        url = f"http://127.0.0.1:{port}"
        controller.client.endpoints = Endpoints(f"{url}/sdk/SMS", f"{url}/ClientApi", f"{url}/ClientApi")
        controller.client.backoff = 0.01  # the retries still happen, without 15 s of waiting between them
        balance.refresh()
        await until(lambda: balance.error_label.isVisible(), timeout=30, message="an error shown")
        assert "Traceback" not in balance.error_label.text()
        assert balance.error_label.text().strip()

    run(body())


def test_no_balance_106_is_explained(window, controller, run):
    async def body():
        sandbox = controller.runtime.sandbox_thread.sandbox
        sandbox.state.remaining = 0
        from jianmi_desktop.platform.errors import PlatformRefusal

        with pytest.raises(PlatformRefusal) as info:
            await controller.client.send_sms(["13800138000"], "【茧米】你好", "1")
        from jianmi_desktop.gui.controller import plain_message

        text = plain_message(info.value)
        assert "余额不足" in text and "106" in text

    run(body())


def test_a_taken_receiver_port_is_a_plain_message(controller, settings, qtbot, run, monkeypatch):
    from jianmi_desktop.gui.main_window import MainWindow

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        monkeypatch.setenv("JIANMI_UID", "someone")
        monkeypatch.setenv("JIANMI_PASSWORD", "secret12")
        settings.mode = "production"
        settings.receiver_port = port
        settings.sdk_url = settings.clientapi_url = settings.intl_url = "http://127.0.0.1:9/x"
        win = MainWindow(controller)
        qtbot.addWidget(win)
        win.show()

        async def body():
            await controller.start()
            await until(lambda: message_boxes(), message="a message box")
            texts = " ".join(box.text() for box in message_boxes())
            assert str(port) in texts and "端口" in texts and "换一个端口" in texts
            assert controller.status.receiver_error.en.startswith("The port for delivery reports")
            assert controller.status.mode == "production" and win.isVisible()
            await controller.stop()

        run(body())
