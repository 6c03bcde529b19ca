"""收件箱: the replies (上行短信) with the campaign each answers, beside the opt-out list.

Replies are read on a worker thread (read-only connection); new ones are fetched when the
receiver stores a push (``controller.stored``, debounced) — only those after the newest
shown (keyset on the reply id). A reply such as 退订 or TD is marked: the store already put
its number on the opt-out list, which is shown (and edited) on the right.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStyle,
    QTableView,
    QWidget,
)

from jianmi_desktop.gui.base_tab import BaseTab
from jianmi_desktop.gui.history.model import Worker, error_text
from jianmi_desktop.gui.history.worker import Reload
from jianmi_desktop.gui.inbox.optout_panel import OptOutPanel
from jianmi_desktop.gui.widgets.build import button, column, heading
from jianmi_desktop.gui.widgets.icons import search_icon, with_icon
from jianmi_desktop.gui.widgets.names import campaign_name
from jianmi_desktop.gui.widgets.table_model import TableModel, read_only
from jianmi_desktop.gui.widgets.times import shown_time
from jianmi_desktop.store import report_queries
from jianmi_desktop.store.rows import ReplyRow

OPT_OUT_FG = QColor("#a4262c")


class ReplyModel(TableModel):
    COL_TIME, COL_MOBILE, COL_CONTENT, COL_NOTE, COL_CAMPAIGN = range(5)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[ReplyRow] = []
        self.headers = [self.tr("收到时间"), self.tr("号码"), self.tr("内容"), self.tr("说明"), self.tr("回复的任务")]
        self.icon = QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        self._bold = QFont()
        self._bold.setBold(True)

    def add_newest(self, rows: list[ReplyRow]) -> None:
        """Rows newer than every row shown, newest first: they go on top."""
        if not rows:
            return
        self.beginInsertRows(QModelIndex(), 0, len(rows) - 1)
        self.rows[:0] = rows
        self.endInsertRows()

    def newest_id(self) -> int:
        return self.rows[0].id if self.rows else 0

    def display(self, row: int, column: int) -> str:
        item = self.rows[row]
        if column == self.COL_TIME:
            return shown_time(item.received)
        if column == self.COL_MOBILE:
            return item.mobile
        if column == self.COL_CONTENT:
            return item.content.replace("\n", " ")
        if column == self.COL_NOTE:
            return self.tr("退订：已加入退订名单") if item.opt_out else ""
        if item.campaign_id is None:
            return self.tr("（找不到对应的任务）")
        excerpt = (item.excerpt or "").replace("\n", " ")
        return f"{campaign_name(item.campaign_kind, item.campaign_number, item.campaign_id)} {excerpt}"

    def cell(self, row: int, column: int, role: int):
        item = self.rows[row]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.COL_CONTENT:
                return item.content
            if column == self.COL_NOTE and item.opt_out:
                return self.tr("对方回复了退订词（T、TD、N、R、退订、取消、拒收），"
                               "收到时这个号码已自动加入退订名单，以后的任务不会再发给它")
            if column == self.COL_CAMPAIGN:
                if item.campaign_id is None:
                    return self.tr("这条回复的消息编号对不上任何任务（可能是对方主动发来的短信）")
                return self.tr("回复的是{name}：{text}").format(
                    name=campaign_name(item.campaign_kind, item.campaign_number, item.campaign_id),
                    text=item.excerpt or "")
        if item.opt_out:
            if role == Qt.ItemDataRole.ForegroundRole:
                return OPT_OUT_FG
            if role == Qt.ItemDataRole.FontRole and column in (self.COL_CONTENT, self.COL_NOTE):
                return self._bold
            if role == Qt.ItemDataRole.DecorationRole and column == self.COL_NOTE:
                return self.icon
        return None


class ReplyFilter(QSortFilterProxyModel):
    """Words in any column; optionally the opt-out replies only."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.words: list[str] = []
        self.only_opt_out = False

    def set_filter(self, text: str, only_opt_out: bool) -> None:
        self.beginFilterChange()
        self.words = text.casefold().split()
        self.only_opt_out = only_opt_out
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:  # noqa: N802 - Qt's name
        model = self.sourceModel()
        assert isinstance(model, ReplyModel)
        if self.only_opt_out and not model.rows[source_row].opt_out:
            return False
        if not self.words:
            return True
        text = " ".join(model.display(source_row, c) for c in range(model.columnCount())).casefold()
        return all(word in text for word in self.words)


