"""The window fits the screens offices have: a 1366×768 laptop at 100 % (1366×728 free above the
taskbar) and a 1920×1080 monitor at 150 % (1280×680 free in Qt's pixels). The real window opens
on such a screen (a child process on Qt's offscreen platform, with that screen configured), and
every sending tab's 发送 button lies inside the window, which lies inside the screen's free area."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("width", "height", "dpr", "free"), [
    (1366, 728, 1, (1366, 728)),
    (1280, 680, 1.5, (1280, 680)),     # Qt gives the offscreen screen in its own (logical) pixels
])
def test_every_send_button_is_on_screen(tmp_path, width, height, dpr, free):
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [{"name": "office", "x": 0, "y": 0, "width": width, "height": height,
                                               "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": dpr}]}))
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}", "JIANMI_DATA_DIR": str(tmp_path),
           "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}
    out = subprocess.run([sys.executable, "-m", "tests.support.screen_fit", str(tmp_path)], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    sx, sy, sw, sh = seen["screen"]
    assert (sw, sh) == free
    wx, wy, ww, wh = seen["window"]
    assert sx <= wx and sy <= wy and wx + ww <= sx + sw and wy + wh <= sy + sh, seen
    assert set(seen["tabs"]) == {"SmsTab", "VoiceTab", "MmsTab"}, seen
    for name, (bx, by, bw, bh) in seen["tabs"].items():
        assert 0 <= bx and 0 <= by and bx + bw <= ww and by + bh <= wh, (name, seen)
