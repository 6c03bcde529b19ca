"""Drafts of the 彩信 tab: open, save (atomically, in a worker thread) and the recently used list.

Dialogs use ``open()`` (never ``exec()``: qasync must keep running). A draft that cannot be
read gives a message naming the file and the message on screen stays as it was.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import shiboken6
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMenu, QWidget

from jianmi_desktop.gui.widgets.build import file_dialog, remember_folder, start_folder
from jianmi_desktop.gui.widgets.messages import show_error
from jianmi_desktop.mms.model import DRAFT_SUFFIX, load_draft, save_draft

MAX_RECENT = 8


def _open_job(path: Path):
    from jianmi_desktop.gui.mms.images import decode
    from jianmi_desktop.mms.model import DraftError

    try:
        message = load_draft(path)
    except OSError as exc:
        raise DraftError(f"草稿“{path.name}”无法打开：{exc.strerror or exc}",
                         f"The draft {path.name!r} cannot be opened: {exc.strerror or exc}") from None
    images = {f.image: decode(f.image) for f in message.frames if f.image}
    return message, images


class Drafts(QObject):
    opened = Signal(object, object, object)  # message, {image bytes: QImage}, path
    saved = Signal(object)  # path
    busy_changed = Signal(bool)

    def __init__(self, controller, parent: QWidget) -> None:
        super().__init__(parent)
        self.controller = controller
        self.widget = parent
        self.path: Path | None = None
        self.busy = False
        self.menu = QMenu(parent)
        self.menu.setObjectName("recentDrafts")
        self.menu.aboutToShow.connect(self.fill_menu)
        self._dialog: QFileDialog | None = None

    # --- recently used -----------------------------------------------------------------------
    def recent(self) -> list[str]:
        return list(self.controller.settings.ui.mms_recent_drafts)

    def remember(self, path: Path) -> None:
        items = [str(path)] + [p for p in self.recent() if p != str(path)]
        self.controller.settings.ui.mms_recent_drafts = items[:MAX_RECENT]
        remember_folder(self.controller, path, "mms_draft_folder")

    def fill_menu(self) -> None:
        self.menu.clear()
        items = self.recent()
        if not items:
            action = self.menu.addAction(self.tr("（还没有最近的草稿）"))
            action.setEnabled(False)
            return
        for item in items:
            action = self.menu.addAction(Path(item).name)
            action.setToolTip(item)
            action.setStatusTip(item)
            action.triggered.connect(lambda _=False, p=item: self.open_path(Path(p)))
        self.menu.addSeparator()
        self.menu.addAction(self.tr("清除列表"), self.clear_recent)

    def clear_recent(self) -> None:
        self.controller.settings.ui.mms_recent_drafts = []

    # --- open -------------------------------------------------------------------------------
    def choose_open(self) -> QFileDialog:
        self._dialog = file_dialog(self.widget, self.tr("打开彩信草稿"), start_folder(self.controller, "mms_draft_folder"),
                                   [self.tr("彩信草稿 (*{suffix})").format(suffix=DRAFT_SUFFIX), self.tr("所有文件 (*)")],
                                   self.open_path)
        return self._dialog

    def open_path(self, path: Path) -> None:
        self._set_busy(True)

        def done(result) -> None:
            if not shiboken6.isValid(self):
                return
            self._set_busy(False)
            message, images = result
            self.path = path
            self.remember(path)
            self.opened.emit(message, images, path)

        self.controller.spawn(asyncio.to_thread(_open_job, path), on_done=done,
                              on_error=lambda text: self._failed(text, self.tr("打开草稿")))

    # --- save -------------------------------------------------------------------------------
    def save(self, message) -> None:
        if self.path is None:
            self.choose_save(message)
        else:
            self.save_to(message, self.path)

    def choose_save(self, message) -> QFileDialog:
        folder = Path(start_folder(self.controller, "mms_draft_folder"))
        start = str(folder / (message.title + DRAFT_SUFFIX)) if message.title else str(folder)
        self._dialog = file_dialog(self.widget, self.tr("保存彩信草稿"), start,
                                   [self.tr("彩信草稿 (*{suffix})").format(suffix=DRAFT_SUFFIX)],
                                   lambda path: self.save_to(message, path), save_suffix=DRAFT_SUFFIX.lstrip("."))
        return self._dialog

    def save_to(self, message, path: Path) -> None:
        if path.suffix.lower() != DRAFT_SUFFIX:
            path = path.with_name(path.name + DRAFT_SUFFIX)
        self._set_busy(True)

        def done(saved: Path) -> None:
            if not shiboken6.isValid(self):
                return
            self._set_busy(False)
            self.path = saved
            self.remember(saved)
            self.saved.emit(saved)

        self.controller.spawn(asyncio.to_thread(save_draft, message, path), on_done=done,
                              on_error=lambda text: self._failed(text, self.tr("保存草稿")))

    # --- plumbing ---------------------------------------------------------------------------
    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.busy_changed.emit(busy)

    def _failed(self, text: str, title: str) -> None:
        if not shiboken6.isValid(self):
            return
        self._set_busy(False)
        show_error(self.widget, text, title)
