"""收件箱 on the real window and the embedded sandbox: replies pushed to the real receiver."""

from __future__ import annotations

import csv
import sqlite3

import httpx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from jianmi_desktop.campaign.runner import run_campaign
from jianmi_desktop.platform.models import Reply
from jianmi_desktop.sandbox.pushes import build_reply_push
from tests.gui.conftest import name_of, until

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")
TEXT = "【茧米】您好，您预约的体检在明天上午 9 点，请空腹前往。拒收请回复R"


@pytest.fixture(autouse=True)
def fast_reports(controller):
    controller.runtime.sandbox_options = {"report_delay": (0.05, 0.3)}


@pytest.fixture
def tab(window):
    found = next(t for t in window.tab_widgets if type(t).__name__ == "InboxTab")
    window.tabs.setCurrentWidget(found)
    return found


def message_boxes() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]


async def settled(controller) -> None:
    """The start-up work of every tab is done and left no error on screen (keys go to the window)."""
    await until(lambda: not controller._tasks, message="the tabs' start-up tasks")
    errors = [b.text() for b in message_boxes() if b.icon() == QMessageBox.Icon.Warning]
    assert not errors, f"an error is on screen: {errors}"


async def box_saying(words: str) -> QMessageBox:
    """The open message box whose text holds ``words`` (other tabs may show boxes of their own)."""
    await until(lambda: any(words in b.text() for b in message_boxes()), message=f"a box saying {words}")
    return next(b for b in message_boxes() if words in b.text())


def shown_rows(tab) -> list[list[str]]:
    proxy = tab.proxy
    return [[proxy.data(proxy.index(r, c)) for c in range(proxy.columnCount())] for r in range(proxy.rowCount())]


def listed(panel) -> dict[str, str]:
    """What the opt-out list shows: number → source as displayed."""
    model = panel.model
    return {model.data(model.index(r, 0)): model.data(model.index(r, 1)) for r in range(model.rowCount())}


async def push(controller, replies: list[Reply]) -> None:
    """POST a type-2 push to the receiver, as the platform does."""
    body = build_reply_push(replies)
    async with httpx.AsyncClient() as client:
        answer = await client.post(controller.status.receiver_push_url, content=body,
                                   headers={"Content-Type": "text/xml; charset=utf-8"})
    assert answer.status_code == 200 and answer.text.strip() == "SUCCESS"


def first_msgid(controller, cid: int) -> str:
    with sqlite3.connect(controller.store.path) as conn:
        return conn.execute("SELECT msgid FROM batches WHERE campaign_id = ? ORDER BY seq", (cid,)).fetchone()[0]


