"""Run in a child process on an offscreen screen of a given size (QT_QPA_PLATFORM=offscreen:
configfile=…): open the real main window as the program does, show each tab, and print as JSON
the screen's free area, the window's frame, and where each tab's 发送 button is."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication, QPushButton


def main() -> None:
    app = QApplication(sys.argv)
    from jianmi_desktop.gui.controller import Controller
    from jianmi_desktop.gui.main_window import MainWindow
    from jianmi_desktop.settings import Settings

    folder = Path(sys.argv[1])
    window = MainWindow(Controller(folder, Settings()))
    window.show()
    app.processEvents()
    screen = window.screen().availableGeometry()
    out = {"screen": [screen.x(), screen.y(), screen.width(), screen.height()],
           "window": [window.x(), window.y(), window.width(), window.height()], "tabs": {}}
    for i in range(window.tabs.count()):
        window.tabs.setCurrentIndex(i)
        app.processEvents()
        tab = window.tabs.widget(i)
        buttons = [b for b in tab.findChildren(QPushButton) if b.objectName() in ("sendButton", "mmsSendButton") and b.isVisible()]
        for button in buttons:
            top_left = button.mapTo(window, QPoint(0, 0))
            out["tabs"][type(tab).__name__] = [top_left.x(), top_left.y(), button.width(), button.height()]
    print(json.dumps(out))


if __name__ == "__main__":
    main()
