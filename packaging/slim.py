"""What the frozen folder leaves out: used by ``packaging/jianmi-desktop.spec`` on PyInstaller's
lists of (destination, source, type) entries, and by its tests.

The program imports QtCore, QtGui, QtWidgets, QtCharts and QtMultimedia (mp3 preview) and
nothing else of Qt; the PySide6 hooks bring every plugin of those modules. What stays:

* Qt plugins: the platforms the window runs on (X11 through xcb, and XWayland on Wayland
  desktops; offscreen for the self-test; Windows; macOS), input methods (ibus, which fcitx
  also speaks: Chinese input; compose: dead keys), GLX on X11, the image formats Qt itself
  decodes (JPEG, GIF, PNG is built in; SVG for icon themes), the SVG icon engine, styles and
  the multimedia backend. (The window's own icons are drawn by the QtSvg module, which stays
  with the program's imports: ``gui/widgets/icons.py``.) Dropped: the touch/evdev, EGLFS/KMS/VNC/framebuffer platforms (no
  such screens in an office), native Wayland (see DROP_PLUGIN_DIRS), the GTK3 theme (pulls
  the whole GTK/cairo/pango stack) and the portal theme (Flatpak/Snap only), TLS and
  network-information plugins (the program's network is httpx/aiohttp, never QtNetwork),
  the other image readers.
* Linux only: shared libraries that no kept extension module or plugin loads (followed through
  ELF ``NEEDED``), and the build machine's own system libraries (X11, GLib, fontconfig,
  PulseAudio, ...): those come from the user's system, where the .deb depends on their
  packages (``packaging/linux/build_deb.py`` finds them with ldd + dpkg -S), and a copy from
  the build machine only fights the system's fonts and sound configuration. libpython stays.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path, PurePath

Entry = tuple[str, str, str]  # PyInstaller TOC entry: (destination name, source path, type code)

#: plugin folders of which nothing is needed
DROP_PLUGIN_DIRS = frozenset({
    "generic", "egldeviceintegrations", "tls", "networkinformation", "qmltooling", "sqldrivers",
    "position", "sensors", "texttospeech", "webview", "canvaspainter", "renderers", "scenegraph",
    "sceneparsers", "geometryloaders", "renderplugins", "printsupport", "designer", "qmllint",
    "virtualkeyboard", "help", "assetimporters", "3dinputdevices",
    # Wayland: the window runs through XWayland there (every Wayland desktop has it; UOS, Deepin
    # and Kylin run X11): 2.3 MB of Wayland client, shells and decorations that keep the
    # folder under 150 MB. Put "wayland" back in KEEP_IN_DIR["platforms"] and these to undo.
    "wayland-shell-integration", "wayland-decoration-client", "wayland-graphics-integration-client",
})
#: plugin folders of which only these stay (the name without lib prefix, q prefix and suffix)
KEEP_IN_DIR = {
    "platforms": frozenset({"xcb", "offscreen", "windows", "cocoa"}),
    # the GTK3 theme pulls GTK, cairo and pango; the portal theme is for Flatpak/Snap sandboxes
    "platformthemes": frozenset(),
    # GLX (the default on X11); EGL on X11 only when asked for by QT_XCB_GL_INTEGRATION
    "xcbglintegrations": frozenset({"xcb-glx-integration"}),
    # Qt decodes only what fit_image (Pillow) made (JPEG, GIF, PNG) and the icon theme (SVG);
    # the user's own files, WebP and HEIC included, are read by Pillow
    "imageformats": frozenset({"jpeg", "gif", "svg"}),
}
_SYSTEM_DIRS = ("/lib/", "/lib64/", "/usr/lib/", "/usr/lib64/", "/usr/local/lib/")
_SHARED_LIB = re.compile(r"^lib.*\.so(\.\d+)*$")


def resource_files(package: Path) -> list[tuple[str, str]]:
    """PyInstaller ``datas`` for everything in ``<package>/resources``, sub-folders (the icons and
    their LICENSE) included, each at the same relative path; not the package's own Python files."""
    base = package / "resources"
    return [(str(p), PurePath(package.name, p.parent.relative_to(package)).as_posix())
            for p in sorted(base.rglob("*"))
            if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts]


