"""Sending an MMS: the recipients (the 短信 tab's panel), the confirmation, the campaign, its progress.

The campaign is kind "mms" with params {title, content, frames, account}; the sending service
(``controller.sending``) writes it down and runs it like any campaign (addContent once — its
taskId is kept with the campaign — then mmsSend in batches through the shared runner and journal). Status calls (2 delivered,
3 failed) settle the recipients, and the counts below follow.
"""

from __future__ import annotations

import asyncio
import math

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from jianmi_desktop.gui.sending import MMS_KINDS
from jianmi_desktop.gui.widgets.recipients_panel import RecipientsPanel
from jianmi_desktop.gui.widgets.send_panel import SendPanel, night_warnings
from jianmi_desktop.gui.widgets.send_progress import SenderBinding, SendProgress, duration_text
from jianmi_desktop.mms.model import blocking, to_mms_frames, validate


class MmsSending(QWidget):
    created = Signal(int)  # a campaign was written down and queued
    # the send panel's parts, shown as this part's own (SendPanel.lend_to)
    reason_label: QLabel
    send_button: QPushButton
    progress: SendProgress
    binding: SenderBinding

    def __init__(self, controller, message_of, parent: QWidget | None = None) -> None:
        """``message_of()`` gives the message to send (an ``MmsMessage``)."""
        super().__init__(parent)
        self.controller = controller
        self.message_of = message_of
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.panel = RecipientsPanel(controller, self)
        layout.addWidget(self.panel, 1)
        self.send_panel = SendPanel(controller, self, kinds=MMS_KINDS, on_send=self.send,
                                    on_change=self.update_button, send_text=self.tr("发送彩信…"),
                                    names=("mmsSendReason", "mmsSendButton"))
        self.send_panel.send_button.setDefault(False)   # Enter belongs to the frame's text
        layout.addWidget(self.send_panel)
        self.send_panel.lend_to(self)
        self.panel.changed.connect(self.update_button)
        self.panel.busy_changed.connect(lambda *_: self.update_button())
        self.update_button()

    # --- the button ---------------------------------------------------------------------------
    @property
    def last_campaign(self) -> int | None:
        return self.send_panel.last_campaign

    def why_not(self) -> str:
        return (self.send_panel.busy_reason(self.panel)
                or self.send_panel.first_problem(blocking(validate(self.message_of()))) or self.panel.not_ready())

    def update_button(self) -> None:
        self.send_panel.show_reason(self.why_not(), self.tr("显示确认信息，确认后发送（Ctrl+Enter）"))

    # --- send ---------------------------------------------------------------------------------
    def send(self) -> None:
        self.update_button()
        if not self.send_button.isEnabled():
            return
        message, report = self.message_of(), self.panel.report
        assert report is not None  # (the button is on: there are valid numbers)
        n, size = len(report.valid), max(1, min(int(self.controller.settings.batch_size), 500))
        requests = math.ceil(n / size) + 1
        lines = [
            self.tr("彩信标题：{title}").format(title=message.title),
            self.tr("共 %n 帧", "", len(message.frames)) + self.tr("，约 {kb} KB，播放 {seconds} 秒").format(
                kb=f"{message.total_size / 1000:,.0f}", seconds=message.total_seconds),
            self.tr("收件人：{n} 位").format(n=f"{n:,}"),
            self.tr("计费：每位 1 条彩信，共 {n} 条").format(n=f"{n:,}"),
            self.tr("预计用时：约 {time}（%Ln 次请求）", "", requests).format(
                time=duration_text(max(1.0, requests / max(1, self.controller.settings.rate)), self.tr)),
        ]
        lines += self.send_panel.dropped_line(report)
        warnings = [p for p in validate(message) if p.level == "warn"]
        warnings += night_warnings(self.controller)          # at night, as for SMS and voice
        lines += self.send_panel.warning_lines(warnings)
        self.confirm_box = self.send_panel.confirm(self.tr("确认发送彩信"), "\n".join(lines),
                                                   lambda: self.create_campaign(message, report), self.tr("发送"),
                                                   warned=bool(warnings), name="mmsSendConfirmation")

    def create_campaign(self, message, report) -> None:
        self.send_panel.begin()
        self.controller.spawn(self._create(message, report), on_done=self._created, on_error=self._failed)

    async def _create(self, message, report) -> int:
        from jianmi_desktop.campaign.drafts import mms_draft, report_stats
        from jianmi_desktop.platform.mms_xml import build_content

        content = await asyncio.to_thread(build_content, message.title, to_mms_frames(message))
        return await self.controller.sending.create(mms_draft(message.title, content, len(message.frames),
                                                              report.valid, stats=report_stats(report)))

    def _created(self, cid: int) -> None:
        if self.send_panel.created(cid):
            self.created.emit(cid)

    def _failed(self, message: str) -> None:
        self.send_panel.failed(message, self.tr("发送彩信"))
