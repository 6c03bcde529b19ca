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


def shared_objects(folder: Path) -> list[Path]:
    """The shared libraries of a frozen folder (``*.so`` and ``*.so.N``), never the launcher:
    PyInstaller appends the program's archive to it, and stripping would cut that off."""
    found = []
    for dirpath, _dirs, names in os.walk(folder):
        for name in names:
            path = Path(dirpath, name)
            if (name.endswith(".so") or ".so." in name) and path.is_file() and not path.is_symlink():
                found.append(path)
    return sorted(found)


def strip_libraries(folder: Path) -> tuple[int, int]:
    """``strip --strip-unneeded`` every shared library (Linux: the wheels ship Qt, ICU and
    ffmpeg with their symbol tables, some 40 MB the program never reads). Returns the bytes
    before and after; a library strip cannot read is left as it is."""
    import shutil

    strip = shutil.which("strip")
    libraries = shared_objects(folder)
    before = sum(p.stat().st_size for p in libraries)
    if strip is None or not libraries:
        print("strip is not installed (apt-get install binutils): the libraries keep their symbols", flush=True)
        return before, before
    for start in range(0, len(libraries), 100):
        subprocess.run([strip, "--strip-unneeded", *map(str, libraries[start:start + 100])],
                       capture_output=True, check=False)
    return before, sum(p.stat().st_size for p in libraries)


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
    if sys.platform.startswith("linux"):
        before, after = strip_libraries(folder)
        print(f"stripped the shared libraries: {before / 1e6:.0f} MB → {after / 1e6:.0f} MB")
    size, files = folder_size(folder)
    print(f"built {folder} in {elapsed:.0f} s: {size / 1e6:.0f} MB in {files} files")
    print(f"executable: {exe}")
    print("next: python packaging/smoke_frozen.py")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
