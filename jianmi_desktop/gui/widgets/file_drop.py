"""Files dropped from the file manager: which local files a drag carries, and a mixin for a panel
that takes them (the 收件人 panel, the 录音文件 panel)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtCore import QMimeData
    from PySide6.QtGui import QDragEnterEvent, QDragLeaveEvent, QDragMoveEvent, QDropEvent

from jianmi_desktop.gui.widgets.mixin import WidgetMixin


def local_files(mime: QMimeData | None) -> list[Path]:
    """The local files in a drag or on the clipboard (none when there is no mime data)."""
    if mime is None or not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


class FileDropMixin(WidgetMixin):
    """Drag-and-drop of local files onto a widget (put it before the Qt class:
    ``class Panel(FileDropMixin, QFrame)``, and call ``setAcceptDrops(True)``).

    While files are dragged over it the widget gets a dashed border (through its object name);
    a drop hands the files to ``drop_files(files)``, which the widget defines."""

    local_files = staticmethod(local_files)

    def drop_files(self, files: list[Path]) -> None:
        raise NotImplementedError

    def drop_one(self, files: list[Path], several: str, title: str) -> None:
        """For a panel that takes one file at a time (``load_file``): the first, and a word that the
        others were left (``several`` names the one taken as {name})."""
        if len(files) > 1:
            from jianmi_desktop.gui.widgets.messages import show_error

            show_error(self, several.format(name=files[0].name), title)
        self.load_file(files[0])

    def load_file(self, path: Path) -> None:
        raise NotImplementedError

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt's name
        if self.local_files(event.mimeData()):
            event.acceptProposedAction()
            self.setStyleSheet(f"#{self.objectName()} {{ border: 2px dashed #3b7dd8; }}")
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802
        if self.local_files(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:  # noqa: N802
        self.setStyleSheet("")
        super().dragLeaveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        self.setStyleSheet("")
        files = self.local_files(event.mimeData())
        if not files:
            event.ignore()
            return
        event.acceptProposedAction()
        self.drop_files(files)
