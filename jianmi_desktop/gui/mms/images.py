"""Pictures for the 彩信 tab: read and fitted in a worker thread, decoded for the thumbnails there too.

Everything here is synchronous and meant for ``asyncio.to_thread``: reading a file, ``fit_image``
(Pillow), and decoding the fitted bytes into a ``QImage`` (QImage, unlike QPixmap, may be used
off the GUI thread). The undo command that every edit of the message goes through is here too.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QImage, QUndoCommand

from jianmi_desktop.mms.fit import FittedImage, fit_image
from jianmi_desktop.safefiles import read_limited

MAX_FILE_BYTES = 30 * 1000 * 1000   # a phone photo is a few MB; a 50 MP JPEG about 25 MB


@dataclass(frozen=True)
class Picture:
    fitted: FittedImage
    name: str
    image: QImage     # the fitted picture, decoded


def decode(data: bytes) -> QImage:
    image = QImage()
    image.loadFromData(data)
    return image


def load_picture(path: Path, max_side: int) -> Picture:
    """Read ``path`` and fit it; JianmiError (ImageFitError) with a message naming the file."""
    name = path.name
    data = read_limited(path, MAX_FILE_BYTES, what_zh="图片", what_en="picture",
                        hint_zh="请先用看图软件缩小或另存为 JPEG。", hint_en="Shrink it or save it as JPEG first.")
    fitted = fit_image(data, max_side=max_side, name=name)
    return Picture(fitted, name, decode(fitted.data))


def fit_qimage(image: QImage, name: str, max_side: int) -> Picture:
    """A picture from the clipboard (a QImage): saved as PNG in memory, then fitted."""
    array = QByteArray()
    buffer = QBuffer(array)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # stubs say bytes; PySide6 takes only str here
    buffer.close()
    fitted = fit_image(bytes(array.data()), max_side=max_side, name=name)
    return Picture(fitted, name, decode(fitted.data))


class EditCommand(QUndoCommand):
    """One edit of the message: the whole message before and after (frames are shared, so it is cheap).

    Typing in the same frame's text (or the title, or the same frame's seconds) merges into one
    command, so Ctrl+Z takes back a word, not a letter."""

    MERGE_ID = 0x6d6d73

    def __init__(self, text: str, before, after, apply, merge_key=None, current: int | None = None) -> None:
        super().__init__(text)
        self.before, self.after, self.apply = before, after, apply
        self.merge_key = merge_key
        self.current_before = current
        self.current_after = current

    def redo(self) -> None:
        self.apply(self.after, self.current_after)

    def undo(self) -> None:
        self.apply(self.before, self.current_before)

    def id(self) -> int:  # noqa: A003 - Qt's name
        return self.MERGE_ID if self.merge_key is not None else -1

    def mergeWith(self, other) -> bool:  # noqa: N802 - Qt's name
        if not isinstance(other, EditCommand) or other.merge_key != self.merge_key or self.merge_key is None:
            return False
        self.after = other.after
        self.current_after = other.current_after
        return True
