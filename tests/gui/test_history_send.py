"""发送记录's "发送此任务…": a campaign written down but not sent (a follow-up, a paused or stopped one)
goes out through the 短信 tab's sender, on the real window and the embedded sandbox."""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from jianmi_desktop.campaign.accounts import account_key
from jianmi_desktop.campaign.runner import run_campaign
from jianmi_desktop.states import CampaignState
from tests.gui.conftest import name_of, until

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints", "does not support raise")
TEXT = "【茧米】您的订单已发货，请注意查收。拒收请回复R"


@pytest.fixture(autouse=True)
def fast_reports(controller):
    controller.runtime.sandbox_options = {"report_delay": (0.05, 0.3)}


@pytest.fixture
def history(window, run):
    sms = next(t for t in window.tab_widgets if type(t).__name__ == "SmsTab")
    run(until(lambda: sms.controller.sending.is_ready, message="the start-up checks"))
    found = next(t for t in window.tab_widgets if type(t).__name__ == "HistoryTab")
    window.tabs.setCurrentWidget(found)
    return found


def boxes() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]


async def box_saying(words: str) -> QMessageBox:
    await until(lambda: any(words in b.text() for b in boxes()), message=f"a box saying {words}")
    return next(b for b in boxes() if words in b.text())


def click(box: QMessageBox, text: str) -> None:
    next(b for b in box.buttons() if b.text() == text).click()


def sent_numbers(controller) -> Counter:
    state = controller.runtime.sandbox_thread.sandbox.state
    return Counter(m for s in list(state.submissions) if s.cmd == "send" for m in s.mobiles)


async def select(history, cid: int) -> None:
    history.refresh()
    await until(lambda: history.campaigns.row_of(cid) >= 0, message=f"campaign #{cid} listed")
    history.campaign_view.selectRow(history.campaigns.row_of(cid))
    await until(lambda: history._selected == cid, message="selected")


async def sent_with_failures(controller) -> tuple[int, list[str], list[str]]:
    """60 numbers of this account in 3 batches: the first refused by the platform (failed, not sent),
    the other 40 sent through the sandbox."""
    store = controller.store
    mobiles = [f"1391234{i:04d}" for i in range(60)]
    cid = await store.create_campaign(kind="sms", text=TEXT, params={"account": account_key(controller.client)},
                                      mobiles=mobiles, batch_size=20)
    failed = await store.claim_next_batch(cid)
    await store.finish_batch(failed.id, "failed", 103, "号码格式错误")
    result = await run_campaign(store, controller.client, cid)
    assert result.submitted == 40
    return cid, list(failed.mobiles), [m for m in mobiles if m not in failed.mobiles]


def test_a_follow_up_is_sent_from_history_exactly_once(history, window, controller, run):
    store = controller.store
    sms = next(t for t in window.tab_widgets if type(t).__name__ == "SmsTab")

    async def body():
        source, failed, went = await sent_with_failures(controller)
        assert sent_numbers(controller) == Counter(went)
        new = await store.create_followup(source, states=("failed",))
        await select(history, source)
        assert not history.send_button.isEnabled()  # done: nothing left to send
        await select(history, new)
        await until(lambda: history.send_button.isEnabled(), message="the send button")
        assert history.send_button.text() == "发送此任务…"

        history.send_button.click()  # asked first; "先不发" sends nothing
        box = await box_saying("还没有发出")
        assert f"发送{await name_of(store, new)}：20 个号码还没有发出" in box.text()
        assert "共约 20 条" in box.text() and f"这是{await name_of(store, source)} 的重发任务" in box.text()
        assert TEXT in box.text()
        click(box, "先不发")
        await until(lambda: not box.isVisible())
        assert sent_numbers(controller) == Counter(went)
        assert (await store.get_campaign(new)).state == "pending"

        history.send_button.click()
        box = await box_saying("还没有发出")
        click(box, "发送")
        await until(lambda: window.tabs.currentWidget() is sms, message="the 短信 tab shows the progress")
        assert sms.progress.isVisible() or controller.sending.current == new or controller.sending.queue
        await until(lambda: sms.progress.campaign_id == new and sms.progress.state == "done", timeout=30,
                    message="sent")
        sent = sent_numbers(controller)
        assert sent == Counter(went) + Counter(failed)  # the follow-up's numbers once, nothing else again
        assert set(sent.values()) == {1}
        assert (await store.get_campaign(new)).state == "done"
        counts = await store.campaign_counts(new)
        assert counts.get("pending", 0) == 0 and counts["recipients"] == 20
        window.tabs.setCurrentWidget(history)
        await select(history, new)
        await until(lambda: history.selected_campaign().campaign.state == CampaignState.DONE, message="the history follows")
        assert not history.send_button.isEnabled()

    run(body(), timeout=90)


def test_a_paused_campaign_continues_from_history_and_a_cancelled_one_cannot(history, controller, run):
    store = controller.store
    key = account_key(controller.client)

    async def body():
        mobiles = [f"1381234{i:04d}" for i in range(40)]
        paused = await store.create_campaign(kind="sms", text=TEXT, params={"account": key}, mobiles=mobiles,
                                             batch_size=20)
        first = await store.claim_next_batch(paused)
        await store.finish_batch(first.id, "submitted", 100)  # as if sent before the pause
        await store.set_campaign_state(paused, "paused")
        cancelled = await store.create_campaign(kind="sms", text=TEXT, params={"account": key},
                                                mobiles=[f"1371234{i:04d}" for i in range(10)], batch_size=20)
        await store.set_campaign_state(cancelled, "cancelled")

        await select(history, cancelled)
        assert not history.send_button.isEnabled()
        await select(history, paused)
        await until(lambda: history.send_button.isEnabled(), message="the send button")
        history.send_button.click()
        box = await box_saying("还没有发出")
        assert f"发送{await name_of(store, paused)}：20 个号码还没有发出" in box.text()
        click(box, "发送")
        progress = next(t for t in history.window().tab_widgets if type(t).__name__ == "SmsTab").progress
        await until(lambda: progress.campaign_id == paused and progress.state == "done", timeout=30,
                    message="sent")
        assert sent_numbers(controller) == Counter(mobiles[20:])  # only what the pause left
        assert (await store.get_campaign(paused)).state == "done"

    run(body(), timeout=60)


def test_another_accounts_campaign_is_refused(history, controller, run):
    store = controller.store

    async def body():
        cid = await store.create_campaign(kind="sms", text=TEXT, params={"account": "someone@https://example.cn/sdk"},
                                          mobiles=[f"1361234{i:04d}" for i in range(10)], batch_size=20)
        await select(history, cid)
        await until(lambda: history.send_button.isEnabled(), message="the send button")
        history.send_button.click()
        box = await box_saying("另一个账号")
        assert await name_of(store, cid) in box.text() and "someone@https://example.cn/sdk" in box.text()
        assert not any("确定现在发送" in b.text() for b in boxes())
        box.accept()
        assert sent_numbers(controller) == Counter()
        assert (await store.get_campaign(cid)).state == "pending"
        assert controller.sending.current is None and not controller.sending.queue

    run(body(), timeout=30)
