"""发送记录's sending actions: send a campaign written down but not sent (a follow-up, a paused or
stopped one), explain what "waiting" means, and resend uncertain batches once the user confirmed
it — all through the sending service. A part of ``HistoryTab`` (a mixin: it uses the tab's
widgets and models); its texts keep the tab's translation context."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QLabel, QMessageBox, QTabWidget

from jianmi_desktop.gui.widgets.messages import confirm, show_error, show_message
from jianmi_desktop.gui.widgets.mixin import WidgetMixin
from jianmi_desktop.gui.widgets.names import campaign_name
from jianmi_desktop.states import BatchState, CampaignState, Kind, RecipientState

if TYPE_CHECKING:
    from jianmi_desktop.campaign.runner import RunResult
    from jianmi_desktop.gui.base_tab import BaseTab
    from jianmi_desktop.gui.controller import Controller
    from jianmi_desktop.gui.history.model import CampaignLine, CampaignModel

#: campaigns "发送此任务…" sends: written down and not sent (a follow-up), paused or stopped
SENDABLE_STATES = (CampaignState.PENDING, CampaignState.PAUSED, CampaignState.STOPPED)


class CountWords(QObject):
    """The sending questions whose English depends on a count: ``%Ln`` in plural forms. A class of
    its own so the context lupdate writes (the class) is the one Qt looks up at run time — the
    mixin's texts live in ``HistoryTab``'s, where lupdate cannot put a plural."""

    def pending(self, name: str, n: int) -> str:
        return self.tr("发送{name}：%Ln 个号码还没有发出。", "", n).format(name=name)

    def units(self, n: int) -> str:
        return self.tr("计费：共约 %Ln 条。", "", n)

    def uncertain(self, name: str, n: int) -> str:
        return self.tr("{name} 有 %Ln 个号码结果不确定：请求已经发出，但没有收到平台的答复。", "", n).format(name=name)

    def also_pending(self, n: int) -> str:
        return self.tr("这个任务还有 %Ln 个号码没有发出，也会一起发送。", "", n)

    def resend_question(self, n: int) -> str:
        return self.tr("确定要把这 %Ln 个号码重新发送一次吗？", "", n)

    def resent(self, submitted: int) -> str:
        return self.tr("重新发送完成：已提交 %Ln 个号码", "", submitted)


class SendActions(WidgetMixin):
    """Mixed into HistoryTab."""

    # what it uses of the tab (made in HistoryTab.__init__ and _build)
    controller: Controller
    status: QLabel
    send_box: QMessageBox | None
    _sending: int | None  # the campaign whose send is being prepared
    _resending: bool
    campaigns: CampaignModel

    if TYPE_CHECKING:  # HistoryTab's own
        def selected_campaign(self) -> CampaignLine | None: ...
        def refresh(self) -> None: ...
        def refresh_counts(self) -> None: ...
        def _update_actions(self) -> None: ...
        def _on_stored(self, *_args: object) -> None: ...

    # --- sending a campaign written down but not sent ------------------------------------------
    def _sender_moved(self, *_args) -> None:
        if shiboken6.isValid(self):
            self._update_actions()
            self._on_stored()

    def sendable(self, item: CampaignLine | None) -> bool:
        """A campaign with numbers still to send, written down and not being sent."""
        if item is None or item.campaign is None or self._sending is not None:
            return False
        if item.campaign.state not in SENDABLE_STATES or not item.summary["pending"]:
            return False
        sending = self.controller.sending
        return item.campaign.id != sending.current and item.campaign.id not in sending.queue

    def ask_send(self) -> None:
        item = self.selected_campaign()
        if item is None or item.campaign is None or not self.sendable(item) or self.controller.client is None:
            return
        cid = self._sending = item.campaign.id
        self._update_actions()
        # spawn hands on_done the coroutine's result (typed ``object`` there)
        self.controller.spawn(self._send_plan(cid), on_done=lambda plan: self._send_planned(cast(dict, plan)),
                              on_error=self._send_failed)

    async def _send_plan(self, cid: int) -> dict:
        """What the confirmation says: the campaign, its numbers still to send and their units."""
        from jianmi_desktop.campaign.accounts import account_key, belongs
        from jianmi_desktop.platform.text import units_domestic, units_intl

        store = self.controller.store
        campaign = await store.get_campaign(cid)
        key = account_key(self.controller.client)
        plan = {"id": cid, "campaign": campaign, "key": key, "belongs": belongs(campaign, key)}
        counts = await store.campaign_counts(cid)
        plan["pending"] = counts.get(RecipientState.PENDING, 0)
        units = None
        if campaign.kind in (Kind.SMS, Kind.INTL):
            unit = units_intl if campaign.kind == Kind.INTL else units_domestic
            units = sum(unit(batch.text or campaign.text or "") * batch.recipients
                        for batch in await store.batch_texts(cid) if batch.state == BatchState.PENDING)
        elif campaign.stats.get("units_per_message"):
            units = int(campaign.stats["units_per_message"]) * plan["pending"]
        plan["units"] = units
        return plan

    def _send_planned(self, plan: dict) -> None:
        if not shiboken6.isValid(self):
            return
        self._sending = None
        self._update_actions()
        cid, campaign = plan["id"], plan["campaign"]
        name = campaign_name(campaign.kind, campaign.number, cid)
        if not plan["belongs"]:
            show_error(self, QCoreApplication.translate("HistoryTab", 
                "{name} 是在另一个账号或沙箱（{account}）下建的，不能用现在的账号（{current}）发送。\n\n"
                "请切换回那个账号后再发送。").format(name=name, account=campaign.params.get("account"),
                                          current=plan["key"]), QCoreApplication.translate("HistoryTab", "发送此任务"))
            return
        if campaign.state not in SENDABLE_STATES or not plan["pending"]:
            show_message(self, QCoreApplication.translate("HistoryTab", "发送此任务"), QCoreApplication.translate("HistoryTab", "{name} 已经没有需要发送的号码了。").format(name=name))
            self.refresh()
            return
        words = CountWords()
        lines = [words.pending(name, plan["pending"])]
        if plan["units"] is not None:
            lines.append(words.units(plan["units"]))
        followup = campaign.stats.get("followup_of")
        if followup:
            lines.append(QCoreApplication.translate("HistoryTab", "这是{source} 的重发任务。").format(
                source=self.campaigns.name_of(int(followup))))
        page = self._page_for(campaign.kind)
        tab = page.title() if page is not None else QCoreApplication.translate("HistoryTab", "短信")
        lines.append(QCoreApplication.translate("HistoryTab", "已经发出的号码不会再发。发送进度在“{tab}”页显示，可以在那里暂停或取消。").format(tab=tab))
        sending = self.controller.sending
        if sending.busy:
            lines.append(QCoreApplication.translate("HistoryTab", "正在发送{name}，这个任务会在它结束后开始。").format(
                name=sending.name_of(sending.current) if sending.current is not None else ""))
        if campaign.text:
            lines += ["", QCoreApplication.translate("HistoryTab", "内容："), campaign.text]
        lines += ["", QCoreApplication.translate("HistoryTab", "确定现在发送吗？")]
        self.send_box = confirm(self, QCoreApplication.translate("HistoryTab", "发送此任务"), "\n".join(lines),
                                lambda: self.send_campaign(cid, campaign.kind),
                                yes_text=QCoreApplication.translate("HistoryTab", "发送"), no_text=QCoreApplication.translate("HistoryTab", "先不发"))
        self.send_box.setObjectName("sendCampaignConfirmation")

    def _send_failed(self, message: str) -> None:
        if not shiboken6.isValid(self):
            return
        self._sending = None
        self._update_actions()
        show_error(self, message, QCoreApplication.translate("HistoryTab", "发送此任务"))

    def _page_for(self, kind: str) -> BaseTab | None:
        """The tab that shows the progress of campaigns of ``kind`` (its ``KINDS``); the window's tabs
        not built yet (the first second of a start) are built first, so it is there to follow."""
        window = self.window()
        build = getattr(window, "build_tabs", None)
        if build is not None and getattr(window, "deferred_tabs", None):
            build()
        return next((t for t in getattr(window, "tab_widgets", ()) if kind in getattr(t, "KINDS", ())), None)

    def send_campaign(self, cid: int, kind: str | None = None) -> None:
        """Queue the campaign with the sending service and show its progress in the tab of its kind."""
        self.controller.sending.enqueue(cid)
        page = self._page_for(kind or self.controller.sending.kind_of(cid) or Kind.SMS)
        tab = page.title() if page is not None else QCoreApplication.translate("HistoryTab", "短信")
        self.status.setText(QCoreApplication.translate("HistoryTab", "{name} 已开始发送，进度在“{tab}”页显示。").format(
            name=self.campaigns.name_of(cid), tab=tab))
        self._update_actions()
        tabs = getattr(self.window(), "tabs", None)
        if isinstance(tabs, QTabWidget) and page is not None and tabs.indexOf(page) >= 0:
            tabs.setCurrentWidget(page)

    # --- uncertain batches -------------------------------------------------------------------
    def explain_waiting(self) -> None:
        show_message(self, QCoreApplication.translate("HistoryTab", "等待状态报告"), QCoreApplication.translate("HistoryTab", 
            "这次什么也不会发送。\n\n平台收到短信后会发回状态报告。报告到达时，结果不确定的号码会自动变为"
            "“已送达”或“未送达”，这里的数字也会随之更新。\n\n如果过了很久（例如一天）仍然不确定，"
            "说明平台很可能没有收到，这时再考虑重新发送。"))
        self.refresh_counts()

    def ask_resend(self) -> None:
        item = self.selected_campaign()
        if item is None or item.campaign is None or not item.summary["uncertain"] or self._resending:
            return
        if item.campaign.state == CampaignState.RUNNING:
            show_message(self, QCoreApplication.translate("HistoryTab", "重新发送"), QCoreApplication.translate("HistoryTab", "这个任务正在发送，请等它结束后再重新发送。"))
            return
        words, n = CountWords(), item.summary["uncertain"]
        text = words.uncertain(campaign_name(item.campaign.kind, item.campaign.number, item.campaign.id), n)
        text += "\n\n" + QCoreApplication.translate(
            "HistoryTab", "平台可能已经收到并发出了它们。重新发送后，同一个人可能会收到两次同样的内容，费用也可能扣两次。\n\n"
            "如果不着急，建议先等待状态报告：报告到达后，这些号码会自动变为已送达或未送达。")
        if item.summary["pending"]:
            text += "\n\n" + words.also_pending(item.summary["pending"])
        text += "\n\n" + words.resend_question(n)
        cid = item.campaign.id
        confirm(self, QCoreApplication.translate("HistoryTab", "重新发送结果不确定的号码"), text,
            lambda: self.resend(cid), yes_text=QCoreApplication.translate("HistoryTab", "重新发送"), no_text=QCoreApplication.translate("HistoryTab", "先不发"))

    def resend(self, cid: int) -> None:
        """The user confirmed: the sending service resends the uncertain batches (and what is left)."""
        self._resending = True
        self._update_actions()
        self.status.setText(QCoreApplication.translate("HistoryTab", "正在重新发送{name} 中结果不确定的号码…").format(
            name=self.campaigns.name_of(cid)))
        # spawn hands on_done the coroutine's result (typed ``object`` there)
        self.controller.spawn(self._resend(cid), on_done=lambda result: self._resent(cast("RunResult", result)),
                              on_error=self._resend_failed)

    async def _resend(self, cid: int) -> RunResult:
        return await self.controller.sending.resend_uncertain(cid)

    def _resent(self, result: RunResult) -> None:
        self._resending = False
        text = CountWords().resent(result.submitted) + QCoreApplication.translate(
            "HistoryTab", "，失败 {failed} 个，仍不确定 {unsure} 个。").format(
            failed=f"{result.failed:,}", unsure=f"{result.uncertain:,}")
        if result.error is not None:
            from jianmi_desktop.gui.controller import plain_message

            text += "\n\n" + QCoreApplication.translate("HistoryTab", "发送停止了：{reason}").format(reason=plain_message(result.error))
        show_message(self, QCoreApplication.translate("HistoryTab", "重新发送"), text)
        self.refresh()

    def _resend_failed(self, message: str) -> None:
        self._resending = False
        show_error(self, message)
        self.refresh()

