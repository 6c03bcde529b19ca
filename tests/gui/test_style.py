"""The designed look (issue 13, item 8): the main action of the SMS, voice and MMS tabs is a
primary button — blue when it can be pressed, grey when it cannot — and the system's CJK font."""

from __future__ import annotations

import os

import pytest
from PySide6.QtGui import QColor, QFont

from jianmi_desktop.gui.style import FONTS, apply_style, is_primary, system_font_family
from tests.gui.conftest import until


@pytest.fixture
def styled(qapp):
    font, sheet = QFont(qapp.font()), qapp.styleSheet()
    apply_style(qapp)
    yield qapp
    qapp.setStyleSheet(sheet)
    qapp.setFont(font)


def centre(widget) -> QColor:
    image = widget.grab().toImage()
    return QColor(image.pixel(image.width() // 2, 3))


def test_the_send_buttons_are_primary_blue_when_they_can_send_and_grey_when_not(styled, window, run):
    tabs = {type(t).__name__: t for t in window.tab_widgets}
    sms = tabs["SmsTab"]
    buttons = [sms.send_button, tabs["VoiceTab"].send_button, tabs["MmsTab"].sending.send_button]
    assert all(is_primary(b) for b in buttons)
    window.tabs.setCurrentWidget(sms)
    assert not sms.send_button.isEnabled()
    grey = centre(sms.send_button)
    assert abs(grey.red() - grey.blue()) < 40                       # disabled: grey
    sms.panel.paste_edit.setPlainText("13800138000")
    sms.composer.signature_edit.setText("茧米")
    sms.composer.text_edit.setPlainText("会员日全场八折，欢迎光临。拒收请回复R")
    run(until(lambda: sms.send_button.isEnabled(), message="send enabled"))
    blue = centre(sms.send_button)
    assert blue.blue() > 150 and blue.red() < 100, blue.name()     # enabled: the primary blue
    assert sms.send_button.font().bold() or "bold" in styled.styleSheet()


def test_the_system_cjk_font_is_chosen_when_the_system_has_it(styled):
    family = system_font_family("linux")
    if os.environ.get("CI"):      # .ci/run installs fonts-noto-cjk: there it must be found
        assert family == "Noto Sans CJK SC"
    if family is not None:        # elsewhere a machine without a CJK font keeps its own
        assert family in FONTS["linux"] and styled.font().family() == family
