"""Start the window: Qt first, qasync on Qt's loop, the services after the first paint."""

from __future__ import annotations

import asyncio
import os
import sys
import time


class StartupProbe:
    """For the start-up benchmark and smoke test (JIANMI_STARTUP_PROBE=1): prints when the window
    painted, the services ran and the balance showed (ms since the process started), then closes.
    With JIANMI_STARTUP_PROBE=hold it prints the same but stays open (the benchmark measures the
    idle program's memory, then ends it)."""

    def __init__(self, window, hold: bool = False) -> None:
        self.window = window
        self.hold = hold
        self.seen: set[str] = set()

    def watch_balance(self) -> None:
        """Mark when the balance tab (built by now) shows the balance or an error."""
        balance_tab = next(t for t in self.window.tab_widgets if type(t).__name__ == "BalanceTab")
        original = balance_tab._show_figures

        def shown() -> None:
            original()
            if balance_tab.balance is not None:
                self.mark("balance")
            elif balance_tab.error_label.isVisible():
                self.mark("balance-error")

        balance_tab._show_figures = shown

    def mark(self, what: str) -> None:
        if what in self.seen:
            return
        self.seen.add(what)
        print(f"{what} {(time.time() - _process_start()) * 1000:.0f}", flush=True)
        if what.startswith("balance") and not self.hold:
            from PySide6.QtCore import QTimer

            QTimer.singleShot(0, self.window.close)


def _process_start() -> float:
    """When this process started (seconds since the epoch), from the OS where it says.

    On Linux: the start in clock ticks since boot (/proc/self/stat) against the clock since boot
    now. Not /proc/stat's ``btime`` (what psutil adds the ticks to): it is whole seconds and drifts
    from the wall clock, which put every mark up to a second late.
    """
    try:
        with open("/proc/self/stat", encoding="ascii") as f:
            ticks = int(f.read().rsplit(")", 1)[1].split()[19])
        age = time.clock_gettime(time.CLOCK_BOOTTIME) - ticks / os.sysconf("SC_CLK_TCK")
        return time.time() - age
    except (OSError, ValueError, IndexError, AttributeError):
        pass
    try:
        import psutil  # optional; elsewhere than Linux

        return psutil.Process().create_time()
    except ImportError:
        return _IMPORTED


_IMPORTED = time.time()


def run(argv: list[str] | None = None) -> int:
    os.environ.setdefault("QT_API", "pyside6")
    import qasync
    from PySide6.QtCore import QCoreApplication, QTimer
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from jianmi_desktop.gui.controller import Controller
    from jianmi_desktop.gui.i18n import install_translators
    from jianmi_desktop.gui.main_window import MainWindow
    from jianmi_desktop.resources import resource_path
    from jianmi_desktop.settings import data_dir, load_settings, setup_logging

    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    app.setApplicationName("jianmi-desktop")
    app.setApplicationDisplayName("茧米桌面")
    app.setOrganizationName("Jianmi")
    # The window's close ends main() below, which stops the services first; Qt must not end
    # its loop on its own when the last window closes, or the services' shutdown has no loop.
    app.setQuitOnLastWindowClosed(False)
    icon = resource_path("app_icon.png")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    folder = data_dir()
    setup_logging(folder)
    settings = load_settings(folder)
    install_translators(app, settings.language)
    app.setApplicationDisplayName(QCoreApplication.translate("App", "茧米桌面"))
    controller = Controller(folder, settings)
    window = MainWindow(controller, defer_tabs=True)  # the other tabs are built after the first paint
    window.show()

    probe_mode = os.environ.get("JIANMI_STARTUP_PROBE")
    probe = StartupProbe(window, hold=probe_mode == "hold") if probe_mode else None

    async def main() -> None:
        closed = asyncio.Event()
        window.closed.connect(closed.set)
        started = asyncio.get_running_loop().create_future()
        QTimer.singleShot(0, lambda: started.done() or started.set_result(None))  # after the first paint
        await started
        if probe:
            probe.mark("painted")
        window.build_tabs()
        if probe:
            probe.watch_balance()
        def services_up(_status) -> None:
            if probe:
                probe.mark("services")

        controller.spawn(controller.start(), on_done=services_up)
        await closed.wait()
        await controller.stop()

    qasync.run(main())
    return 0
