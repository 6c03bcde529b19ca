"""Small builders for the pieces every panel is made of, so a panel's code says what it holds, not
how Qt is told: a button with its tooltip, action and icon, a column without margins, a heading row,
a choice of radio buttons, a file dialog."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from jianmi_desktop.gui.widgets.icons import with_icon


def button(text: str, tip: str, slot: Callable[..., Any] | None = None, parent: QWidget | None = None,
           name: str = "", *, icon: str = "") -> QPushButton:
    """A push button with its tooltip (what it does, and its shortcut), what it runs and its icon
    (``resources/icons/<icon>.svg``)."""
    made = QPushButton(text, parent)
    made.setToolTip(tip)
    if icon:
        with_icon(made, icon)
    if slot is not None:
        made.clicked.connect(slot)
    if name:
        made.setObjectName(name)
    return made


def column(widget: QWidget, margin: int | tuple[int, int, int, int] = 0) -> QVBoxLayout:
    """The widget's layout: one column, with no margins (a part inside a tab) or the given ones."""
    layout = QVBoxLayout(widget)
    layout.setContentsMargins(*(margin if isinstance(margin, tuple) else (margin,) * 4))
    return layout


def heading(title: str, parent: QWidget, *right: QWidget) -> QHBoxLayout:
    """A part's first row: its title in bold on the left, its buttons on the right."""
    row = QHBoxLayout()
    row.addWidget(QLabel(f"<b>{title}</b>", parent))
    row.addStretch(1)
    for widget in right:
        row.addWidget(widget)
    return row


def choice(title: str, parent: QWidget, options: Sequence[tuple[str, str]], checked: int = 0
           ) -> tuple[QHBoxLayout, QButtonGroup, list[QRadioButton]]:
    """A row of radio buttons (text, tooltip) after a bold title; the one at ``checked`` is chosen."""
    row = QHBoxLayout()
    row.addWidget(QLabel(f"<b>{title}</b>", parent))
    group = QButtonGroup(parent)
    radios = []
    for text, tip in options:
        radio = QRadioButton(text, parent)
        radio.setToolTip(tip)
        group.addButton(radio)
        row.addWidget(radio)
        radios.append(radio)
    radios[checked].setChecked(True)
    row.addStretch(1)
    return row, group, radios


def file_dialog(parent: QWidget, title: str, start: str, filters: Sequence[str], on_chosen: Callable[[Any], None],
                *, save_suffix: str = "", many: bool = False) -> QFileDialog:
    """A file dialog that does not block the window and goes away when closed. ``on_chosen`` gets
    the chosen ``Path`` (a list of them with ``many``); with ``save_suffix`` it asks where to save."""
    dialog = QFileDialog(parent, title, start)
    if save_suffix:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix(save_suffix)
    else:
        dialog.setFileMode(QFileDialog.FileMode.ExistingFiles if many else QFileDialog.FileMode.ExistingFile)
    dialog.setNameFilters(list(filters))
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if many:
        dialog.filesSelected.connect(lambda files: on_chosen([Path(f) for f in files]))
    else:
        dialog.fileSelected.connect(lambda path: on_chosen(Path(path)))
    dialog.open()
    return dialog


def start_folder(controller: Any, which: str = "last_folder") -> str:
    """Where a file dialog opens: the folder last used for this kind of file, else the home folder."""
    return str(getattr(controller.settings.ui, which, "") or Path.home())


def label(parent: QWidget, text: str = "", *, name: str = "", style: str = "", hidden: bool = False,
          wrap: bool = True) -> QLabel:
    """A label that wraps its words: a note, a warning (``style`` its colours), hidden until needed."""
    made = QLabel(text, parent)
    made.setWordWrap(wrap)
    if name:
        made.setObjectName(name)
    if style:
        made.setStyleSheet(style)
    if hidden:
        made.hide()
    return made


def remember_folder(controller: Any, path: Path, which: str = "last_folder") -> None:
    """The next file dialog of this kind opens where this file was; kept in the settings."""
    setattr(controller.settings.ui, which, str(path.parent))
    controller.save_settings_soon()


def action_row(text: str, tip: str, slot: Callable[..., Any], names: tuple[str, str]
               ) -> tuple[QHBoxLayout, QPushButton, QLabel]:
    """A button and, beside it, the label that says how its action went (测试连接, 测试中继)."""
    row = QHBoxLayout()
    made = button(text, tip, slot, None, names[0])
    result = QLabel()
    result.setObjectName(names[1])
    result.setWordWrap(True)
    row.addWidget(made)
    row.addWidget(result, 1)
    return row, made, result


def form_row(form: QFormLayout, text: str, field: QWidget, tip: str) -> None:
    """A row of a form: its label (with a &mnemonic, the field's buddy), the field and its tooltip."""
    caption = QLabel(text)
    caption.setBuddy(field)
    field.setToolTip(tip)
    form.addRow(caption, field)


def form_rows(form: QFormLayout, rows: Sequence[tuple[str, QWidget, str]]) -> None:
    for row in rows:
        form_row(form, *row)
