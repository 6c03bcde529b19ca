"""录音文件: choose or drop an mp3, check it (in a worker thread), listen to it, upload it once,
and pick one from the library of uploaded files (``Store.voice_files``) for a send.

A file is known by its SHA-256: a file uploaded before is not uploaded again, its serial is
reused. Nothing reaches the platform before ``check_mp3`` has passed: a WAV renamed ``.mp3``,
a file over 5 MB or an empty one is refused here with a plain message.
"""

from __future__ import annotations

import asyncio
import hashlib
from pathlib import Path

import shiboken6
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QLabel,
    QTableWidget,
    QWidget,
)

from jianmi_desktop.gui.voice.player import VoicePlayer
from jianmi_desktop.gui.widgets.build import button, column, file_dialog, heading, label, start_folder
from jianmi_desktop.gui.widgets.busy_line import BusyLine
from jianmi_desktop.gui.widgets.file_drop import FileDropMixin
from jianmi_desktop.gui.widgets.messages import show_error
from jianmi_desktop.gui.widgets.table_model import fill, read_only
from jianmi_desktop.gui.widgets.times import shown_time
from jianmi_desktop.store.rows import VoiceFileRow

MAX_READ = 64 * 1024 * 1024  # larger than this is not read at all


def read_and_check(path: Path):
    """(bytes, Mp3Info, sha256) — in a worker thread. Raises VoiceFileError or CheckFailed."""
    from jianmi_desktop.platform.errors import CheckFailed
    from jianmi_desktop.safefiles import FileRefused, read_limited
    from jianmi_desktop.voice.mp3check import check_mp3

    try:
        data = read_limited(path, MAX_READ, what_zh="语音文件", what_en="voice file",
                            hint_zh="平台只接受 5 MB 以内的 MP3。", hint_en="The platform takes MP3s up to 5 MB.")
    except FileRefused as exc:
        raise CheckFailed([exc.zh]) from None
    info = check_mp3(data, path.name)
    return data, info, hashlib.sha256(data).hexdigest()


