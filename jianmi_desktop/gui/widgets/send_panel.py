"""The foot of every sending tab (短信, 语音, 彩信): one ``SendPanel``.

It holds why 发送… is off (in words, beside the button), the button itself with Ctrl+Enter, and
the progress of the tab's campaigns with pause / resume / cancel (``SendProgress`` bound to the
sending service through ``SenderBinding``). The tab says what its own checks find; the panel adds
what every kind shares — a check under way, numbers still being read, a campaign of the same kind
being sent — and the parts of the confirmation that read the same for SMS, voice and MMS: the
numbers left out, the warnings to confirm, and the "已确认，" on the button after a warning.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from jianmi_desktop.gui.i18n import said
from jianmi_desktop.gui.style import mark_primary
from jianmi_desktop.gui.widgets.icons import with_icon
from jianmi_desktop.gui.widgets.messages import confirm, show_error
from jianmi_desktop.gui.widgets.send_progress import SenderBinding, SendProgress


class SendPanel(QWidget):
    def __init__(self, controller: Any, owner: QWidget, *, kinds: tuple[str, ...], on_send: Callable[[], None],
                 on_change: Callable[[], None], send_text: str, names: tuple[str, str] = ("sendReason", "sendButton"),
                 held: bool = False, beside: Sequence[QWidget] = ()) -> None:
        """``owner`` is the tab (dialogs open over it, Ctrl+Enter works anywhere in it); ``on_change``
        re-reads the tab's state (its send button); ``beside`` are the tab's own controls on the
        button's row (SMS: 国际短信, 定时发送, 新建)."""
        super().__init__(owner)
        self.controller = controller
        self.owner = owner
        self.on_change = on_change
        self.preparing = False           # a check or the writing down of a campaign is under way
        self.last_campaign: int | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.reason_label = QLabel(self)
        self.reason_label.setObjectName(names[0])
        self.reason_label.setWordWrap(True)
        self.reason_label.setStyleSheet("color: #b00020;")
        self.send_button = QPushButton(send_text, self)
        with_icon(mark_primary(self.send_button), "send")
        self.send_button.setObjectName(names[1])
        self.send_button.setDefault(True)
        self.send_button.setMinimumWidth(110)
        leading, trailing = [w for w in beside if not isinstance(w, QPushButton)], \
            [w for w in beside if isinstance(w, QPushButton)]
        for widget in leading:
            row.addWidget(widget)
        row.addWidget(self.reason_label, 1)
        for widget in trailing:
            row.addWidget(widget)
        row.addWidget(self.send_button)
        layout.addLayout(row)
        self.progress = SendProgress(self)
        layout.addWidget(self.progress)
        self.send_button.clicked.connect(on_send)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), owner, on_send, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.binding = SenderBinding(owner, self.progress, controller.sending, on_change, kinds=kinds, held=held)

    def lend_to(self, owner: QWidget) -> None:
        """The owner shows the panel's parts as its own: ``owner.send_button`` and the rest."""
        for name in ("reason_label", "send_button", "progress", "binding"):
            setattr(owner, name, getattr(self, name))

    # --- the button ---------------------------------------------------------------------------
    def busy_reason(self, recipients: Any) -> str:
        """What every kind of send waits for ('' when nothing): a check, the numbers, a campaign."""
        if self.preparing:
            return self.tr("正在检查…")
        if recipients.busy:
            return self.tr("正在读取号码…")
        if self.binding.busy:
            current = self.binding.current
            name = self.binding.sending.name_of(current) if current is not None else ""
            return self.tr("正在发送{name}；发完、暂停或取消后才能开始新的发送").format(name=name)
        return ""

    def first_problem(self, problems: Sequence[Any]) -> str:
        """The first of the problems in words, and how many more there are."""
        if not problems:
            return ""
        first = problems[0] if isinstance(problems[0], str) else said(problems[0])
        more = len(problems) - 1
        return first + (self.tr("（还有 %n 个问题）", "", more) if more else "")

    def show_reason(self, reason: str, ready_tip: str, text: str | None = None) -> None:
        self.send_button.setEnabled(not reason)
        self.reason_label.setText(reason)
        self.send_button.setToolTip(reason or ready_tip)
        if text is not None:
            self.send_button.setText(text)

    # --- one send: checking, writing down, queued ----------------------------------------------
    def begin(self) -> None:
        self.preparing = True
        self.on_change()

    def failed(self, message: str, title: str) -> None:
        if not shiboken6.isValid(self):   # the window closed meanwhile
            return
        self.preparing = False
        self.on_change()
        show_error(self.owner, message, title)

    def checked(self) -> bool:
        """The check is back: False when the window closed meanwhile."""
        if not shiboken6.isValid(self):
            return False
        self.preparing = False
        self.on_change()
        return True

    def created(self, cid: int, *, queue: bool = True) -> bool:
        """The campaign is written down; queue it for the sending service (False: the window closed)."""
        if not shiboken6.isValid(self):
            return False
        self.preparing = False
        self.last_campaign = cid
        if queue:
            self.binding.enqueue(cid)
        self.on_change()
        return True

    # --- the confirmation ----------------------------------------------------------------------
    def dropped_line(self, report: Any) -> list[str]:
        """The numbers left out, as a line of the confirmation (none when none are)."""
        if not len(report.invalid) + report.duplicates + report.opted_out:
            return []
        return [self.tr("不发送：无效 {i}，重复 {d}，已退订 {o}").format(
            i=f"{len(report.invalid):,}", d=f"{report.duplicates:,}", o=f"{report.opted_out:,}")]

    def warning_lines(self, warnings: Sequence[Any]) -> list[str]:
        if not warnings:
            return []
        return ["", self.tr("请确认以下情况：")] + ["• " + said(w) for w in warnings]

    def confirm(self, title: str, text: str, on_yes: Callable[[], None], yes: str, *, warned: bool,
                name: str) -> QMessageBox:
        """The confirmation, not modal; after a warning its button says 已确认."""
        if warned:
            yes = self.tr("已确认，{action}").format(action=yes)
        box = confirm(self.owner, title, text, on_yes, yes_text=yes, no_text=self.tr("再看看"))
        box.setObjectName(name)
        return box


async def fresh_balance(controller: Any) -> Any:
    """The balance asked of the platform just before a send, and written to the balance history."""
    balance = await controller.client.getnum()
    await controller.store.record_balance(balance.sent, balance.remaining)
    return balance


def night_warnings(controller: Any, when: Any = None) -> list[Any]:
    """The night-time warnings for a send now or at ``when`` (China time)."""
    from jianmi_desktop.campaign.checks import time_findings
    from jianmi_desktop.platform.auth import china_now
    from jianmi_desktop.settings import night_hours

    return [f for f in time_findings(china_now(), when, night_hours(controller.settings)) if f.level == "warn"]
