"""Run by tests/gui/test_app_start.py: the real program (gui/app.py run()) whose services take 8 s to
start — a keychain that prompts, an unreachable platform — and a user who closes the window after
1 s. Prints JSON: how long run() took and what it returned."""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from jianmi_desktop import runtime  # noqa: E402
from jianmi_desktop.gui import app  # noqa: E402

slow_start = runtime.Runtime.start


async def start_slowly(self):
    await asyncio.sleep(8)
    return await slow_start(self)


runtime.Runtime.start = start_slowly
qapp = QApplication([sys.argv[0]])


def close_the_window() -> None:
    for widget in QApplication.topLevelWidgets():
        if widget.objectName() == "mainWindow" and widget.isVisible():
            widget.close()


QTimer.singleShot(1000, close_the_window)
began = time.monotonic()
code = app.run([sys.argv[0]])
print(json.dumps({"seconds": time.monotonic() - began, "code": code}))
