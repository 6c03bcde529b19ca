"""短信内容: signature, text with a live count, variable buttons, a preview per row, saved templates,
and the checks as you type (debounced), shown as a list and marked in the text.

The as-you-type checks (``campaign.checks.check_text``) are fast and run on the GUI thread;
the counts over every row of a big list (``Composition.units_range``) run in a worker thread.
"""

from __future__ import annotations

import asyncio

import shiboken6
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTextEdit,
    QWidget,
)

from jianmi_desktop.gui.i18n import said
from jianmi_desktop.gui.widgets.build import button, column, heading
from jianmi_desktop.gui.widgets.messages import confirm

LEVEL_COLOURS = {"block": "#b00020", "warn": "#a05a00", "hint": "#6b6b6b"}
MARK_COLOURS = {"block": "#ffc9cf", "warn": "#ffe2a8", "hint": "#e4e4e4"}
CHECK_DELAY_MS = 150


class Composer(QFrame):
    changed = Signal()  # text, signature or the findings changed
    findings_changed = Signal()

    def __init__(self, controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("composer")
        self.controller = controller
        self.intl = False
        self.variables: tuple[str, ...] = ()
        self.rows = None  # the recipients' rows (for the preview), set by the tab
        self.findings: list = []
        self.units_range: tuple[int, int] | None = None  # over every row, when variables differ
        self.row_index = None  # the rows that are sent (valid, first occurrence)
        self._units_generation = 0
        self._input: QInputDialog | None = None
        self._build()
        self._check_timer = QTimer(self, singleShot=True, interval=CHECK_DELAY_MS)
        self._check_timer.timeout.connect(self.run_checks)
        self._units_timer = QTimer(self, singleShot=True, interval=400)
        self._units_timer.timeout.connect(self.count_rows)

    # --- layout ----------------------------------------------------------------------------
    def _build(self) -> None:
        layout = column(self)
        self.template_combo = QComboBox(self)
        self.template_combo.setMinimumContentsLength(10)
        self.template_combo.setToolTip(self.tr("选一个保存过的模板，替换下面的内容"))
        self.template_combo.activated.connect(self._template_chosen)
        self.save_template_button = button(self.tr("存为模板…"), self.tr("把现在的内容存为模板，下次直接选用"),
                                           self.ask_template_name, self, icon="template")
        self.delete_template_button = button(self.tr("删除模板"), self.tr("删除选中的模板"),
                                             self.ask_delete_template, self, icon="trash")
        layout.addLayout(heading(self.tr("短信内容"), self, QLabel(self.tr("模板："), self), self.template_combo,
                                 self.save_template_button, self.delete_template_button))

        sig_row = QHBoxLayout()
        sig_row.addWidget(QLabel(self.tr("签名：")))
        self.signature_edit = QLineEdit(self)
        self.signature_edit.setObjectName("signatureEdit")
        self.signature_edit.setPlaceholderText(self.tr("【公司名】"))
        self.signature_edit.setToolTip(self.tr("签名，例如【茧米科技】，会加在每条短信的末尾（内容里已有【…】时不再添加）；"
                                               "没有签名，平台会拒绝发送"))
        self.signature_edit.setText(self.controller.settings.signature or "")
        self.signature_edit.textChanged.connect(self._edited)
        sig_row.addWidget(self.signature_edit, 1)
        layout.addLayout(sig_row)

        self.text_edit = QTextEdit(self)
        self.text_edit.setObjectName("messageEdit")
        self.text_edit.setAcceptRichText(False)
        self.text_edit.setPlaceholderText(self.tr("在这里输入短信内容。点下面的列名按钮可以插入变量，例如 {姓名}。"))
        self.text_edit.setToolTip(self.tr("短信正文；标红的字符发不出去，标黄的词可能被拦截"))
        self.text_edit.textChanged.connect(self._edited)
        layout.addWidget(self.text_edit, 3)

        self.count_label = QLabel(self)
        self.count_label.setObjectName("countLabel")
        layout.addWidget(self.count_label)

        self.variables_bar = QWidget(self)
        self.variables_layout = QHBoxLayout(self.variables_bar)
        self.variables_layout.setContentsMargins(0, 0, 0, 0)
        self.variables_bar.hide()
        layout.addWidget(self.variables_bar)

        preview_row = QHBoxLayout()
        self.preview_label_title = QLabel(self.tr("预览第"))
        self.preview_spin = QSpinBox(self)
        self.preview_spin.setRange(1, 1)
        self.preview_spin.setToolTip(self.tr("看看第几位收件人会收到什么"))
        self.preview_spin.valueChanged.connect(lambda *_: self.update_preview())
        preview_row.addWidget(self.preview_label_title)
        preview_row.addWidget(self.preview_spin)
        preview_row.addWidget(QLabel(self.tr("位收件人：")))
        preview_row.addStretch(1)
        layout.addLayout(preview_row)
        self.preview = QLabel(self)
        self.preview.setObjectName("previewLabel")
        self.preview.setWordWrap(True)
        self.preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.preview.setStyleSheet("background: #f4f6f8; border: 1px solid #d8dde3; padding: 6px;")
        layout.addWidget(self.preview)

        layout.addWidget(QLabel(self.tr("检查结果：")))
        self.findings_list = QListWidget(self)
        self.findings_list.setObjectName("findingsList")
        self.findings_list.setToolTip(self.tr("红色：必须改正才能发送；黄色：请确认；灰色：建议"))
        self.findings_list.setWordWrap(True)
        self.findings_list.itemActivated.connect(self._finding_activated)
        self.findings_list.itemClicked.connect(self._finding_activated)
        layout.addWidget(self.findings_list, 1)
        self.load_templates()
        self._update_count()

    # --- what the tab reads ----------------------------------------------------------------
    def text(self) -> str:
        return self.text_edit.toPlainText()

    def signature(self) -> str:
        return self.signature_edit.text().strip()

    def composition(self, rows=None):
        from jianmi_desktop.campaign.template import Composition

        return Composition(self.text(), self.signature(), self.intl, rows if rows is not None else self.rows)

    def set_valid_rows(self, row_index) -> None:
        """Which rows are sent (the report's ``row_index``): the counts are over those only."""
        self.row_index = row_index
        self._units_timer.start()

    def blocking(self) -> list:
        return [f for f in self.findings if f.level == "block"]

    # --- state from the tab -----------------------------------------------------------------
    def set_intl(self, intl: bool) -> None:
        if intl != self.intl:
            self.intl = intl
            self._edited()

    def set_rows(self, rows, variables: tuple[str, ...]) -> None:
        self.rows = rows
        count = len(rows) if rows is not None else 0
        self.preview_spin.setRange(1, max(1, count))
        if tuple(variables) != self.variables:
            self.variables = tuple(variables)
            self._build_variable_buttons()
        self._edited()

    def _build_variable_buttons(self) -> None:
        while self.variables_layout.count():
            item = self.variables_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        if not self.variables:
            self.variables_bar.hide()
            return
        self.variables_layout.addWidget(QLabel(self.tr("插入变量："), self.variables_bar))
        for name in self.variables:
            button = QPushButton("{" + name + "}", self.variables_bar)
            button.setToolTip(self.tr("在光标处插入“{name}”列的内容，每位收件人不同").format(name=name))
            button.clicked.connect(lambda _=False, n=name: self.insert_variable(n))
            self.variables_layout.addWidget(button)
        self.variables_layout.addStretch(1)
        self.variables_bar.show()

    def insert_variable(self, name: str) -> None:
        self.text_edit.insertPlainText("{" + name + "}")
        self.text_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- checks as you type -------------------------------------------------------------------
    def _edited(self) -> None:
        self._update_count()
        self._check_timer.start()
        self._units_timer.start()
        self.update_preview()
        self.changed.emit()

    def full_text(self) -> str:
        """One message as it reads without variables filled in (the signature as the engine adds it)."""
        from jianmi_desktop.campaign.template import Composition

        return Composition(self.text(), self.signature(), self.intl).message_for(None)

    def _update_count(self) -> None:
        from jianmi_desktop.platform.text import is_gsm7, units_domestic, units_intl

        full = self.full_text()
        n = len(full)
        units = units_intl(full) if self.intl else units_domestic(full)
        if self.intl and is_gsm7(full):
            rule = self.tr("英文短信：160 个字符 1 条，超过时每 153 个字符 1 条")
        else:
            rule = self.tr("70 个字 1 条，超过时每 67 个字 1 条")
        text = self.tr("共 {n} 个字（含签名），每位收件人 %n 条", "", units).format(n=n)
        low_high = self.units_range
        if self.variables and low_high and low_high[0] != low_high[1]:
            text = self.tr("共 {n} 个字（含签名），变量不同，每位收件人 {low}–{high} 条").format(
                n=n, low=low_high[0], high=low_high[1])
        self.count_label.setText(text)
        self.count_label.setToolTip(rule)

    def run_checks(self) -> None:
        from jianmi_desktop.campaign.checks import check_text

        self._check_timer.stop()
        words = getattr(self, "words", None)
        try:
            self.findings = list(check_text(self.text(), intl=self.intl, variables=self.variables, words=words,
                                            signature=self.signature()))
        except Exception:  # noqa: BLE001 - a check that breaks must not break typing
            import logging

            logging.getLogger(__name__).exception("check_text failed")
            self.findings = []
        self._show_findings()
        self.findings_changed.emit()

    def _show_findings(self) -> None:
        self.findings_list.clear()
        for finding in self.findings:
            text = said(finding)
            prefix = {"block": self.tr("不能发送："), "warn": self.tr("请注意："), "hint": self.tr("建议：")}
            item = QListWidgetItem(prefix.get(finding.level, "") + text)
            item.setForeground(QBrush(QColor(LEVEL_COLOURS.get(finding.level, "#000"))))
            item.setData(Qt.ItemDataRole.UserRole, finding)
            item.setToolTip(text)
            self.findings_list.addItem(item)
        if not self.findings:
            item = QListWidgetItem(self.tr("没有发现问题"))
            item.setForeground(QBrush(QColor("#2e7d32")))
            self.findings_list.addItem(item)
        self._mark_spans()

    def _mark_spans(self) -> None:
        """Colour the characters the findings point at (extra selections: the text itself is untouched)."""
        selections = []
        length = len(self.text())
        document_end = self.text_edit.document().characterCount() - 1
        for finding in self.findings:
            colour = MARK_COLOURS.get(finding.level)
            if colour is None:
                continue
            for start, end in getattr(finding, "spans", ()) or ():
                start, end = max(0, int(start)), min(length, int(end))
                if end <= start:
                    continue
                selection = QTextEdit.ExtraSelection()
                cursor = QTextCursor(self.text_edit.document())
                cursor.setPosition(self._qt_position(start, document_end))
                cursor.setPosition(self._qt_position(end, document_end), QTextCursor.MoveMode.KeepAnchor)
                fmt = QTextCharFormat()
                fmt.setBackground(QColor(colour))
                if finding.level == "block":
                    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
                    fmt.setUnderlineColor(QColor(LEVEL_COLOURS["block"]))
                fmt.setToolTip(said(finding))
                selection.cursor = cursor
                selection.format = fmt
                selections.append(selection)
        self.text_edit.setExtraSelections(selections)

    def _qt_position(self, index: int, limit: int) -> int:
        """A code-point index of the text → Qt's position (UTF-16: an emoji counts two)."""
        prefix = self.text()[:index]
        return min(limit, index + sum(1 for ch in prefix if ord(ch) > 0xFFFF))

    def marked_ranges(self) -> list[tuple[int, int, str]]:
        """The marked stretches as (start, end, colour) in Qt positions, for tests and screenshots."""
        return [(s.cursor.selectionStart(), s.cursor.selectionEnd(), s.format.background().color().name())
                for s in self.text_edit.extraSelections()]

    def _finding_activated(self, item: QListWidgetItem) -> None:
        finding = item.data(Qt.ItemDataRole.UserRole)
        spans = getattr(finding, "spans", ()) if finding is not None else ()
        if not spans:
            return
        start, end = spans[0]
        limit = self.text_edit.document().characterCount() - 1
        cursor = self.text_edit.textCursor()
        cursor.setPosition(self._qt_position(start, limit))
        cursor.setPosition(self._qt_position(end, limit), QTextCursor.MoveMode.KeepAnchor)
        self.text_edit.setTextCursor(cursor)
        self.text_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- per-row counts and the preview --------------------------------------------------------
    def count_rows(self) -> None:
        """Units per message over every row (variables make them differ), in a worker thread."""
        self._units_timer.stop()
        if not self.variables or self.rows is None or not len(self.rows):
            if self.units_range is not None:
                self.units_range = None
                self._update_count()
            return
        composition, indices = self.composition(), self.row_index
        if indices is not None and not len(indices):
            return
        self._units_generation += 1
        generation = self._units_generation

        def counted(result) -> None:
            if shiboken6.isValid(self) and generation == self._units_generation:
                self.units_range = tuple(result)
                self._update_count()

        self.controller.spawn(asyncio.to_thread(composition.units_range, indices), on_done=counted,
                              on_error=lambda _message: None)

    def update_preview(self) -> None:
        if not self.text().strip():
            self.preview.setText(self.tr("（还没有内容）"))
            return
        if self.rows is None or not len(self.rows):
            self.preview.setText(self.full_text())
            return
        index = min(self.preview_spin.value(), len(self.rows)) - 1
        try:
            text = self.composition().preview(index)
        except Exception as exc:  # noqa: BLE001 - a half-typed template must not break the preview
            text = self.tr("（无法预览：{reason}）").format(reason=exc)
        self.preview.setText(text)

    # --- templates -----------------------------------------------------------------------------
    def _templates(self) -> dict[str, dict[str, str]]:
        return self.controller.settings.ui.templates

    def load_templates(self) -> None:
        self.template_combo.clear()
        self.template_combo.addItem(self.tr("（选择模板）"), None)
        for name in sorted(self._templates()):
            self.template_combo.addItem(name, name)
        self.delete_template_button.setEnabled(len(self._templates()) > 0)

    def _template_chosen(self, index: int) -> None:
        name = self.template_combo.itemData(index)
        saved = self._templates().get(name) if name else None
        if saved is None:
            return
        text, signature = saved.get("text", ""), saved.get("signature")
        if signature:
            self.signature_edit.setText(signature)
        self.text_edit.setPlainText(text)

    def ask_template_name(self) -> QInputDialog:
        dialog = QInputDialog(self)
        dialog.setWindowTitle(self.tr("存为模板"))
        dialog.setLabelText(self.tr("模板名称："))
        dialog.setTextValue(self.text()[:12])
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.textValueSelected.connect(self.save_template)
        self._input = dialog
        dialog.open()
        return dialog

    def save_template(self, name: str) -> None:
        name = name.strip()
        if not name or not self.text().strip():
            return
        self._templates()[name] = {"text": self.text(), "signature": self.signature()}
        self._save_settings()
        self.load_templates()
        self.template_combo.setCurrentIndex(self.template_combo.findData(name))

    def ask_delete_template(self) -> None:
        name = self.template_combo.currentData()
        if not name:
            return
        confirm(self, self.tr("删除模板"), self.tr("删除模板“{name}”吗？").format(name=name),
                lambda: self.delete_template(name), yes_text=self.tr("删除"))

    def delete_template(self, name: str) -> None:
        self._templates().pop(name, None)
        self._save_settings()
        self.load_templates()

    def _save_settings(self) -> None:
        self.controller.save_settings_soon()
