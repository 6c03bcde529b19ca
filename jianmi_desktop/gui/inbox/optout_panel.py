"""退订名单: the numbers that are never sent to — view, add, remove, import, export.

Reads run on a worker thread (``Worker``, read-only connection); writes go through the
store's async methods; reading and writing files runs in a worker thread too
(``campaign/optouts.py`` uses ``asyncio.to_thread``). Dialogs are opened with ``open()``, never ``exec()``.
"""

from __future__ import annotations

import unicodedata
from operator import attrgetter
from pathlib import Path

from PySide6.QtCore import QDate, QModelIndex, QSortFilterProxyModel, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from jianmi_desktop.gui.history.model import Worker, error_text
from jianmi_desktop.gui.history.worker import Reload
from jianmi_desktop.gui.widgets.build import button, file_dialog, remember_folder, start_folder
from jianmi_desktop.gui.widgets.icons import search_icon, with_icon
from jianmi_desktop.gui.widgets.messages import confirm, show_error, show_message
from jianmi_desktop.gui.widgets.table_model import TableModel, read_only
from jianmi_desktop.store import report_queries
from jianmi_desktop.store.rows import OptOutRow


def check_numbers(text: str) -> tuple[list[str], list[str]]:
    """Numbers typed by the user → (valid numbers, reasons for the invalid ones)."""
    from jianmi_desktop.campaign.recipients import check_recipients, parse_number_list

    pieces = parse_number_list(unicodedata.normalize("NFKC", text))
    domestic = check_recipients(pieces)
    valid, reasons = list(domestic.valid), []
    for _line, raw, reason in domestic.invalid:
        if raw.startswith(("+", "00")):  # an international number
            intl = check_recipients([raw], intl=True)
            if intl.valid:
                valid += intl.valid
                continue
            reason = intl.invalid[0][2] if intl.invalid else reason
        reasons.append(reason)
    return list(dict.fromkeys(valid)), reasons


class OptOutModel(TableModel):
    """The list, kept in the order the view shows (the model sorts itself with a Python key: a
    ``QSortFilterProxyModel`` sorting it would call ``data()`` twice per comparison, ~70 ms for 1,500
    rows on the GUI thread at every reload while replies arrive). New numbers are inserted where
    they belong instead of resetting the model."""

    INSERT_MAX = 50  # more new numbers than this at once (an import): one reset instead

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[OptOutRow] = []
        self.mobiles: set[str] = set()  # read by the reload job on the worker thread, changed here only
        self.headers = [self.tr("号码"), self.tr("来源"), self.tr("加入时间")]
        self.sources = {"reply": self.tr("对方回复退订"), "manual": self.tr("手动添加"),
                        "import": self.tr("从文件导入")}
        self.sort_column, self.sort_order = 2, Qt.SortOrder.DescendingOrder

    def sort_key(self, column: int | None = None):
        """The key of the order by ``column`` (the number breaks ties); usable on any thread."""
        column = self.sort_column if column is None else column
        if column == 1:
            sources = dict(self.sources)
            return lambda r: (sources.get(r.source, r.source), r.mobile)
        return attrgetter("added", "mobile") if column == 2 else attrgetter("mobile")

    def ordered(self, rows: list[OptOutRow]) -> list[OptOutRow]:
        return sorted(rows, key=self.sort_key(), reverse=self.sort_order == Qt.SortOrder.DescendingOrder)

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < 3:
            return
        self.sort_column, self.sort_order = column, order
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        where = [(self.rows[i.row()].mobile, i.column()) for i in old]
        self.rows = self.ordered(self.rows)
        position = {r.mobile: n for n, r in enumerate(self.rows)}
        self.changePersistentIndexList(old, [self.index(position[m], c) for m, c in where])
        self.layoutChanged.emit()

    def set_rows(self, rows: list[OptOutRow], added: list[OptOutRow] | None = None) -> None:
        """``rows``: the whole list in this model's order; ``added``: the ones among them not shown yet,
        when nothing shown has gone (they are inserted in place, the selection stays), else None."""
        if added is not None and self.rows and len(added) <= self.INSERT_MAX:
            for row in added:
                at = self._position(row)
                self.beginInsertRows(QModelIndex(), at, at)
                self.rows.insert(at, row)
                self.mobiles.add(row.mobile)
                self.endInsertRows()
            return
        self.beginResetModel()
        self.rows = rows
        self.mobiles = {r.mobile for r in rows}
        self.endResetModel()

    def _position(self, row: OptOutRow) -> int:
        key, descending = self.sort_key(), self.sort_order == Qt.SortOrder.DescendingOrder
        wanted, lo, hi = key(row), 0, len(self.rows)
        while lo < hi:
            mid = (lo + hi) // 2
            here = key(self.rows[mid])
            if (here > wanted) if descending else (here < wanted):
                lo = mid + 1
            else:
                hi = mid
        return lo

    def cell(self, row: int, column: int, role: int):
        item = self.rows[row]
        mobile, source, added = item.mobile, item.source, item.added
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return mobile
            if column == 1:
                return self.sources.get(source, source)
            return f"{added[:10]} {added[11:19]}".strip()
        if role == Qt.ItemDataRole.ToolTipRole and column == 1 and source == "reply":
            return self.tr("对方回复了 T、TD、N、R、退订、取消或拒收，程序自动加入")
        return None


