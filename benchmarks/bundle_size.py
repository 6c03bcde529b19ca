"""The size of what a user downloads: the frozen folder by top-level component, and each
installer that has been built (targets: folder ≤ 150 MB, each installer ≤ 70 MB).

    .venv/bin/python benchmarks/bundle_size.py [--folder dist/jianmi-desktop]
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FOLDER_TARGET, INSTALLER_TARGET = 150e6, 70e6


def component(rel: Path) -> str:
    parts = rel.parts
    if parts[0] != "_internal" or len(parts) == 1:
        return parts[0]
    name = parts[1]
    if name == "PySide6" and len(parts) > 2:
        sub = parts[2]
        if sub in ("Qt", "lib") and len(parts) > 3:
            return f"PySide6/{sub}/{parts[3]}"
        return f"PySide6/{sub}"
    for prefix in ("libQt6", "libicu", "libav", "libsw", "libpython"):
        if name.startswith(prefix):
            return f"_internal/{prefix}*"
    return f"_internal/{name}" if (rel.parent.name != "_internal" or os.path.isdir(ROOT)) else "_internal"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, default=ROOT / "dist" / "jianmi-desktop")
    parser.add_argument("--top", type=int, default=20)
    args = parser.parse_args(argv)
    if not args.folder.is_dir():
        print(f"no frozen folder at {args.folder}: run .venv/bin/python packaging/build.py first")
        return 1
    sizes: Counter[str] = Counter()
    total = files = 0
    for path in args.folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            size = path.stat().st_size
            rel = path.relative_to(args.folder)
            key = component(rel) if rel.parts[0] == "_internal" and len(rel.parts) > 2 else (
                "_internal (files at the top)" if rel.parts[0] == "_internal" else rel.parts[0])
            sizes[key] += size
            total += size
            files += 1
    print(f"frozen folder {args.folder}: {total / 1e6:.1f} MB in {files} files "
          f"(target ≤ {FOLDER_TARGET / 1e6:.0f} MB: {'OK' if total <= FOLDER_TARGET else 'OVER'})")
    for name, size in sizes.most_common(args.top):
        print(f"  {size / 1e6:8.1f} MB  {name}")
    rest = sum(size for _, size in sizes.most_common()[args.top:])
    if rest:
        print(f"  {rest / 1e6:8.1f} MB  (everything else)")
    found = False
    for pattern in ("jianmi-desktop_*.deb", "jianmi-desktop-*-setup.exe", "*.dmg"):
        for installer in sorted((ROOT / "dist").glob(pattern)):
            found = True
            size = installer.stat().st_size
            print(f"installer {installer.name}: {size / 1e6:.1f} MB "
                  f"(target ≤ {INSTALLER_TARGET / 1e6:.0f} MB: {'OK' if size <= INSTALLER_TARGET else 'OVER'})")
    if not found:
        print("no installer built yet (packaging/linux/build_deb.py, packaging/windows/build_installer.py)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
