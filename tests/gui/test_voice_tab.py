"""语音 on the real window and the embedded sandbox: drop an mp3, upload it once, reuse it, schedule a
notification, a call that transfers to an agent, status calls settling the recipients in History,
and every bad input refused before anything reaches the platform. Real sockets, real files, real drops."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QDateTime, QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.gui.conftest import name_of, until

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints", "pipewire", "PulseAudio",
                                       "pulseaudio", "ALSA", "audio device", "QAudio", "ffmpeg", "FFmpeg",
                                       "Couldn.t load", "Couldn.t resolve")
SHOTS = Path(os.environ.get("JIANMI_SHOTS", "")) if os.environ.get("JIANMI_SHOTS") else None


@pytest.fixture(autouse=True)
def fast_reports(controller):
    controller.runtime.sandbox_options = {"report_delay": (0.05, 0.3)}
    # no night window, so the confirmation does not depend on the hour the tests run (its own test sets one)
    controller.settings.night_start = controller.settings.night_end = 0


@pytest.fixture
def tab(window, run):
    found = next(t for t in window.tab_widgets if type(t).__name__ == "VoiceTab")
    window.tabs.setCurrentWidget(found)
    run(until(lambda: found.controller.store is not None, message="the services"))
    return found


def mp3_bytes(frames: int = 200) -> bytes:
    """MPEG-1 Layer III, 128 kbit/s, 44.1 kHz: 417-byte frames (as tests/integration/test_cli.py)."""
    header = bytes([0xFF, 0xFB, 0x90, 0x00])
    return b"ID3\x03\x00\x00\x00\x00\x00\x00" + (header + b"\x00" * 413) * frames


def shot(widget, name: str) -> None:
    if SHOTS is not None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        widget.window().grab().save(str(SHOTS / f"{name}.png"))
        for i, box in enumerate(boxes()):
            box.grab().save(str(SHOTS / f"{name}-box{i}.png"))


def boxes(name: str | None = None) -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.isVisible() and (name is None or w.objectName() == name)]


def close_boxes() -> None:
    for box in boxes():
        box.reject()


def click(box: QMessageBox, text: str) -> None:
    next(b for b in box.buttons() if b.text() == text).click()


def drop(widget, *paths: Path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    pos = QPointF(widget.width() / 2, widget.height() / 2)
    enter = QDragEnterEvent(pos.toPoint(), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, enter)
    assert enter.isAccepted(), "the panel refused the drag"
    event = QDropEvent(pos, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, event)
    assert event.isAccepted()


def sandbox(controller):
    return controller.runtime.sandbox_thread.sandbox.state


def voice_subs(controller) -> list:
    return [s for s in list(sandbox(controller).submissions) if s.cmd in ("sendvoice", "sendvote", "sendvoicecall")]


def recipients(tab, run, mobiles: list[str]) -> None:
    tab.panel.paste_edit.setPlainText("\n".join(mobiles))
    run(until(lambda: tab.panel.report is not None and not tab.panel.busy
              and len(tab.panel.report.valid) == len(mobiles), message="the list"))


def done(tab, before) -> bool:
    """The campaign made after ``before`` has been sent. The progress of the one before still
    reads "done" until the sender picks the new one up, so the progress must be the new one's."""
    cid = tab.last_campaign
    return (cid != before and tab.progress.campaign_id == cid and tab.progress.state == "done"
            and not tab.binding.busy)


def send_and_confirm(tab, run, yes: str) -> int:
    before = tab.last_campaign
    run(until(lambda: tab.send_button.isEnabled(), message=f"send enabled ({tab.reason_label.text()})"))
    tab.send_button.click()
    run(until(lambda: boxes("sendConfirmation"), message="the confirmation"))
    click(boxes("sendConfirmation")[0], yes)
    run(until(lambda: done(tab, before), message="the send"))
    return tab.last_campaign


def load_mp3(tab, run, path: Path) -> None:
    drop(tab.files, path)
    run(until(lambda: not tab.files.busy and (tab.files.candidate is not None or tab.files.last_error),
              message="the check"))


