"""Files shipped with the program, found through :func:`resource_path` only."""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent

#: the app icon's sizes shipped as ``app_icon-<N>.png`` (rendered from resources/icons/jianmi-desktop.svg
#: by resources/make_icons.py at the top of the repository)
APP_ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)

#: the icons of the tabs, buttons and menus: Tabler Icons (MIT) shipped as ``icons/<name>.svg``, with
#: their LICENSE and a README naming the source (drawn by gui/widgets/icons.py)
ICON_NAMES = (
    # tabs
    "message", "phone-call", "photo", "wallet", "lock", "history", "inbox",
    # sending and its progress
    "send", "player-pause", "player-play", "player-stop", "x", "repeat", "hourglass",
    # files, drafts, editing
    "file-plus", "folder-open", "folder", "device-floppy", "clock", "file-import", "file-export",
    "table-export", "upload", "template", "plus", "photo-plus", "clipboard", "copy", "trash", "eraser",
    "arrow-back-up", "arrow-forward-up", "arrow-left", "arrow-right",
    # lists, reports, accounts
    "refresh", "search", "filter-off", "report-analytics", "ban", "key", "user",
    # menus and tray
    "settings", "logout", "terminal-2", "book", "home", "info-circle", "app-window",
)
ICON_LICENSE = "icons/LICENSE"


def resource_path(name: str) -> Path:
    """Absolute path of a file shipped in ``jianmi_desktop/resources``."""
    return _HERE / name


def app_icon_paths() -> list[Path]:
    """The app icon, one PNG a size, smallest first."""
    return [resource_path(f"app_icon-{size}.png") for size in APP_ICON_SIZES]


def icon_path(name: str) -> Path:
    """The SVG of the icon ``name`` (one of ``ICON_NAMES``)."""
    return _HERE / "icons" / f"{name}.svg"


def guide_path(language: str) -> Path:
    """The user guide as HTML in ``language`` ("zh_CN" or "en"; anything else: Chinese), built from
    docs/guide/ by packaging/build_guide.py."""
    return resource_path(f"guide_{'en' if language == 'en' else 'zh_CN'}.html")
