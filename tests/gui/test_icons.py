"""The icons of the tabs, buttons and menus (issue 13, item 8): Tabler Icons shipped as SVG with
their licence, drawn by QtSvg at the screen's pixel ratio (sharp at 150 % and 200 %), in the text's
colour, grey when disabled, white on the blue 发送 button."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path, PurePath

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QColor, QGuiApplication, QIcon, QImage, QPalette
from PySide6.QtWidgets import QAbstractButton

from jianmi_desktop.gui.style import PRIMARY_DISABLED_TEXT, PRIMARY_TEXT, is_primary
from jianmi_desktop.gui.widgets.icons import icon
from jianmi_desktop.resources import ICON_LICENSE, ICON_NAMES, icon_path, resource_path

ROOT = Path(__file__).resolve().parents[2]
GUI = ROOT / "jianmi_desktop" / "gui"
ICONS = icon_path("send").parent


def icon_names_in_code() -> dict[str, str]:
    """{icon name: where} for every literal name given to ``icon()``, ``with_icon()`` or an
    ``icon=`` argument in gui/; a name passed on in a variable is checked where it is written."""
    found: dict[str, str] = {}
    for path in sorted(GUI.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            given = [k.value for k in node.keywords if k.arg == "icon"]
            if func == "icon" and node.args:
                given.append(node.args[0])
            if func == "with_icon" and len(node.args) > 1:
                given.append(node.args[1])
            for arg in given:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found.setdefault(arg.value, f"{path.relative_to(ROOT)}:{node.lineno}")
    from jianmi_desktop.gui.main_window import TAB_ICONS

    for name in TAB_ICONS.values():
        found.setdefault(name, "gui/main_window.py TAB_ICONS")
    return found


def coloured(image: QImage) -> list[QColor]:
    """The pixels something was drawn on (alpha above 0)."""
    image = image.convertToFormat(QImage.Format.Format_ARGB32)
    return [c for y in range(image.height()) for x in range(image.width())
            if (c := image.pixelColor(x, y)).alpha() > 0]


def test_every_icon_named_in_the_code_is_listed_shipped_and_used():
    used = icon_names_in_code()
    assert {n: w for n, w in used.items() if n not in ICON_NAMES} == {}, "named in the code, not in ICON_NAMES"
    assert set(ICON_NAMES) - set(used) == set(), "listed in ICON_NAMES but used nowhere"
    assert sorted(p.stem for p in ICONS.glob("*.svg")) == sorted(ICON_NAMES)
    assert len(set(ICON_NAMES)) == len(ICON_NAMES)
    for name in ICON_NAMES:   # Tabler's outline icons draw with the text's colour: that is what icons.py replaces
        assert 'stroke="currentColor"' in icon_path(name).read_text(encoding="utf-8"), name


def test_the_licence_and_the_source_are_shipped_next_to_the_icons():
    licence = resource_path(ICON_LICENSE).read_text(encoding="utf-8")
    assert licence.startswith("MIT License") and "Copyright (c) 2020-2024 Paweł Kuna" in licence
    assert "Permission is hereby granted, free of charge" in licence and "WITHOUT WARRANTY OF ANY KIND" in licence
    readme = (ICONS / "README.md").read_text(encoding="utf-8")
    assert "Tabler Icons" in readme and "pytablericons" in readme and "1.0.1" in readme
    # the wheel and the editable install take them: the package data patterns match every file
    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))[
        "tool"]["setuptools"]["package-data"]["jianmi_desktop"]
    for path in ICONS.iterdir():
        relative = PurePath(path.relative_to(ROOT / "jianmi_desktop"))
        assert any(len(PurePath(p).parts) == len(relative.parts) and relative.match(p) for p in patterns), relative


@pytest.mark.parametrize("scale", [1.0, 1.5, 2.0])
def test_every_icon_draws_at_16_px_at_100_150_and_200_percent(qapp, scale):
    """Drawn at the device pixels of the scale (24×24 at 150 %, 32×32 at 200 %), not scaled up from
    16×16: the strokes keep solid pixels (a 16 px picture blown up to 32 px has none)."""
    side = round(16 * scale)
    for name in ICON_NAMES:
        pixmap = icon(name).pixmap(QSize(16, 16), scale)
        assert (pixmap.width(), pixmap.height(), pixmap.devicePixelRatio()) == (side, side, scale), name
        drawn = coloured(pixmap.toImage())
        assert len(drawn) >= side * side // 12, (name, len(drawn))   # a real picture, not a dot
        assert len(drawn) < side * side * 0.9, (name, len(drawn))   # an outline, not a filled square
        if scale > 1:
            solid = sum(c.alpha() >= 250 for c in drawn)
            assert solid / len(drawn) > 0.2, (name, solid, len(drawn))
            blown_up = coloured(icon(name).pixmap(QSize(16, 16), 1.0).toImage().scaled(
                side, side, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation))
            assert solid > 2 * sum(c.alpha() >= 250 for c in blown_up), name


def test_icons_take_the_text_colour_grey_when_disabled_and_white_on_the_primary_button(qapp):
    palette = QGuiApplication.palette()
    text = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.ButtonText)
    grey = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText)
    assert text != grey

    def drawn_in(made: QIcon, mode: QIcon.Mode, colour: QColor) -> bool:
        """Every solid pixel is ``colour`` (give or take the rounding of premultiplied alpha)."""
        solid = [c for c in coloured(made.pixmap(QSize(16, 16), 2.0, mode).toImage()) if c.alpha() >= 250]
        return bool(solid) and all(max(abs(c.red() - colour.red()), abs(c.green() - colour.green()),
                                       abs(c.blue() - colour.blue())) <= 2 for c in solid)

    assert drawn_in(icon("send"), QIcon.Mode.Normal, text)
    assert drawn_in(icon("send"), QIcon.Mode.Disabled, grey)
    assert drawn_in(icon("send", on="primary"), QIcon.Mode.Normal, QColor(PRIMARY_TEXT))
    assert drawn_in(icon("send", on="primary"), QIcon.Mode.Disabled, QColor(PRIMARY_DISABLED_TEXT))
    # in a menu the item under the mouse is highlighted: its icon turns white with its words
    highlighted = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.HighlightedText)
    assert drawn_in(icon("book", on="menu"), QIcon.Mode.Active, highlighted)
    assert drawn_in(icon("book", on="menu"), QIcon.Mode.Normal, text)
    assert drawn_in(icon("book"), QIcon.Mode.Active, text)   # a focused button keeps the text's colour
    assert icon("send") is icon("send")   # made once


def test_an_icon_whose_file_is_missing_is_empty_not_an_error(qapp):
    assert icon("no-such-icon").isNull()


def test_every_tab_has_its_icon_before_and_after_the_other_tabs_are_built(controller, qtbot):
    from jianmi_desktop.gui.main_window import TAB_ICONS, TABS, MainWindow

    window = MainWindow(controller, defer_tabs=True)
    qtbot.addWidget(window)
    expected = [icon(TAB_ICONS[entry[1]]).cacheKey() for entry in TABS]
    assert [window.tabs.tabIcon(i).cacheKey() for i in range(window.tabs.count())] == expected
    window.build_tabs()
    assert [window.tabs.tabIcon(i).cacheKey() for i in range(window.tabs.count())] == expected
    assert set(TAB_ICONS) == {entry[1] for entry in TABS}
    assert len(set(TAB_ICONS.values())) == len(TAB_ICONS)   # each tab its own picture


def test_the_menus_and_the_main_actions_have_icons(window):
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        assert menu is not None
        for action in menu.actions():
            assert action.isSeparator() or not action.icon().isNull(), action.text()
            assert action.isSeparator() or action.icon().pixmap(QSize(16, 16), QIcon.Mode.Active).toImage() != \
                action.icon().pixmap(QSize(16, 16), QIcon.Mode.Normal).toImage(), action.text()
    tabs = {type(t).__name__: t for t in window.tab_widgets}
    sms, history = tabs["SmsTab"], tabs["HistoryTab"]
    sends = [sms.send_button, tabs["VoiceTab"].send_button, tabs["MmsTab"].sending.send_button]
    main: list[QAbstractButton] = [
        *sends, sms.new_button, sms.undo_new_button, sms.panel.open_button, sms.panel.clear_button,
        sms.panel.export_button, sms.progress.pause_button, sms.progress.resume_button,
        sms.progress.cancel_button, history.refresh_button, history.csv_button, history.xlsx_button,
        tabs["InboxTab"].refresh_button, tabs["BalanceTab"].refresh_button, tabs["MmsTab"].undo_button,
    ]
    assert [b.text() for b in main if b.icon().isNull()] == []
    for button in sends:   # still the highlighted main action, its icon in the button's white
        assert is_primary(button)
        assert button.icon().cacheKey() == icon("send", on="primary").cacheKey()
    inbox = tabs["InboxTab"]
    for field in (history.number_edit, inbox.filter_edit, inbox.opt_outs.filter_edit):   # the search fields
        magnifiers = [a for a in field.actions() if isinstance(a, QAction) and not a.icon().isNull()]
        assert len(magnifiers) == 1 and magnifiers[0].text(), field.placeholderText()   # it says what it is
        assert magnifiers[0].icon().cacheKey() == icon("search").cacheKey()