def plugin_stem(filename: str) -> str:
    """``libqxcb.so`` / ``qxcb.dll`` / ``libqcocoa.dylib`` / ``qjpeg.dll`` → ``xcb`` / ``cocoa`` / ``jpeg``."""
    stem = filename.split(".", 1)[0]
    if stem.startswith("lib"):
        stem = stem[3:]
    return stem[1:] if stem.startswith("q") else stem


def plugin_kept(dest: str) -> bool:
    """False for a Qt plugin the program never loads; True for everything that is not a plugin."""
    parts = PurePath(dest).parts
    if "plugins" not in parts:
        return True
    i = parts.index("plugins")
    if i < 2 or parts[i - 1] != "Qt" or len(parts) < i + 3:
        return True
    folder, name = parts[i + 1], parts[-1]
    if folder in DROP_PLUGIN_DIRS:
        return False
    keep = KEEP_IN_DIR.get(folder)
    return keep is None or plugin_stem(name) in keep or name.split(".", 1)[0].removeprefix("lib") in keep


def is_system_library(source: str) -> bool:
    """A shared library of the build machine's system (not a wheel's, not libpython)."""
    name = os.path.basename(source)
    if not _SHARED_LIB.match(name) or name.startswith("libpython"):
        return False
    real = os.path.realpath(source)
    if "-packages/" in real or "/.venv/" in real:
        return False
    return real.startswith(_SYSTEM_DIRS)


def is_root(entry: Entry) -> bool:
    """Loaded by the program itself: an extension module, a Qt plugin, libpython."""
    dest, _source, kind = entry
    parts = PurePath(dest).parts
    return (kind == "EXTENSION" or "plugins" in parts or os.path.basename(dest).startswith("libpython")
            or not _SHARED_LIB.match(os.path.basename(dest)))


def reachable(binaries: list[Entry], needed: Callable[[str], Iterable[str]]) -> list[Entry]:
    """The entries loaded from a root through ``needed(source) -> sonames`` (others dropped)."""
    by_name: dict[str, list[Entry]] = {}
    for entry in binaries:
        by_name.setdefault(os.path.basename(entry[0]), []).append(entry)
    seen: set[str] = set()
    todo = [e for e in binaries if is_root(e)]
    keep: set[int] = {id(e) for e in todo}
    while todo:
        entry = todo.pop()
        if entry[1] in seen:
            continue
        seen.add(entry[1])
        for soname in needed(entry[1]):
            for dep in by_name.get(soname, ()):
                if id(dep) not in keep:
                    keep.add(id(dep))
                    todo.append(dep)
    return [e for e in binaries if id(e) in keep]


def slim_binaries(binaries: list[Entry], *, linux: bool,
                  needed: Callable[[str], Iterable[str]] | None = None) -> list[Entry]:
    """Unused plugins out everywhere; on Linux also system libraries and unreachable ones."""
    kept = [e for e in binaries if plugin_kept(e[0])]
    if not linux:
        return kept
    kept = [e for e in kept if not is_system_library(e[1])]
    return reachable(kept, needed or elf_needed)


def without_dangling_links(datas: list[Entry], binaries: list[Entry]) -> list[Entry]:
    """``datas`` less the SYMLINK entries whose target is not collected (a link to nothing)."""
    dests = {os.path.normpath(e[0]) for e in (*binaries, *datas) if e[2] != "SYMLINK"}
    return [e for e in datas if e[2] != "SYMLINK"
            or os.path.normpath(os.path.join(os.path.dirname(e[0]), e[1])) in dests]


def elf_needed(path: str) -> list[str]:
    """The ``DT_NEEDED`` sonames of an ELF file (64-bit little-endian; [] for anything else)."""
    import struct

    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError:
        return []
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        return []
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
    names: list[str] = []
    for _name, sh_type, _flags, _addr, offset, size, link, _info, _align, entsize in sections:
        if sh_type != 6 or not entsize:  # SHT_DYNAMIC
            continue
        strtab_offset = sections[link][4]
        for pos in range(offset, offset + size, entsize):
            tag, value = struct.unpack_from("<qQ", data, pos)
            if tag == 0:
                break
            if tag == 1:  # DT_NEEDED
                end = data.index(b"\0", strtab_offset + value)
                names.append(data[strtab_offset + value:end].decode("ascii", "replace"))
    return names
