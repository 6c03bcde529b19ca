"""Build the Linux package: ``dist/jianmi-desktop_<version>_<arch>.deb`` from the frozen folder.

    python packaging/linux/build_deb.py [--folder dist/jianmi-desktop] [--out dist]

Layout (the way UOS / Deepin / Kylin and Debian install a self-contained program):
``/opt/jianmi-desktop/`` the frozen folder, ``/usr/bin/jianmi-desktop`` a link to its
executable, the ``.desktop`` file, hicolor icons from 16 to 512 px, the AppStream metainfo,
and ``/usr/share/doc/jianmi-desktop/`` (copyright, changelog). ``Depends:`` lists the Debian
packages of the system libraries the bundled Qt loads that the bundle does not carry (found
with ``ldd`` and ``dpkg -S`` on the build machine; a fixed list where those are not there).
"""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess
import sys
import tempfile
from email.utils import formatdate
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from common import (  # noqa: E402
    APP_ID,
    ICONS,
    LINUX,
    BuildError,
    atomic_output,
    build_main,
    need_file,
    need_folder,
    need_tool,
    version,
)

NAME = "jianmi-desktop"
MAINTAINER = "Jianmi Desktop <desktop@jianmi.invalid>"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
# What the bundled Qt needs from the system when ldd/dpkg cannot tell (xcb platform plugin,
# OpenGL/EGL, fonts, D-Bus): the same libraries .ci/run installs for the tests.
FALLBACK_DEPENDS = (
    "libc6", "libegl1", "libgl1", "libfontconfig1", "libfreetype6", "libdbus-1-3", "libglib2.0-0",
    "libxkbcommon0", "libxkbcommon-x11-0", "libx11-xcb1", "libxcb1", "libxcb-cursor0", "libxcb-icccm4",
    "libxcb-image0", "libxcb-keysyms1", "libxcb-randr0", "libxcb-render-util0", "libxcb-shape0",
    "libxcb-xfixes0", "libxcb-xinerama0", "libxcb-xkb1",
)
RECOMMENDS = ("fonts-noto-cjk",)


def deb_arch() -> str:
    try:
        return subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "amd64"


def system_depends(folder: Path) -> list[str]:
    """Debian packages of the libraries the bundle's ELF files load from outside the bundle."""
    if shutil.which("ldd") is None or shutil.which("dpkg") is None:
        return list(FALLBACK_DEPENDS)
    outside: set[str] = set()
    for path in folder.rglob("*"):
        if not path.is_file() or path.is_symlink() or not (path.suffix == ".so" or ".so." in path.name
                                                            or path.name == NAME):
            continue
        out = subprocess.run(["ldd", str(path)], capture_output=True, text=True).stdout
        for line in out.splitlines():
            parts = line.split("=>")
            if len(parts) == 2:
                target = parts[1].strip().split(" (")[0].strip()
                if target.startswith("/") and not target.startswith(str(folder)):
                    outside.add(os.path.realpath(target))
    packages: set[str] = set()
    for lib in sorted(outside):
        out = subprocess.run(["dpkg", "-S", lib], capture_output=True, text=True)
        if out.returncode != 0:
            out = subprocess.run(["dpkg", "-S", lib.replace("/usr/lib/", "/lib/", 1)], capture_output=True, text=True)
        if out.returncode == 0:
            packages.add(out.stdout.split(":")[0].strip())
    # sensible-utils: the bundled libmount/libblkid name sensible-pager (lintian asks for it)
    packages |= {"libc6", "libfontconfig1", "libegl1", "libxkbcommon-x11-0", "libxcb-cursor0", "sensible-utils"}
    return sorted(packages) if len(packages) > 5 else list(FALLBACK_DEPENDS)


def installed_size_kib(root: Path) -> int:
    return sum(p.lstat().st_size for p in root.rglob("*") if not p.is_dir()) // 1024 + 1


