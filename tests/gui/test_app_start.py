"""The real program, started as a user starts it: a child process with the window offscreen."""

import os
import subprocess
import sys


def test_program_opens_on_the_sandbox_and_shows_the_balance(tmp_path):
    env = {**os.environ, "JIANMI_DATA_DIR": str(tmp_path), "QT_QPA_PLATFORM": "offscreen",
           "JIANMI_STARTUP_PROBE": "1"}
    for name in ("JIANMI_UID", "JIANMI_PASSWORD", "JIANMI_SDK_URL"):
        env.pop(name, None)
    proc = subprocess.run([sys.executable, "-m", "jianmi_desktop"], env=env, capture_output=True, text=True,
                          timeout=60, stdin=subprocess.DEVNULL)
    marks = dict(line.split() for line in proc.stdout.splitlines() if line.strip())
    assert proc.returncode == 0, proc.stderr
    assert set(marks) == {"painted", "services", "balance"}, (proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr
    assert (tmp_path / "jianmi.db").exists() and (tmp_path / "sandbox-state.json").exists()
