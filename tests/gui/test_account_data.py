"""The window shows only the selected account's data (issue 13, item 5): the real account and the
sandbox each have their own history, inbox and opt-outs; what is typed stays on screen across the
switch; and the account cannot change under a campaign being sent."""

from __future__ import annotations

import json

import pytest

from jianmi_desktop import settings as S
from jianmi_desktop.campaign.accounts import account_key
from jianmi_desktop.runtime import StoreBusy
from jianmi_desktop.store.homes import owner_of
from tests.gui.conftest import until

TEXT = "【茧米】周末特惠，拒收请回复R"


def tab_named(window, name):
    return next(t for t in window.tab_widgets if type(t).__name__ == name)


async def a_campaign(controller, mobiles, text=TEXT) -> int:
    key = account_key(controller.client)
    return await controller.store.create_campaign(kind="sms", text=text, params={"account": key},
                                                  mobiles=mobiles, batch_size=100)


def test_the_real_account_and_the_sandbox_each_see_only_their_own(production, window, controller, run):
    history = tab_named(window, "HistoryTab")
    inbox = tab_named(window, "InboxTab")
    sms = tab_named(window, "SmsTab")
    opt_outs = inbox.opt_outs.model

    async def shown(campaigns: int, optouts: int, what: str) -> None:
        history.refresh()
        inbox.reload()
        try:
            await until(lambda: history.campaigns.rowCount() == 1 + campaigns and opt_outs.rowCount() == optouts)
        except AssertionError:
            raise AssertionError(f"{what}: {history.campaigns.rowCount() - 1} campaigns, {opt_outs.rowCount()} "
                                 f"opt-outs shown; {campaigns} and {optouts} wanted") from None

    async def body():
        await until(lambda: controller.status is not None and controller.status.mode == "production")
        real_store = controller.store
        await a_campaign(controller, ["13800000001", "13800000002"])
        await controller.store.add_opt_outs(["13900000009"], "manual")
        await shown(1, 1, "the real account")
        sms.composer.text_edit.setPlainText(TEXT)             # typed, not sent
        await until(lambda: sms.draft.last_saved is not None, message="the draft saved")

        await controller.switch_mode("sandbox")
        assert controller.status.mode == "sandbox" and controller.store is not real_store
        assert owner_of(controller.store.path) == "demo@local" and owner_of(real_store.path) == "shop01@local"
        await shown(0, 0, "the sandbox, before anything was done in it")
        assert sms.composer.text() == TEXT                     # the draft stays on screen …
        await until(lambda: sms.draft.last_saved is not None)
        kept = json.loads(await controller.store.load_draft("sms"))
        assert kept["text"] == TEXT                            # … and is kept in the sandbox's store too
        await a_campaign(controller, ["13700000001"], text="沙箱里的试发")
        await shown(1, 0, "the sandbox with its own try")

        await controller.switch_mode("production")
        assert controller.store.path == real_store.path
        await shown(1, 1, "the real account again")
        line = history.campaigns.campaign(1)                   # (row 0 is 全部任务)
        assert "周末特惠" in line.campaign.excerpt              # its own campaign, not the sandbox's

    run(body())


def test_the_account_cannot_change_while_one_of_its_campaigns_is_sent(production, window, controller, run):
    platform, _chain = production
    platform.config.latency_ms = 400                           # every request takes a while

    async def body():
        await until(lambda: controller.status is not None and controller.status.mode == "production")
        store, sending = controller.store, controller.runtime.sending
        cid = await a_campaign(controller, [f"1380000{i:04d}" for i in range(3000)])
        future = sending.enqueue(cid)
        await until(lambda: sending.busy, message="the campaign being sent")
        with pytest.raises(StoreBusy) as refused:
            await controller.switch_mode("sandbox")
        assert "正在发送" in refused.value.zh
        assert controller.settings.mode == "production" and controller.store is store
        assert controller.status.mode == "production"
        await sending.cancel(cid)
        assert (await future).state == "cancelled"

    run(body())


def test_the_settings_dialog_keeps_everything_as_it_was_while_a_campaign_is_sent(production, window,
                                                                                 controller, run):
    from tests.gui.test_settings_dialog import open_dialog

    platform, _chain = production
    platform.config.latency_ms = 400

    async def body():
        await until(lambda: controller.status is not None and controller.status.mode == "production")
        sending = controller.runtime.sending
        cid = await a_campaign(controller, [f"1380000{i:04d}" for i in range(3000)])
        future = sending.enqueue(cid)
        await until(lambda: sending.busy, message="the campaign being sent")
        dialog, results = open_dialog(window)
        dialog.uid_edit.setText("someone-else")
        dialog.password_edit.setText("Other2025!")
        dialog.accept()
        await until(lambda: dialog.error_label.isVisible(), message="the refusal")
        assert "正在发送" in dialog.error_label.text() and dialog.isVisible() and not results
        assert dialog.error_label.text().startswith("没有保存，设置和原来一样。")   # said as nothing changed
        # a send that starts between 确定 and the save itself is refused there, and said the same way
        with pytest.raises(StoreBusy):
            await dialog._save(dialog.values())
        dialog._save_failed("x")
        assert dialog.error_label.text() == "没有保存，设置和原来一样。x"
        assert controller.settings.uid == "shop01" and controller.settings.mode == "production"
        assert S.get_secret("someone-else", "password") is None     # nothing was kept for the other one
        assert json.loads((controller.folder / "settings.json").read_text(encoding="utf-8")).get("uid") in (
            None, "shop01")
        dialog.reject()
        await sending.cancel(cid)
        assert (await future).state == "cancelled"

    run(body())
