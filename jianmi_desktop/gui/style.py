"""The window's look in one place: the system's CJK font, and one stylesheet.

- The font: Microsoft YaHei UI on Windows, PingFang SC on macOS, Noto Sans CJK SC on Linux
  (UOS, Deepin and Kylin ship it) — the first the system has, at the system's size.
- The main action of each tab (发送…, 发送彩信…) is a *primary* button: ``mark_primary(button)``
  gives it the property the stylesheet colours (blue, bold, a little larger); a disabled one
  is grey, so "can I send?" reads at a glance. Everything else stays native.
- Icons (Tabler Icons, drawn by ``gui/widgets/icons.py``) take the colour of the text; on a
  primary button the colours below.
"""

from __future__ import annotations

import sys

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

PRIMARY = "#1f6fd1"
PRIMARY_HOVER = "#195cb0"
PRIMARY_DOWN = "#134a8e"
PRIMARY_TEXT = "#ffffff"            # the words and the icon on the blue button
PRIMARY_DISABLED_TEXT = "#f4f6f9"   # ... and on the grey one

FONTS = {
    "win32": ("Microsoft YaHei UI", "Microsoft YaHei"),
    "darwin": ("PingFang SC", "Hiragino Sans GB"),
    "linux": ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei"),
}

STYLESHEET = f"""
QPushButton[primary="true"] {{
    background-color: {PRIMARY}; color: {PRIMARY_TEXT}; font-weight: bold;
    border: 1px solid {PRIMARY_DOWN}; border-radius: 4px; padding: 5px 18px; min-height: 22px;
}}
QPushButton[primary="true"]:hover {{ background-color: {PRIMARY_HOVER}; }}
QPushButton[primary="true"]:pressed {{ background-color: {PRIMARY_DOWN}; }}
QPushButton[primary="true"]:focus {{ border: 2px solid #0b3a73; }}
QPushButton[primary="true"]:disabled {{ background-color: #c9d3df; color: {PRIMARY_DISABLED_TEXT}; border-color: #b8c2ce; }}
"""


def system_font_family(platform: str | None = None) -> str | None:
    """The first CJK family of this platform's list that the system has, or None."""
    platform = platform or ("linux" if sys.platform.startswith("linux") else sys.platform)
    installed = set(QFontDatabase.families())
    for family in FONTS.get(platform, ()):
        if family in installed:
            return family
    return None


def apply_style(app: QApplication) -> None:
    """The font and the stylesheet, once, before the window is built."""
    family = system_font_family()
    if family is not None:
        font = QFont(app.font())
        font.setFamily(family)
        app.setFont(font)
    app.setStyleSheet(STYLESHEET)


def mark_primary(button: QPushButton) -> QPushButton:
    """Make ``button`` the highlighted main action of its tab."""
    button.setProperty("primary", True)
    button.setDefault(False)
    style = button.style()
    style.unpolish(button)
    style.polish(button)
    return button


def is_primary(widget: QWidget) -> bool:
    return bool(widget.property("primary"))
