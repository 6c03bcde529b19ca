"""Install the Windows setup under wine the way IT installs it silently, look, uninstall.

    python packaging/windows/check_installer.py [--setup dist/jianmi-desktop-<v>-setup.exe] [--build]

In a fresh wine prefix (a temporary folder): ``setup.exe /S`` installs per user; the program's
files are in %LOCALAPPDATA%\\Programs\\JianmiDesktop, the Start-menu shortcut exists, and the
uninstall key under HKCU names the version, the icon and the size; a second ``/S`` upgrades in
place; a file put in the user data folder (%LOCALAPPDATA%\\jianmi-desktop) survives
``Uninstall.exe /S``, which removes the program folder, the shortcut and the key. PASS/FAIL a
step; exit 0 only when all passed. Needs wine (Debian: apt-get install wine).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from common import DIST, ROOT, need_tool, version  # noqa: E402

KEY = r"Software\\\\Microsoft\\\\Windows\\\\CurrentVersion\\\\Uninstall\\\\JianmiDesktop"  # as user.reg writes it


def step(name: str, ok: bool, detail: str = "", started: float | None = None) -> bool:
    took = f" ({(time.monotonic() - started):.1f} s)" if started is not None else ""
    print(f"{'PASS' if ok else 'FAIL'} {name}{took}{': ' + detail if detail and not ok else ''}", flush=True)
    return ok


def wine(env: dict[str, str], *args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(["wine", *args], env=env, capture_output=True, text=True, timeout=timeout)
    subprocess.run(["wineserver", "-w"], env=env, timeout=timeout)   # wait for every process it started
    return result


def uninstall_key(prefix: Path) -> str:
    reg = (prefix / "user.reg").read_text(encoding="utf-8", errors="replace")
    found = re.search(r"^\[" + KEY + r"\][^\n]*\n(.*?)(?:\n\n|\Z)", reg, re.S | re.M)
    return found.group(1) if found else ""


def shortcut_target(lnk: Path) -> str:
    """The program a .lnk opens: the last *.exe named in it (its path is stored as text, in
    UTF-16 or in the ANSI code page)."""
    raw = lnk.read_bytes()
    names = re.findall(r"[\\/]([\w.-]+\.exe)", raw.decode("utf-16-le", "ignore") + raw.decode("latin-1"),
                       flags=re.IGNORECASE)
    return names[-1].lower() if names else ""


def check_windowed_twin(env: dict[str, str], tmp: Path, program: Path, shortcut: Path) -> bool:
    """The Windows build has a windowed twin (jianmi-desktopw.exe, packaging/jianmi-desktop.spec)
    so that no console opens beside the window: the shortcut must open it. The Linux build has
    none, so a small stand-in folder with both programs is installed here."""
    from build_installer import WINDOW_EXE, build

    folder = tmp / "stand-in" / "jianmi-desktop"
    (folder / "_internal").mkdir(parents=True)
    for name in ("jianmi-desktop.exe", WINDOW_EXE):
        (folder / name).write_bytes(b"MZ" + os.urandom(4000))
    t = time.monotonic()
    setup = build(folder, tmp / "stand-in", "0.0.1")
    r = wine(env, str(setup), "/S")
    target = shortcut_target(shortcut) if shortcut.exists() else "no shortcut"
    ok = step("with a windowed twin, the Start-menu shortcut opens it (no console beside the window)",
              r.returncode == 0 and (program / WINDOW_EXE).exists() and target == WINDOW_EXE,
              f"exit {r.returncode}, the shortcut opens {target}", t)
    r = wine(env, str(program / "Uninstall.exe"), "/S")
    return ok & step("… and the uninstaller removes both programs", not program.exists(), f"exit {r.returncode}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--setup", type=Path, default=None)
    parser.add_argument("--build", action="store_true")
    args = parser.parse_args(argv)
    need_tool("wine", "wine")
    ver = version()
    setup = args.setup or ROOT / "dist" / f"jianmi-desktop-{ver}-setup.exe"
    if args.build or not setup.exists():
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from build_installer import build

        setup = build(DIST, ROOT / "dist")
    ok = True
    with tempfile.TemporaryDirectory(prefix="jianmi-wine-") as tmp:
        prefix = Path(tmp) / "prefix"
        env = {**os.environ, "WINEPREFIX": str(prefix), "WINEDEBUG": "-all", "WINEARCH": "win64",
               "WINEDLLOVERRIDES": "mscoree,mshtml=", "DISPLAY": ""}
        t = time.monotonic()
        subprocess.run(["wineboot", "--init"], env=env, capture_output=True, timeout=600)
        subprocess.run(["wineserver", "-w"], env=env, timeout=600)
        user = next((prefix / "drive_c" / "users").glob("*/AppData"), None)
        ok &= step("a fresh wine prefix", user is not None, str(prefix), t)
        if user is None:
            return 1
        local = user / "Local"
        program = local / "Programs" / "JianmiDesktop"
        shortcut = user / "Roaming" / "Microsoft" / "Windows" / "Start Menu" / "Programs" / "茧米桌面.lnk"

        t = time.monotonic()
        r = wine(env, str(setup), "/S")
        exe = next((p for p in (program / "jianmi-desktop.exe", program / "jianmi-desktop") if p.exists()), None)
        ok &= step("setup.exe /S installs per user, without administrator rights",
                   r.returncode == 0 and exe is not None and (program / "Uninstall.exe").exists()
                   and (program / "_internal").is_dir(), f"exit {r.returncode}, {sorted(os.listdir(local))}", t)
        ok &= step("Start-menu shortcut", shortcut.exists(), str(shortcut))
        key = uninstall_key(prefix)
        ok &= step("uninstall key under HKCU with version, icon and size",
                   f'"DisplayVersion"="{ver}"' in key and '"DisplayIcon"=' in key and '"EstimatedSize"=dword:' in key
                   and '"QuietUninstallString"=' in key, key[:300] or "no key")

        data = local / "jianmi-desktop"
        data.mkdir(parents=True, exist_ok=True)
        (data / "jianmi.db").write_bytes(b"the user's campaigns")
        stale = program / "_internal" / "left-by-an-old-version.txt"
        stale.write_text("old", encoding="utf-8")
        t = time.monotonic()
        r = wine(env, str(setup), "/S")
        ok &= step("a second /S upgrades in place (old files of the program replaced, data kept)",
                   r.returncode == 0 and not stale.exists() and (data / "jianmi.db").exists()
                   and (program / "Uninstall.exe").exists(), f"exit {r.returncode}", t)

        t = time.monotonic()
        r = wine(env, str(program / "Uninstall.exe"), "/S")
        ok &= step("Uninstall.exe /S removes the program folder", not program.exists(),
                   f"exit {r.returncode}; left: {sorted(os.listdir(program)) if program.exists() else ''}", t)
        ok &= step("… the shortcut and the uninstall key", not shortcut.exists() and not uninstall_key(prefix))
        ok &= step("… and keeps the user's data", (data / "jianmi.db").read_bytes() == b"the user's campaigns")
        ok &= check_windowed_twin(env, Path(tmp), program, shortcut)
        subprocess.run(["wineserver", "-k"], env=env, capture_output=True)
    shutil.rmtree(Path(tempfile.gettempdir()) / ".wine-0", ignore_errors=True)
    print("ALL PASS" if ok else "SOME STEPS FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
