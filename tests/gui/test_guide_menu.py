"""帮助 → 使用说明 opens the guide shipped with the program, in the window's language."""

from __future__ import annotations

import re

from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QAction, QDesktopServices

from jianmi_desktop.resources import guide_path


class Opened(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


def test_the_help_menu_opens_the_guide_and_its_pictures_are_there(window):
    action = window.findChild(QAction, "guideAction")
    assert action is not None and action.text() == "使用说明(&G)"
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "帮助(&H)")
    assert action in help_menu.actions()
    opened = Opened()
    QDesktopServices.setUrlHandler("file", opened, "open")  # catch it instead of starting a browser
    try:
        action.trigger()
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert [u.toLocalFile() for u in opened.urls] == [str(guide_path("zh_CN"))]
    for lang in ("zh_CN", "en"):
        page = guide_path(lang)
        html = page.read_text(encoding="utf-8")
        assert "状态不明" in html
        for src in re.findall(r'<img src="([^"]+)"', html):
            assert (page.parent / src).is_file(), src
