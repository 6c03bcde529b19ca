"""The window shows the app icon made from resources/icons/jianmi-desktop.svg (the tray takes the
window's icon: tests/gui/test_tray.py checks it on a real tray)."""

from __future__ import annotations

from PySide6.QtGui import QImage

from jianmi_desktop.resources import app_icon_paths


def same_pixels(icon, path, size: int) -> bool:
    # both premultiplied, as a pixmap keeps them: the same rounding on each side
    shown = icon.pixmap(size, size).toImage().convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)
    shipped = QImage(str(path)).convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)
    return shown.size() == shipped.size() and shown == shipped


def test_the_window_icon_is_the_app_icon_at_every_shipped_size(window):
    icon = window.windowIcon()
    assert not icon.isNull()
    for path in app_icon_paths():
        size = int(path.stem.rsplit("-", 1)[1])
        assert same_pixels(icon, path, size), path.name
