"""``jianmi-desktop`` with no arguments: open the window."""

from __future__ import annotations

import sys


def launch_gui() -> int:
    try:
        from jianmi_desktop.gui.app import run
    except ImportError as exc:
        print(f"窗口模块还不可用：{exc}", file=sys.stderr)
        return 1
    return run()
