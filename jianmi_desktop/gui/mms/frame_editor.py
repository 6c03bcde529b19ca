"""The selected frame: its text (with the count), how long it shows, and its picture against the 80 K budget.

The editor only reports what the user typed (``text_edited``, ``seconds_edited``); the tab turns
that into an undoable edit and shows the frame again with ``show_frame``, which never moves the
cursor of a text the user is typing.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from jianmi_desktop.mms.model import MAX_IMAGE_BYTES, MAX_SECONDS, MAX_TEXT, MIN_SECONDS
from jianmi_desktop.platform.text import gbk_problems


class UndoKeys(QObject):
    """Leaves Ctrl+Z / Ctrl+Shift+Z / Ctrl+Y to the tab's undo stack when a text box has the focus
    (a text box would otherwise take them for its own undo, and the tab has one history for all)."""

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.ShortcutOverride and (
                event.matches(QKeySequence.StandardKey.Undo) or event.matches(QKeySequence.StandardKey.Redo)
                or QKeySequence(event.keyCombination()) in (QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y"))):
            event.ignore()
            return True
        return False


class FrameEditor(QGroupBox):
    text_edited = Signal(str)
    seconds_edited = Signal(int)
    remove_image_clicked = Signal()
    choose_image_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("frameEditor")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.text_edit = QPlainTextEdit(self)
        self.text_edit.setObjectName("frameText")
        self.text_edit.setPlaceholderText(self.tr("这一帧显示的文字（可以不填，但每一帧要有图片或文字）"))
        self.text_edit.setTabChangesFocus(True)
        self.text_edit.setUndoRedoEnabled(False)  # Ctrl+Z is the tab's: one undo stack for every edit
        self.undo_keys = UndoKeys(self)
        self.text_edit.installEventFilter(self.undo_keys)
        self.text_edit.setMinimumHeight(70)
        self.text_edit.textChanged.connect(self._text_changed)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("frameTextCount")
        text_box = QVBoxLayout()
        text_box.addWidget(self.text_edit)
        text_box.addWidget(self.count_label)
        form.addRow(self.tr("文字："), text_box)
        self.seconds_spin = QSpinBox(self)
        self.seconds_spin.setObjectName("frameSeconds")
        self.seconds_spin.setRange(MIN_SECONDS, MAX_SECONDS)
        self.seconds_spin.setSuffix(self.tr(" 秒"))
        self.seconds_spin.setToolTip(self.tr("这一帧在手机上显示多长时间（1 到 60 秒）"))
        self.seconds_spin.valueChanged.connect(self._seconds_changed)
        form.addRow(self.tr("显示时间："), self.seconds_spin)
        layout.addLayout(form)

        picture = QHBoxLayout()
        self.size_bar = QProgressBar(self)
        self.size_bar.setObjectName("frameSizeBar")
        self.size_bar.setRange(0, MAX_IMAGE_BYTES)
        self.size_bar.setTextVisible(True)
        self.size_bar.setToolTip(self.tr("图片大小占每帧 80,000 字节上限的比例"))
        picture.addWidget(QLabel(self.tr("图片大小："), self))
        picture.addWidget(self.size_bar, 1)
        layout.addLayout(picture)
        self.image_label = QLabel(self)
        self.image_label.setObjectName("frameImageInfo")
        self.image_label.setWordWrap(True)
        layout.addWidget(self.image_label)
        buttons = QHBoxLayout()
        self.choose_button = QPushButton(self.tr("选择图片…"), self)
        self.choose_button.setToolTip(self.tr("为这一帧选择一张图片（替换原来的图片）"))
        self.choose_button.clicked.connect(self.choose_image_clicked)
        self.remove_button = QPushButton(self.tr("去掉图片"), self)
        self.remove_button.setToolTip(self.tr("这一帧只留文字"))
        self.remove_button.clicked.connect(self.remove_image_clicked)
        buttons.addWidget(self.choose_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self._showing = False
        self.show_frame(None, 0)

    def show_frame(self, frame, index: int) -> None:
        """Show ``frame`` (None: no frame selected)."""
        self._showing = True
        try:
            self.setEnabled(frame is not None)
            self.setTitle(self.tr("第 {n} 帧").format(n=index + 1) if frame is not None else self.tr("没有选中的帧"))
            text = frame.text if frame is not None else ""
            if self.text_edit.toPlainText() != text:
                self.text_edit.setPlainText(text)
            seconds = frame.seconds if frame is not None else 3
            if self.seconds_spin.value() != seconds:
                self.seconds_spin.setValue(seconds)
            self._show_count(text)
            self._show_image(frame)
        finally:
            self._showing = False

    def _show_count(self, text: str) -> None:
        n = len(text)
        line = self.tr("{n} 个字").format(n=n)
        bad = gbk_problems(text)
        if bad:
            line += self.tr("；有 {n} 个字符无法发送（例如“{c}”）").format(n=len(bad), c=bad[0].char)
        if n > MAX_TEXT:
            line += self.tr("；超过 {max} 个字").format(max=MAX_TEXT)
        self.count_label.setText(line)
        self.count_label.setStyleSheet("color: #b00020;" if bad or n > MAX_TEXT else "color: #555;")

    def _show_image(self, frame) -> None:
        if frame is None or not frame.image:
            self.size_bar.setValue(0)
            self.size_bar.setFormat(self.tr("没有图片"))
            self.image_label.setText(self.tr("没有图片：把图片拖到上面的缩略图上，或点“选择图片…”"))
            self.remove_button.setEnabled(False)
            return
        size = frame.image_size
        self.size_bar.setValue(min(size, MAX_IMAGE_BYTES))
        self.size_bar.setFormat(self.tr("{size} / 80,000 字节").format(size=f"{size:,}"))
        quality = (self.tr("JPEG 质量 {q}").format(q=frame.quality) if frame.quality is not None
                   else (frame.image_type or "").upper())
        self.image_label.setText(self.tr("{name}：{w}×{h} 像素，{quality}，{kb} KB").format(
            name=frame.image_name or self.tr("图片"), w=frame.width, h=frame.height, quality=quality,
            kb=f"{size / 1000:.1f}"))
        self.remove_button.setEnabled(True)

    def _text_changed(self) -> None:
        text = self.text_edit.toPlainText()
        self._show_count(text)
        if not self._showing:
            self.text_edited.emit(text)

    def _seconds_changed(self, value: int) -> None:
        if not self._showing:
            self.seconds_edited.emit(value)
