"""发送记录: every campaign with its counts, and what became of each number.

Reads go through the models' worker threads (never the GUI thread); the counts follow the
delivery reports as they are stored (``controller.stored``, at most twice a second).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QItemSelectionModel, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from jianmi_desktop.gui.base_tab import BaseTab
from jianmi_desktop.gui.history.exporting import ExportActions
from jianmi_desktop.gui.history.model import CampaignLine, CampaignModel, RecipientModel, Worker
from jianmi_desktop.gui.history.sending import SENDABLE_STATES, SendActions  # noqa: F401 - offered here too
from jianmi_desktop.gui.widgets import build
from jianmi_desktop.gui.widgets.build import button, label
from jianmi_desktop.gui.widgets.icons import search_icon, with_icon
from jianmi_desktop.gui.widgets.names import campaign_name
from jianmi_desktop.gui.widgets.table_model import read_only
from jianmi_desktop.states import RecipientState
from jianmi_desktop.store.reader import RecipientFilter, digits

if TYPE_CHECKING:
    from jianmi_desktop.gui.history.campaign_report import CampaignReportDialog

#: the recipient states the filter offers, in the order of a recipient's way
STATES = (RecipientState.PENDING, RecipientState.SENDING, RecipientState.SUBMITTED, RecipientState.DELIVERED,
          RecipientState.UNDELIVERED, RecipientState.FAILED, RecipientState.UNCERTAIN)


class HistoryTab(SendActions, ExportActions, BaseTab):
    def __init__(self, controller, parent: QWidget | None = None) -> None:
        super().__init__(controller, parent)
        self.setObjectName("historyTab")
        self.campaigns = CampaignModel(self)
        self.recipients = RecipientModel(self)
        self.export_worker: Worker | None = None
        self._selected: int | None = None
        self._total: int | None = None
        self._newest: int | None = None
        self._resending = False
        self._sending: int | None = None  # the campaign whose send is being prepared (ask_send)
        self.send_box = None
        self._build()
        self._counts_timer = QTimer(self, singleShot=True, interval=500)  # at most twice a second
        self._counts_timer.timeout.connect(self.refresh_counts)
        self._filter_timer = QTimer(self, singleShot=True, interval=250)  # typing in the number box
        self._filter_timer.timeout.connect(self.apply_filter)
        self._poll_timer = QTimer(self, interval=1000)  # while shown: anything written (sending, a new campaign)?
        self._poll_timer.timeout.connect(self.campaigns.poll)
        self.campaigns.changed.connect(self._on_stored)
        controller.stored.connect(self._on_stored)
        controller.sending.state_changed.connect(self._sender_moved)
        controller.sending.idle.connect(self._sender_moved)
        self.campaigns.refreshed.connect(self._campaigns_refreshed)
        self.campaigns.modelReset.connect(self._reselect)
        self.recipients.page_loaded.connect(self._update_status)
        self.recipients.rowsInserted.connect(self._update_status)
        self.recipients.failed.connect(lambda text: self.status.setText(text))
        self.destroyed.connect(lambda *_, models=(self.campaigns, self.recipients): [m.close() for m in models])

    def title(self) -> str:
        return self.tr("发送记录")

    # --- layout ------------------------------------------------------------------------------
    def _build(self) -> None:
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        top = QWidget(splitter)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(8, 8, 8, 0)
        self.wait_button = button(self.tr("等待状态报告"), self.tr(
            "什么也不发送：状态报告到达后，不确定的号码会自动变为已送达或未送达"), self.explain_waiting, top,
            icon="hourglass")
        self.resend_button = button(self.tr("重新发送…"), self.tr(
            "把结果不确定的号码再发一次（会先请您确认：对方可能收到两次）"), self.ask_resend, top, icon="repeat")
        self.refresh_button = button(self.tr("刷新"), self.tr("重新读取任务和号码的状态（F5）"), self.refresh, top,
                                     icon="refresh")
        self.send_button = button(self.tr("发送此任务…"), self.tr(
            "把所选任务里还没有发出的号码发出去（例如“给未送达的号码重发”建的新任务，或暂停、停止的任务）；"
            "进度在任务所属的那一页显示"), self.ask_send, top, "sendCampaignButton", icon="send")
        self._report: CampaignReportDialog | None = None  # the report window (history/campaign_report.py), made when first asked for
        self.report_button = button(self.tr("任务报告(&B)…"), self.tr(
            "所选任务的送达情况、图表和未送达的原因；可给未送达的号码重发（也可双击任务）"), self.show_report, top,
            icon="report-analytics")
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("发送任务（选中一个任务，下方只显示它的号码）")))
        bar.addStretch(1)
        for widget in (self.report_button, self.send_button, self.wait_button, self.resend_button,
                       self.refresh_button):
            bar.addWidget(widget)
        top_layout.addLayout(bar)
        self.campaign_view = self._table(top, self.campaigns)
        self.campaign_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.campaign_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.campaign_view.selectionModel().currentRowChanged.connect(self._campaign_chosen)
        self.campaign_view.doubleClicked.connect(self.show_report)
        top_layout.addWidget(self.campaign_view)
        self.uncertain_note = label(top, style="background: #ffe8a3; color: #6b4300; padding: 6px;", hidden=True)
        top_layout.addWidget(self.uncertain_note)

        bottom = QWidget(splitter)
        layout = QVBoxLayout(bottom)
        layout.setContentsMargins(8, 4, 8, 8)
        filters = QHBoxLayout()
        filters.addWidget(QLabel(self.tr("号码：")))
        self.number_edit = QLineEdit(bottom)
        self.number_edit.setPlaceholderText(self.tr("输入号码或其中几位（Ctrl+F）"))
        self.number_edit.setClearButtonEnabled(True)
        search_icon(self.number_edit, self.tr("按号码查找（Ctrl+F）"))
        self.number_edit.setToolTip(self.tr("只显示这个号码；可以只输入开头几位，或选“尾号是”“包含”后输入几位"))
        self.number_edit.textChanged.connect(lambda _: self._filter_timer.start())
        self.number_mode = QComboBox(bottom)
        self.number_mode.addItems([self.tr("开头是"), self.tr("尾号是"), self.tr("包含")])
        self.number_mode.setToolTip(self.tr("“开头是”“尾号是”都很快；“包含”查号码中间任意几位"))
        self.state_combo = QComboBox(bottom)
        self.state_combo.addItem(self.tr("全部状态"), None)
        for state in STATES:
            self.state_combo.addItem(self.recipients.state_labels[state], state)
        self.state_combo.setToolTip(self.tr("只显示这个状态的号码"))
        self.date_check = QCheckBox(self.tr("创建日期"), bottom)
        self.date_check.setToolTip(self.tr("只显示在这段日期里创建的任务的号码"))
        today = QDate.currentDate()
        self.date_from = QDateEdit(today.addDays(-30), bottom)
        self.date_to = QDateEdit(today, bottom)
        self.date_from.setToolTip(self.tr("从这一天创建的任务起"))
        self.date_to.setToolTip(self.tr("到这一天创建的任务止"))
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
            edit.dateChanged.connect(lambda *_: self.apply_filter())
        self.date_check.toggled.connect(self.date_from.setEnabled)
        self.date_check.toggled.connect(self.date_to.setEnabled)
        self.date_check.toggled.connect(lambda *_: self.apply_filter())
        self.number_mode.currentIndexChanged.connect(lambda *_: self.apply_filter())
        self.state_combo.currentIndexChanged.connect(lambda *_: self.apply_filter())
        clear = with_icon(QPushButton(self.tr("清除筛选"), bottom), "filter-off")
        clear.setToolTip(self.tr("显示所选任务的全部号码"))
        clear.clicked.connect(self.clear_filters)
        for part in (self.number_edit, self.number_mode, QLabel(self.tr("状态：")), self.state_combo,
                     self.date_check, self.date_from, QLabel("—"), self.date_to, clear):
            filters.addWidget(part)
        filters.setStretch(1, 1)
        layout.addLayout(filters)
        self.recipient_view = self._table(bottom, self.recipients)
        self.recipient_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.recipient_view.horizontalHeader()
        for column, width in enumerate((70, 130, 100, 100, 160)):
            header.resizeSection(column, width)
        # the reason takes the room (it is a sentence); the msgid is a detail, in the reason's tooltip
        header.setStretchLastSection(False)
        header.setSectionResizeMode(RecipientModel.COL_CODE, QHeaderView.ResizeMode.Stretch)
        self.recipient_view.setColumnHidden(RecipientModel.COL_MSGID, True)
        layout.addWidget(self.recipient_view, 1)
        foot = QHBoxLayout()
        self.status = QLabel(self.tr("正在读取…"), bottom)
        self.progress = QProgressBar(bottom)
        self.progress.setMaximumWidth(220)
        self.progress.hide()
        self.cancel_export_button = with_icon(QPushButton(self.tr("停止导出"), bottom), "player-stop")
        self.cancel_export_button.hide()
        self.cancel_export_button.clicked.connect(self.cancel_export)
        self.csv_button = with_icon(QPushButton(self.tr("导出 CSV…"), bottom), "file-export")
        self.csv_button.setToolTip(self.tr("把当前筛选出的全部号码存为 CSV 文件（UTF-8，Excel 可直接打开）"))
        self.csv_button.clicked.connect(lambda: self.choose_export_file("csv"))
        self.xlsx_button = with_icon(QPushButton(self.tr("导出 Excel…"), bottom), "table-export")
        self.xlsx_button.setToolTip(self.tr("把当前筛选出的全部号码存为 Excel 工作簿（.xlsx），长数字不会变形"))
        self.xlsx_button.clicked.connect(lambda: self.choose_export_file("xlsx"))
        foot.addWidget(self.status, 1)
        for piece in (self.progress, self.cancel_export_button, self.csv_button, self.xlsx_button):
            foot.addWidget(piece)
        layout.addLayout(foot)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        build.column(self).addWidget(splitter)
        QShortcut(QKeySequence.StandardKey.Find, self, self.focus_number)
        QShortcut(QKeySequence.StandardKey.Refresh, self, self.refresh)
        self._update_actions()

    def _table(self, parent: QWidget, model) -> QTableView:
        view = QTableView(parent)
        view.setModel(model)
        return read_only(view, alternate=True, wrap=False)

    # --- loading -----------------------------------------------------------------------------
    def on_started(self, status) -> None:
        path = Path(self.controller.store.path)
        self.campaigns.open(path)
        self.recipients.open(path)
        self.refresh()

    def refresh(self) -> None:
        self.refresh_counts()
        self.apply_filter()

    def refresh_counts(self) -> None:
        self.campaigns.refresh()
        first = self.recipient_view.rowAt(0)
        if first >= 0:
            last = self.recipient_view.rowAt(self.recipient_view.viewport().height() - 1)
            self.recipients.refresh_rows(first, last if last >= 0 else first + 60)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self._poll_timer.start()
        self.campaigns.poll()
        if self.campaigns.worker is not None:
            self._counts_timer.start()

    def hideEvent(self, event) -> None:  # noqa: N802
        super().hideEvent(event)
        self._poll_timer.stop()

    def _on_stored(self, *_args) -> None:
        if not self._counts_timer.isActive():
            self._counts_timer.start()

    def current_filter(self) -> RecipientFilter:
        dates = {}
        if self.date_check.isChecked():
            dates = {"date_from": self.date_from.date().toString("yyyy-MM-dd"),
                     "date_to": self.date_to.date().toString("yyyy-MM-dd")}
        return RecipientFilter(campaign_id=self._selected, state=self.state_combo.currentData(),
                               number=digits(self.number_edit.text()),
                               ends=self.number_mode.currentIndex() == 1,
                               contains=self.number_mode.currentIndex() == 2, **dates)

    def apply_filter(self) -> None:
        self._filter_timer.stop()
        if self.recipients.worker is None:
            return
        self.recipients.set_filter(self.current_filter())
        self._total = None
        self._count_rows()

    def _count_rows(self) -> None:
        flt = self.current_filter()
        if not flt.number and not flt.date_from:
            return  # the campaign counts say it (see _update_status)
        if self.campaigns.worker is None:
            return
        self.campaigns.worker.submit(lambda reader: reader.count(reader.plan(flt)),
                                     on_done=lambda n: self._counted(flt, n))

    def _counted(self, flt: RecipientFilter, n: int) -> None:
        if flt == self.recipients.filter:
            self._total = n
            self._update_status()

    def clear_filters(self) -> None:
        for widget in (self.number_edit, self.state_combo, self.number_mode, self.date_check):
            widget.blockSignals(True)
        self.number_edit.clear()
        self.state_combo.setCurrentIndex(0)
        self.number_mode.setCurrentIndex(0)
        self.date_check.setChecked(False)
        for widget in (self.number_edit, self.state_combo, self.number_mode, self.date_check):
            widget.blockSignals(False)
        self.date_from.setEnabled(False)
        self.date_to.setEnabled(False)
        self.apply_filter()

    def focus_number(self) -> None:
        self.number_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.number_edit.selectAll()

    def _campaign_chosen(self, current, _previous=None) -> None:
        item = self.campaigns.campaign(current.row())
        cid = item.id if item else None
        changed, self._selected = cid != self._selected, cid
        self._update_actions()
        if changed and self._report is not None:
            self._report.follow(cid)
        if changed:
            self.apply_filter()

    def _reselect(self) -> None:
        row = max(0, self.campaigns.row_of(self._selected))
        if self.campaigns.rowCount():
            self.campaign_view.selectionModel().setCurrentIndex(
                self.campaigns.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)

    def _campaigns_refreshed(self) -> None:
        self.recipients.kinds = {r.campaign.id: r.campaign.kind for r in self.campaigns.rows if r.campaign}
        self.recipients.names = {r.campaign.id: campaign_name(r.campaign.kind, r.campaign.number, r.campaign.id)
                                 for r in self.campaigns.rows if r.campaign}
        newest = next((r.campaign.id for r in self.campaigns.rows if r.campaign), None)
        if newest != self._newest:
            self.recipients.more_may_exist()  # a new campaign: more rows at the end
        self._newest = newest
        self._update_actions()
        self._update_status()

    def selected_campaign(self) -> CampaignLine | None:
        return self.campaigns.campaign(self.campaigns.row_of(self._selected)) if self._selected else None

    def _update_actions(self) -> None:
        item = self.selected_campaign()
        uncertain = item.summary["uncertain"] if item else 0
        for widget in (self.wait_button, self.resend_button):
            widget.setEnabled(bool(uncertain) and not self._resending)
        self.report_button.setEnabled(item is not None)
        self.send_button.setEnabled(self.sendable(item))
        self.uncertain_note.setVisible(bool(uncertain))
        if uncertain:
            self.uncertain_note.setText(self.tr(
                "这个任务有 %Ln 个号码结果不确定：请求已经发出，但没有收到平台的答复，不知道是否发出了。"
                "您可以等待状态报告，或者重新发送（对方可能收到两次）。", "", uncertain))

    def _update_status(self, *_args) -> None:
        shown = self.recipients.rowCount()
        total = self._total
        flt = self.recipients.filter
        if not flt.number and not flt.date_from:
            row = self.campaigns.campaign(max(0, self.campaigns.row_of(flt.campaign_id)))
            if row is not None:
                total = row.summary["recipients"] if not flt.state else None
        if self.recipients.finished:
            text = self.tr("共 %Ln 个号码", "", shown)
        elif total is not None:
            text = (self.tr("已显示 %Ln 个号码", "", shown) + self.tr("，共 %Ln 个", "", total)
                    + self.tr("（向下滚动显示更多）"))
        else:
            text = self.tr("已显示 %Ln 个号码", "", shown) + self.tr("（向下滚动显示更多）")
        if self.recipients.loading and not shown:
            text = self.tr("正在读取…")
        self.status.setText(text)

    def show_report(self, *_args) -> None:
        from jianmi_desktop.gui.history.campaign_report import CampaignReportDialog

        if self._selected is None:
            return
        if self._report is None:
            self._report = CampaignReportDialog(self.controller, self)
        self._report.show_campaign(self._selected)
