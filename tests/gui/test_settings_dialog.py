"""The settings dialog on the real window and the embedded sandbox."""

from __future__ import annotations

import json
import socket

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox

from jianmi_desktop import settings as S
from jianmi_desktop.gui.settings.dialog import SettingsDialog
from jianmi_desktop.sandbox.app import Sandbox
from jianmi_desktop.sandbox.config import SandboxConfig
from tests.gui.conftest import until

# the offscreen platform plugin warns whenever a window's size limits change; not a program problem
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


@pytest.fixture(autouse=True)
def no_session_secrets():
    S.forget_session_secrets()
    yield
    S.forget_session_secrets()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def open_dialog(window) -> tuple[SettingsDialog, list[int]]:
    window.open_settings()
    dialog = window.findChild(SettingsDialog)
    assert dialog is not None and dialog.isVisible() and dialog.isModal()
    results: list[int] = []
    dialog.finished.connect(results.append)
    return dialog, results


def visible_messages(window) -> list[QMessageBox]:
    return [box for box in window.findChildren(QMessageBox) if box.isVisible()]


def test_saves_and_reloads(window, controller, data_folder, run):
    async def body():
        await until(lambda: controller.client is not None)
        old_client = controller.client
        dialog, results = open_dialog(window)
        dialog.batch_spin.setValue(250)
        dialog.rate_spin.setValue(8)
        dialog.signature_edit.setText("【茧米科技】")
        dialog.low_balance_spin.setValue(5000)
        dialog.night_start_spin.setValue(21)
        dialog.night_end_spin.setValue(9)
        dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("en"))
        changed = []
        controller.status_changed.connect(changed.append)
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
        await until(lambda: results, message="the dialog to close")
        assert results == [QDialog.DialogCode.Accepted]
        saved = json.loads((data_folder / "settings.json").read_text(encoding="utf-8"))
        assert (saved["batch_size"], saved["rate"], saved["signature"], saved["low_balance"], saved["language"]) \
            == (250, 8, "【茧米科技】", 5000, "en")
        assert (saved["night_start"], saved["night_end"]) == (21, 9)
        assert S.night_hours(S.load_settings(data_folder)) == (21, 9)
        assert S.load_settings(data_folder).batch_size == 250
        assert controller.settings.signature == "【茧米科技】"
        assert changed and changed[-1].mode == "sandbox"  # the services were restarted ...
        assert controller.client is not old_client  # ... with a new client
        assert (await controller.client.getnum()).remaining > 0
        assert not visible_messages(window)  # no secrets entered: nothing to warn about

        dialog, results = open_dialog(window)  # opens again with what was saved
        assert dialog.batch_spin.value() == 250 and dialog.signature_edit.text() == "【茧米科技】"
        assert dialog.language_combo.currentData() == "en"
        dialog.reject()
        assert results == [QDialog.DialogCode.Rejected]

    run(body())


@pytest.mark.parametrize("signature", ["茧米科技", "【】", "[茧米]", "【茧米】科技"])
def test_a_bad_signature_is_refused(window, controller, run, signature):
    dialog, results = open_dialog(window)
    dialog.signature_edit.setText(signature)
    dialog.accept()
    assert dialog.isVisible() and not results
    assert dialog.error_label.isVisible() and "【签名】" in dialog.error_label.text()
    assert dialog.pages.currentIndex() == 1  # the page with the field (发送)
    assert controller.settings.signature == ""


def test_switching_to_production_without_an_account_is_refused(window, controller, data_folder, run):
    async def body():
        await until(lambda: controller.status is not None)
        dialog, results = open_dialog(window)
        dialog.pages.setCurrentIndex(1)
        dialog.production_radio.setChecked(True)
        dialog.accept()
        assert dialog.isVisible() and not results
        assert "正式模式" in dialog.error_label.text() and "账号" in dialog.error_label.text()
        assert dialog.pages.currentIndex() == 0  # the page with the account
        dialog.uid_edit.setText("shop01")  # an account without a password is not complete either
        dialog.accept()
        assert dialog.isVisible() and "密码" in dialog.error_label.text()
        assert controller.settings.mode == "sandbox" and controller.status.mode == "sandbox"
        assert not (data_folder / "settings.json").exists() or \
            json.loads((data_folder / "settings.json").read_text(encoding="utf-8"))["mode"] == "sandbox"

    run(body())


def test_restore_default_endpoints(window):
    dialog, _ = open_dialog(window)
    dialog.sdk_edit.setText("http://127.0.0.1:1/sdk/SMS")
    dialog.intl_edit.setText("http://127.0.0.1:1/ClientApi")
    dialog.defaults_button.click()
    assert dialog.sdk_edit.text() == S.PRODUCTION_SDK_URL
    assert dialog.clientapi_edit.text() == S.PRODUCTION_CLIENTAPI_URL
    assert dialog.intl_edit.text() == S.PRODUCTION_INTL_URL


