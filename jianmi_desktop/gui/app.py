"""Start the window: Qt first, qasync on Qt's loop, the services after the first paint."""

from __future__ import annotations

import asyncio
import os
import sys


def run(argv: list[str] | None = None) -> int:
    os.environ.setdefault("QT_API", "pyside6")
    import qasync
    from PySide6.QtCore import QCoreApplication, QTimer
    from PySide6.QtWidgets import QApplication

    from jianmi_desktop.gui.app_icon import app_icon
    from jianmi_desktop.gui.controller import Controller
    from jianmi_desktop.gui.i18n import install_translators
    from jianmi_desktop.gui.main_window import MainWindow
    from jianmi_desktop.gui.probe import StartupProbe
    from jianmi_desktop.settings import data_dir, load_settings, setup_logging

    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    assert isinstance(app, QApplication)  # a window needs the widgets' application, not a QCoreApplication
    app.setApplicationName("jianmi-desktop")
    app.setApplicationDisplayName("茧米桌面")
    app.setOrganizationName("Jianmi")
    # The window's close ends main() below, which stops the services first; Qt must not end
    # its loop on its own when the last window closes, or the services' shutdown has no loop.
    app.setQuitOnLastWindowClosed(False)
    app.setWindowIcon(app_icon())  # the tray icon takes it too
    from jianmi_desktop.gui.style import apply_style

    apply_style(app)   # the system's CJK font and the one stylesheet (gui/style.py)
    folder = data_dir()
    setup_logging(folder)
    settings = load_settings(folder)
    install_translators(app, settings.language)
    app.setApplicationDisplayName(QCoreApplication.translate("App", "茧米桌面"))
    controller = Controller(folder, settings)
    window = MainWindow(controller, defer_tabs=True)  # the other tabs are built after the first paint
    window.show()

    probe = StartupProbe.from_environment(window, controller)  # only for the start-up benchmark (gui/probe.py)

    async def main() -> None:
        closed = asyncio.Event()
        window.closed.connect(closed.set)
        started = asyncio.get_running_loop().create_future()

        def painted() -> None:
            if not started.done():
                started.set_result(None)

        QTimer.singleShot(0, painted)  # after the first paint
        await started
        if probe:
            probe.painted()
        window.build_tabs()
        if probe:
            probe.watch()
        controller.spawn(controller.start())
        from jianmi_desktop.gui.welcome import maybe_welcome

        maybe_welcome(window)   # the first start on the sandbox: what it is, three things to try
        await closed.wait()
        await controller.stop()

    qasync.run(main())
    return 0
