"""Build the one-folder frozen program with PyInstaller: ``dist/jianmi-desktop/``.

    python packaging/build.py [--clean]

Uses ``packaging/jianmi-desktop.spec``; installs PyInstaller into the running Python's
environment first when it is missing (``pip install pyinstaller``). The work folder is
``build/`` and the result ``dist/jianmi-desktop/`` (executable ``jianmi-desktop``, or
``jianmi-desktop.exe`` on Windows), both at the top of the repository and ignored by git.
Prints the time taken and the folder's size. Then: ``python packaging/smoke_frozen.py``.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "jianmi-desktop.spec"
DIST = ROOT / "dist"
WORK = ROOT / "build"
NAME = "jianmi-desktop"


def ensure_pyinstaller() -> None:
    if importlib.util.find_spec("PyInstaller") is not None:
        return
    print("PyInstaller is not installed here: pip install pyinstaller", flush=True)
    subprocess.run([sys.executable, "-m", "pip", "install", "pyinstaller"], check=True)


def folder_size(folder: Path) -> tuple[int, int]:
    """Bytes and files under ``folder`` (symlinks counted once, as links)."""
    total = files = 0
    for dirpath, _dirs, names in os.walk(folder):
        for name in names:
            path = Path(dirpath, name)
            total += path.lstat().st_size
            files += 1
    return total, files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clean", action="store_true", help="drop PyInstaller's cache and build/ first")
    args = parser.parse_args(argv)

    ensure_pyinstaller()
    started = time.monotonic()
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
               "--distpath", str(DIST), "--workpath", str(WORK)]
    if args.clean:
        command.append("--clean")
    command.append(str(SPEC))
    print("$ " + " ".join(command), flush=True)
    result = subprocess.run(command, cwd=ROOT)
    elapsed = time.monotonic() - started
    if result.returncode != 0:
        print(f"build FAILED (exit {result.returncode}) after {elapsed:.0f} s", file=sys.stderr)
        return result.returncode

    folder = DIST / NAME
    exe = folder / (NAME + (".exe" if os.name == "nt" else ""))
    if not exe.is_file():
        print(f"build FAILED: {exe} is missing", file=sys.stderr)
        return 1
    size, files = folder_size(folder)
    print(f"built {folder} in {elapsed:.0f} s: {size / 1e6:.0f} MB in {files} files")
    print(f"executable: {exe}")
    print("next: python packaging/smoke_frozen.py")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
