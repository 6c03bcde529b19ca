"""Render the app icon from its SVG into every file the program and the installers use.

    .venv/bin/python resources/make_icons.py

From ``resources/icons/jianmi-desktop.svg`` (the only drawing; edit that, then run this):

- ``resources/icons/png/jianmi-desktop-<N>.png`` for N in 16, 24, 32, 48, 64, 128, 256, 512, 1024
  (the hicolor icons of the .deb, the metainfo, the dmg);
- ``resources/icons/jianmi-desktop.ico`` with exactly 16, 24, 32, 48, 64, 128 and 256 (Windows
  executable, installer and "Apps & features");
- ``resources/icons/jianmi-desktop.icns`` (the macOS .app);
- ``jianmi_desktop/resources/app_icon-<N>.png`` for the ICO's sizes: what the running program
  loads for its window and tray icon (package data, found by ``resources.app_icon_paths``).

Each size is rendered from the vector drawing (QtSvg), not scaled down from a big bitmap, so the
small ones stay sharp. The generated files are committed: they are inputs of the installers.
Exits 1 with one line when the SVG is missing or cannot be drawn.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
SVG = ICONS / "jianmi-desktop.svg"
PNG_DIR = ICONS / "png"
ICO = ICONS / "jianmi-desktop.ico"
ICNS = ICONS / "jianmi-desktop.icns"
PACKAGE = ROOT / "jianmi_desktop" / "resources"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512, 1024)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
PACKAGE_SIZES = ICO_SIZES


def render(svg: Path, sizes) -> dict:
    """{size: Pillow RGBA image} drawn by QSvgRenderer at each size."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PIL import Image
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication([])  # noqa: F841 - QImage painting wants one
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"make_icons: {svg} is not an SVG that Qt can draw")
    images = {}
    for size in sizes:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(painter)
        painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        buffer.close()
        images[size] = Image.open(io.BytesIO(bytes(data))).convert("RGBA")
    return images


def save_png(image, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, "PNG", optimize=True)


def main() -> int:
    if not SVG.is_file():
        print(f"make_icons: the icon drawing {SVG} is missing", file=sys.stderr)
        return 1
    images = render(SVG, PNG_SIZES)
    for size, image in images.items():
        save_png(image, PNG_DIR / f"jianmi-desktop-{size}.png")
    for size in PACKAGE_SIZES:
        save_png(images[size], PACKAGE / f"app_icon-{size}.png")
    largest_ico = max(ICO_SIZES)
    images[largest_ico].save(ICO, "ICO", sizes=[(s, s) for s in ICO_SIZES],
                             append_images=[images[s] for s in ICO_SIZES if s != largest_ico])
    images[1024].save(ICNS, "ICNS", append_images=[images[s] for s in (16, 32, 64, 128, 256, 512)])
    print(f"made {len(PNG_SIZES)} PNGs in {PNG_DIR.relative_to(ROOT)}, {ICO.relative_to(ROOT)} "
          f"({', '.join(map(str, ICO_SIZES))}), {ICNS.relative_to(ROOT)}, and {len(PACKAGE_SIZES)} "
          f"app_icon-N.png in {PACKAGE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
