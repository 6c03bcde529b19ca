"""The icons of the tabs, buttons and menus: Tabler Icons (MIT), shipped as SVG files in
``jianmi_desktop/resources/icons/`` with their licence.

``icon(name)`` is a QIcon that QtSvg draws at the size and device pixel ratio it is painted at, so
it is as sharp at 150 % and 200 % as at 100 % (never a small bitmap scaled up). The SVGs draw
their lines in ``currentColor``; here that is the colour of the text (the palette's button text),
and its disabled grey for a disabled control; on the blue 发送 button (``style.mark_primary``)
the button's own white. One QIcon per name and colour, made when first asked for; each size it
has been drawn at is kept.

``with_icon(button_or_action, name)`` sets it: on a primary button in the primary colours.
"""

from __future__ import annotations

import logging
from typing import TypeVar

from PySide6.QtCore import QByteArray, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QAction, QGuiApplication, QIcon, QIconEngine, QImage, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QAbstractButton

from jianmi_desktop.gui.style import PRIMARY_DISABLED_TEXT, PRIMARY_TEXT, is_primary
from jianmi_desktop.resources import icon_path

_log = logging.getLogger(__name__)
_made: dict[tuple[str, bool], QIcon] = {}
Decorated = TypeVar("Decorated", bound=QAbstractButton | QAction)


class SvgIconEngine(QIconEngine):
    """Draws one SVG in two colours: ``colours`` is (enabled, disabled), as ``#rrggbb``."""

    def __init__(self, svg: bytes, colours: tuple[str, str]) -> None:
        super().__init__()
        self._svg = svg
        self._colours = colours
        self._renderers: dict[bool, QSvgRenderer] = {}
        self._drawn: dict[tuple[int, int, float, bool], QPixmap] = {}

    def _renderer(self, disabled: bool) -> QSvgRenderer:
        renderer = self._renderers.get(disabled)
        if renderer is None:
            colour = self._colours[1 if disabled else 0].encode("ascii")
            renderer = QSvgRenderer(QByteArray(self._svg.replace(b"currentColor", colour)))
            renderer.setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
            self._renderers[disabled] = renderer
        return renderer

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        self._renderer(mode == QIcon.Mode.Disabled).render(painter, QRectF(rect))

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self.scaledPixmap(size, mode, state, 1.0)

    def scaledPixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State,  # noqa: N802 - Qt's name
                     scale: float) -> QPixmap:
        """``size`` in logical pixels; the picture is drawn at ``size × scale`` device pixels."""
        disabled = mode == QIcon.Mode.Disabled
        width, height = max(1, round(size.width() * scale)), max(1, round(size.height() * scale))
        key = (width, height, scale, disabled)
        pixmap = self._drawn.get(key)
        if pixmap is None:
            image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
            image.fill(Qt.GlobalColor.transparent)
            painter = QPainter(image)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            self._renderer(disabled).render(painter, QRectF(0, 0, width, height))
            painter.end()
            pixmap = QPixmap.fromImage(image)
            pixmap.setDevicePixelRatio(scale)
            self._drawn[key] = pixmap
        return pixmap

    def clone(self) -> QIconEngine:
        return SvgIconEngine(self._svg, self._colours)

    def key(self) -> str:
        return "jianmi-svg"


def text_colours() -> tuple[str, str]:
    """The palette's button text, enabled and disabled."""
    palette = QGuiApplication.palette()
    role = QPalette.ColorRole.ButtonText
    return (palette.color(QPalette.ColorGroup.Active, role).name(),
            palette.color(QPalette.ColorGroup.Disabled, role).name())


def icon(name: str, *, on_primary: bool = False) -> QIcon:
    """The icon ``name`` (one of ``resources.ICON_NAMES``); an empty icon, and a line in the log,
    when its file is missing (a damaged installation shows buttons without pictures, not an error)."""
    made = _made.get((name, on_primary))
    if made is None:
        try:
            svg = icon_path(name).read_bytes()
        except OSError as exc:
            _log.warning("icon %s not found: %s", name, exc)
            return QIcon()
        colours = (PRIMARY_TEXT, PRIMARY_DISABLED_TEXT) if on_primary else text_colours()
        made = _made[(name, on_primary)] = QIcon(SvgIconEngine(svg, colours))
    return made


def with_icon(target: Decorated, name: str) -> Decorated:
    """Give a button or a menu action the icon ``name`` (a primary button: in its white)."""
    primary = isinstance(target, QAbstractButton) and is_primary(target)
    target.setIcon(icon(name, on_primary=primary))
    return target
