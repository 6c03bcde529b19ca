"""Why a number is invalid, fully visible (issue 13, item 4): the reason cell no longer repeats the
number (the whole text stays in the tooltip and the export), and the summary groups the reasons
with their counts."""

from __future__ import annotations

from PySide6.QtCore import Qt

from jianmi_desktop.gui.widgets.invalid_model import reason_counts, reason_group, short_reason
from jianmi_desktop.platform.numbers import check_domestic
from tests.gui.conftest import until
from tests.gui.test_sms_tab import fast_reports, tab  # noqa: F401 - the SMS tab's fixtures


def test_reasons_lose_the_repeated_number_and_group():
    bad = [check_domestic(raw).reason_zh for raw in ("1380013800", "138001380001", "1380013800a", "23800138000")]
    assert [short_reason(r) for r in bad][:1] == ["位数不对：手机号应为 11 位，这里是 10 位"]
    assert [reason_group(r) for r in bad] == ["位数不对", "位数不对", "含有数字以外的字符", "不是手机号码"]
    rows = [(i, "x", r) for i, r in enumerate(bad * 3)]
    assert reason_counts(rows) == [("位数不对", 6), ("含有数字以外的字符", 3), ("不是手机号码", 3)]
    assert reason_counts(rows, most=2) == [("位数不对", 6), ("", 6)]


def test_the_panel_shows_each_reason_whole_and_the_groups(tab, run):
    panel = tab.panel
    panel.paste_edit.setPlainText("13800138000\n1380013800\n138001380001\n1380013800a\n23800138000")
    run(until(lambda: panel.report is not None and not panel.busy and len(panel.report.invalid) == 4))
    summary = panel.summary_label.text()
    assert "无效原因：位数不对 2 · 含有数字以外的字符 1 · 不是手机号码 1" in summary
    model = panel.invalid_model
    cell = model.index(0, 2)
    shown = model.data(cell, Qt.ItemDataRole.DisplayRole)
    assert shown.startswith("位数不对") and "“" not in shown
    assert model.data(cell, Qt.ItemDataRole.ToolTipRole).startswith("号码“1380013800”")
