"""The window and the relay (issue 14, the desktop side): with 回执来源 = 中继服务器 the window pulls
continuously from a real relay (a child process on SQLite), its status light says how the
link is doing, and the settings test the relay and show the addresses to register."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from jianmi_desktop.platform.models import Reply
from jianmi_desktop.platform.push_xml import build_reply_push
from tests.gui.conftest import until
from tests.support.relay_proc import RelayProcess


@pytest.fixture
def relay(tmp_path):
    process = RelayProcess(f"sqlite:///{tmp_path}/relay.db", tmp_path / "relay-data").start()
    yield process
    process.stop()


@pytest.fixture
def relay_settings(settings, relay, monkeypatch):
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    monkeypatch.setenv("JIANMI_RELAY_TOKEN", relay.token("前台"))
    settings.report_source = "relay"
    settings.relay_url = relay.urls["api_url"]
    return settings


async def push_reply(relay: RelayProcess, mobile: str, text: str) -> None:
    body = build_reply_push([Reply(msgid="", mobile=mobile, content=text)])
    async with httpx.AsyncClient(timeout=10) as client:
        r = await client.post(relay.urls["push_url"], content=body)
    assert r.text == "SUCCESS"


def test_no_relay_no_light(window, run):
    assert window.controller.relay.state.kind == "off"
    assert window.relay_light.isHidden()


def test_window_pulls_continuously_and_the_light_follows_the_relay(relay_settings, relay, window, run):
    controller = window.controller
    light = window.relay_light

    async def scenario():
        await until(lambda: light.kind == "connected", 30, message="the light turns green")
        assert not light.isHidden() and "已连接" in light.text()
        stored = []
        controller.stored.connect(lambda kind, count: stored.append((kind, count)))
        await push_reply(relay, "13900001111", "退订")     # the window is long-polling: no sync run
        store = controller.store

        async def opted_out() -> bool:
            return "13900001111" in await store.opt_outs()

        found = False
        for _ in range(200):
            if await opted_out():
                found = True
                break
            await asyncio.sleep(0.05)
        assert found, "a 退订 pushed to the relay reached this desktop's opt-out list"
        await until(lambda: any(kind == "reply" for kind, _ in stored), 10, message="the inbox heard of it")

        relay.kill()                                        # the relay dies under the long-poll
        await until(lambda: light.kind == "unreachable", 20, message="the light turns red")
        assert "无法连接" in light.text()
        assert relay.urls["api_url"] in light.toolTip()
        relay.start()                                       # back on the same port
        await until(lambda: light.kind == "connected", 40, message="green again after the restart")

    run(scenario(), timeout=120)


def test_revoked_token_turns_the_light_red_and_stops(relay_settings, relay, window, run):
    light = window.relay_light

    async def scenario():
        await until(lambda: light.kind == "connected", 30)
        r = relay.cli("token", "revoke", "前台")
        assert r.code == 0, r.stderr
        window.controller.relay.restart()
        await until(lambda: light.kind == "refused", 20, message="refused after the revoke")
        assert "令牌被拒绝" in light.text()

    run(scenario(), timeout=90)


def test_settings_test_the_relay_and_show_the_addresses(relay, window, run, qtbot, monkeypatch):
    from jianmi_desktop.gui.settings.dialog import SettingsDialog

    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    token = relay.token("财务")
    dialog = SettingsDialog(window.controller, window)
    qtbot.addWidget(dialog)
    dialog.relay_source_radio.setChecked(True)
    dialog.relay_url_edit.setText(relay.urls["api_url"])

    async def scenario():
        dialog.relay_token_edit.setText("wrong-token")
        dialog.test_relay()
        await until(lambda: "拒绝" in dialog.relay_result.text(), 20, message="a wrong token is refused")
        assert not dialog.register_button.isEnabled()
        dialog.relay_token_edit.setText(token)
        dialog.test_relay()
        await until(lambda: "连接成功" in dialog.relay_result.text(), 20)
        assert "财务" in dialog.relay_result.text()
        shown = dialog.relay_urls_label.text()
        assert relay.urls["push_url"] in shown and relay.urls["status_url"] in shown
        assert token not in shown                            # the token never shows
        assert dialog.register_button.isEnabled()
        dialog.register_status_url()                         # sandbox mode: not registered, said why
        assert "沙箱模式" in dialog.relay_result.text()

        dialog.accept()
        await until(lambda: dialog.closed, 20, message="saved")
        settings = window.controller.settings
        assert (settings.report_source, settings.relay_url) == ("relay", relay.urls["api_url"])
        await until(lambda: window.relay_light.kind == "connected", 30, message="pulling after saving")

    try:
        run(scenario(), timeout=90)
    finally:
        from jianmi_desktop.campaign.sync import RELAY_SECRET
        from jianmi_desktop.settings import delete_secret

        delete_secret(RELAY_SECRET, "token")


def test_settings_refuse_a_relay_without_address(window, qtbot):
    from jianmi_desktop.gui.settings.dialog import SettingsDialog

    dialog = SettingsDialog(window.controller, window)
    qtbot.addWidget(dialog)
    dialog.relay_source_radio.setChecked(True)
    dialog.relay_url_edit.setText("relay.example.com")
    problem = dialog.problem(dialog.values())
    assert problem is not None and problem[1] is dialog.relay_url_edit


def test_team_mode_warns_by_name_and_sends_with_the_relays_msgids(relay_settings, relay, window, run):
    """Two desktops on one account: 小李 (another desktop) sent the same text to some of the
    numbers; the window's confirmation names him, and the window's own send draws its msgids
    from the range the relay handed this desktop and is told to the relay for the others."""
    from jianmi_desktop.campaign.sync import RelayClient
    from jianmi_desktop.store.models import text_hash
    from tests.gui.test_sms_tab import boxes, click, compose, confirm_send, numbers

    controller = window.controller
    controller.runtime.sandbox_options = {"report_delay": (0.05, 0.3)}
    controller.settings.night_start = controller.settings.night_end = 0
    tab = next(t for t in window.tab_widgets if type(t).__name__ == "SmsTab")
    window.tabs.setCurrentWidget(tab)
    mobiles = numbers(300, seed=11)
    compose(tab, run, mobiles)
    text = tab.composer.composition(tab.panel.rows).message_for(None)
    colleague = run(colleague_sent(relay, "7@20261204", text, mobiles[:120]))
    run(until(lambda: window.relay_light.kind == "connected", 30, message="connected"))
    box = confirm_send(tab, run)
    assert "小李 已于" in box.text() and "向其中 120 个号码发送过相同内容" in box.text()
    click(box, "已确认，发送")
    progress = tab.progress
    run(until(lambda: progress.state == "done", timeout=60, message="sent"))
    cid = progress.campaign_id

    async def check() -> None:
        store = controller.store
        left = await store.msgids_left()
        assert left is not None, "the desktop holds a msgid range from the relay"
        import sqlite3

        def journal() -> tuple[list, list[int]]:   # read in a thread, as the program reads its store
            with sqlite3.connect(store.path) as conn:
                return (conn.execute("SELECT first, last FROM msgid_ranges").fetchall(),
                        [int(m) for (m,) in conn.execute("SELECT msgid FROM batches WHERE campaign_id = ?", (cid,))])

        ranges, msgids = await asyncio.to_thread(journal)
        assert msgids and all(any(lo <= m <= hi for lo, hi in ranges) for m in msgids), (ranges, msgids[:3])
        async with RelayClient(colleague) as client:       # the relay now warns 小李 about 前台's send
            found = await client.overlap(text_hash(text), mobiles[200:], hours=72)
        assert [(o["name"], o["count"]) for o in found] == [("前台", 100)], found

    run(until_done(check), timeout=60)
    assert not boxes("sendConfirmation")


async def colleague_sent(relay: RelayProcess, campaign: str, text: str, mobiles: list[str]):
    """小李, another desktop on the relay, tells it he sent ``text`` to ``mobiles``; his config."""
    from jianmi_desktop.campaign.sync import RelayClient, RelayConfig
    from jianmi_desktop.store.models import text_hash

    colleague = RelayConfig(relay.urls["api_url"], relay.token("小李"))
    async with RelayClient(colleague) as client:
        await client.record_send(campaign, text_hash(text), mobiles)
    return colleague


async def until_done(check, timeout: float = 20.0):
    """Retry ``check`` (an assertion) until it holds: the send is told to the relay in the background."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        try:
            return await check()
        except AssertionError:
            if asyncio.get_running_loop().time() > deadline:
                raise
            await asyncio.sleep(0.2)


