"""短信: recipients, the message, the checks, and the send with its progress.

The heavy parts never run on the GUI thread: files are read and lists checked in a worker
thread (the recipients panel), the campaign checks over every row run in a worker thread,
and the store and the client are async. Closing the window while a send runs is ``CloseGuard``'s
question.
The campaign is written down and sent by the sending service (``controller.sending``); the
tab's ``SenderBinding`` shows the progress of its SMS campaigns and the sends held for later.
"""

from __future__ import annotations

import asyncio
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QDateTime, Qt, QTimeZone
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QDateTimeEdit,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from jianmi_desktop.gui.i18n import said
from jianmi_desktop.gui.sending import SMS_KINDS
from jianmi_desktop.gui.sms.composer import Composer
from jianmi_desktop.gui.widgets import team as team_mode
from jianmi_desktop.gui.widgets.icons import with_icon
from jianmi_desktop.gui.widgets.messages import confirm, show_error, show_message
from jianmi_desktop.gui.widgets.send_panel import fresh_balance
from jianmi_desktop.gui.widgets.send_progress import duration_text
from jianmi_desktop.gui.widgets.sending_tab import SendingTab
from jianmi_desktop.states import Kind

if TYPE_CHECKING:
    from jianmi_desktop.campaign.recipients.model import RecipientReport
    from jianmi_desktop.campaign.template import Composition

CHINA = QTimeZone(8 * 3600)
AT_FORMAT = "yyyy-MM-dd HH:mm:ss"


@dataclass
class Prepared:
    """Everything checked and worked out before the confirmation."""

    composition: Composition
    report: RecipientReport
    intl: bool
    at: str | None
    balance: int
    units_low: int
    units_high: int
    total_units: int
    texts: list[str] | None
    findings: list = field(default_factory=list)
    requests: int = 0  # requests the send takes (one per batch of the same text)


def count_requests(texts: list[str], batch_size: int) -> int:
    """Requests a personalised send takes: numbers with the same text share a request."""
    from collections import Counter

    return sum(math.ceil(n / batch_size) for n in Counter(texts).values())


