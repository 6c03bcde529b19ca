"""Sending an MMS: the recipients (the 短信 tab's panel), the confirmation, the campaign, its progress.

The campaign is kind "mms" with params {title, content, frames, account}; the sending service
(``controller.sending``) writes it down and runs it like any campaign (addContent once — its
taskId is kept with the campaign — then mmsSend in batches through the shared runner and journal). Status calls (2 delivered,
3 failed) settle the recipients, and the counts below follow.
"""

from __future__ import annotations

import asyncio
import math

import shiboken6
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from jianmi_desktop.gui.i18n import said
from jianmi_desktop.gui.sending import MMS_KINDS
from jianmi_desktop.gui.style import mark_primary
from jianmi_desktop.gui.widgets.messages import confirm, show_error
from jianmi_desktop.gui.widgets.recipients_panel import RecipientsPanel
from jianmi_desktop.gui.widgets.send_progress import SenderBinding, SendProgress, duration_text
from jianmi_desktop.mms.model import blocking, to_mms_frames, validate


class MmsSending(QWidget):
    created = Signal(int)  # a campaign was written down and queued

    def __init__(self, controller, message_of, parent: QWidget | None = None) -> None:
        """``message_of()`` gives the message to send (an ``MmsMessage``)."""
        super().__init__(parent)
        self.controller = controller
        self.message_of = message_of
        self._preparing = False
        self.last_campaign: int | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.panel = RecipientsPanel(controller, self)
        layout.addWidget(self.panel, 1)
        row = QHBoxLayout()
        self.reason_label = QLabel(self)
        self.reason_label.setObjectName("mmsSendReason")
        self.reason_label.setWordWrap(True)
        self.reason_label.setStyleSheet("color: #b00020;")
        self.send_button = QPushButton(self.tr("发送彩信…"), self)
        mark_primary(self.send_button)
        self.send_button.setObjectName("mmsSendButton")
        self.send_button.setMinimumWidth(110)
        row.addWidget(self.reason_label, 1)
        row.addWidget(self.send_button)
        layout.addLayout(row)
        self.progress = SendProgress(self)
        layout.addWidget(self.progress)
        self.panel.changed.connect(self.update_button)
        self.panel.busy_changed.connect(lambda *_: self.update_button())
        self.send_button.clicked.connect(self.send)
        self.sender = SenderBinding(self, self.progress, controller.sending, self.update_button, kinds=MMS_KINDS)
        self.update_button()

    # --- the button ---------------------------------------------------------------------------
    def why_not(self) -> str:
        if self._preparing:
            return self.tr("正在准备…")
        if self.panel.busy:
            return self.tr("正在读取号码…")
        if self.sender.busy:
            return self.tr("正在发送第 {id} 次发送，发完后才能开始新的发送").format(id=self.sender.current)
        found = blocking(validate(self.message_of()))
        if found:
            more = self.tr("（还有 {n} 个问题）").format(n=len(found) - 1) if len(found) > 1 else ""
            return said(found[0]) + more
        return self.panel.not_ready()

    def update_button(self) -> None:
        reason = self.why_not()
        self.send_button.setEnabled(not reason)
        self.reason_label.setText(reason)
        self.send_button.setToolTip(reason or self.tr("显示确认信息，确认后发送"))

    # --- send ---------------------------------------------------------------------------------
    def send(self) -> None:
        self.update_button()
        if not self.send_button.isEnabled():
            return
        message, report = self.message_of(), self.panel.report
        n, size = len(report.valid), max(1, min(int(self.controller.settings.batch_size), 500))
        requests = math.ceil(n / size) + 1
        lines = [
            self.tr("彩信标题：{title}").format(title=message.title),
            self.tr("共 {frames} 帧，约 {kb} KB，播放 {seconds} 秒").format(
                frames=len(message.frames), kb=f"{message.total_size / 1000:,.0f}", seconds=message.total_seconds),
            self.tr("收件人：{n} 位").format(n=f"{n:,}"),
            self.tr("计费：每位 1 条彩信，共 {n} 条").format(n=f"{n:,}"),
            self.tr("预计用时：约 {time}（{requests} 次请求）").format(
                time=duration_text(max(1.0, requests / max(1, self.controller.settings.rate)), self.tr),
                requests=f"{requests:,}"),
        ]
        dropped = len(report.invalid) + report.duplicates + report.opted_out
        if dropped:
            lines.append(self.tr("不发送：无效 {i}，重复 {d}，已退订 {o}").format(
                i=f"{len(report.invalid):,}", d=f"{report.duplicates:,}", o=f"{report.opted_out:,}"))
        from jianmi_desktop.campaign.checks import time_findings
        from jianmi_desktop.platform.auth import china_now
        from jianmi_desktop.settings import night_hours

        warnings = [p for p in validate(message) if p.level == "warn"]
        warnings += [f for f in time_findings(china_now(), None, night_hours(self.controller.settings))
                     if f.level == "warn"]          # at night, as for SMS and voice
        if warnings:
            lines += ["", self.tr("请确认以下情况：")] + ["• " + said(p) for p in warnings]
        yes = self.tr("已确认，发送") if warnings else self.tr("发送")
        self.confirm_box = confirm(self, self.tr("确认发送彩信"), "\n".join(lines),
                                   lambda: self.create(message, report), yes_text=yes,
                                   no_text=self.tr("再看看"))
        self.confirm_box.setObjectName("mmsSendConfirmation")

    def create(self, message, report) -> None:
        self._preparing = True
        self.update_button()
        self.controller.spawn(self._create(message, report), on_done=self._created, on_error=self._failed)

    async def _create(self, message, report) -> int:
        from jianmi_desktop.campaign.drafts import mms_draft, report_stats
        from jianmi_desktop.platform.mms_xml import build_content

        content = await asyncio.to_thread(build_content, message.title, to_mms_frames(message))
        return await self.controller.sending.create(mms_draft(message.title, content, len(message.frames),
                                                              report.valid, stats=report_stats(report)))

    def _created(self, cid: int) -> None:
        if not shiboken6.isValid(self):
            return
        self._preparing = False
        self.last_campaign = cid
        self.sender.enqueue(cid)
        self.update_button()
        self.created.emit(cid)

    def _failed(self, message: str) -> None:
        if not shiboken6.isValid(self):
            return
        self._preparing = False
        self.update_button()
        show_error(self, message, self.tr("发送彩信"))
