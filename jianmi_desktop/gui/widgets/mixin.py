"""The base of a mixin that a QWidget class takes in (``class HistoryTab(SendActions, …, BaseTab)``).

For the type checker it is a QWidget, so the mixin's use of Qt's methods is checked; at run time
it is a plain ``object`` and the Qt class the mixin is combined with comes after it. A mixin
declares, as class annotations, what it uses of the class it is mixed into.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    WidgetMixin = QWidget
else:
    WidgetMixin = object

__all__ = ["WidgetMixin"]
