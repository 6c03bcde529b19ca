"""Messages that never block the event loop (QMessageBox.open, not exec: qasync must keep running)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6 import QtCore
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

# The shared texts below use one context, "Messages" (``parent.tr`` would look them up under the
# parent's class, where lupdate never put them).


def show_message(parent: QWidget, title: str, text: str, *, icon=QMessageBox.Icon.Information,
                 details: str | None = None) -> QMessageBox:
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("plainMessage")
    if details:
        box.setDetailedText(details)
    box.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def show_error(parent: QWidget, text: str, title: str | None = None) -> QMessageBox:
    return show_message(parent, title or QCoreApplication.translate("Messages", "出错了"), text,
                        icon=QMessageBox.Icon.Warning)


def confirm(parent: QWidget, title: str, text: str, on_yes: Callable[[], None], *,
            yes_text: str | None = None, no_text: str | None = None) -> QMessageBox:
    """Ask; ``on_yes`` runs only when the user agrees. Non-blocking."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
    yes = box.addButton(yes_text or QCoreApplication.translate("Messages", "确定"),
                        QMessageBox.ButtonRole.AcceptRole)
    box.addButton(no_text or QCoreApplication.translate("Messages", "取消"), QMessageBox.ButtonRole.RejectRole)

    def finished() -> None:
        if box.clickedButton() is yes:
            on_yes()

    box.finished.connect(finished)
    box.open()
    return box
