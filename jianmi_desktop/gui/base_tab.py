"""What every tab shares: the controller, and a hook for when the services are up."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


class BaseTab(QWidget):
    #: the tab's title, translated by the tab itself in ``title()``
    def __init__(self, controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        controller.started.connect(self.on_started)
        controller.account_changed.connect(self.on_account_changed)

    def title(self) -> str:
        return self.objectName()

    def on_started(self, status) -> None:
        """The services are running (the store, the client …); load what the tab shows."""

    def on_account_changed(self) -> None:
        """Mode or account changed: reload what depends on it."""
        self.on_started(self.controller.status)
