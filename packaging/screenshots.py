"""Pictures of the real window on the embedded sandbox: every tab and every page of the settings dialog.

    python packaging/screenshots.py [FOLDER] [--lang zh_CN|en] [--size WxH] [--scenes]
    python packaging/screenshots.py --guide      the user guide's pictures: both languages, 1366×768,
                                                  with the scenes, into docs/guide/img/ (old ones removed)

FOLDER defaults to ./screenshots. The window opens offscreen (``QT_QPA_PLATFORM=offscreen``)
on its own temporary data folder with the built-in sandbox; a small SMS campaign is sent
through the client so the History tab has something to show, the script waits for the
balance and some delivery reports, calls ``getnum`` once in the API console, then saves
``<lang>-<n>-<tab's objectName>.png`` for each tab (``window.grab()``) and ``<lang>-settings-<n>.png`` for
each page of the settings dialog. Nothing touches a real account or the real keychain
(``PYTHON_KEYRING_BACKEND`` is the null backend unless set), and only loopback is used.

``--scenes`` also fills the SMS tab with a customer list (a CSV with a name and a points column)
and a text using them as variables, and the MMS tab with a title and a picture frame, as the
user guide shows them.

Chinese needs a CJK font, or every character is a box: on Debian/Ubuntu
``apt-get install -y fonts-noto-cjk`` (Windows and macOS have one already).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path

NUMBERS = [f"1380013{n:04d}" for n in range(0, 120, 3)]  # 40 made-up mobiles for the sandbox
TEXT = "【茧米科技】您的订单已发货，预计明天送达。回复T退订"


async def until(predicate, timeout: float = 20.0, what: str = "") -> bool:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            print(f"  (gave up waiting for {what or predicate} after {timeout:.0f} s)", file=sys.stderr)
            return False
        await asyncio.sleep(0.05)
    return True


async def settle(seconds: float = 0.6) -> None:
    """Let timers, polls and repaints run."""
    await asyncio.sleep(seconds)


async def send_campaign(controller) -> int:
    from jianmi_desktop.campaign.drafts import sms_draft
    from jianmi_desktop.campaign.planning import plan_sms

    plan = plan_sms(TEXT, NUMBERS)
    if not plan.ok:
        raise SystemExit(f"the sample campaign does not pass the checks: {plan.problems}")
    service = controller.runtime.sending
    cid = await service.create(sms_draft(plan.text, plan.report.valid, stats=plan.stats()))
    result = await service.send(cid)
    print(f"  campaign #{cid}: {result.submitted} submitted, {result.failed} failed, {result.uncertain} uncertain")
    return cid


GUIDE_IMG = Path(__file__).resolve().parent.parent / "docs" / "guide" / "img"
GUIDE_SIZE = "1366x728"  # a 1366×768 laptop less its 40 px taskbar
CUSTOMERS = [("13800138000", "张伟", "1200"), ("13900139000", "王芳", "860"), ("13700137000", "李娜", "2450"),
             ("13600136000", "刘洋", "300"), ("13500135000", "陈静", "1575"), ("1380013800", "赵磊", "90")]


async def post_replies(controller, cid: int) -> None:
    """Two replies to campaign ``cid`` pushed to the program's own receiver, as the platform pushes
    them: a thank-you, and a 'T' that puts its number on the opt-out list."""
    import httpx

    from jianmi_desktop.platform.models import Reply
    from jianmi_desktop.platform.push_xml import build_reply_push

    rows = await controller.store.recipients_page(campaign_id=cid, limit=2)
    replies = [Reply(rows[0].msgid, rows[0].mobile, "好的，周六带孩子过去"),
               Reply(rows[1].msgid, rows[1].mobile, "T")]
    url = controller.runtime.receiver.push_url
    assert url.startswith("http://127.0.0.1:"), url
    async with httpx.AsyncClient() as http:
        answer = await http.post(url, content=build_reply_push(replies), headers={"Content-Type": "text/xml"})
        answer.raise_for_status()


async def prepare_scenes(window, controller, lang: str, work: Path, cid: int) -> None:
    """The SMS tab with a customer list and variables, the MMS tab with a picture frame, replies in the inbox."""
    from PIL import Image, ImageDraw

    await post_replies(controller, cid)

    tabs = {type(tab).__name__: tab for tab in window.tab_widgets}
    sms = tabs["SmsTab"]
    listing = work / ("客户名单.csv" if lang == "zh_CN" else "customers.csv")
    listing.write_text("手机号,姓名,积分\n" + "".join(",".join(row) + "\n" for row in CUSTOMERS), encoding="utf-8-sig")
    sms.panel.load_file(listing)
    await until(lambda: sms.panel.imported is not None and not sms.panel.busy, what="the customer list")
    sms.composer.signature_edit.setText("茧米超市")
    sms.composer.text_edit.setPlainText("{姓名}您好，您的会员积分为{积分}分，本周末可抵现金使用。拒收请回复R")
    await settle(1.0)

    mms = tabs.get("MmsTab")
    if mms is not None:
        picture = work / "new-product.png"
        image = Image.new("RGB", (800, 600), (232, 246, 240))
        draw = ImageDraw.Draw(image)
        draw.rounded_rectangle((140, 120, 660, 480), 60, fill=(25, 160, 140))
        draw.ellipse((300, 200, 500, 400), fill=(242, 178, 51))
        image.save(picture)
        mms.title_edit.setText("新品上市")
        mms.title_edit.textEdited.emit("新品上市")
        mms.add_files([picture])
        await until(lambda: not mms.busy, what="the MMS picture")
        mms.editor.text_edit.setPlainText("【茧米超市】新品上市，凭短信到店领取试吃。")
        await settle(0.8)


async def shoot(window, controller, folder: Path, lang: str, scenes: bool = False) -> list[Path]:
    from PySide6.QtWidgets import QApplication

    from jianmi_desktop.gui.settings.dialog import SettingsDialog

    saved: list[Path] = []

    def save(widget, name: str) -> None:
        path = folder / f"{lang}-{name}.png"
        if not widget.grab().save(str(path)):
            raise SystemExit(f"could not write {path}")
        saved.append(path)

    await controller.start()
    tabs = {type(tab).__name__: tab for tab in window.tab_widgets}
    balance_tab, history_tab, console = tabs["BalanceTab"], tabs["HistoryTab"], window.open_console()
    await until(lambda: balance_tab.balance is not None, what="the balance")
    cid = await send_campaign(controller)

    def delivered() -> int:
        rows = history_tab.campaigns.rows
        return rows[0].summary["delivered"] if rows else 0

    window.tabs.setCurrentWidget(history_tab)  # its counts follow the reports while shown
    await until(lambda: delivered() >= len(NUMBERS) // 2, timeout=30, what="delivery reports")
    balance_tab.refresh()  # a second reading: the chart gets a line
    await until(lambda: not balance_tab.busy, what="the second balance reading")
    console.select("getnum")
    console.call()
    await until(lambda: console.history, what="the console's getnum call")

    if scenes:
        with tempfile.TemporaryDirectory(prefix="jianmi-scenes-") as work:
            await prepare_scenes(window, controller, lang, Path(work), cid)
            window.tabs.setCurrentIndex(0)
            await settle(0.5)
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        tab = window.tabs.currentWidget()
        await settle(1.2 if tab is history_tab else 0.6)
        save(window, f"{index + 1}-{tab.objectName() or type(tab).__name__}")
    await settle(0.3)
    save(console.window(), "console")   # 工具 → 接口调试台, a window of its own
    console.window().close()

    window.open_settings()
    dialog = window.findChild(SettingsDialog)
    await until(lambda: dialog.password_edit.placeholderText() == "", what="the settings' keychain read")
    for page in range(dialog.pages.count()):
        dialog.pages.setCurrentIndex(page)
        await settle(0.3)
        save(dialog, f"settings-{page + 1}")
    dialog.reject()
    await settle(0.2)
    QApplication.processEvents()
    return saved


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Save PNGs of every tab and the settings dialog.")
    parser.add_argument("folder", nargs="?", default="screenshots", help="where the PNGs go (default ./screenshots)")
    parser.add_argument("--lang", choices=["zh_CN", "en"], default="zh_CN", help="language of the window")
    parser.add_argument("--size", default="1100x720", help="window size, WIDTHxHEIGHT (default 1100x720)")
    parser.add_argument("--scenes", action="store_true", help="fill the SMS and MMS tabs as the user guide shows them")
    parser.add_argument("--guide", action="store_true",
                        help=f"the user guide's pictures: both languages at {GUIDE_SIZE} with --scenes, into docs/guide/img")
    args = parser.parse_args(argv)
    if args.guide:
        return guide_pictures()
    width, height = (int(v) for v in args.size.lower().split("x"))
    folder = Path(args.folder).resolve()
    folder.mkdir(parents=True, exist_ok=True)

    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    os.environ.setdefault("QT_API", "pyside6")
    os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    for name in ("JIANMI_UID", "JIANMI_PASSWORD", "JIANMI_APIKEY", "JIANMI_SDK_URL", "JIANMI_CLIENTAPI_URL",
                 "JIANMI_INTL_URL"):
        os.environ.pop(name, None)

    with tempfile.TemporaryDirectory(prefix="jianmi-screenshots-") as data:
        os.environ["JIANMI_DATA_DIR"] = data
        import qasync
        from PySide6.QtWidgets import QApplication

        from jianmi_desktop.gui.controller import Controller
        from jianmi_desktop.gui.i18n import install_translators
        from jianmi_desktop.gui.main_window import MainWindow
        from jianmi_desktop.settings import Settings

        app = QApplication.instance() or QApplication([sys.argv[0]])
        app.setApplicationName("jianmi-desktop")
        install_translators(app, args.lang)
        from jianmi_desktop.gui.style import apply_style

        apply_style(app)   # as the program looks (gui/app.py)
        settings = Settings(language=args.lang)
        controller = Controller(Path(data), settings)
        controller.runtime.sandbox_options = {"report_delay": (0.2, 1.5)}
        window = MainWindow(controller)
        window.resize(width, height)
        window.show()

        async def go() -> list[Path]:
            try:
                return await shoot(window, controller, folder, args.lang, scenes=args.scenes)
            finally:
                await controller.stop()
                window.close()

        saved = qasync.run(go())
    for path in saved:
        print(path)
    return 0


def guide_pictures() -> int:
    """Every picture of docs/guide/img/ again: one child process a language (one QApplication each)."""
    import subprocess

    GUIDE_IMG.mkdir(parents=True, exist_ok=True)
    for old in GUIDE_IMG.glob("*.png"):
        old.unlink()
    for lang in ("zh_CN", "en"):
        proc = subprocess.run([sys.executable, __file__, str(GUIDE_IMG), "--lang", lang, "--size", GUIDE_SIZE,
                               "--scenes"])
        if proc.returncode != 0:
            print(f"screenshots for {lang} failed (exit {proc.returncode})", file=sys.stderr)
            return proc.returncode
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
