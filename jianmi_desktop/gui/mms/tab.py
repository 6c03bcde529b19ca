"""彩信: compose a picture message frame by frame, watch it play on a phone, send it.

The message is an immutable ``MmsMessage``; every edit (drop, paste, reorder, add, duplicate,
delete, text, seconds, title, open draft) is an ``EditCommand`` on a QUndoStack, so Ctrl+Z /
Ctrl+Shift+Z take back and redo any of them. Pictures are read, fitted under 80,000 bytes and
decoded in a worker thread (``asyncio.to_thread``) while a busy bar shows; a picture that cannot
be used gives a message naming the file and the message stays as it was.
"""

from __future__ import annotations

import asyncio
from dataclasses import replace
from pathlib import Path

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from jianmi_desktop.gui.base_tab import BaseTab
from jianmi_desktop.gui.controller import plain_message
from jianmi_desktop.gui.mms.drafts import Drafts
from jianmi_desktop.gui.mms.frame_editor import FrameEditor, UndoKeys
from jianmi_desktop.gui.mms.images import EditCommand, fit_qimage, load_picture
from jianmi_desktop.gui.mms.preview import PhonePreview
from jianmi_desktop.gui.mms.sending import MmsSending
from jianmi_desktop.gui.mms.strip import FrameStrip
from jianmi_desktop.gui.sending import MMS_KINDS
from jianmi_desktop.gui.widgets.build import button as make_button
from jianmi_desktop.gui.widgets.busy_line import BusyLine
from jianmi_desktop.gui.widgets.draft_keeper import DraftKeeper
from jianmi_desktop.gui.widgets.file_drop import local_files
from jianmi_desktop.gui.widgets.messages import show_error
from jianmi_desktop.mms.fit import MAX_SIDE
from jianmi_desktop.mms.model import Frame, MmsMessage, draft_bytes, draft_from_bytes
from jianmi_desktop.states import Kind

IMAGE_FILTER = "*.jpg *.jpeg *.png *.gif *.bmp *.webp *.heic *.heif"


