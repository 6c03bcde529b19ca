"""Every control of every tab is reachable with the Tab key alone (issue 13, item 10): pressing Tab
from the tab bar visits each visible, enabled control that takes keyboard focus — no text box
keeps the Tab key for itself, nothing is skipped. (In a group of radio buttons Tab goes to the
group and the arrow keys move between its buttons, as everywhere.)"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QRadioButton, QWidget

from jianmi_desktop.gui.widgets.accessible import INTERACTIVE
from tests.gui.conftest import until

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def reachable(widget: QWidget, window: QWidget) -> bool:
    """A control a keyboard user must be able to reach with Tab."""
    if not isinstance(widget, INTERACTIVE) or widget.objectName().startswith("qt_"):
        return False
    if not (widget.isVisibleTo(window) and widget.isEnabled()):
        return False
    return (widget.focusPolicy() & Qt.FocusPolicy.TabFocus) == Qt.FocusPolicy.TabFocus


def same_group(a: QWidget, b: QWidget) -> bool:
    """Radio buttons of one group: Tab reaches the group, the arrow keys its buttons."""
    return isinstance(a, QRadioButton) and isinstance(b, QRadioButton) and a.group() is not None \
        and a.group() is b.group()


def tab_walk(window, start: QWidget, presses: int = 400) -> list[QWidget]:
    """The widgets that get the focus, Tab after Tab, until it comes back to ``start``."""
    app = QApplication.instance()
    start.setFocus(Qt.FocusReason.TabFocusReason)
    app.processEvents()
    visited: list[QWidget] = []
    for _ in range(presses):
        QTest.keyClick(app.focusWidget() or window, Qt.Key.Key_Tab)
        app.processEvents()
        focused = app.focusWidget()
        if focused is None or focused is start:
            break
        visited.append(focused)
    return visited


def test_tab_reaches_every_control_of_every_tab(window, run):
    run(until(lambda: window.controller.store is not None, message="the services"))
    window.resize(1366, 728)
    window.activateWindow()
    counts = {}
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        QApplication.processEvents()
        tab = window.tabs.widget(index)
        wanted = [w for w in tab.findChildren(QWidget) if reachable(w, window)]
        visited = tab_walk(window, window.tabs.tabBar())
        # a control counts as reached when it, or the part of it that takes the focus, was visited
        missed = [w for w in wanted if not any(v is w or w.isAncestorOf(v) or same_group(v, w) for v in visited)]
        assert not missed, (type(tab).__name__, [(type(w).__name__, w.objectName(), w.toolTip()[:30])
                                                 for w in missed])
        counts[type(tab).__name__] = len(wanted)
    # the sending tabs have their many controls in the walk (the text boxes do not swallow Tab)
    assert counts["SmsTab"] >= 10 and counts["VoiceTab"] >= 8 and counts["MmsTab"] >= 10, counts
