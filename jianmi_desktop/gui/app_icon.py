"""The app icon as a QIcon: every shipped size, so each place (title bar, task bar, tray) gets
a picture drawn for its size instead of one scaled down from a large bitmap."""

from __future__ import annotations

from PySide6.QtGui import QIcon

from jianmi_desktop.resources import app_icon_paths


def app_icon() -> QIcon:
    icon = QIcon()
    for path in app_icon_paths():
        if path.is_file():
            icon.addFile(str(path))
    return icon