class SmsTab(SendingTab):
    KINDS, DRAFT, HELD, STRETCH = SMS_KINDS, Kind.SMS, True, (2, 3)

    def __init__(self, controller, parent: QWidget | None = None) -> None:
        super().__init__(controller, parent)
        self.setObjectName("smsTab")
        self._started_once = False
        self.prepared: Prepared | None = None
        sending = self.controller.sending
        sending.unfinished.connect(self.ask_unfinished)
        sending.missed.connect(self.ask_missed)

    def title(self) -> str:
        return self.tr("短信")

    # --- layout ------------------------------------------------------------------------------
    def build_parts(self, splitter: QSplitter, layout: QVBoxLayout) -> None:
        self.composer = Composer(self.controller, splitter)
        self.intl_check = QCheckBox(self.tr("国际短信"), self)
        self.intl_check.setToolTip(self.tr("发往中国大陆以外的号码：号码要带国家区号（例如 +44…），按国际短信计费"))
        self.at_check = QCheckBox(self.tr("定时发送："), self)
        self.at_check.setToolTip(self.tr("到了指定的时间再发送（中国时间）"))
        self.at_edit = QDateTimeEdit(self)
        self.at_edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.at_edit.setCalendarPopup(True)
        self.at_edit.setTimeZone(CHINA)
        self.at_edit.setDateTime(QDateTime.currentDateTime().toTimeZone(CHINA).addSecs(3600))
        self.at_edit.setEnabled(False)
        self.at_edit.setToolTip(self.tr("发送时间（中国时间）。国内短信由本程序在那时发出，请让程序开着"))
        self.at_note = QLabel(self.tr("（中国时间）"), self)
        self.new_button = with_icon(QPushButton(self.tr("新建"), self), "file-plus")
        self.new_button.setObjectName("newMessageButton")
        self.new_button.setToolTip(self.tr("清空号码和内容，写一条新短信（Ctrl+N）；可以撤销"))
        self.undo_new_button = with_icon(QPushButton(self.tr("撤销新建"), self), "arrow-back-up")
        self.undo_new_button.setObjectName("undoNewButton")
        self.undo_new_button.setToolTip(self.tr("找回新建之前的号码和内容"))
        self.undo_new_button.hide()
        self._undo_new: bytes | None = None
        QShortcut(QKeySequence.StandardKey.New, self, self.new_message,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        QShortcut(QKeySequence.StandardKey.Open, self, self.panel.choose_file,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        QShortcut(QKeySequence.StandardKey.Paste, self, self.panel.paste,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def beside(self) -> tuple[QWidget, ...]:
        return self.intl_check, self.at_check, self.at_edit, self.at_note, self.new_button, self.undo_new_button

    def connect_parts(self) -> list:
        self.composer.changed.connect(self.update_send_button)
        self.composer.findings_changed.connect(self.update_send_button)
        self.intl_check.toggled.connect(self._intl_toggled)
        self.at_check.toggled.connect(self.at_edit.setEnabled)
        self.at_check.toggled.connect(lambda *_: self.update_send_button())
        self.new_button.clicked.connect(self.new_message)
        self.undo_new_button.clicked.connect(self.undo_new)
        return [self.composer.text_edit.textChanged, self.panel.paste_edit.textChanged, self.panel.changed,
                self.intl_check.toggled, self.at_check.toggled, self.at_edit.dateTimeChanged]

    # --- life cycle --------------------------------------------------------------------------
    def on_started(self, status) -> None:
        first, self._started_once = not self._started_once, True
        if first:   # (the controller asks the sending service about unfinished campaigns)
            self.draft.load()

    # --- the draft: saved as it is typed, back after a restart or a crash ------------------------
    def draft_state(self) -> dict:
        return {"text": self.composer.text(), "intl": self.intl_check.isChecked(),
                "at": self.at_edit.dateTime().toString(Qt.DateFormat.ISODate) if self.at_check.isChecked() else None}

    def restore_draft(self, state: dict) -> None:
        self.intl_check.setChecked(bool(state.get("intl")))
        self.composer.text_edit.setPlainText(str(state.get("text") or ""))
        if state.get("at"):
            when = QDateTime.fromString(state["at"], Qt.DateFormat.ISODate)
            if when.isValid():
                self.at_edit.setDateTime(when)
                self.at_check.setChecked(True)

    def new_message(self) -> None:
        """新建: an empty message; the one before can be brought back with 撤销."""
        before = self._draft_body()
        self.composer.text_edit.clear()
        self.panel.clear()
        self.at_check.setChecked(False)
        self.draft.touch()
        self.draft.save_now()
        if before is not None:
            self._undo_new = before
            self.undo_new_button.show()

    def undo_new(self) -> None:
        if self._undo_new is not None:
            self._restore_draft(self._undo_new)
            self._undo_new = None
            self.draft.touch()
        self.undo_new_button.hide()

    # --- what the parts say ------------------------------------------------------------------
    def _recipients_changed(self) -> None:
        self.composer.set_rows(self.panel.rows if self.panel.imported is not None else None,
                               self.panel.variable_names())
        report = self.panel.report
        self.composer.set_valid_rows(report.row_index if report is not None else None)
        self.update_send_button()

    def _intl_toggled(self, intl: bool) -> None:
        self.panel.set_intl(intl)
        self.composer.set_intl(intl)
        self.at_edit.setToolTip(self.tr("发送时间（中国时间），由平台在那时发出") if intl else
                                self.tr("发送时间（中国时间）。国内短信由本程序在那时发出，请让程序开着"))

    def why_not(self) -> str:
        """Why the send button is off ('' when it is on)."""
        busy = self.send_panel.busy_reason(self.panel)
        if busy:
            return busy
        if not self.composer.text().strip():
            return self.tr("还没有短信内容")
        return self.send_panel.first_problem(self.composer.blocking()) or self.panel.not_ready()

    def update_send_button(self) -> None:
        self.send_panel.show_reason(self.why_not(), self.tr("检查后显示确认信息，确认后发送（Ctrl+Enter）"),
                                    self.tr("定时发送…") if self.at_check.isChecked() else self.tr("发送…"))

    def at_text(self) -> str | None:
        if not self.at_check.isChecked():
            return None
        return self.at_edit.dateTime().toTimeZone(CHINA).toString(AT_FORMAT)

    # --- send: check, confirm, create, run ------------------------------------------------------
    def send(self) -> None:
        self.composer.run_checks()
        self.update_send_button()
        if not self.send_button.isEnabled():
            return
        at = self.at_text()
        if not self.time_ok(at, self.tr("发送时间")):
            return
        self.send_panel.begin()
        composition = self.composer.composition(self.panel.rows)
        self.controller.spawn(self._prepare(composition, self.panel.report, self.intl_check.isChecked(), at,
                                            self.panel.skip_invalid()),
                              on_done=self._prepared, on_error=self._prepare_failed)

    async def _prepare(self, composition, report, intl: bool, at: str | None, skip_invalid: bool) -> Prepared:
        from jianmi_desktop.campaign.checks import check_campaign
        from jianmi_desktop.campaign.planning import parse_at
        from jianmi_desktop.platform.auth import china_now
        from jianmi_desktop.settings import night_hours

        store = self.controller.store
        balance = await fresh_balance(self.controller)
        indices = report.row_index if composition.personalised else None
        texts = await asyncio.to_thread(composition.texts, indices) if indices is not None else None
        if indices is not None:
            units_low, units_high = await asyncio.to_thread(composition.units_range, indices)
            total = await asyncio.to_thread(composition.units_total, indices)
        else:
            units_low = units_high = composition.units_of(composition.message_for(None))
            total = units_high * len(report.valid)
        recent = await store.recent_same_text(composition.message_for(None), report.valid, hours=24)
        findings = await asyncio.to_thread(check_campaign, composition, report, balance=balance, now=china_now(),
                                           at=parse_at(at) if at else None, recent_repeats=recent,
                                           skip_invalid=skip_invalid,
                                           night=night_hours(self.controller.settings))
        findings = [*findings, *await team_mode.overlap_warnings(self.controller, composition.message_for(None),
                                                                 report.valid)]
        size = max(1, min(int(self.controller.settings.batch_size), 500))
        requests = (await asyncio.to_thread(count_requests, texts, size) if texts is not None
                    else math.ceil(len(report.valid) / size))
        return Prepared(composition, report, intl, at, balance.remaining, units_low, units_high, total, texts,
                        list(findings), requests)

    def _prepared(self, prepared: Prepared) -> None:
        if not self.send_panel.checked():
            return
        self.prepared = prepared
        blocking = [f for f in prepared.findings if f.level == "block"]
        if blocking:
            text = self.tr("这次不能发送：") + "\n\n" + "\n".join("• " + said(f) for f in blocking)
            show_error(self, text, self.tr("发送前检查"))
            return
        self.ask_confirmation(prepared)

    def confirmation_text(self, p: Prepared) -> str:
        n = len(p.report.valid)
        units = (self.tr("每位 %n 条", "", p.units_high) if p.units_low == p.units_high
                 else self.tr("每位 {a}–{b} 条").format(a=p.units_low, b=p.units_high))
        requests = p.requests
        seconds = requests / max(1, self.controller.settings.rate)
        lines = [
            self.tr("收件人：{n} 位{kind}").format(n=f"{n:,}", kind=self.tr("（国际）") if p.intl else ""),
            self.tr("计费：{units}，共约 {total} 条（账户余额 {balance} 条）").format(
                units=units, total=f"{p.total_units:,}", balance=f"{p.balance:,}"),
            self.tr("预计用时：约 {time}（{requests} 次请求）").format(
                time=duration_text(seconds, self.tr), requests=f"{requests:,}"),
        ]
        lines += self.send_panel.dropped_line(p.report)
        if p.at:
            lines.append(self.tr("发送时间：{at}（中国时间）").format(at=p.at))
        lines += self.send_panel.warning_lines([f for f in p.findings if f.level == "warn"])
        lines += ["", self.tr("短信内容（第 1 位收件人）："), p.texts[0] if p.texts else p.composition.message_for(None)]
        return "\n".join(lines)

    def ask_confirmation(self, p: Prepared) -> QMessageBox:
        self.confirm_box = self.send_panel.confirm(
            self.tr("确认发送"), self.confirmation_text(p), lambda: self.create_campaign(p),
            self.tr("定时发送") if p.at else self.tr("发送"), warned=any(f.level == "warn" for f in p.findings),
            name="sendConfirmation")
        return self.confirm_box

    async def _create(self, p: Prepared) -> int:
        from jianmi_desktop.campaign.drafts import report_stats, sms_draft

        stats = report_stats(p.report, units_per_message=p.units_high, units_total=p.total_units)
        text = p.composition.message_for(None)
        config = await team_mode.before_create(self.controller, len(p.report.valid))   # team mode: msgid range
        cid = await self.controller.sending.create(sms_draft(
            text, p.report.valid, intl=p.intl, at=p.at, stats=stats, texts=p.texts or None))
        team_mode.after_create(self.controller, config, cid, text, p.report.valid)    # for colleagues' warnings
        return cid

    def _created(self, cid: int, p: Prepared) -> None:
        held = bool(p.at and not p.intl)    # a domestic send held until its time, by this program
        if self.send_panel.created(cid, queue=not held) and held:
            show_message(self, self.tr("定时发送"), self.tr(
                "已保存{name}，将在 {at}（中国时间）发出。\n请让程序开着；关闭窗口时可以让它留在系统托盘里。").format(
                name=self.controller.sending.name_of(cid), at=p.at))

    # --- start-up questions ----------------------------------------------------------------------
    def ask_unfinished(self, campaign_ids: list[int], interrupted: int) -> None:
        text = ""
        if interrupted:
            text = self.tr("上次发送中断时有 %n 批已发出但没有收到回答，已标为“不确定”，不会自动重发。", "",
                           interrupted) + "\n\n"
        if not campaign_ids:
            show_message(self, self.tr("上次的发送"), text.strip())
            return
        text += self.tr("有 %n 次发送没有完成（{ids}）。要继续发送剩下的号码吗？\n已经发出的号码不会再发。", "",
                        len(campaign_ids)).format(ids=self._names(campaign_ids))
        self.unfinished_box = confirm(self, self.tr("继续上次的发送"), text,
                                      lambda: self._continue(campaign_ids),
                                      yes_text=self.tr("继续发送"), no_text=self.tr("以后再说"))

    def _names(self, campaign_ids: list[int]) -> str:
        """"短信 #3、语音 #1" (``gui/widgets/names.py``)."""
        return self.tr("、").join(self.controller.sending.name_of(cid) for cid in campaign_ids)

    def _continue(self, campaign_ids: list[int]) -> None:
        for cid in campaign_ids:
            self.controller.sending.enqueue(cid)

    def ask_missed(self, campaign_ids: list[int]) -> None:
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("错过的定时发送"), self.tr(
            "定时发送 {ids} 的时间已经过了（那时程序没有运行），还没有发出。现在发送吗？").format(
                ids=self._names(campaign_ids)),
            QMessageBox.StandardButton.NoButton, self)
        now = box.addButton(self.tr("现在发送"), QMessageBox.ButtonRole.AcceptRole)
        drop = box.addButton(self.tr("取消这些发送"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(self.tr("以后再说"), QMessageBox.ButtonRole.RejectRole)

        def finished() -> None:
            for cid in campaign_ids:
                if box.clickedButton() is now:
                    self.controller.sending.enqueue(cid)
                elif box.clickedButton() is drop:
                    self.controller.sending.cancel(cid)

        box.finished.connect(finished)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.missed_box = box
        box.open()
