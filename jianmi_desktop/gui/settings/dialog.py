"""The settings dialog: account, endpoints, sending, receiver, language and the mode switch.

Opened with ``open()`` (never ``exec()``: qasync must keep running). The password and the
API key go to the OS keychain (``keep_secret``); without a keychain they are kept for this
run only, in memory, and the user is told so. Keychain calls run in a worker thread.
OK saves the settings and restarts the services (``controller.reload`` / ``switch_mode``).
"""

from __future__ import annotations

import asyncio
import os
import re
from urllib.parse import urlsplit

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from jianmi_desktop import settings as S
from jianmi_desktop.gui.controller import plain_message
from jianmi_desktop.gui.settings.connection_test import ConnectionTest
from jianmi_desktop.gui.settings.report_source import ReportSourcePage
from jianmi_desktop.gui.settings.styles import ERROR_STYLE, OK_STYLE, TEST_TIMEOUT  # noqa: F401 - offered here
from jianmi_desktop.gui.widgets.build import action_row, form_row, form_rows
from jianmi_desktop.gui.widgets.messages import show_error, show_message
from jianmi_desktop.platform.text import gbk_problems

SIGNATURE_RE = re.compile(r"^【[^【】]{1,20}】$")
#: settings whose change needs the services restarted
RESTART_FIELDS = ("uid", "ucuid", "sdk_url", "clientapi_url", "intl_url", "rate", "receiver_host",
                  "receiver_port", "public_callback")