class MmsTab(BaseTab):
    KINDS = MMS_KINDS  # the campaigns whose progress this tab shows (in its sending part)

    def __init__(self, controller, parent: QWidget | None = None) -> None:
        super().__init__(controller, parent)
        self.setObjectName("mmsTab")
        self.message = MmsMessage()
        self.current = -1
        self.images: dict = {}  # fitted image bytes → decoded QImage
        self.undo_stack = QUndoStack(self)
        self.autosave = DraftKeeper(controller, Kind.MMS, self._autosave_body, self._restore_autosave, self)
        self.drafts = Drafts(controller, self)
        self._dialog: QFileDialog | None = None
        self.editor_keys = UndoKeys(self)
        self._build()
        self._connect()
        self.refresh()

    def title(self) -> str:
        return self.tr("彩信")

    # --- layout ------------------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("标题："), self))
        self.title_edit = QLineEdit(self)
        self.title_edit.setObjectName("mmsTitle")
        self.title_edit.setPlaceholderText(self.tr("彩信标题，收件人在手机上首先看到它"))
        self.title_edit.setMaxLength(100)
        self.title_edit.installEventFilter(self.editor_keys)
        top.addWidget(self.title_edit, 1)
        self.open_button = self._button(self.tr("打开草稿…"), self.tr("打开保存过的彩信草稿（Ctrl+O）"), icon="folder-open")
        self.save_button = self._button(self.tr("保存草稿"), self.tr("把标题、各帧的图片和文字保存成一个文件（Ctrl+S）"),
                                        icon="device-floppy")
        self.recent_button = self._button(self.tr("最近的草稿"), self.tr("最近打开或保存过的草稿"), icon="clock")
        self.recent_button.setMenu(self.drafts.menu)
        for widget in (self.open_button, self.save_button, self.recent_button):
            top.addWidget(widget)
        layout.addLayout(top)

        tools = QHBoxLayout()
        self.add_button = self._button(self.tr("添加帧"), self.tr("在当前帧后面加一个空白帧"), icon="plus")
        self.images_button = self._button(self.tr("添加图片…"), self.tr("选择图片文件，每张图片成为一帧"), icon="photo-plus")
        self.paste_button = self._button(self.tr("粘贴图片"), self.tr("把剪贴板里的图片或图片文件加为新的一帧（Ctrl+V）"),
                                         icon="clipboard")
        self.duplicate_button = self._button(self.tr("复制帧"), self.tr("复制当前帧，放在它后面"), icon="copy")
        self.delete_button = self._button(self.tr("删除帧"), self.tr("删除当前帧（Delete）"), icon="trash")
        self.left_button = self._button(self.tr("前移"), self.tr("把当前帧往前移一位"), icon="arrow-left")
        self.right_button = self._button(self.tr("后移"), self.tr("把当前帧往后移一位"), icon="arrow-right")
        self.undo_button = self._button(self.tr("撤销"), self.tr("撤销上一步（Ctrl+Z）"), icon="arrow-back-up")
        self.redo_button = self._button(self.tr("重做"), self.tr("重做撤销的一步（Ctrl+Shift+Z）"), icon="arrow-forward-up")
        for widget in (self.add_button, self.images_button, self.paste_button, self.duplicate_button,
                       self.delete_button, self.left_button, self.right_button):
            tools.addWidget(widget)
        tools.addStretch(1)
        tools.addWidget(self.undo_button)
        tools.addWidget(self.redo_button)
        layout.addLayout(tools)

        self.strip = FrameStrip(self)
        layout.addWidget(self.strip)
        self.busy_line = BusyLine(self, "mmsBusyLabel")
        self.busy_label, self.busy_bar = self.busy_line.label, self.busy_line.bar
        layout.addWidget(self.busy_line)
        self.summary_label = QLabel(self)
        self.summary_label.setObjectName("mmsSummary")
        self.summary_label.setWordWrap(True)
        layout.addWidget(self.summary_label)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.editor = FrameEditor(splitter)
        self.preview = PhonePreview(splitter)
        self.sending = MmsSending(self.controller, lambda: self.message, splitter)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setStretchFactor(2, 3)
        splitter.setChildrenCollapsible(False)
        layout.addWidget(splitter, 1)

        self.undo_action = self.undo_stack.createUndoAction(self, self.tr("撤销"))
        self.undo_action.setShortcut(QKeySequence("Ctrl+Z"))
        self.redo_action = self.undo_stack.createRedoAction(self, self.tr("重做"))
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self._actions = [self.undo_action, self.redo_action]
        for keys, slot in (("Ctrl+S", self.save_draft), ("Ctrl+O", self.drafts.choose_open),
                           ("Ctrl+V", self.paste), ("Delete", self.delete_frame)):
            action = QAction(self)
            action.setShortcut(QKeySequence(keys))
            action.triggered.connect(slot)
            self._actions.append(action)
        for action in self._actions:
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addActions(self._actions)
        self.paste_action = self._actions[4]
        self.delete_action = self._actions[5]
        # in the text boxes Ctrl+V and Delete are theirs; on the strip they are the tab's
        for action in (self.paste_action, self.delete_action):
            self.removeAction(action)
            self.strip.addAction(action)
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)

    def _button(self, text: str, tip: str, icon: str = "") -> QPushButton:
        return make_button(text, tip, None, self, icon=icon)

    def _connect(self) -> None:
        self.title_edit.textEdited.connect(self._title_edited)
        self.open_button.clicked.connect(self.drafts.choose_open)
        self.save_button.clicked.connect(self.save_draft)
        self.add_button.clicked.connect(self.add_frame)
        self.images_button.clicked.connect(lambda: self.choose_images(None))
        self.paste_button.clicked.connect(self.paste)
        self.duplicate_button.clicked.connect(self.duplicate_frame)
        self.delete_button.clicked.connect(self.delete_frame)
        self.left_button.clicked.connect(lambda: self.move_frame(self.current, self.current - 1))
        self.right_button.clicked.connect(lambda: self.move_frame(self.current, self.current + 1))
        self.undo_button.clicked.connect(self.undo_stack.undo)
        self.redo_button.clicked.connect(self.undo_stack.redo)
        self.undo_stack.canUndoChanged.connect(self.undo_button.setEnabled)
        self.undo_stack.canRedoChanged.connect(self.redo_button.setEnabled)
        self.undo_stack.cleanChanged.connect(self._clean_changed)
        self.strip.files_dropped.connect(self.add_files)
        self.strip.move_requested.connect(self.move_frame)
        self.strip.currentRowChanged.connect(self._row_changed)
        self.editor.text_edited.connect(self._text_edited)
        self.editor.seconds_edited.connect(self._seconds_edited)
        self.editor.remove_image_clicked.connect(self.remove_image)
        self.editor.choose_image_clicked.connect(lambda: self.choose_images(self.current))
        self.drafts.opened.connect(self._draft_opened)
        self.drafts.saved.connect(self._draft_saved)
        self.drafts.busy_changed.connect(lambda busy: self.busy_line.step(1 if busy else -1, self.tr("正在读写草稿…")))

    # --- the one way the message changes ------------------------------------------------------
    def push(self, text: str, after: MmsMessage, current: int | None = None, merge_key=None) -> None:
        command = EditCommand(text, self.message, after, self.apply, merge_key, self.current)
        command.current_after = self.current if current is None else current
        self.undo_stack.push(command)

    def apply(self, message: MmsMessage, current: int | None) -> None:
        self.message = message
        self.autosave.touch()  # every edit, undo and redo comes through here
        if current is not None:
            self.current = current
        self.refresh()

    def refresh(self) -> None:
        m = self.message
        self.current = max(-1, min(self.current, len(m.frames) - 1)) if m.frames else -1
        if self.current < 0 and m.frames:
            self.current = 0
        if self.title_edit.text() != m.title:
            self.title_edit.setText(m.title)
        self.strip.show_frames(m.frames, self.images, self.current)
        frame = m.frames[self.current] if self.current >= 0 else None
        self.editor.show_frame(frame, self.current)
        self.preview.set_message(m, self.images, max(0, self.current))
        has = frame is not None
        for button in (self.duplicate_button, self.delete_button):
            button.setEnabled(has)
        self.left_button.setEnabled(has and self.current > 0)
        self.right_button.setEnabled(has and self.current < len(m.frames) - 1)
        self.undo_button.setEnabled(self.undo_stack.canUndo())
        self.redo_button.setEnabled(self.undo_stack.canRedo())
        self._show_summary()
        self.sending.update_button()

    def _clean_changed(self, _clean: bool) -> None:
        if shiboken6.isValid(self) and shiboken6.isValid(self.undo_stack):  # also emitted while it is destroyed
            self._show_summary()

    def _show_summary(self) -> None:
        m = self.message
        name = self.drafts.path.name if self.drafts.path else self.tr("未保存的草稿")
        changed = "" if self.undo_stack.isClean() else self.tr("（有改动未保存）")
        self.summary_label.setText(self.tr("{name}{changed} · 共 %n 帧 · 约 {kb} KB · 播放 {s} 秒", "", len(m.frames)).format(
            name=name, changed=changed, kb=f"{m.total_size / 1000:,.1f}", s=m.total_seconds))

    # --- edits ---------------------------------------------------------------------------------
    def _row_changed(self, row: int) -> None:
        if row != self.current and 0 <= row < len(self.message.frames):
            self.current = row
            self.editor.show_frame(self.message.frames[row], row)
            self.preview.set_message(self.message, self.images, row)
            self.left_button.setEnabled(row > 0)
            self.right_button.setEnabled(row < len(self.message.frames) - 1)

    def _title_edited(self, text: str) -> None:
        self.push(self.tr("修改标题"), self.message.with_title(text), merge_key=("title",))

    def _text_edited(self, text: str) -> None:
        i = self.current
        if i >= 0:
            frame = self.message.frames[i]
            self.push(self.tr("修改文字"), self.message.replace_frame(i, replace(frame, text=text)),
                      merge_key=("text", i))

    def _seconds_edited(self, seconds: int) -> None:
        i = self.current
        if i >= 0:
            frame = self.message.frames[i]
            self.push(self.tr("修改显示时间"),
                      self.message.replace_frame(i, replace(frame, seconds=seconds)),
                      merge_key=("seconds", i))

    def add_frame(self) -> None:
        at = self.current + 1
        self.push(self.tr("添加帧"), self.message.insert(at, Frame()), current=at)

    def duplicate_frame(self) -> None:
        if self.current >= 0:
            at = self.current + 1
            self.push(self.tr("复制帧"), self.message.insert(at, self.message.frames[self.current]), current=at)

    def delete_frame(self) -> None:
        if self.current >= 0:
            self.push(self.tr("删除帧"), self.message.remove(self.current), current=self.current)

    def move_frame(self, source: int, target: int) -> None:
        n = len(self.message.frames)
        if 0 <= source < n and 0 <= target < n and source != target:
            self.push(self.tr("调整顺序"), self.message.move(source, target), current=target)

    def remove_image(self) -> None:
        if self.current >= 0 and self.message.frames[self.current].image:
            frame = self.message.frames[self.current]
            self.push(self.tr("去掉图片"), self.message.replace_frame(self.current, frame.without_image()))

    # --- pictures in ---------------------------------------------------------------------------
    def max_side(self) -> int:
        try:
            return max(64, self.controller.settings.ui.mms_max_side or MAX_SIDE)
        except (TypeError, ValueError):
            return MAX_SIDE

    def add_files(self, paths: list[Path], row: int = -1, onto: bool = False) -> None:
        """Fit ``paths`` in worker threads; then one frame each at ``row`` (or, ``onto`` with one file,
        replace the picture of frame ``row``). Files that cannot be used are named in one message."""
        paths = list(paths)
        if not paths:
            return
        if row < 0:
            row = len(self.message.frames)
        side = self.max_side()
        self.busy_line.step(1, self.tr("正在处理 %n 张图片…", "", len(paths)))

        async def job():
            return await asyncio.gather(*(asyncio.to_thread(load_picture, p, side) for p in paths),
                                        return_exceptions=True)

        self.controller.spawn(job(), on_done=lambda results: self._pictures_ready(paths, results, row, onto),
                              on_error=self._pictures_failed)

    def _pictures_failed(self, message: str) -> None:
        if shiboken6.isValid(self):
            self.busy_line.step(-1)
            show_error(self, message, self.tr("添加图片"))

    def _pictures_ready(self, paths, results, row: int, onto: bool) -> None:
        if not shiboken6.isValid(self):
            return
        self.busy_line.step(-1)
        good, problems = [], []
        for _path, result in zip(paths, results):
            if isinstance(result, BaseException):
                problems.append(plain_message(result))
            else:
                good.append(result)
        for picture in good:
            self.images[picture.fitted.data] = picture.image
        if good:
            self._place(good, row, onto)
        if problems:
            head = (self.tr("这张图片没有加入：") if len(problems) == 1
                    else self.tr("%n 张图片没有加入：", "", len(problems)))
            show_error(self, head + "\n\n" + "\n".join("• " + p for p in problems), self.tr("添加图片"))

    def _place(self, pictures, row: int, onto: bool) -> None:
        frames = self.message.frames
        row = max(0, min(row, len(frames)))
        if onto and len(pictures) == 1 and row < len(frames):
            picture = pictures[0]
            self.push(self.tr("替换图片"), self.message.replace_frame(row, frames[row].with_image(
                picture.fitted, picture.name)), current=row)
            return
        start = row + 1 if onto else row
        new = [Frame().with_image(p.fitted, p.name) for p in pictures]
        text = self.tr("添加 %n 帧", "", len(new)) if len(new) > 1 else self.tr("添加帧")
        self.push(text, self.message.insert(start, *new), current=start + len(new) - 1)

    def paste(self) -> None:
        """Ctrl+V on the strip: copied image files become frames, a copied picture one frame."""
        mime = QApplication.clipboard().mimeData()
        files = local_files(mime)
        if files:
            self.add_files(files, self.current + 1)
            return
        if mime is not None and mime.hasImage():
            image = QApplication.clipboard().image()
            if not image.isNull():
                self._paste_image(image.copy())
                return
        show_error(self, self.tr("剪贴板里没有图片。请先在别的程序里复制一张图片或图片文件。"), self.tr("粘贴图片"))

    def _paste_image(self, image) -> None:
        name, side, row = self.tr("粘贴的图片"), self.max_side(), self.current + 1
        self.busy_line.step(1, self.tr("正在处理粘贴的图片…"))
        self.controller.spawn(asyncio.to_thread(fit_qimage, image, name, side),
                              on_done=lambda picture: self._pictures_ready([None], [picture], row, False),
                              on_error=self._pictures_failed)

    def _draft_saved(self, _path: object) -> None:
        self.undo_stack.setClean()
        self._show_summary()

    def choose_images(self, replace_row: int | None) -> QFileDialog:
        folder = self.controller.settings.ui.mms_image_folder or str(Path.home())
        dialog = QFileDialog(self, self.tr("选择图片"), folder)
        single = replace_row is not None and replace_row >= 0
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile if single else QFileDialog.FileMode.ExistingFiles)
        dialog.setNameFilters([self.tr("图片 ({patterns})").format(patterns=IMAGE_FILTER), self.tr("所有文件 (*)")])
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def chosen(files: list[str]) -> None:
            if files:
                self.controller.settings.ui.mms_image_folder = str(Path(files[0]).parent)
                if single and replace_row is not None:
                    self.add_files([Path(files[0])], replace_row, True)
                else:
                    self.add_files([Path(f) for f in files], self.current + 1)

        dialog.filesSelected.connect(chosen)
        self._dialog = dialog
        dialog.open()
        return dialog

    @property
    def busy(self) -> bool:
        return self.busy_line.busy

    # --- the autosaved draft: every edit is kept in the store, back after a restart or crash ------
    def on_started(self, status) -> None:
        super().on_started(status)
        if not self.autosave._loaded:
            self.autosave.load()

    def _autosave_body(self) -> bytes | None:
        m = self.message
        return draft_bytes(m) if m.frames or m.title else None

    def _restore_autosave(self, body: bytes) -> None:
        from jianmi_desktop.gui.mms.images import decode

        message = draft_from_bytes(body, self.tr("自动保存的草稿"))
        self.images.update({f.image: decode(f.image) for f in message.frames if f.image})
        self.apply(message, 0 if message.frames else None)

    # --- drafts --------------------------------------------------------------------------------
    def save_draft(self) -> None:
        self.drafts.save(self.message)

    def _draft_opened(self, message: MmsMessage, images: dict, path: Path) -> None:
        self.images.update(images)
        self.push(self.tr("打开草稿 {name}").format(name=path.name), message, current=0)
        self.undo_stack.setClean()
        self._show_summary()
