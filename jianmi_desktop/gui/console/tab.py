"""接口调试台: the platform's online API tester inside the program.

Pick an endpoint and a command, fill its parameters, press 调用接口 (Ctrl+Enter): the request
goes out once through ``client.call_raw`` and the raw request and answer are shown side by
side, with what the code means. Secrets never reach a widget or the clipboard: the password
field stays empty (the saved password's MD5 is used), and the views show ``******``.
"""

from __future__ import annotations

import asyncio
import os
import time

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFontDatabase, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from jianmi_desktop.gui.base_tab import BaseTab
from jianmi_desktop.gui.console import commands as cc
from jianmi_desktop.gui.console.commands import Entry
from jianmi_desktop.gui.i18n import english
from jianmi_desktop.gui.widgets.messages import confirm
from jianmi_desktop.platform.auth import md5_hex
from jianmi_desktop.platform.codes import describe
from jianmi_desktop.platform.sdk import MAX_VOICE_BYTES

MAX_HISTORY = 200


def _c(text: str) -> str:
    """A text of the command table, translated."""
    return QCoreApplication.translate(cc.CONTEXT, text)


def _lang() -> str:
    return "en" if english() else "zh"


def _group(title: str, parent: QWidget, *widgets: QWidget) -> QGroupBox:
    box = QGroupBox(title, parent)
    layout = QVBoxLayout(box)
    for widget in widgets:
        layout.addWidget(widget)
    return box


def _view(tooltip: str, placeholder: str = "") -> QPlainTextEdit:
    view = QPlainTextEdit()
    view.setReadOnly(True)
    view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
    view.setToolTip(tooltip)
    view.setPlaceholderText(placeholder)
    return view


