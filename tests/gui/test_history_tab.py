"""发送记录 on the real window and the embedded sandbox (real sockets, reports pushed to the receiver)."""

from __future__ import annotations

import csv
import random
import time

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox
from python_calamine import CalamineWorkbook

from jianmi_desktop.campaign.runner import run_campaign
from jianmi_desktop.gui.history.model import UNCERTAIN_BG, CampaignLine
from jianmi_desktop.platform.models import StatusReport
from jianmi_desktop.states import RecipientState
from jianmi_desktop.store.rows import RecipientRow
from tests.gui.conftest import until

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")
TEXT = "【茧米】您好，这是一条测试通知。"


@pytest.fixture(autouse=True)
def fast_reports(controller):
    """Delivery reports within a fraction of a second (the window's default is 1–6 s)."""
    controller.runtime.sandbox_options = {"report_delay": (0.05, 0.3)}


@pytest.fixture
def tab(window):
    found = next(t for t in window.tab_widgets if type(t).__name__ == "HistoryTab")
    window.tabs.setCurrentWidget(found)
    return found


def numbers(n: int, seed: int = 1) -> list[str]:
    """``n`` different mobile numbers, always the same for a seed."""
    rnd = random.Random(seed)
    out = dict.fromkeys(f"1{rnd.choice('3456789')}{rnd.randrange(10 ** 9):09d}" for _ in range(n * 2))
    return list(out)[:n]


def campaign_row(tab, cid: int) -> CampaignLine | None:
    row = tab.campaigns.row_of(cid)
    return tab.campaigns.rows[row] if row >= 0 else None


def summary(tab, cid: int) -> dict:
    row = campaign_row(tab, cid)
    return row.summary if row else {}


def select_campaign(tab, cid: int | None) -> None:
    row = tab.campaigns.row_of(cid)
    assert row >= 0, f"campaign {cid} is not listed"
    tab.campaign_view.selectRow(row)


async def load_all(tab) -> list[RecipientRow]:
    model = tab.recipients
    await until(lambda: not model.loading, message="the first page")
    while not model.finished:
        if not model.loading:
            model.fetchMore()
        await until(lambda: not model.loading or model.finished, message="a page")
    return [model.row_values(i) for i in range(model.rowCount())]


def displayed(tab) -> list[list[str]]:
    model = tab.recipients
    return [[model.display(r, c) for c in range(model.columnCount())] for r in range(model.rowCount())]


def message_boxes() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]


def test_campaigns_appear_with_their_counts_and_follow_the_reports(tab, controller, run):
    store = controller.store

    async def body():
        mobiles = numbers(7)
        created = await store.create_campaign(kind="voice", text="您的快递已到，请取件", params={},
                                              mobiles=mobiles, batch_size=3)
        sent_to = numbers(25, seed=3)
        cid = await store.create_campaign(kind="sms", text=TEXT, params={}, mobiles=sent_to, batch_size=10)
        await until(lambda: campaign_row(tab, cid) is not None, message="the campaigns listed")
        assert summary(tab, created)["recipients"] == 7 and summary(tab, created)["pending"] == 7
        assert tab.campaigns.data(tab.campaigns.index(tab.campaigns.row_of(created), 1)) == "语音通知"
        assert tab.campaigns.data(tab.campaigns.index(tab.campaigns.row_of(cid), 4)) == "未开始"

        result = await run_campaign(store, controller.client, cid)
        assert (result.state, result.submitted) == ("done", 25)
        # no refresh asked for: the stored reports bring the counts up to date by themselves
        await until(lambda: summary(tab, cid).get("delivered", 0) + summary(tab, cid).get("undelivered", 0) == 25,
                    timeout=20, message="every report counted")
        counts = summary(tab, cid)
        assert counts["submitted"] == 25 and counts["pending"] == 0 and counts["delivered"] > 0
        total = tab.campaigns.rows[0]
        assert total.summary["recipients"] == 32 and total.campaign is None  # the 全部任务 row adds them up
        assert tab.campaigns.data(tab.campaigns.index(0, 3)) == "全部任务"
        assert tab.campaigns.data(tab.campaigns.index(tab.campaigns.row_of(cid), 4)) == "已完成"

        select_campaign(tab, cid)
        rows = await load_all(tab)
        assert sorted(r.mobile for r in rows) == sorted(sent_to)
        assert {r.state for r in rows} <= {RecipientState.DELIVERED, RecipientState.UNDELIVERED}
        shown = displayed(tab)
        assert {row[2] for row in shown} <= {"已送达", "未送达"}
        # the reason in plain words, never the carrier's code; the code is in the reason's tooltip
        for i, row in enumerate(shown):
            code = rows[i].status_code
            assert code in ("DELIVRD", "UNDELIV", "EXPIRED") and row[4] and row[5]
            assert code not in row[3] and (row[3] == "" if row[2] == "已送达" else len(row[3]) > 4), row
            tip = tab.recipients.data(tab.recipients.index(i, tab.recipients.COL_CODE), Qt.ItemDataRole.ToolTipRole)
            assert code in tip and rows[i].msgid in tip
        batches = {r.msgid for r in rows}
        assert len(batches) == 3  # 25 numbers in batches of 10: three msgids
        assert tab.status.text() == "共 25 个号码"

    run(body())


