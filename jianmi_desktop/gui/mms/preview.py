"""A phone-shaped preview that plays the frames for their times, as the recipient will see them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QImage, QMovie, QPainter, QPen
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from jianmi_desktop.gui.widgets.icons import with_icon

if TYPE_CHECKING:
    from jianmi_desktop.mms.model import Frame, MmsMessage


class PhoneScreen(QWidget):
    """Paints a phone: the title at the top, the frame's picture scaled to fit, its text below."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("phoneScreen")
        self.setMinimumSize(120, 200)  # the phone scales to the room it has (a 1366×768 laptop too)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self.title = ""
        self.frame: Frame | None = None
        self.image: QImage | None = None  # decoded picture of the frame
        self.index = 0
        self.count = 0

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(250, 470)

    def show_frame(self, title: str, frame: Frame | None, image: QImage | None, index: int, count: int) -> None:
        self.title, self.frame, self.image, self.index, self.count = title, frame, image, index, count
        self.update()

    def paintEvent(self, event) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        # the phone keeps a 1 : 2 shape inside whatever room it has
        height = min(self.height() - 4, (self.width() - 4) * 2)
        width = height / 2
        body = QRectF((self.width() - width) / 2, (self.height() - height) / 2, width, height)
        painter.setPen(QPen(QColor("#222"), 2))
        painter.setBrush(QColor("#2b2b2b"))
        painter.drawRoundedRect(body, width * 0.12, width * 0.12)
        screen = body.adjusted(width * 0.05, height * 0.07, -width * 0.05, -height * 0.07)
        painter.setBrush(QColor("white"))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawRect(screen)
        painter.setBrush(QColor("#555"))  # speaker and button
        painter.drawRoundedRect(QRectF(body.center().x() - width * 0.12, body.top() + height * 0.03,
                                       width * 0.24, height * 0.01), 2, 2)
        painter.drawEllipse(QRectF(body.center().x() - height * 0.02, body.bottom() - height * 0.055,
                                   height * 0.04, height * 0.04))

        inner = screen.adjusted(6, 4, -6, -4)
        font = QFont(self.font())
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor("#111"))
        metrics = painter.fontMetrics()
        title_h = metrics.height() + 6
        title = metrics.elidedText(self.title or self.tr("（无标题）"), Qt.TextElideMode.ElideRight, int(inner.width()))
        painter.drawText(QRectF(inner.left(), inner.top(), inner.width(), title_h), Qt.AlignmentFlag.AlignCenter, title)
        painter.setPen(QPen(QColor("#ddd")))
        line_y = int(inner.top() + title_h)  # whole pixels, as Qt's int overload always drew it
        painter.drawLine(int(inner.left()), line_y, int(inner.right()), line_y)
        footer_h = metrics.height() + 4
        font.setBold(False)
        painter.setFont(font)
        painter.setPen(QColor("#888"))
        if self.count:
            seconds = self.frame.seconds if self.frame is not None else 0
            painter.drawText(QRectF(inner.left(), inner.bottom() - footer_h, inner.width(), footer_h),
                             Qt.AlignmentFlag.AlignCenter,
                             self.tr("{i}/{n} · {s} 秒").format(i=self.index + 1, n=self.count, s=seconds))
        area = QRectF(inner.left(), inner.top() + title_h + 6, inner.width(), inner.height() - title_h - footer_h - 10)
        if self.frame is None:
            painter.drawText(area, int(Qt.AlignmentFlag.AlignCenter) | int(Qt.TextFlag.TextWordWrap),
                             self.tr("还没有帧"))
            painter.end()
            return
        text = self.frame.text or ""
        text_h = 0.0
        if text:
            bound = painter.fontMetrics().boundingRect(
                0, 0, int(area.width()), 10_000, int(Qt.TextFlag.TextWordWrap), text)
            text_h = min(bound.height() + 4, area.height() * (0.4 if self.image is not None else 1.0))
        top = area.top()
        if self.image is not None and not self.image.isNull():
            room = QRectF(area.left(), area.top(), area.width(), area.height() - text_h - (6 if text else 0))
            scale = min(room.width() / self.image.width(), room.height() / self.image.height(), 4.0)
            w, h = self.image.width() * scale, self.image.height() * scale
            painter.drawImage(QRectF(room.left() + (room.width() - w) / 2, room.top(), w, h), self.image)
            top = room.top() + h + 6
        if text:
            painter.setPen(QColor("#111"))
            if self.image is None:  # a text-only frame: in the middle of the screen
                top = area.top() + max(0.0, (area.height() - text_h) / 2)
            painter.drawText(QRectF(area.left(), top, area.width(), text_h),
                             int(Qt.TextFlag.TextWordWrap) | int(Qt.AlignmentFlag.AlignTop), text)
        painter.end()


