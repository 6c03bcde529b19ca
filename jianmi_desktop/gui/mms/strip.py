"""The strip of frame thumbnails: files dropped from the file manager, drag to reorder.

The strip is only a view of the message: it never changes its items itself. A drop says what
was asked (``files_dropped`` / ``move_requested``) and the tab pushes an undoable edit, then
shows the new message with ``show_frames``.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QIcon, QImage, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QListView, QListWidget, QListWidgetItem, QWidget

from jianmi_desktop.gui.widgets.file_drop import local_files

THUMB = QSize(96, 96)
INTERNAL_MIME = "application/x-qabstractitemmodeldatalist"


class FrameStrip(QListWidget):
    files_dropped = Signal(object, int, bool)  # paths, frame row, onto that frame (replace) or insert before
    move_requested = Signal(int, int)  # frame, its new position

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("frameStrip")
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(False)
        self.setMovement(QListView.Movement.Static)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setIconSize(THUMB)
        self.setGridSize(QSize(THUMB.width() + 24, THUMB.height() + 44))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.setDropIndicatorShown(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFixedHeight(THUMB.height() + 70)
        self.setToolTip(self.tr("把图片文件拖到这里，每张图片成为一帧；拖到某一帧上则替换它的图片。拖动缩略图可以调整顺序。"))
        self._hover = False
        self._thumbs: dict = {}  # image bytes → thumbnail pixmap

    # --- showing the message ------------------------------------------------------------------
    def show_frames(self, frames, images: dict, current: int) -> None:
        """Rebuild the items for ``frames``; ``images`` maps image bytes to a decoded QImage thumbnail."""
        self.blockSignals(True)
        try:
            self.clear()
            for n, frame in enumerate(frames, start=1):
                if frame.image:
                    pixmap = self._thumbs.get(frame.image)
                    if pixmap is None:
                        pixmap = self._thumbs[frame.image] = self._thumbnail(images.get(frame.image), "")
                else:
                    pixmap = self._thumbnail(None, frame.text)
                item = QListWidgetItem(QIcon(pixmap), self._caption(n, frame))
                item.setToolTip(self._tooltip(n, frame))
                item.setSizeHint(self.gridSize())
                item.setTextAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
                self.addItem(item)
            if frames:
                self.setCurrentRow(max(0, min(current, len(frames) - 1)))
        finally:
            self.blockSignals(False)
        self.viewport().update()

    def _caption(self, n: int, frame) -> str:
        size = self.tr("{kb} KB").format(kb=f"{frame.image_size / 1000:.1f}") if frame.image else self.tr("文字")
        return self.tr("第 {n} 帧 · {s} 秒").format(n=n, s=frame.seconds) + "\n" + size

    def _tooltip(self, n: int, frame) -> str:
        parts = [self.tr("第 {n} 帧，显示 {s} 秒").format(n=n, s=frame.seconds)]
        if frame.image:
            parts.append(self.tr("图片：{name}（{w}×{h}，{size} 字节）").format(
                name=frame.image_name or "-", w=frame.width, h=frame.height, size=f"{frame.image_size:,}"))
        if frame.text:
            parts.append(self.tr("文字：{text}").format(text=frame.text[:40] + ("…" if len(frame.text) > 40 else "")))
        return "\n".join(parts)

    def _thumbnail(self, image: QImage | None, text: str) -> QPixmap:
        pixmap = QPixmap(THUMB)
        pixmap.fill(QColor("#f4f4f4"))
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        if image is not None and not image.isNull():
            scaled = image.scaled(THUMB, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
            painter.drawImage(QPoint((THUMB.width() - scaled.width()) // 2, (THUMB.height() - scaled.height()) // 2),
                              scaled)
        else:
            font = QFont(painter.font())
            font.setPointSize(9)
            painter.setFont(font)
            painter.setPen(QColor("#333"))
            painter.drawText(pixmap.rect().adjusted(6, 6, -6, -6),
                             int(Qt.AlignmentFlag.AlignCenter) | int(Qt.TextFlag.TextWordWrap),
                             (text or self.tr("（空白帧）"))[:30])
        painter.setPen(QPen(QColor("#bbb")))
        painter.drawRect(pixmap.rect().adjusted(0, 0, -1, -1))
        painter.end()
        return pixmap

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().paintEvent(event)
        if self.count() == 0 or self._hover:
            painter = QPainter(self.viewport())
            if self._hover:
                painter.setPen(QPen(QColor("#3b7dd8"), 2, Qt.PenStyle.DashLine))
                painter.drawRect(self.viewport().rect().adjusted(1, 1, -2, -2))
            if self.count() == 0:
                painter.setPen(QColor("#777"))
                painter.drawText(self.viewport().rect(), Qt.AlignmentFlag.AlignCenter,
                                 self.tr("把图片文件拖到这里（可以一次拖多张），或点“添加帧”、粘贴图片（Ctrl+V）"))
            painter.end()

    # --- where a drop lands -------------------------------------------------------------------
    def _target(self, pos: QPoint) -> tuple[int, bool]:
        """(row, onto): onto a frame's middle → (its row, True); else (the row to insert before, False)."""
        index = self.indexAt(pos)
        if not index.isValid():
            # past the last item, or before the first
            if self.count() and pos.x() < self.visualItemRect(self.item(0)).left():
                return 0, False
            return self.count(), False
        rect = self.visualRect(index)
        third = rect.width() / 3
        if pos.x() < rect.left() + third:
            return index.row(), False
        if pos.x() > rect.right() - third:
            return index.row() + 1, False
        return index.row(), True

    def _internal(self, event) -> bool:
        return event.source() is self or (not event.mimeData().hasUrls() and event.mimeData().hasFormat(INTERNAL_MIME))

    def dragEnterEvent(self, event) -> None:  # noqa: N802
        if local_files(event.mimeData()) or self._internal(event):
            event.acceptProposedAction()
            self._hover = not self._internal(event)
            self.viewport().update()
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:  # noqa: N802
        if local_files(event.mimeData()):
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
        elif self._internal(event):
            event.setDropAction(Qt.DropAction.MoveAction)
            event.accept()
        else:
            event.ignore()

    def dragLeaveEvent(self, event) -> None:  # noqa: N802
        self._hover = False
        self.viewport().update()
        super().dragLeaveEvent(event)

    def dropEvent(self, event) -> None:  # noqa: N802
        self._hover = False
        self.viewport().update()
        row, onto = self._target(event.position().toPoint())
        files = local_files(event.mimeData())
        if files:
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
            self.files_dropped.emit(files, row, onto)
            return
        if self._internal(event):
            source = self.currentRow()
            # Accepted as a copy: Qt then leaves the items alone (a move would remove the dragged row);
            # the tab rebuilds the strip from the message.
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
            if source < 0:
                return
            if onto:
                row = row + 1 if row > source else row
            target = row - 1 if row > source else row
            if target != source:
                self.move_requested.emit(source, target)
            return
        event.ignore()