def stage(folder: Path, root: Path, ver: str, arch: str) -> None:
    opt = root / "opt" / NAME
    shutil.copytree(folder, opt, symlinks=True)
    for path in [opt, *opt.rglob("*")]:        # root-owned, world-readable, nothing group-writable
        if not path.is_symlink():
            os.chmod(path, 0o755 if path.is_dir() or os.access(path, os.X_OK) else 0o644)
    (root / "usr" / "bin").mkdir(parents=True)
    os.symlink(f"/opt/{NAME}/{NAME}", root / "usr" / "bin" / NAME)
    apps = root / "usr" / "share" / "applications"
    apps.mkdir(parents=True)
    shutil.copy(need_file(LINUX / f"{APP_ID}.desktop", "the .desktop file"), apps / f"{APP_ID}.desktop")
    meta = root / "usr" / "share" / "metainfo"
    meta.mkdir(parents=True)
    shutil.copy(need_file(LINUX / f"{APP_ID}.metainfo.xml", "the AppStream metainfo"), meta / f"{APP_ID}.metainfo.xml")
    for size in ICON_SIZES:
        target = root / "usr" / "share" / "icons" / "hicolor" / f"{size}x{size}" / "apps"
        target.mkdir(parents=True)
        shutil.copy(need_file(ICONS / "png" / f"{NAME}-{size}.png", f"the {size} px icon"), target / f"{NAME}.png")
    scalable = root / "usr" / "share" / "icons" / "hicolor" / "scalable" / "apps"
    scalable.mkdir(parents=True)
    shutil.copy(need_file(ICONS / f"{NAME}.svg", "the SVG icon"), scalable / f"{NAME}.svg")
    doc = root / "usr" / "share" / "doc" / NAME
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(
        "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"
        f"Upstream-Name: {NAME}\n\nFiles: *\nCopyright: 2026 Jianmi\nLicense: proprietary\n"
        " Jianmi Desktop is proprietary software of Jianmi. The bundled Qt (LGPL-3), Python (PSF)\n"
        " and Python packages keep their own licences, listed in /opt/jianmi-desktop/_internal.\n"
        "\nFiles: opt/jianmi-desktop/_internal/jianmi_desktop/resources/icons/*.svg\n"
        "Copyright: 2020-2024 Paweł Kuna\nLicense: MIT\n"
        " Tabler Icons (https://tabler.io/icons); the licence text is the LICENSE file in that folder.\n",
        encoding="utf-8")
    changelog = (f"{NAME} ({ver}) stable; urgency=medium\n\n  * Release {ver}.\n\n"
                 f" -- {MAINTAINER}  {formatdate(localtime=False)}\n")
    with gzip.GzipFile(doc / "changelog.gz", "wb", mtime=0) as fh:
        fh.write(changelog.encode("utf-8"))
    overrides = root / "usr" / "share" / "lintian" / "overrides"
    overrides.mkdir(parents=True)
    (overrides / NAME).write_text(
        "# A self-contained program: Python, Qt and their libraries live in /opt/jianmi-desktop, as the\n"
        "# vendor's desktop programs do on UOS/Deepin/Kylin; they are not Debian's own packages.\n"
        f"{NAME}: dir-or-file-in-opt *\n"
        f"{NAME}: embedded-library *\n"
        f"{NAME}: unstripped-binary-or-object *\n"
        f"{NAME}: shared-library-lacks-prerequisites *\n"
        f"{NAME}: binary-or-shlib-defines-rpath *\n"
        f"{NAME}: hardening-no-fortify-functions *\n"
        f"{NAME}: hardening-no-pie *\n"
        f"{NAME}: hardening-no-relro *\n"
        f"{NAME}: library-not-linked-against-libc *\n"
        f"{NAME}: shared-library-lacks-version *\n"
        f"{NAME}: lacks-ldconfig-trigger *\n"
        f"{NAME}: spelling-error-in-binary *\n"
        f"{NAME}: executable-not-elf-or-script *\n"
        f"{NAME}: package-contains-documentation-outside-usr-share-doc *\n"
        f"{NAME}: repeated-path-segment *\n"
        f"{NAME}: unusual-interpreter *\n"
        f"{NAME}: script-not-executable *\n"
        f"{NAME}: no-manual-page *\n"
        f"{NAME}: extra-license-file *\n"
        f"{NAME}: package-contains-vcs-control-file *\n"
        f"{NAME}: shlib-with-executable-bit *\n"
        f"{NAME}: statically-linked-binary *\n"
        f"{NAME}: executable-in-usr-lib *\n"
        f"{NAME}: privacy-breach-generic *\n"
        f"{NAME}: embedded-javascript-library *\n"
        f"{NAME}: package-installs-python-bytecode *\n"
        f"{NAME}: arch-dependent-file-not-in-arch-specific-directory *\n",
        encoding="utf-8")
    depends = ", ".join(system_depends(folder))
    control = root / "DEBIAN"
    control.mkdir()
    (control / "control").write_text(
        f"Package: {NAME}\nVersion: {ver}\nArchitecture: {arch}\nMaintainer: {MAINTAINER}\n"
        f"Installed-Size: {installed_size_kib(root)}\nDepends: {depends}\nRecommends: {', '.join(RECOMMENDS)}\n"
        "Section: net\nPriority: optional\nHomepage: https://www.jianmi.invalid/desktop\n"
        "Description: desktop program for the Jianmi cloud communications platform\n"
        " 茧米桌面: SMS campaigns from Excel, voice notifications and calls, picture\n"
        " messages composed frame by frame, and every message followed to its delivery\n"
        " report. Opens on a built-in sandbox until a real account is entered.\n",
        encoding="utf-8")
    (control / "postinst").write_text(
        "#!/bin/sh\nset -e\nif [ \"$1\" = configure ] && command -v update-desktop-database >/dev/null; then\n"
        "  update-desktop-database -q /usr/share/applications || true\nfi\n", encoding="utf-8")
    (control / "postrm").write_text(
        "#!/bin/sh\nset -e\nif command -v update-desktop-database >/dev/null; then\n"
        "  update-desktop-database -q /usr/share/applications || true\nfi\n", encoding="utf-8")
    for script in ("postinst", "postrm"):
        os.chmod(control / script, 0o755)


def build(folder: Path, out: Path, ver: str | None = None) -> Path:
    ver = version(ver)
    need_tool("dpkg-deb", "dpkg")
    need_folder(folder)
    arch = deb_arch()
    target = out / f"{NAME}_{ver}_{arch}.deb"
    with tempfile.TemporaryDirectory() as tmp, atomic_output(target) as partial:
        root = Path(tmp) / "root"
        root.mkdir()
        stage(folder, root, ver, arch)
        result = subprocess.run(["dpkg-deb", "--root-owner-group", "-Zxz", "-z9", "-Sextreme", "--build", str(root), str(partial)],
                                capture_output=True, text=True)
        if result.returncode != 0:
            raise BuildError(f"dpkg-deb failed: {result.stderr.strip().splitlines()[-1:]}")
    return target


def main(argv: list[str] | None = None) -> int:
    return build_main(build, __doc__, argv)


if __name__ == "__main__":
    sys.exit(main())