class PhonePreview(QWidget):
    """The phone and its play / stop buttons; a QTimer moves to the next frame after its seconds."""

    frame_shown = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("phonePreview")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(self.tr("<b>手机预览</b>"), self))
        self.phone = PhoneScreen(self)
        layout.addWidget(self.phone, 1)
        buttons = QHBoxLayout()
        self.play_button = with_icon(QPushButton(self.tr("播放"), self), "player-play")
        self.play_button.setObjectName("playButton")
        self.play_button.setToolTip(self.tr("按每一帧的显示时间依次播放"))
        self.play_button.clicked.connect(self.toggle)
        buttons.addStretch(1)
        buttons.addWidget(self.play_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.timer = QTimer(self, singleShot=True)
        self.timer.timeout.connect(self._next)
        self.title = ""
        self.frames: tuple[Frame, ...] = ()
        self.images: dict[bytes, QImage] = {}  # fitted image bytes → decoded picture
        self.index = 0
        self.speed = 1.0  # tests play faster
        self.movie: QMovie | None = None  # an animated GIF on the screen plays as on a phone
        self._movie_data: bytes | None = None

    @property
    def playing(self) -> bool:
        return self.timer.isActive()

    def set_message(self, message: MmsMessage, images: dict[bytes, QImage], index: int) -> None:
        self.title, self.frames, self.images = message.title, message.frames, images
        if not self.playing:
            self.index = index
        self.index = max(0, min(self.index, len(self.frames) - 1))
        if not self.frames:
            self.stop()
        self._show()

    def _show(self) -> None:
        frame = self.frames[self.index] if self.frames else None
        data = frame.image if frame is not None and frame.image else None
        image = self.images.get(data) if data is not None else None
        self._animate(data)
        if self.movie is not None and not self.movie.currentImage().isNull():
            image = self.movie.currentImage()
        self.phone.show_frame(self.title, frame, image, self.index, len(self.frames))

    def _animate(self, data: bytes | None) -> None:
        """Play the picture when it is an animated GIF (a still image or another format: nothing)."""
        if data == self._movie_data:
            return  # the same picture: let it go on playing
        if self.movie is not None:
            self.movie.stop()
            self.movie.deleteLater()
            self.movie = None
        self._movie_data = data
        if not data or data[:6] not in (b"GIF87a", b"GIF89a"):
            return
        buffer = QBuffer(self)
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        movie = QMovie(buffer, QByteArray(b"gif"), self)
        buffer.setParent(movie)  # goes with the movie
        if not movie.isValid() or movie.frameCount() <= 1:
            movie.deleteLater()
            return
        movie.setCacheMode(QMovie.CacheMode.CacheAll)  # ≤ 80,000 bytes: decode once, loop for free
        movie.frameChanged.connect(self._movie_frame)
        self.movie = movie
        movie.start()

    def _movie_frame(self, _number: int) -> None:
        if self.movie is not None:
            self.phone.image = self.movie.currentImage()
            self.phone.update()

    def toggle(self) -> None:
        if self.playing:
            self.stop()
        else:
            self.play()

    def play(self) -> None:
        if not self.frames:
            return
        self.index = 0
        self._show()
        with_icon(self.play_button, "player-stop").setText(self.tr("停止"))
        self.timer.start(int(self.frames[0].seconds * 1000 / self.speed))
        self.frame_shown.emit(self.index)

    def stop(self) -> None:
        self.timer.stop()
        with_icon(self.play_button, "player-play").setText(self.tr("播放"))

    def _next(self) -> None:
        if not self.frames:
            self.stop()
            return
        self.index += 1
        if self.index >= len(self.frames):
            self.index = len(self.frames) - 1
            self.stop()
            return
        self._show()
        self.frame_shown.emit(self.index)
        self.timer.start(int(self.frames[self.index].seconds * 1000 / self.speed))
