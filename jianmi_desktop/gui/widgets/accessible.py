"""Every control a screen reader can reach has a name. Qt names buttons by their text and fields
by a buddy label; for the rest (a field whose label is a separate QLabel, a table, a text box with
only a tooltip) the name is taken, in this order, from: the placeholder text, the first clause
of the tooltip, the label or check box just before it in its layout, or — for a table — its
column titles. Run once over a tab when it is built; a name set by hand is never replaced."""

from __future__ import annotations

import re

from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QLayout,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

INTERACTIVE = (QAbstractButton, QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QAbstractSpinBox, QAbstractItemView)
_CLAUSE = re.compile(r"[；。（(\n;:：]")


def effective_name(widget: QWidget) -> str:
    """The name assistive technology reads for ``widget`` (Qt's own rules included)."""
    iface = QAccessible.queryAccessibleInterface(widget)
    return (iface.text(QAccessible.Text.Name) if iface is not None else widget.accessibleName()).strip()


def needs_name(widget: QWidget) -> bool:
    if not isinstance(widget, INTERACTIVE) or isinstance(widget, QHeaderView) or widget.objectName().startswith("qt_"):
        return False            # Qt's own inner parts (a spin box's line edit) are named by their owner
    return not effective_name(widget)


def _layout_of(layout: QLayout, widget: QWidget) -> QLayout | None:
    """The (possibly nested) layout that holds ``widget``."""
    if layout.indexOf(widget) >= 0:
        return layout
    for i in range(layout.count()):
        item = layout.itemAt(i)
        inner = item.layout() if item is not None else None
        if inner is not None:
            found = _layout_of(inner, widget)
            if found is not None:
                return found
    return None


def _label_before(widget: QWidget) -> str:
    parent = widget.parentWidget()
    top = parent.layout() if parent is not None else None
    layout = _layout_of(top, widget) if top is not None else None
    if layout is None:
        return ""
    index = layout.indexOf(widget)
    item = layout.itemAt(index - 1) if index > 0 else None
    previous = item.widget() if item is not None else None
    if isinstance(previous, (QLabel, QCheckBox)) and len(previous.text().strip("：: —-")) > 1:
        return previous.text().replace("&", "").rstrip("：: ")
    return ""


def guess_name(widget: QWidget) -> str:
    placeholder = getattr(widget, "placeholderText", None)
    if callable(placeholder) and placeholder().strip():
        return _CLAUSE.split(placeholder().strip())[0]
    if widget.toolTip().strip():
        return _CLAUSE.split(widget.toolTip().strip())[0]
    before = _label_before(widget)
    if before:
        return before
    if isinstance(widget, QAbstractItemView) and widget.model() is not None:
        model = widget.model()
        titles = [str(model.headerData(c, widget.horizontalHeader().orientation()) or "")  # type: ignore[attr-defined]
                  for c in range(min(4, model.columnCount()))] if hasattr(widget, "horizontalHeader") else []
        titles = [t for t in titles if t]
        if titles:
            return "、".join(titles)
    return ""


def name_widgets(root: QWidget) -> int:
    """Give every nameless control under ``root`` a name; returns how many were named. And Tab
    moves on from every text box and table (a list of numbers or a message has no use for a tab
    character, a table has its arrow keys; without this a keyboard user is caught in the first
    text box or table of a tab)."""
    named = 0
    for widget in root.findChildren(QWidget):
        if isinstance(widget, (QPlainTextEdit, QTextEdit)):
            widget.setTabChangesFocus(True)
        elif isinstance(widget, QAbstractItemView):
            widget.setTabKeyNavigation(False)   # in a table the arrow keys move; Tab leaves it
        if needs_name(widget):
            name = guess_name(widget)
            if name:
                widget.setAccessibleName(name)
                named += 1
    return named
