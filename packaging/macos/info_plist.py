"""The macOS app's Info.plist: bundle id, version, the Chinese display name, Retina, the
minimum macOS, and the two localizations (Chinese first, English).

    python packaging/macos/info_plist.py OUT.plist [--version 1.2.0]

The PyInstaller spec passes ``plist(version)`` to its BUNDLE on macOS; this script writes the
same dictionary to a file (and the tests read it back with plistlib).
"""

from __future__ import annotations

import argparse
import plistlib
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from common import numeric_version, version  # noqa: E402

BUNDLE_ID = "cn.jianmi.desktop"
MINIMUM_MACOS = "11.0"


def plist(ver: str | None = None) -> dict[str, Any]:
    ver = version(ver)
    short = ".".join(numeric_version(ver).split(".")[:3])
    return {
        "CFBundleIdentifier": BUNDLE_ID,
        "CFBundleName": "Jianmi Desktop",
        "CFBundleDisplayName": "茧米桌面",
        "CFBundleExecutable": "jianmi-desktop",
        "CFBundlePackageType": "APPL",
        "CFBundleShortVersionString": short,
        "CFBundleVersion": ver,
        "CFBundleIconFile": "jianmi-desktop.icns",
        "CFBundleDevelopmentRegion": "zh_CN",
        "CFBundleLocalizations": ["zh_CN", "en"],
        "CFBundleAllowMixedLocalizations": True,
        "NSHighResolutionCapable": True,
        "NSRequiresAquaSystemAppearance": False,
        "LSMinimumSystemVersion": MINIMUM_MACOS,
        "LSApplicationCategoryType": "public.app-category.business",
        "NSHumanReadableCopyright": "© 2026 Jianmi",
    }


def write(path: Path, ver: str | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(plistlib.dumps(plist(ver)))
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--version", default=None)
    args = parser.parse_args(argv)
    print(write(args.out, args.version))
    return 0


if __name__ == "__main__":
    sys.exit(main())
