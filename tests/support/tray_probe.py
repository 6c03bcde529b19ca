"""Run by tests/gui/test_tray.py on a real X display with a system tray (Xvfb + trayer):
send on the embedded sandbox, close the window, choose to keep running in the tray, and
check that the window hides, the tray icon shows, and the campaign still ends. Prints JSON."""

from __future__ import annotations

import asyncio
import json
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "xcb"
os.environ.setdefault("QT_API", "pyside6")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import qasync  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox, QSystemTrayIcon  # noqa: E402


async def until(predicate, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(str(predicate))
        await asyncio.sleep(0.05)


def box(name: str):
    return next((w for w in QApplication.topLevelWidgets()
                 if isinstance(w, QMessageBox) and w.isVisible() and w.objectName() == name), None)


def same_pixels(icon, size: int) -> bool:
    """The icon at ``size`` has the pixels of the shipped app_icon-<size>.png (both premultiplied)."""
    from PySide6.QtGui import QImage

    from jianmi_desktop.resources import resource_path

    fmt = QImage.Format.Format_ARGB32_Premultiplied
    shown = icon.pixmap(size, size).toImage().convertToFormat(fmt)
    return shown == QImage(str(resource_path(f"app_icon-{size}.png"))).convertToFormat(fmt)


async def main() -> dict:
    from jianmi_desktop.gui.controller import Controller
    from jianmi_desktop.gui.main_window import MainWindow
    from jianmi_desktop.settings import Settings

    app = QApplication.instance()
    app.setQuitOnLastWindowClosed(False)
    # the tray host (trayer) was started beside the display: wait until it has claimed the tray
    await until(QSystemTrayIcon.isSystemTrayAvailable, timeout=15)
    settings = Settings()
    settings.batch_size = 10
    controller = Controller(Path(tempfile.mkdtemp()), settings)
    window = MainWindow(controller)
    window.show()
    await controller.start()
    tab = next(t for t in window.tab_widgets if type(t).__name__ == "SmsTab")
    tab.panel.paste_edit.setPlainText("\n".join(str(13800000000 + i) for i in range(300)))
    tab.composer.signature_edit.setText("茧米")
    tab.composer.text_edit.setPlainText("会员日全场八折，欢迎光临。拒收请回复R")
    await until(lambda: tab.send_button.isEnabled())
    tab.send_button.click()
    await until(lambda: box("sendConfirmation"))
    confirm = box("sendConfirmation")
    next(b for b in confirm.buttons() if confirm.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole).click()
    await until(lambda: tab.progress.bar.value() >= 2)
    window.close()
    await until(lambda: box("closeGuardBox"))
    guard_box = box("closeGuardBox")
    labels = [b.text() for b in guard_box.buttons()]
    next(b for b in guard_box.buttons() if b.text() == "留在系统托盘里继续").click()
    await until(lambda: not window.isVisible())
    tray_visible = tab.window().guard.tray is not None and tab.window().guard.tray.isVisible()
    tray_icon_is_app_icon = tray_visible and same_pixels(tab.window().guard.tray.icon(), 32)
    sending_while_hidden = tab.binding.busy
    await until(lambda: tab.progress.state == "done", timeout=60)
    cid = tab.progress.campaign_id
    sent = sum(len(s.mobiles) for s in controller.runtime.sandbox_thread.sandbox.state.submissions)
    counts = await controller.store.campaign_counts(cid)
    result = {"tray_available": QSystemTrayIcon.isSystemTrayAvailable(), "labels": labels,
              "window_hidden": not window.isVisible(), "tray_visible": tray_visible,
              "sending_while_hidden": sending_while_hidden, "tray_icon_is_app_icon": tray_icon_is_app_icon, "sent": sent,
              "pending": counts["pending"] + counts["sending"]}
    tab.window().guard.allow_close = True
    await controller.stop()
    return result


if __name__ == "__main__":
    print(json.dumps(qasync.run(main()), ensure_ascii=False), flush=True)
