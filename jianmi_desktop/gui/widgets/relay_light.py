"""The relay's status light in the status bar: a coloured dot and a few words.

Hidden while reports come to this computer's own receiver; otherwise green (connected),
amber (connecting, catching up N), red (unreachable since …, token refused). The tooltip
says where the relay is and, after an error, what went wrong and what to do.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from jianmi_desktop.gui.i18n import english

COLOURS = {"connected": "#1e7d32", "connecting": "#b26a00", "catching_up": "#b26a00",
           "unreachable": "#a4262c", "refused": "#a4262c"}


class RelayLight(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("relayLight")
        self.setTextFormat(Qt.TextFormat.RichText)
        self.kind = "off"
        self.words = ""
        self.hide()

    def show_state(self, state) -> None:
        self.kind = state.kind
        if state.kind == "off":
            self.words = ""
            self.hide()
            return
        if state.kind == "connecting":
            words = self.tr("中继：正在连接…")
        elif state.kind == "connected":
            words = self.tr("中继：已连接")
        elif state.kind == "catching_up":
            words = self.tr("中继：正在追赶，已取回 {count} 条").format(count=f"{state.applied:,}")
        elif state.kind == "unreachable":
            when = datetime.fromtimestamp(state.since).strftime("%H:%M") if state.since else "—"
            words = self.tr("中继：自 {time} 起无法连接，正在重试").format(time=when)
        else:
            words = self.tr("中继：令牌被拒绝")
        self.words = words
        self.setText(f'<span style="color:{COLOURS.get(state.kind, "#666")}">●</span> {words}')
        tip = self.tr("回执来源：中继服务器 {url}").format(url=state.relay_url)
        reason = state.reason_en if state.reason_en and english() else state.reason
        if reason:
            tip += "\n" + reason
        if state.kind == "refused":
            tip += "\n" + self.tr("请在“设置 → 回执来源”里填写管理员给的新令牌。")
        self.setToolTip(tip)
        self.setAccessibleName(words)
        self.show()
