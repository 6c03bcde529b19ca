"""The first start (issue 13, item 9): a welcome on the sandbox, once; again from 帮助 → 欢迎页."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from jianmi_desktop.gui.welcome import WelcomeDialog, maybe_welcome
from jianmi_desktop.settings import load_settings


def welcomes() -> list[WelcomeDialog]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, WelcomeDialog) and w.isVisible()]


def test_the_welcome_shows_once_on_the_sandbox_and_from_the_help_menu(window, data_folder):
    dialog = maybe_welcome(window)
    assert dialog is not None and welcomes() == [dialog]
    text = dialog.findChild(object, "welcomeText").text()
    assert "沙箱模式" in text and "短信" in text and "彩信" in text and "语音" in text
    assert load_settings(data_folder).ui.welcome_shown == 1          # remembered on disk at once
    dialog.accept()
    assert maybe_welcome(window) is None and welcomes() == []       # never again by itself
    window.findChild(object, "welcomeAction").trigger()
    assert len(welcomes()) == 1
    welcomes()[0].accept()


def test_the_account_button_opens_the_settings(window):
    from jianmi_desktop.gui.settings.dialog import SettingsDialog

    dialog = maybe_welcome(window)
    dialog.findChild(object, "welcomeAccount").click()
    assert welcomes() == []
    settings = window.findChild(SettingsDialog)
    assert settings is not None and settings.isVisible()
    settings.reject()


def test_no_welcome_with_a_real_account(window):
    window.controller.settings.mode = "production"
    assert maybe_welcome(window) is None
