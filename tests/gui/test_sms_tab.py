"""短信 on the real window and the embedded sandbox: import, checks as you type, send, pause, resume,
delivery reports, personalised messages, held sends. Real sockets, real files, real drops."""

from __future__ import annotations

import asyncio
import os
import random
from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.gui.conftest import until

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")
SHOTS = Path(os.environ.get("JIANMI_SHOTS", "")) if os.environ.get("JIANMI_SHOTS") else None


@pytest.fixture(autouse=True)
def fast_reports(controller):
    """Delivery reports within a fraction of a second (the window's default is 1–6 s); no night
    window, so the checks do not depend on the hour the tests run (its own test sets one)."""
    controller.runtime.sandbox_options = {"report_delay": (0.05, 0.3)}
    controller.settings.night_start = controller.settings.night_end = 0


@pytest.fixture
def tab(window, run):
    found = next(t for t in window.tab_widgets if type(t).__name__ == "SmsTab")
    window.tabs.setCurrentWidget(found)
    run(until(lambda: found.controller.sending.is_ready, message="the start-up checks"))
    return found


def numbers(n: int, seed: int = 1) -> list[str]:
    rnd = random.Random(seed)
    out = dict.fromkeys(f"1{rnd.choice('3456789')}{rnd.randrange(10 ** 9):09d}" for _ in range(n * 2))
    return list(out)[:n]


def shot(widget, name: str) -> None:
    """The window and any message box over it (offscreen: look at them with an image viewer)."""
    if SHOTS is not None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        widget.window().grab().save(str(SHOTS / f"{name}.png"))
        for i, box in enumerate(boxes()):
            box.grab().save(str(SHOTS / f"{name}-box{i}.png"))


def boxes(name: str | None = None) -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.isVisible() and (name is None or w.objectName() == name)]


def click(box: QMessageBox, text: str) -> None:
    """Click the button called ``text``."""
    names = [b.text() for b in box.buttons()]
    assert text in names, f"no button {text!r} among {names}"
    box.buttons()[names.index(text)].click()


def drop(widget, *paths: Path) -> None:
    """A real drag-enter and drop with file URLs in the mime data."""
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


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8-sig") -> Path:
    path.write_text("\n".join(",".join(r) for r in rows) + "\n", encoding=encoding)
    return path


# --- import -----------------------------------------------------------------------------------

def test_dropping_a_csv_shows_the_report_and_the_invalid_rows_export(tab, run, tmp_path):
    rows = [["姓名", "手机号", "城市"], ["张三", "13800138000", "北京"], ["李四", "139 0013 9000", "上海"],
            ["王五", "13800138000", "广州"], ["赵六", "12345", "深圳"], ["钱七", "１３７００１３７０００", "杭州"],
            ["孙八", "abc", "南京"]]
    path = write_csv(tmp_path / "客户.csv", rows, encoding="gbk")
    panel = tab.panel
    drop(panel, path)
    run(until(lambda: panel.report is not None and not panel.busy, message="the import"))
    report = panel.report
    assert (len(report.valid), len(report.invalid), report.duplicates) == (3, 2, 1)
    assert report.valid == ["13800138000", "13900139000", "13700137000"]
    summary = panel.summary_label.text()
    assert "有效 <b>3</b>" in summary and "无效 <b>2</b>" in summary and "重复 <b>1</b>" in summary
    assert panel.column_combo.currentText() == "手机号" and panel.column_combo.isVisible()
    assert "姓名" in panel.variables_label.text() and "城市" in panel.variables_label.text()
    model = panel.invalid_model
    assert [model.data(model.index(r, 0)) for r in range(model.rowCount())] == ["5", "7"]
    assert model.data(model.index(0, 1)) == "12345"
    assert panel.invalid_view.isVisible() and panel.export_button.isVisible()
    assert tab.controller.settings.ui.last_folder == str(tmp_path)
    # the composer offers the columns as variables
    assert [b.text() for b in tab.composer.variables_bar.findChildren(type(tab.send_button))] == [
        "{姓名}", "{城市}"]
    # invalid numbers stop the send until they are skipped
    tab.composer.text_edit.setPlainText("您好，本周六店庆全场八折。拒收请回复R")
    tab.composer.signature_edit.setText("茧米")
    run(until(lambda: "无效号码" in tab.reason_label.text(), message="the reason"))
    assert not tab.send_button.isEnabled()
    panel.skip_check.setChecked(True)
    run(until(lambda: tab.send_button.isEnabled(), message="send enabled"))
    shot(tab, "sms-imported")

    out = tmp_path / "无效.csv"
    run(asyncio.wrap_future(asyncio.ensure_future(_await_task(panel.export_invalid(out)))))
    text = out.read_text(encoding="utf-8-sig").splitlines()
    assert text[0] == "行号,号码,原因" and text[1].startswith("5,12345,") and text[2].startswith("7,abc,")


