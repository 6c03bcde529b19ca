"""Pictures of the real window on the embedded sandbox: every tab and every page of the settings dialog.

    python packaging/screenshots.py [FOLDER] [--lang zh_CN|en]

FOLDER defaults to ./screenshots. The window opens offscreen (``QT_QPA_PLATFORM=offscreen``)
on its own temporary data folder with the built-in sandbox; a small SMS campaign is sent
through the client so the History tab has something to show, the script waits for the
balance and some delivery reports, calls ``getnum`` once in the API console, then saves
``<lang>-<n>-<tab's objectName>.png`` for each tab (``window.grab()``) and ``<lang>-settings-<n>.png`` for
each page of the settings dialog. Nothing touches a real account or the real keychain
(``PYTHON_KEYRING_BACKEND`` is the null backend unless set), and only loopback is used.

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
    from jianmi_desktop.campaign.service import plan_sms

    plan = plan_sms(TEXT, NUMBERS)
    if not plan.ok:
        raise SystemExit(f"the sample campaign does not pass the checks: {plan.problems}")
    service = controller.runtime.sending
    cid = await service.create(sms_draft(plan.text, plan.report.valid, stats=plan.stats()))
    result = await service.send(cid)
    print(f"  campaign #{cid}: {result.submitted} submitted, {result.failed} failed, {result.uncertain} uncertain")
    return cid


async def shoot(window, controller, folder: Path, lang: str) -> list[Path]:
    from PySide6.QtWidgets import QApplication

    from jianmi_desktop.gui.settings_dialog import SettingsDialog

    saved: list[Path] = []

    def save(widget, name: str) -> None:
        path = folder / f"{lang}-{name}.png"
        if not widget.grab().save(str(path)):
            raise SystemExit(f"could not write {path}")
        saved.append(path)

    await controller.start()
    tabs = {type(tab).__name__: tab for tab in window.tab_widgets}
    balance_tab, history_tab, console = tabs["BalanceTab"], tabs["HistoryTab"], tabs.get("ConsoleTab")
    await until(lambda: balance_tab.balance is not None, what="the balance")
    await send_campaign(controller)

    def delivered() -> int:
        rows = history_tab.campaigns.rows
        return rows[0]["summary"]["delivered"] if rows else 0

    window.tabs.setCurrentWidget(history_tab)  # its counts follow the reports while shown
    await until(lambda: delivered() >= len(NUMBERS) // 2, timeout=30, what="delivery reports")
    balance_tab.refresh()  # a second reading: the chart gets a line
    await until(lambda: not balance_tab.busy, what="the second balance reading")
    if console is not None:
        console.select("getnum")
        console.call()
        await until(lambda: console.history, what="the console's getnum call")

    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        tab = window.tabs.currentWidget()
        await settle(1.2 if tab is history_tab else 0.6)
        save(window, f"{index + 1}-{tab.objectName() or type(tab).__name__}")

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
    args = parser.parse_args(argv)
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
        from PySide6.QtWidgets import QApplication

        import qasync

        from jianmi_desktop.gui.controller import Controller
        from jianmi_desktop.gui.i18n import install_translators
        from jianmi_desktop.gui.main_window import MainWindow
        from jianmi_desktop.settings import Settings

        app = QApplication.instance() or QApplication([sys.argv[0]])
        app.setApplicationName("jianmi-desktop")
        install_translators(app, args.lang)
        settings = Settings(language=args.lang)
        controller = Controller(Path(data), settings)
        controller.runtime.sandbox_options = {"report_delay": (0.2, 1.5)}
        window = MainWindow(controller)
        window.resize(width, height)
        window.show()

        async def go() -> list[Path]:
            try:
                return await shoot(window, controller, folder, args.lang)
            finally:
                await controller.stop()
                window.close()

        saved = qasync.run(go())
    for path in saved:
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
