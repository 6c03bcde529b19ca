"""The base of the program's tables (recipients, campaigns, replies, opt-outs, invalid numbers).

A model says its column headers (and, if it has them, their tooltips), how many rows it has —
``len(self.rows)`` unless it keeps its rows another way (the lazy recipient table keeps columns
of interned strings) — and what a cell shows for a role in ``cell``. Qt's plumbing is here once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt


class TableModel(QAbstractTableModel):
    headers: Sequence[str] = ()
    header_tips: Sequence[str] = ()
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
