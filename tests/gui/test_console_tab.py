"""接口调试台 on the real window and the embedded sandbox."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import subprocess

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QMessageBox, QPlainTextEdit, QTextEdit

from jianmi_desktop.gui.console.tab import ConsoleTab
from jianmi_desktop.platform.codes import describe
from tests.gui.conftest import until

# the offscreen platform plugin warns whenever a QMainWindow with a central widget is shown
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints")

HEX32 = re.compile(r"(?<![0-9a-fA-F])[0-9a-fA-F]{32}(?![0-9a-fA-F])")


def console(window) -> ConsoleTab:
    tab = window.open_console()            # 工具 → 接口调试台: a window of its own
    assert isinstance(tab, ConsoleTab) and tab.window().isVisible()
    window.tabs.setCurrentWidget(tab)
    return tab


def secrets(controller) -> list[str]:
    account = controller.client.account
    found = [controller.runtime.account.password, account.password_md5, account.password_md5.upper(), account.apikey]
    assert all(found), "the sandbox account should have a password and an api key"
    return found


def shown_texts(tab: ConsoleTab) -> str:
    """Every text a user can see or select in the tab (including what sits in password fields)."""
    parts = []
    for w in tab.findChildren(QLineEdit):
        parts += [w.text(), w.placeholderText(), w.toolTip()]
    for w in tab.findChildren(QPlainTextEdit) + tab.findChildren(QTextEdit):
        parts.append(w.toPlainText())
    for w in tab.findChildren(QLabel):
        parts += [w.text(), w.toolTip()]
    for w in tab.findChildren(QListWidget):
        parts += [w.item(i).text() for i in range(w.count())]
    return "\n".join(parts)


def assert_no_secret(text: str, controller) -> None:
    for secret in secrets(controller):
        assert secret not in text
    assert not HEX32.search(text), f"a 32-hex value is visible: {HEX32.search(text).group(0)}"


async def call(tab: ConsoleTab, qtbot, *, keyboard=None) -> None:
    """Press 调用接口 (or Ctrl+Enter in the widget ``keyboard``) and wait for the call to be recorded."""
    before = len(tab.history)
    if keyboard is not None:
        tab.window().activateWindow()
        keyboard.setFocus()
        qtbot.keyClick(keyboard, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    else:
        qtbot.mouseClick(tab.call_button, Qt.MouseButton.LeftButton)
    await until(lambda: len(tab.history) > before, message="the console's call")


def test_lists_all_eleven_commands_with_the_seed_parameters(window):
    tab = console(window)
    names = []
    for i in range(tab.endpoint_box.count()):
        tab.endpoint_box.setCurrentIndex(i)
        names += [tab.command_box.itemData(j) for j in range(tab.command_box.count())]
    assert sorted(names) == sorted(["getnum", "modifpsw", "send", "uploadvoicefile", "sendvoicecall", "sendvoice",
                                    "sendvote", "addContent", "mmsSend", "setStatusUrl", "sendIntlSms"])
    tab.select("send")
    assert list(tab.editors) == ["uid", "psw", "cmd", "mobiles", "msgid", "subid", "msg"]
    texts = shown_texts(tab)
    assert "msg *" in texts and "subid *" not in texts
    assert "签名写在【】里" in texts and "最长 2000 个字符" in texts
    assert tab.values()["uid"] == "demo" and tab.values()["cmd"] == "send"
    assert tab.editors["psw"].text() == ""  # never the password itself
    assert tab.editors["psw"].echoMode() == QLineEdit.EchoMode.Password
    tab.select("setStatusUrl")
    assert list(tab.editors)[:5] == ["cmd", "key", "timestamp", "ucuid", "password"]
    assert tab.values()["statusUrl"] == window.controller.status.receiver_status_url


def test_getnum_shows_request_answer_and_meaning(window, run, qtbot):
    tab = console(window)
    tab.select("getnum")

    async def body():
        await call(tab, qtbot, keyboard=tab.command_box)  # Ctrl+Enter
        return await window.controller.client.getnum()

    balance = run(body())
    entry = tab.history[-1]
    assert entry.status == 200 and entry.cmd == "getnum"
    answer = tab.answer_view.toPlainText()
    assert answer.strip() == f"100#{balance.sent}#{balance.remaining}"
    request = tab.request_view.toPlainText()
    assert request.startswith("POST http://127.0.0.1:") and "/sdk/SMS" in request
    assert "cmd=getnum" in request and "uid=demo" in request and "psw=******" in request
    assert "HTTP 200" in tab.status_label.text() and "毫秒" in tab.status_label.text()
    meaning = tab.meaning.text()
    assert describe(100) in meaning and f"还可发送 {balance.remaining} 条" in meaning
    assert "getnum → 100" in tab.history_list.item(0).text()
    assert not tab.gbk_box.isVisible()  # getnum has no msg
    assert_no_secret(shown_texts(tab), window.controller)


def test_request_views_and_curl_copy_hold_no_secret(window, run, qtbot):
    tab = console(window)
    controller = window.controller

    async def body():
        tab.select("getnum")
        await call(tab, qtbot)
        tab.select("setStatusUrl")
        await call(tab, qtbot)
        tab.select("modifpsw")
        tab.set_value("newpsw", "abc")  # rejected by the builder: nothing sent, nothing shown
        qtbot.mouseClick(tab.call_button, Qt.MouseButton.LeftButton)
        await until(lambda: "没有发送" in tab.notice.text())

    run(body())
    assert len(tab.history) == 2
    tab.history_list.setCurrentRow(0)
    assert "cmd=getnum" in tab.request_view.toPlainText()
    qtbot.mouseClick(tab.curl_button, Qt.MouseButton.LeftButton)
    getnum_curl = QGuiApplication.clipboard().text()
    assert "curl -X POST" in getnum_curl and "${JIANMI_PSW_MD5}" in getnum_curl and "cmd=getnum" in getnum_curl
    assert_no_secret(getnum_curl, controller)
    tab.history_list.setCurrentRow(1)
    qtbot.mouseClick(tab.curl_button, Qt.MouseButton.LeftButton)
    capi_curl = QGuiApplication.clipboard().text()
    assert "key=${KEY}" in capi_curl and "password=${JIANMI_PSW_MD5}" in capi_curl
    assert_no_secret(capi_curl, controller)
    assert_no_secret(shown_texts(tab), controller)

    if shutil.which("curl") and shutil.which("md5sum"):  # the copied commands work once the secrets are supplied
        env = dict(os.environ, JIANMI_PASSWORD=controller.runtime.account.password,
                   JIANMI_APIKEY=controller.client.account.apikey)
        for command, expected in ((getnum_curl, r"100#\d+#\d+\s*"), (capi_curl, r'\{"result":\s*"100".*')):
            out = run(asyncio.to_thread(subprocess.run, ["bash", "-c", command], env=env, capture_output=True,
                                        text=True, timeout=20))
            assert re.fullmatch(expected, out.stdout, re.S), out.stdout + out.stderr


def test_send_with_an_emoji_marks_the_gbk_problem(window, run, qtbot):
    tab = console(window)
    tab.select("send")
    assert tab.gbk_box.isVisible()
    tab.set_value("mobiles", "13800138000")
    tab.set_value("msg", "你好😀【茧米】")
    qtbot.mouseClick(tab.call_button, Qt.MouseButton.LeftButton)
    run(until(lambda: "没有发送" in tab.notice.text()))
    assert "U+1F600" in tab.notice.text() and not tab.history  # the builder refused: nothing went out
    view = tab.gbk_view.toPlainText()
    assert "第 3 个字符“😀”(U+1F600) 无法用 GBK 编码" in view
    assert "C4 E3" in view  # 你 in GBK
    red = re.findall(r"<span[^>]*color:#c00000[^>]*>(.*?)</span>", tab.gbk_view.toHtml(), re.S)
    assert any("😀" in span for span in red), red  # the character itself is marked red
    assert not any("你" in span for span in red)

    tab.raw_box.setChecked(True)  # 原样发送: it tries, the form encoder cannot, nothing is sent
    run(call(tab, qtbot))
    assert tab.history[-1].status == 0 and "GBK" in tab.answer_view.toPlainText()
    assert "😀" in tab.request_view.toPlainText() and "psw = ******" in tab.request_view.toPlainText()
    assert_no_secret(shown_texts(tab), window.controller)

    tab.raw_box.setChecked(False)
    tab.set_value("msg", "你好【茧米】")
    assert "无法用 GBK 编码" not in tab.gbk_view.toPlainText()
    run(call(tab, qtbot, keyboard=tab.editors["msg"]))  # Ctrl+Enter from inside the text box
    entry = tab.history[-1]
    assert entry.status == 200 and entry.text.strip() == "100"
    assert re.search(r"msgid=\d+", tab.request_view.toPlainText())  # generated by the store
    assert "msg = 你好【茧米】" in tab.request_view.toPlainText()


def test_set_status_url_succeeds_with_the_computed_key(window, run, qtbot):
    tab = console(window)
    tab.select("setStatusUrl")
    run(call(tab, qtbot))
    entry = tab.history[-1]
    assert entry.status == 200 and '"100"' in entry.text, entry.text
    request = tab.request_view.toPlainText()
    assert "/ClientApi" in request and "key=******" in request and "password=******" in request
    assert re.search(r"timestamp=\d{14}", request) and "ucuid=demo" in request
    assert describe(100) in tab.meaning.text()
    tab.raw_box.setChecked(True)  # as typed: key and timestamp still computed at send time
    run(call(tab, qtbot))
    assert '"100"' in tab.history[-1].text
    assert_no_secret(shown_texts(tab), window.controller)


def test_wrong_password_shows_what_102_means(window, run, qtbot):
    tab = console(window)
    tab.select("getnum")
    qtbot.keyClicks(tab.editors["psw"], "not-the-password")
    run(call(tab, qtbot))
    assert tab.answer_view.toPlainText().strip() == "102"
    meaning = tab.meaning.text()
    assert describe(102) in meaning and "怎么办" in meaning and "apiKey" in meaning
    assert "getnum → 102" in tab.history_list.item(0).text()
    tab.editors["psw"].clear()  # back to the saved password
    run(call(tab, qtbot))
    assert tab.answer_view.toPlainText().startswith("100#")
    tab.history_list.setCurrentRow(0)  # an earlier call shows again
    assert tab.answer_view.toPlainText().strip() == "102" and describe(102) in tab.meaning.text()


def test_production_mode_asks_before_a_send(window, run, qtbot):
    tab = console(window)
    window.controller.status.mode = "production"  # pretend: the sandbox still answers
    tab.select("send")
    tab.set_value("mobiles", "13800138000")
    tab.set_value("msg", "【茧米】会议改到三点")

    def box():
        boxes = [b for b in tab.findChildren(QMessageBox, "consoleConfirm") if b.isVisible()]
        return boxes[0] if boxes else None

    qtbot.mouseClick(tab.call_button, Qt.MouseButton.LeftButton)
    run(until(lambda: box() is not None))
    assert "正式模式" in box().text() and not tab.history
    box().reject()
    run(until(lambda: "已取消" in tab.notice.text()))
    assert not tab.history and tab.call_button.isEnabled()
    qtbot.mouseClick(tab.call_button, Qt.MouseButton.LeftButton)
    run(until(lambda: box() is not None))
    qtbot.mouseClick(box().buttons()[0], Qt.MouseButton.LeftButton)  # 调用
    run(until(lambda: len(tab.history) == 1))
    assert tab.history[0].text.strip() == "100"


def test_upload_voice_file(window, run, qtbot, tmp_path):
    tab = console(window)
    tab.select("uploadvoicefile")
    qtbot.mouseClick(tab.call_button, Qt.MouseButton.LeftButton)
    run(until(lambda: "mp3" in tab.notice.text()))
    assert not tab.history
    mp3 = tmp_path / "问候.mp3"
    mp3.write_bytes(b"ID3\x03\x00\x00\x00\x00\x00\x00" + b"\xff\xfb\x90\x00" * 500)
    tab.set_voice_file(str(mp3))
    run(call(tab, qtbot))
    assert re.fullmatch(r"100#\S+\s*", tab.answer_view.toPlainText()), tab.answer_view.toPlainText()
    assert "multipart/form-data" in tab.request_view.toPlainText() and "psw=******" in tab.request_view.toPlainText()
    assert "file=@问候.mp3" in tab.history[-1].curl or "问候.mp3" in tab.history[-1].curl
    assert_no_secret(shown_texts(tab) + tab.history[-1].curl, window.controller)


@pytest.mark.parametrize("cmd", ["sendIntlSms", "sendvoice"])
def test_other_sends_go_through_the_builders(window, run, qtbot, cmd):
    tab = console(window)
    tab.select(cmd)
    tab.set_value("mobiles", "85291234567" if cmd == "sendIntlSms" else "13800138000")
    tab.set_value("msg", "Hello【Jianmi】" if cmd == "sendIntlSms" else "您的验证码是 1234")
    run(call(tab, qtbot))
    assert tab.history[-1].text.strip() == "100", tab.history[-1].text
