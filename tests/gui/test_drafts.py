"""Nothing typed is lost: the SMS tab's text, pasted numbers, international switch and schedule
are saved to the store a moment after they are typed, and a window started afresh on the same
data folder — the first one never closed, as after a crash — shows them again. 新建 clears the
tab and its draft; 撤销新建 brings them back."""

from __future__ import annotations

import json
import sqlite3

import pytest

from tests.gui.conftest import until


def draft_row(folder, kind: str = "sms"):
    conn = sqlite3.connect(folder / "jianmi.db", timeout=10)
    try:
        row = conn.execute("SELECT body FROM drafts WHERE kind = ?", (kind,)).fetchone()
        return None if row is None else json.loads(bytes(row[0]).decode("utf-8"))
    finally:
        conn.close()


def sms_tab(window):
    found = next(t for t in window.tab_widgets if type(t).__name__ == "SmsTab")
    window.tabs.setCurrentWidget(found)
    return found


@pytest.fixture
def second_window(controller, data_folder, qtbot, run, settings):
    """Another program on the same data folder, opened while the first is still 'running'."""
    from jianmi_desktop.gui.controller import Controller
    from jianmi_desktop.gui.main_window import MainWindow

    made = []

    def make():
        other = Controller(data_folder, settings)
        win = MainWindow(other)
        qtbot.addWidget(win)
        win.show()
        run(other.start())
        made.append(other)
        return win

    yield make
    for other in made:
        run(other.stop())


def test_typed_text_and_numbers_come_back_after_a_crash(window, run, data_folder, second_window):
    tab = sms_tab(window)
    run(until(lambda: tab.draft._loaded, message="the draft looked at"))
    tab.intl_check.setChecked(False)
    tab.panel.paste_edit.setPlainText("13800138000\n13900139000")
    tab.composer.text_edit.setPlainText("【茧米】周末特惠，拒收请回复R")
    tab.at_check.setChecked(True)
    run(until(lambda: (draft_row(data_folder) or {}).get("text") == "【茧米】周末特惠，拒收请回复R",
              message="the draft saved while typing"))
    saved = draft_row(data_folder)
    assert saved["recipients"] == {"paste": "13800138000\n13900139000"} and saved["at"]

    again = sms_tab(second_window())
    run(until(lambda: again.composer.text() == "【茧米】周末特惠，拒收请回复R", message="the text restored"))
    assert again.panel.paste_edit.toPlainText() == "13800138000\n13900139000"
    assert again.at_check.isChecked()
    run(until(lambda: again.panel.report is not None and again.panel.valid_count() == 2,
              message="the restored numbers checked"))


def test_new_clears_the_draft_and_undo_brings_it_back(window, run, data_folder):
    tab = sms_tab(window)
    run(until(lambda: tab.draft._loaded, message="the draft looked at"))
    tab.panel.paste_edit.setPlainText("13800138000")
    tab.composer.text_edit.setPlainText("【茧米】第一稿")
    run(until(lambda: (draft_row(data_folder) or {}).get("text") == "【茧米】第一稿", message="saved"))
    tab.new_message()
    assert tab.composer.text() == "" and tab.panel.paste_edit.toPlainText() == ""
    assert tab.undo_new_button.isVisibleTo(tab)
    run(until(lambda: draft_row(data_folder) is None, message="the draft cleared"))
    tab.undo_new()
    assert tab.composer.text() == "【茧米】第一稿" and tab.panel.paste_edit.toPlainText() == "13800138000"
    run(until(lambda: (draft_row(data_folder) or {}).get("text") == "【茧米】第一稿", message="saved again"))


def test_a_file_named_in_the_draft_is_read_again(window, run, data_folder, tmp_path, second_window):
    listing = tmp_path / "客户.csv"
    listing.write_text("手机,姓名\n13800138000,张三\n13900139000,李四\n", encoding="utf-8")
    tab = sms_tab(window)
    run(until(lambda: tab.draft._loaded, message="the draft looked at"))
    tab.panel.load_file(listing)
    run(until(lambda: tab.panel.imported is not None, message="the file read"))
    tab.composer.text_edit.setPlainText("【茧米】{姓名}您好")
    run(until(lambda: (draft_row(data_folder) or {}).get("recipients", {}).get("file") == str(listing),
              message="the file in the draft"))
    again = sms_tab(second_window())
    run(until(lambda: again.panel.imported is not None and len(again.panel.imported) == 2,
              message="the file read again"))
    assert again.composer.text() == "【茧米】{姓名}您好"


def test_the_voice_tab_keeps_its_spoken_text_and_numbers(window, run, data_folder, second_window):
    tab = next(t for t in window.tab_widgets if type(t).__name__ == "VoiceTab")
    window.tabs.setCurrentWidget(tab)
    run(until(lambda: tab.draft._loaded, message="the draft looked at"))
    tab.options.text_radio.setChecked(True)
    tab.options.text_edit.setPlainText("您的验证码是1234")
    tab.panel.paste_edit.setPlainText("13800138000")
    run(until(lambda: (draft_row(data_folder, "voice") or {}).get("text") == "您的验证码是1234", message="saved"))
    win = second_window()
    again = next(t for t in win.tab_widgets if type(t).__name__ == "VoiceTab")
    win.tabs.setCurrentWidget(again)
    run(until(lambda: again.options.text_edit.toPlainText() == "您的验证码是1234", message="restored"))
    assert again.options.text_radio.isChecked() and again.panel.paste_edit.toPlainText() == "13800138000"


def test_the_mms_tab_keeps_its_frames(window, run, data_folder, second_window, tmp_path):
    import io

    from PIL import Image

    tab = next(t for t in window.tab_widgets if type(t).__name__ == "MmsTab")
    window.tabs.setCurrentWidget(tab)
    run(until(lambda: tab.autosave._loaded, message="the draft looked at"))
    photo = tmp_path / "photo.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (1600, 1200), (200, 40, 40)).save(buffer, "JPEG")
    photo.write_bytes(buffer.getvalue())
    tab.title_edit.setText("新品")
    tab.title_edit.textEdited.emit("新品")  # as typed by the user
    tab.add_files([photo])
    run(until(lambda: len(tab.message.frames) == 1 and tab.message.frames[0].image, message="the frame added"))
    from jianmi_desktop.mms.model import draft_from_bytes

    def saved_frames() -> int:
        conn = sqlite3.connect(data_folder / "jianmi.db", timeout=10)
        try:
            row = conn.execute("SELECT body FROM drafts WHERE kind = 'mms'").fetchone()
        finally:
            conn.close()
        return -1 if row is None else len(draft_from_bytes(bytes(row[0]), "x").frames)

    run(until(lambda: saved_frames() == 1, message="the frame saved"))

    win = second_window()
    again = next(t for t in win.tab_widgets if type(t).__name__ == "MmsTab")
    win.tabs.setCurrentWidget(again)
    run(until(lambda: len(again.message.frames) == 1, message="the frames restored"))
    assert again.message.title == "新品"
    assert again.message.frames[0].image == tab.message.frames[0].image
    assert not again.images[again.message.frames[0].image].isNull()
