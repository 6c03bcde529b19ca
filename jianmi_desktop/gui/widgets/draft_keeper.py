"""Nothing typed is ever lost: a tab's draft (text, recipients, options, frames) is saved to
the store a moment after each edit — not on quit — and put back when the program starts again,
after a crash too. The tab says how to read its fields (``collect``) and how to put them back
(``restore``); this class debounces, saves off the GUI thread through the store's writer, and
makes sure a restore never saves over the draft it is restoring.

A saved draft is committed to SQLite (synchronous=FULL): a kill -9 or a power cut after the
debounce keeps it. ``新建`` clears the tab and the draft, and keeps the old one for 撤销.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

if TYPE_CHECKING:
    from jianmi_desktop.gui.controller import Controller

log = logging.getLogger(__name__)

DELAY_MS = 700      # after the last keystroke: a pause long enough not to save every key


class DraftKeeper(QObject):
    saved = Signal()          # a draft reached the store
    restored = Signal()       # a draft was put back into the tab

    def __init__(self, controller: Controller, kind: str, collect: Callable[[], bytes | None],
                 restore: Callable[[bytes], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.kind = kind
        self._collect = collect
        self._restore = restore
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DELAY_MS)
        self._timer.timeout.connect(self.save_now)
        self._restoring = False
        self._loaded = False       # nothing is saved before the old draft was looked at
        self.last_saved: bytes | None = None
        controller.store_changed.connect(self.store_changed)

    # --- edits ------------------------------------------------------------------------------
    def touch(self, *_args: object) -> None:
        """An edit happened: save a moment after the last one."""
        if not self._restoring:
            self._timer.start()

    def save_now(self) -> None:
        self._timer.stop()
        store = getattr(self.controller, "store", None)
        if store is None or not self._loaded:
            if store is None:
                self._timer.start()        # the services are not up yet: try again shortly
            return
        body = self._collect()
        if body == self.last_saved:
            return
        self.last_saved = body
        coro = store.clear_draft(self.kind) if body is None else store.save_draft(self.kind, body)
        self.controller.spawn(coro, on_done=lambda _r: self.saved.emit(), owner=self,
                              on_error=lambda message: log.warning("draft %s not saved: %s", self.kind, message))

    def store_changed(self) -> None:
        """Another account's data (``store/homes.py``): what is on screen stays there and is kept
        in that account's store too; an empty tab shows the draft kept there."""
        if not self._loaded:
            return
        if self._collect() is None:
            self.load()
        else:
            self.last_saved = None
            self.save_now()

    # --- start ------------------------------------------------------------------------------
    def load(self) -> None:
        """Put back the draft kept by the last run (once the store is open)."""
        store = self.controller.store

        def got(body: object) -> None:
            self._loaded = True
            if isinstance(body, bytes) and body:
                self._restoring = True
                try:
                    self._restore(body)
                    self.last_saved = body
                except Exception:  # noqa: BLE001 — a damaged draft must not stop the tab
                    log.exception("draft %s could not be restored; it is kept as it was", self.kind)
                finally:
                    self._restoring = False
                self.restored.emit()
            if self._timer.isActive() or self._collect() != self.last_saved:
                self._timer.start()      # something typed before the draft arrived

        def failed(message: str) -> None:
            self._loaded = True
            log.warning("draft %s not read: %s", self.kind, message)

        self.controller.spawn(store.load_draft(self.kind), on_done=got, owner=self, on_error=failed)

    def restoring(self) -> bool:
        return self._restoring
