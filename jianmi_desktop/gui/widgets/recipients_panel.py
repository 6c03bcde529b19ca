"""收件人: numbers pasted or read from a file (TXT/CSV/XLSX/XLS), checked off the GUI thread.

A file is dropped on the panel, chosen with 打开文件… (Ctrl+O) or pasted from the clipboard as
a file; reading and checking run in a worker thread (``asyncio.to_thread``) with a busy bar.
A file that cannot be read gives a plain message and leaves the previous list as it was.
The outcome — valid, invalid with the reason per row (exportable to CSV), duplicates,
opted out — shows under the list; ``changed`` tells the tab the list is new.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from jianmi_desktop.gui.i18n import english
from jianmi_desktop.gui.widgets.build import button, column, file_dialog, heading, label, start_folder
from jianmi_desktop.gui.widgets.busy_line import BusyLine
from jianmi_desktop.gui.widgets.file_drop import FileDropMixin
from jianmi_desktop.gui.widgets.icons import with_icon
from jianmi_desktop.gui.widgets.invalid_model import GROUP_EN, InvalidModel, reason_counts
from jianmi_desktop.gui.widgets.messages import show_error
from jianmi_desktop.gui.widgets.table_model import read_only

if TYPE_CHECKING:   # (the window loads this before its first paint: the types only)
    from jianmi_desktop.campaign.recipients.model import ImportResult, RecipientReport, RowList

FILE_SUFFIXES = (".txt", ".csv", ".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")


class RecipientsPanel(FileDropMixin, QFrame):
    changed = Signal()  # a new list was read and checked (or the list was cleared)
    busy_changed = Signal(bool)

    def __init__(self, controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recipientsPanel")
        self.controller = controller
        self.intl = False
        self.imported: ImportResult | None = None  # the file in use
        self.file_path: Path | None = None
        self.report: RecipientReport | None = None  # of what is in use
        self.rows: RowList | list[str] | None = None  # what was checked: a file's rows, or the pasted numbers
        self._generation = 0
        self._tasks: list = []
        self._dialog: QFileDialog | None = None
        self.setAcceptDrops(True)
        self._build()
        self._paste_timer = QTimer(self, singleShot=True, interval=400)
        self._paste_timer.timeout.connect(self.check_pasted)

    # --- layout ----------------------------------------------------------------------------
    def _build(self) -> None:
        layout = column(self)
        self.open_button = button(self.tr("打开文件(&O)…"), self.tr(
            "选择号码文件：文本（每行一个号码）、CSV 或 Excel（Ctrl+O）"), self.choose_file, self, icon="folder-open")
        self.clear_button = button(self.tr("清空"), self.tr("清除全部号码和已导入的文件"), self.clear, self, icon="eraser")
        layout.addLayout(heading(self.tr("收件人"), self, self.open_button, self.clear_button))

        self.file_bar = QWidget(self)
        file_rows = QVBoxLayout(self.file_bar)
        file_rows.setContentsMargins(0, 0, 0, 0)
        self.file_label = QLabel(self.file_bar)
        self.file_label.setWordWrap(True)
        file_rows.addWidget(self.file_label)
        file_layout = QHBoxLayout()
        file_rows.addLayout(file_layout)
        self.column_label = QLabel(self.tr("号码列："), self.file_bar)
        self.column_combo = QComboBox(self.file_bar)
        self.column_combo.setToolTip(self.tr("哪一列是手机号码；其他列可以作为变量插入短信"))
        self.column_combo.activated.connect(self._column_chosen)
        self.remove_file_button = with_icon(QPushButton(self.tr("移除文件"), self.file_bar), "x")
        self.remove_file_button.setToolTip(self.tr("不用这个文件，改为粘贴号码"))
        self.remove_file_button.clicked.connect(self.clear)
        file_layout.addWidget(self.column_label)
        file_layout.addWidget(self.column_combo)
        file_layout.addStretch(1)
        file_layout.addWidget(self.remove_file_button)
        self.file_bar.hide()
        layout.addWidget(self.file_bar)

        self.paste_edit = QPlainTextEdit(self)
        self.paste_edit.setObjectName("pasteEdit")
        self.paste_edit.setPlaceholderText(self.tr(
            "在这里粘贴手机号码：每行一个，或用逗号、空格隔开。\n也可以把 TXT、CSV、Excel 文件拖到这里。"))
        self.paste_edit.setToolTip(self.tr("粘贴号码（Ctrl+V），或把号码文件拖进来"))
        self.paste_edit.setAcceptDrops(False)  # the panel takes file drops
        self.paste_edit.textChanged.connect(lambda: self._paste_timer.start())
        layout.addWidget(self.paste_edit, 2)

        self.busy_line = BusyLine(self)
        self.busy_label, self.busy_bar = self.busy_line.label, self.busy_line.bar
        self.busy_line.changed.connect(self._busy_changed)
        layout.addWidget(self.busy_line)

        self.summary_label = label(self, self.tr("还没有号码"), name="recipientSummary")
        layout.addWidget(self.summary_label)
        self.variables_label = label(self, style="color: #555;", hidden=True)
        layout.addWidget(self.variables_label)

        self.invalid_model = InvalidModel(self)
        self.invalid_view = QTableView(self)
        self.invalid_view.setModel(self.invalid_model)
        read_only(self.invalid_view, row_height=22, columns=(60, 130, "stretch"))
        self.invalid_view.setToolTip(self.tr("这些号码不会发送"))
        self.invalid_view.hide()
        layout.addWidget(self.invalid_view, 1)
        self.export_button = with_icon(QPushButton(self.tr("导出无效号码…"), self), "file-export")
        self.export_button.setToolTip(self.tr("把无效号码和原因存为 CSV 文件，改好后可以再导入"))
        self.export_button.clicked.connect(self.choose_export_file)
        self.export_button.hide()
        self.skip_check = QCheckBox(self.tr("跳过无效号码"), self)
        self.skip_check.setObjectName("skipInvalid")
        self.skip_check.setToolTip(self.tr("只发给有效的号码；不勾选时，有无效号码就不能发送"))
        self.skip_check.toggled.connect(lambda *_: self.changed.emit())
        self.skip_check.hide()
        export_row = QHBoxLayout()
        export_row.addWidget(self.skip_check)
        export_row.addStretch(1)
        export_row.addWidget(self.export_button)
        layout.addLayout(export_row)
        layout.addStretch(0)  # takes the room only when neither the box nor the table is shown

    # --- what the tab reads ----------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self.busy_line.busy

    def valid_count(self) -> int:
        return len(self.report.valid) if self.report is not None else 0

    def skip_invalid(self) -> bool:
        return self.skip_check.isChecked()

    def not_ready(self) -> str:
        """Why the list cannot be sent yet (no valid number, invalid ones not skipped), or ""."""
        if self.valid_count() == 0:
            return self.tr("还没有有效的号码")
        assert self.report is not None  # (valid numbers come from a report)
        invalid = len(self.report.invalid)
        if invalid and not self.skip_invalid():
            return self.tr("有 %Ln 个无效号码：改正它们，或勾选“跳过无效号码”", "", invalid)
        return ""

    def variable_names(self) -> tuple[str, ...]:
        if self.imported is not None:
            return tuple(self.imported.rows.var_names)
        return ()

    def set_intl(self, intl: bool) -> None:
        if intl != self.intl:
            self.intl = intl
            self.recheck()

    # --- drag and drop, paste --------------------------------------------------------------
    def drop_files(self, files: list[Path]) -> None:
        self.drop_one(files, self.tr("一次只能导入一个文件，这次用的是“{name}”。"), self.tr("导入号码"))

    def paste(self) -> None:
        """Ctrl+V anywhere on the tab: a copied file is imported, copied text lands in the box."""
        mime = QApplication.clipboard().mimeData()
        files = self.local_files(mime)
        if files:
            self.drop_files(files)
            return
        if mime is not None and mime.hasText():
            if self.imported is not None:
                self.clear()
            self.paste_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.paste_edit.paste()

    # --- files ----------------------------------------------------------------------------
    def choose_file(self) -> QFileDialog:
        self._dialog = file_dialog(self, self.tr("选择号码文件"), start_folder(self.controller), [
            self.tr("号码文件 (*.txt *.csv *.xlsx *.xls *.xlsm *.xlsb *.ods)"), self.tr("所有文件 (*)")],
            self.load_file)
        return self._dialog

    def load_file(self, path: Path, column: int | str | None = None) -> None:
        from jianmi_desktop.campaign.recipients import check_recipients, read_recipients

        path = Path(path)
        self.controller.settings.ui.last_folder = str(path.parent)
        intl, generation = self.intl, self._next_generation()

        async def job():
            imported = await asyncio.to_thread(read_recipients, path, column)
            opted = await self._opt_outs()
            report = await asyncio.to_thread(check_recipients, imported, intl=intl, opted_out=opted)
            return imported, report

        self._run(job(), self.tr("正在读取“{name}”…").format(name=path.name),
                  lambda result: self._file_loaded(generation, path, *result),
                  lambda message: self._failed(generation, message, self.tr("无法导入“{name}”").format(
                      name=path.name)))

    def _file_loaded(self, generation: int, path: Path, imported, report) -> None:
        if generation != self._generation:
            return
        self.imported, self.file_path, self.rows, self.report = imported, path, imported.rows, report
        self.paste_edit.blockSignals(True)
        self.paste_edit.clear()
        self.paste_edit.blockSignals(False)
        self._paste_timer.stop()
        self.paste_edit.hide()
        self.file_bar.show()
        kind = {"text": self.tr("文本文件"), "csv": self.tr("CSV 文件"), "spreadsheet": self.tr("Excel 文件")}
        text = self.tr("{kind}“{name}”：%Ln 行", "", len(imported)).format(kind=kind.get(imported.kind, ""),
                                                                          name=path.name)
        if imported.sheet:
            text += self.tr("（工作表“{sheet}”）").format(sheet=imported.sheet)
        if imported.skipped_empty:
            text += self.tr("，跳过 %Ln 个空行", "", imported.skipped_empty)
        self.file_label.setText(text)
        self.file_label.setToolTip(str(path))
        self.column_combo.clear()
        headers = list(imported.headers)
        for index, name in enumerate(headers):
            self.column_combo.addItem(name or self.tr("第 {n} 列").format(n=index + 1), index)
        if imported.column_name in headers:
            self.column_combo.setCurrentIndex(headers.index(imported.column_name))
        multi = len(headers) > 1
        self.column_label.setVisible(multi)
        self.column_combo.setVisible(multi)
        self._show_report()

    def _column_chosen(self, index: int) -> None:
        if self.file_path is not None and self.imported is not None:
            column = self.column_combo.itemData(index)
            if self.imported.headers and self.imported.headers[column] == self.imported.column_name:
                return
            self.load_file(self.file_path, column)

    # --- pasted numbers -------------------------------------------------------------------
    def check_pasted(self) -> None:
        from jianmi_desktop.campaign.recipients import check_recipients, parse_number_list

        self._paste_timer.stop()
        if self.imported is not None:
            return
        text, intl, generation = self.paste_edit.toPlainText(), self.intl, self._next_generation()
        if not text.strip():
            self.rows, self.report = None, None
            self._show_report()
            return

        async def job():
            raws = await asyncio.to_thread(parse_number_list, text)
            opted = await self._opt_outs()
            return raws, await asyncio.to_thread(check_recipients, raws, intl=intl, opted_out=opted)

        self._run(job(), self.tr("正在检查号码…"), lambda result: self._pasted_checked(generation, *result),
                  lambda message: self._failed(generation, message, self.tr("检查号码")))

    def _pasted_checked(self, generation: int, raws: list[str], report) -> None:
        if generation == self._generation:
            self.rows, self.report = raws, report
            self._show_report()

    def recheck(self) -> None:
        """Check the same list again (domestic ⇄ international, or the opt-out list changed)."""
        if self.imported is not None and self.file_path is not None:
            from jianmi_desktop.campaign.recipients import check_recipients

            imported, intl, generation = self.imported, self.intl, self._next_generation()

            async def job():
                opted = await self._opt_outs()
                return await asyncio.to_thread(check_recipients, imported, intl=intl, opted_out=opted)

            self._run(job(), self.tr("正在检查号码…"), lambda report: self._rechecked(generation, report),
                      lambda message: self._failed(generation, message, self.tr("检查号码")))
        else:
            self.check_pasted()

    def _rechecked(self, generation: int, report) -> None:
        if generation == self._generation:
            self.report = report
            self._show_report()

    def clear(self) -> None:
        self._next_generation()
        self.imported = self.file_path = self.rows = self.report = None
        self.file_bar.hide()
        self.paste_edit.blockSignals(True)
        self.paste_edit.clear()
        self.paste_edit.blockSignals(False)
        self.paste_edit.show()
        self._show_report()

    # --- drafts ---------------------------------------------------------------------------
    def draft_state(self) -> dict:
        """What the user put here, for the tab's draft: pasted text, or the file and its column."""
        if self.file_path is not None:
            column = self.imported.column_name if self.imported is not None else None
            return {"file": str(self.file_path), "column": column}
        return {"paste": self.paste_edit.toPlainText()}

    def restore_draft_state(self, state: dict) -> None:
        """Put back ``draft_state``: the file is read again (it may have changed meanwhile); a file
        that is gone is said plainly, like any file that cannot be read."""
        if state.get("file"):
            self.load_file(Path(state["file"]), state.get("column"))
        elif state.get("paste"):
            self.paste_edit.setPlainText(str(state["paste"]))
            self.check_pasted()

    # --- plumbing -------------------------------------------------------------------------
    async def _opt_outs(self) -> set[str]:
        store = self.controller.store
        return await store.opt_outs() if store is not None else set()

    def _next_generation(self) -> int:
        self._generation += 1
        return self._generation

    def _run(self, coro, label: str, on_done, on_error) -> None:
        self.busy_line.run(self.controller, coro, label, on_done, on_error)

    def _busy_changed(self, busy: bool) -> None:
        for widget in (self.open_button, self.column_combo):
            widget.setEnabled(not busy)
        self.busy_changed.emit(busy)

    def _failed(self, generation: int, message: str, title: str) -> None:
        if generation == self._generation:
            self._generation += 1  # nothing newer is waiting: the previous list stays as it was
        show_error(self, message + "\n\n" + self.tr("原来的号码列表没有改变。"), title)

    def _show_report(self) -> None:
        report = self.report
        if report is None:
            self.summary_label.setText(self.tr("还没有号码"))
            self.invalid_model.set_rows([])
        else:
            parts = [self.tr("有效 <b>{n}</b>").format(n=f"{len(report.valid):,}")]
            colour = "#b00020" if report.invalid else "#555"
            parts.append(self.tr("<span style='color:{c}'>无效 <b>{n}</b></span>").format(
                c=colour, n=f"{len(report.invalid):,}"))
            parts.append(self.tr("重复 <b>{n}</b>").format(n=f"{report.duplicates:,}"))
            parts.append(self.tr("已退订 <b>{n}</b>").format(n=f"{report.opted_out:,}"))
            text = " · ".join(parts)
            if report.invalid:   # why, grouped: the whole reason of each row is in the table and its export
                english_groups = english()
                groups = [self.tr("{reason} {n}").format(
                    reason=GROUP_EN.get(group, group) if english_groups else group, n=f"{n:,}") if group
                          else self.tr("其他 {n}").format(n=f"{n:,}") for group, n in reason_counts(report.invalid)]
                text += "<br>" + self.tr("无效原因：{groups}").format(groups=" · ".join(groups))
            self.summary_label.setText(text)
            self.invalid_model.english, self.invalid_model.intl = english(), self.intl
            self.invalid_model.set_rows(report.invalid)
        names = self.variable_names()
        self.variables_label.setVisible(bool(names))
        if names:
            self.variables_label.setText(self.tr("可以作为变量的列：{names}").format(names="、".join(names)))
        has_invalid = bool(report is not None and report.invalid)
        self.invalid_view.setVisible(has_invalid)
        self.export_button.setVisible(has_invalid)
        self.skip_check.setVisible(has_invalid)
        self.changed.emit()

    # --- export of the invalid rows -----------------------------------------------------------
    def choose_export_file(self) -> QFileDialog:
        self._dialog = file_dialog(self, self.tr("导出无效号码"), str(
            Path(start_folder(self.controller)) / self.tr("无效号码.csv")), [self.tr("CSV 文件 (*.csv)")],
            self.export_invalid, save_suffix="csv")
        return self._dialog

    def export_invalid(self, path: Path):
        from jianmi_desktop.store.export import write_csv

        rows: list[tuple[int, str, str]] = list(self.report.invalid) if self.report is not None else []
        header = (self.tr("行号"), self.tr("号码"), self.tr("原因"))
        self.controller.settings.ui.last_folder = str(path.parent)
        return self.controller.spawn(
            asyncio.to_thread(write_csv, path, header, rows),
            on_done=lambda n: self.summary_label.setToolTip(
                self.tr("已导出 {n} 个无效号码到 {path}").format(n=f"{n:,}", path=path)),
            on_error=lambda message: show_error(self, message, self.tr("导出无效号码")))