def test_filters_over_100000_recipients_show_the_right_rows(tab, controller, run):
    store = controller.store
    mobiles = numbers(100_000, seed=5)

    async def body():
        other = await store.create_campaign(kind="sms", text=TEXT, params={}, mobiles=numbers(500, seed=7),
                                            batch_size=100)
        cid = await store.create_campaign(kind="sms", text=TEXT, params={}, mobiles=mobiles, batch_size=100)
        first = await store.claim_next_batch(cid)
        await store.finish_batch(first.id, "uncertain", None, "没有答复")
        second = await store.claim_next_batch(cid)
        await store.finish_batch(second.id, "submitted", 100)
        await store.apply_reports([StatusReport(second.msgid, m, i % 4 != 0, "DELIVRD" if i % 4 else "UNDELIV")
                                   for i, m in enumerate(second.mobiles)])
        tab.refresh()
        # a refresh may have read the campaign between its creation and the batches' outcomes: wait for both
        await until(lambda: summary(tab, cid).get("recipients") == 100_000 and summary(tab, cid).get("uncertain"),
                    message="the campaign counted")
        assert summary(tab, cid)["uncertain"] == 100 and summary(tab, cid)["undelivered"] == 25

        async def shows(expected: list[str], **what) -> None:
            started = time.perf_counter()
            if "number" in what:
                tab.number_edit.setText(what["number"])  # typed: applied after a short pause
                tab.apply_filter()
            if "contains" in what or "ends" in what:
                tab.number_mode.setCurrentIndex(2 if what.get("contains") else 1 if what.get("ends") else 0)
            if "state" in what:
                tab.state_combo.setCurrentIndex(tab.state_combo.findData(what["state"]))
            await until(lambda: not tab.recipients.loading and
                        (tab.recipients.rowCount() or tab.recipients.finished), message=f"first page {what}")
            assert time.perf_counter() - started < 1.0
            rows = await load_all(tab)
            assert [r.mobile for r in rows] == expected, what

        everything = [*numbers(500, seed=7), *mobiles]  # in id order: the first campaign first
        target = mobiles[54_321]
        await shows([m for m in everything if m.startswith(target[:6])], number=target[:6])
        await shows([target], number=f"{target[:3]} {target[3:7]}-{target[7:]}")  # spaces and dashes ignored
        await shows([m for m in everything if target[-4:] in m], number=target[-4:], contains=True)
        await shows([m for m in everything if m.endswith(target[-4:])], number=target[-4:], ends=True)
        await shows([m for m in everything if m.endswith(target[-7:])], number=target[-7:], ends=True)
        tab.clear_filters()
        await shows(first.mobiles, state="uncertain")
        await shows([m for i, m in enumerate(second.mobiles) if i % 4 == 0], state="undelivered")
        tab.clear_filters()
        select_campaign(tab, other)
        await shows(numbers(500, seed=7), state="pending")
        select_campaign(tab, cid)
        await shows(mobiles[200:], state="pending")
        tab.date_check.setChecked(True)
        tab.date_from.setDate(QDate.currentDate().addDays(-1))
        await until(lambda: not tab.recipients.loading and tab.recipients.rowCount() > 0)
        assert tab.recipients.filter.date_from is not None
        tab.date_to.setDate(tab.date_from.date().addDays(-3))  # a range before anything was sent
        await shows([], state="pending")
        assert tab.status.text() == "共 0 个号码"

    run(body(), timeout=120)


