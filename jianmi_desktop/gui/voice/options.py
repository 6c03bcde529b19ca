"""What is said and how it is sent: a recording or spoken text (GBK check, 180 characters a unit);
a voice notification now or at a date and time (China time, ``senddate``/``sendtime``, ``sendvote``),
or calls that transfer to an agent (days, hours, calls a minute, batch number).

Pure widgets: ``problems()`` lists what stops a send in plain words; the tab asks before sending.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QDateTime, QTimer, QTimeZone, Signal
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTextEdit,
    QWidget,
)

from jianmi_desktop.gui.i18n import said
from jianmi_desktop.gui.widgets.build import choice, column, label
from jianmi_desktop.states import Kind

CHINA = QTimeZone(8 * 3600)
AT_FORMAT = "yyyy-MM-dd HH:mm:ss"
MAX_TEXT = 1000
DAYS = [(0, QT_TRANSLATE_NOOP("VoiceOptions", "任何一天")), (1, QT_TRANSLATE_NOOP("VoiceOptions", "周一至周五")),
        (2, QT_TRANSLATE_NOOP("VoiceOptions", "周一至周六"))]
HOURS = [(0, QT_TRANSLATE_NOOP("VoiceOptions", "任何时间")),
         (1, QT_TRANSLATE_NOOP("VoiceOptions", "工作时间（9–12 点、14–18 点）"))]


def run_time_text(minutes: float) -> str:
    """How long a run of calls takes, in plain words."""
    from PySide6.QtCore import QCoreApplication

    if minutes < 1:
        return QCoreApplication.translate("VoiceOptions", "不到 1 分钟")
    if minutes < 60:
        return QCoreApplication.translate("VoiceOptions", "约 {m} 分钟").format(m=round(minutes))
    hours, rest = divmod(round(minutes), 60)
    return QCoreApplication.translate("VoiceOptions", "约 {h} 小时 {m} 分钟").format(h=hours, m=rest)


class VoiceOptions(QFrame):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("voiceOptions")
        self.recipients = 0  # valid numbers, for the duration of a call run (set by the tab)
        self.findings: list = []
        self._build()
        self._check_timer = QTimer(self, singleShot=True, interval=150)
        self._check_timer.timeout.connect(self.run_checks)
        self._tick = QTimer(self, interval=30_000)
        self._tick.timeout.connect(self.update_summary)
        self._tick.start()
        self._toggled()

    # --- layout --------------------------------------------------------------------------
    def _build(self) -> None:
        layout = column(self)
        source_row, self.source_group, (self.file_radio, self.text_radio) = choice(self.tr("播放内容"), self, [
            (self.tr("录音文件"), self.tr("播放左边选中的已上传录音")),
            (self.tr("文字转语音"), self.tr("平台把下面的文字读给对方听"))], checked=1)
        layout.addLayout(source_row)
        self.text_edit = QPlainTextEdit(self)
        self.text_edit.setObjectName("voiceText")
        self.text_edit.setPlaceholderText(self.tr("平台朗读的文字，例如：您的验证码是 1234，五分钟内有效。"))
        self.text_edit.setMaximumHeight(110)
        layout.addWidget(self.text_edit)
        self.count_label = QLabel(self)
        self.count_label.setObjectName("voiceCount")
        self.count_label.setToolTip(self.tr("语音按 180 个字 1 条计费"))
        layout.addWidget(self.count_label)
        self.problem_label = label(self, name="voiceTextProblems", style="color: #b00020;", hidden=True)
        layout.addWidget(self.problem_label)

        mode_row, self.mode_group, (self.notify_radio, self.call_radio) = choice(self.tr("发送方式"), self, [
            (self.tr("语音通知"), self.tr("拨通后播放内容，适合验证码、提醒；可以立即或定时")),
            (self.tr("外呼转人工"), self.tr("拨通后播放内容，对方可以转接人工坐席"))])
        layout.addLayout(mode_row)

        self.notify_box = QGroupBox(self.tr("语音通知"), self)
        notify = QFormLayout(self.notify_box)
        at_row = QHBoxLayout()
        self.at_check = QCheckBox(self.tr("定时拨出："), self.notify_box)
        self.at_check.setToolTip(self.tr("由平台在指定的时间拨出（中国时间）；程序不必开着"))
        self.at_edit = QDateTimeEdit(self.notify_box)
        self.at_edit.setObjectName("voiceAt")
        self.at_edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.at_edit.setCalendarPopup(True)
        self.at_edit.setTimeZone(CHINA)
        self.at_edit.setDateTime(QDateTime.currentDateTime().toTimeZone(CHINA).addSecs(3600))
        self.at_edit.setEnabled(False)
        at_row.addWidget(self.at_check)
        at_row.addWidget(self.at_edit)
        at_row.addWidget(QLabel(self.tr("（中国时间）"), self.notify_box))
        at_row.addStretch(1)
        notify.addRow(at_row)
        self.vote_check = QCheckBox(self.tr("作为预约语音发送"), self.notify_box)
        self.vote_check.setToolTip(self.tr("平台提供的另一种提交方式，效果与定时语音通知相同；只在平台要求时勾选"))
        notify.addRow(self.vote_check)
        layout.addWidget(self.notify_box)

        self.call_box = QGroupBox(self.tr("外呼转人工"), self)
        call = QFormLayout(self.call_box)
        self.days_combo = QComboBox(self.call_box)
        for value, text in DAYS:
            self.days_combo.addItem(self.tr(str(text)), value)
        self.hours_combo = QComboBox(self.call_box)
        for value, text in HOURS:
            self.hours_combo.addItem(self.tr(str(text)), value)
        self.hours_combo.setCurrentIndex(1)
        self.speed_spin = QSpinBox(self.call_box)
        self.speed_spin.setObjectName("voiceSpeed")
        self.speed_spin.setRange(0, 99999)
        self.speed_spin.setValue(60)
        self.speed_spin.setSuffix(self.tr(" 个/分钟"))
        self.speed_spin.setToolTip(self.tr("平台每分钟拨出多少个电话（1–1200）；坐席少时请调低"))
        self.batch_edit = QLineEdit(self.call_box)
        self.batch_edit.setPlaceholderText(self.tr("可不填（自动用任务编号）"))
        self.batch_edit.setToolTip(self.tr("自己的批次编号，只能是数字，最多 19 位"))
        call.addRow(self.tr("哪几天拨打："), self.days_combo)
        call.addRow(self.tr("几点拨打："), self.hours_combo)
        call.addRow(self.tr("拨打速度："), self.speed_spin)
        call.addRow(self.tr("批次号："), self.batch_edit)
        layout.addWidget(self.call_box)

        self.summary_label = QLabel(self)
        self.summary_label.setObjectName("voiceSummary")
        self.summary_label.setWordWrap(True)
        self.summary_label.setStyleSheet("color: #1a4d8f;")
        layout.addWidget(self.summary_label)
        layout.addStretch(1)

        self.text_edit.textChanged.connect(self._edited)
        for button in (self.file_radio, self.text_radio, self.notify_radio, self.call_radio, self.at_check,
                       self.vote_check):
            button.toggled.connect(self._toggled)
        self.at_edit.dateTimeChanged.connect(lambda *_: self._changed())
        self.days_combo.currentIndexChanged.connect(lambda *_: self._changed())
        self.hours_combo.currentIndexChanged.connect(lambda *_: self._changed())
        self.speed_spin.valueChanged.connect(lambda *_: self._changed())
        self.batch_edit.textChanged.connect(lambda *_: self._changed())

    # --- values --------------------------------------------------------------------------
    def use_text(self) -> bool:
        return self.text_radio.isChecked()

    def text(self) -> str:
        return self.text_edit.toPlainText()

    def kind(self) -> Kind:
        return Kind.VOICECALL if self.call_radio.isChecked() else Kind.VOICE

    def at_text(self) -> str | None:
        if self.kind() != Kind.VOICE or not self.at_check.isChecked():
            return None
        return self.at_edit.dateTime().toTimeZone(CHINA).toString(AT_FORMAT)

    def speed(self) -> int:
        return self.speed_spin.value()

    def params(self, serial: str | None) -> dict:
        """The campaign's params (``campaign/drafts.voice_draft`` makes them, as for the command line)."""
        from jianmi_desktop.campaign.drafts import voice_draft

        call = self.kind() == Kind.VOICECALL
        draft = voice_draft((), text=self.text() if self.use_text() else None, serial=serial, call=call,
                            at=self.at_text(), vote=self.vote_check.isChecked(),
                            daycheck=self.days_combo.currentData() if call else 0,
                            timecheck=self.hours_combo.currentData() if call else 1, speed=self.speed(),
                            batchnum=self.batch_edit.text().strip())
        return dict(draft.params)

    def units(self) -> int:
        from jianmi_desktop.platform.text import units_voice

        return units_voice(self.text()) if self.use_text() and self.text() else 1

    # --- checks --------------------------------------------------------------------------
    def problems(self) -> list[str]:
        """What stops a send, in plain words (the send time is checked by the tab when it sends)."""
        out: list[str] = []
        if self.use_text():
            text = self.text()
            if not text.strip():
                out.append(self.tr("还没有要朗读的文字"))
            elif len(text) > MAX_TEXT:
                out.append(self.tr("文字有 {n} 个字，超过平台上限 {limit} 个字").format(n=len(text), limit=MAX_TEXT))
            out += [said(f) for f in self.findings if f.level == "block"]
        if self.kind() == Kind.VOICECALL:
            if not 1 <= self.speed() <= 1200:
                out.append(self.tr("拨打速度 {n} 个/分钟不行：必须在 1 到 1200 之间").format(n=self.speed()))
            batch = self.batch_edit.text().strip()
            if batch and not (batch.isascii() and batch.isdigit() and len(batch) <= 19):
                out.append(self.tr("批次号“{b}”只能是数字，最多 19 位").format(b=batch))
        return out

    def run_checks(self) -> None:
        from jianmi_desktop.campaign.checks import check_text

        self._check_timer.stop()
        text = self.text()
        if self.use_text() and text.strip():
            self.findings = [f for f in check_text(text, signature=None) if f.code in ("gbk", "sensitive")]
        else:
            self.findings = []
        blocking = [said(f) for f in self.findings if f.level == "block"]
        self.problem_label.setText("<br>".join("• " + p for p in blocking[:5]))
        self.problem_label.setVisible(bool(blocking))
        self._mark()
        self.changed.emit()

    def _mark(self) -> None:
        """Colour the characters the checks point at (as the SMS composer does)."""
        selections = []
        text = self.text()
        end_limit = self.text_edit.document().characterCount() - 1
        for finding in self.findings:
            for start, end in getattr(finding, "spans", ()) or ():
                selection = QTextEdit.ExtraSelection()
                cursor = QTextCursor(self.text_edit.document())
                qt_start = start + sum(1 for ch in text[:start] if ord(ch) > 0xFFFF)
                qt_end = end + sum(1 for ch in text[:end] if ord(ch) > 0xFFFF)
                cursor.setPosition(min(end_limit, qt_start))
                cursor.setPosition(min(end_limit, qt_end), QTextCursor.MoveMode.KeepAnchor)
                fmt = QTextCharFormat()
                fmt.setBackground(QColor("#ffc9cf"))
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
                fmt.setUnderlineColor(QColor("#b00020"))
                selection.cursor = cursor
                selection.format = fmt
                selections.append(selection)
        self.text_edit.setExtraSelections(selections)

    def marked_ranges(self) -> list[tuple[int, int]]:
        return [(s.cursor.selectionStart(), s.cursor.selectionEnd()) for s in self.text_edit.extraSelections()]

    # --- what the user sees --------------------------------------------------------------
    def _edited(self) -> None:
        self._update_count()
        self._check_timer.start()
        self._changed()

    def _update_count(self) -> None:
        n = len(self.text())
        self.count_label.setText(self.tr("共 {n} 个字，每位收件人 %n 条（180 个字 1 条）", "", self.units()).format(n=n))

    def _toggled(self, *_args) -> None:
        text = self.use_text()
        self.text_edit.setEnabled(text)
        self.count_label.setVisible(text)
        voice = self.kind() == Kind.VOICE
        self.notify_box.setVisible(voice)
        self.call_box.setVisible(not voice)
        self.at_edit.setEnabled(self.at_check.isChecked())
        self._update_count()
        self.run_checks()
        self._changed()

    def _changed(self) -> None:
        self.update_summary()
        self.changed.emit()

    def set_recipients(self, count: int) -> None:
        self.recipients = count
        self.update_summary()

    def summary(self) -> str:
        """When it will ring, in plain words."""
        from jianmi_desktop.platform.auth import china_now

        if self.kind() == Kind.VOICE:
            at = self.at_text()
            if at is None:
                return self.tr("确认后立即拨出。")
            now = QDateTime.fromString(china_now().strftime("%Y-%m-%d %H:%M:%S"), AT_FORMAT)
            when = QDateTime.fromString(at, AT_FORMAT)
            minutes = now.secsTo(when) / 60
            if minutes <= 0:
                return self.tr("定时 {at}（中国时间）已经过去了，请改成以后的时间。").format(at=at[:16])
            return self.tr("将在 {at}（中国时间）由平台拨出，距现在{left}。").format(
                at=at[:16], left=run_time_text(minutes))
        days = self.days_combo.currentText()
        hours = self.hours_combo.currentText()
        speed = self.speed()
        text = self.tr("确认后交给平台：{days}、{hours}拨打，每分钟 {speed} 个。").format(
            days=days, hours=hours, speed=speed)
        if self.recipients and 1 <= speed <= 1200:
            text += self.tr("{n} 个号码全部拨完{time}（不含不在拨打时间内的等待）。").format(
                n=f"{self.recipients:,}", time=run_time_text(self.recipients / speed))
        return text

    def update_summary(self) -> None:
        self.summary_label.setText(self.summary())
