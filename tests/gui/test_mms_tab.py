"""彩信 on the real window and the embedded sandbox: files dropped as a file manager drops them,
reorder, undo / redo, drafts, bad files, the phone preview, and a send whose status calls arrive."""

from __future__ import annotations

import hashlib
import io
import os
import random
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from jianmi_desktop.gui.widgets.icons import icon
from tests.gui.conftest import until

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")
SHOTS = Path(os.environ.get("JIANMI_SHOTS", "")) if os.environ.get("JIANMI_SHOTS") else None


@pytest.fixture(autouse=True)
def fast_reports(controller):
    controller.runtime.sandbox_options = {"report_delay": (0.05, 0.3)}
    # no night window, so the confirmation does not depend on the hour the tests run (its own test sets one)
    controller.settings.night_start = controller.settings.night_end = 0


@pytest.fixture
def tab(window):
    found = next(t for t in window.tab_widgets if type(t).__name__ == "MmsTab")
    window.tabs.setCurrentWidget(found)
    return found


# --- pictures made at test time -------------------------------------------------------------------

def photo(path: Path, size=(1600, 1200), seed=1) -> Path:
    rnd = random.Random(seed)
    img = Image.merge("RGB", (Image.linear_gradient("L").resize(size), Image.radial_gradient("L").resize(size),
                              Image.linear_gradient("L").rotate(90).resize(size)))
    draw = ImageDraw.Draw(img)
    for _ in range(300):
        x, y, s = rnd.randrange(size[0]), rnd.randrange(size[1]), rnd.randrange(8, 120)
        draw.ellipse([x, y, x + s, y + s], fill=tuple(rnd.randrange(256) for _ in range(3)))
    img.save(path, "JPEG", quality=92)
    return path


def graphic(path: Path, fmt: str = "PNG") -> Path:
    img = Image.new("RGB", (300, 200), "white")
    draw = ImageDraw.Draw(img)
    draw.rectangle([20, 20, 280, 180], outline="navy", width=6)
    draw.ellipse([100, 50, 200, 150], fill="orange")
    img.save(path, fmt)
    return path


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def bomb(path: Path) -> Path:
    """A PNG that declares 60000×60000 pixels in a few hundred bytes."""
    ihdr = struct.pack(">IIBBBBB", 60000, 60000, 8, 2, 0, 0, 0)
    data = b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", zlib.compress(b"\0" * 1000)) + \
        png_chunk(b"IEND", b"")
    path.write_bytes(data)
    return path