def size_text(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{max(1, round(size / 1024))} KB"


class VoiceFiles(FileDropMixin, QFrame):
    changed = Signal()  # the file chosen for sending, or the busy state, changed
    busy_changed = Signal(bool)

    def __init__(self, controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("voiceFiles")
        self.controller = controller
        self.candidate: dict | None = None  # checked local file: path, data, info, sha256, serial (if known)
        self.selected: VoiceFileRow | None = None  # library row chosen for the send
        self.library: list[VoiceFileRow] = []
        self.last_error = ""
        self.uploads = 0  # uploads made from this panel (tests)
        self._generation = 0
        self._dialog: QFileDialog | None = None
        self.setAcceptDrops(True)
        self._build()

    # --- layout --------------------------------------------------------------------------
    def _build(self) -> None:
        layout = column(self)
        self.open_button = button(self.tr("选择 MP3 文件…"), self.tr(
            "选择要播放给对方听的录音（MP3，最大 5 MB）；也可以把文件拖到这里"), self.choose_file, self,
            icon="folder-open")
        self.upload_button = button(self.tr("上传"), self.tr("把检查过的录音上传到平台；同一个文件只上传一次"),
                                    self.upload, self, "uploadButton", icon="upload")
        layout.addLayout(heading(self.tr("录音文件"), self, self.open_button, self.upload_button))

        self.file_label = label(self, self.tr("把 MP3 文件拖到这里，或点“选择 MP3 文件…”。"), name="voiceFileInfo")
        layout.addWidget(self.file_label)
        self.warning_label = label(self, name="voiceFileWarnings", style="color: #a05a00;", hidden=True)
        layout.addWidget(self.warning_label)
        self.player = VoicePlayer(self)
        layout.addWidget(self.player)
        self.busy_line = BusyLine(self)
        self.busy_label, self.busy_bar = self.busy_line.label, self.busy_line.bar
        self.busy_line.changed.connect(self._busy_changed)
        layout.addWidget(self.busy_line)

        layout.addWidget(QLabel(self.tr("已上传的录音（选一个用于这次发送）："), self))
        self.table = QTableWidget(0, 5, self)
        self.table.setObjectName("voiceLibrary")
        self.table.setHorizontalHeaderLabels([self.tr("名称"), self.tr("平台编号"), self.tr("时长"), self.tr("大小"),
                                              self.tr("上传时间")])
        self.table.horizontalHeader().setMinimumSectionSize(40)
        read_only(self.table, row_height=22, select="one", columns=("stretch", 150, 58, 62, 84))
        self.table.itemSelectionChanged.connect(self._row_chosen)
        layout.addWidget(self.table, 1)
        self.chosen_label = QLabel(self)
        self.chosen_label.setObjectName("voiceChosen")
        self.chosen_label.setWordWrap(True)
        layout.addWidget(self.chosen_label)
        self._update()

    # --- what the tab reads --------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return self.busy_line.busy

    def serial(self) -> str | None:
        return self.selected.serial if self.selected else None

    def why_not(self) -> str:
        """Why no file can be used for a send ('' when one is chosen)."""
        if self.busy:
            return self.busy_label.text() or self.tr("正在处理录音文件…")
        if self.selected:
            return ""
        if self.candidate is not None and not self.candidate.get("serial"):
            return self.tr("录音“{name}”还没有上传：请点“上传”").format(name=self.candidate["path"].name)
        return self.tr("还没有选录音文件：选择或拖入 MP3，上传后使用，或从已上传的录音里选一个")

    # --- drag and drop -------------------------------------------------------------------
    def drop_files(self, files: list[Path]) -> None:
        self.drop_one(files, self.tr("一次只能选一个录音文件，这次用的是“{name}”。"), self.tr("录音文件"))

    def choose_file(self) -> QFileDialog:
        self._dialog = file_dialog(self, self.tr("选择录音文件"), start_folder(self.controller, "voice_folder"),
                                   [self.tr("MP3 录音 (*.mp3)"), self.tr("所有文件 (*)")], self.load_file)
        return self._dialog

    # --- check ---------------------------------------------------------------------------
    def load_file(self, path: Path) -> None:
        path = Path(path)
        self.controller.settings.ui.voice_folder = str(path.parent)
        self._generation += 1
        generation = self._generation

        async def job():
            data, info, digest = await asyncio.to_thread(read_and_check, path)
            store = self.controller.store
            known = await store.find_voice_file(digest) if store is not None else None
            return data, info, digest, known

        self._run(job(), self.tr("正在检查“{name}”…").format(name=path.name),
                  lambda result: self._checked(generation, path, *result),
                  lambda message: self._refused(generation, path, message))

    def _checked(self, generation: int, path: Path, data: bytes, info, digest: str, known) -> None:
        if generation != self._generation:
            return
        self.last_error = ""
        self.candidate = {"path": path, "data": data, "info": info, "sha256": digest,
                          "serial": known.serial if known else None}
        self.player.set_path(path)
        self._remember_path(digest, path)
        text = self.tr("“{name}”：{size}，时长 {duration:.1f} 秒，码率 {kbps} kbps，采样率 {rate} Hz").format(
            name=path.name, size=size_text(info.size), duration=info.duration_s, kbps=info.bitrate // 1000,
            rate=f"{info.sample_rate:,}")
        if known:
            text += "<br>" + self.tr("这个文件以前上传过（编号 {serial}），不用再上传，已选中。").format(
                serial=known.serial)
        else:
            text += "<br>" + self.tr("检查通过，请点“上传”。")
        self.file_label.setText(text)
        self.file_label.setStyleSheet("")
        lang_en = self._english()
        warnings = info.warnings_en if lang_en and info.warnings_en else info.warnings
        self.warning_label.setText("<br>".join("⚠ " + w for w in warnings))
        self.warning_label.setVisible(bool(warnings))
        if known:
            self.select_serial(known.serial)
        self._update()

    def _refused(self, generation: int, path: Path, message: str) -> None:
        if generation != self._generation:
            return
        self.last_error = message
        self.candidate = None
        self.player.set_path(None)
        self.warning_label.hide()
        self.file_label.setText(self.tr("不能使用“{name}”：{reason}").format(name=path.name, reason=message))
        self.file_label.setStyleSheet("color: #b00020;")
        self._update()
        show_error(self, message, self.tr("录音文件不能上传"))

    # --- upload --------------------------------------------------------------------------
    def upload(self) -> None:
        c = self.candidate
        if c is None or c.get("serial") or self.busy:
            return
        self.uploads += 1

        async def job():
            store, client = self.controller.store, self.controller.client
            known = await store.find_voice_file(c["sha256"])
            if known:
                return known.serial
            serial = await client.upload_voice(c["path"].name, c["data"])
            await store.add_voice_file(serial=serial, name=c["path"].name, sha256=c["sha256"], size=len(c["data"]),
                                       duration_s=c["info"].duration_s)
            return serial

        self._run(job(), self.tr("正在上传“{name}”…").format(name=c["path"].name),
                  lambda serial: self._uploaded(c, serial),
                  lambda message: show_error(self, message, self.tr("上传录音")))

    def _uploaded(self, c: dict, serial: str) -> None:
        c["serial"] = serial
        c["data"] = b""  # no longer needed
        self.file_label.setText(self.tr("“{name}”已上传，平台编号 {serial}。").format(name=c["path"].name,
                                                                                   serial=serial))
        self.refresh(select=serial)

    # --- library -------------------------------------------------------------------------
    def refresh(self, select: str | None = None) -> None:
        store = self.controller.store
        if store is None:
            return
        keep = select or self.serial()
        self.controller.spawn(store.voice_files(), on_done=lambda rows: self._show_library(rows, keep),
                              on_error=lambda _m: None)

    def _show_library(self, rows: list[VoiceFileRow], select: str | None) -> None:
        if not shiboken6.isValid(self):
            return
        self.library = list(rows)
        self.table.blockSignals(True)
        texts = [[row.name, row.serial,
                  self.tr("{s:.1f} 秒").format(s=row.duration_s) if row.duration_s else "—",
                  size_text(row.size), row.uploaded[:10]] for row in rows]
        tips = [self.tr("{name}\n编号 {serial}\n上传于 {time}").format(
            name=row.name, serial=row.serial, time=shown_time(row.uploaded)) for row in rows]
        fill(self.table, texts, tip=lambda r, _c: tips[r], data=lambda r: rows[r].serial)
        self.table.blockSignals(False)
        if select:
            self.select_serial(select)
        else:
            self._update()

    def select_serial(self, serial: str) -> None:
        for r, row in enumerate(self.library):
            if row.serial == serial:
                self.table.selectRow(r)
                self.selected = row
                self._update()
                return
        self.refresh(select=serial)  # not listed yet

    def _row_chosen(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        self.selected = self.library[rows[0].row()] if rows else None
        if self.selected:
            path = self._known_path(self.selected.sha256)
            if path is not None and (self.candidate is None or self.candidate["sha256"] != self.selected.sha256):
                self.player.set_path(path)
        self._update()

    def _remember_path(self, digest: str, path: Path) -> None:
        self.controller.settings.ui.voice_paths[digest] = str(path)

    def _known_path(self, digest: str) -> Path | None:
        found = self.controller.settings.ui.voice_paths.get(digest)
        return Path(found) if found and Path(found).exists() else None

    # --- plumbing ------------------------------------------------------------------------
    @staticmethod
    def _english() -> bool:
        from PySide6.QtCore import QLocale

        return QLocale().name().startswith("en")

    def _update(self) -> None:
        c = self.candidate
        self.upload_button.setEnabled(not self.busy and c is not None and not c.get("serial"))
        self.open_button.setEnabled(not self.busy)
        if self.selected:
            duration = self.selected.duration_s
            self.chosen_label.setText(self.tr("这次发送使用：<b>{name}</b>（编号 {serial}{duration}）").format(
                name=self.selected.name, serial=self.selected.serial,
                duration=self.tr("，{s:.1f} 秒").format(s=duration) if duration else ""))
            self.chosen_label.setStyleSheet("")
        else:
            self.chosen_label.setText(self.tr("还没有选用录音"))
            self.chosen_label.setStyleSheet("color: #555;")
        self.changed.emit()

    def _run(self, coro, label: str, on_done, on_error) -> None:
        self.busy_line.run(self.controller, coro, label, on_done, on_error)
        self._update()

    def _busy_changed(self, busy: bool) -> None:
        self._update()
        self.busy_changed.emit(busy)
