"""Start-up: time to the first paint against a bare PySide6 window, time to the balance, idle memory.

    python benchmarks/startup.py [-n 5]

(a) ``python -m jianmi_desktop`` with ``JIANMI_STARTUP_PROBE=1``, offscreen, on a fresh temporary
    data folder (so the embedded sandbox starts, as on a first run), N times: the program prints
    ``painted`` (its frame: menus, the tabs' titles and icons, the status bar), ``ready`` (the
    current tab built: the window takes input), ``services`` and ``balance`` in ms since its
    process started, and which of asyncio, the store, the network code and Qt's ``Qt`` namespace
    the first paint had loaded (none, or the run is refused).
(b) A bare PySide6 window — QMainWindow, a QTabWidget with empty pages under the same titles and a
    menu bar — N times, printing its own ``painted`` the same way (the same ``process_start`` as
    ``gui/probe.py``, a timer of 0 after ``show()``).
(c) The idle program (``JIANMI_STARTUP_PROBE=hold``): started, the balance shown, 3 s more, then
    VmRSS from ``/proc/<pid>/status``; the benchmark ends it.

Targets: painted ≤ 1.5 × bare; balance within 1 s (printed both after the paint and since start);
idle VmRSS ≤ 150 MB. Launches use compiled bytecode (in a temporary ``PYTHONPYCACHEPREFIX``,
written by one warm-up launch), as an installed program does, even where
``PYTHONDONTWRITEBYTECODE`` is set.
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

#: the window's tabs (gui/main_window.py TABS), empty in the bare window
TAB_TITLES = ["短信", "语音", "彩信", "余额", "修改密码", "发送记录", "收件箱"]
PAINT_RATIO_TARGET = 1.5   # issue 13: first paint ≤ 1.5 × the bare window
BALANCE_TARGET_MS = 1000
RSS_TARGET_MB = 150


def _bare_script() -> str:
    """The bare window's program; its clock is the probe's own ``process_start`` (copied, not imported)."""
    from jianmi_desktop.gui import probe

    clock = inspect.getsource(probe.process_start)
    return textwrap.dedent('''
        import os, sys, time
        _IMPORTED = time.time()
    ''') + clock + textwrap.dedent(f'''
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication, QMainWindow, QTabWidget, QWidget

        app = QApplication(sys.argv)
        window = QMainWindow()
        tabs = QTabWidget()
        tabs.setDocumentMode(True)
        for title in {TAB_TITLES!r}:
            tabs.addTab(QWidget(), title)
        window.setCentralWidget(tabs)
        window.menuBar().addMenu("文件(&F)")
        window.menuBar().addMenu("帮助(&H)")
        window.resize(1100, 720)
        window.show()

        def painted():
            print(f"painted {{(time.time() - process_start()) * 1000:.0f}}", flush=True)
            app.quit()

        QTimer.singleShot(0, painted)
        app.exec()
    ''')


#: compiled bytecode for the launches, kept out of the repository; an installed program has its
#: .pyc files, so the first (warm-up) launch writes them and the measured ones read them
PYCACHE = tempfile.mkdtemp(prefix="jianmi-startup-pycache-")


def _env(data: str, probe: str | None) -> dict:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "JIANMI_DATA_DIR": data, "PYTHONPYCACHEPREFIX": PYCACHE,
           "PYTHON_KEYRING_BACKEND": os.environ.get("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    for name in ("JIANMI_UID", "JIANMI_PASSWORD", "JIANMI_APIKEY", "JIANMI_SDK_URL", "JIANMI_CLIENTAPI_URL",
                 "JIANMI_INTL_URL", "JIANMI_STARTUP_PROBE"):
        env.pop(name, None)
    if probe:
        env["JIANMI_STARTUP_PROBE"] = probe
    return env


def _marks(stdout: str) -> dict[str, float]:
    marks = {}
    for line in stdout.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[1].isdigit():
            marks[parts[0]] = float(parts[1])
    return marks


def run_program() -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="jianmi-startup-") as data:
        proc = subprocess.run([sys.executable, "-m", "jianmi_desktop"], env=_env(data, "1"), capture_output=True,
                              text=True, timeout=120, stdin=subprocess.DEVNULL, cwd=data)
    marks = _marks(proc.stdout)
    if proc.returncode != 0 or "balance" not in marks:
        raise SystemExit(f"the program did not show the balance (exit {proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    loaded = [line.split()[1] for line in proc.stdout.splitlines() if line.startswith("first-paint-loaded ")]
    if loaded != ["-"]:
        raise SystemExit(f"the first paint loaded what it should go without: {loaded}")
    return marks


def run_bare(script: str) -> float:
    with tempfile.TemporaryDirectory(prefix="jianmi-bare-") as data:
        proc = subprocess.run([sys.executable, "-c", script], env=_env(data, None), capture_output=True, text=True,
                              timeout=60, stdin=subprocess.DEVNULL, cwd=data)
    marks = _marks(proc.stdout)
    if proc.returncode != 0 or "painted" not in marks:
        raise SystemExit(f"the bare window failed (exit {proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return marks["painted"]


def _status_kb(pid: int, field: str) -> int:
    with open(f"/proc/{pid}/status", encoding="ascii") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise ValueError(field)


def idle_memory(settle: float = 3.0) -> dict[str, float]:
    """Start the program in hold mode, wait for the balance and ``settle`` seconds, read its memory."""
    with tempfile.TemporaryDirectory(prefix="jianmi-idle-") as data:
        proc = subprocess.Popen([sys.executable, "-m", "jianmi_desktop"], env=_env(data, "hold"),
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
                                text=True, cwd=data)
        try:
            deadline = time.monotonic() + 60
            seen = ""
            while "balance" not in seen:
                line = proc.stdout.readline()
                if not line or time.monotonic() > deadline:
                    raise SystemExit(f"the program did not show the balance in hold mode:\n{seen}")
                seen += line
            time.sleep(settle)
            rss, peak = _status_kb(proc.pid, "VmRSS"), _status_kb(proc.pid, "VmHWM")
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    return {"rss_mb": rss / 1024, "peak_mb": peak / 1024}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--runs", type=int, default=5, help="launches of each (default 5)")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object too")
    args = parser.parse_args(argv)
    if not sys.platform.startswith("linux"):
        print("note: process start and memory are read from /proc; figures need Linux", file=sys.stderr)

    script = _bare_script()
    try:
        run_program(), run_bare(script)  # warm-up: bytecode written, files in the OS cache
        program, bare = [], []
        for i in range(args.runs):  # interleaved, so a slow moment of the machine hits both alike
            program.append(run_program())
            bare.append(run_bare(script))
            print(f"run {i + 1}: program painted {program[-1]['painted']:.0f} ms, ready "
                  f"{program[-1].get('ready', float('nan')):.0f} ms, services "
                  f"{program[-1].get('services', float('nan')):.0f} ms, balance {program[-1]['balance']:.0f} ms; "
                  f"bare window painted {bare[-1]:.0f} ms", flush=True)
        memory = idle_memory()
    finally:
        shutil.rmtree(PYCACHE, ignore_errors=True)

    def med(key: str) -> float:
        return statistics.median(m[key] for m in program)

    painted, balance, bare_painted = med("painted"), med("balance"), statistics.median(bare)
    after_paint = statistics.median(m["balance"] - m["painted"] for m in program)
    ratio = painted / bare_painted
    figures = {"runs": args.runs, "painted_ms": painted, "ready_ms": med("ready"), "services_ms": med("services"), "balance_ms": balance,
               "bare_painted_ms": bare_painted, "paint_ratio": ratio, "balance_after_paint_ms": after_paint,
               "idle_rss_mb": memory["rss_mb"], "idle_peak_rss_mb": memory["peak_mb"]}

    def verdict(ok: bool) -> str:
        return "ok" if ok else "MISSED"

    print()
    print(f"medians of {args.runs} runs (ms since the process started):")
    print(f"  bare PySide6 window painted   {bare_painted:7.0f}")
    print(f"  Jianmi Desktop painted        {painted:7.0f}   ratio {ratio:.2f}x  "
          f"(target ≤ {PAINT_RATIO_TARGET:g}x: {verdict(ratio <= PAINT_RATIO_TARGET)})")
    print(f"  current tab ready             {med('ready'):7.0f}")
    print(f"  services up                   {figures['services_ms']:7.0f}")
    print(f"  balance shown                 {balance:7.0f}   = {after_paint:.0f} after the paint  "
          f"(target ≤ {BALANCE_TARGET_MS} ms after the paint: {verdict(after_paint <= BALANCE_TARGET_MS)}; "
          f"since start: {verdict(balance <= BALANCE_TARGET_MS)})")
    print(f"idle program, 3 s after the balance: VmRSS {memory['rss_mb']:.0f} MB (peak {memory['peak_mb']:.0f} MB)  "
          f"(target ≤ {RSS_TARGET_MB} MB: {verdict(memory['rss_mb'] <= RSS_TARGET_MB)})")
    if args.json:
        print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