def test_upload_once_reuse_schedule_call_and_status_in_history(tab, window, controller, run, tmp_path):
    path = tmp_path / "开业通知.mp3"
    path.write_bytes(mp3_bytes())
    load_mp3(tab, run, path)
    files = tab.files
    assert files.candidate is not None and files.candidate["serial"] is None
    assert "时长 5.2 秒" in files.file_label.text() and "128 kbps" in files.file_label.text()
    assert files.player.play_button.isEnabled()
    files.player.play()  # no sound device offscreen: a quiet label saying so, no player made, no error box
    assert files.player.player is None and "无法播放" in files.player.status.text()
    files.player.stop()
    tab.options.file_radio.setChecked(True)
    assert "还没有上传" in tab.reason_label.text()
    files.upload_button.click()
    run(until(lambda: files.selected is not None and not files.busy, message="the upload"))
    serial = files.serial()
    assert list(sandbox(controller).voice_files) == [serial]
    assert files.table.rowCount() == 1 and files.table.item(0, 1).text() == serial
    shot(tab, "voice-uploaded")

    # the same file again (dropped anew): recognised by its SHA-256, not uploaded again
    load_mp3(tab, run, path)
    assert files.candidate["serial"] == serial and "以前上传过" in files.file_label.text()
    assert not files.upload_button.isEnabled() and files.serial() == serial
    assert len(sandbox(controller).voice_files) == 1

    # two sends reuse the serial: one now, one scheduled by the platform
    recipients(tab, run, ["13800138000", "13900139000", "13700137000"])
    now_cid = send_and_confirm(tab, run, "发送")
    at = QDateTime.currentDateTime().toTimeZone(tab.options.at_edit.timeZone()).addDays(2)
    tab.options.at_check.setChecked(True)
    tab.options.at_edit.setDateTime(at)
    at_text = tab.options.at_text()
    assert at_text[:16] in tab.options.summary_label.text() and "由平台拨出" in tab.options.summary_label.text()
    assert tab.send_button.text() == "定时发送…"
    tab.send_button.click()
    run(until(lambda: boxes("sendConfirmation"), message="the confirmation"))
    assert at_text in boxes("sendConfirmation")[0].text()
    shot(tab, "voice-confirm-scheduled")
    click(boxes("sendConfirmation")[0], "定时发送")
    run(until(lambda: done(tab, now_cid), message="the scheduled send"))
    later_cid = tab.last_campaign
    subs = voice_subs(controller)
    assert [s.filename for s in subs] == [serial, serial] and len(sandbox(controller).voice_files) == 1
    assert subs[0].params.get("senddate") is None
    date, clock = at_text.split(" ")
    assert (subs[1].params["senddate"], subs[1].params["sendtime"]) == (date, clock)
    assert files.uploads == 1
    later_name = run(name_of(controller.store, later_cid))
    assert later_name == "语音 #2"                 # the second voice campaign, whatever came before
    run(until(lambda: tab.scheduled_label.isVisible() and f"{later_name}：" in tab.scheduled_label.text(),
              message="the scheduled list"))
    shot(tab, "voice-scheduled")

    # a call that transfers to an agent, with spoken text
    tab.options.call_radio.setChecked(True)
    tab.options.text_radio.setChecked(True)
    tab.options.text_edit.setPlainText("您好，这里是茧米物业，您的快递已到前台，请按 0 转人工。")
    tab.options.days_combo.setCurrentIndex(1)
    tab.options.hours_combo.setCurrentIndex(0)
    tab.options.speed_spin.setValue(30)
    tab.options.batch_edit.setText("20260501")
    assert "每分钟 30 个" in tab.options.summary_label.text() and "3 个号码全部拨完" in tab.options.summary_label.text()
    shot(tab, "voice-call")
    call_cid = send_and_confirm(tab, run, "开始外呼")
    call = voice_subs(controller)[-1]
    assert call.cmd == "sendvoicecall" and call.msg.startswith("您好") and call.filename is None
    assert (call.params["daycheck"], call.params["timecheck"], call.params["speed"], call.params["batchnum"]) == (
        "1", "0", "30", "20260501")

    # status calls (2 answered, 3 failed) settle the recipients; History shows them
    history = next(t for t in window.tab_widgets if type(t).__name__ == "HistoryTab")
    window.tabs.setCurrentWidget(history)

    def settled(cid: int) -> bool:
        row = history.campaigns.row_of(cid)
        if row < 0:
            return False
        s = history.campaigns.rows[row].summary
        return s["delivered"] + s["undelivered"] == 3

    run(until(lambda: settled(now_cid) and settled(call_cid), timeout=30, message="status calls in History"))
    window.tabs.setCurrentWidget(tab)
    close_boxes()