class InboxTab(BaseTab):
    LIMIT = 5000  # replies read at first (newest); later ones arrive as they are stored

    def __init__(self, controller, parent: QWidget | None = None) -> None:
        super().__init__(controller, parent)
        self.setObjectName("inboxTab")
        self.worker: Worker | None = None
        self.model = ReplyModel(self)
        self.proxy = ReplyFilter(self)
        self.proxy.setSourceModel(self.model)
        self._reading = Reload(self._read_new)
        self._capped = False
        self._build()
        self._stored_timer = QTimer(self, singleShot=True, interval=300)  # a burst of pushes: one read
        self._stored_timer.timeout.connect(self.load_new)
        self._filter_timer = QTimer(self, singleShot=True, interval=200)
        self._filter_timer.timeout.connect(self.apply_filter)
        controller.stored.connect(self._on_stored)

    def title(self) -> str:
        return self.tr("收件箱")

    # --- layout ------------------------------------------------------------------------------
    def _build(self) -> None:
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        left = QWidget(splitter)
        layout = column(left, 8)
        self.refresh_button = button(self.tr("刷新"), self.tr("重新读取全部回复（F5）"), self.reload, left, icon="refresh")
        layout.addLayout(heading(self.tr("收到的回复（上行短信）"), left, self.refresh_button))
        bar = QHBoxLayout()
        self.filter_edit = QLineEdit(left)
        self.filter_edit.setPlaceholderText(self.tr("查找号码、内容或任务（Ctrl+F）"))
        search_icon(self.filter_edit, self.tr("查找号码、内容或任务（Ctrl+F）"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setToolTip(self.tr("只显示含有这些字的回复；多个词用空格隔开，要全部含有"))
        self.filter_edit.textChanged.connect(lambda _: self._filter_timer.start())
        self.opt_out_check = QCheckBox(self.tr("只看退订(&T)"), left)
        self.opt_out_check.setToolTip(self.tr("只显示要求退订的回复（T、TD、N、R、退订、取消、拒收）"))
        self.opt_out_check.toggled.connect(lambda _: self.apply_filter())
        bar.addWidget(self.filter_edit, 1)
        bar.addWidget(self.opt_out_check)
        layout.addLayout(bar)
        self.view = QTableView(left)
        self.view.setObjectName("replyView")
        self.view.setModel(self.proxy)
        read_only(self.view, select="many", alternate=True, wrap=False, columns=(135, 100, 150, 150))
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        layout.addWidget(self.view, 1)
        foot = QHBoxLayout()
        self.status = QLabel(self.tr("正在读取…"), left)
        self.status.setWordWrap(True)
        self.opt_out_button = with_icon(QPushButton(self.tr("把所选号码加入退订名单(&O)"), left), "ban")
        self.opt_out_button.setToolTip(self.tr(
            "对方的回复不是退订词、但意思是不想再收到（例如“别再发了”）时，手动加入退订名单"))
        self.opt_out_button.clicked.connect(self.opt_out_selected)
        foot.addWidget(self.status, 1)
        foot.addWidget(self.opt_out_button)
        layout.addLayout(foot)

        self.opt_outs = OptOutPanel(self.controller, splitter)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        column(self).addWidget(splitter)
        QShortcut(QKeySequence.StandardKey.Find, self, self.focus_filter)
        QShortcut(QKeySequence.StandardKey.Refresh, self, self.reload)
        self._update_buttons()

    # --- loading -----------------------------------------------------------------------------
    def on_started(self, status) -> None:
        path = Path(self.controller.store.path)
        if self.worker is not None:
            self.worker.close()
        self.worker = Worker(path, "jianmi-inbox", self)
        self.destroyed.connect(lambda *_, w=self.worker: w.close())
        if self.opt_outs.worker is not None:
            self.opt_outs.worker.close()
            self.opt_outs.worker = None
        self.opt_outs.open(path)
        self.reload()

    def reload(self) -> None:
        """Read every reply again (the newest ``LIMIT``)."""
        self.model.beginResetModel()
        self.model.rows = []
        self.model.endResetModel()
        self.load_new()
        self.opt_outs.reload()

    def _on_stored(self, kind: str, _count: int) -> None:
        if kind in ("replies", "reply") and not self._stored_timer.isActive():
            self._stored_timer.start()

    def load_new(self) -> None:
        if self.worker is not None:
            self._reading()

    def _read_new(self) -> None:
        assert self.worker is not None
        after, first = self.model.newest_id(), not self.model.rows
        self.worker.submit(lambda reader: report_queries.replies(reader.conn, after, self.LIMIT),
                           on_done=lambda rows: self._arrived(after, first, rows), on_error=self._failed)

    def _arrived(self, after: int, first: bool, rows: list[ReplyRow]) -> None:
        if after == self.model.newest_id():  # not reloaded meanwhile
            if first:
                self._capped = len(rows) >= self.LIMIT
            self.model.add_newest(rows)
            if rows and any(r.opt_out for r in rows):  # the first read too: an opt-out may be among them
                self.opt_outs.reload()  # the store put these numbers on the list
            self._update_status()
        self._reading.done()   # after the rows are in: a reading asked meanwhile starts from them

    def _failed(self, exc: BaseException) -> None:
        self._reading.done()
        self.status.setText(error_text(exc))

    # --- filter and status -------------------------------------------------------------------
    def focus_filter(self) -> None:
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_edit.selectAll()

    def apply_filter(self) -> None:
        self._filter_timer.stop()
        self.proxy.set_filter(self.filter_edit.text(), self.opt_out_check.isChecked())
        self._update_status()

    def _update_status(self) -> None:
        total = len(self.model.rows)
        opt_out = sum(1 for r in self.model.rows if r.opt_out)
        shown = self.proxy.rowCount()
        if not total:
            text = self.tr("还没有收到回复。对方回复短信后，会自动出现在这里。")
        elif shown == total:
            text = self.tr("共 %Ln 条回复", "", total) + self.tr("，其中 %Ln 条是退订", "", opt_out)
        else:   # (each count its own text, so that English can say "1 reply" and "2 replies")
            text = (self.tr("显示 %Ln 条，", "", shown) + self.tr("共 %Ln 条回复", "", total)
                    + self.tr("（其中 %Ln 条是退订）", "", opt_out))
        if self._capped:
            text += self.tr("；只显示最近的 {limit} 条").format(limit=f"{self.LIMIT:,}")
        self.status.setText(text)

    # --- actions -----------------------------------------------------------------------------
    def selected_numbers(self) -> list[str]:
        rows = sorted({self.proxy.mapToSource(i).row() for i in self.view.selectionModel().selectedRows()})
        return list(dict.fromkeys(self.model.rows[r].mobile for r in rows))

    def _update_buttons(self) -> None:
        self.opt_out_button.setEnabled(bool(self.view.selectionModel().selectedRows()))

    def opt_out_selected(self) -> None:
        numbers = self.selected_numbers()
        if numbers:
            self.opt_outs.add_numbers(numbers, "manual")
