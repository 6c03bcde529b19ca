"""A running bar with words for what is being done, shown while any job is under way.

Jobs are counted (two pictures read at once, then a draft saved: the bar stays until the last is
done); ``changed`` says when the line goes from idle to busy and back. Used wherever a part reads
or checks files in a worker thread: the numbers, the recordings, the MMS frames.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget


class BusyLine(QWidget):
    changed = Signal(bool)

    def __init__(self, parent: QWidget, label_name: str = "") -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel(self)
        if label_name:
            self.label.setObjectName(label_name)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 0)
        self.bar.setMaximumHeight(14)
        self.bar.setTextVisible(False)
        layout.addWidget(self.label)
        layout.addWidget(self.bar, 1)
        self.jobs = 0
        self.hide()

    @property
    def busy(self) -> bool:
        return self.jobs > 0

    def step(self, step: int, label: str = "") -> None:
        """One job more (+1) or done (-1); ``label`` says what is being done now."""
        was = self.busy
        self.jobs = max(0, self.jobs + step)
        if label:
            self.label.setText(label)
        self.setVisible(self.busy)
        if was != self.busy:
            self.changed.emit(self.busy)

    def run(self, controller: Any, coro: Coroutine[Any, Any, Any], label: str, on_done: Callable[[Any], None],
            on_error: Callable[[str], None]) -> None:
        """Run ``coro`` on the controller's loop as one job of this line (owned by its parent)."""
        self.step(+1, label)
        controller.spawn(coro, on_done=on_done, on_error=on_error, owner=self.parent(), after=lambda: self.step(-1))
