"""``jianmi-desktop`` with no arguments: open the window."""

from __future__ import annotations

import sys


def launch_gui() -> int:
    try:
        from jianmi_desktop.gui.app import run
    except ImportError as exc:  # Qt missing or broken in this installation
        print(f"窗口打不开：Qt（PySide6）没有装好（{exc}）。请重新安装：pip install -e .\n"
              f"The window cannot open: Qt (PySide6) is not installed properly ({exc}).", file=sys.stderr)
        return 1
    return run()