def test_bad_files_are_refused_before_upload(tab, controller, run, tmp_path):
    state = sandbox(controller)
    cases = {
        "录音.mp3": b"RIFF\x24\x00\x00\x00WAVEfmt " + b"\x00" * 100,  # a WAV renamed .mp3
        "大文件.mp3": mp3_bytes(15100),  # over 6 MB
        "空的.mp3": b"",
    }
    expected = {"录音.mp3": "不是 MP3", "大文件.mp3": "超过了平台允许的 5 MB", "空的.mp3": "0 字节"}
    for name, data in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        load_mp3(tab, run, path)
        assert tab.files.candidate is None and expected[name] in tab.files.last_error, tab.files.last_error
        assert expected[name] in tab.files.file_label.text()
        run(until(lambda: boxes(), message="the error message"))
        assert expected[name] in boxes()[0].text()
        if name == "录音.mp3":
            shot(tab, "voice-refused-wav")
        close_boxes()
        assert not tab.files.upload_button.isEnabled()
    assert len(state.voice_files) == 0 and state.submission_count == 0


def test_bad_inputs_refused_before_send(tab, controller, run, tmp_path):
    state = sandbox(controller)
    recipients(tab, run, ["13800138000"])
    options = tab.options
    # text GBK cannot hold: marked in the text, named in the reason
    options.text_edit.setPlainText("您的验证码是 1234😀")
    options.run_checks()
    assert not tab.send_button.isEnabled() and "GBK" in tab.reason_label.text()
    assert options.marked_ranges() and options.problem_label.isVisible()
    tab.send()
    run(until(lambda: boxes(), message="the refusal"))
    assert "GBK" in boxes()[0].text()
    shot(tab, "voice-bad-text")
    close_boxes()
    options.text_edit.setPlainText("您的验证码是 1234，五分钟内有效。")
    options.run_checks()
    assert "每位收件人 1 条" in options.count_label.text()
    options.text_edit.setPlainText("字" * 181)
    assert "每位收件人 2 条" in options.count_label.text()
    options.text_edit.setPlainText("您的验证码是 1234，五分钟内有效。")
    run(until(lambda: tab.send_button.isEnabled(), message="send enabled"))

    # a date in the past
    options.at_check.setChecked(True)
    options.at_edit.setDateTime(QDateTime.currentDateTime().addDays(-1))
    assert "已经过去了" in options.summary_label.text()
    tab.send_button.click()
    run(until(lambda: boxes(), message="the refusal"))
    assert "已经过去了" in boxes()[0].text()
    close_boxes()
    options.at_check.setChecked(False)

    # speed 0 and 5000 for a call
    options.call_radio.setChecked(True)
    for speed in (0, 5000):
        options.speed_spin.setValue(speed)
        assert not tab.send_button.isEnabled() and "1 到 1200" in tab.reason_label.text()
        tab.send()
        run(until(lambda: boxes(), message="the refusal"))
        assert "1 到 1200" in boxes()[0].text()
        close_boxes()
    options.speed_spin.setValue(1200)
    assert tab.send_button.isEnabled()
    # a file send without a file chosen
    options.file_radio.setChecked(True)
    assert not tab.send_button.isEnabled() and "还没有选录音文件" in tab.reason_label.text()
    run(until(lambda: True))
    assert state.submission_count == 0 and len(state.voice_files) == 0