def test_team_mode_warns_before_a_spoken_voice_text_too(relay_settings, relay, window, run):
    """The voice tab asks the relay as the SMS tab does: 小李 read the same text to some numbers."""
    from tests.gui.test_sms_tab import boxes, click, numbers
    from tests.gui.test_voice_tab import recipients

    controller = window.controller
    controller.settings.night_start = controller.settings.night_end = 0
    tab = next(t for t in window.tab_widgets if type(t).__name__ == "VoiceTab")
    window.tabs.setCurrentWidget(tab)
    run(until(lambda: controller.store is not None, message="the services"))
    mobiles = numbers(40, seed=5)
    text = "您好，这里是茧米物业：明天上午九点到十二点停水，请提前储水。"
    tab.options.text_radio.setChecked(True)
    tab.options.text_edit.setPlainText(text)
    recipients(tab, run, mobiles)
    run(colleague_sent(relay, "9@20261204", text, mobiles[:15]))
    run(until(lambda: window.relay_light.kind == "connected", 30, message="connected"))
    run(until(lambda: tab.send_button.isEnabled(), message="send enabled"))
    tab.send_button.click()
    run(until(lambda: boxes("sendConfirmation"), message="the confirmation"))
    box = boxes("sendConfirmation")[0]
    assert "小李 已于" in box.text() and "向其中 15 个号码发送过相同内容" in box.text()
    click(box, "再看看")
