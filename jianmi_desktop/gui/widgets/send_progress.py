"""The progress of a send: a bar, rate and ETA, what the delivery reports said, pause / resume / cancel;
or the countdown of a send held for later."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from jianmi_desktop.gui.widgets.icons import with_icon
from jianmi_desktop.gui.widgets.messages import confirm, show_error
from jianmi_desktop.gui.widgets.names import campaign_name
from jianmi_desktop.states import CampaignState, RecipientState

if TYPE_CHECKING:
    from jianmi_desktop.gui.sending import SendingSignals


class PanelState(StrEnum):
    """What the progress panel shows: the state of a campaign (the values of ``CampaignState``), the
    three the sending service passes through (``campaign/events.py``), or nothing."""

    IDLE = "idle"  # nothing shown
    SCHEDULED = CampaignState.SCHEDULED.value  # counting down to sends held for later
    PENDING = CampaignState.PENDING.value
    QUEUED = "queued"  # waiting for the campaign being sent (of another tab)
    RUNNING = CampaignState.RUNNING.value
    PAUSING = "pausing"  # asked; the batches in flight are finishing
    PAUSED = CampaignState.PAUSED.value
    CANCELLING = "cancelling"
    DONE = CampaignState.DONE.value
    STOPPED = CampaignState.STOPPED.value
    CANCELLED = CampaignState.CANCELLED.value


#: a campaign of this tab is on its way (the panel keeps showing it)
UNDER_WAY = (PanelState.RUNNING, PanelState.PAUSING, PanelState.CANCELLING)


def duration_text(seconds: float | None, tr) -> str:
    if seconds is None:
        return tr("计算中…")
    seconds = max(0, int(round(seconds)))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return tr("{h} 小时 {m} 分").format(h=hours, m=minutes)
    if minutes:
        return tr("{m} 分 {s} 秒").format(m=minutes, s=secs)
    return tr("{s} 秒").format(s=secs)


def rough_duration(seconds: float | None) -> str:
    """How long is left, the way a person says it: 约 3 分钟, not 2 分 47 秒."""
    if seconds is None:
        return QCoreApplication.translate("Duration", "计算中…")
    seconds = max(0.0, float(seconds))
    if seconds < 10:
        return QCoreApplication.translate("Duration", "几秒钟")
    if seconds < 55:
        return QCoreApplication.translate("Duration", "约 {s} 秒").format(s=int(round(seconds / 10.0)) * 10)
    minutes = max(1, int(round(seconds / 60.0)))
    if minutes < 60:
        return QCoreApplication.translate("Duration", "约 {m} 分钟").format(m=minutes)
    hours, minutes = divmod(minutes, 60)
    if minutes == 0:
        return QCoreApplication.translate("Duration", "约 {h} 小时").format(h=hours)
    return QCoreApplication.translate("Duration", "约 {h} 小时 {m} 分钟").format(h=hours, m=minutes)


class SendProgress(QFrame):
    pause_clicked = Signal()
    resume_clicked = Signal()
    cancel_clicked = Signal()
    close_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        #: what the window calls a campaign ("短信 #3"); the binding gives the sending service's
        self.name_of: Callable[[int], str] = lambda cid: campaign_name(None, None, cid)
        self.setObjectName("sendProgress")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.campaign_id: int | None = None
        self.state = PanelState.IDLE
        self.batches_before = 0  # batches finished before this run (a resumed campaign)
        self.batches_total = 0
        self.batch_size = 100
        self.counts: dict[str, int] = {}
        layout = QVBoxLayout(self)
        self.title = QLabel(self)
        self.title.setObjectName("progressTitle")
        self.title.setWordWrap(True)
        layout.addWidget(self.title)
        self.bar = QProgressBar(self)
        self.bar.setObjectName("sendBar")
        layout.addWidget(self.bar)
        grid = QGridLayout()
        self.sent_label = QLabel(self)
        self.rate_label = QLabel(self)
        self.eta_label = QLabel(self)
        self.delivery_label = QLabel(self)
        self.delivery_label.setObjectName("deliveryLabel")
        self.delivery_label.setToolTip(self.tr("手机收到后，平台会发回状态报告；这里的数字随报告更新"))
        grid.addWidget(self.sent_label, 0, 0)
        grid.addWidget(self.rate_label, 0, 1)
        grid.addWidget(self.eta_label, 0, 2)
        grid.addWidget(self.delivery_label, 1, 0, 1, 3)
        layout.addLayout(grid)
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.note.hide()
        layout.addWidget(self.note)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.pause_button = QPushButton(self.tr("暂停"), self)
        self.pause_button.setToolTip(self.tr("发完正在发送的几批后停下，稍后可以继续"))
        self.resume_button = QPushButton(self.tr("继续"), self)
        self.resume_button.setToolTip(self.tr("从停下的地方接着发送，已发出的号码不会再发"))
        self.cancel_button = QPushButton(self.tr("取消发送"), self)
        self.cancel_button.setToolTip(self.tr("不再发送剩下的号码（已发出的无法撤回）"))
        self.close_button = QPushButton(self.tr("关闭"), self)
        self.close_button.setToolTip(self.tr("收起这个面板；发送记录里可以随时查看"))
        self.pause_button.clicked.connect(self.pause_clicked)
        self.resume_button.clicked.connect(self.resume_clicked)
        self.cancel_button.clicked.connect(self.cancel_clicked)
        self.close_button.clicked.connect(self.close_clicked)
        with_icon(self.pause_button, "player-pause")
        with_icon(self.resume_button, "player-play")
        with_icon(self.cancel_button, "player-stop")
        with_icon(self.close_button, "x")
        for button in (self.pause_button, self.resume_button, self.cancel_button, self.close_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)
        self.hide()

    # --- a send under way -------------------------------------------------------------------
    def start(self, campaign_id: int, batches_total: int, batches_open: int, batch_size: int) -> None:
        self.campaign_id = campaign_id
        self.batches_total = max(batches_total, 1)
        self.batches_before = max(0, batches_total - batches_open)
        self.batch_size = max(1, batch_size)
        self.bar.setRange(0, self.batches_total)
        self.bar.setValue(self.batches_before)
        self.bar.setFormat("%p%")
        self.bar.show()
        for label in (self.sent_label, self.rate_label, self.eta_label, self.delivery_label):
            label.show()
        self.rate_label.setText(self.tr("速度：计算中…"))
        self.eta_label.setText(self.tr("还需：计算中…"))
        self.sent_label.setText("")
        self.delivery_label.setText("")   # a new campaign starts from nothing, not the last one's figures
        self.counts = {}
        self.note.hide()
        self.set_state(PanelState.RUNNING)
        self.show()

    def queued(self, campaign_id: int) -> None:
        """A campaign waits for the one being sent (of another tab) to end."""
        self.campaign_id = campaign_id
        self.bar.hide()
        for label in (self.sent_label, self.rate_label, self.eta_label, self.delivery_label):
            label.setText("")
        self.note.hide()
        self.set_state(PanelState.QUEUED)
        self.show()

    def update_progress(self, progress) -> None:
        if progress.campaign_id != self.campaign_id:
            return
        done = min(self.batches_total, self.batches_before + progress.batches_done)
        self.bar.setValue(done)
        self.bar.setFormat(self.tr("{done} / %Ln 批（%p%）", "", self.batches_total).format(done=f"{done:,}"))
        numbers_a_second = progress.rate * self.batch_size
        self.rate_label.setText(self.tr("速度：约 {numbers} 个号码/秒").format(numbers=f"{numbers_a_second:,.0f}"))
        self.rate_label.setToolTip(self.tr("每秒 {batches:.1f} 次请求，每次最多 {size} 个号码").format(
            batches=progress.rate, size=self.batch_size))
        self.eta_label.setText(self.tr("还需：计算中…") if progress.eta_s is None
                               else self.tr("还需{eta}").format(eta=rough_duration(progress.eta_s)))

    def set_counts(self, counts: dict[str, int]) -> None:
        """Figures from the store: recipients per state (reports settle them)."""
        self.counts = dict(counts)
        s = RecipientState
        submitted = sum(counts.get(state, 0) for state in (s.SUBMITTED, s.DELIVERED, s.UNDELIVERED))
        self.sent_label.setText(self.tr("已提交 {submitted} / {total}，失败 {failed}，不确定 {uncertain}").format(
            submitted=f"{submitted:,}", total=f"{counts.get('recipients', 0):,}",
            failed=f"{counts.get(s.FAILED, 0):,}", uncertain=f"{counts.get(s.UNCERTAIN, 0):,}"))
        self.delivery_label.setText(self.tr(
            "状态报告：已送达 <b>{delivered}</b> · 未送达 <b>{undelivered}</b> · 等待报告 <b>{waiting}</b>").format(
            delivered=f"{counts.get(s.DELIVERED, 0):,}", undelivered=f"{counts.get(s.UNDELIVERED, 0):,}",
            waiting=f"{counts.get(s.SUBMITTED, 0):,}"))

    def set_state(self, state: str, message: str = "") -> None:
        """``state``: a campaign's, as the sending service tells it (a value of ``PanelState``)."""
        p = PanelState
        self.state = state = p(state)
        name = self.name_of(self.campaign_id) if self.campaign_id is not None else ""
        titles = {
            p.RUNNING: self.tr("正在发送{name}…"),
            p.PAUSING: self.tr("正在暂停{name}（等正在发送的几批发完）…"),
            p.PAUSED: self.tr("{name} 已暂停"),
            p.CANCELLING: self.tr("正在取消{name}…"),
            p.DONE: self.tr("{name} 已全部提交"),
            p.STOPPED: self.tr("{name} 停止了"),
            p.CANCELLED: self.tr("{name} 已取消"),
            p.QUEUED: self.tr("{name} 在排队：正在发送的任务结束后开始"),
        }
        self.title.setText("<b>" + titles.get(state, "").format(name=name) + "</b>")
        self.pause_button.setVisible(state in (p.RUNNING, p.PAUSING))
        self.pause_button.setEnabled(state == p.RUNNING)
        self.resume_button.setVisible(state in (p.PAUSED, p.STOPPED))
        self.cancel_button.setVisible(state in (p.RUNNING, p.PAUSING, p.PAUSED, p.STOPPED, p.QUEUED))
        self.cancel_button.setEnabled(state in (p.RUNNING, p.PAUSED, p.STOPPED, p.QUEUED))
        self.close_button.setVisible(state in (p.DONE, p.CANCELLED))
        if state in (p.DONE, p.CANCELLED, p.PAUSED, p.STOPPED):
            self.eta_label.setText("")
            if state == p.DONE:
                self.bar.setValue(self.bar.maximum())
        if message:
            self.note.setText(message)
            self.note.setStyleSheet("color: #b00020;" if state == p.STOPPED else "color: #444;")
            self.note.show()
        elif state == p.RUNNING:
            self.note.hide()

    # --- a send held for later ---------------------------------------------------------------
    def show_scheduled(self, items: list[tuple[int, str, float]]) -> None:
        """Sends waiting for their time: (campaign id, 'YYYY-MM-DD hh:mm:ss', seconds left)."""
        if self.state in (*UNDER_WAY, PanelState.PAUSED, PanelState.STOPPED):
            return
        if not items:
            if self.state == PanelState.SCHEDULED:
                self.state = PanelState.IDLE
                self.hide()
            return
        self.state = PanelState.SCHEDULED
        lines = [self.tr("{name} 将在 {at}（中国时间）发出，还有 {left}").format(
            name=self.name_of(cid), at=at, left=duration_text(left, self.tr)) for cid, at, left in items[:3]]
        if len(items) > 3:
            lines.append(self.tr("还有 %n 次定时发送", "", len(items) - 3))
        self.title.setText("<b>" + self.tr("定时发送") + "</b><br>" + "<br>".join(lines))
        self.campaign_id = items[0][0]
        self.bar.hide()
        for label in (self.sent_label, self.rate_label, self.eta_label, self.delivery_label):
            label.setText("")
            label.hide()
        self.note.setText(self.tr("请让程序开着（关闭窗口时可以留在系统托盘里），到时会自动发送。"))
        self.note.setStyleSheet("color: #444;")
        self.note.show()
        for button in (self.pause_button, self.resume_button, self.close_button):
            button.hide()
        self.cancel_button.setVisible(True)
        self.cancel_button.setEnabled(True)
        self.show()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self.bar.setVisible(self.state != PanelState.SCHEDULED)