def voice_numbers(n: int, seed: int = 1) -> list[str]:
    import random

    rnd = random.Random(seed)
    out = dict.fromkeys(f"1{rnd.choice('3456789')}{rnd.randrange(10 ** 9):09d}" for _ in range(n * 2))
    return list(out)[:n]


def sent_voice(controller):
    from collections import Counter

    return Counter(m for s in list(sandbox(controller).submissions) if s.cmd == "sendvoice" for m in s.mobiles)


def start_text_send(tab, run, mobiles: list[str]) -> None:
    recipients(tab, run, mobiles)
    tab.options.text_radio.setChecked(True)
    tab.options.text_edit.setPlainText("您好，这里是茧米物业：明天上午九点到十二点停水，请提前储水。")
    run(until(lambda: tab.send_button.isEnabled(), message=f"send enabled ({tab.reason_label.text()})"))
    tab.send_button.click()
    run(until(lambda: boxes("sendConfirmation"), message="the confirmation"))
    click(boxes("sendConfirmation")[0], "发送")


def test_a_scheduled_voice_send_shows_when_it_rings_in_history(tab, window, controller, run):
    recipients(tab, run, ["13800138000", "13900139000"])
    tab.options.text_radio.setChecked(True)
    tab.options.text_edit.setPlainText("您好，您预约的维修师傅明天上午到达，请留意来电。")
    at = QDateTime.currentDateTime().toTimeZone(tab.options.at_edit.timeZone()).addDays(3)
    tab.options.at_check.setChecked(True)
    tab.options.at_edit.setDateTime(at)
    at_text = tab.options.at_text()
    cid = send_and_confirm(tab, run, "定时发送")
    sub = voice_subs(controller)[-1]
    assert (sub.params["senddate"], sub.params["sendtime"]) == tuple(at_text.split(" "))

    history = next(t for t in window.tab_widgets if type(t).__name__ == "HistoryTab")
    window.tabs.setCurrentWidget(history)
    model = history.campaigns
    wanted = f"定时 {at_text} 拨打"

    def state_cell() -> str:
        row = model.row_of(cid)
        return model.data(model.index(row, 4)) or "" if row >= 0 else ""

    run(until(lambda: wanted in state_cell(), timeout=20, message=f"the time in History ({state_cell()!r})"))
    tip = model.data(model.index(model.row_of(cid), 4), Qt.ItemDataRole.ToolTipRole)
    assert at_text in tip and "拨打" in tip
    # a voice notification sent now says nothing of a time (the same text to the same numbers as the
    # held one: the confirmation warns of it, as for SMS)
    window.tabs.setCurrentWidget(tab)
    tab.options.at_check.setChecked(False)
    now_cid = send_and_confirm(tab, run, "已确认，发送")
    window.tabs.setCurrentWidget(history)
    run(until(lambda: model.row_of(now_cid) >= 0, timeout=20, message="the immediate send in History"))
    assert "定时" not in model.data(model.index(model.row_of(now_cid), 4))
    shot(history, "voice-scheduled-in-history")


def test_closing_while_a_voice_send_runs_asks_and_stops_at_a_batch_boundary(tab, window, controller, run, qapp,
                                                                         request):
    qapp.setQuitOnLastWindowClosed(False)  # as the program runs (app.py): closing ends main(), not Qt's loop
    request.addfinalizer(lambda: qapp.setQuitOnLastWindowClosed(True))
    assert window.guard is not None
    controller.settings.batch_size = 5  # 40 batches: ~4 s of sending, room to ask before the end
    mobiles = voice_numbers(200, seed=21)
    start_text_send(tab, run, mobiles)
    run(until(lambda: tab.binding.busy and tab.progress.bar.value() >= 2, message="a few batches"))
    closed = []
    window.closed.connect(lambda: closed.append(True))
    window.close()
    run(until(lambda: boxes("closeGuardBox"), message="the question"))
    assert window.isVisible() and not closed and tab.binding.busy
    box = boxes("closeGuardBox")[0]
    assert "语音通知正在发送" in box.text()
    shot(tab, "voice-close-question")
    click(box, "停止发送并退出")
    run(until(lambda: closed, timeout=20, message="the window closes"))
    cid = tab.progress.campaign_id
    assert run(controller.store.get_campaign(cid)).state == "paused"
    sent = sent_voice(controller)
    assert 0 < sum(sent.values()) < 200 and set(sent.values()) == {1}  # nothing sent twice
    counts = run(controller.store.campaign_counts(cid))
    assert counts["sending"] == 0 and counts["uncertain"] == 0


