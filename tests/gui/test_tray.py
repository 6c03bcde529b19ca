"""Closing the window to the system tray keeps a campaign running — on a real X display with a tray.

Needs Xvfb and trayer (a small tray host); .ci/run installs both. The program runs in a child
process on that display (xcb), not offscreen, since an offscreen platform has no tray."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = Path(__file__).resolve().parents[1] / "support" / "tray_probe.py"

pytestmark = pytest.mark.skipif(not (shutil.which("Xvfb") and shutil.which("trayer")),
                                reason="needs Xvfb and trayer (installed by .ci/run)")


@pytest.fixture
def display():
    read, write = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                            pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    number = b""
    while not number.endswith(b"\n"):
        chunk = os.read(read, 16)
        if not chunk:
            break
        number += chunk
    os.close(read)
    name = f":{number.decode().strip()}"
    tray = subprocess.Popen(["trayer", "--edge", "top", "--align", "right", "--widthtype", "pixel", "--width", "200",
                             "--height", "24"], env={**os.environ, "DISPLAY": name},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    yield name  # the probe waits until trayer has claimed the tray
    tray.terminate()
    xvfb.terminate()
    tray.wait(10)
    xvfb.wait(10)


def test_closing_to_the_tray_keeps_sending(display, tmp_path):
    env = {**os.environ, "DISPLAY": display, "JIANMI_DATA_DIR": str(tmp_path)}
    env.pop("QT_QPA_PLATFORM", None)
    proc = subprocess.run([sys.executable, str(PROBE)], env=env, capture_output=True, text=True, timeout=180,
                          stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["tray_available"] and "留在系统托盘里继续" in result["labels"]
    assert result["window_hidden"] and result["tray_visible"] and result["sending_while_hidden"]
    assert result["tray_icon_is_app_icon"]  # the tray shows the app icon, not a stock one
    assert result["sent"] == 300 and result["pending"] == 0
