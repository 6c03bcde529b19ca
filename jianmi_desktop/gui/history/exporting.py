"""发送记录's export: the numbers of the current filter to CSV or Excel, in a worker thread with a
progress bar and a cancel button. A part of ``HistoryTab`` (a mixin); its texts keep the tab's
translation context."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QDate
from PySide6.QtWidgets import QFileDialog, QLabel, QProgressBar, QPushButton

from jianmi_desktop.gui.history.model import RecipientModel, Worker, error_text
from jianmi_desktop.gui.widgets.build import file_dialog, remember_folder, start_folder
from jianmi_desktop.gui.widgets.messages import show_error
from jianmi_desktop.gui.widgets.mixin import WidgetMixin
from jianmi_desktop.gui.widgets.status_words import explain_code
from jianmi_desktop.states import Kind, RecipientState

if TYPE_CHECKING:
    from jianmi_desktop.gui.controller import Controller


class ExportActions(WidgetMixin):
    """Mixed into HistoryTab."""

    # what it uses of the tab (made in HistoryTab.__init__ and _build)
    controller: Controller
    recipients: RecipientModel
    export_worker: Worker | None
    _export_cancelled: bool
    status: QLabel
    progress: QProgressBar
    cancel_export_button: QPushButton
    csv_button: QPushButton
    xlsx_button: QPushButton

    # --- export ------------------------------------------------------------------------------
    def choose_export_file(self, fmt: str) -> QFileDialog:
        name = QCoreApplication.translate("HistoryTab", "发送记录-{date}.{ext}").format(date=QDate.currentDate().toString("yyyyMMdd"), ext=fmt)
        kind = QCoreApplication.translate("HistoryTab", "CSV 文件 (*.csv)") if fmt == "csv" else QCoreApplication.translate("HistoryTab", "Excel 工作簿 (*.xlsx)")
        return file_dialog(self, QCoreApplication.translate("HistoryTab", "导出发送记录"),
                           str(Path(start_folder(self.controller)) / name), [kind],
                           lambda path: self.export_to(path, fmt), save_suffix=fmt)

    def export_to(self, path: Path, fmt: str) -> None:
        from jianmi_desktop.store.export import write_csv, write_xlsx

        if self.export_worker is not None or self.recipients.worker is None:
            return
        remember_folder(self.controller, path)
        flt, labels, header = self.recipients.filter, dict(self.recipients.state_labels), self.recipients.export_headers
        kinds, names = dict(self.recipients.kinds), dict(self.recipients.names)
        sheet_name = QCoreApplication.translate("HistoryTab", "发送记录")  # translated here, on the GUI thread
        worker = self.export_worker = Worker(Path(self.controller.store.path), "jianmi-export", self)
        self._export_cancelled = False
        cancelled = lambda: self._export_cancelled  # noqa: E731

        def job(reader):
            total = reader.count(reader.plan(flt))
            worker.progress.emit(0, total)
            rows = ((names.get(r.campaign_id) or f"#{r.campaign_id}", r.mobile, labels.get(r.state, r.state),
                     explain_code(r.status_code, kinds.get(r.campaign_id, Kind.SMS))
                     if r.state == RecipientState.UNDELIVERED else "", r.status_code, r.updated, r.msgid)
                    for r in reader.iter_rows(flt))
            write = write_csv if fmt == "csv" else write_xlsx
            extra = {} if fmt == "csv" else {"widths": (8, 16, 10, 36, 12, 20, 22), "sheet_name": sheet_name}
            return write(path, header, rows, progress=lambda n: worker.progress.emit(n, total),
                         cancelled=cancelled, **extra)

        worker.progress.connect(self._export_progress)
        self.progress.setRange(0, 0)
        for widget in (self.progress, self.cancel_export_button):
            widget.show()
        self.csv_button.setEnabled(False)
        self.xlsx_button.setEnabled(False)
        worker.submit(job, on_done=lambda n: self._exported(path, n), on_error=self._export_failed)

    def _export_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(min(done, max(total, 1)))
        self.progress.setFormat(f"{done:,} / {total:,}")

    def cancel_export(self) -> None:
        self._export_cancelled = True

    def _export_done(self) -> None:
        if self.export_worker is not None:
            self.export_worker.close()
            self.export_worker = None
        for widget in (self.progress, self.cancel_export_button):
            widget.hide()
        self.csv_button.setEnabled(True)
        self.xlsx_button.setEnabled(True)

    def _exported(self, path: Path, n: int) -> None:
        self._export_done()
        self.status.setText(QCoreApplication.translate("HistoryTab", "已导出 {n} 个号码到 {path}").format(n=f"{n:,}", path=path))

    def _export_failed(self, exc: BaseException) -> None:
        self._export_done()
        from jianmi_desktop.store.export import ExportCancelled

        if isinstance(exc, ExportCancelled):
            self.status.setText(QCoreApplication.translate("HistoryTab", "导出已停止，没有留下不完整的文件。"))
        elif isinstance(exc, OSError):
            show_error(self, QCoreApplication.translate("HistoryTab", "文件写不进去：{reason}").format(reason=exc.strerror or exc))
        else:
            show_error(self, error_text(exc))
