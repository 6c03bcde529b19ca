"""The frozen folder's diet (packaging/slim.py, packaging/icu_trim.py) on real files: which Qt
plugins stay, which libraries are followed through ELF NEEDED, links to nothing dropped, and
Qt's ICU data cut down and linked into a library that the venv's own Qt then loads instead of
the full one (pinyin order, case mapping, the Chinese code pages, a time-zone name)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path, PurePath

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "packaging"))

import icu_trim  # noqa: E402
import slim  # noqa: E402
import smoke_frozen  # noqa: E402

QT_LIB = Path(__import__("PySide6").__file__).parent / "Qt" / "lib"
LINUX = sys.platform.startswith("linux")
linux_only = pytest.mark.skipif(not LINUX, reason="PySide6 carries ICU and ELF libraries on Linux only")


def need(tool: str) -> None:
    if shutil.which(tool) is None:
        if os.environ.get("CI"):
            pytest.fail(f"{tool} is missing: .ci/run installs it (binutils)")
        pytest.skip(f"{tool} not installed here (CI installs binutils)")


@pytest.mark.parametrize(("dest", "kept"), [
    ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
    ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
    ("PySide6/Qt/plugins/platforms/qwindows.dll", True),
    ("PySide6/Qt/plugins/platforms/libqcocoa.dylib", True),
    ("PySide6/Qt/plugins/platforms/libqeglfs.so", False),
    ("PySide6/Qt/plugins/platforms/libqvnc.so", False),
    ("PySide6/Qt/plugins/platforms/libqwayland.so", False),
    ("PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so", True),
    ("PySide6/Qt/plugins/imageformats/libqjpeg.so", True),
    ("PySide6/Qt/plugins/imageformats/qgif.dll", True),
    ("PySide6/Qt/plugins/imageformats/libqsvg.so", True),
    ("PySide6/Qt/plugins/iconengines/libqsvgicon.so", True),   # SVG icons of Qt's own dialogs
    ("PySide6/Qt/plugins/iconengines/qsvgicon.dll", True),
    ("PySide6/Qt/plugins/imageformats/libqtiff.so", False),
    ("PySide6/Qt/plugins/imageformats/libqwebp.so", False),
    ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
    ("PySide6/Qt/plugins/xcbglintegrations/libqxcb-glx-integration.so", True),
    ("PySide6/Qt/plugins/xcbglintegrations/libqxcb-egl-integration.so", False),
    ("PySide6/Qt/plugins/multimedia/libffmpegmediaplugin.so", True),
    ("PySide6/Qt/plugins/styles/qmodernwindowsstyle.dll", True),
    ("PySide6/Qt/plugins/generic/libqevdevtouchplugin.so", False),
    ("PySide6/Qt/plugins/tls/libqopensslbackend.so", False),
    ("PySide6/Qt/plugins/wayland-shell-integration/libxdg-shell.so", False),
    ("PySide6/Qt/lib/libQt6Core.so.6", True),        # not a plugin
    ("jianmi_desktop/resources/plugins/x.txt", True),  # "plugins" elsewhere is not Qt's
])
def test_plugins_kept(dest, kept):
    assert slim.plugin_kept(dest) is kept


def test_the_resources_go_to_the_folder_with_their_sub_folders_and_without_python_files(tmp_path):
    package = tmp_path / "jianmi_desktop"
    (package / "resources" / "icons").mkdir(parents=True)
    (package / "resources" / "__pycache__").mkdir()
    for name in ("__init__.py", "__pycache__/__init__.cpython-311.pyc", "guide_en.html",
                 "icons/send.svg", "icons/LICENSE", "icons/README.md"):
        (package / "resources" / name).write_text("x")
    datas = slim.resource_files(package)
    assert sorted((PurePath(source).relative_to(package).as_posix(), dest) for source, dest in datas) == [
        ("resources/guide_en.html", "jianmi_desktop/resources"),
        ("resources/icons/LICENSE", "jianmi_desktop/resources/icons"),
        ("resources/icons/README.md", "jianmi_desktop/resources/icons"),
        ("resources/icons/send.svg", "jianmi_desktop/resources/icons"),
    ]


def test_the_real_resources_ship_every_icon_and_its_licence():
    from jianmi_desktop.resources import ICON_NAMES

    datas = {(PurePath(source).name, dest) for source, dest in slim.resource_files(ROOT / "jianmi_desktop")}
    icons = "jianmi_desktop/resources/icons"
    assert {(f"{name}.svg", icons) for name in ICON_NAMES} | {("LICENSE", icons), ("README.md", icons)} <= datas
    assert ("app_icon-256.png", "jianmi_desktop/resources") in datas


def test_reachable_follows_needed_and_drops_the_rest():
    binaries = [
        ("PySide6/QtGui.abi3.so", "/x/QtGui.abi3.so", "EXTENSION"),
        ("PySide6/Qt/lib/libQt6Gui.so.6", "/x/libQt6Gui.so.6", "BINARY"),
        ("PySide6/Qt/lib/libQt6Core.so.6", "/x/libQt6Core.so.6", "BINARY"),
        ("PySide6/Qt/lib/libQt6Pdf.so.6", "/x/libQt6Pdf.so.6", "BINARY"),        # nothing loads it
        ("PySide6/Qt/plugins/platforms/libqxcb.so", "/x/libqxcb.so", "BINARY"),   # a plugin is a root
        ("PySide6/Qt/lib/libQt6XcbQpa.so.6", "/x/libQt6XcbQpa.so.6", "BINARY"),
        ("libpython3.11.so.1.0", "/usr/lib/libpython3.11.so.1.0", "BINARY"),     # kept: the bootloader opens it
    ]
    graph = {"/x/QtGui.abi3.so": ["libQt6Gui.so.6", "libc.so.6"], "/x/libQt6Gui.so.6": ["libQt6Core.so.6"],
             "/x/libqxcb.so": ["libQt6XcbQpa.so.6"]}
    kept = {e[0] for e in slim.reachable(binaries, lambda src: graph.get(src, []))}
    assert kept == {e[0] for e in binaries} - {"PySide6/Qt/lib/libQt6Pdf.so.6"}


@linux_only
def test_system_libraries_are_left_to_the_system():
    assert slim.is_system_library("/lib/x86_64-linux-gnu/libX11.so.6") or not Path("/lib/x86_64-linux-gnu/libX11.so.6").exists()
    assert not slim.is_system_library("/usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0")
    assert not slim.is_system_library(str(QT_LIB / "libQt6Core.so.6"))
    assert not slim.is_system_library("/usr/lib/python3.11/lib-dynload/_ssl.cpython-311-x86_64-linux-gnu.so")


def test_links_to_nothing_are_dropped():
    binaries = [("PySide6/Qt/lib/libQt6Core.so.6", "/x/libQt6Core.so.6", "BINARY")]
    datas = [("libQt6Core.so.6", "PySide6/Qt/lib/libQt6Core.so.6", "SYMLINK"),
             ("libQt6Pdf.so.6", "PySide6/Qt/lib/libQt6Pdf.so.6", "SYMLINK"),
             ("certifi/cacert.pem", "/x/cacert.pem", "DATA")]
    assert [e[0] for e in slim.without_dangling_links(datas, binaries)] == ["libQt6Core.so.6", "certifi/cacert.pem"]


@linux_only
def test_elf_needed_reads_a_real_library():
    needed = slim.elf_needed(str(QT_LIB / "libQt6Widgets.so.6"))
    assert "libQt6Gui.so.6" in needed and "libQt6Core.so.6" in needed
    assert slim.elf_needed(str(ROOT / "README.md")) == []


@linux_only
def test_smoke_test_names_a_library_found_nowhere(tmp_path):
    need("ldd")
    shutil.copy(QT_LIB / "libQt6Widgets.so.6", tmp_path / "libQt6Widgets.so.6")  # without Gui and Core
    unresolved = smoke_frozen.unresolved_libraries(tmp_path)
    assert "libQt6Gui.so.6" in unresolved and unresolved["libQt6Gui.so.6"] == ["libQt6Widgets.so.6"]
    shutil.copy(QT_LIB / "libQt6Gui.so.6", tmp_path / "libQt6Gui.so.6")
    assert "libQt6Gui.so.6" not in smoke_frozen.unresolved_libraries(tmp_path)


@pytest.mark.parametrize(("item", "wanted"), [
    ("coll/zh.res", True), ("coll/ucadata.icu", True), ("coll/de.res", False), ("zone/zh_Hant.res", True),
    ("zh_Hans_CN.res", True), ("en_GB.res", True), ("fr.res", False), ("root.res", True), ("pool.res", True),
    ("supplementalData.res", True), ("cnvalias.icu", True), ("uprops.icu", True),
    ("gb18030.cnv", True), ("windows-936-2000.cnv", True), ("ibm-943_P15A-2003.cnv", False),
    ("brkitr/cjdict.dict", False), ("translit/root.res", False), ("curr/zh.res", False), ("unames.icu", False),
])
def test_icu_items_wanted(item, wanted):
    assert icu_trim.wanted(item) is wanted


PROBE = r"""
import json
from PySide6.QtCore import QCollator, QLocale, QStringDecoder, QTimeZone
zh = QCollator(QLocale("zh_CN"))
names = ["张三", "阿明", "王五", "李四", "赵六"]
order = sorted(names, key=lambda n: [zh.compare(n, m) for m in names].count(1))
gbk = QStringDecoder("GBK")
big5 = QStringDecoder("Big5")
print(json.dumps({
    "order": order,
    "upper": QLocale("zh_CN").toUpper("straße"),
    "gbk": gbk.isValid(), "gb18030": QStringDecoder("GB18030").isValid(), "big5": big5.isValid(),
    "zone_zh": QTimeZone(b"Asia/Shanghai").displayName(QTimeZone.TimeType.StandardTime,
                                                     QTimeZone.NameType.LongName, QLocale("zh_CN")),
}, ensure_ascii=False))
"""


@linux_only
def test_icu_data_cut_and_still_serves_qt(tmp_path):
    need("as")
    need("ld")
    source = QT_LIB / next(p.name for p in QT_LIB.glob("libicudata.so.*") if p.name.count(".") == 2)
    built = icu_trim.trim_library(source, tmp_path)
    assert built.name == source.name
    assert built.stat().st_size < source.stat().st_size / 4, (built.stat().st_size, source.stat().st_size)
    # the venv's Qt with the cut data library preloaded in place of its own
    env = {**os.environ, "LD_PRELOAD": str(built), "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "Could not create collator" not in out.stderr
    got = json.loads(out.stdout)
    assert got["order"] == ["阿明", "李四", "王五", "张三", "赵六"]  # pinyin: a, li, wang, zhang, zhao
    assert got["upper"] == "STRASSE"
    assert got["gbk"] and got["gb18030"] and got["big5"]
    assert got["zone_zh"] == "中国标准时间"
    maps = subprocess.run(["ldd", str(built)], capture_output=True, text=True).stdout
    assert "not found" not in maps


def test_icu_trim_refuses_what_is_not_icu_data(tmp_path):
    bogus = tmp_path / "libicudata.so.73"
    bogus.write_bytes(b"not an ELF file")
    with pytest.raises(SystemExit) as stopped:
        icu_trim.trim_library(bogus, tmp_path / "out")
    assert "not a 64-bit little-endian ELF" in stopped.value.line
    with pytest.raises(SystemExit) as stopped:
        icu_trim.trim_library(tmp_path / "libfoo.so.1", tmp_path / "out")
    assert "not an ICU data library" in stopped.value.line
    assert not (tmp_path / "out").exists()
