"""The start-up probe: the one measuring hook in the product, for ``benchmarks/startup.py`` and the
packaged program's smoke test (``packaging/smoke_frozen.py``).

With ``JIANMI_STARTUP_PROBE=1`` in the environment the program prints, on stdout, one line per
moment in milliseconds since its process started::

    painted 246        the window's first paint (its frame: menus, the tabs' titles, the status bar)
    ready 390          the current tab is built: the window takes input
    services 745       the services are up (store, receiver, sandbox or account, client)
    balance 783        the 余额 tab shows the balance ("balance-error 790": it shows why not)

and closes its window once the balance shows. ``JIANMI_STARTUP_PROBE=hold`` prints the same and
stays open (the benchmark reads the idle program's memory, then ends it). Without the variable
nothing of this runs. The probe only listens to signals the window has anyway (the first
paint, ``Controller.started``, ``BalanceTab.shown``); it replaces nothing of the window.
It is made before the services' code is loaded, and told of the controller in ``watch``.
"""

from __future__ import annotations

import os
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jianmi_desktop.gui.controller import Controller
    from jianmi_desktop.gui.main_window import MainWindow

ENV = "JIANMI_STARTUP_PROBE"

_IMPORTED = time.time()


def process_start() -> float:
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

        return float(psutil.Process().create_time())
    except ImportError:
        return _IMPORTED


class StartupProbe:
    def __init__(self, window: MainWindow, *, hold: bool = False) -> None:
        self.window = window
        self.hold = hold
        self.seen: set[str] = set()

    @classmethod
    def from_environment(cls, window: MainWindow) -> StartupProbe | None:
        mode = os.environ.get(ENV)
        return cls(window, hold=mode == "hold") if mode else None

    def painted(self) -> None:
        self.mark("painted")

    def note_first_paint_modules(self) -> None:
        """What the first paint had loaded, for tests (gui/app.py keeps it to Qt, the settings and
        the frame): ``asyncio``, the store, the network code, and Qt's ``Qt`` namespace (~100
        enums made at once: 15–30 ms) should not be among them."""
        import sys

        from PySide6 import QtCore

        loaded: set[str] = {name for name in ("asyncio", "qasync", "httpx", "aiohttp", "sqlite3", "jianmi_desktop.store",
                                    "jianmi_desktop.runtime", "jianmi_desktop.gui.controller")
                  if name in sys.modules}
        if "Qt" in vars(QtCore):
            loaded.add("QtCore.Qt")
        print("first-paint-loaded " + (",".join(sorted(loaded)) or "-"), flush=True)

    def watch(self, controller: Controller) -> None:
        """Once the tabs are built: listen for the services and the balance."""
        from jianmi_desktop.gui.account.balance_tab import BalanceTab

        controller.started.connect(lambda _status: self.mark("services"))
        for tab in self.window.tab_widgets:
            if isinstance(tab, BalanceTab):
                tab.shown.connect(lambda ok: self.mark("balance" if ok else "balance-error"))

    def mark(self, what: str) -> None:
        if what in self.seen:
            return
        self.seen.add(what)
        print(f"{what} {(time.time() - process_start()) * 1000:.0f}", flush=True)
        if what.startswith("balance") and not self.hold:
            from PySide6.QtCore import QTimer

            QTimer.singleShot(0, self.window.close)
