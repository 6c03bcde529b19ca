"""The settings' 回执来源 page: this computer's receiver, or a relay server (a computer behind a
router): its address and token (the token in the keychain), a test that shows the push and
status addresses to register, and registering the status address (setStatusUrl). A part of
``SettingsDialog`` (a mixin); its texts keep the dialog's translation context."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from jianmi_desktop import settings as S
from jianmi_desktop.gui.widgets.mixin import WidgetMixin

if TYPE_CHECKING:
    from jianmi_desktop.gui.controller import Controller
from jianmi_desktop.gui.settings.styles import ERROR_STYLE, OK_STYLE, TEST_TIMEOUT
from jianmi_desktop.gui.widgets.build import action_row, form_row


class ReportSourcePage(WidgetMixin):
    """Mixed into SettingsDialog."""

    # what it uses of the dialog (made in SettingsDialog.__init__)
    controller: Controller
    closed: bool

    if TYPE_CHECKING:
        def _secret_edit(self, name: str) -> QLineEdit: ...

    def _source_page(self, s: S.Settings) -> QWidget:
        """回执来源: this computer's receiver, or a relay server (for a computer behind a router)."""
        page = QWidget()
        self.local_source_radio = QRadioButton(QCoreApplication.translate("SettingsDialog", "本机接收(&M)：只适用于平台能直接访问到的电脑"))
        self.relay_source_radio = QRadioButton(QCoreApplication.translate("SettingsDialog", "中继服务器(&J)：电脑在路由器后面、平台访问不到时使用"))
        self.local_source_radio.setToolTip(QCoreApplication.translate("SettingsDialog", "平台把状态报告和回复直接推送到这台电脑（“接收与语言”页的端口和"
                                                   "公网回调地址）。办公室里的电脑一般收不到"))
        self.relay_source_radio.setToolTip(QCoreApplication.translate("SettingsDialog", "平台推送到公司的中继服务器，这台电脑从那里取回状态报告、回复和退订。"
                                                   "中继服务器由网络管理员架设，他会给您地址和令牌"))
        self.source_group = QButtonGroup(self)
        self.source_group.addButton(self.local_source_radio)
        self.source_group.addButton(self.relay_source_radio)
        (self.relay_source_radio if s.report_source == "relay" else self.local_source_radio).setChecked(True)

        form = QFormLayout()
        self.relay_url_edit = QLineEdit(s.relay_url)
        self.relay_url_edit.setObjectName("relayUrl")
        self.relay_url_edit.setPlaceholderText(QCoreApplication.translate("SettingsDialog", "例如：https://relay.example.com/api/v1"))
        self.relay_token_edit = self._secret_edit("relayToken")
        form_row(form, QCoreApplication.translate("SettingsDialog", "中继地址(&V)："), self.relay_url_edit,
                  QCoreApplication.translate("SettingsDialog", "中继服务器给这台电脑用的地址（api_url），由管理员提供"))
        form_row(form, QCoreApplication.translate("SettingsDialog", "令牌(&Q)："), self.relay_token_edit,
                  QCoreApplication.translate("SettingsDialog", "管理员用“relay token add”为这台电脑生成的令牌。保存在系统钥匙串里"))

        test_row, self.relay_test_button, self.relay_result = action_row(
            QCoreApplication.translate("SettingsDialog", "测试中继(&Z)"),
            QCoreApplication.translate("SettingsDialog", "用上面的地址和令牌连一次中继服务器，并显示要在平台上登记的地址"),
            self.test_relay, ("testRelay", "relayResult"))

        self.relay_urls_label = QLabel()
        self.relay_urls_label.setObjectName("relayUrls")
        self.relay_urls_label.setWordWrap(True)
        self.relay_urls_label.setTextFormat(Qt.TextFormat.PlainText)
        self.relay_urls_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.register_button = QPushButton(QCoreApplication.translate("SettingsDialog", "把状态地址登记到平台"))
        self.register_button.setObjectName("registerStatusUrl")
        self.register_button.setToolTip(QCoreApplication.translate("SettingsDialog", "让平台把语音和彩信的状态发到中继服务器（setStatusUrl）。"
                                                "只在正式模式下可用"))
        self.register_button.setEnabled(False)
        self.register_button.clicked.connect(self.register_status_url)

        self.local_box = self._receiver_form(s)  # type: ignore[attr-defined]  # the dialog's own form
        layout = QVBoxLayout(page)
        layout.addWidget(self.local_source_radio)
        layout.addWidget(self.local_box)
        layout.addWidget(self.relay_source_radio)
        layout.addLayout(form)
        layout.addLayout(test_row)
        layout.addWidget(self.relay_urls_label)
        layout.addWidget(self.register_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        self.source_group.buttonToggled.connect(self._source_toggled)
        self._source_toggled()
        return page

    def _source_toggled(self, *_) -> None:
        relay = self.relay_source_radio.isChecked()
        self.local_box.setEnabled(not relay)
        for widget in (self.relay_url_edit, self.relay_token_edit, self.relay_test_button):
            widget.setEnabled(relay)

    def _load_relay_token(self) -> None:
        from jianmi_desktop.campaign.sync import RELAY_SECRET

        def loaded(value) -> None:
            if self.closed:
                return
            self._loaded_token = value or ""
            self.relay_token_edit.setPlaceholderText("")
            if not self.relay_token_edit.text():
                self.relay_token_edit.setText(self._loaded_token)

        self.controller.spawn(asyncio.to_thread(lambda: S.get_secret(RELAY_SECRET, "token") or ""),
                              on_done=loaded, on_error=lambda text: loaded(""))

    def test_relay(self) -> None:
        from jianmi_desktop.campaign.sync import RelayClient, RelayConfig

        url = self.relay_url_edit.text().strip().rstrip("/")
        token = self.relay_token_edit.text().strip()
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            self._relay_said(QCoreApplication.translate("SettingsDialog", "中继地址要以 http:// 或 https:// 开头，例如 https://relay.example.com/api/v1"),
                             False)
            return
        if not token:
            self._relay_said(QCoreApplication.translate("SettingsDialog", "请先填写令牌。"), False)
            return

        async def probe():
            async with RelayClient(RelayConfig(url, token), timeout=TEST_TIMEOUT) as client:
                return await client.info()

        self.relay_test_button.setEnabled(False)
        self.register_button.setEnabled(False)
        self.relay_urls_label.clear()
        self._relay_said(QCoreApplication.translate("SettingsDialog", "正在连接…"), None)
        self.controller.spawn(probe(), on_done=self._relay_tested, on_error=self._relay_failed, owner=self)

    def _relay_tested(self, info: dict) -> None:
        if self.closed:
            return
        self.relay_test_button.setEnabled(self.relay_source_radio.isChecked())
        self._relay_urls = {key: str(info.get(key, "")) for key in ("push_url", "status_url")}
        self._relay_said(QCoreApplication.translate("SettingsDialog", "连接成功：中继服务器认识这台电脑（名字：{name}）。").format(
            name=info.get("name", "")), True)
        self.relay_urls_label.setText(QCoreApplication.translate("SettingsDialog", 
            "请在茧米平台上登记下面两个地址：\n"
            "短信状态报告和回复（推送地址）：{push}\n"
            "语音和彩信的状态（状态地址）：{status}").format(push=self._relay_urls["push_url"],
                                                         status=self._relay_urls["status_url"]))
        self.register_button.setEnabled(bool(self._relay_urls["status_url"]))

    def _relay_failed(self, text: str) -> None:
        if self.closed:
            return
        self.relay_test_button.setEnabled(self.relay_source_radio.isChecked())
        self._relay_said(text, False)

    def _relay_said(self, text: str, ok: bool | None) -> None:
        self.relay_result.setText(text)
        self.relay_result.setStyleSheet("" if ok is None else (OK_STYLE if ok else ERROR_STYLE))

    def register_status_url(self) -> None:
        url = self._relay_urls.get("status_url", "")
        if not url:
            return
        if self.controller.runtime.mode != "production":
            self._relay_said(QCoreApplication.translate("SettingsDialog", "沙箱模式下不向平台登记。请先切换到正式模式并保存，再来登记。"), False)
            return

        def done(_answer) -> None:
            if not self.closed:
                self._relay_said(QCoreApplication.translate("SettingsDialog", "已登记：平台会把语音和彩信的状态发到中继服务器。"), True)

        self._relay_said(QCoreApplication.translate("SettingsDialog", "正在登记…"), None)
        self.controller.spawn(self.controller.client.set_status_url(url), on_done=done,
                              on_error=lambda text: self._relay_said(text, False), owner=self)

