"""Compile the Windows setup with makensis: ``dist/jianmi-desktop-<version>-setup.exe``.

    python packaging/windows/build_installer.py [--folder dist/jianmi-desktop] [--out dist]

The folder is the frozen program: on a Windows runner the Windows build (``jianmi-desktop.exe``);
on Linux the Linux build stands in for it, so that the installer itself — pages, shortcuts,
uninstall key, upgrade and uninstall — is compiled and tried under wine by check_installer.py.
A missing icon, a version that is not PEP 440 or a missing makensis stops with one line, and
no half-made setup is left (it is written beside the target and renamed when complete).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from common import (  # noqa: E402
    ICONS,
    BuildError,
    atomic_output,
    build_main,
    need_file,
    need_folder,
    need_tool,
    numeric_version,
    version,
)

SCRIPT = Path(__file__).resolve().parent / "installer.nsi"
WINDOW_EXE = "jianmi-desktopw.exe"


def build(folder: Path, out: Path, ver: str | None = None) -> Path:
    ver = version(ver)
    icon = need_file(ICONS / "jianmi-desktop.ico", "the Windows icon")
    makensis = need_tool("makensis", "nsis")
    need_folder(folder)
    exe = "jianmi-desktop.exe" if (folder / "jianmi-desktop.exe").exists() else "jianmi-desktop"
    # the Windows build's windowed twin (packaging/jianmi-desktop.spec) is what the shortcuts open
    window_exe = WINDOW_EXE if (folder / WINDOW_EXE).exists() else exe
    target = out / f"jianmi-desktop-{ver}-setup.exe"
    with atomic_output(target) as partial:
        command = [makensis, "-V2", "-INPUTCHARSET", "UTF8", f"-DVERSION={ver}", f"-DVERSION4={numeric_version(ver)}",
                   f"-DSOURCE={folder.resolve()}", f"-DOUTFILE={partial.resolve()}", f"-DICON={icon}",
                   f"-DEXE={exe}", f"-DWINDOW_EXE={window_exe}", str(SCRIPT)]
        result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode != 0:
            lines = (result.stdout + result.stderr).strip().splitlines()
            raise BuildError(f"makensis failed: {' | '.join(lines[-3:])}")
    return target


def main(argv: list[str] | None = None) -> int:
    return build_main(build, __doc__, argv)


if __name__ == "__main__":
    sys.exit(main())
