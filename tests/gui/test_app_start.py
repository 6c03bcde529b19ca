"""The real program, started as a user starts it: a child process with the window offscreen."""

import json
import os
import subprocess
import sys
from pathlib import Path


def test_program_opens_on_the_sandbox_and_shows_the_balance(tmp_path):
    env = {**os.environ, "JIANMI_DATA_DIR": str(tmp_path), "QT_QPA_PLATFORM": "offscreen",
           "JIANMI_STARTUP_PROBE": "1"}
    for name in ("JIANMI_UID", "JIANMI_PASSWORD", "JIANMI_SDK_URL"):
        env.pop(name, None)
    proc = subprocess.run([sys.executable, "-m", "jianmi_desktop"], env=env, capture_output=True, text=True,
                          timeout=60, stdin=subprocess.DEVNULL, cwd=tmp_path)
    marks = dict(line.split() for line in proc.stdout.splitlines() if line.strip())
    assert proc.returncode == 0, proc.stderr
    assert set(marks) == {"painted", "first-paint-loaded", "ready", "services", "balance"}, (proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr
    assert (tmp_path / "jianmi.db").exists() and (tmp_path / "sandbox-state.json").exists()
    # the frame was painted before the services' code was loaded, and the current tab before them
    assert marks["first-paint-loaded"] == "-", marks
    assert int(marks["painted"]) <= int(marks["ready"]) <= int(marks["services"]) <= int(marks["balance"])
    # voice and MMS status go to this window's receiver (given to the sandbox as it started)
    state = json.loads((tmp_path / "sandbox-state.json").read_text(encoding="utf-8"))
    assert state["status_url"].startswith("http://127.0.0.1:") and state["status_url"].endswith("/status")


def test_closing_the_window_while_the_services_start_ends_the_program_at_once(tmp_path):
    """Closed during a slow start (8 s here): the program stops what it started and ends; the rest
    of the start-up (the other tabs, the unfinished-campaign question, the welcome) is not done."""
    script = Path(__file__).resolve().parents[1] / "support" / "close_while_starting.py"
    env = {**os.environ, "JIANMI_DATA_DIR": str(tmp_path), "QT_QPA_PLATFORM": "offscreen",
           "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring"}
    for name in ("JIANMI_UID", "JIANMI_PASSWORD", "JIANMI_SDK_URL", "JIANMI_STARTUP_PROBE"):
        env.pop(name, None)
    proc = subprocess.run([sys.executable, str(script)], env=env, capture_output=True, text=True, timeout=60,
                          stdin=subprocess.DEVNULL, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    outcome = json.loads(proc.stdout.strip().splitlines()[-1])
    assert outcome["code"] == 0 and outcome["seconds"] < 5, outcome   # not the 8 s of the slow start
    assert "Traceback" not in proc.stderr, proc.stderr
    saved = json.loads((tmp_path / "settings.json").read_text(encoding="utf-8"))
    assert not saved.get("ui", {}).get("welcome_shown")   # the welcome was never shown, so not marked
