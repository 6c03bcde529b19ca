# dmgbuild settings for the disk image: the app beside a link to /Applications on a light
# background with an arrow, the app's icon as the volume icon.
#   dmgbuild -s packaging/macos/dmg_settings.py -D app=dist/茧米桌面.app "茧米桌面" dist/jianmi-desktop.dmg
# dmgbuild runs this file with ``defines`` (the -D values) in its namespace.
# ruff: noqa: F821 — ``defines`` is given by dmgbuild
import os.path

_here = os.path.dirname(os.path.abspath(__file__))
_root = os.path.dirname(os.path.dirname(_here))
app = defines.get("app", os.path.join(_root, "dist", "茧米桌面.app"))
background = defines.get("background", os.path.join(_root, "build", "dmg-background.png"))

if not os.path.exists(background):          # drawn once: 640×400, the arrow from the app to Applications
    from PIL import Image, ImageDraw

    os.makedirs(os.path.dirname(background), exist_ok=True)
    picture = Image.new("RGB", (640, 400), (244, 248, 247))
    pen = ImageDraw.Draw(picture)
    pen.line([(250, 190), (390, 190)], fill=(15, 118, 110), width=6)
    pen.polygon([(390, 175), (420, 190), (390, 205)], fill=(15, 118, 110))
    picture.save(background)

format = "UDZO"
size = None
files = [app]
symlinks = {"Applications": "/Applications"}
icon = os.path.join(_root, "resources", "icons", "jianmi-desktop.icns")
icon_locations = {os.path.basename(app): (160, 190), "Applications": (480, 190)}
window_rect = ((200, 120), (640, 400))
default_view = "icon-view"
show_icon_preview = False
icon_size = 112
text_size = 13
