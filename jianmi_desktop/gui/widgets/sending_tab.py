"""A tab that sends to a list of numbers (短信, 语音): the shape they share.

The numbers on the left (``RecipientsPanel``), the tab's own parts beside them in a splitter, the
send panel at the foot, and the draft kept as it is typed. A tab says what is its own: its parts
(``build_parts``), what stands on the button's row (``beside``), its checks (``why_not``), and
what its draft holds (``draft_state`` / ``restore_draft``, plain JSON).
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from jianmi_desktop.gui.base_tab import BaseTab
from jianmi_desktop.gui.widgets.draft_keeper import DraftKeeper
from jianmi_desktop.gui.widgets.messages import show_error
from jianmi_desktop.gui.widgets.recipients_panel import RecipientsPanel
from jianmi_desktop.gui.widgets.send_panel import SendPanel
from jianmi_desktop.gui.widgets.send_progress import SenderBinding, SendProgress


class SendingTab(BaseTab):
    KINDS: tuple[str, ...] = ()     # the campaigns whose progress this tab shows
    DRAFT = ""                      # the name its draft is kept under
    HELD = False                    # sends held by this program until their time (domestic SMS)
    STRETCH: tuple[int, ...] = ()   # of the splitter's parts, the numbers first
    # the send panel's parts, shown as the tab's own (SendPanel.lend_to)
    reason_label: QLabel
    send_button: QPushButton
    progress: SendProgress
    binding: SenderBinding

    def __init__(self, controller: Any, parent: QWidget | None = None) -> None:
        super().__init__(controller, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.panel = RecipientsPanel(controller, splitter)
        self.build_parts(splitter, layout)
        for index, stretch in enumerate(self.STRETCH):
            splitter.setStretchFactor(index, stretch)
        splitter.setChildrenCollapsible(False)
        layout.insertWidget(0, splitter, 1)
        self.send_panel = SendPanel(controller, self, kinds=self.KINDS, on_send=self.send,
                                    on_change=self.update_send_button, send_text=self.tr("发送…"), held=self.HELD,
                                    beside=self.beside())
        layout.addWidget(self.send_panel)
        self.send_panel.lend_to(self)
        self.panel.changed.connect(self._recipients_changed)
        self.panel.busy_changed.connect(lambda *_: self.update_send_button())
        self.draft = DraftKeeper(controller, self.DRAFT, self._draft_body, self._restore_draft, self)
        for signal in self.connect_parts():
            signal.connect(self.draft.touch)
        self.update_send_button()

    # --- what a tab says of itself ----------------------------------------------------------------
    def build_parts(self, splitter: QSplitter, layout: QVBoxLayout) -> None:
        """Add the tab's parts to the splitter (beside the numbers) and anything under it to ``layout``."""

    def beside(self) -> tuple[QWidget, ...]:
        """The tab's controls on the send button's row."""
        return ()

    def connect_parts(self) -> list[Any]:
        """Connect the parts; give back the signals that change the draft."""
        return []

    def draft_state(self) -> dict[str, Any]:
        return {}

    def restore_draft(self, state: dict[str, Any]) -> None:
        """Put back the tab's own part of a draft (the numbers come back by themselves)."""

    def why_not(self) -> str:
        return self.send_panel.busy_reason(self.panel) or self.panel.not_ready()

    def update_send_button(self) -> None:
        self.send_panel.show_reason(self.why_not(), self.tr("检查后显示确认信息，确认后发送（Ctrl+Enter）"))

    def send(self) -> None:
        raise NotImplementedError

    def _recipients_changed(self) -> None:
        self.update_send_button()

    # --- shared ----------------------------------------------------------------------------------
    @property
    def last_campaign(self) -> int | None:
        return self.send_panel.last_campaign

    def _draft_body(self) -> bytes | None:
        """The draft as it stands, or None when nothing is typed (no draft then)."""
        state = {"v": 1, **self.draft_state(), "recipients": self.panel.draft_state()}
        typed = [v for k, v in state.items() if k not in ("v", "recipients") and not isinstance(v, bool)]
        if not any(typed) and not any(state["recipients"].values()):
            return None
        return json.dumps(state, ensure_ascii=False).encode("utf-8")

    def _restore_draft(self, body: bytes) -> None:
        state = json.loads(body.decode("utf-8"))
        self.restore_draft(state)
        self.panel.restore_draft_state(state.get("recipients") or {})

    def time_ok(self, at: str | None, title: str) -> bool:
        """A time chosen for the send (China time) is one that can be kept; else say why (``title``)."""
        from jianmi_desktop.campaign.planning import check_at

        problems = check_at(at) if at is not None else []
        if problems:
            show_error(self, "\n".join(problems), title)
        return not problems

    def create_campaign(self, plan: Any) -> None:
        """The user confirmed: write the campaign down (``_create``), then ``_created`` queues it."""
        self.send_panel.begin()
        self.controller.spawn(self._create(plan), on_done=lambda cid: self._created(cid, plan),
                              on_error=self._prepare_failed)

    async def _create(self, plan: Any) -> int:
        raise NotImplementedError

    def _created(self, cid: int, plan: Any) -> None:
        raise NotImplementedError

    def _prepare_failed(self, message: str) -> None:
        self.send_panel.failed(message, self.tr("发送前检查"))
