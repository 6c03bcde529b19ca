"""The progress panel speaks in words (issue 13, item 6): speed as numbers a second, time left
rounded the way a person says it, and a new campaign starts from a clean panel."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication

from jianmi_desktop.campaign.runner import Progress
from jianmi_desktop.gui.widgets.send_progress import PanelState, SendProgress, rough_duration
from jianmi_desktop.states import CampaignState


def tr(text: str) -> str:
    return QCoreApplication.translate("SendProgress", text)


@pytest.mark.parametrize(("seconds", "said"), [
    (None, "计算中…"), (3, "几秒钟"), (34, "约 30 秒"), (58, "约 1 分钟"), (167, "约 3 分钟"),
    (3599, "约 1 小时"), (3600, "约 1 小时"), (5 * 3600 + 20 * 60, "约 5 小时 20 分钟"),
])
def test_time_left_is_rounded_like_a_person_says_it(seconds, said, qapp):
    assert rough_duration(seconds) == said


def test_speed_and_time_left_in_words_and_a_new_campaign_starts_clean(qtbot):
    panel = SendProgress()
    qtbot.addWidget(panel)
    panel.start(1, batches_total=100, batches_open=100, batch_size=100)
    panel.update_progress(Progress(1, 40, 0, 0, 0, 0, 9.8, 167.0))
    assert panel.rate_label.text() == "速度：约 980 个号码/秒"
    assert panel.eta_label.text() == "还需约 3 分钟"
    assert panel.bar.format() == "40 / 100 批（%p%）"
    assert "9.8" in panel.rate_label.toolTip()
    panel.set_counts({"recipients": 10_000, "submitted": 4000, "delivered": 3000, "undelivered": 12})
    assert "3,000" in panel.delivery_label.text()
    panel.start(2, batches_total=10, batches_open=10, batch_size=100)      # the next campaign
    assert panel.delivery_label.text() == "" and panel.counts == {}
    assert panel.eta_label.text() == "还需：计算中…"


def test_the_panel_follows_every_state_the_sending_service_tells(qtbot):
    """The service tells the stored campaign states and three of its own (campaign/events.py); the
    panel has a state for each, equal to the text the service sends, and its buttons follow."""
    assert {s.value for s in CampaignState} | {"queued", "pausing", "cancelling"} <= {s.value for s in PanelState}
    panel = SendProgress()
    qtbot.addWidget(panel)
    panel.start(7, batches_total=10, batches_open=10, batch_size=100)
    assert panel.state is PanelState.RUNNING and "任务 #7" in panel.title.text()  # (no service: its id)
    panel.name_of = lambda cid: f"短信 #{cid - 4}"
    panel.set_state("running")
    assert panel.title.text() == "<b>正在发送短信 #3…</b>"
    shown = {}
    for state in ("running", "pausing", "paused", "stopped", "queued", "cancelling", "done", "cancelled"):
        panel.set_state(state)
        assert panel.state == state and isinstance(panel.state, PanelState)
        shown[state] = (not panel.pause_button.isHidden(), not panel.resume_button.isHidden(),
                        not panel.cancel_button.isHidden(), not panel.close_button.isHidden())
    assert shown["running"] == (True, False, True, False) and shown["pausing"] == (True, False, True, False)
    assert shown["paused"] == shown["stopped"] == (False, True, True, False)
    assert shown["queued"] == (False, False, True, False) and shown["cancelling"] == (False, False, False, False)
    assert shown["done"] == shown["cancelled"] == (False, False, False, True)
    panel.set_state(CampaignState.PAUSED)
    assert panel.state is PanelState.PAUSED


def test_the_batch_count_is_singular_for_one_batch_in_english(qtbot):
    from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

    from jianmi_desktop.gui.i18n import I18N_DIR

    translator = QTranslator()
    assert translator.load("jianmi_en", str(I18N_DIR))
    QCoreApplication.installTranslator(translator)
    saved = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))   # as the window sets it
    try:
        panel = SendProgress()
        qtbot.addWidget(panel)
        panel.start(1, batches_total=1, batches_open=1, batch_size=40)
        panel.update_progress(Progress(1, 1, 0, 0, 0, 0, 40.0, 0.0))
        assert panel.bar.format() == "1 / 1 batch (%p%)"
        panel.start(2, batches_total=1200, batches_open=1200, batch_size=100)
        panel.update_progress(Progress(2, 3, 0, 0, 0, 0, 9.8, 100.0))
        assert panel.bar.format() == "3 / 1,200 batches (%p%)"
    finally:
        QCoreApplication.removeTranslator(translator)
        QLocale.setDefault(saved)