def test_replies_land_in_the_inbox_with_their_campaign_and_opt_outs_on_the_list(tab, controller, run, tmp_path):
    store = controller.store

    async def body():
        await until(lambda: "还没有收到回复" in tab.status.text(), message="the empty inbox")
        mobiles = [f"1380013{i:04d}" for i in range(400)]
        cid = await store.create_campaign(kind="sms", text=TEXT, params={}, mobiles=mobiles, batch_size=100)
        result = await run_campaign(store, controller.client, cid)
        assert result.submitted == 400
        # the seeded sandbox answers some numbers by itself (退订, T, 好的 …)
        sandbox = controller.runtime.sandbox_thread.sandbox.state
        await until(lambda: sandbox.pending == 0, timeout=20, message="every report and reply pushed")
        natural = await store.replies(1000)
        assert len(natural) >= 3 and any(r.opt_out for r in natural)
        await until(lambda: len(tab.model.rows) == len(natural), message="the sandbox's own replies")
        msgid = first_msgid(controller, cid)
        await push(controller, [Reply(msgid, mobiles[7], "退订", "0", "demo"),
                                Reply(msgid, mobiles[8], "好的，谢谢提醒", "0", "demo"),
                                Reply("424242", "13900139000", " td ", "0", "demo")])  # msgid of no campaign
        await until(lambda: len(tab.model.rows) >= len(natural) + 3, message="the pushed replies")
        await until(lambda: "13900139000" in listed(tab.opt_outs), message="the opt-out list follows")
        everything = await store.replies(1000)
        assert len(tab.model.rows) == len(everything)  # no refresh asked for, nothing missing or doubled
        rows = {(r[1], r[2]): r for r in shown_rows(tab)}
        unsub = rows[(mobiles[7], "退订")]
        assert unsub[3] == "退订：已加入退订名单" and unsub[4].startswith(f"{await name_of(store, cid)} 【茧米】您好")
        assert rows[(mobiles[8], "好的，谢谢提醒")][3] == ""
        assert rows[("13900139000", " td ")][4] == "（找不到对应的任务）"
        assert shown_rows(tab)[0][1] == "13900139000"  # newest on top
        ids = [r.id for r in tab.model.rows]
        assert ids == sorted(ids, reverse=True) and len(set(ids)) == len(ids)
        model = tab.model
        row = next(i for i, r in enumerate(model.rows) if r.mobile == mobiles[7])
        note = model.index(row, model.COL_NOTE)
        assert model.data(note, Qt.ItemDataRole.DecorationRole) is not None
        assert "退订名单" in model.data(note, Qt.ItemDataRole.ToolTipRole)
        assert model.data(model.index(row, model.COL_CAMPAIGN), Qt.ItemDataRole.ToolTipRole).endswith(TEXT[:40])

        opted = {r.mobile for r in everything if r.opt_out}
        assert {mobiles[7], "13900139000"} <= opted and mobiles[8] not in opted
        assert set(listed(tab.opt_outs)) == opted == await store.opt_outs()
        assert set(listed(tab.opt_outs).values()) == {"对方回复退订"}
        assert f"共 {len(opted)} 个号码" in tab.opt_outs.count_label.text()
        assert f"共 {len(everything)} 条回复，其中 {len(opted)} 条是退订" in tab.status.text()

        # filters
        tab.opt_out_check.setChecked(True)
        assert {r[1] for r in shown_rows(tab)} == opted
        tab.opt_out_check.setChecked(False)
        tab.filter_edit.setText(mobiles[8][-6:] + " 谢谢")
        await until(lambda: tab.proxy.rowCount() == 1, message="the typed filter")
        assert shown_rows(tab)[0][1] == mobiles[8] and "显示 1 条" in tab.status.text()
        tab.filter_edit.setText(await name_of(store, cid))
        await until(lambda: tab.proxy.rowCount() == len(everything) - 1, message="filter by campaign")
        tab.filter_edit.clear()
        await until(lambda: tab.proxy.rowCount() == len(everything))

        # the platform pushes again what was not acknowledged: nothing changes
        await push(controller, [Reply(msgid, mobiles[7], "退订", "0", "demo")])
        tab.reload()
        await until(lambda: len(tab.model.rows) == len(everything), message="reloaded")
        assert len(await store.replies(1000)) == len(everything)

        # a reply that means "stop" without the words: put on the list by hand
        row = next(i for i in range(tab.proxy.rowCount()) if shown_rows(tab)[i][1] == mobiles[8])
        assert not tab.opt_out_button.isEnabled()
        tab.view.selectRow(row)
        assert tab.opt_out_button.isEnabled()
        tab.opt_out_button.click()
        await until(lambda: listed(tab.opt_outs).get(mobiles[8]) == "手动添加", message="added by hand")
        assert mobiles[8] in await store.opt_outs()

        tab.window().resize(1200, 720)
        await until(lambda: True)
        tab.window().grab().save(str(tmp_path / "inbox.png"))
        print("screenshot:", tmp_path / "inbox.png")

    run(body(), timeout=90)