class ConsoleTab(BaseTab):
    def __init__(self, controller, parent: QWidget | None = None) -> None:
        super().__init__(controller, parent)
        self.setObjectName("consoleTab")
        self.history: list[Entry] = []
        self.editors: dict[str, QWidget] = {}
        self.voice_path = ""
        self.shown: Entry | None = None
        self._typed: dict[str, str] = {}
        self._shown_cmd: str | None = None
        self._busy = False
        self._pending: tuple = ()
        self._build()
        self.endpoint_box.currentIndexChanged.connect(self._fill_commands)
        self.command_box.currentIndexChanged.connect(self._build_form)
        self._fill_commands()
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.call)

    def title(self) -> str:
        return self.tr("接口调试台")

    # --- building ----------------------------------------------------------------------
    def _build(self) -> None:
        left = QWidget(self)
        lv = QVBoxLayout(left)
        pick = QFormLayout()
        self.endpoint_box = QComboBox(left)
        self.endpoint_box.setToolTip(self.tr("能力类型：平台的三个接口地址"))
        for key, text in cc.ENDPOINTS.items():
            self.endpoint_box.addItem(_c(text), key)
        self.command_box = QComboBox(left)
        self.command_box.setToolTip(self.tr("API 名称：要调用的命令"))
        for text, box in ((self.tr("接口(&E)："), self.endpoint_box), (self.tr("命令(&C)："), self.command_box)):
            label = QLabel(text, left)
            label.setBuddy(box)
            pick.addRow(label, box)
        lv.addLayout(pick)
        self.summary = QLabel(left)
        self.summary.setWordWrap(True)
        lv.addWidget(self.summary)
        self.form_area = QScrollArea(left)
        self.form_area.setWidgetResizable(True)
        lv.addWidget(_group(self.tr("方法参数（* 为必填）"), left, self.form_area), 3)
        buttons = QHBoxLayout()
        self.raw_box = QCheckBox(self.tr("原样发送(&W)"), left)
        self.raw_box.setToolTip(self.tr("不检查参数，按填写的样子发送（空着的参数不发送），用来试平台怎么回答错误的参数"))
        self.curl_button = QPushButton(self.tr("复制为 curl(&Y)"), left)
        self.curl_button.setToolTip(self.tr("把显示的请求复制成 curl 命令；密码和密钥换成 $JIANMI_PSW_MD5 等变量，不会复制出去"))
        self.curl_button.setEnabled(False)
        self.curl_button.clicked.connect(self.copy_curl)
        self.call_button = QPushButton(self.tr("调用接口(&R)"), left)
        self.call_button.setDefault(True)
        self.call_button.setToolTip(self.tr("把请求发给平台一次（Ctrl+Enter）"))
        self.call_button.clicked.connect(self.call)
        for widget in (self.raw_box, None, self.curl_button, self.call_button):
            buttons.addWidget(widget) if widget else buttons.addStretch(1)
        lv.addLayout(buttons)
        self.notice = QLabel(left)
        self.notice.setWordWrap(True)
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lv.addWidget(self.notice)
        self.history_list = QListWidget(left)
        self.history_list.setToolTip(self.tr("点一条记录，再看一次它的请求和返回"))
        self.history_list.currentRowChanged.connect(self._history_row)
        history_label = QLabel(self.tr("本次调用记录(&H)："), left)
        history_label.setBuddy(self.history_list)
        lv.addWidget(history_label)
        lv.addWidget(self.history_list, 1)

        right = QSplitter(Qt.Orientation.Vertical, self)
        pair = QSplitter(Qt.Orientation.Horizontal, right)
        self.request_view = _view(self.tr("发出去的请求：方法、地址和表单；密码和密钥显示为 ******"),
                                  self.tr("按“调用接口”后，这里显示发出的请求"))
        self.status_label = QLabel()
        self.answer_view = _view(self.tr("平台原样返回的内容"), self.tr("这里显示平台原样返回的内容"))
        pair.addWidget(_group(self.tr("请求内容"), pair, self.request_view))
        pair.addWidget(_group(self.tr("返回内容"), pair, self.status_label, self.answer_view))
        self.meaning = QLabel()
        self.meaning.setWordWrap(True)
        self.meaning.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        right.addWidget(_group(self.tr("这个结果的意思"), right, self.meaning))
        self.gbk_view = QTextBrowser()
        self.gbk_view.setToolTip(self.tr("每个字符和它的 GBK 字节；红色的字符无法用 GBK 编码，不能发送"))
        self.gbk_box = _group(self.tr("内容（msg）的 GBK 编码"), right, self.gbk_view)
        right.addWidget(self.gbk_box)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(2, 2)
        outer = QSplitter(Qt.Orientation.Horizontal, self)
        outer.addWidget(left)
        outer.addWidget(right)
        outer.setStretchFactor(1, 2)
        outer.setSizes([460, 820])
        QHBoxLayout(self).addWidget(outer)

    def _fill_commands(self) -> None:
        endpoint = self.endpoint_box.currentData()
        self.command_box.blockSignals(True)
        self.command_box.clear()
        for command in cc.COMMANDS.values():
            if command.endpoint == endpoint:
                self.command_box.addItem(f"{command.name} — {_c(command.title)}", command.name)
        self.command_box.blockSignals(False)
        self._build_form()

    @property
    def command(self) -> cc.Command:
        return cc.COMMANDS[self.command_box.currentData()]

    def select(self, cmd: str) -> None:
        """Show ``cmd``'s form (endpoint and command)."""
        self.endpoint_box.setCurrentIndex(self.endpoint_box.findData(cc.COMMANDS[cmd].endpoint))
        self.command_box.setCurrentIndex(self.command_box.findData(cmd))

    def _default(self, param: cc.Param) -> str:
        client = self.controller.client
        if param.kind == cc.ACCOUNT and client is not None:
            return client.account.uid if param.name == "uid" else client.account.clientapi_uid
        if param.name == "statusUrl" and self.controller.status is not None:
            return self._typed.get("statusUrl") or self.controller.status.receiver_status_url or ""
        return self._typed.get(param.name, param.default)

    def _build_form(self) -> None:
        self._remember()
        command = self.command
        self.summary.setText(_c(command.summary))
        form = QWidget()
        grid = QGridLayout(form)
        self.editors = {}
        for row, param in enumerate(command.params):
            hint_text = _c(param.desc) + (self.tr("（{type}，最长 {n} 个字符）").format(type=param.type, n=param.max_len)
                                          if param.max_len else "")
            label = QLabel(f"{param.name}{' *' if param.required else ''}", form)
            editor = self._editor(param, form)
            for widget in (label, editor):
                widget.setToolTip(hint_text)
            label.setBuddy(editor)
            hint = QLabel(hint_text, form)
            hint.setWordWrap(True)
            hint.setStyleSheet("color: #666;")
            grid.addWidget(label, 2 * row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(editor, 2 * row, 1)
            grid.addWidget(hint, 2 * row + 1, 1)
            self.editors[param.name] = editor
        grid.setRowStretch(2 * len(command.params), 1)
        self.form_area.setWidget(form)
        if self.shown is not None and self.shown.cmd != command.name:
            self._clear_views()
        self.gbk_box.setVisible(command.has_msg)
        self._update_gbk()

    def _editor(self, param: cc.Param, parent: QWidget) -> QWidget:
        if param.kind == cc.LONG:
            text_edit = QPlainTextEdit(self._default(param), parent)
            text_edit.setTabChangesFocus(True)
            text_edit.setMaximumHeight(90)
            if param.name == "msg":
                text_edit.textChanged.connect(self._update_gbk)
            return text_edit
        if param.kind == cc.FILE:
            box = QWidget(parent)
            row = QHBoxLayout(box)
            row.setContentsMargins(0, 0, 0, 0)
            self.file_edit = QLineEdit(self.voice_path, box)
            self.file_edit.setReadOnly(True)
            self.file_edit.setPlaceholderText(self.tr("还没有选择文件"))
            button = QPushButton(self.tr("选择文件(&F)…"), box)
            button.setToolTip(self.tr("选择要上传的 mp3 文件（5M 以内）"))
            button.clicked.connect(self._choose_file)
            row.addWidget(self.file_edit, 1)
            row.addWidget(button)
            box.setFocusProxy(button)
            return box
        edit = QLineEdit(parent)
        if param.kind in (cc.SECRET, cc.NEWSECRET):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        if param.kind == cc.SECRET:
            edit.setPlaceholderText(self.tr("●●●●●●●● 用设置里的密码"))
        elif param.kind == cc.COMPUTED:
            edit.setReadOnly(True)
            edit.setPlaceholderText(self.tr("●●●●●●●● 发送时自动计算"))
        elif param.kind == cc.FIXED:
            edit.setReadOnly(True)
            edit.setText(param.default)
        elif param.kind != cc.NEWSECRET:
            edit.setText(self._default(param))
            if param.name == "msgid":
                edit.setPlaceholderText(self.tr("留空则自动生成"))
        return edit

    def _choose_file(self) -> None:
        dialog = QFileDialog(self, self.tr("选择 mp3 语音文件"), os.path.dirname(self.voice_path),
                             self.tr("mp3 语音文件 (*.mp3);;所有文件 (*)"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(self.set_voice_file)
        dialog.open()  # never exec(): qasync must keep running

    def set_voice_file(self, path: str) -> None:
        self.voice_path = path
        if "file" in self.editors:
            self.file_edit.setText(path)

    # --- values -------------------------------------------------------------------------
    def values(self) -> dict[str, str]:
        """What is typed in the form, by parameter name (the password field as typed, plain)."""
        return {name: self._text_of(editor) for name, editor in self.editors.items() if name != "file"}

    def set_value(self, name: str, text: str) -> None:
        editor = self._text_editor(self.editors[name])
        if isinstance(editor, QPlainTextEdit):
            editor.setPlainText(text)
        else:
            editor.setText(text)

    @classmethod
    def _text_of(cls, editor: QWidget) -> str:
        editor = cls._text_editor(editor)
        return editor.toPlainText() if isinstance(editor, QPlainTextEdit) else editor.text()

    @staticmethod
    def _text_editor(editor: QWidget) -> QPlainTextEdit | QLineEdit:
        """A parameter's editor other than the file's box (see ``_editor``)."""
        assert isinstance(editor, QPlainTextEdit | QLineEdit), editor
        return editor

    def _remember(self) -> None:
        """Keep what was typed (not secrets) for the next command's form."""
        shown = cc.COMMANDS.get(self._shown_cmd or "")
        kinds = {p.name: p.kind for p in shown.params} if shown else {}
        self._typed.update({n: t for n, t in self.values().items() if kinds.get(n) in (cc.TEXT, cc.LONG)})
        self._shown_cmd = self.command_box.currentData()

    def on_started(self, status) -> None:
        self._typed.pop("statusUrl", None)
        self._build_form()

    # --- calling ------------------------------------------------------------------------
    def call(self) -> None:
        if self._busy:
            return
        if self.controller.client is None:
            self._say(self.tr("程序还在启动，请稍等再试。"), error=True)
            return
        self._set_busy(True)
        self._say(self.tr("正在准备请求…"))
        self._pending = (self.command, self.values(), self.raw_box.isChecked())
        self.controller.spawn(self._prepare(*self._pending), on_done=self._prepared, on_error=self._failed)

    async def _prepare(self, command: cc.Command, values: dict[str, str], raw: bool):
        """The Call to send, or a plain sentence saying why nothing is sent."""
        values = dict(values)
        account = self.controller.client.account
        secret = next((p.name for p in command.params if p.kind == cc.SECRET), "")
        typed = values.pop(secret, "")
        if typed:
            psw = md5_hex(typed)
        else:
            psw = account.clientapi_psw if command.endpoint == "clientapi" else account.password_md5
        if not raw and "msgid" in values and not values["msgid"].strip():
            values["msgid"] = (await self.controller.store.next_msgids(1))[0]
        file = None
        if any(p.kind == cc.FILE for p in command.params) and self.voice_path:
            size = await asyncio.to_thread(os.path.getsize, self.voice_path)
            if size > MAX_VOICE_BYTES and not raw:
                return self.tr("没有发送：语音文件太大，{size} 字节，最多 {most} 字节（5M）").format(
                    size=size, most=MAX_VOICE_BYTES)
            file = (os.path.basename(self.voice_path), await asyncio.to_thread(cc.read_file, self.voice_path))
        auth = cc.Auth(values.get("uid") or values.get("ucuid") or "", psw, account.apikey)
        try:
            return (cc.raw_call if raw else cc.build_call)(command.name, values, auth, file)
        except ValueError as exc:
            zh, _, en = str(exc).partition(" / ")
            return self.tr("没有发送：{reason}").format(reason=en if _lang() == "en" and en else zh)

    def _prepared(self, result, confirmed: bool = False) -> None:
        if isinstance(result, str):
            self._clear_views()
            self._say(result, error=True)
            self._set_busy(False)
            return
        call, status = result, self.controller.status
        if confirmed or not (cc.COMMANDS[call.cmd].costly and status is not None and status.mode == "production"):
            self._go(call)
            return
        started: list[bool] = []

        def yes() -> None:  # built again: the ClientApi timestamp must be fresh, however long the user took
            started.append(True)
            self.controller.spawn(self._prepare(*self._pending), on_done=lambda again: self._prepared(again, True),
                                  on_error=self._failed)

        box = confirm(self, self.tr("确认调用"),
                      self.tr("现在是正式模式：{cmd} 会真的执行（可能扣费或修改账户）。确定要调用吗？").format(cmd=call.cmd),
                      yes, yes_text=self.tr("调用(&Y)"))
        box.setObjectName("consoleConfirm")

        def finished(_result: int) -> None:
            if not started:
                self._cancelled()

        box.finished.connect(finished)

    def _cancelled(self) -> None:
        self._say(self.tr("已取消，没有发送。"))
        self._set_busy(False)

    def _go(self, call) -> None:
        self._say(self.tr("正在调用 {cmd}…").format(cmd=call.cmd))
        self.status_label.setText(self.tr("等待平台回答…"))
        self.controller.spawn(self._send(call), on_done=self._done, on_error=self._failed)

    async def _send(self, call) -> Entry:
        client = self.controller.client
        curl = cc.curl_command(client.endpoints.url_for(call.endpoint), call)
        exchange = await client.call_raw(call)
        if call.cmd == "modifpsw" and exchange.status == 200 and cc.answer_code(exchange.text) == 100:
            cc.password_changed(client.account, md5_hex(call.params.get("newpsw", "")))
        shown = tuple((k, str(v)) for k, v in call.masked_params().items())
        return Entry(time.strftime("%H:%M:%S"), call.cmd, exchange.method, exchange.url, exchange.request_body,
                     call.file is not None, shown, exchange.status, exchange.text, exchange.elapsed_ms, curl,
                     call.params.get("msg"))

    def _done(self, entry: Entry) -> None:
        self._set_busy(False)
        self._say("")
        if entry.cmd == "modifpsw" and entry.code == 100:
            self._say(self.tr("密码已改成新密码，本次运行接下来都用新密码。请到“设置”里把密码也改成新密码。"))
        self.history.append(entry)
        outcome = str(entry.code) if entry.code is not None else (
            f"HTTP {entry.status}" if entry.status else self.tr("无回答"))
        self.history_list.addItem(self.tr("{when}  {cmd} → {outcome}（{ms:.0f} 毫秒）").format(
            when=entry.when, cmd=entry.cmd, outcome=outcome, ms=entry.elapsed_ms))
        if len(self.history) > MAX_HISTORY:
            self.history.pop(0)
            self.history_list.takeItem(0)
        self.history_list.setCurrentRow(len(self.history) - 1)
        self.show_entry(entry)

    def _failed(self, message: str) -> None:
        self._set_busy(False)
        self._say(message, error=True)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.call_button.setEnabled(not busy)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.notice.setStyleSheet("color: #b00020;" if error else "")
        self.notice.setText(text)

    # --- showing ------------------------------------------------------------------------
    def _history_row(self, row: int) -> None:
        if 0 <= row < len(self.history):
            self.show_entry(self.history[row])

    def _clear_views(self) -> None:
        self.shown = None
        self.curl_button.setEnabled(False)
        self.history_list.setCurrentRow(-1)
        for widget in (self.request_view, self.answer_view, self.status_label, self.meaning):
            widget.clear()

    def show_entry(self, entry: Entry) -> None:
        self.shown = entry
        self.curl_button.setEnabled(True)
        self.request_view.setPlainText(cc.request_text(entry, _c))
        if entry.status:
            self.status_label.setText(self.tr("HTTP {status} · 用时 {ms:.0f} 毫秒").format(
                status=entry.status, ms=entry.elapsed_ms))
        else:
            self.status_label.setText(self.tr("没有收到 HTTP 回答 · 用时 {ms:.0f} 毫秒").format(ms=entry.elapsed_ms))
        self.answer_view.setPlainText(entry.text)
        self.meaning.setText(cc.meaning_html(entry, _c, lambda code: describe(code, _lang())))
        self.gbk_box.setVisible(entry.msg is not None or self.command.has_msg)
        self.gbk_view.setHtml(cc.gbk_html(entry.msg if entry.msg is not None else self.values().get("msg", ""), _c))

    def _update_gbk(self) -> None:
        if self.command.has_msg:
            self.gbk_view.setHtml(cc.gbk_html(self.values().get("msg", ""), _c))

    def copy_curl(self) -> None:
        if self.shown is not None:
            QGuiApplication.clipboard().setText(self.shown.curl)
            self._say(self.tr("已复制 curl 命令（密码和密钥用 $JIANMI_PSW_MD5、$KEY 等变量代替）。"))