class SettingsDialog(ReportSourcePage, ConnectionTest, QDialog):
    def __init__(self, controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setObjectName("settingsDialog")
        self.setWindowTitle(self.tr("设置"))
        self.saving = False
        self._nothing_saved = False   # the save was refused before anything changed
        self.closed = False  # answers arriving after the dialog closed are dropped
        self._loaded = ("", "")  # password and API key as read from the keychain
        self._loaded_token = ""  # the relay token as read from the keychain
        self._test_task = None
        self._relay_urls: dict = {}  # push_url, status_url of the relay last tested
        s = controller.settings

        self.pages = QTabWidget()
        # what office staff set first; rates, batch sizes and addresses under 高级
        self.pages.addTab(self._account_page(s), self.tr("账号"))
        self.pages.addTab(self._sending_page(s), self.tr("发送"))
        self.pages.addTab(self._source_page(s), self.tr("回执来源"))
        self.pages.addTab(self._advanced_page(s), self.tr("高级"))
        self.pages.addTab(self._language_page(s), self.tr("语言"))
        self.error_label = QLabel()
        self.error_label.setObjectName("settingsError")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet(ERROR_STYLE)
        self.error_label.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("确定"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("取消"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.resize(560, 480)
        self._load_secrets(s.uid)
        self._load_relay_token()

    # --- pages --------------------------------------------------------------------------
    def _secret_edit(self, name: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setEchoMode(QLineEdit.EchoMode.Password)
        edit.setPlaceholderText(self.tr("正在读取…"))
        return edit

    def _account_page(self, s: S.Settings) -> QWidget:
        page = QWidget()
        box = QGroupBox(self.tr("运行模式"))
        self.sandbox_radio = QRadioButton(self.tr("沙箱模式(&X)：在本机模拟，不发送真实消息"))
        self.production_radio = QRadioButton(self.tr("正式模式(&P)：使用真实账号发送"))
        self.sandbox_radio.setToolTip(self.tr("用内置的模拟平台试用全部功能，不花钱，也不会真的发出短信"))
        self.production_radio.setToolTip(self.tr("连接茧米平台，用下面填写的账号发送真实的短信、语音和彩信"))
        self.mode_group = QButtonGroup(self)
        self.mode_group.addButton(self.sandbox_radio)
        self.mode_group.addButton(self.production_radio)
        (self.production_radio if s.mode == "production" else self.sandbox_radio).setChecked(True)
        box_layout = QVBoxLayout(box)
        box_layout.addWidget(self.sandbox_radio)
        box_layout.addWidget(self.production_radio)

        form = QFormLayout()
        self.uid_edit = QLineEdit(s.uid)
        self.uid_edit.setObjectName("uid")
        self.password_edit = self._secret_edit("password")
        self.apikey_edit = self._secret_edit("apikey")
        self.ucuid_edit = QLineEdit(s.ucuid)
        self.ucuid_edit.setObjectName("ucuid")
        self.ucuid_edit.setPlaceholderText(self.tr("可不填：和上面的账号相同"))
        form_rows(form, [
            (self.tr("账号(&U)："), self.uid_edit, self.tr("茧米平台给您的账号（uid）")),
            (self.tr("密码(&W)："), self.password_edit, self.tr("账号的密码。保存在系统钥匙串里，不会写进任何文件")),
            (self.tr("接口密钥(&K)："), self.apikey_edit,
             self.tr("发送彩信、设置状态地址时用的接口密钥（apiKey），平台开户时提供")),
            (self.tr("彩信接口账号(&L)："), self.ucuid_edit, self.tr("只有平台给了单独的彩信（ClientApi）账号时才需要填写"))])
        self.show_secrets = QCheckBox(self.tr("显示密码和密钥(&H)"))
        self.show_secrets.toggled.connect(self._toggle_secrets)
        form.addRow("", self.show_secrets)

        test_row, self.test_button, self.test_result = action_row(
            self.tr("测试连接(&T)"), self.tr("用上面的账号和“接口地址”页的地址查询一次余额，看能不能连上"),
            self.test_connection, ("testConnection", "testResult"))

        layout = QVBoxLayout(page)
        layout.addWidget(box)
        layout.addLayout(form)
        layout.addLayout(test_row)
        layout.addStretch(1)
        return page

    def _advanced_page(self, s: S.Settings) -> QWidget:
        """高级: the platform's addresses and the sending pace — rarely changed, by whoever knows why."""
        page = QWidget()
        form = QFormLayout(page)
        self.sdk_edit = QLineEdit(s.sdk_url)
        self.clientapi_edit = QLineEdit(s.clientapi_url)
        self.intl_edit = QLineEdit(s.intl_url)
        for edit, name in ((self.sdk_edit, "sdkUrl"), (self.clientapi_edit, "clientapiUrl"),
                           (self.intl_edit, "intlUrl")):
            edit.setObjectName(name)
            edit.setMinimumWidth(320)
        form_row(form, self.tr("短信接口(&S)："), self.sdk_edit,
                  self.tr("余额、短信、语音、改密码用的地址。默认：{url}").format(url=S.PRODUCTION_SDK_URL))
        form_row(form, self.tr("彩信接口(&C)："), self.clientapi_edit,
                  self.tr("彩信和状态地址用的地址。默认：{url}").format(url=S.PRODUCTION_CLIENTAPI_URL))
        form_row(form, self.tr("国际短信接口(&I)："), self.intl_edit,
                  self.tr("国际短信用的地址。默认：{url}").format(url=S.PRODUCTION_INTL_URL))
        self.defaults_button = QPushButton(self.tr("恢复默认(&D)"))
        self.defaults_button.setToolTip(self.tr("把三个地址改回茧米平台的正式地址"))
        self.defaults_button.clicked.connect(self.restore_endpoints)
        note = QLabel(self.tr("只有代理商给了别的地址时才需要修改。沙箱模式下不使用这些地址。"))
        note.setWordWrap(True)
        form.addRow("", self.defaults_button)
        form.addRow(note)
        self.rate_spin = self._spin("rate", 1, 50, s.rate)
        self.batch_spin = self._spin("batchSize", 1, 500, s.batch_size)
        self.in_flight_spin = self._spin("inFlight", 1, 32, s.in_flight)
        form_rows(form, [
            (self.tr("每秒请求数(&R)："), self.rate_spin, self.tr("平台每秒最多接受 10 次请求；超过会被拒绝（105）。一般不用改")),
            (self.tr("每批号码数(&B)："), self.batch_spin, self.tr("一次请求带多少个号码，1 到 500；平台建议 100")),
            (self.tr("同时进行的请求(&F)："), self.in_flight_spin,
             self.tr("同时在路上的请求数；网络慢时多几个能保持发送速度"))])
        return page

    def _spin(self, name: str, low: int, high: int, value: int) -> QSpinBox:
        spin = QSpinBox()
        spin.setObjectName(name)
        spin.setRange(low, high)
        spin.setValue(min(max(int(value), low), high))
        spin.setGroupSeparatorShown(high >= 10_000)
        return spin

    def _sending_page(self, s: S.Settings) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.signature_edit = QLineEdit(s.signature)
        self.signature_edit.setObjectName("signature")
        self.signature_edit.setPlaceholderText(self.tr("例如：【茧米科技】"))
        self.low_balance_spin = self._spin("lowBalance", 0, 100_000_000, s.low_balance)
        self.night_start_spin = self._spin("nightStart", 0, 23, s.night_start)
        self.night_end_spin = self._spin("nightEnd", 0, 23, s.night_end)
        for spin in (self.night_start_spin, self.night_end_spin):
            spin.setSuffix(self.tr(" 点"))
        night = QWidget()
        night_row = QHBoxLayout(night)
        night_row.setContentsMargins(0, 0, 0, 0)
        night_row.addWidget(self.night_start_spin)
        night_row.addWidget(QLabel(self.tr("到")))
        night_row.addWidget(self.night_end_spin)
        night_row.addStretch(1)
        night.setFocusProxy(self.night_start_spin)
        form_row(form, self.tr("默认签名(&G)："), self.signature_edit,
                  self.tr("每条短信都必须带签名，写在【】里，例如【茧米科技】。可以不填"))
        form_row(form, self.tr("余额提醒线(&Y)："), self.low_balance_spin,
                  self.tr("剩余条数低于这个数时，“余额”页会提醒您充值"))
        form_row(form, self.tr("夜间时段(&N)："), night,
                  self.tr("在这段时间（中国时间）发送前会提醒您：夜里收到短信容易被投诉。"
                          "两个时间相同就不提醒"))
        return page

    def _receiver_form(self, s: S.Settings) -> QWidget:
        """本机接收's details (the 回执来源 page shows them under that choice)."""
        page = QWidget()
        form = QFormLayout(page)
        form.setContentsMargins(24, 0, 0, 0)
        self.port_spin = self._spin("receiverPort", 1, 65535, s.receiver_port or 17801)
        self.port_spin.setGroupSeparatorShown(False)  # a port, not an amount: 17801, not 17,801
        self.host_edit = QLineEdit(s.receiver_host)
        self.host_edit.setObjectName("receiverHost")
        self.callback_edit = QLineEdit(s.public_callback)
        self.callback_edit.setObjectName("publicCallback")
        self.callback_edit.setPlaceholderText(self.tr("例如：http://203.0.113.5:17801"))
        form_row(form, self.tr("接收端口(&O)："), self.port_spin,
                  self.tr("接收平台推送的状态报告和回复短信的端口（正式模式）"))
        form_row(form, self.tr("监听地址(&A)："), self.host_edit,
                  self.tr("127.0.0.1 只接收本机的连接；0.0.0.0 接收所有网卡的连接"))
        form_row(form, self.tr("公网回调地址(&E)："), self.callback_edit,
                  self.tr("平台从外面访问这台电脑的地址，要在平台上登记。不知道的话请问网络管理员"))
        self.status_url_label = QLabel()
        self.status_url_label.setObjectName("statusUrlNote")
        self.status_url_label.setWordWrap(True)
        self.status_url_label.setTextFormat(Qt.TextFormat.PlainText)
        self.status_url_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow("", self.status_url_label)
        self.callback_edit.textChanged.connect(self._show_status_url)
        self._show_status_url()
        return page

    def _language_page(self, s: S.Settings) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.language_combo = QComboBox()
        self.language_combo.setObjectName("language")
        for code, text in (("", self.tr("跟随系统")), ("zh_CN", "中文"), ("en", "English")):
            self.language_combo.addItem(text, code)
        self.language_combo.setCurrentIndex(max(0, self.language_combo.findData(s.language)))
        form_row(form, self.tr("界面语言(&N)："), self.language_combo, self.tr("界面使用的语言"))
        note = QLabel(self.tr("更改语言后，重新启动程序才会生效。"))
        note.setWordWrap(True)
        form.addRow("", note)
        return page

    def _show_status_url(self, *_) -> None:
        """Say where voice and MMS status goes: the URL the platform will call (setStatusUrl)."""
        from jianmi_desktop.runtime import public_status_url

        token = self.controller.settings.receiver_token or self.tr("<令牌>")
        url = public_status_url(self.callback_edit.text(), token)
        if url:
            text = self.tr("语音和彩信的状态报告发到这个地址。正式模式启动时，程序会把它告诉平台（setStatusUrl），"
                           "平台会调用：{url}").format(url=url)
        else:
            text = self.tr("不填时，正式模式下平台不知道把语音和彩信的状态报告发到哪里，"
                           "这些发送的结果就收不到。")
        self.status_url_label.setText(text)

    # --- secrets -------------------------------------------------------------------------
    def _load_secrets(self, uid: str) -> None:
        async def read():
            return await asyncio.to_thread(lambda: (S.get_secret(uid, "password") or "",
                                                    S.get_secret(uid, "apikey") or ""))

        def loaded(values) -> None:
            if self.closed:
                return
            self._loaded = values
            for edit, value in zip((self.password_edit, self.apikey_edit), values):
                edit.setPlaceholderText("")
                if not edit.text():
                    edit.setText(value)

        self.controller.spawn(read(), on_done=loaded, on_error=lambda text: loaded(("", "")))

    def _toggle_secrets(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        self.password_edit.setEchoMode(mode)
        self.apikey_edit.setEchoMode(mode)

    def restore_endpoints(self) -> None:
        self.sdk_edit.setText(S.PRODUCTION_SDK_URL)
        self.clientapi_edit.setText(S.PRODUCTION_CLIENTAPI_URL)
        self.intl_edit.setText(S.PRODUCTION_INTL_URL)

    # --- checks ----------------------------------------------------------------------------
    def values(self) -> dict:
        return {
            "mode": "production" if self.production_radio.isChecked() else "sandbox",
            "uid": self.uid_edit.text().strip(), "ucuid": self.ucuid_edit.text().strip(),
            "sdk_url": self.sdk_edit.text().strip(), "clientapi_url": self.clientapi_edit.text().strip(),
            "intl_url": self.intl_edit.text().strip(), "rate": self.rate_spin.value(),
            "batch_size": self.batch_spin.value(), "in_flight": self.in_flight_spin.value(),
            "signature": self.signature_edit.text().strip(), "low_balance": self.low_balance_spin.value(),
            "night_start": self.night_start_spin.value(), "night_end": self.night_end_spin.value(),
            "receiver_port": self.port_spin.value(), "receiver_host": self.host_edit.text().strip(),
            "public_callback": self.callback_edit.text().strip(),
            "language": self.language_combo.currentData() or "",
            "report_source": "relay" if self.relay_source_radio.isChecked() else "local",
            "relay_url": self.relay_url_edit.text().strip().rstrip("/"),
        }

    def problem(self, v: dict) -> tuple[str, QWidget] | None:
        """The first thing that stops saving: (plain message, the field to fix)."""
        for key, edit, name in (("sdk_url", self.sdk_edit, self.tr("短信接口")),
                                ("clientapi_url", self.clientapi_edit, self.tr("彩信接口")),
                                ("intl_url", self.intl_edit, self.tr("国际短信接口"))):
            parts = urlsplit(v[key])
            if parts.scheme not in ("http", "https") or not parts.netloc:
                return self.tr("{name}的地址不对：要以 http:// 或 https:// 开头，例如 {url}").format(
                    name=name, url=S.PRODUCTION_SDK_URL), edit
        sig = v["signature"]
        if sig and not SIGNATURE_RE.match(sig):
            return self.tr("默认签名要写成【签名】的样子，例如【茧米科技】（用中文的方括号【】，"
                           "中间 1 到 20 个字）。"), self.signature_edit
        if sig and gbk_problems(sig):
            return self.tr("默认签名里有平台无法接收的字符“{char}”。").format(
                char=gbk_problems(sig)[0].char), self.signature_edit
        if not v["receiver_host"]:
            return self.tr("请填写监听地址，例如 127.0.0.1。"), self.host_edit
        callback = v["public_callback"]
        if callback and urlsplit(callback).scheme not in ("http", "https"):
            return self.tr("公网回调地址要以 http:// 或 https:// 开头。"), self.callback_edit
        if v["report_source"] == "relay":
            parts = urlsplit(v["relay_url"])
            if parts.scheme not in ("http", "https") or not parts.netloc:
                return self.tr("中继地址要以 http:// 或 https:// 开头，例如 https://relay.example.com/api/v1"), \
                    self.relay_url_edit
            if not (self.relay_token_edit.text().strip() or os.environ.get("JIANMI_RELAY_TOKEN")):
                return self.tr("请填写中继服务器的令牌（向管理员要）。"), self.relay_token_edit
        if v["mode"] == "production":
            if not (v["uid"] or os.environ.get("JIANMI_UID")):
                return self.tr("要切换到正式模式，请先填写账号和密码。没有账号时可以继续使用沙箱模式。"), self.uid_edit
            if not (self.password_edit.text() or os.environ.get("JIANMI_PASSWORD")):
                return self.tr("要切换到正式模式，请先填写密码。"), self.password_edit
        return None

    def _show_problem(self, text: str, field: QWidget | None = None) -> None:
        self.error_label.setText(text)
        self.error_label.show()
        if field is not None:
            for index in range(self.pages.count()):
                page = self.pages.widget(index)
                if page is not None and page.isAncestorOf(field):
                    self.pages.setCurrentIndex(index)
            field.setFocus()

    # --- saving ------------------------------------------------------------------------------
    def accept(self) -> None:
        if self.saving:
            return
        v = self.values()
        problem = self.problem(v)
        if problem is not None:
            self._show_problem(*problem)
            return
        from jianmi_desktop.runtime import StoreBusy

        try:
            self._refuse_account_change(v)
        except StoreBusy as refusal:   # nothing is changed or saved: said as such
            self._show_problem(self.tr("没有保存，设置和原来一样。{reason}").format(reason=plain_message(refusal)))
            return
        self.error_label.hide()
        self.saving = True
        self.buttons.setEnabled(False)
        self.controller.spawn(self._save(v), on_done=self._saved, on_error=self._save_failed)

    def _refuse_account_change(self, v: dict) -> None:
        """StoreBusy when ``v`` is another account (or mode) while a campaign of this one is sent."""
        controller, settings = self.controller, self.controller.settings
        if v["mode"] != controller.runtime.mode or (v["mode"] == "production" and any(
                v[k] != getattr(settings, k) for k in ("uid", "sdk_url"))):
            controller.runtime.refuse_account_change()

    async def _save(self, v: dict):
        controller, settings = self.controller, self.controller.settings
        from jianmi_desktop.runtime import StoreBusy

        try:
            self._refuse_account_change(v)   # again: a scheduled send may have started since
        except StoreBusy:
            self._nothing_saved = True
            raise
        secrets = (self.password_edit.text(), self.apikey_edit.text())
        secrets_changed = secrets != self._loaded or v["uid"] != settings.uid
        notes = []
        if v["uid"] and secrets_changed:
            def keep() -> list:
                errors = []
                for name, value in zip(("password", "apikey"), secrets):
                    if value:
                        errors.append(S.keep_secret(v["uid"], name, value))
                    else:
                        S.delete_secret(v["uid"], name)
                return [e for e in errors if e is not None]

            notes = await asyncio.to_thread(keep)
        token = self.relay_token_edit.text().strip()
        relay_changed = (token != self._loaded_token or v["report_source"] != settings.report_source
                         or v["relay_url"] != settings.relay_url)
        if token != self._loaded_token:
            from jianmi_desktop.campaign.sync import RELAY_SECRET

            def keep_token() -> list:
                if token:
                    return [e for e in (S.keep_secret(RELAY_SECRET, "token", token),) if e is not None]
                S.delete_secret(RELAY_SECRET, "token")
                return []

            notes += await asyncio.to_thread(keep_token)
        restart = secrets_changed or any(getattr(settings, k) != v[k] for k in RESTART_FIELDS)
        mode = v.pop("mode")
        for key, value in v.items():
            setattr(settings, key, value)
        if mode != controller.runtime.mode:
            status = await controller.switch_mode(mode)
        elif restart or mode != settings.mode:
            settings.mode = mode
            status = await controller.reload()
        else:
            controller.save_settings()
            status = None
            if relay_changed:
                controller.relay.restart()
        controller.settings_changed.emit()
        return status, notes[:1]

    def reject(self) -> None:
        if not self.saving:  # the services are restarting: wait for them
            super().reject()

    def done(self, result: int) -> None:
        self.closed = True
        super().done(result)

    def _saved(self, result) -> None:
        status, notes = result
        self.saving = False
        parent = self.parentWidget() or self

        for note in notes:
            show_message(parent, self.tr("密码只保存到本次关闭程序"), plain_message(note))
        if status is not None and status.receiver_error:
            show_error(parent, plain_message(status.receiver_error))
        self.done(QDialog.DialogCode.Accepted)

    def _save_failed(self, text: str) -> None:
        self.saving = False
        self.buttons.setEnabled(True)
        if self._nothing_saved:
            self._nothing_saved = False
            self._show_problem(self.tr("没有保存，设置和原来一样。{reason}").format(reason=text))
            return
        self._show_problem(self.tr("设置没有全部生效：{reason}").format(reason=text))
