"""语音: voice notifications (now or at a time the platform keeps) and calls that transfer to an agent.

Recipients are the SMS tab's panel; the recording comes from ``VoiceFiles`` (checked, uploaded
once, reused), the text and the options from ``VoiceOptions``. A send is checked, confirmed
(non-blocking), and written down and sent by the sending service (``controller.sending``) — the
same crash-safe runner, pause, resume and cancel as for SMS. Status calls (2 answered, 3 failed) settle the recipients; History shows them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import shiboken6
from PySide6.QtWidgets import QLabel, QMessageBox, QSplitter, QVBoxLayout, QWidget

from jianmi_desktop.gui.sending import VOICE_KINDS
from jianmi_desktop.gui.voice.files import VoiceFiles
from jianmi_desktop.gui.voice.options import VoiceOptions, run_time_text
from jianmi_desktop.gui.widgets import team as team_mode
from jianmi_desktop.gui.widgets.messages import show_error
from jianmi_desktop.gui.widgets.names import campaign_name
from jianmi_desktop.gui.widgets.send_panel import fresh_balance, night_warnings
from jianmi_desktop.gui.widgets.sending_tab import SendingTab
from jianmi_desktop.states import CampaignState, Kind


@dataclass
class VoicePlan:
    kind: str  # voice | voicecall
    mobiles: list[str]
    params: dict
    text: str | None
    units: int
    at: str | None
    balance: int
    stats: dict
    what: str  # what is played, for the confirmation
    warnings: list = field(default_factory=list)  # checks.Finding: night, the same text within 24 h


class VoiceTab(SendingTab):
    KINDS, DRAFT, STRETCH = VOICE_KINDS, Kind.VOICE, (2, 4, 3)

    def __init__(self, controller, parent: QWidget | None = None) -> None:
        super().__init__(controller, parent)
        self.setObjectName("voiceTab")
        self.confirm_box: QMessageBox | None = None

    def title(self) -> str:
        return self.tr("语音")

    # --- layout ------------------------------------------------------------------------------
    def build_parts(self, splitter: QSplitter, layout: QVBoxLayout) -> None:
        #: (campaign, its name, 'YYYY-MM-DD hh:mm:ss', numbers)
        self.scheduled: list[tuple[int, str, str, int]] = []
        self.files = VoiceFiles(self.controller, splitter)
        self.options = VoiceOptions(splitter)
        self.scheduled_label = QLabel(self)
        self.scheduled_label.setObjectName("voiceScheduled")
        self.scheduled_label.setWordWrap(True)
        self.scheduled_label.hide()
        layout.addWidget(self.scheduled_label)

    def connect_parts(self) -> list:
        self.files.changed.connect(self.update_send_button)
        self.options.changed.connect(self.update_send_button)
        return [self.options.text_edit.textChanged, self.options.changed, self.panel.paste_edit.textChanged,
                self.panel.changed]

    # --- life cycle --------------------------------------------------------------------------
    def on_started(self, status) -> None:
        # interrupted and unfinished campaigns of every kind are offered once, by the 短信 tab
        self.files.refresh()
        self.refresh_scheduled()
        if not self.draft._loaded:
            self.draft.load()

    # --- the draft: the spoken text, the numbers and the mode, back after a restart or a crash ---
    def draft_state(self) -> dict:
        o = self.options
        return {"text": o.text_edit.toPlainText(), "call": o.call_radio.isChecked(), "spoken": o.text_radio.isChecked()}

    def restore_draft(self, state: dict) -> None:
        o = self.options
        (o.call_radio if state.get("call") else o.notify_radio).setChecked(True)
        (o.text_radio if state.get("spoken") else o.file_radio).setChecked(True)
        o.text_edit.setPlainText(str(state.get("text") or ""))

    # --- state of the parts ------------------------------------------------------------------
    def _recipients_changed(self) -> None:
        self.options.set_recipients(self.panel.valid_count())
        self.update_send_button()

    def why_not(self) -> str:
        """Why the send button is off ('' when it is on)."""
        busy = self.send_panel.busy_reason(self.panel)
        if busy:
            return busy
        if not self.options.use_text():
            reason = self.files.why_not()
            if reason:
                return reason
        return self.send_panel.first_problem(self.options.problems()) or self.panel.not_ready()

    def update_send_button(self) -> None:
        if self.options.kind() == Kind.VOICECALL:
            text = self.tr("开始外呼…")
        else:
            text = self.tr("定时发送…") if self.options.at_text() else self.tr("发送…")
        self.send_panel.show_reason(self.why_not(), self.tr("检查后显示确认信息，确认后发送（Ctrl+Enter）"), text)

    # --- send: check, confirm, create, run ------------------------------------------------------
    def send(self) -> None:
        self.options.run_checks()
        self.update_send_button()
        reason = self.why_not()
        if reason:
            show_error(self, reason, self.tr("不能发送"))
            return
        at = self.options.at_text()
        if not self.time_ok(at, self.tr("拨出时间")):
            return
        self.send_panel.begin()
        report = self.panel.report
        assert report is not None  # (why_not() passed: there are valid numbers)
        kind, use_text = self.options.kind(), self.options.use_text()
        params = self.options.params(None if use_text else self.files.serial())
        text = self.options.text() if use_text else None
        if use_text:
            what = self.tr("朗读文字：{text}").format(text=text)
        else:
            chosen = self.files.selected
            assert chosen is not None  # (why_not() passed: a recording is chosen)
            what = self.tr("播放录音：{name}（编号 {serial}）").format(name=chosen.name, serial=chosen.serial)
        stats = {"invalid": len(report.invalid), "duplicates": report.duplicates, "opted_out": report.opted_out,
                 "units_per_message": self.options.units(),
                 "units_total": self.options.units() * len(report.valid)}
        self.controller.spawn(self._prepare(kind, list(report.valid), params, text, at, stats, what),
                              on_done=self._prepared, on_error=self._prepare_failed)

    async def _prepare(self, kind, mobiles, params, text, at, stats, what) -> VoicePlan:
        from jianmi_desktop.campaign.checks import repeat_finding
        from jianmi_desktop.campaign.planning import parse_at

        store = self.controller.store
        balance = await fresh_balance(self.controller)
        warnings = night_warnings(self.controller, parse_at(at) if at else None)
        if text:   # a spoken text: did these numbers hear it within 24 hours? (a recording has no text)
            repeats = await store.recent_same_text(text, mobiles, hours=24)
            if repeats:
                warnings.append(repeat_finding(repeats))
            warnings += await team_mode.overlap_warnings(self.controller, text, mobiles)   # a colleague, by name
        return VoicePlan(kind, mobiles, params, text, stats["units_per_message"], at, balance.remaining, stats, what,
                         warnings)

    def _prepared(self, plan: VoicePlan) -> None:
        if not self.send_panel.checked():
            return
        total = plan.units * len(plan.mobiles)
        if total > plan.balance:
            show_error(self, self.tr("余额不足：这次需要约 {need} 条，账户只剩 {left} 条。").format(
                need=f"{total:,}", left=f"{plan.balance:,}"), self.tr("发送前检查"))
            return
        self.ask_confirmation(plan)

    def confirmation_text(self, p: VoicePlan) -> str:
        n = len(p.mobiles)
        size = max(1, min(int(self.controller.settings.batch_size), 500))
        requests = math.ceil(n / size)
        lines = [
            self.tr("收件人：{n} 位").format(n=f"{n:,}"),
            self.tr("计费：每位 %n 条，共约 {total} 条（账户余额 {balance} 条）", "", p.units).format(
                total=f"{p.units * n:,}", balance=f"{p.balance:,}"),
            self.tr("提交给平台：%Ln 次请求", "", requests),
        ]
        lines += self.send_panel.dropped_line(self.panel.report)
        lines.append("")
        if p.kind == Kind.VOICE:
            lines.append(self.tr("语音通知：将在 {at}（中国时间）由平台拨出。").format(at=p.at) if p.at
                         else self.tr("语音通知：确认后立即拨出。"))
            if p.params.get("vote"):
                lines.append(self.tr("以“预约语音”方式提交。"))
        else:
            o = self.options
            lines.append(self.tr("外呼转人工：{days}，{hours}，每分钟 {speed} 个。").format(
                days=o.days_combo.currentText(), hours=o.hours_combo.currentText(), speed=p.params["speed"]))
            lines.append(self.tr("全部拨完{time}（不含不在拨打时间内的等待）。").format(
                time=run_time_text(n / p.params["speed"])))
        lines += self.send_panel.warning_lines(p.warnings)
        lines += ["", p.what]
        return "\n".join(lines)

    def ask_confirmation(self, p: VoicePlan):
        if p.kind == Kind.VOICECALL:
            yes = self.tr("开始外呼")
        else:
            yes = self.tr("定时发送") if p.at else self.tr("发送")
        self.confirm_box = self.send_panel.confirm(self.tr("确认发送"), self.confirmation_text(p),
                                                   lambda: self.create_campaign(p), yes, warned=bool(p.warnings),
                                                   name="sendConfirmation")
        return self.confirm_box

    async def _create(self, p: VoicePlan) -> int:
        from jianmi_desktop.campaign.drafts import CampaignDraft
        from jianmi_desktop.campaign.planning import check_at
        from jianmi_desktop.platform.errors import CheckFailed

        if p.at:
            problems = check_at(p.at)  # the confirmation may have stayed open past the time
            if problems:
                raise CheckFailed(problems)
        config = await team_mode.before_create(self.controller, len(p.mobiles))   # team mode: msgid range
        cid = await self.controller.sending.create(CampaignDraft(p.kind, p.mobiles, p.text, p.params, p.stats))
        team_mode.after_create(self.controller, config, cid, p.text, p.mobiles)
        return cid

    def _created(self, cid: int, p: VoicePlan) -> None:
        if self.send_panel.created(cid) and p.at:
            self.scheduled = [s for s in self.scheduled if s[0] != cid] + [
                (cid, self.controller.sending.name_of(cid), p.at, len(p.mobiles))]
            self._show_scheduled()

    # --- scheduled voice notifications (the platform keeps them) -------------------------------
    def refresh_scheduled(self) -> None:
        store = self.controller.store
        if store is None:
            return

        async def find():
            from jianmi_desktop.platform.auth import china_now

            now = china_now().strftime("%Y-%m-%d %H:%M:%S")
            out = []
            for row in await store.history(200):
                if row.kind != Kind.VOICE or row.state == CampaignState.CANCELLED:
                    continue
                campaign = await store.get_campaign(row.id)
                date, clock = campaign.params.get("senddate"), campaign.params.get("sendtime")
                if date and clock:
                    at = f"{date} {clock}" if len(clock) > 5 else f"{date} {clock}:00"
                    if at > now:
                        out.append((row.id, campaign_name(campaign.kind, campaign.number, row.id), at,
                                    row.counts.get("recipients", 0)))
            return sorted(out, key=lambda item: item[2])

        def got(found) -> None:
            if shiboken6.isValid(self):
                self.scheduled = found
                self._show_scheduled()

        self.controller.spawn(find(), on_done=got, on_error=lambda _m: None)

    def _show_scheduled(self) -> None:
        items = self.scheduled
        self.scheduled_label.setVisible(bool(items))
        lines = [self.tr("{name}：{at}（中国时间）拨出，%Ln 个号码", "", n).format(name=name, at=at[:16])
                 for _cid, name, at, n in items[:5]]
        if len(items) > 5:
            lines.append(self.tr("还有 %n 次定时语音", "", len(items) - 5))
        self.scheduled_label.setText("<b>" + self.tr("已交给平台的定时语音：") + "</b><br>" + "<br>".join(lines))