class SourceSortedProxy(QSortFilterProxyModel):
    """Filters only; sorting is the source model's (see ``OptOutModel``)."""

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        self.sourceModel().sort(column, order)


class OptOutPanel(QWidget):
    def __init__(self, controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("optOutPanel")
        self.controller = controller
        self.worker: Worker | None = None
        self.model = OptOutModel(self)
        self.proxy = SourceSortedProxy(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._reading = Reload(self._read)
        self._filter_timer = QTimer(self, singleShot=True, interval=200)
        self._filter_timer.timeout.connect(lambda: self.proxy.setFilterFixedString(self.filter_edit.text().strip()))
        self._build()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        head = QHBoxLayout()
        title = QLabel(self.tr("退订名单"), self)
        title.setStyleSheet("font-weight: bold;")
        self.count_label = QLabel(self.tr("正在读取…"), self)
        head.addWidget(title)
        head.addWidget(self.count_label, 1)
        layout.addLayout(head)
        note = QLabel(self.tr("名单里的号码不会再收到任何任务的短信。"), self)
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        layout.addWidget(note)
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText(self.tr("查找号码或来源"))
        search_icon(self.filter_edit, self.tr("查找号码或来源"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setToolTip(self.tr("只显示含有这些字的号码"))
        self.filter_edit.textChanged.connect(lambda _: self._filter_timer.start())
        layout.addWidget(self.filter_edit)
        self.view = QTableView(self)
        self.view.setObjectName("optOutView")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(2, Qt.SortOrder.DescendingOrder)
        read_only(self.view, select="many", alternate=True)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        layout.addWidget(self.view, 1)

        add_row = QHBoxLayout()
        self.add_edit = QLineEdit(self)
        self.add_edit.setPlaceholderText(self.tr("输入号码，多个号码用逗号隔开"))
        self.add_edit.setToolTip(self.tr("输入要加入退订名单的手机号，按回车添加"))
        self.add_edit.returnPressed.connect(self.add_typed)
        self.add_edit.textChanged.connect(lambda _: self._update_buttons())
        self.add_button = with_icon(QPushButton(self.tr("添加(&A)"), self), "plus")
        self.add_button.setToolTip(self.tr("把输入的号码加入退订名单（会先检查号码是否正确）"))
        self.add_button.clicked.connect(self.add_typed)
        add_row.addWidget(self.add_edit, 1)
        add_row.addWidget(self.add_button)
        layout.addLayout(add_row)

        buttons = QHBoxLayout()
        self.remove_button = button(self.tr("移出所选(&D)…"), self.tr(
            "把选中的号码移出退订名单，以后的任务又会发给它们（Delete 键）"), self.ask_remove, self, icon="trash")
        self.import_button = button(self.tr("导入(&I)…"), self.tr(
            "从文本文件（每行一个号码）、CSV 或 Excel 文件加入号码"), self.choose_import_file, self,
            icon="file-import")
        self.export_button = button(self.tr("导出 CSV(&E)…"), self.tr(
            "把整个退订名单存为 CSV 文件（Excel 可直接打开）"), self.choose_export_file, self,
            icon="file-export")
        for widget in (self.remove_button, self.import_button, self.export_button):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        QShortcut(QKeySequence.StandardKey.Delete, self.view, self.ask_remove,
                  context=Qt.ShortcutContext.WidgetShortcut)
        self._update_buttons()

    # --- reading -----------------------------------------------------------------------------
    def open(self, db_path: Path) -> None:
        if self.worker is None:
            self.worker = Worker(db_path, "jianmi-optouts", self)
            self.destroyed.connect(lambda *_, w=self.worker: w.close())
        self.reload()

    def reload(self) -> None:
        if self.worker is not None:
            self._reading()

    def _read(self) -> None:
        assert self.worker is not None
        model = self.model
        known, order = model.mobiles, (model.sort_column, model.sort_order)
        key, descending = model.sort_key(), model.sort_order == Qt.SortOrder.DescendingOrder

        def job(reader):  # on the worker thread: read, sort, and find what is new
            rows = report_queries.opt_out_list(reader.conn)
            rows.sort(key=key, reverse=descending)
            added = [r for r in rows if r.mobile not in known]
            nothing_gone = len(rows) == len(known) + len(added)
            return rows, added if nothing_gone else None, sum(1 for r in rows if r.source == "reply"), order

        self.worker.submit(job, on_done=self._arrived, on_error=self._failed)

    def _arrived(self, result) -> None:
        rows, added, replies, order = result
        if order != (self.model.sort_column, self.model.sort_order):  # the user sorted meanwhile
            rows, added = self.model.ordered(rows), None
        self.model.set_rows(rows, added)
        self.count_label.setText(self.tr("共 %Ln 个号码", "", len(rows))
                                 + self.tr("（其中 %Ln 个是对方回复退订）", "", replies))
        self._update_buttons()
        self._reading.done()   # after the rows are in: a reading asked meanwhile compares with them

    def _failed(self, exc: BaseException) -> None:
        self._reading.done()
        self.status.setText(error_text(exc))

    def numbers(self) -> list[str]:
        return [r.mobile for r in self.model.rows]

    def selected_numbers(self) -> list[str]:
        rows = {self.proxy.mapToSource(i).row() for i in self.view.selectionModel().selectedRows()}
        return [self.model.rows[r].mobile for r in sorted(rows)]

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(bool(self.view.selectionModel().selectedRows()))
        self.add_button.setEnabled(bool(self.add_edit.text().strip()))
        self.export_button.setEnabled(bool(self.model.rows))

    # --- adding and removing -----------------------------------------------------------------
    def add_typed(self) -> None:
        text = self.add_edit.text()
        if not text.strip():
            return
        valid, reasons = check_numbers(text)
        if reasons:
            show_error(self, self.tr("这些号码不对，没有加入：\n{reasons}").format(reasons="\n".join(reasons[:20])),
                       self.tr("号码不对"))
            return
        self.add_numbers(valid, "manual", clear=True)

    def add_numbers(self, numbers: list[str], source: str, *, clear: bool = False) -> None:
        if not numbers:
            return

        def done(added: int) -> None:
            if clear:
                self.add_edit.clear()
            self.status.setText(self.tr("已加入 {added} 个号码（{same} 个本来就在名单里）。").format(
                added=f"{added:,}", same=f"{len(numbers) - added:,}"))
            self.reload()

        self.controller.spawn(self.controller.store.add_opt_outs(numbers, source=source), on_done=done,
                              on_error=lambda text: show_error(self, text))

    def ask_remove(self) -> None:
        numbers = self.selected_numbers()
        if not numbers:
            return
        shown = "\n".join(numbers[:10]) + ("\n…" if len(numbers) > 10 else "")
        confirm(self, self.tr("移出退订名单"), self.tr(
            "确定要把这 %Ln 个号码移出退订名单吗？\n\n{numbers}\n\n移出后，以后的任务又会发给它们。"
            "如果对方曾回复退订，再发送可能引起投诉。", "", len(numbers)).format(numbers=shown),
            lambda: self.remove(numbers), yes_text=self.tr("移出"), no_text=self.tr("不移出"))

    def remove(self, numbers: list[str]) -> None:
        def done(removed: int) -> None:
            self.status.setText(self.tr("已移出 %Ln 个号码。", "", removed))
            self.reload()

        self.controller.spawn(self.controller.store.remove_opt_outs(numbers), on_done=done,
                              on_error=lambda text: show_error(self, text))

    # --- files -------------------------------------------------------------------------------
    def choose_import_file(self) -> QFileDialog:
        return file_dialog(self, self.tr("导入退订号码"), start_folder(self.controller), [
            self.tr("号码文件 (*.txt *.csv *.xlsx *.xls)"), self.tr("所有文件 (*)")], self.import_from)

    def import_from(self, path: Path) -> None:
        from jianmi_desktop.campaign import optouts

        remember_folder(self.controller, path)
        self.import_button.setEnabled(False)
        self.status.setText(self.tr("正在读取 {name}…").format(name=path.name))
        self.controller.spawn(optouts.import_opt_outs(self.controller.store, path),
                              on_done=lambda result: self._imported(path, result), on_error=self._import_failed)

    def _imported(self, path: Path, result) -> None:
        self.import_button.setEnabled(True)
        text = self.tr("从 {name} 加入了 %Ln 个号码", "", result.added).format(name=path.name)
        extra = []
        already = len(result.numbers) - result.added
        if already:
            extra.append(self.tr("{n} 个本来就在名单里").format(n=f"{already:,}"))
        if result.duplicates:
            extra.append(self.tr("{n} 个在文件里重复").format(n=f"{result.duplicates:,}"))
        if result.invalid:
            extra.append(self.tr("{n} 个号码不对，没有加入").format(n=f"{len(result.invalid):,}"))
        self.status.setText(text + (self.tr("（{details}）").format(details=self.tr("，").join(extra)) if extra else "")
                            + self.tr("。"))
        self.reload()
        if result.invalid:
            lines = [f"{line}: {raw} — {reason}" if line else f"{raw} — {reason}"
                     for line, raw, reason in result.invalid[:200]]
            show_message(self, self.tr("导入退订号码"), self.status.text(), details="\n".join(lines))

    def _import_failed(self, message: str) -> None:
        self.import_button.setEnabled(True)
        self.status.setText("")
        show_error(self, message)

    def choose_export_file(self) -> QFileDialog:
        name = self.tr("退订名单-{date}.csv").format(date=QDate.currentDate().toString("yyyyMMdd"))
        return file_dialog(self, self.tr("导出退订名单"), str(Path(start_folder(self.controller)) / name),
                           [self.tr("CSV 文件 (*.csv)")], self.export_to, save_suffix="csv")

    def export_to(self, path: Path) -> None:
        from jianmi_desktop.campaign import optouts

        remember_folder(self.controller, path)
        self.export_button.setEnabled(False)
        self.controller.spawn(optouts.export_opt_outs(self.controller.store, path),
                              on_done=lambda n: self._exported(path, n), on_error=self._export_failed)

    def _exported(self, path: Path, n) -> None:
        self._update_buttons()
        self.status.setText(self.tr("已把 %Ln 个号码导出到 {path}", "", int(n)).format(path=path))

    def _export_failed(self, message: str) -> None:
        self._update_buttons()
        show_error(self, message)

