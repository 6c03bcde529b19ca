"""The campaign report (from 发送记录) on the real window and the embedded sandbox."""

from __future__ import annotations

import httpx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from jianmi_desktop.campaign.runner import run_campaign
from jianmi_desktop.gui.history.campaign_report import FIGURES, figures_of
from jianmi_desktop.platform.models import StatusReport
from jianmi_desktop.sandbox.pushes import build_status_push
from tests.gui.conftest import name_of, until

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints", "does not support raise")
TEXT = "【茧米】您的订单已发货，快递单号 SF1234567890，请注意查收。拒收请回复R"
CODES = ["DELIVRD"] * 8 + ["UNDELIV"] * 4 + ["EXPIRED"] * 3 + ["REJECTD"] * 2 + ["MK:0005"] * 2 + ["MK:1008"]


@pytest.fixture(autouse=True)
def fast_reports(controller):
    controller.runtime.sandbox_options = {"report_delay": (0.05, 0.3)}


@pytest.fixture
def history(window):
    found = next(t for t in window.tab_widgets if type(t).__name__ == "HistoryTab")
    window.tabs.setCurrentWidget(found)
    return found


def message_boxes() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]


async def box_saying(words: str) -> QMessageBox:
    """The open message box whose text holds ``words`` (other tabs may show boxes of their own)."""
    await until(lambda: any(words in b.text() for b in message_boxes()), message=f"a box saying {words}")
    return next(b for b in message_boxes() if words in b.text())


def reasons(panel) -> list[tuple[str, str, str]]:
    table = panel.reasons
    return [tuple(table.item(r, c).text() for c in range(3)) for r in range(table.rowCount())]


async def mixed_campaign(store) -> tuple[int, list]:
    """100 numbers in 5 batches: reported with many codes, failed, waiting, uncertain, not sent."""
    mobiles = [f"1360013{i:04d}" for i in range(100)]
    cid = await store.create_campaign(kind="sms", text=TEXT, params={}, mobiles=mobiles, batch_size=20)
    batches = [await store.claim_next_batch(cid) for _ in range(4)]
    reported, failed, waiting, unsure = batches
    await store.finish_batch(reported.id, "submitted", 100)
    await store.apply_reports([StatusReport(reported.msgid, m, code == "DELIVRD", code)
                               for m, code in zip(reported.mobiles, CODES)])
    await store.finish_batch(failed.id, "failed", 104, "账户余额不足")
    await store.finish_batch(waiting.id, "submitted", 100)
    await store.finish_batch(unsure.id, "uncertain", None, "没有答复")
    return cid, batches


async def open_report(history, cid: int):
    await until(lambda: history.campaigns.row_of(cid) >= 0, message="the campaign listed")
    history.campaign_view.selectRow(history.campaigns.row_of(cid))
    assert history.report_button.isEnabled()
    history.report_button.click()
    dialog = history._report
    await until(lambda: dialog.panel.item is not None and dialog.panel.item.id == cid, message="the report")
    return dialog


def test_report_counts_match_the_store_and_group_the_undelivered_by_code(history, controller, run, tmp_path):
    store = controller.store

    async def body():
        mobiles = [f"1370013{i:04d}" for i in range(300)]
        sent = await store.create_campaign(kind="sms", text=TEXT, params={}, mobiles=mobiles, batch_size=100)
        assert (await run_campaign(store, controller.client, sent)).submitted == 300
        cid, (reported, _failed, waiting, _unsure) = await mixed_campaign(store)
        history.refresh()
        await until(lambda: history.campaigns.row_of(cid) >= 0)
        history.campaign_view.selectRow(0)  # 全部任务: no report for it
        await until(lambda: history._selected is None)
        assert not history.report_button.isEnabled()

        dialog = await open_report(history, cid)
        panel = dialog.panel
        await until(lambda: panel.item is not None and panel.item.id == cid, message="the report read")
        assert dialog.isVisible() and dialog.windowTitle() == f"{await name_of(store, cid)} 的报告"
        assert panel.heading.text().startswith(await name_of(store, cid) + " · ")
        assert panel.heading.toolTip() == f"命令行里的任务编号：{cid}"
        counts = await store.campaign_counts(cid)
        assert panel.figures == figures_of(counts)
        assert panel.figures == {"delivered": 8, "undelivered": 12, "waiting": 20, "not_sent": 20, "failed": 20,
                                 "uncertain": 20, "total": 100}
        assert [panel.count_labels[k][0].text() for k, _ in FIGURES] == ["8", "12", "20", "20", "20", "20"]
        assert panel.count_labels["undelivered"][1].text() == "12.0%" and panel.total_label.text() == "100"
        rows = reasons(panel)
        assert [(code, n) for code, n, _ in rows] == [("UNDELIV", "4"), ("EXPIRED", "3"), ("MK:0005", "2"),
                                                     ("REJECTD", "2"), ("MK:1008", "1"), ("平台拒绝 104", "20")]
        text = dict((code, why) for code, _, why in rows)
        assert "停机" in text["UNDELIV"] and "关机" in text["EXPIRED"] and "拒绝" in text["REJECTD"]
        assert text["MK:0005"].startswith("运营商内部错误码") and text["MK:1008"] == text["MK:0005"]
        assert text["平台拒绝 104"] == "账户余额不足"
        assert panel.explain("XX:9") and panel.explain("") != panel.explain("UNDELIV")
        assert "没有结果" in panel.status.text()
        chart = panel._chart_view.chart()
        slices = chart.series()[0].slices()
        assert sorted(int(s.value()) for s in slices) == [8, 12, 20, 20, 20, 20]
        assert panel.followup_button.isEnabled()

        # the reports of the waiting batch come in through the receiver: the report follows by itself
        body = build_status_push([StatusReport(waiting.msgid, m, False, "EXPIRED", "0", "demo")
                                  for m in waiting.mobiles])
        async with httpx.AsyncClient() as client:
            answer = await client.post(controller.status.receiver_push_url, content=body,
                                       headers={"Content-Type": "text/xml; charset=utf-8"})
        assert answer.text.strip() == "SUCCESS"
        await until(lambda: panel.figures.get("undelivered") == 32, message="the report follows the reports")
        assert panel.figures["waiting"] == 0 and panel.figures == figures_of(await store.campaign_counts(cid))
        assert reasons(panel)[0][:2] == ("EXPIRED", "23")

        dialog.resize(760, 600)
        await until(lambda: True)
        dialog.grab().save(str(tmp_path / "report.png"))
        print("screenshot:", tmp_path / "report.png")

        # choosing another campaign while the report is open shows that one
        sandbox = controller.runtime.sandbox_thread.sandbox.state
        await until(lambda: sandbox.pending == 0, timeout=20, message="every report pushed")
        history.campaign_view.selectRow(history.campaigns.row_of(sent))
        await until(lambda: panel.item and panel.item.id == sent, message="the report follows the selection")
        counts_sent = await store.campaign_counts(sent)
        await until(lambda: panel.figures.get("delivered", 0) == counts_sent["delivered"], message="settled")
        assert panel.figures == figures_of(counts_sent) and counts_sent["delivered"] + counts_sent["undelivered"] == 300
        assert {code for code, _, _ in reasons(panel)} <= {"UNDELIV", "EXPIRED"}
        assert sum(int(n) for _, n, _ in reasons(panel)) == counts_sent["undelivered"]
        assert dialog.windowTitle() == f"{await name_of(store, sent)} 的报告"
        QTest.keyClick(dialog, Qt.Key.Key_Escape)
        await until(lambda: not dialog.isVisible(), message="Esc closes the report")

    run(body(), timeout=90)