def drop(widget, paths, pos: QPoint | None = None, mime: QMimeData | None = None) -> None:
    """A real drag-enter and drop, with file URLs in the mime data (as a file manager sends)."""
    if mime is None:
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    target = widget.viewport()
    pos = pos or QPoint(target.width() - 5, target.height() // 2)
    enter = QDragEnterEvent(pos, Qt.DropAction.CopyAction | Qt.DropAction.MoveAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted(), "the strip refused the drag"
    event = QDropEvent(QPointF(pos), Qt.DropAction.CopyAction | Qt.DropAction.MoveAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, event)
    assert event.isAccepted()


def boxes() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]


def close_boxes() -> None:
    for box in boxes():
        box.done(0)


def shot(widget, name: str) -> None:
    if SHOTS is not None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        widget.grab().save(str(SHOTS / f"{name}.png"))


def names(tab) -> list[str]:
    return [f.image_name for f in tab.message.frames]


def add_three(tab, run, tmp_path) -> list[Path]:
    files = [photo(tmp_path / "海边.jpg"), graphic(tmp_path / "标志.png"), graphic(tmp_path / "图表.gif", "GIF")]
    drop(tab.strip, files)
    run(until(lambda: len(tab.message.frames) == 3 and not tab.busy, message="three frames"))
    return files


# --- tests -------------------------------------------------------------------------------------------

def test_drop_reorder_undo_redo_and_the_draft_round_trip(tab, run, tmp_path):
    add_three(tab, run, tmp_path)
    assert names(tab) == ["海边.jpg", "标志.png", "图表.gif"]
    assert tab.strip.count() == 3
    for frame in tab.message.frames:
        assert 0 < len(frame.image) <= 80_000 and frame.width > 0
    photo_frame = tab.message.frames[0]
    assert photo_frame.image_type == "jpg" and max(photo_frame.width, photo_frame.height) == 640
    assert photo_frame.quality is not None and photo_frame.quality >= 70  # not shrunk to a thumbnail
    assert "80,000" in tab.editor.size_bar.format()

    # drag the first thumbnail onto the right edge of the third: it becomes the last frame
    strip = tab.strip
    strip.setCurrentRow(0)
    mime = strip.model().mimeData([strip.model().index(0, 0)])
    rect = strip.visualItemRect(strip.item(2))
    drop(strip, [], pos=QPoint(rect.right() - 3, rect.center().y()), mime=mime)
    assert names(tab) == ["标志.png", "图表.gif", "海边.jpg"]
    assert strip.count() == 3 and tab.current == 2

    # text and seconds for a frame, then undo everything back step by step
    strip.setCurrentRow(0)
    tab.editor.text_edit.setPlainText("新店开业，全场八折")
    tab.editor.seconds_spin.setValue(5)
    assert tab.message.frames[0].text == "新店开业，全场八折" and tab.message.frames[0].seconds == 5
    assert "9 个字" in tab.editor.count_label.text()
    strip.setFocus()
    QTest.keyClick(strip, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # seconds
    QTest.keyClick(strip, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # text
    assert tab.message.frames[0].text == "" and tab.message.frames[0].seconds == 3
    tab.undo_stack.undo()  # the reorder
    assert names(tab) == ["海边.jpg", "标志.png", "图表.gif"]
    QTest.keyClick(strip, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert names(tab) == ["标志.png", "图表.gif", "海边.jpg"]
    tab.undo_stack.redo()
    tab.undo_stack.redo()
    assert tab.message.frames[0].text == "新店开业，全场八折" and tab.message.frames[0].seconds == 5
    # add, duplicate, delete
    tab.duplicate_button.click()
    assert len(tab.message.frames) == 4 and tab.message.frames[1] == tab.message.frames[0]
    tab.delete_button.click()
    assert len(tab.message.frames) == 3
    tab.title_edit.setFocus()
    tab.title_edit.insert("开业大吉")  # as typed (textEdited), the keyboard cannot type Chinese here
    assert tab.message.title == "开业大吉"
    QTest.keyClick(tab.title_edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert tab.message.title == "" and tab.title_edit.text() == ""
    QTest.keyClick(tab.title_edit, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert tab.title_edit.text() == "开业大吉"

    # save, change, reopen: the same frames, byte for byte
    saved = tab.message
    path = tmp_path / "开业.jmms"
    tab.drafts.save_to(saved, path)
    run(until(lambda: tab.drafts.path == path and tab.undo_stack.isClean(), message="saved"))
    assert "开业.jmms" in tab.summary_label.text()
    tab.delete_button.click()
    tab.delete_button.click()
    assert len(tab.message.frames) == 1
    tab.drafts.open_path(path)
    run(until(lambda: len(tab.message.frames) == 3 and not tab.busy, message="reopened"))
    assert tab.message == saved
    assert [f.image for f in tab.message.frames] == [f.image for f in saved.frames]
    assert tab.controller.settings.ui.mms_recent_drafts[0] == str(path)
    tab.undo_stack.undo()  # opening a draft can be taken back too
    assert len(tab.message.frames) == 1
    tab.undo_stack.redo()
    shot(tab, "mms-tab")
    shot(tab.preview, "mms-preview")


@pytest.mark.parametrize("kind, expected", [
    ("corrupt", "已损坏"),
    ("empty", "0 字节"),
    ("text", "一段文字"),
    ("huge", "MB"),
    ("bomb", "大得异常"),
])
def test_a_bad_file_gives_a_message_naming_it_and_the_frames_stay(tab, run, tmp_path, kind, expected):
    add_three(tab, run, tmp_path)
    before = tab.message
    undo_count = tab.undo_stack.count()
    path = tmp_path / f"坏图-{kind}.{'png' if kind in ('huge', 'bomb') else 'jpg'}"
    if kind == "corrupt":
        path.write_bytes((tmp_path / "海边.jpg").read_bytes()[:3000])
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "text":
        path.write_text("Not a picture, only some words.\n" * 40, encoding="utf-8")
    elif kind == "huge":
        with open(path, "wb") as fh:
            fh.write(b"\x89PNG\r\n\x1a\n")
            fh.truncate(40 * 1000 * 1000)
    else:
        bomb(path)
    drop(tab.strip, [path])
    run(until(lambda: boxes() and not tab.busy, message="the message"))
    text = boxes()[0].text()
    assert path.name in text and expected in text, text
    assert tab.message is before and tab.undo_stack.count() == undo_count
    if kind == "corrupt":
        shot(boxes()[0], "mms-bad-file")
    close_boxes()
    # a good file and a bad one together: the good one is added, the bad one named
    drop(tab.strip, [tmp_path / "标志.png", path])
    run(until(lambda: boxes() and not tab.busy, message="the message"))
    assert path.name in boxes()[0].text() and len(tab.message.frames) == 4
    close_boxes()


def test_dropping_on_a_frame_replaces_its_picture_and_a_damaged_draft_changes_nothing(tab, run, tmp_path):
    add_three(tab, run, tmp_path)
    strip = tab.strip
    rect = strip.visualItemRect(strip.item(1))
    old = tab.message.frames[1]
    drop(strip, [photo(tmp_path / "新.jpg", seed=5)], pos=rect.center())
    run(until(lambda: tab.message.frames[1].image_name == "新.jpg" and not tab.busy, message="replaced"))
    assert len(tab.message.frames) == 3 and tab.message.frames[1].seconds == old.seconds
    before = tab.message
    bad = tmp_path / "坏草稿.jmms"
    bad.write_bytes(b"PK\x03\x04 damaged")
    tab.drafts.open_path(bad)
    run(until(lambda: boxes() and not tab.busy, message="the message"))
    assert "坏草稿.jmms" in boxes()[0].text()
    assert tab.message is before and tab.drafts.path is None
    close_boxes()


def test_the_preview_plays_the_frames_for_their_times(tab, run, tmp_path):
    add_three(tab, run, tmp_path)
    tab.strip.setCurrentRow(1)
    tab.editor.text_edit.setPlainText("欢迎光临，凭此彩信到店领取小礼品一份")
    preview = tab.preview
    assert preview.phone.frame is tab.message.frames[1] and preview.phone.image is not None
    shown = []
    preview.frame_shown.connect(shown.append)
    preview.speed = 10  # a 3-second frame shows for 0.3 s
    preview.play_button.click()
    assert preview.playing and preview.play_button.text() == "停止"
    assert preview.play_button.icon().cacheKey() == icon("player-stop").cacheKey()
    run(until(lambda: not preview.playing, timeout=10, message="the end"))
    assert shown == [0, 1, 2] and preview.index == 2
    img = preview.phone.grab().toImage()
    assert isinstance(img, QImage) and not img.isNull()


def test_an_animated_gif_plays_in_the_preview_and_a_still_picture_does_not(tab, run, tmp_path):
    colours = ["red", "lime", "blue"]
    frames = [Image.new("RGB", (120, 90), c) for c in colours]
    gif = tmp_path / "闪.gif"
    frames[0].save(gif, "GIF", save_all=True, append_images=frames[1:], duration=60, loop=0)
    drop(tab.strip, [gif, graphic(tmp_path / "静.png")])
    run(until(lambda: len(tab.message.frames) == 2 and not tab.busy, message="two frames"))
    assert tab.message.frames[0].image[:6] == b"GIF89a"  # it stayed an animation
    tab.strip.setCurrentRow(0)
    preview = tab.preview
    run(until(lambda: preview.movie is not None, message="the animation"))
    seen = set()

    def middle_colour():
        img = preview.phone.image
        seen.add(img.pixelColor(img.width() // 2, img.height() // 2).name())
        return len(seen) >= 3

    run(until(middle_colour, timeout=10, message="every picture of the animation on the phone"))
    assert {"#ff0000", "#00ff00", "#0000ff"} <= seen
    tab.strip.setCurrentRow(1)  # a PNG: the animation stops and the picture stays
    run(until(lambda: preview.phone.frame is tab.message.frames[1], message="the second frame"))
    assert preview.movie is None and preview.phone.image is not None


def test_send_on_the_sandbox_and_the_status_calls_settle_the_recipients(tab, window, controller, run, tmp_path):
    add_three(tab, run, tmp_path)
    tab.strip.setCurrentRow(2)
    tab.editor.text_edit.setPlainText("周末见！")
    tab.title_edit.setText("开业")
    tab.title_edit.textEdited.emit("开业")
    mobiles = [f"1380013{n:04d}" for n in range(25)]
    sending = tab.sending
    controller.settings.batch_size = 10
    sending.panel.paste_edit.setPlainText("\n".join(mobiles))
    run(until(lambda: sending.panel.report is not None and not sending.panel.busy
              and len(sending.panel.report.valid) == 25, message="the list"))
    run(until(lambda: sending.send_button.isEnabled(), message="send enabled"))
    sending.send_button.click()
    run(until(lambda: boxes(), message="the confirmation"))
    box = boxes()[0]
    assert "收件人：25 位" in box.text() and "共 3 帧" in box.text()
    shot(box, "mms-confirm")
    next(b for b in box.buttons() if b.text() == "发送").click()
    progress = sending.progress
    run(until(lambda: progress.state == "done", timeout=30, message="sent"))
    cid = progress.campaign_id
    campaign = run(controller.store.get_campaign(cid))
    assert campaign.kind == "mms" and campaign.params["task_id"] and campaign.params["account"]
    state = controller.runtime.sandbox_thread.sandbox.state
    task = state.mms_tasks[campaign.params["task_id"]]
    assert task.title == "开业" and len(task.frames) == 3
    for sent, frame in zip(task.frames, tab.message.frames):
        assert sent.image_size <= 80_000 and sent.image_type == frame.image_type
        assert sent.image_sha1 == hashlib.sha1(frame.image).hexdigest()
        kind = Image.open(io.BytesIO(frame.image)).format
        assert {"JPEG": "jpg", "PNG": "png", "GIF": "gif"}[kind] == sent.image_type
    assert task.frames[2].text == "周末见！"
    mms = [s for s in state.submissions if s.cmd == "mmsSend"]
    assert len(mms) == 3 and sorted(m for s in mms for m in s.mobiles) == sorted(mobiles)
    run(until(lambda: progress.counts.get("delivered", 0) + progress.counts.get("undelivered", 0) == 25,
              timeout=30, message="every status call"))
    counts = run(controller.store.campaign_counts(cid))
    assert counts["delivered"] + counts["undelivered"] == 25 and counts["delivered"] > 0
    shot(tab, "mms-sent")

    # the status calls arrive in History: the campaign's own row there is settled
    history = next(t for t in window.tab_widgets if type(t).__name__ == "HistoryTab")
    window.tabs.setCurrentWidget(history)

    def settled() -> bool:
        row = history.campaigns.row_of(cid)
        if row < 0:
            return False
        s = history.campaigns.rows[row].summary
        return s["delivered"] + s["undelivered"] == 25

    run(until(settled, timeout=30, message="the status calls in History"))
    window.tabs.setCurrentWidget(tab)


def test_closing_while_an_mms_send_runs_asks_and_stops_at_a_batch_boundary(tab, window, controller, run, qapp,
                                                                            request, tmp_path):
    qapp.setQuitOnLastWindowClosed(False)  # as the program runs (app.py): closing ends main(), not Qt's loop
    request.addfinalizer(lambda: qapp.setQuitOnLastWindowClosed(True))
    controller.settings.rate = 5  # slow enough that the window is closed mid-send
    run(controller.reload())
    add_three(tab, run, tmp_path)
    tab.title_edit.setText("关窗")
    tab.title_edit.textEdited.emit("关窗")
    mobiles = [f"1390013{n:04d}" for n in range(200)]
    sending = tab.sending
    assert window.guard is not None
    controller.settings.batch_size = 5  # 40 batches: ~4 s of sending, room to ask before the end
    sending.panel.paste_edit.setPlainText("\n".join(mobiles))
    run(until(lambda: sending.panel.report is not None and not sending.panel.busy
              and len(sending.panel.report.valid) == 200, message="the list"))
    run(until(lambda: sending.send_button.isEnabled(), message="send enabled"))
    sending.send_button.click()
    run(until(lambda: boxes(), message="the confirmation"))
    next(b for b in boxes()[0].buttons() if b.text() == "发送").click()
    run(until(lambda: sending.progress.bar.value() >= 2, timeout=30, message="a few batches"))
    closed = []
    window.closed.connect(lambda: closed.append(True))
    window.close()
    run(until(lambda: [b for b in boxes() if b.objectName() == "closeGuardBox"], message="the question"))
    assert window.isVisible() and not closed and sending.binding.busy
    box = next(b for b in boxes() if b.objectName() == "closeGuardBox")
    assert "彩信正在发送" in box.text()
    next(b for b in box.buttons() if b.text() == "停止发送并退出").click()
    run(until(lambda: closed, timeout=20, message="the window closes"))
    cid = sending.progress.campaign_id
    assert run(controller.store.get_campaign(cid)).state == "paused"
    state = controller.runtime.sandbox_thread.sandbox.state
    sent = [m for s in state.submissions if s.cmd == "mmsSend" for m in s.mobiles]
    assert 0 < len(sent) < 200 and len(sent) == len(set(sent))  # stopped early, nothing sent twice
    counts = run(controller.store.campaign_counts(cid))
    assert counts["sending"] == 0 and counts["uncertain"] == 0


def test_ctrl_z_in_the_text_box_and_a_pasted_picture_use_the_tab_undo_stack(tab, run, tmp_path):
    tab.add_button.click()
    editor = tab.editor.text_edit
    editor.setFocus()
    QTest.keyClicks(editor, "Hello")
    assert tab.message.frames[0].text == "Hello"
    assert tab.undo_stack.count() == 2  # add frame, then the typing merged into one step
    QTest.keyClick(editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert tab.message.frames[0].text == "" and editor.toPlainText() == ""
    QTest.keyClick(editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.ControlModifier)
    assert tab.message.frames[0].text == "Hello"
    # a picture on the clipboard, pasted on the strip
    image = QImage(400, 300, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.darkCyan)
    QApplication.clipboard().setImage(image)
    tab.strip.setFocus()
    QTest.keyClick(tab.strip, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    run(until(lambda: len(tab.message.frames) == 2 and not tab.busy, message="the pasted frame"))
    pasted = tab.message.frames[1]
    assert pasted.image_type in ("png", "jpg") and (pasted.width, pasted.height) == (400, 300)
    tab.undo_stack.undo()
    assert len(tab.message.frames) == 1


def test_the_mms_confirmation_has_the_cost_and_the_night_warning(tab, controller, run, tmp_path):
    """As for SMS (issue 13, item 6): count, cost and the night window before an MMS goes out."""
    from jianmi_desktop.platform.auth import china_now

    add_three(tab, run, tmp_path)
    tab.title_edit.setText("开业")
    tab.title_edit.textEdited.emit("开业")
    sending = tab.sending
    sending.panel.paste_edit.setPlainText("13800138000\n13900139000")
    run(until(lambda: sending.panel.report is not None and not sending.panel.busy
              and len(sending.panel.report.valid) == 2, message="the list"))
    hour = china_now().hour
    controller.settings.night_start, controller.settings.night_end = hour, (hour + 2) % 24
    run(until(lambda: sending.send_button.isEnabled(), message="send enabled"))
    sending.send_button.click()
    run(until(lambda: boxes(), message="the confirmation"))
    box = boxes()[0]
    assert "计费：每位 1 条彩信，共 2 条" in box.text() and "夜间" in box.text()
    assert "已确认，发送" in [b.text() for b in box.buttons()]
    next(b for b in box.buttons() if b.text() == "再看看").click()
