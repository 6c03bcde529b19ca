"""What every installer build shares: the version (PEP 440, from the package), the inputs it
needs (the frozen folder, the icons) and the tools it runs — each missing one stops the build
with ONE clear line (``BuildError``), before anything is written; and ``atomic_output``, so a
build that fails half-way leaves no half-made installer behind."""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist" / "jianmi-desktop"
ICONS = ROOT / "resources" / "icons"
LINUX = ROOT / "resources" / "linux"
APP_ID = "cn.jianmi.Desktop"
PUBLISHER = "Jianmi"


class BuildError(SystemExit):
    """Stops a build with one line on stderr and exit status 2."""

    def __init__(self, line: str) -> None:
        print(f"build stopped: {line}", file=sys.stderr)
        super().__init__(2)
        self.line = line


_PEP440 = re.compile(r"^(\d+)(\.\d+)*((a|b|rc)\d+)?(\.post\d+)?(\.dev\d+)?$")


def version(raw: str | None = None) -> str:
    """The program's version (``jianmi_desktop.__version__`` unless given), checked against PEP 440."""
    if raw is None:
        text = (ROOT / "jianmi_desktop" / "__init__.py").read_text(encoding="utf-8")
        found = re.search(r'^__version__\s*=\s*"([^"]*)"', text, re.M)
        raw = found.group(1) if found else ""
    if not _PEP440.match(raw):
        raise BuildError(f"version {raw!r} is not a PEP 440 version (like 1.2.0, 1.2.0rc1): "
                         "fix __version__ in jianmi_desktop/__init__.py")
    return raw


def numeric_version(raw: str) -> str:
    """The four numbers Windows and macOS want (1.2.0rc1 → 1.2.0.0)."""
    numbers = re.match(r"^\d+(\.\d+)*", raw).group(0).split(".")  # type: ignore[union-attr]
    return ".".join((numbers + ["0", "0", "0"])[:4])


def need_file(path: Path, what: str) -> Path:
    if not path.is_file():
        raise BuildError(f"{what} is missing: {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return path


def need_folder(path: Path) -> Path:
    exe = path / ("jianmi-desktop.exe" if (path / "jianmi-desktop.exe").exists() else "jianmi-desktop")
    if not exe.is_file():
        raise BuildError(f"the frozen program is missing: {exe} (run: .venv/bin/python packaging/build.py)")
    return path


def need_tool(name: str, package: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BuildError(f"{name} is not installed (Debian/Ubuntu: apt-get install {package})")
    return found


@contextlib.contextmanager
def atomic_output(target: Path) -> Iterator[Path]:
    """A temporary path beside ``target``; renamed to it only when the block ends without error."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    if partial.exists():
        partial.unlink()
    try:
        yield partial
        os.replace(partial, target)
    finally:
        if partial.exists():
            partial.unlink()


def build_main(build: Callable[[Path, Path, str | None], Path], doc: str, argv: list[str] | None = None) -> int:
    """The command line every installer build shares: --folder, --out, --version; prints the result."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--folder", type=Path, default=DIST, help="the frozen program (default dist/jianmi-desktop)")
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    parser.add_argument("--version", default=None, help="override the package's version (PEP 440)")
    args = parser.parse_args(argv)
    target = build(args.folder, args.out, args.version)
    print(f"{target} ({target.stat().st_size / 1e6:.1f} MB)")
    return 0
