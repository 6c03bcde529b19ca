"""The settings' 测试连接: one balance query with the account and addresses as typed, and a failure
told in plain words (wrong password, no such server, nothing listening, a timeout). A part of
``SettingsDialog`` (a mixin); its texts keep the dialog's translation context."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton

from jianmi_desktop import settings as S
from jianmi_desktop.gui.controller import plain_message
from jianmi_desktop.gui.settings.styles import ERROR_STYLE, OK_STYLE, TEST_TIMEOUT

if TYPE_CHECKING:
    from jianmi_desktop.gui.controller import Controller


class ConnectionTest:
    """Mixed into SettingsDialog."""

    # what it uses of the dialog (made in SettingsDialog.__init__ and its pages)
    controller: Controller
    closed: bool
    _test_task: asyncio.Task | None
    uid_edit: QLineEdit
    password_edit: QLineEdit
    apikey_edit: QLineEdit
    ucuid_edit: QLineEdit
    sdk_edit: QLineEdit
    clientapi_edit: QLineEdit
    intl_edit: QLineEdit
    test_button: QPushButton
    test_result: QLabel

    # --- test connection -----------------------------------------------------------------
    def test_connection(self) -> None:
        from jianmi_desktop.client import Account, Endpoints, JianmiClient
        from jianmi_desktop.platform.auth import md5_hex

        uid, password = self.uid_edit.text().strip(), self.password_edit.text()
        sdk = self.sdk_edit.text().strip()
        if not uid or not password:
            self._test_said(QCoreApplication.translate("SettingsDialog", "请先填写账号和密码。"), False)
            return
        if urlsplit(sdk).scheme not in ("http", "https"):
            self._test_said(QCoreApplication.translate("SettingsDialog", "短信接口的地址要以 http:// 或 https:// 开头。"), False)
            return
        client = JianmiClient(Endpoints(sdk=sdk, clientapi=self.clientapi_edit.text().strip(),
                                        intl=self.intl_edit.text().strip()),
                              Account(uid=uid, password_md5=md5_hex(password), apikey=self.apikey_edit.text(),
                                      ucuid=self.ucuid_edit.text().strip() or None),
                              timeout=TEST_TIMEOUT, max_retries=0)

        async def probe():
            try:
                return await client.getnum(), None
            except Exception as exc:  # noqa: BLE001 - explained below, in plain words
                return None, exc
            finally:
                await client.aclose()

        self.test_button.setEnabled(False)
        self._test_said(QCoreApplication.translate("SettingsDialog", "正在连接…"), None)
        self._test_task = self.controller.spawn(probe(), on_done=self._tested,
                                                on_error=lambda text: self._tested((None, RuntimeError(text))))

    def _tested(self, result) -> None:
        if self.closed:
            return
        self.test_button.setEnabled(True)
        balance, exc = result
        if exc is None:
            self._test_said(QCoreApplication.translate("SettingsDialog", "连接成功：账号和密码正确，剩余 {remaining} 条。").format(
                remaining=balance.remaining), True)
        else:
            self._test_said(self.explain(exc, self.sdk_edit.text().strip()), False)

    def _test_said(self, text: str, ok: bool | None) -> None:
        self.test_result.setText(text)
        self.test_result.setStyleSheet("" if ok is None else (OK_STYLE if ok else ERROR_STYLE))

    def explain(self, exc: BaseException, url: str) -> str:
        """A failed connection test, in plain words."""
        import httpx

        from jianmi_desktop.platform.errors import AnswerFormatError, PlatformRefusal

        host = urlsplit(url).netloc or url
        cause = exc.__cause__
        if isinstance(exc, PlatformRefusal) and exc.code == 102:
            return QCoreApplication.translate("SettingsDialog", "连上了平台，但账号或密码不对（102）。请检查账号和密码，注意大小写。")
        if isinstance(exc, PlatformRefusal):
            return QCoreApplication.translate("SettingsDialog", "连上了平台，但平台拒绝了：{reason}").format(reason=plain_message(exc))
        if isinstance(cause, (httpx.InvalidURL, httpx.UnsupportedProtocol)):
            return QCoreApplication.translate("SettingsDialog", "接口地址写得不对：要以 http:// 或 https:// 开头，例如 {url}").format(
                url=S.PRODUCTION_SDK_URL)
        if isinstance(cause, httpx.ConnectTimeout):
            return QCoreApplication.translate("SettingsDialog", "连接 {host} 超时：网络不通，或者服务器没有响应。请检查网络和地址。").format(host=host)
        if isinstance(cause, httpx.ConnectError):
            text = str(cause).lower()
            if any(word in text for word in ("name or service", "nodename", "getaddrinfo", "name resolution")):
                return QCoreApplication.translate("SettingsDialog", "找不到服务器 {host}：地址可能写错了，或者这台电脑没有连上网络。").format(host=host)
            return QCoreApplication.translate("SettingsDialog", "连不上 {host}：那里没有服务在回应。请检查接口地址和端口有没有写错、网络是否通畅。"
                           ).format(host=host)
        if isinstance(cause, httpx.TimeoutException):
            return QCoreApplication.translate("SettingsDialog", "{host} 在 {seconds} 秒内没有回答。服务器可能太忙或地址不对，请稍后再试。").format(
                host=host, seconds=int(TEST_TIMEOUT))
        if isinstance(exc, AnswerFormatError):
            if "HTTP" in exc.zh:
                return plain_message(exc)
            return QCoreApplication.translate("SettingsDialog", "{url} 回答的内容看不懂，它可能不是茧米平台的接口地址。请检查地址。").format(url=url)
        return plain_message(exc)

