"""resources/: the icon files made from the SVG, and the Linux integration files, as installers use them.

desktop-file-validate (desktop-file-utils) and appstreamcli (appstream) are installed by .ci/run;
where they are missing the tests skip locally, and fail in CI (CI set)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image, ImageChops

ROOT = Path(__file__).resolve().parents[2]
RES = ROOT / "resources"
ICONS = RES / "icons"
DESKTOP = RES / "linux" / "cn.jianmi.Desktop.desktop"
METAINFO = RES / "linux" / "cn.jianmi.Desktop.metainfo.xml"
ICO_SIZES = [16, 24, 32, 48, 64, 128, 256]
PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024]


def tool(name: str, package: str) -> str:
    path = shutil.which(name)
    if path:
        return path
    if os.environ.get("CI"):
        pytest.fail(f"{name} is missing: .ci/run must apt-get install {package}")
    pytest.skip(f"{name} not installed here (apt-get install {package})")


def test_the_desktop_file_is_valid_and_names_the_program_in_both_languages():
    proc = subprocess.run([tool("desktop-file-validate", "desktop-file-utils"), str(DESKTOP)],
                          capture_output=True, text=True)
    assert proc.returncode == 0 and "error" not in proc.stdout, proc.stdout + proc.stderr
    entries = dict(line.split("=", 1) for line in DESKTOP.read_text(encoding="utf-8").splitlines() if "=" in line)
    assert entries["Name"] == "茧米桌面" and entries["Name[en]"] == "Jianmi Desktop"
    assert entries["Exec"] == "jianmi-desktop" and entries["Icon"] == "jianmi-desktop"
    assert entries["Categories"] == "Office;Network;" and entries["Terminal"] == "false"
    assert entries["StartupWMClass"] == "jianmi-desktop"  # QApplication's name: Qt's WM_CLASS
    assert entries["Comment[zh_CN]"] and entries["Comment[en]"] and entries["GenericName[en]"]


def test_the_metainfo_is_valid_and_carries_the_current_release():
    from jianmi_desktop import __version__

    proc = subprocess.run([tool("appstreamcli", "appstream"), "validate", "--no-net", str(METAINFO)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    text = METAINFO.read_text(encoding="utf-8")
    assert f'<release version="{__version__}"' in text
    assert "<screenshot" in text and "<launchable type=\"desktop-id\">cn.jianmi.Desktop.desktop</launchable>" in text


def test_a_broken_metainfo_is_refused_by_the_same_check(tmp_path):
    """The validator really validates: without its <id> the same file fails."""
    broken = tmp_path / "cn.jianmi.Desktop.metainfo.xml"
    broken.write_text(METAINFO.read_text(encoding="utf-8").replace("<id>cn.jianmi.Desktop</id>", ""),
                      encoding="utf-8")
    proc = subprocess.run([tool("appstreamcli", "appstream"), "validate", "--no-net", str(broken)],
                          capture_output=True, text=True)
    assert proc.returncode != 0


def test_the_ico_has_exactly_the_seven_sizes_each_drawn_for_its_size():
    ico = Image.open(ICONS / "jianmi-desktop.ico")
    assert sorted(ico.info["sizes"]) == [(s, s) for s in ICO_SIZES]
    for size in ICO_SIZES:
        ico.size = (size, size)
        png = Image.open(ICONS / "png" / f"jianmi-desktop-{size}.png").convert("RGBA")
        assert ImageChops.difference(ico.convert("RGBA"), png).getbbox() is None, size


def test_the_icns_opens_and_holds_the_large_sizes():
    icns = Image.open(ICONS / "jianmi-desktop.icns")
    icns.load()
    assert icns.format == "ICNS" and icns.size == (1024, 1024)
    sizes = {s[:2] for s in icns.info["sizes"]}
    assert {(16, 16), (32, 32), (128, 128), (256, 256), (512, 512)} <= sizes


def test_every_png_size_exists_and_the_package_carries_the_same_pixels():
    for size in PNG_SIZES:
        png = Image.open(ICONS / "png" / f"jianmi-desktop-{size}.png")
        assert png.size == (size, size) and png.mode == "RGBA"
        assert png.getpixel((size // 2, size // 2))[3] == 255  # the middle is drawn, not transparent
        assert png.getpixel((0, 0))[3] < 64  # the rounded corner is (nearly) transparent
    from jianmi_desktop.resources import APP_ICON_SIZES, app_icon_paths

    for size, path in zip(APP_ICON_SIZES, app_icon_paths()):
        shipped = Image.open(path).convert("RGBA")
        source = Image.open(ICONS / "png" / f"jianmi-desktop-{size}.png").convert("RGBA")
        assert ImageChops.difference(shipped, source).getbbox() is None, path


def test_make_icons_stops_with_one_line_when_the_svg_is_missing(tmp_path):
    script = (f"import sys; sys.path.insert(0, {str(RES)!r}); import make_icons; from pathlib import Path; "
              f"make_icons.SVG = Path({str(tmp_path / 'gone.svg')!r}); raise SystemExit(make_icons.main())")
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines() == [f"make_icons: the icon drawing {tmp_path / 'gone.svg'} is missing"]
