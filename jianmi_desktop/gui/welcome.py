"""The first start: a short welcome on the sandbox — what it is, three things to try, and how to
enter the real account. Shown once (``settings.ui.welcome_shown``), and again from 帮助 → 欢迎.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

from jianmi_desktop.gui.style import mark_primary
from jianmi_desktop.gui.widgets.icons import with_icon


class WelcomeDialog(QDialog):
    def __init__(self, window, parent: QWidget | None = None) -> None:
        super().__init__(parent or window)
        self.window_ = window
        self.setObjectName("welcomeDialog")
        self.setWindowTitle(self.tr("欢迎使用茧米桌面"))
        text = QLabel(self)
        text.setObjectName("welcomeText")
        text.setTextFormat(Qt.TextFormat.RichText)
        text.setWordWrap(True)
        text.setText(self.tr(
            "<h3>欢迎使用茧米桌面</h3>"
            "<p>现在是<b>沙箱模式</b>：程序在这台电脑上模拟茧米平台，什么都不会真的发出去，也不花钱。"
            "可以放心地试：</p>"
            "<ol>"
            "<li><b>短信</b>页：粘贴几个手机号，写一句话（带上【签名】），点“发送…”；"
            "几秒后到<b>发送记录</b>里看每个号码是否已送达。</li>"
            "<li><b>彩信</b>页：把几张图片拖进来，每张是一帧，右边的手机里可以预览。</li>"
            "<li><b>语音</b>页：选一个 MP3 或写一段文字，发一条语音通知。</li>"
            "</ol>"
            "<p>准备好真的发送时，点“填写真实账号…”，输入茧米平台给您的账号和密码。"
            "账号和密码只保存在系统钥匙串里。</p>"))
        account = with_icon(QPushButton(self.tr("填写真实账号(&A)…"), self), "user")
        account.setObjectName("welcomeAccount")
        account.clicked.connect(self._enter_account)
        start = QPushButton(self.tr("开始试用(&S)"), self)
        start.setObjectName("welcomeStart")
        mark_primary(start)
        start.clicked.connect(self.accept)
        buttons = QDialogButtonBox(self)
        buttons.addButton(account, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(start, QDialogButtonBox.ButtonRole.AcceptRole)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(buttons)
        self.resize(520, 360)

    def _enter_account(self) -> None:
        self.accept()
        self.window_.open_settings()


def maybe_welcome(window) -> WelcomeDialog | None:
    """On the sandbox, the first time only: the welcome (not modal: the window stays usable)."""
    controller = window.controller
    ui = controller.settings.ui
    if controller.settings.mode != "sandbox" or ui.welcome_shown:
        return None
    ui.welcome_shown = 1
    try:
        controller.save_settings()
    except OSError:
        pass
    return show_welcome(window)


def show_welcome(window) -> WelcomeDialog:
    dialog = WelcomeDialog(window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