def test_a_voice_send_pauses_resumes_and_sends_each_number_once(tab, controller, run):
    import asyncio

    controller.settings.batch_size = 10
    mobiles = voice_numbers(200, seed=23)
    start_text_send(tab, run, mobiles)
    progress = tab.progress
    run(until(lambda: progress.state == "running" and progress.bar.value() >= 2, message="a few batches"))
    progress.pause_button.click()
    run(until(lambda: progress.state == "paused", timeout=20, message="paused"))
    at_pause = sent_voice(controller)
    assert 0 < sum(at_pause.values()) < 200
    assert progress.resume_button.isVisible() and not progress.pause_button.isVisible()
    assert not tab.binding.busy and "正在发送" not in tab.reason_label.text()
    shot(tab, "voice-paused")
    run(asyncio.sleep(0.5))
    assert sent_voice(controller) == at_pause  # nothing leaves while paused
    cid = progress.campaign_id
    progress.resume_button.click()
    run(until(lambda: progress.state == "done", timeout=30, message="done"))
    sent = sent_voice(controller)
    assert set(sent) == set(mobiles) and set(sent.values()) == {1}  # each number exactly once
    assert progress.bar.value() == progress.bar.maximum()
    assert run(controller.store.get_campaign(cid)).state == "done"


def test_cancelling_a_voice_send_stops_the_rest(tab, controller, run):
    import asyncio

    controller.settings.batch_size = 5  # 40 batches: ~4 s of sending, room to ask before the end
    mobiles = voice_numbers(200, seed=25)
    start_text_send(tab, run, mobiles)
    progress = tab.progress
    run(until(lambda: progress.bar.value() >= 2, message="a few batches"))
    progress.cancel_button.click()
    run(until(lambda: boxes(), message="the question"))
    click(boxes()[0], "取消发送")
    run(until(lambda: progress.state == "cancelled", timeout=20, message="cancelled"))
    sent = sent_voice(controller)
    assert 0 < sum(sent.values()) < 200 and set(sent.values()) == {1}
    run(asyncio.sleep(0.5))
    assert sent_voice(controller) == sent  # nothing more leaves
    assert run(controller.store.get_campaign(progress.campaign_id)).state == "cancelled"


def test_the_voice_confirmation_warns_at_night_and_for_the_same_text_within_a_day(tab, controller, run):
    """As for SMS (issue 13, item 6): the night window of the settings and the same spoken text to
    the same numbers within 24 hours are said before sending, and the button says so."""
    from jianmi_desktop.platform.auth import china_now

    text = "您好，这里是茧米物业：今晚十点检修电梯，请勿乘坐。"
    tab.options.text_edit.setPlainText(text)
    recipients(tab, run, ["13800138000", "13900139000"])
    send_and_confirm(tab, run, "发送")                       # the first time: no warning
    hour = china_now().hour
    controller.settings.night_start, controller.settings.night_end = hour, (hour + 2) % 24
    run(until(lambda: tab.send_button.isEnabled(), message="send enabled again"))
    tab.send_button.click()
    run(until(lambda: boxes("sendConfirmation"), message="the confirmation"))
    box = boxes("sendConfirmation")[0]
    assert "夜间" in box.text() and "其中 2 个号码在 24 小时内已经收到过同样的内容" in box.text()
    assert "计费：" in box.text()
    assert [b.text() for b in box.buttons() if b.text() != "再看看"] == ["已确认，发送"]
    click(box, "再看看")
