"""The icons of the tabs, buttons and menus: Tabler Icons (MIT), shipped as SVG files in
``jianmi_desktop/resources/icons/`` with their licence.

``icon(name)`` is a QIcon that QtSvg draws at the size and device pixel ratio it is painted at, so
it is as sharp at 150 % and 200 % as at 100 % (never a small bitmap scaled up). The SVGs draw
their lines in ``currentColor``; here that is the colour of the text (the palette's button text),
and its disabled grey for a disabled control; on the blue 发送 button (``style.mark_primary``)
the button's own white; in a menu, white like the words on the highlighted item. One QIcon per
name and colours, made when first asked for; each size it has been drawn at is kept.

``with_icon(button_or_action, name)`` sets it: on a primary button in the primary colours, on a
menu's action in the menu's. ``search_icon(field, text)`` puts a magnifier in a search field.
"""

from __future__ import annotations

import logging
from typing import Literal, TypeVar

from PySide6 import QtCore
from PySide6.QtCore import QByteArray, QRect, QRectF, QSize
from PySide6.QtGui import QAction, QGuiApplication, QIcon, QIconEngine, QImage, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QAbstractButton, QLineEdit

from jianmi_desktop.gui.style import PRIMARY_DISABLED_TEXT, PRIMARY_TEXT, is_primary
from jianmi_desktop.resources import icon_path

_log = logging.getLogger(__name__)
Mode = QIcon.Mode
On = Literal["text", "menu", "primary"]
_made: dict[tuple[str, On], QIcon] = {}
Decorated = TypeVar("Decorated", bound=QAbstractButton | QAction)


class SvgIconEngine(QIconEngine):
    """Draws one SVG in a colour (``#rrggbb``) for each icon mode; a mode not in ``colours`` takes
    the Normal one."""

    def __init__(self, svg: bytes, colours: dict[QIcon.Mode, str]) -> None:
        super().__init__()
        self._svg = svg
        self._colours = colours
        self._renderers: dict[str, QSvgRenderer] = {}
        self._drawn: dict[tuple[int, int, float, str], QPixmap] = {}

    def _colour(self, mode: QIcon.Mode) -> str:
        return self._colours.get(mode) or self._colours[Mode.Normal]

    def _renderer(self, colour: str) -> QSvgRenderer:
        renderer = self._renderers.get(colour)
        if renderer is None:
            renderer = QSvgRenderer(QByteArray(self._svg.replace(b"currentColor", colour.encode("ascii"))))
            self._renderers[colour] = renderer
        return renderer

    def _draw(self, colour: str, painter: QPainter, width: float, height: float, left: float = 0,
              top: float = 0) -> None:
        """The SVG in the middle of the box, its shape kept (Qt's KeepAspectRatio, worked out here:
        the tab icons are drawn for the first paint, before anything has loaded Qt's ``Qt``
        namespace — see gui/app.py)."""
        renderer = self._renderer(colour)
        box = renderer.viewBoxF()
        scale = min(width / box.width(), height / box.height()) if box.width() > 0 and box.height() > 0 else 0
        if scale <= 0:
            renderer.render(painter, QRectF(left, top, width, height))
            return
        w, h = box.width() * scale, box.height() * scale
        renderer.render(painter, QRectF(left + (width - w) / 2, top + (height - h) / 2, w, h))

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        self._draw(self._colour(mode), painter, rect.width(), rect.height(), rect.x(), rect.y())

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self.scaledPixmap(size, mode, state, 1.0)

    def scaledPixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State,  # noqa: N802 - Qt's name
                     scale: float) -> QPixmap:
        """``size`` in logical pixels; the picture is drawn at ``size × scale`` device pixels."""
        colour = self._colour(mode)
        width, height = max(1, round(size.width() * scale)), max(1, round(size.height() * scale))
        key = (width, height, scale, colour)
        pixmap = self._drawn.get(key)
        if pixmap is None:
            # transparent: every pixel 0 (made from zeroed bytes, copied so Qt owns the pixels;
            # QImage.fill would load the Qt namespace, which the first paint goes without)
            image = QImage(bytes(width * height * 4), width, height, width * 4,
                           QImage.Format.Format_ARGB32_Premultiplied).copy()
            painter = QPainter(image)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            self._draw(colour, painter, width, height)
            painter.end()
            pixmap = QPixmap.fromImage(image)
            pixmap.setDevicePixelRatio(scale)
            self._drawn[key] = pixmap
        return pixmap

    def clone(self) -> QIconEngine:
        return SvgIconEngine(self._svg, dict(self._colours))

    def key(self) -> str:
        return "jianmi-svg"


def colours(on: On = "text") -> dict[QIcon.Mode, str]:
    """The colours of each mode: ``"text"`` the palette's button text, enabled and disabled;
    ``"menu"`` the same, and the highlighted text on the item under the mouse (Qt draws it in the
    Active mode, which a focused button uses too: so only for actions in a menu); ``"primary"``
    the blue button's white."""
    if on == "primary":
        return {Mode.Normal: PRIMARY_TEXT, Mode.Disabled: PRIMARY_DISABLED_TEXT}
    palette = QGuiApplication.palette()
    group, role = QPalette.ColorGroup, QPalette.ColorRole
    made = {Mode.Normal: palette.color(group.Active, role.ButtonText).name(),
            Mode.Disabled: palette.color(group.Disabled, role.ButtonText).name()}
    if on == "menu":
        made[Mode.Active] = made[Mode.Selected] = palette.color(group.Active, role.HighlightedText).name()
    return made


def icon(name: str, *, on: On = "text") -> QIcon:
    """The icon ``name`` (one of ``resources.ICON_NAMES``) in the colours ``on`` ("text", "menu",
    "primary": see ``colours``); an empty icon, and a line in the log, when its file is missing
    (a damaged installation shows buttons without pictures, not an error)."""
    made = _made.get((name, on))
    if made is None:
        try:
            svg = icon_path(name).read_bytes()
        except OSError as exc:
            _log.warning("icon %s not found: %s", name, exc)
            return QIcon()
        made = _made[(name, on)] = QIcon(SvgIconEngine(svg, colours(on)))
    return made


def with_icon(target: Decorated, name: str) -> Decorated:
    """Give a button or a menu action the icon ``name``: a primary button's in its white, an
    action's in the menu's colours."""
    if isinstance(target, QAbstractButton):
        target.setIcon(icon(name, on="primary" if is_primary(target) else "text"))
    else:
        target.setIcon(icon(name, on="menu"))
    return target


def search_icon(edit: QLineEdit, text: str) -> QAction:
    """A magnifier at the start of the search field ``edit``; a click on it puts the cursor in the
    field. ``text`` (translated by the caller) says what it is, to a tooltip and a screen reader."""
    action = edit.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
    action.setText(text)
    action.triggered.connect(lambda: edit.setFocus(QtCore.Qt.FocusReason.OtherFocusReason))
    return action
