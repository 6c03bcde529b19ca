"""The password tab on the real window: sandbox mode, and production mode against a separate sandbox."""

from __future__ import annotations

import aiohttp
import pytest

from jianmi_desktop import settings as S
from jianmi_desktop.client import Account, Endpoints, JianmiClient
from jianmi_desktop.gui.account.password_tab import password_rule
from jianmi_desktop.platform.auth import md5_hex
from jianmi_desktop.platform.errors import PlatformRefusal
from jianmi_desktop.runtime import Runtime
from jianmi_desktop.sandbox.testing import post_form, sdk_auth
from tests.gui.conftest import until

# the offscreen platform plugin warns whenever a window's size limits change; not a program problem
pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")


def tab_named(window, name):
    return next(t for t in window.tab_widgets if type(t).__name__ == name)


@pytest.fixture(autouse=True)
def no_session_secrets():
    S.forget_session_secrets()
    yield
    S.forget_session_secrets()


def fill(tab, old, new, again=None):
    tab.old_edit.setText(old)
    tab.new_edit.setText(new)
    tab.confirm_edit.setText(new if again is None else again)


async def answer_of(url: str, uid: str, password: str):
    """getnum with a client of its own: the Balance, or the refusal's code."""
    async with JianmiClient(Endpoints.on_one_host(url), Account(uid, md5_hex(password)), max_retries=0) as client:
        try:
            return await client.getnum()
        except PlatformRefusal as refusal:
            return refusal.code


def test_password_change_round_trips_in_sandbox_mode(window, controller, data_folder, run):
    tab = tab_named(window, "PasswordTab")
    balance = tab_named(window, "BalanceTab")
    window.tabs.setCurrentWidget(tab)
    new = "Spring2026x"

    async def body():
        await until(lambda: controller.client is not None and balance.balance is not None)
        base = controller.runtime.sandbox_thread.sandbox.url
        assert not tab.change_button.isEnabled()
        fill(tab, "demo1234", new, new + "!")
        assert not tab.change_button.isEnabled()  # the two entries differ
        assert tab.confirm_hint.isVisible() and "不一样" in tab.confirm_hint.text()
        tab.confirm_edit.setText(new)
        assert tab.change_button.isEnabled()
        assert "✓" in tab.strength_hint.text()
        tab.change_button.click()
        await until(lambda: not tab.busy, message="the change")
        assert "密码已经改好" in tab.result_label.text(), tab.result_label.text()
        assert tab.old_edit.text() == tab.new_edit.text() == ""

        assert await answer_of(base, "demo", "demo1234") == 102  # the old MD5 no longer works
        assert (await answer_of(base, "demo", new)).remaining >= 0
        assert controller.client.account.password_md5 == md5_hex(new)

        before = balance.updated
        balance.refresh_button.click()
        await until(lambda: not balance.busy and balance.updated != before, message="balance after the change")
        assert not balance.error_label.isVisible()

        tab.old_edit.setText("demo1234")  # the tab now knows the old one is no longer in use
        tab.old_edit.editingFinished.emit()
        assert tab.old_hint.isVisible() and "不对" in tab.old_hint.text()

        await controller.reload()  # a new sandbox thread on the same state: still the new password
        assert (await controller.client.getnum()).remaining >= 0
        await controller.stop()
        again = Runtime(data_folder, S.Settings())  # the next start of the program
        await again.start()
        try:
            assert again.account.password is None and again.account.password_md5 == md5_hex(new)
            assert (await again.client.getnum()).remaining >= 0
        finally:
            await again.stop()

    run(body())


@pytest.mark.parametrize("weak, key, code", [
    ("12345678", "digits", 108), ("abcdefgh", "letters", 108), ("aaaaaaa", "repeated", 108),
    ("ab1", "short", 101), ("a1" * 17, "long", 101),
])
def test_the_hint_follows_the_sandboxs_108_rule(window, controller, run, weak, key, code):
    tab = tab_named(window, "PasswordTab")
    window.tabs.setCurrentWidget(tab)

    async def body():
        await until(lambda: controller.client is not None)
        assert password_rule(weak) == key
        fill(tab, "demo1234", weak)
        assert tab.strength_hint.isVisible() and "✓" not in tab.strength_hint.text()
        assert not tab.change_button.isEnabled()
        async with aiohttp.ClientSession() as session:  # the sandbox agrees with the hint, on the wire
            status, answer = await post_form(session, controller.runtime.account.sdk_url,
                                             {**sdk_auth(), "cmd": "modifpsw", "newpsw": weak})
        assert (status, answer.strip()) == (200, str(code))

        tab.submit(weak)  # past the hint (a platform with a stricter rule): the refusal is explained
        await until(lambda: not tab.busy, message="the refusal")
        text = tab.result_label.text()
        if code == 108:  # refused by the platform
            assert "108" in text and "太简单" in text, text
        else:  # the client refuses to send a length the platform would refuse (101)
            assert "没有改成" in text and "6" in text and "32" in text, text
        assert controller.client.account.password_md5 == md5_hex("demo1234")
        assert (await controller.client.getnum()).remaining >= 0  # still the old password

    run(body())


def test_hint_texts(window, run):
    tab = tab_named(window, "PasswordTab")
    window.tabs.setCurrentWidget(tab)
    fill(tab, "whatever", "12345678")
    assert "数字" in tab.strength_hint.text()
    fill(tab, "whatever", "abcdefgh")
    assert "字母" in tab.strength_hint.text()
    fill(tab, "whatever", "😀abc123")
    assert "第 1 个字符" in tab.strength_hint.text()
    fill(tab, "abc123x", "abc123x")
    assert "一样" in tab.strength_hint.text()
    fill(tab, "wrong-old", "abc123x")
    assert tab.old_hint.isVisible() and not tab.change_button.isEnabled()


def test_password_change_in_production_keeps_the_new_one_in_the_keychain(production, window, controller, run):
    platform, chain = production
    tab = tab_named(window, "PasswordTab")
    balance = tab_named(window, "BalanceTab")

    async def body():
        await until(lambda: balance.balance is not None, message="the production balance")
        assert controller.status.mode == "production"
        assert balance.balance.remaining == 4321
        fill(tab, "Start2024", "Better2025!")
        assert tab.change_button.isEnabled()
        tab.change_button.click()
        await until(lambda: not tab.busy)
        assert "钥匙串" in tab.result_label.text(), tab.result_label.text()
        assert chain.kept[("jianmi-desktop", "shop01:password")] == "Better2025!"
        assert await answer_of(platform.url, "shop01", "Start2024") == 102
        await controller.reload()  # the account is read again from the keychain
        assert (await controller.client.getnum()).remaining == 4321

    run(body())
