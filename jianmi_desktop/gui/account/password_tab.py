"""The password tab: change the account's password (modifpsw), with a live strength hint.

The hint follows the platform's rule as the sandbox applies it (its 108 rule):
6–32 characters; not all digits, not all letters, not one repeated character. The
button is enabled only when the old password is the one in use, both new entries agree
and the hint is satisfied. After ``100`` the program uses the new password at once
(``Runtime.password_changed``: the client, the resolved account and the OS keychain).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from jianmi_desktop.gui.base_tab import BaseTab
from jianmi_desktop.gui.widgets.icons import with_icon
from jianmi_desktop.platform.auth import md5_hex
from jianmi_desktop.platform.errors import PlatformRefusal
from jianmi_desktop.platform.text import gbk_problems

MIN_LENGTH = 6
MAX_LENGTH = 32

OK_STYLE = "color: #1e6b2e;"
BAD_STYLE = "color: #a4262c;"


def password_rule(new: str) -> str | None:
    """What is wrong with ``new`` under the platform's rule, as a key; None when it passes.

    Keys: ``empty``, ``short``, ``long``, ``repeated``, ``digits``, ``letters``, ``gbk``.
    Written from the platform's modifpsw rule (length → 101, one kind of character → 108).
    """
    if not new:
        return "empty"
    if len(new) < MIN_LENGTH:
        return "short"
    if len(new) > MAX_LENGTH:
        return "long"
    if len(set(new)) == 1:
        return "repeated"
    if all(c.isdigit() for c in new):
        return "digits"
    if all(c.isalpha() for c in new):
        return "letters"
    if gbk_problems(new):
        return "gbk"
    return None


class PasswordTab(BaseTab):
    def __init__(self, controller, parent: QWidget | None = None) -> None:
        super().__init__(controller, parent)
        self.setObjectName("passwordTab")
        self.busy = False

        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 20, 24, 20)
        outer.setSpacing(12)
        self.intro = QLabel(self.tr("修改茧米平台账号的密码。改好以后，本程序会马上改用新密码，"
                                    "并把它保存在系统钥匙串里。"))
        self.intro.setWordWrap(True)
        outer.addWidget(self.intro)
        self.mode_note = QLabel()
        self.mode_note.setWordWrap(True)
        self.mode_note.hide()
        outer.addWidget(self.mode_note)

        form_box = QWidget()
        form_box.setMaximumWidth(620)
        form = QFormLayout(form_box)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.old_edit = self._password_edit("oldPassword", self.tr("现在使用的密码"))
        self.new_edit = self._password_edit("newPassword", self.tr("6 到 32 个字符，字母和数字都要有"))
        self.confirm_edit = self._password_edit("confirmPassword", self.tr("把新密码再输入一次"))
        self.old_hint = self._hint_label("oldHint")
        self.strength_hint = self._hint_label("strengthHint")
        self.confirm_hint = self._hint_label("confirmHint")
        for text, edit, hint in ((self.tr("旧密码(&O)："), self.old_edit, self.old_hint),
                                 (self.tr("新密码(&N)："), self.new_edit, self.strength_hint),
                                 (self.tr("确认新密码(&C)："), self.confirm_edit, self.confirm_hint)):
            label = QLabel(text)
            label.setBuddy(edit)
            form.addRow(label, edit)
            form.addRow("", hint)
        self.show_toggle = QCheckBox(self.tr("显示密码(&S)"))
        self.show_toggle.setToolTip(self.tr("显示输入的密码，方便检查有没有打错；注意身边有没有人"))
        self.show_toggle.toggled.connect(self._toggle_shown)
        form.addRow("", self.show_toggle)
        outer.addWidget(form_box)

        row = QHBoxLayout()
        self.change_button = with_icon(QPushButton(self.tr("修改密码(&M)")), "key")
        self.change_button.setObjectName("changePassword")
        self.change_button.setToolTip(self.tr("把新密码提交给平台"))
        self.change_button.setDefault(True)
        self.change_button.clicked.connect(self.change)
        row.addWidget(self.change_button)
        row.addStretch(1)
        outer.addLayout(row)

        self.result_label = QLabel()
        self.result_label.setObjectName("passwordResult")
        self.result_label.setWordWrap(True)
        self.result_label.hide()
        outer.addWidget(self.result_label)
        outer.addStretch(1)

        self.setTabOrder(self.old_edit, self.new_edit)
        self.setTabOrder(self.new_edit, self.confirm_edit)
        self.setTabOrder(self.confirm_edit, self.show_toggle)
        self.setTabOrder(self.show_toggle, self.change_button)
        self._old_done = False  # "old password wrong" waits until the user has left the field
        self.old_edit.editingFinished.connect(self._old_finished)
        for edit in (self.old_edit, self.new_edit, self.confirm_edit):
            edit.textChanged.connect(self.update_state)
            edit.returnPressed.connect(self._return_pressed)
        self.update_state()

    def _password_edit(self, name: str, placeholder: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setEchoMode(QLineEdit.EchoMode.Password)
        edit.setPlaceholderText(placeholder)
        edit.setMinimumWidth(260)
        edit.setMaxLength(64)
        return edit

    def _hint_label(self, name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setWordWrap(True)  # the longer hints (and English ones) must not be cut at the form's edge
        return label

    def title(self) -> str:
        return self.tr("修改密码")

    # --- state ------------------------------------------------------------------------------
    def on_started(self, status) -> None:
        if status is not None and status.mode == "sandbox":
            self.mode_note.setText(self.tr("沙箱模式：这里改的是本机模拟账号的密码（它的初始密码是 demo1234），"
                                           "不会影响真实账号。"))
            self.mode_note.show()
        else:
            self.mode_note.hide()
        self.update_state()

    def _old_finished(self) -> None:
        self._old_done = True
        self.update_state()

    def _toggle_shown(self, shown: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        for edit in (self.old_edit, self.new_edit, self.confirm_edit):
            edit.setEchoMode(mode)

    def old_matches(self) -> bool:
        client = self.controller.client
        old = self.old_edit.text()
        return bool(old) and client is not None and md5_hex(old) == client.account.password_md5.lower()

    def strength_text(self, new: str) -> tuple[bool, str]:
        """(passes, what to show) for the new password."""
        rule = password_rule(new)
        if rule is None:
            if new == self.old_edit.text():
                return False, self.tr("新密码和旧密码一样，请换一个。")
            return True, self.tr("✓ 密码强度符合平台要求。")
        if rule == "empty":
            return False, self.tr("6 到 32 个字符；不能全是数字、全是字母，也不能是同一个字符重复。")
        if rule == "short":
            return False, self.tr("太短了：至少要 6 个字符（现在 {n} 个）。").format(n=len(new))
        if rule == "long":
            return False, self.tr("太长了：最多 32 个字符（现在 {n} 个）。").format(n=len(new))
        if rule == "repeated":
            return False, self.tr("太简单：不能全是同一个字符。")
        if rule == "digits":
            return False, self.tr("太简单：不能全是数字，请加上字母或符号。")
        if rule == "letters":
            return False, self.tr("太简单：不能全是字母（或汉字），请加上数字或符号。")
        problem = gbk_problems(new)[0]
        return False, self.tr("第 {pos} 个字符“{char}”平台无法接收，请换掉它。").format(
            pos=problem.position + 1, char=problem.char)

    def update_state(self) -> None:
        old, new, again = self.old_edit.text(), self.new_edit.text(), self.confirm_edit.text()
        old_ok = self.old_matches()
        wrong = old and not old_ok and (self._old_done or bool(new))
        self._set_hint(self.old_hint, self.tr("旧密码不对：和本程序现在使用的密码不一样。") if wrong else "", False)
        strong, text = self.strength_text(new)
        self._set_hint(self.strength_hint, text, strong, neutral=not new)
        same = bool(new) and new == again
        if again and not same:
            self._set_hint(self.confirm_hint, self.tr("两次输入的新密码不一样。"), False)
        else:
            self._set_hint(self.confirm_hint, self.tr("✓ 两次输入一致。") if same else "", True)
        self.change_button.setEnabled(old_ok and strong and same and not self.busy)
        if self.controller.client is None:
            self.change_button.setToolTip(self.tr("程序还在启动，请稍等"))
        else:
            self.change_button.setToolTip(self.tr("把新密码提交给平台"))

    @staticmethod
    def _set_hint(label: QLabel, text: str, ok: bool, neutral: bool = False) -> None:
        label.setText(text)
        label.setStyleSheet("" if neutral else (OK_STYLE if ok else BAD_STYLE))
        label.setVisible(bool(text))

    def _return_pressed(self) -> None:
        if self.change_button.isEnabled():
            self.change()

    # --- the change --------------------------------------------------------------------------
    def change(self) -> None:
        if not self.change_button.isEnabled():
            return
        self.submit(self.new_edit.text())

    def submit(self, new: str) -> None:
        """Send ``new`` to the platform (the checks of ``update_state`` are the caller's)."""
        client, runtime = self.controller.client, self.controller.runtime
        if client is None or self.busy:
            return
        self.busy = True
        self.change_button.setEnabled(False)
        self._show_result(self.tr("正在修改密码…"), None)

        async def go():
            try:
                await client.modifpsw(new)
            except PlatformRefusal as refusal:
                return "refused", refusal.code
            return "changed", await runtime.password_changed(new)

        self.controller.spawn(go(), on_done=self._done, on_error=self._failed)

    def _done(self, result) -> None:
        self.busy = False
        kind, detail = result
        if kind == "refused":
            self._show_result(self.explain_refusal(detail), False)
            self.update_state()
            return
        for edit in (self.old_edit, self.new_edit, self.confirm_edit):
            edit.clear()
        self._old_done = False
        lines = [self.tr("密码已经改好。从现在起本程序使用新密码。")]
        account = self.controller.runtime.account
        if self.controller.runtime.mode == "sandbox":
            lines.append(self.tr("（沙箱模式：模拟账号的新密码下次启动时仍然有效。）"))
        elif detail is not None:
            from jianmi_desktop.gui.controller import plain_message

            lines.append(plain_message(detail))
        else:
            lines.append(self.tr("新密码已保存在系统钥匙串里。"))
        if account is not None and account.password_from_env:
            lines.append(self.tr("注意：密码是从环境变量 JIANMI_PASSWORD 读来的，下次启动前请把它也改成新密码。"))
        self._show_result("\n".join(lines), True)
        self.update_state()

    def _failed(self, text: str) -> None:
        self.busy = False
        self._show_result(self.tr("密码没有改成：{reason}").format(reason=text), False)
        self.update_state()

    def explain_refusal(self, code: int) -> str:
        if code == 101:
            return self.tr("平台没有接受新密码（101）。新密码要有 6 到 32 个字符；长度没问题的话，"
                           "可能是平台暂时不能修改密码，请稍后再试。")
        if code == 102:
            return self.tr("旧密码不对，平台拒绝了修改（102）。如果密码已经在别处改过，"
                           "请在“设置”里填写现在的密码。")
        if code == 108:
            return self.tr("新密码太简单，平台拒绝了（108）。请同时使用字母和数字（也可以加符号）："
                           "不要全是数字、全是字母，也不要重复同一个字符。")
        from jianmi_desktop.gui.controller import plain_message

        return self.tr("平台拒绝了修改：{reason}").format(reason=plain_message(PlatformRefusal(code)))

    def _show_result(self, text: str, ok: bool | None) -> None:
        self.result_label.setText(text)
        self.result_label.setStyleSheet("" if ok is None else (OK_STYLE if ok else BAD_STYLE))
        self.result_label.show()