async def _await_task(task):
    return await task


def test_choosing_another_column_reads_the_file_again(tab, run, tmp_path):
    path = write_csv(tmp_path / "two.csv", [["手机", "备用"], ["13800138000", "13900139001"],
                                            ["13800138001", "13900139002"], ["13800138002", "x"]])
    panel = tab.panel
    panel.load_file(path)
    run(until(lambda: panel.report is not None and not panel.busy))
    assert len(panel.report.valid) == 3
    panel.column_combo.setCurrentIndex(1)
    panel.column_combo.activated.emit(1)
    run(until(lambda: panel.imported.column_name == "备用" and not panel.busy))
    assert (len(panel.report.valid), len(panel.report.invalid)) == (2, 1)
    assert panel.variable_names() == ("手机",)


@pytest.mark.parametrize("content, expected", [
    (b"", "0 字节"),
    (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" * 20, "程序文件"),
    (b"PK\x03\x04garbage that is not a zip at all", "不是有效的 Excel 文件"),
])
def test_a_broken_file_gives_a_plain_message_and_keeps_the_list(tab, run, tmp_path, content, expected):
    panel = tab.panel
    panel.paste_edit.setPlainText("13800138000\n13900139000")
    run(until(lambda: panel.report is not None and not panel.busy))
    before = panel.report
    bad = tmp_path / "名单.xlsx"
    bad.write_bytes(content)
    drop(panel, bad)
    run(until(lambda: boxes(), message="the error message"))
    box = boxes()[0]
    assert expected in box.text() and "原来的号码列表没有改变" in box.text()
    assert panel.report is before and panel.imported is None and panel.paste_edit.isVisible()
    assert len(panel.report.valid) == 2 and not panel.busy
    shot(tab, "sms-broken-file")
    box.close()


def test_paste_shortcut_takes_numbers_into_the_box(tab, run, qtbot):
    QApplication.clipboard().setText("13800138000, 13900139000；13700137000 13700137000")
    tab.send_button.setFocus()
    tab.panel.paste()
    run(until(lambda: tab.panel.report is not None and not tab.panel.busy))
    assert len(tab.panel.report.valid) == 3 and tab.panel.report.duplicates == 1


# --- checks as you type -------------------------------------------------------------------------

def test_an_emoji_is_marked_and_stops_the_send(tab, run):
    tab.panel.paste_edit.setPlainText("13800138000")
    composer = tab.composer
    composer.signature_edit.setText("【茧米】")
    composer.text_edit.setPlainText("您好😀，会员日全场八折。拒收请回复R")
    run(until(lambda: tab.panel.report is not None and composer.findings, message="the checks"))
    run(until(lambda: any(f.code == "gbk" for f in composer.findings)))
    marks = composer.marked_ranges()
    # "您好" then the emoji: Qt counts it as two UTF-16 units, positions 2..4
    assert (2, 4, "#ffc9cf") in marks
    cursor = composer.text_edit.textCursor()
    cursor.setPosition(3)
    selection = next(s for s in composer.text_edit.extraSelections() if s.cursor.selectionStart() == 2)
    assert selection.format.underlineStyle() == selection.format.UnderlineStyle.WaveUnderline
    assert not tab.send_button.isEnabled()
    assert "GBK" in tab.reason_label.text()
    items = [composer.findings_list.item(i).text() for i in range(composer.findings_list.count())]
    assert any(t.startswith("不能发送") and "U+1F600" in t for t in items)
    shot(tab, "sms-emoji")
    # take the emoji out: the mark goes, send comes back
    composer.text_edit.setPlainText("您好，会员日全场八折。拒收请回复R")
    run(until(lambda: tab.send_button.isEnabled(), message="send enabled again"))
    assert composer.marked_ranges() == []


def test_counts_follow_the_text_domestic_and_international(tab, run):
    composer = tab.composer
    composer.signature_edit.setText("【茧米】")
    composer.text_edit.setPlainText("字" * 66)
    assert "共 70 个字" in composer.count_label.text() and "每位收件人 1 条" in composer.count_label.text()
    composer.text_edit.setPlainText("字" * 67)
    assert "每位收件人 2 条" in composer.count_label.text()
    tab.intl_check.setChecked(True)
    composer.signature_edit.setText("")
    composer.text_edit.setPlainText("Hello " * 26 + "abcd")  # 160 GSM-7 characters
    assert "共 160 个字" in composer.count_label.text() and "每位收件人 1 条" in composer.count_label.text()
    composer.text_edit.setPlainText("Hello " * 26 + "abcde")
    assert "每位收件人 2 条" in composer.count_label.text()


# --- sending ------------------------------------------------------------------------------------

def sandbox_state(controller):
    return controller.runtime.sandbox_thread.sandbox.state


def submitted_numbers(controller, cmd: str = "send") -> Counter:
    subs = list(sandbox_state(controller).submissions)
    return Counter(m for s in subs if s.cmd == cmd for m in s.mobiles)


def compose(tab, run, mobiles: list[str], text: str = "会员日全场八折，欢迎光临。拒收请回复R", signature: str = "茧米"):
    tab.panel.paste_edit.setPlainText("\n".join(mobiles))
    tab.composer.signature_edit.setText(signature)
    tab.composer.text_edit.setPlainText(text)
    run(until(lambda: tab.panel.report is not None and not tab.panel.busy
              and len(tab.panel.report.valid) == len(set(mobiles)), message="the list"))
    run(until(lambda: tab.send_button.isEnabled(), message="send enabled"))


def confirm_send(tab, run, button: str = "发送") -> QMessageBox:
    tab.send_button.click()
    run(until(lambda: boxes("sendConfirmation"), message="the confirmation"))
    box = boxes("sendConfirmation")[0]
    return box


def test_send_pause_resume_and_the_reports_arrive(tab, controller, run):
    controller.settings.batch_size = 20
    mobiles = numbers(600, seed=7)
    compose(tab, run, mobiles)
    box = confirm_send(tab, run)
    text = box.text()
    assert "收件人：600 位" in text and "共约 600 条" in text and "30 次请求" in text
    assert "【茧米】" in text  # the message as it will read
    shot(tab, "sms-confirm")
    click(box, "发送")
    progress = tab.progress
    run(until(lambda: progress.state == "running" and progress.bar.value() >= 3, message="a few batches"))
    assert tab.binding.busy
    progress.pause_button.click()
    run(until(lambda: progress.state == "paused", timeout=20, message="paused"))
    sent_at_pause = submitted_numbers(controller)
    assert 0 < sum(sent_at_pause.values()) < 600
    assert progress.resume_button.isVisible() and not progress.pause_button.isVisible()
    shot(tab, "sms-paused")
    run(asyncio.sleep(0.5))
    assert submitted_numbers(controller) == sent_at_pause  # nothing leaves while paused
    cid = progress.campaign_id
    progress.resume_button.click()
    run(until(lambda: progress.state == "done", timeout=30, message="done"))
    sent = submitted_numbers(controller)
    assert set(sent) == set(mobiles) and set(sent.values()) == {1}  # each number exactly once
    assert progress.bar.value() == progress.bar.maximum()
    shot(tab, "sms-done")
    # the delivery reports settle the recipients and the figures follow
    run(until(lambda: progress.counts.get("delivered", 0) + progress.counts.get("undelivered", 0) == 600,
              timeout=30, message="every report"))
    assert progress.counts["delivered"] > 0
    assert f"已送达 <b>{progress.counts['delivered']:,}</b>" in progress.delivery_label.text()
    counts = run(controller.store.campaign_counts(cid))
    assert counts["delivered"] + counts["undelivered"] == 600
    shot(tab, "sms-delivered")


def test_the_night_window_of_the_settings_warns_before_sending(tab, controller, run):
    """A send inside the night window (settings, China time) asks once more; outside it, it does not."""
    from jianmi_desktop.platform.auth import china_now

    hour = china_now().hour
    settings = controller.settings
    settings.night_start, settings.night_end = hour, (hour + 2) % 24  # now is at night
    compose(tab, run, numbers(5, seed=3))
    box = confirm_send(tab, run)
    assert "夜间" in box.text() and f"{hour:02d}:00–{(hour + 2) % 24:02d}:00" in box.text()
    assert [b.text() for b in box.buttons() if b.text() != "再看看"] == ["已确认，发送"]
    click(box, "再看看")
    run(until(lambda: not boxes("sendConfirmation"), message="the confirmation to close"))
    settings.night_start, settings.night_end = (hour + 2) % 24, (hour + 3) % 24  # now is daytime
    box = confirm_send(tab, run)
    assert "夜间" not in box.text()
    assert [b.text() for b in box.buttons() if b.text() != "再看看"] == ["发送"]
    click(box, "再看看")
    assert submitted_numbers(controller) == Counter()  # nothing left


def test_cancel_stops_the_rest(tab, controller, run):
    controller.settings.batch_size = 10
    mobiles = numbers(400, seed=3)
    compose(tab, run, mobiles)
    click(confirm_send(tab, run), "发送")
    progress = tab.progress
    run(until(lambda: progress.bar.value() >= 2, message="a few batches"))
    progress.cancel_button.click()
    run(until(lambda: boxes(), message="the question"))
    click(boxes()[0], "取消发送")
    run(until(lambda: progress.state == "cancelled", timeout=20))
    sent = submitted_numbers(controller)
    assert 0 < sum(sent.values()) < 400 and set(sent.values()) == {1}
    run(asyncio.sleep(0.5))
    assert submitted_numbers(controller) == sent
    assert run(controller.store.get_campaign(progress.campaign_id)).state == "cancelled"


def test_a_templated_message_previews_per_row_and_sends_personalised_texts(tab, controller, run, tmp_path):
    rows = [["手机号码", "姓名", "积分"], ["13800138000", "张三", "120"], ["13900139000", "李四", "80"],
            ["13700137000", "王五", "3000"], ["13800138000", "张三重复", "1"]]
    panel = tab.panel
    panel.load_file(write_csv(tmp_path / "会员.csv", rows))
    run(until(lambda: panel.report is not None and not panel.busy))
    composer = tab.composer
    composer.signature_edit.setText("茧米")
    composer.text_edit.setPlainText("")
    composer.insert_variable("姓名")
    composer.text_edit.insertPlainText("您好，您的积分是")
    composer.insert_variable("积分")
    composer.text_edit.insertPlainText("分。拒收请回复R")
    assert composer.text() == "{姓名}您好，您的积分是{积分}分。拒收请回复R"
    composer.preview_spin.setValue(2)
    assert composer.preview.text() == "李四您好，您的积分是80分。拒收请回复R【茧米】"
    composer.preview_spin.setValue(3)
    assert composer.preview.text().startswith("王五您好，您的积分是3000分")
    run(until(lambda: tab.send_button.isEnabled(), message="send enabled"))
    shot(tab, "sms-template")
    box = confirm_send(tab, run)
    assert "收件人：3 位" in box.text() and "张三您好，您的积分是120分" in box.text()
    click(box, "发送")
    run(until(lambda: tab.progress.state == "done", timeout=30, message="done"))
    subs = [s for s in sandbox_state(controller).submissions if s.cmd == "send"]
    got = {m: s.msg for s in subs for m in s.mobiles}
    assert got == {"13800138000": "张三您好，您的积分是120分。拒收请回复R【茧米】",
                   "13900139000": "李四您好，您的积分是80分。拒收请回复R【茧米】",
                   "13700137000": "王五您好，您的积分是3000分。拒收请回复R【茧米】"}
    assert sum(len(s.mobiles) for s in subs) == 3


def test_a_held_send_counts_down_and_goes_out_when_due(tab, controller, run):
    from PySide6.QtCore import QDateTime

    mobiles = numbers(30, seed=11)
    compose(tab, run, mobiles)
    tab.at_check.setChecked(True)
    tab.at_edit.setDateTime(QDateTime.currentDateTime().addSecs(4))
    assert tab.send_button.text() == "定时发送…"
    box = confirm_send(tab, run)
    assert "发送时间：" in box.text()
    click(box, "定时发送")
    run(until(lambda: boxes(), message="saved"))
    saved = boxes()[0]
    assert "将在" in saved.text()
    saved.close()
    progress = tab.progress
    run(until(lambda: progress.state == "scheduled" and "还有" in progress.title.text(), message="countdown"))
    shot(tab, "sms-scheduled")
    assert sum(submitted_numbers(controller).values()) == 0
    assert tab.binding.waiting
    run(until(lambda: progress.state == "done", timeout=30, message="sent when due"))
    sent = submitted_numbers(controller)
    assert set(sent) == set(mobiles) and set(sent.values()) == {1}
    run(until(lambda: not tab.binding.waiting, message="nothing waits any more"))


def test_an_international_send_goes_to_the_international_endpoint(tab, controller, run):
    tab.intl_check.setChecked(True)
    tab.panel.paste_edit.setPlainText("+44 7911 123456\n+1 202 555 0143\n12345")
    tab.composer.signature_edit.setText("Jianmi")
    tab.composer.text_edit.setPlainText("Your parcel arrives today. Reply STOP to opt out")
    run(until(lambda: tab.panel.report is not None and not tab.panel.busy and len(tab.panel.report.valid) == 2))
    tab.panel.skip_check.setChecked(True)
    run(until(lambda: tab.send_button.isEnabled(), message="send enabled"))
    click(confirm_send(tab, run), "发送")
    run(until(lambda: tab.progress.state == "done", timeout=30, message="done"))
    assert set(submitted_numbers(controller, "sendIntlSms")) == {"447911123456", "12025550143"}
    assert not submitted_numbers(controller, "send")


def test_unfinished_campaigns_are_offered_at_start_and_uncertain_batches_are_not_resent(tab, controller, run):
    store = controller.store
    mobiles = numbers(50, seed=5)
    cid = run(store.create_campaign(kind="sms", text="【茧米】通知：明天停水。拒收请回复R", params={},
                                    mobiles=mobiles, batch_size=10))
    claimed = run(store.claim_next_batch(cid))  # as if the program died while this batch was in flight
    from datetime import datetime

    controller.runtime.sending.started_at = datetime.now().astimezone()  # as if the program started again now
    controller.sending.startup(ask=True)
    run(until(lambda: boxes(), message="the question"))
    box = boxes()[0]
    assert "#" + str(cid) in box.text() and "1 批" in box.text() and "不确定" in box.text()
    shot(tab, "sms-unfinished")
    click(box, "继续发送")
    run(until(lambda: tab.progress.state == "done" and tab.progress.campaign_id == cid, timeout=30))
    sent = submitted_numbers(controller)
    assert set(sent) == set(mobiles) - set(claimed.mobiles) and set(sent.values()) == {1}
    counts = run(store.campaign_counts(cid))
    assert counts["uncertain"] + counts["delivered"] + counts["undelivered"] + counts["submitted"] == 50


def test_closing_while_sending_asks_and_stops_at_a_batch_boundary(tab, window, controller, run, qapp, request):
    qapp.setQuitOnLastWindowClosed(False)  # as the program runs (app.py): closing ends main(), not Qt's loop
    request.addfinalizer(lambda: qapp.setQuitOnLastWindowClosed(True))
    controller.settings.batch_size = 10
    mobiles = numbers(300, seed=9)
    compose(tab, run, mobiles)
    click(confirm_send(tab, run), "发送")
    run(until(lambda: tab.progress.bar.value() >= 2, message="a few batches"))
    closed = []
    window.closed.connect(lambda: closed.append(True))
    window.close()
    run(until(lambda: boxes("closeGuardBox"), message="the question"))
    assert window.isVisible() and not closed and tab.binding.busy
    box = boxes("closeGuardBox")[0]
    shot(tab, "sms-close-question")
    click(box, "停止发送并退出")
    run(until(lambda: closed, timeout=20, message="the window closes"))
    cid = tab.progress.campaign_id
    assert run(controller.store.get_campaign(cid)).state == "paused"
    sent = submitted_numbers(controller)
    assert 0 < sum(sent.values()) < 300 and set(sent.values()) == {1}
    counts = run(controller.store.campaign_counts(cid))
    assert counts["sending"] == 0 and counts["uncertain"] == 0


def test_a_missed_held_send_is_asked_about_first_then_sent(tab, controller, run):
    """A domestic send held for a time that passed while the program was closed: asked, not sent by itself."""
    from datetime import datetime, timedelta

    from jianmi_desktop.campaign.accounts import account_key
    from jianmi_desktop.platform.auth import china_now

    store = controller.store
    mobiles = numbers(30, seed=11)
    at = (china_now() - timedelta(hours=2)).strftime("%Y-%m-%d %H:%M:%S")
    cid = run(store.create_campaign(kind="sms", text="【茧米】早上的通知。拒收请回复R",
                                    params={"account": account_key(controller.client)}, mobiles=mobiles,
                                    batch_size=10, scheduled_at=at))
    controller.runtime.sending.started_at = datetime.now().astimezone()  # as if the program started again now
    controller.sending.startup(ask=True)
    run(until(lambda: getattr(tab, "missed_box", None) is not None and tab.missed_box.isVisible(),
              message="the question about the missed send"))
    box = tab.missed_box
    assert "#" + str(cid) in box.text() and "已经过了" in box.text()
    assert submitted_numbers(controller) == Counter()  # nothing left before the user answered
    click(box, "现在发送")
    run(until(lambda: tab.progress.state == "done" and tab.progress.campaign_id == cid, timeout=30,
              message="the send"))
    sent = submitted_numbers(controller)
    assert set(sent) == set(mobiles) and set(sent.values()) == {1}


def test_the_invalid_panel_shows_each_reason_whole_and_the_groups(tab, run):
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
