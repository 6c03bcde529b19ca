"""The base of the program's tables (recipients, campaigns, replies, opt-outs, invalid numbers).

A model says its column headers (and, if it has them, their tooltips), how many rows it has —
``len(self.rows)`` unless it keeps its rows another way (the lazy recipient table keeps columns
of interned strings) — and what a cell shows for a role in ``cell``. Qt's plumbing is here once. ``read_only`` sets up a view the way every table of the program is
shown: whole rows selected, nothing edited in place, no row numbers, columns sized as asked.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QTableWidget, QTableWidgetItem


class TableModel(QAbstractTableModel):
    headers: Sequence[str] = ()
    header_tips: Sequence[str | None] = ()
    rows: Sequence[Any] = ()

    def row_count(self) -> int:
        return len(self.rows)

    def cell(self, row: int, column: int, role: int) -> Any:
        """What the cell at (row, column) shows for ``role`` (None: nothing)."""
        return None

    # --- Qt's side ---------------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802 - Qt's
        return 0 if parent.isValid() else self.row_count()

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        if role == Qt.ItemDataRole.ToolTipRole and section < len(self.header_tips):
            return self.header_tips[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        return self.cell(index.row(), index.column(), role)


def read_only(view: QTableView, *, row_height: int | None = 24, select: str = "rows", alternate: bool = False,
              wrap: bool | None = None, columns: Sequence[int | str | None] = ()) -> QTableView:
    """Set up ``view``: ``select`` is "rows" (Qt's default), "one" or "many"; each of ``columns`` is a
    width in pixels, "fit" (to its contents), "stretch" (takes the room left) or None (as it is)."""
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if select != "rows":
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection if select == "one"
                              else QAbstractItemView.SelectionMode.ExtendedSelection)
    view.setAlternatingRowColors(alternate)
    view.verticalHeader().hide()
    if row_height is not None:
        view.verticalHeader().setDefaultSectionSize(row_height)
    if wrap is not None:
        view.setWordWrap(wrap)
    header = view.horizontalHeader()
    for column, size in enumerate(columns):
        if size == "fit":
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        elif size == "stretch":
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        elif isinstance(size, int):
            header.resizeSection(column, size)
    return view


def fill(table: QTableWidget, rows: Sequence[Sequence[str]], *, right: Sequence[int] = (),
         tip: Callable[[int, int], str | None] | None = None, data: Callable[[int], Any] | None = None) -> None:
    """Put ``rows`` of texts into a small table: ``right`` are the columns of figures (aligned right),
    ``tip(row, column)`` a cell's tooltip, ``data(row)`` what the row's cells carry (UserRole)."""
    table.setRowCount(len(rows))
    for r, texts in enumerate(rows):
        for c, text in enumerate(texts):
            item = QTableWidgetItem(text)
            if c in right:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if tip is not None:
                item.setToolTip(tip(r, c) or "")
            if data is not None:
                item.setData(Qt.ItemDataRole.UserRole, data(r))
            table.setItem(r, c, item)