def test_send_again_to_the_undelivered_makes_a_follow_up_campaign(history, controller, run):
    store = controller.store

    async def body():
        cid, (reported, *_rest) = await mixed_campaign(store)
        undelivered = {m for m, code in zip(reported.mobiles, CODES) if code != "DELIVRD"}
        await store.add_opt_outs([sorted(undelivered)[0]])  # opted out since: not sent again
        history.refresh()
        dialog = await open_report(history, cid)
        panel = dialog.panel
        balance = controller.runtime.sandbox_thread.sandbox.state.remaining
        before = {c.id for c in await store.history(100)}

        panel.followup_button.click()
        box = await box_saying("个未送达的号码建成一个新任务")
        assert f"{await name_of(store, cid)} 中 12 个未送达的号码" in box.text() and "不会自动发送" in box.text()
        next(b for b in box.buttons() if b.text() == "先不建").click()
        await until(lambda: not box.isVisible())
        assert {c.id for c in await store.history(100)} == before  # nothing made

        panel.followup_button.click()
        box = await box_saying("个未送达的号码建成一个新任务")
        next(b for b in box.buttons() if b.text() == "建新任务").click()
        box = await box_saying("还没有发送")
        new = next(c.id for c in await store.history(100) if c.id not in before)
        assert f"新任务{await name_of(store, new)}" in box.text()
        box.accept()
        campaign = await store.get_campaign(new)
        assert campaign.text == TEXT and campaign.kind == "sms"
        rows = await store.recipients_page(campaign_id=new, limit=1000)
        assert {r.mobile for r in rows} == undelivered - {sorted(undelivered)[0]}
        counts = await store.campaign_counts(new)
        assert counts["pending"] == counts["recipients"] == 11  # written down, not sent
        assert controller.runtime.sandbox_thread.sandbox.state.remaining == balance
        await until(lambda: history.campaigns.row_of(new) >= 0, message="listed in the history")

    run(body(), timeout=60)


def test_report_keyboard_and_texts(history, window, controller, run):
    async def body():
        cid, _ = await mixed_campaign(controller.store)
        history.refresh()
        await until(lambda: history.campaigns.row_of(cid) >= 0)
        history.campaign_view.selectRow(history.campaigns.row_of(cid))
        window.activateWindow()
        assert history.report_button.shortcut().toString() == "Alt+B"  # 任务报告(&B)
        history.report_button.setFocus()
        QTest.keyClick(history.report_button, Qt.Key.Key_Space)
        await until(lambda: history._report is not None and history._report.isVisible(), message="Space")
        panel = history._report.panel
        await until(lambda: panel.item is not None and panel.item.id == cid)
        QTest.keyClick(history._report, Qt.Key.Key_Escape)
        await until(lambda: not history._report.isVisible(), message="Esc")
        rect = history.campaign_view.visualRect(history.campaigns.index(history.campaigns.row_of(cid), 3))
        QTest.mouseClick(history.campaign_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        QTest.mouseDClick(history.campaign_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        await until(lambda: history._report.isVisible(), message="a double click opens it too")
        for widget in (panel.followup_button, panel.refresh_button, panel.reasons, history.report_button):
            assert widget.toolTip()
        assert panel.followup_button.text() == "给未送达的号码重发(&S)…"
        history._report.close()

    run(body())