def test_opt_out_list_add_remove_and_export_round_trip(tab, controller, run, tmp_path):
    store = controller.store
    panel = tab.opt_outs

    async def body():
        await until(lambda: panel.count_label.text().startswith("共 0 个号码"), message="the empty list")
        await store.add_opt_outs(["13700137000"], source="reply")
        panel.reload()
        await until(lambda: "13700137000" in listed(panel))

        # invalid numbers are refused with the reason, nothing is added
        panel.add_edit.setText("13800138000, 12345")
        panel.add_button.click()
        box = await box_saying("没有加入")
        assert "12345" in box.text() and "11 位" in box.text()
        box.accept()
        assert await store.opt_outs() == {"13700137000"}
        assert panel.add_edit.text() == "13800138000, 12345"  # kept, to be corrected

        # full-width digits, spaces, +86, an international number; Enter adds
        panel.add_edit.setText("+86 138 0013 8000，１３９００１３９０００, 13700137000; +44 7911 123456")
        QTest.keyClick(panel.add_edit, Qt.Key.Key_Return)
        await until(lambda: len(listed(panel)) == 4, message="the typed numbers")
        assert set(listed(panel)) == await store.opt_outs() == {"13700137000", "13800138000", "13900139000",
                                                                 "447911123456"}
        assert listed(panel)["13800138000"] == "手动添加" and listed(panel)["13700137000"] == "对方回复退订"
        assert panel.add_edit.text() == "" and "已加入 3 个号码（1 个本来就在名单里）" in panel.status.text()

        # remove the selected ones, after a question; "不移出" keeps them
        view = panel.view
        rows = [r for r in range(panel.proxy.rowCount())
                if panel.proxy.data(panel.proxy.index(r, 0)) in ("13800138000", "447911123456")]
        for r in rows:
            view.selectionModel().select(panel.proxy.index(r, 0),
                                         view.selectionModel().SelectionFlag.Select
                                         | view.selectionModel().SelectionFlag.Rows)
        assert panel.selected_numbers() and panel.remove_button.isEnabled()
        await settled(controller)
        tab.window().activateWindow()
        await until(tab.window().isActiveWindow, message="the window active")
        view.setFocus()
        await until(view.hasFocus, message="the list focused")
        QTest.keyClick(view, Qt.Key.Key_Delete)  # the keyboard asks too
        box = await box_saying("移出退订名单吗")
        assert "2 个号码" in box.text() and "13800138000" in box.text()
        next(b for b in box.buttons() if b.text() == "不移出").click()
        await until(lambda: not box.isVisible())
        assert len(await store.opt_outs()) == 4
        panel.remove_button.click()
        box = await box_saying("移出退订名单吗")
        next(b for b in box.buttons() if b.text() == "移出").click()
        await until(lambda: len(listed(panel)) == 2, message="removed")
        assert await store.opt_outs() == {"13700137000", "13900139000"}

        # the filter box
        panel.filter_edit.setText("1390")
        await until(lambda: panel.proxy.rowCount() == 1)
        panel.filter_edit.clear()
        await until(lambda: panel.proxy.rowCount() == 2)

        # export to CSV and read it back
        target = tmp_path / "退订名单.csv"
        panel.export_to(target)
        await until(lambda: "已把" in panel.status.text(), message="the export")
        with open(target, encoding="utf-8-sig", newline="") as fh:
            table = list(csv.reader(fh))
        assert {row[0] for row in table[1:]} == {"13700137000", "13900139000"}

        # import what was exported into an empty list: the same numbers come back
        await store.remove_opt_outs(["13700137000", "13900139000"])
        panel.reload()
        await until(lambda: not listed(panel))
        panel.import_from(target)
        await until(lambda: len(listed(panel)) == 2, message="the import")
        assert await store.opt_outs() == {"13700137000", "13900139000"}

    run(body(), timeout=60)


def test_import_reads_text_and_excel_files_and_reports_bad_rows(tab, controller, run, tmp_path):
    from jianmi_desktop.store.export import write_xlsx

    panel = tab.opt_outs
    store = controller.store

    async def body():
        text = tmp_path / "退订.txt"
        text.write_text("13800138000\n139 0013 9000\n12345\n\n13800138000\n", encoding="gbk")
        panel.import_from(text)
        await until(lambda: len(listed(panel)) == 2, message="the text import")
        box = await box_saying("号码不对")
        assert "1 个号码不对" in box.text() and "12345" in box.detailedText()
        box.accept()
        workbook = tmp_path / "名单.xlsx"
        write_xlsx(workbook, ["姓名", "手机"], [("张三", "13600136000"), ("李四", "13800138000")])
        panel.import_from(workbook)
        await until(lambda: len(listed(panel)) == 3, message="the Excel import")
        assert await store.opt_outs() == {"13800138000", "13900139000", "13600136000"}
        assert "1 个本来就在名单里" in panel.status.text()

    run(body(), timeout=60)


def test_keyboard_and_texts(tab, window, controller, run):
    async def body():
        await settled(controller)
        window.activateWindow()
        await until(window.isActiveWindow, message="the window active")
        tab.view.setFocus()
        QTest.keyClick(tab.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
        await until(lambda: tab.filter_edit.hasFocus(), message="Ctrl+F")
        assert tab.title() == "收件箱"
        assert window.tabs.tabText(window.tabs.indexOf(tab)) == "收件箱"
        history = window.tabs.indexOf(next(t for t in window.tab_widgets if type(t).__name__ == "HistoryTab"))
        assert window.tabs.indexOf(tab) == history + 1
        for widget in (tab.filter_edit, tab.opt_out_check, tab.opt_out_button, tab.opt_outs.add_edit,
                       tab.opt_outs.remove_button, tab.opt_outs.import_button, tab.opt_outs.export_button):
            assert widget.toolTip()

    run(body())


def test_the_first_reply_of_all_being_an_opt_out_shows_on_the_list_at_once(tab, controller, run):
    """An empty inbox whose first reply is a 'T': the reply and the opt-out list both follow
    (the first read of replies used to leave the list as it was until the next start)."""

    async def body():
        await until(lambda: "还没有收到回复" in tab.status.text(), message="the empty inbox")
        await push(controller, [Reply("171234567890123", "13700137000", "T", "0", "demo")])
        await until(lambda: len(tab.model.rows) == 1, message="the reply in the inbox")
        await until(lambda: "13700137000" in listed(tab.opt_outs), timeout=5, message="the opt-out list follows")
        assert await controller.store.opt_outs() == {"13700137000"}

    run(body())