def test_connection_in_plain_words(window, controller, run):
    async def body():
        await until(lambda: controller.status is not None)
        base = controller.runtime.sandbox_thread.sandbox.url
        dialog, _ = open_dialog(window)

        async def probe(url, uid, password):
            dialog.sdk_edit.setText(url)
            dialog.uid_edit.setText(uid)
            dialog.password_edit.setText(password)
            dialog.test_button.click()
            assert not dialog.test_button.isEnabled()
            await until(lambda: dialog.test_button.isEnabled(), message=f"the test of {url}")
            return dialog.test_result.text()

        port = free_port()
        text = await probe(f"http://127.0.0.1:{port}/sdk/SMS", "demo", "demo1234")
        assert "连不上" in text and f"127.0.0.1:{port}" in text and "Error" not in text, text
        text = await probe(f"{base}/sdk/SMS", "demo", "wrong-password")
        assert "102" in text and "密码不对" in text, text
        text = await probe(f"{base}/no/such/path", "demo", "demo1234")
        assert "404" in text and "地址不对" in text, text
        text = await probe(f"{base}/sdk/SMS", "demo", "demo1234")
        remaining = (await controller.client.getnum()).remaining
        assert "连接成功" in text and str(remaining) in text, text
        dialog.password_edit.clear()
        dialog.test_button.click()
        assert "密码" in dialog.test_result.text()
        dialog.reject()

    run(body())


def test_without_a_keychain_secrets_live_only_in_memory(window, controller, data_folder, run):
    async def body():
        await until(lambda: controller.status is not None)
        dialog, results = open_dialog(window)
        await until(lambda: dialog.password_edit.placeholderText() == "", message="secrets read")
        dialog.uid_edit.setText("shop01")
        dialog.password_edit.setText("Pw-only-in-memory-7")
        dialog.apikey_edit.setText("key-only-in-memory-7")
        dialog.accept()
        await until(lambda: results, message="the dialog to close")
        await until(lambda: visible_messages(window), message="the keychain message")
        box = visible_messages(window)[0]
        assert "钥匙串" in box.text() and "Traceback" not in box.text()
        box.close()
        assert S.get_secret("shop01", "password") == "Pw-only-in-memory-7"
        assert S.resolve_account(controller.settings, env={}).complete
        for path in data_folder.rglob("*"):
            if path.is_file():
                data = path.read_bytes()
                assert b"Pw-only-in-memory-7" not in data and b"key-only-in-memory-7" not in data, path

    run(body())


def test_switching_to_production_with_an_account(window, controller, run):
    platform = Sandbox(SandboxConfig(uid="shop01", password="Start2024", apikey="k-1", initial_balance=4321))
    run(platform.start())
    balance = next(t for t in window.tab_widgets if type(t).__name__ == "BalanceTab")
    try:
        async def body():
            await until(lambda: balance.balance is not None)
            dialog, results = open_dialog(window)
            dialog.production_radio.setChecked(True)
            dialog.uid_edit.setText("shop01")
            dialog.password_edit.setText("Start2024")
            dialog.apikey_edit.setText("k-1")
            dialog.sdk_edit.setText(platform.sdk_url)
            dialog.clientapi_edit.setText(platform.clientapi_url)
            dialog.intl_edit.setText(platform.intl_url)
            dialog.port_spin.setValue(free_port())
            dialog.accept()
            await until(lambda: results, message="the switch", timeout=30)
            assert controller.status.mode == "production" and controller.settings.mode == "production"
            assert controller.status.sdk_url == platform.sdk_url
            assert "正式模式" in window.mode_label.text() and not window.banner.isVisible()
            await until(lambda: balance.balance is not None and balance.balance.remaining == 4321,
                        message="the production balance")
            for box in visible_messages(window):  # the null keychain's note
                box.close()

        run(body())
    finally:
        run(platform.stop())


def test_the_public_callback_note_names_the_status_url(window, controller, run):
    async def body():
        await until(lambda: controller.client is not None)
        dialog, results = open_dialog(window)
        token = controller.settings.receiver_token
        assert token
        dialog.callback_edit.setText("")
        assert "语音和彩信" in dialog.status_url_label.text()
        dialog.callback_edit.setText("https://cb.example.com/")
        assert f"https://cb.example.com/{token}/status" in dialog.status_url_label.text()
        dialog.callback_edit.setText("http://203.0.113.5:17801")
        assert f"http://203.0.113.5:17801/{token}/status" in dialog.status_url_label.text()
        dialog.reject()
        await until(lambda: results, message="the dialog to close")

    run(body())
