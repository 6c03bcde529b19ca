"""Why a number is invalid, grouped (issue 13, item 4); the panel itself is tested in
test_sms_tab.py."""

from __future__ import annotations

from jianmi_desktop.gui.widgets.invalid_model import reason_counts, reason_group, short_reason
from jianmi_desktop.platform.numbers import check_domestic


def test_reasons_lose_the_repeated_number_and_group():
    bad = [check_domestic(raw).reason_zh for raw in ("1380013800", "138001380001", "1380013800a", "23800138000")]
    assert [short_reason(r) for r in bad][:1] == ["位数不对：手机号应为 11 位，这里是 10 位"]
    assert [reason_group(r) for r in bad] == ["位数不对", "位数不对", "含有数字以外的字符", "不是手机号码"]
    rows = [(i, "x", r) for i, r in enumerate(bad * 3)]
    assert reason_counts(rows) == [("位数不对", 6), ("含有数字以外的字符", 3), ("不是手机号码", 3)]
    assert reason_counts(rows, most=2) == [("位数不对", 6), ("", 6)]


def test_in_english_the_reasons_and_groups_are_english(qapp):
    from PySide6.QtCore import Qt

    from jianmi_desktop.gui.widgets.invalid_model import GROUP_EN, InvalidModel, english_reason, short_english

    assert short_english(english_reason("1380013800", intl=False)) == "Has 10 digits; a mobile number has 11"
    assert english_reason("13800138000", intl=False) == ""          # a good number has no reason
    model = InvalidModel()
    model.english = True
    bad = check_domestic("1380013800a")
    model.set_rows([(3, "1380013800a", bad.reason_zh)])
    assert model.data(model.index(0, 2)) == "Contains characters other than digits"
    assert model.data(model.index(0, 2), Qt.ItemDataRole.ToolTipRole).startswith("The number “1380013800a”")
    assert {reason_group(check_domestic(r).reason_zh) for r in ("12", "1380013800a", "23800138000")} == set(GROUP_EN)
