"""Settings on disk: a round trip, a damaged file kept aside, hand-edited night hours."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from jianmi_desktop import settings as S
from jianmi_desktop.campaign.planning import plan_sms


def test_round_trip_keeps_every_field(tmp_path):
    s = S.Settings(batch_size=250, signature="【茧米】", night_start=21, night_end=7)
    S.save_settings(s, tmp_path)
    again = S.load_settings(tmp_path)
    assert (again.batch_size, again.signature, S.night_hours(again)) == (250, "【茧米】", (21, 7))
    raw = (tmp_path / S.SETTINGS_FILE).read_text(encoding="utf-8")
    assert "password" not in raw and "apikey" not in raw  # secrets never go in the file


def test_a_damaged_file_gives_defaults_and_is_kept_aside(tmp_path):
    (tmp_path / S.SETTINGS_FILE).write_text("{not json", encoding="utf-8")
    s = S.load_settings(tmp_path)
    assert s.batch_size == S.Settings().batch_size
    assert (tmp_path / S.SETTINGS_FILE).with_suffix(".damaged.json").read_text(encoding="utf-8") == "{not json"


@pytest.mark.parametrize("start, end", [(24, 8), (-1, 8), ("22", 8), (22, None), (22.5, 8)])
def test_night_hours_edited_by_hand_fall_back_to_the_default(tmp_path, start, end):
    (tmp_path / S.SETTINGS_FILE).write_text(json.dumps({"night_start": start, "night_end": end}), encoding="utf-8")
    s = S.load_settings(tmp_path)
    assert all(isinstance(h, int) and 0 <= h <= 23 for h in S.night_hours(s))
    assert S.night_hours(s)[0] == (start if isinstance(start, int) and 0 <= start <= 23 else 22)


@pytest.mark.parametrize("night, warned", [((22, 8), True), ((23, 6), False), ((20, 23), True), ((0, 0), False)])
def test_the_night_window_decides_the_warning(night, warned):
    plan = plan_sms("【茧米】会员日全场八折。拒收请回复R", ["13800138000"], now=datetime(2026, 11, 25, 22, 30),
                    night=night)
    assert any(f.code == "night" for f in plan.findings) is warned
    assert plan.ok  # a warning, never a block


# --- what the window remembers (UiState) ---------------------------------------------------------

def test_a_file_from_before_ui_state_still_loads_into_the_typed_fields(tmp_path):
    """Older files kept window state in "extra": it moves to ``ui`` (and the status URLs to their own
    field); what this version does not know stays in "extra"."""
    old = {"batch_size": 50, "extra": {
        "geometry": "AdnQywADAAA=", "last_tab": 3, "last_folder": "/home/a/客户", "mms_folder": "/home/a/草稿",
        "mms_recent_drafts": ["/home/a/草稿/开业.jmms", 7], "last_voice_folder": "/home/a/录音",
        "voice_paths": {"ab12": "/home/a/录音/通知.mp3"}, "mms_max_side": "960",
        "templates": {"旧": "【茧米】您好", "新": {"text": "您好", "signature": "茧米"}},
        "status_url_set": {"demo@http://x/sdk/SMS": "https://cb.example.cn/t/status"}, "later_feature": [1, 2]}}
    (tmp_path / S.SETTINGS_FILE).write_text(json.dumps(old, ensure_ascii=False), encoding="utf-8")
    s = S.load_settings(tmp_path)
    assert s.batch_size == 50
    assert s.ui == S.UiState(geometry="AdnQywADAAA=", last_tab=3, last_folder="/home/a/客户",
                             mms_draft_folder="/home/a/草稿", mms_recent_drafts=["/home/a/草稿/开业.jmms"],
                             mms_max_side=960, voice_folder="/home/a/录音", voice_paths={"ab12": "/home/a/录音/通知.mp3"},
                             templates={"旧": {"text": "【茧米】您好"}, "新": {"text": "您好", "signature": "茧米"}})
    assert s.status_url_set == {"demo@http://x/sdk/SMS": "https://cb.example.cn/t/status"}
    assert s.extra == {"later_feature": [1, 2]}
    S.save_settings(s, tmp_path)
    raw = json.loads((tmp_path / S.SETTINGS_FILE).read_text(encoding="utf-8"))
    assert raw["ui"]["last_tab"] == 3 and "last_tab" not in raw["extra"]
    assert S.load_settings(tmp_path) == s


def test_ui_state_of_the_wrong_kind_falls_back_to_the_default(tmp_path):
    raw = {"ui": {"last_tab": "three", "geometry": 5, "templates": ["not", "a", "map"], "last_folder": "/ok",
                  "unknown": 1}}
    (tmp_path / S.SETTINGS_FILE).write_text(json.dumps(raw), encoding="utf-8")
    ui = S.load_settings(tmp_path).ui
    assert (ui.last_tab, ui.geometry, ui.templates, ui.last_folder) == (0, "", {}, "/ok")
