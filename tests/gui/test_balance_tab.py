"""The balance tab on the real window and the embedded sandbox (real sockets)."""

from __future__ import annotations

import socket

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from jianmi_desktop.client import Endpoints
from tests.gui.conftest import until

# the offscreen platform plugin warns whenever a window's size limits change; not a program problem
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def balance_tab(window):
    return next(t for t in window.tab_widgets if type(t).__name__ == "BalanceTab")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def figures(tab) -> tuple[str, str]:
    return tab.sent_label.text(), tab.remaining_label.text()


def shown(balance) -> tuple[str, str]:
    locale = QLocale()
    return locale.toString(balance.sent), locale.toString(balance.remaining)


def test_balance_shows_the_sandbox_figures_and_records_them(window, controller, run):
    tab = balance_tab(window)
    window.tabs.setCurrentWidget(tab)

    async def body():
        await until(lambda: tab.balance is not None, message="the first balance")
        expected = await controller.client.getnum()
        state = controller.runtime.sandbox_thread.sandbox.state
        assert (expected.sent, expected.remaining) == (state.sent, state.remaining)
        assert figures(tab) == shown(expected)
        assert tab.title() == "余额"
        assert "更新于" in tab.updated_label.text()
        assert not tab.error_label.isVisible()
        assert not tab.warning_label.isVisible()  # 100,000 left, the warning line is 1,000
        await until(lambda: tab.chart_view is not None, message="the chart")
        rows = await controller.store.balance_history()
        assert rows and (rows[-1].sent, rows[-1].remaining) == (expected.sent, expected.remaining)
        # an honest scale: from zero, in 条, so a few messages out of 100,000 do not look like a fall
        axis = tab._axis_y
        assert axis.min() == 0 and axis.max() >= expected.remaining
        assert "条" in axis.titleText() and tab._axis_x.titleText()

        # spend some units, then F5 on the tab refreshes, records and redraws
        msgid = (await controller.store.next_msgids(1))[0]
        await controller.client.send_sms(["13800138000", "13900139000"], "【茧米】余额测试", msgid)
        after = await controller.client.getnum()
        assert after.remaining == expected.remaining - 2
        QTest.keyClick(window, Qt.Key.Key_F5)
        await until(lambda: figures(tab) == shown(after), message="the figures after F5")
        await until(lambda: tab._chart_series is not None and tab._chart_series.count() == len(rows) + 1,
                    message="the new point on the chart")
        history = await controller.store.balance_history()
        assert (history[-1].sent, history[-1].remaining) == (after.sent, after.remaining)
        assert tab._chart_series.at(tab._chart_series.count() - 1).y() == after.remaining

    run(body())


def test_f5_refreshes_only_while_the_tab_is_shown(window, controller, run):
    tab = balance_tab(window)

    async def body():
        await until(lambda: tab.balance is not None and not tab.busy)
        count = len(await controller.store.balance_history())
        window.tabs.setCurrentIndex((window.tabs.indexOf(tab) + 1) % window.tabs.count())  # another tab
        QTest.keyClick(window, Qt.Key.Key_F5)
        assert not tab.busy
        window.tabs.setCurrentWidget(tab)
        QTest.keyClick(window, Qt.Key.Key_F5)
        assert tab.busy
        await until(lambda: not tab.busy)
        assert len(await controller.store.balance_history()) == count + 1

    run(body())


def test_low_balance_warning_follows_the_setting(window, controller, run):
    tab = balance_tab(window)
    window.tabs.setCurrentWidget(tab)

    async def body():
        await until(lambda: tab.balance is not None)
        assert not tab.warning_label.isVisible()
        controller.settings.low_balance = tab.balance.remaining + 1
        controller.settings_changed.emit()
        assert tab.warning_label.isVisible()
        assert QLocale().toString(tab.balance.remaining) in tab.warning_label.text()
        assert "充值" in tab.warning_label.text()
        controller.settings.low_balance = tab.balance.remaining
        controller.settings_changed.emit()  # remaining == threshold: not below it
        assert not tab.warning_label.isVisible()

    run(body())


def test_errors_are_plain_words_in_the_tab_and_it_stays_usable(window, controller, run):
    tab = balance_tab(window)
    window.tabs.setCurrentWidget(tab)

    async def body():
        await until(lambda: tab.balance is not None and not tab.busy)
        good = figures(tab)
        client = controller.client
        right_md5, right_endpoints = client.account.password_md5, client.endpoints

        client.account.password_md5 = "0" * 32  # the platform refuses: 102
        tab.refresh_button.click()
        await until(lambda: not tab.busy and tab.error_label.isVisible(), message="the 102 message")
        assert "102" in tab.error_label.text() and "密码" in tab.error_label.text()
        assert figures(tab) == good  # the last good figures stay
        assert tab.refresh_button.isEnabled()

        client.account.password_md5 = right_md5
        port = free_port()
        client.endpoints = Endpoints.on_one_host(f"http://127.0.0.1:{port}")
        client.max_retries = 0
        tab.refresh_button.click()
        await until(lambda: not tab.busy and "连不上" in tab.error_label.text(), message="unreachable")
        assert "Traceback" not in tab.error_label.text()

        client.endpoints = right_endpoints
        tab.refresh_button.click()
        await until(lambda: not tab.busy and not tab.error_label.isVisible(), message="recovered")
        assert figures(tab) == shown(await client.getnum())
        assert not [box for box in window.findChildren(QMessageBox) if box.isVisible()]  # no pop-up

    run(body())