def test_uncertain_rows_stand_out_and_resending_asks_first(tab, controller, run):
    store = controller.store

    async def body():
        mobiles = numbers(30, seed=9)
        cid = await store.create_campaign(kind="sms", text=TEXT, params={}, mobiles=mobiles, batch_size=10)
        unsure = await store.claim_next_batch(cid)
        await store.finish_batch(unsure.id, "uncertain", None, "没有答复")
        tab.refresh()
        await until(lambda: summary(tab, cid).get("uncertain") == 10, message="uncertain counted")
        assert not tab.resend_button.isEnabled()  # 全部任务 is selected: nothing to resend
        select_campaign(tab, cid)
        await until(lambda: tab.recipients.filter.campaign_id == cid and not tab.recipients.loading)
        assert tab.resend_button.isEnabled() and tab.wait_button.isEnabled()
        assert tab.uncertain_note.isVisible() and "10 个号码结果不确定" in tab.uncertain_note.text()
        model = tab.recipients
        row = next(i for i in range(model.rowCount()) if model.state_at(i) == "uncertain")
        calm = next(i for i in range(model.rowCount()) if model.state_at(i) == "pending")
        state = model.index(row, model.COL_STATE)
        assert model.data(state) == "不确定"
        assert model.data(state, Qt.ItemDataRole.BackgroundRole) == UNCERTAIN_BG
        assert model.data(state, Qt.ItemDataRole.DecorationRole) is not None
        assert model.data(state, Qt.ItemDataRole.FontRole).bold()
        assert "两次" in model.data(state, Qt.ItemDataRole.ToolTipRole)
        assert model.data(model.index(calm, model.COL_STATE), Qt.ItemDataRole.BackgroundRole) is None
        uncertain_cell = tab.campaigns.index(tab.campaigns.row_of(cid), tab.campaigns.COL_UNCERTAIN)
        assert tab.campaigns.data(uncertain_cell, Qt.ItemDataRole.BackgroundRole) == UNCERTAIN_BG

        tab.wait_button.click()  # explains; nothing is sent
        await until(lambda: message_boxes(), message="the explanation")
        box = message_boxes()[0]
        assert "什么也不会发送" in box.text()
        box.accept()
        balance = controller.runtime.sandbox_thread.sandbox.state.remaining

        tab.resend_button.click()
        await until(lambda: message_boxes(), message="the question")
        box = message_boxes()[0]
        assert "两次" in box.text() and "10 个号码" in box.text()
        no = next(b for b in box.buttons() if b.text() == "先不发")
        no.click()
        await until(lambda: not message_boxes())
        assert (await store.campaign_counts(cid))["uncertain"] == 10  # nothing happened

        tab.resend_button.click()
        await until(lambda: message_boxes(), message="the question again")
        box = message_boxes()[0]
        next(b for b in box.buttons() if b.text() == "重新发送").click()
        await until(lambda: any("重新发送完成" in b.text() for b in message_boxes()), timeout=20,
                    message="the resend finished")
        counts = await store.campaign_counts(cid)
        assert counts["uncertain"] == 0 and counts["pending"] == 0
        assert controller.runtime.sandbox_thread.sandbox.state.remaining == balance - 30
        await until(lambda: summary(tab, cid).get("uncertain") == 0, message="the list follows")
        assert not tab.resend_button.isEnabled() and not tab.uncertain_note.isVisible()
        rows = await load_all(tab)
        assert unsure.msgid not in {r.msgid for r in rows}  # resent under a new msgid
        for b in message_boxes():
            b.accept()

    run(body(), timeout=60)


