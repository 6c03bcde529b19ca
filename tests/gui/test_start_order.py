"""The window in the order the program starts it (gui/app.py): the frame from the settings alone,
then the current tab, the services, the other tabs — each tab as complete as if built first."""

from __future__ import annotations

import sqlite3

import pytest

from jianmi_desktop.gui.main_window import TABS, MainWindow
from tests.gui.conftest import until

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def test_the_frame_needs_only_the_settings_and_answers_nothing_before_the_services(settings, qtbot):
    settings.ui.last_tab = 2
    window = MainWindow(settings=settings)
    qtbot.addWidget(window)
    assert window.controller is None and window.tab_widgets == []
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == \
        ["短信", "语音", "彩信", "余额", "修改密码", "发送记录", "收件箱"]
    assert window.tabs.currentIndex() == 2
    menus = [action.text() for action in window.menuBar().actions()]
    assert menus == ["文件(&F)", "工具(&T)", "帮助(&H)"]
    # a menu chosen in that split second does nothing (no controller yet), and closing works
    for name in ("settingsAction", "consoleAction", "logsAction", "aboutAction"):
        window.findChild(type(window.menuBar().actions()[0]), name).trigger()
    assert window.findChildren(MainWindow) == [] and not window.findChild(type(window), "consoleWindow")
    window.close()
    assert window.was_closed


def test_shortcuts_come_with_the_services(controller, qtbot):
    window = MainWindow(settings=controller.settings)
    qtbot.addWidget(window)
    settings_action = window._menu_actions["settingsAction"]
    assert settings_action.shortcut().isEmpty()
    window.attach(controller, defer_tabs=True)
    assert window._menu_actions["consoleAction"].shortcut().toString() == "Ctrl+Shift+D"
    from PySide6.QtGui import QKeySequence

    assert settings_action.shortcut() == QKeySequence(QKeySequence.StandardKey.Preferences)
    assert window._menu_actions["guideAction"].shortcut() == QKeySequence(QKeySequence.StandardKey.HelpContents)
    assert len([a for a in window.actions() if a.shortcut().toString().startswith("Ctrl+")]) == len(TABS)


def test_a_tab_chosen_before_it_is_built_is_built_at_once(controller, qtbot):
    window = MainWindow(controller, defer_tabs=True)
    qtbot.addWidget(window)
    assert window.deferred_tabs and "HistoryTab" in window.deferred_tabs
    index = [entry[1] for entry in TABS].index("HistoryTab")
    window.tabs.setCurrentIndex(index)
    qtbot.waitUntil(lambda: type(window.tabs.currentWidget()).__name__ == "HistoryTab", timeout=5000)
    assert "HistoryTab" not in window.deferred_tabs and window.tabs.currentIndex() == index
    assert window.tabs.tabText(index) == "发送记录"


def test_tabs_built_after_the_services_started_load_as_the_others(controller, qtbot, run):
    window = MainWindow(controller, defer_tabs=True)
    qtbot.addWidget(window)
    window.show()
    window.build_tab("BalanceTab")
    try:
        status = run(controller.start_services())
        assert controller.started_status is status
        assert set(window.deferred_tabs) >= {"HistoryTab", "InboxTab"}
        window.build_tabs()   # after ``started``: each is told at once
        assert window.deferred_tabs == []
        balance = window.tab_of("BalanceTab")
        history = window.tab_of("HistoryTab")
        run(until(lambda: balance.balance is not None, message="the balance"))
        # the history tab built late opened the store's reader as a tab built first does (on_started)
        assert history.campaigns.worker is not None and history.recipients.worker is not None
    finally:
        run(controller.stop())


def test_the_balance_shows_before_it_is_kept_and_a_failed_keep_is_said(window, controller, run, monkeypatch):
    tab = window.tab_of("BalanceTab")
    run(until(lambda: tab.balance is not None, message="the first balance"))

    async def disk_full(*_args):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(controller.store, "record_balance", disk_full)
    before = tab.balance
    tab.refresh()
    run(until(lambda: tab.balance is not before, message="the second balance"))
    run(until(lambda: tab.error_label.isVisibleTo(tab), message="the inline error"))
    assert tab.error_label.text().startswith("余额已读到，但没能记进本机的余额记录")
    assert tab.remaining_label.text() not in ("", "—")   # the figures stay shown


def test_the_history_builds_the_tab_a_campaign_is_followed_in(controller, qtbot, settings):
    """Sending from 发送记录 in the first second, before the 语音 tab is built: it is built to follow it."""
    settings.ui.last_tab = [entry[1] for entry in TABS].index("HistoryTab")
    window = MainWindow(controller, defer_tabs=True)
    qtbot.addWidget(window)
    history = window.tab_of("HistoryTab")
    assert "VoiceTab" in window.deferred_tabs
    page = history._page_for("voice")
    assert type(page).__name__ == "VoiceTab" and window.deferred_tabs == []
    assert window.tabs.currentWidget() is history
