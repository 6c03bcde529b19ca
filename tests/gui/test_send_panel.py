"""One send panel for SMS, voice and MMS: the same widget at the foot of each tab, the same words for
what every kind waits for, and plural forms through Qt's %n in both languages."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication

from jianmi_desktop.gui import i18n
from jianmi_desktop.gui.i18n import install_translators
from jianmi_desktop.gui.widgets.send_panel import SendPanel
from jianmi_desktop.platform.models import Reply
from tests.gui.conftest import until


@pytest.fixture
def tabs(window, run):
    found = {type(t).__name__: t for t in window.tab_widgets}
    run(until(lambda: window.controller.store is not None, message="the services"))
    return found


def test_every_sending_tab_has_the_one_panel(tabs):
    sms, voice, mms = tabs["SmsTab"], tabs["VoiceTab"], tabs["MmsTab"].sending
    panels = [sms.send_panel, voice.send_panel, mms.send_panel]
    assert all(type(p) is SendPanel for p in panels)
    for owner, panel in zip((sms, voice, mms), panels):
        # the tab's button, reason and progress are the panel's, not copies
        assert owner.send_button is panel.send_button and owner.progress is panel.progress
        assert owner.reason_label is panel.reason_label and owner.binding is panel.binding
    # nothing to send yet: each says why in its own words, beside a greyed button
    assert not sms.send_button.isEnabled() and sms.reason_label.text() == "还没有短信内容"
    assert not mms.send_button.isEnabled() and mms.reason_label.text()
    # the panel's own reasons come first, the same for every kind
    for owner, panel in zip((sms, voice, mms), panels):
        panel.begin()
        assert owner.reason_label.text() == "正在检查…" and not owner.send_button.isEnabled()
        assert panel.checked()
        assert owner.reason_label.text() != "正在检查…"


def test_the_confirmation_parts_read_the_same_for_every_kind(tabs):
    class Report:
        invalid = ["1", "2"]
        duplicates = 1
        opted_out = 0

    panel = tabs["VoiceTab"].send_panel
    assert panel.dropped_line(Report()) == ["不发送：无效 2，重复 1，已退订 0"]
    Report.invalid, Report.duplicates = [], 0
    assert panel.dropped_line(Report()) == []
    assert panel.warning_lines([]) == []
    box = panel.confirm("确认发送", "文字", lambda: None, "发送", warned=True, name="x")
    try:
        assert [b.text() for b in box.buttons()][0] == "已确认，发送"
    finally:
        box.close()


@pytest.fixture
def english(qapp):
    saved = QLocale()
    yield lambda: install_translators(QApplication.instance(), "en")
    for translator in i18n._installed:
        qapp.removeTranslator(translator)
    i18n._installed.clear()
    QLocale.setDefault(saved)


def test_more_problems_has_plural_forms(tabs, english):
    panel = tabs["SmsTab"].send_panel
    assert panel.first_problem([]) == ""
    assert panel.first_problem(["号码有误"]) == "号码有误"
    assert panel.first_problem(["号码有误", "b", "c"]) == "号码有误（还有 2 个问题）"
    english()
    assert panel.first_problem(["wrong", "b"]) == "wrong (and 1 more problem)"
    assert panel.first_problem(["wrong", "b", "c"]) == "wrong (and 2 more problems)"


def test_counts_read_right_in_both_languages(tabs, english):
    """Counts go through Qt's %n: "1 unit each", never "1 units"; thousands grouped in both."""
    sms, inbox = tabs["SmsTab"], tabs["InboxTab"]
    install_translators(QApplication.instance(), "zh_CN")   # (the fixture takes it away again)
    assert sms.tr("每位 %n 条", "", 1) == "每位 1 条"
    assert inbox.opt_outs.tr("已移出 %Ln 个号码。", "", 12345) == "已移出 12,345 个号码。"
    for translator in i18n._installed:
        QApplication.instance().removeTranslator(translator)
    i18n._installed.clear()
    english()
    assert sms.tr("每位 %n 条", "", 1) == "1 unit each"
    assert sms.tr("每位 %n 条", "", 2) == "2 units each"
    assert inbox.opt_outs.tr("已移出 %Ln 个号码。", "", 1) == "Removed 1 number."
    assert inbox.opt_outs.tr("已移出 %Ln 个号码。", "", 12345) == "Removed 12,345 numbers."


def test_sentences_with_two_counts_name_each_noun_in_its_own_number(tabs, english, run):
    """"1 reply, 1 of them an opt-out", never "1 replies, 1 of them opt-outs": each count of a
    sentence is its own %n text (English needs it; Chinese reads the same)."""
    inbox = tabs["InboxTab"]
    store = inbox.controller.store
    english()

    async def body():
        await store.add_replies([Reply("7001", "13800000001", "退订", "0", "demo")])
        inbox.reload()
        await until(lambda: len(inbox.model.rows) == 1, message="the reply")
        assert inbox.status.text() == "1 reply, 1 of them an opt-out"
        await store.add_replies([Reply("7001", "13800000002", "好的", "0", "demo"),
                                 Reply("7001", "13800000003", "谢谢", "0", "demo")])
        inbox.reload()
        await until(lambda: len(inbox.model.rows) == 3, message="three replies")
        assert inbox.status.text() == "3 replies, 1 of them an opt-out"
        inbox.filter_edit.setText("13800000002")
        inbox.apply_filter()
        assert inbox.status.text() == "Showing 1 of 3 replies (1 opt-out)"

    run(body())
