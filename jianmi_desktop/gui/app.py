"""Start the window: its frame painted first, then the current tab, the services, the other tabs.

The order is what the start-up figures of ``benchmarks/startup.py`` rest on: nothing but Qt, the
settings and the window's frame is loaded before the first paint (no asyncio, no qasync, no store,
no network code), so the window appears about as soon as a bare Qt window would. The current tab follows at
once, then the 余额 tab and the services (the balance is asked for as they are up); the other tabs
are built while the answer is on its way, and only then is an unfinished campaign offered.
"""

from __future__ import annotations

import logging
import os
import sys


def run(argv: list[str] | None = None) -> int:
    os.environ.setdefault("QT_API", "pyside6")
    from jianmi_desktop.gui import qt_imports

    qt_imports.install()   # before the first PySide6 import: later imports stay cheap
    from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from jianmi_desktop.gui.app_icon import app_icon
    from jianmi_desktop.gui.i18n import install_translators
    from jianmi_desktop.gui.main_window import MainWindow
    from jianmi_desktop.gui.probe import StartupProbe
    from jianmi_desktop.gui.style import apply_style
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
    apply_style(app)   # the system's CJK font and the one stylesheet (gui/style.py)
    folder = data_dir()
    setup_logging(folder)
    settings = load_settings(folder)
    install_translators(app, settings.language)
    app.setApplicationDisplayName(QCoreApplication.translate("App", "茧米桌面"))
    window = MainWindow(settings=settings)   # the frame: menus, the tabs' titles, the status bar
    window.show()
    probe = StartupProbe.from_environment(window)  # only for the start-up benchmark (gui/probe.py)
    painting = QEventLoop()
    QTimer.singleShot(0, painting.quit)   # a timer of 0 after show(): runs once the window is painted
    painting.exec()
    if probe:
        probe.painted()
        probe.note_first_paint_modules()

    import asyncio
    import contextlib

    import qasync

    from jianmi_desktop.gui.controller import Controller

    controller = Controller(folder, settings)
    window.attach(controller, defer_tabs=True)   # the current tab now, the others below
    if probe:
        probe.mark("ready")

    async def start_up() -> None:
        """What follows the current tab; cancelled if the window is closed first."""
        # Before the services: the 余额 tab, the one that asks the platform at start (a few ms).
        window.build_tab("BalanceTab")
        if probe:
            probe.watch(controller)
        from jianmi_desktop.gui.account.balance_tab import BalanceTab

        balance = window.tab_of("BalanceTab")
        answered = asyncio.Event()
        if isinstance(balance, BalanceTab):
            balance.shown.connect(lambda _ok: answered.set())
        starting = controller.spawn(controller.start_services())   # an error is shown in plain words
        await asyncio.wait([starting])
        started = not starting.cancelled() and starting.exception() is None
        # The other tabs once the balance has come (or 1 s), one per turn of the loop; a tab
        # chosen before then is built as it is chosen (MainWindow._build_when_shown).
        if started:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(answered.wait(), 1.0)
        for name in window.deferred_tabs:
            window.build_tab(name)
            await asyncio.sleep(0)
        if started:
            controller.sending.startup(ask=True)   # every tab is there to hear of its campaigns
        from jianmi_desktop.gui.welcome import maybe_welcome

        maybe_welcome(window)   # the first start on the sandbox: what it is, three things to try

    async def main() -> None:
        closed = asyncio.Event()
        window.closed.connect(closed.set)
        if window.was_closed:
            closed.set()
        opening = asyncio.ensure_future(start_up())
        await closed.wait()
        if not opening.done():   # closed while starting: the rest is not done (controller.stop cancels the services)
            opening.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await opening
        elif not opening.cancelled() and opening.exception() is not None:
            logging.getLogger(__name__).error("start-up failed", exc_info=opening.exception())
        await controller.stop()

    qasync.run(main())
    return 0
