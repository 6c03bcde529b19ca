"""Start the window: Qt first, qasync on Qt's loop, the services after the first paint."""

from __future__ import annotations

import asyncio
import os
import sys


def run(argv: list[str] | None = None) -> int:
    os.environ.setdefault("QT_API", "pyside6")
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    import qasync

    from jianmi_desktop.gui.controller import Controller
    from jianmi_desktop.gui.i18n import install_translators
    from jianmi_desktop.gui.main_window import MainWindow
    from jianmi_desktop.resources import resource_path
    from jianmi_desktop.settings import data_dir, load_settings, setup_logging

    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    app.setApplicationName("jianmi-desktop")
    app.setApplicationDisplayName("茧米桌面")
    app.setOrganizationName("Jianmi")
    icon = resource_path("app_icon.png")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    folder = data_dir()
    setup_logging(folder)
    settings = load_settings(folder)
    install_translators(app, settings.language)
    controller = Controller(folder, settings)
    window = MainWindow(controller)
    window.show()

    async def main() -> None:
        closed = asyncio.Event()
        window.closed.connect(closed.set)
        started = asyncio.get_running_loop().create_future()
        QTimer.singleShot(0, lambda: started.done() or started.set_result(None))  # after the first paint
        await started
        controller.spawn(controller.start())
        await closed.wait()
        await controller.stop()

    qasync.run(main())
    return 0