class SenderBinding(QObject):
    """One tab's view of the sending service: the campaigns of its ``kinds`` move its ``SendProgress``,
    the panel's pause / resume / cancel / close buttons drive them, and ``busy`` / ``current`` say
    what of its own is being sent. ``on_change()`` runs after every state change (the owner's send
    button). With ``held`` (the 短信 tab, where domestic sends are held for later) the panel also
    counts down to those sends, and closing it shows them again."""

    def __init__(self, owner: QWidget, progress: SendProgress, sending: SendingSignals, on_change: Callable[[], None],
                 *, kinds: tuple[str, ...], held: bool = False) -> None:
        super().__init__(owner)
        self.owner, self.progress, self.sending, self.on_change = owner, progress, sending, on_change
        self.kinds, self.held = kinds, held
        s, p = sending, progress
        p.name_of = s.name_of
        s.started.connect(self._started)
        s.progress.connect(self._progress)
        s.counts.connect(self._counts)
        s.state_changed.connect(self.sender_state)
        if held:
            s.scheduled.connect(p.show_scheduled)
        p.pause_clicked.connect(s.pause)
        p.resume_clicked.connect(lambda: p.campaign_id is not None and s.resume(p.campaign_id))
        p.cancel_clicked.connect(self.ask_cancel)
        p.close_clicked.connect(self.close_progress)
        self.destroyed.connect(lambda *_: sending.watch(self, None) if shiboken6.isValid(sending) else None)

    # --- what is being sent of this tab's kinds ---------------------------------------------------
    def mine(self, campaign_id: int | None) -> bool:
        return campaign_id is not None and self.sending.kind_of(campaign_id) in self.kinds

    @property
    def current(self) -> int | None:
        """The campaign of this tab's kinds being sent (None when none is)."""
        current = self.sending.current
        return current if self.mine(current) else None

    @property
    def busy(self) -> bool:
        return self.current is not None

    @property
    def queue(self) -> list[int]:
        return [cid for cid in self.sending.queue if self.mine(cid)]

    @property
    def waiting(self) -> bool:
        """Something of this tab is to be sent later while the program runs (queued or held)."""
        return bool(self.queue) or (self.held and bool(self.sending.held))

    def enqueue(self, campaign_id: int) -> None:
        self.sending.enqueue(campaign_id)

    # --- the panel follows -----------------------------------------------------------------------
    def _progress(self, progress: Any) -> None:
        if self.mine(progress.campaign_id):
            self.progress.update_progress(progress)

    def _counts(self, cid: int, counts: dict[str, int]) -> None:
        if cid == self.progress.campaign_id:
            self.progress.set_counts(counts)

    def _started(self, cid: int, total: int, still: int, size: int) -> None:
        if self.mine(cid):
            self.sending.watch(self, cid)
            self.progress.start(cid, total, still, size)

    def sender_state(self, cid: int, state: str, message: str) -> None:
        p = PanelState
        if self.mine(cid) and state == p.STOPPED and message and self.progress.campaign_id != cid:
            show_error(self.owner, message)  # it could not even start (another account's, another sender)
        elif self.mine(cid) and (self.progress.campaign_id == cid or state in (*UNDER_WAY, p.QUEUED)):
            if self.held and self.progress.state == p.SCHEDULED and state != p.QUEUED:
                self.sending.refresh_held()
            elif state == p.QUEUED:
                if self.progress.state not in UNDER_WAY:
                    self.progress.queued(cid)
            else:
                self.progress.set_state(state, message)
        self.on_change()

    def ask_cancel(self) -> None:
        cid = self.progress.campaign_id
        if cid is None:
            return
        confirm(self.owner, self.tr("取消发送"), self.tr(
            "不再发送{name} 剩下的号码吗？已经发出的无法撤回。").format(name=self.sending.name_of(cid)),
            lambda: self.sending.cancel(cid), yes_text=self.tr("取消发送"), no_text=self.tr("继续发送"))

    def close_progress(self) -> None:
        self.progress.state = PanelState.IDLE
        self.progress.hide()
        self.sending.watch(self, None)
        if self.held:
            self.sending.refresh_held()
