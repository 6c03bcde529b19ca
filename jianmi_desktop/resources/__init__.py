"""Files shipped with the program, found through :func:`resource_path` only."""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent

#: the app icon's sizes shipped as ``app_icon-<N>.png`` (rendered from resources/icons/jianmi-desktop.svg
#: by resources/make_icons.py at the top of the repository)
APP_ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)


def resource_path(name: str) -> Path:
    """Absolute path of a file shipped in ``jianmi_desktop/resources``."""
    return _HERE / name


def app_icon_paths() -> list[Path]:
    """The app icon, one PNG a size, smallest first."""
    return [resource_path(f"app_icon-{size}.png") for size in APP_ICON_SIZES]


def guide_path(language: str) -> Path:
    """The user guide as HTML in ``language`` ("zh_CN" or "en"; anything else: Chinese), built from
    docs/guide/ by packaging/build_guide.py."""
    return resource_path(f"guide_{'en' if language == 'en' else 'zh_CN'}.html")