def test_export_writes_csv_and_xlsx_with_the_filtered_rows(tab, controller, run, tmp_path):
    store = controller.store
    folder = tmp_path / "导出"
    folder.mkdir()

    async def body():
        cid = await store.create_campaign(kind="sms", text=TEXT, params={}, mobiles=numbers(1234, seed=11),
                                          batch_size=100)
        batch = await store.claim_next_batch(cid)
        await store.finish_batch(batch.id, "submitted", 100)
        await store.apply_reports([StatusReport(batch.msgid, m, True, "DELIVRD") for m in batch.mobiles[:60]])
        tab.refresh()
        await until(lambda: campaign_row(tab, cid) is not None)
        select_campaign(tab, cid)
        tab.number_mode.setCurrentIndex(1)
        tab.number_edit.setText("3")
        tab.apply_filter()
        expected_rows = await load_all(tab)
        expected = [[*row[:4], r.status_code, *row[4:]] for row, r in zip(displayed(tab), expected_rows)]
        assert 100 < len(expected) < 1234

        for fmt in ("csv", "xlsx"):
            target = folder / f"发送记录.{fmt}"
            tab.export_to(target, fmt)
            assert tab.progress.isVisible() and not tab.csv_button.isEnabled()
            await until(lambda: tab.export_worker is None, message=f"the {fmt} export")
            assert target.exists() and not (folder / f"发送记录.{fmt}.part").exists()
            assert f"已导出 {len(expected):,} 个号码" in tab.status.text()
            if fmt == "csv":
                raw = target.read_bytes()
                assert raw.startswith(b"\xef\xbb\xbf")
                with open(target, encoding="utf-8-sig", newline="") as fh:
                    table = list(csv.reader(fh))
            else:
                table = CalamineWorkbook.from_path(str(target)).get_sheet_by_index(0).to_python()
                table = [[str(v) for v in row] for row in table]
            assert table[0] == tab.recipients.export_headers
            assert table[1:] == expected
            assert [row[1] for row in table[1:]] == [r.mobile for r in expected_rows]
        assert controller.settings.ui.last_folder == str(folder)
        assert any(row[2] == "已送达" for row in expected)

        dialog = tab.choose_export_file("xlsx")  # the next export starts in the same folder
        assert isinstance(dialog, QFileDialog) and dialog.isVisible()
        assert dialog.directory().absolutePath() == str(folder)
        dialog.reject()

    run(body(), timeout=60)


def test_keyboard_ctrl_f_focuses_the_number_and_f5_refreshes(tab, window, controller, run):
    async def body():
        await until(lambda: tab.campaigns.rows, message="the first list")
        cid = await controller.store.create_campaign(kind="mms", text=None, params={"title": "新品彩信"},
                                                     mobiles=numbers(3), batch_size=10)
        window.activateWindow()
        tab.recipient_view.setFocus()
        QTest.keyClick(tab.recipient_view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
        await until(lambda: tab.number_edit.hasFocus(), message="Ctrl+F")
        assert campaign_row(tab, cid) is None  # nothing told the tab yet
        QTest.keyClick(tab.number_edit, Qt.Key.Key_F5)
        await until(lambda: campaign_row(tab, cid) is not None, message="F5 lists the new campaign")
        index = tab.campaigns.index(tab.campaigns.row_of(cid), 3)
        assert tab.campaigns.data(index) == "新品彩信"
        assert tab.campaigns.data(tab.campaigns.index(index.row(), 1)) == "彩信"
        assert tab.title() == "发送记录"
        assert tab.number_edit.toolTip() and tab.csv_button.toolTip() and tab.resend_button.toolTip()

    run(body())
