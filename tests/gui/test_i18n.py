"""The English translation: complete, compiled, and followed by the window and the error messages."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QWidget

from jianmi_desktop.gui import i18n
from jianmi_desktop.gui.i18n import I18N_DIR, install_translators

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

ROOT = Path(__file__).resolve().parents[2]
TS = I18N_DIR / "jianmi_en.ts"
QM = I18N_DIR / "jianmi_en.qm"
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
MNEMONIC = re.compile(r"&(?!&)(\w)")
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+")
#: the English title of each tab, by its class
ENGLISH_TITLES = {"SmsTab": "SMS", "BalanceTab": "Balance", "PasswordTab": "Password", "HistoryTab": "History",
                  "InboxTab": "Inbox"}
CHINESE_TITLES = {"SmsTab": "短信", "BalanceTab": "余额", "PasswordTab": "修改密码", "HistoryTab": "发送记录",
                  "InboxTab": "收件箱"}


PLURAL = "\x1f"  # between the forms of a plural entry


def entries(path: Path) -> dict[tuple[str, str], tuple[str | None, str]]:
    """(context, source) → (type of the translation, its text), live entries only."""
    found = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            kind = None if translation is None else translation.get("type")
            if kind in ("vanished", "obsolete"):
                continue
            text = "" if translation is None else (translation.text or "")
            forms = [] if translation is None else translation.findall("numerusform")
            if forms:   # plural forms (%n): each must be there; kept as "one|other"
                text = PLURAL.join(f.text or "" for f in forms) if all(f.text for f in forms) else ""
            found[(name, message.findtext("source", ""))] = (kind if translation is not None else "unfinished", text)
    return found


def lupdate() -> str:
    for candidate in (Path(sys.executable).parent / "pyside6-lupdate", shutil.which("pyside6-lupdate")):
        if candidate and Path(candidate).exists():
            return str(candidate)
    pytest.skip("pyside6-lupdate is not installed")


# --- the files --------------------------------------------------------------------------------
def test_every_entry_of_the_ts_file_is_translated():
    left = [key for key, (kind, text) in entries(TS).items() if kind == "unfinished" or not text.strip()]
    assert not left, f"{len(left)} unfinished (run packaging/update_translations.py and translate): {left[:10]}"


def test_every_translatable_text_in_the_gui_has_an_entry(tmp_path):
    """lupdate over gui/ now, into an empty file: each text it finds must be in the committed .ts."""
    fresh = tmp_path / "fresh.ts"
    files = sorted(str(p) for p in (ROOT / "jianmi_desktop" / "gui").rglob("*.py") if "__pycache__" not in p.parts)
    subprocess.run([lupdate(), *files, "-ts", str(fresh), "-source-language", "zh_CN", "-target-language", "en",
                    "-locations", "none", "-silent"], check=True, capture_output=True)
    missing = sorted(set(entries(fresh)) - set(entries(TS)))
    assert len(entries(fresh)) > 300
    assert not missing, f"{len(missing)} texts have no entry (run packaging/update_translations.py): {missing[:10]}"


def test_translations_keep_placeholders_and_mnemonics():
    for (context, source), (_kind, text) in entries(TS).items():
        if not text:
            continue  # unfinished: the test above says so
        for form in text.split(PLURAL):   # each plural form on its own
            assert sorted(PLACEHOLDER.findall(form)) == sorted(PLACEHOLDER.findall(source)), (context, source, form)
            assert len(MNEMONIC.findall(form)) == len(MNEMONIC.findall(source)), (context, source, form)
            assert re.findall(r"%L?n", form) == re.findall(r"%L?n", source), (context, source, form)  # the count
            # Chinese is left only where it is copied on purpose (opt-out words, an example signature)
            for run in CJK.findall(form):
                assert run in source, (context, source, form)


def test_the_qm_file_is_compiled_from_the_ts_file(qapp):
    translator = QTranslator()
    assert translator.load(str(QM))

    def compiled(context: str, source: str, text: str) -> str:
        if PLURAL in text:   # one form for 1, the other for many
            return PLURAL.join(translator.translate(context, source, "", n) for n in (1, 2))
        return translator.translate(context, source)

    stale = [(context, source) for (context, source), (_kind, text) in entries(TS).items()
             if compiled(context, source, text) != text]
    assert not stale, f"jianmi_en.qm is older than jianmi_en.ts (run packaging/update_translations.py): {stale[:5]}"


def test_mnemonics_do_not_collide_within_a_menu_or_dialog():
    ts = entries(TS)

    def letter(context: str, source: str) -> str:
        return MNEMONIC.search(ts[(context, source)][1]).group(1).lower()

    groups = [
        ("MainWindow", ["文件(&F)", "帮助(&H)"]),  # the menu bar
        ("MainWindow", ["设置(&S)…", "退出(&Q)"]),  # File
        ("MainWindow", ["打开日志文件夹(&L)", "关于茧米桌面(&A)"]),  # Help
        ("SettingsDialog", ["沙箱模式(&X)：在本机模拟，不发送真实消息", "正式模式(&P)：使用真实账号发送", "账号(&U)：",
                            "密码(&W)：", "接口密钥(&K)：", "彩信接口账号(&L)：", "显示密码和密钥(&H)", "测试连接(&T)",
                            "短信接口(&S)：", "彩信接口(&C)：", "国际短信接口(&I)：", "恢复默认(&D)", "每秒请求数(&R)：",
                            "每批号码数(&B)：", "同时进行的请求(&F)：", "默认签名(&G)：", "余额提醒线(&Y)：",
                            "接收端口(&O)：", "监听地址(&A)：", "公网回调地址(&E)：", "界面语言(&N)："]),
        ("PasswordTab", ["旧密码(&O)：", "新密码(&N)：", "确认新密码(&C)：", "显示密码(&S)", "修改密码(&M)"]),
        ("ConsoleTab", ["接口(&E)：", "命令(&C)：", "原样发送(&W)", "复制为 curl(&Y)", "调用接口(&R)",
                        "本次调用记录(&H)：", "选择文件(&F)…"]),
    ]
    window_level = ({letter("MainWindow", s) for s in ("文件(&F)", "工具(&T)", "帮助(&H)")}
                    | {letter("SandboxBanner", "填写真实账号(&A)…")})
    for context, sources in groups:
        letters = [letter(context, s) for s in sources]
        assert len(set(letters)) == len(letters), (context, letters)
        if context == "PasswordTab":  # a tab shares the window with the menu bar and banner (the console has its own)
            assert not set(letters) & window_level, (context, letters, window_level)


# --- the window in each language -------------------------------------------------------------
@pytest.fixture
def language(qapp):
    """Install a language for one test; afterwards the translators go and QLocale's default comes back."""
    saved = QLocale()

    def install(name: str) -> str:
        return install_translators(QApplication.instance(), name)

    yield install
    for translator in i18n._installed:
        qapp.removeTranslator(translator)
    i18n._installed.clear()
    QLocale.setDefault(saved)


@pytest.fixture
def bare_window(controller, qtbot):
    """The main window made after the translators are installed (services not started)."""
    made = []

    def make():
        from jianmi_desktop.gui.main_window import MainWindow

        window = MainWindow(controller)
        qtbot.addWidget(window)
        made.append(window)
        return window

    return make


def texts(window) -> dict:
    bar = window.menuBar()
    return {
        "tabs": {type(window.tabs.widget(i)).__name__: window.tabs.tabText(i) for i in range(window.tabs.count())},
        "menus": [a.text() for a in bar.actions()],
        "file": [a.text() for a in bar.actions()[0].menu().actions() if a.text()],
        "banner": window.banner.label.text(),
        "button": window.banner.button.text(),
        "title": window.windowTitle(),
    }


def test_english_window(language, bare_window):
    assert language("en") == "en"
    assert QLocale().name() == "en_US"
    shown = texts(bare_window())
    assert {"BalanceTab", "PasswordTab", "HistoryTab"} <= set(shown["tabs"]) and "ConsoleTab" not in shown["tabs"]
    for cls, title in shown["tabs"].items():
        assert title == ENGLISH_TITLES.get(cls, title) and not CJK.search(title), (cls, title)
    assert shown["menus"] == ["&File", "&Tools", "&Help"]
    assert shown["file"] == ["&Settings…", "&Quit"]
    assert shown["banner"].startswith("Sandbox mode — no real SMS")
    assert shown["button"] == "Enter a real &account…"
    assert shown["title"] == "Jianmi Desktop"


def test_chinese_window(language, bare_window):
    assert language("zh_CN") == "zh_CN"
    assert QLocale().name() == "zh_CN"
    shown = texts(bare_window())
    assert {"BalanceTab", "PasswordTab", "HistoryTab"} <= set(shown["tabs"]) and "ConsoleTab" not in shown["tabs"]
    for cls, title in shown["tabs"].items():
        assert title == CHINESE_TITLES.get(cls, title) and CJK.search(title), (cls, title)
    assert shown["menus"] == ["文件(&F)", "工具(&T)", "帮助(&H)"]
    assert shown["banner"].startswith("沙箱模式")
    assert shown["title"] == "茧米桌面"


def test_formatted_texts_follow_the_language(language, bare_window):
    from jianmi_desktop.runtime import Status

    language("en")
    window = bare_window()
    window.show_status(Status("production", "http://127.0.0.1:9/sdk/SMS", None, None))
    assert window.mode_label.text() == "Production mode: http://127.0.0.1:9/sdk/SMS"
    tabs = {type(tab).__name__: tab for tab in window.tab_widgets}
    balance = tabs["BalanceTab"]
    balance._failed(balance._generation, "no route")
    assert balance.error_label.text() == "Could not read the balance: no route"
    password = tabs["PasswordTab"]
    assert password.strength_text("abc")[1] == "Too short: at least 6 characters (now 3)."
    console = window.open_console()
    assert console.command_box.currentText() == "getnum — Read balance"
    assert console.window().windowTitle() == "API Console — Jianmi Desktop"


@pytest.mark.parametrize("name", ["en", "zh_CN"])
def test_plain_message_follows_the_language(language, name):
    from jianmi_desktop.gui.controller import plain_message
    from jianmi_desktop.platform.errors import PlatformRefusal

    language(name)
    refusal = PlatformRefusal(102)
    text = plain_message(refusal)
    assert text == refusal.message("en" if name == "en" else "zh")
    assert text == (refusal.en if name == "en" else refusal.zh) and refusal.en != refusal.zh
    system = plain_message(FileNotFoundError(2, "No such file or directory"))
    assert system.startswith("System error: " if name == "en" else "系统错误：")


def test_deferred_tabs_get_the_same_titles_and_are_built_later(language, controller, qtbot):
    """The program shows the current tab first and builds the others after the first paint."""
    from jianmi_desktop.gui.main_window import TABS, MainWindow

    language("en")
    controller.settings.ui.last_tab = 3
    window = MainWindow(controller, defer_tabs=True)
    qtbot.addWidget(window)
    current = window.tabs.currentWidget()
    assert window.tabs.currentIndex() == 3 and current in window.tab_widgets
    placeholder_titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert len(window.tab_widgets) < len(TABS)
    window.build_tabs()
    assert [type(t).__name__ for t in window.tab_widgets] == [entry[1] for entry in TABS]
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == placeholder_titles
    assert window.tab_widgets == [window.tabs.widget(i) for i in range(window.tabs.count())]
    assert window.tabs.currentIndex() == 3 and window.tabs.currentWidget() is current


@pytest.mark.parametrize("name", ["en", "zh_CN"])
def test_findings_of_the_checks_follow_the_language(language, bare_window, name):
    """The SMS tab's reason, its findings list and the MMS tab's reason speak the window's language."""
    language(name)
    window = bare_window()
    tabs = {type(tab).__name__: tab for tab in window.tab_widgets}
    sms = tabs["SmsTab"]
    composer = sms.composer
    composer.signature_edit.setText("【茧米】")
    composer.text_edit.setPlainText("您好😀，会员日八折。拒收请回复R")
    composer.run_checks()
    gbk = next(f for f in composer.findings if f.code == "gbk")
    assert gbk.en != gbk.zh
    shown = [composer.findings_list.item(i).text() for i in range(composer.findings_list.count())]
    wanted = gbk.en if name == "en" else gbk.zh
    assert any(t.endswith(wanted) for t in shown), shown
    assert sms.why_not().startswith(wanted)
    if name == "en":
        assert not CJK.search(shown[0].replace(wanted, "").replace("😀", "")), shown[0]


@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_every_control_has_an_accessible_name(language, bare_window, lang):
    """A screen reader can name every control a user can reach, in both languages."""
    from jianmi_desktop.gui.widgets.accessible import effective_name, needs_name

    language(lang)
    window = bare_window()
    window.show()
    nameless = []
    for i in range(window.tabs.count()):
        window.tabs.setCurrentIndex(i)
        QApplication.processEvents()
        tab = window.tabs.widget(i)
        for widget in tab.findChildren(QWidget):
            if widget.isVisibleTo(window) and needs_name(widget):
                nameless.append((type(tab).__name__, type(widget).__name__, widget.objectName()))
    assert not nameless, nameless
    # and the names are words of the window's language, not object names
    sms = next(t for t in window.tab_widgets if type(t).__name__ == "SmsTab")
    name = effective_name(sms.panel.paste_edit)
    assert name and (("粘贴" in name) if lang == "zh_CN" else ("Paste" in name or "paste" in name)), name


@pytest.mark.parametrize("name", ["en", "zh_CN"])
def test_the_history_questions_count_in_the_language(language, name):
    """发送记录's send and resend questions: one number is singular in English, numbers are grouped."""
    from jianmi_desktop.gui.history.sending import CountWords

    language(name)
    words = CountWords()
    if name == "en":
        assert words.pending("SMS #3", 1) == "Send SMS #3: 1 number has not gone out yet."
        assert words.pending("SMS #3", 1200) == "Send SMS #3: 1,200 numbers have not gone out yet."
        assert words.units(1) == "Billing: about 1 message in all."
        assert words.uncertain("SMS #3", 1).startswith("SMS #3 has 1 uncertain number:")
        assert words.also_pending(2).startswith("2 numbers of this campaign have")
        assert words.resend_question(1) == "Resend to the uncertain number (1)?"
        assert words.resent(1) == "Resend finished: 1 number submitted"
    else:
        assert words.pending("短信 #3", 1200) == "发送短信 #3：1,200 个号码还没有发出。"
        assert words.resend_question(5) == "确定要把这 5 个号码重新发送一次吗？"
        assert words.resent(3) == "重新发送完成：已提交 3 个号码"


def test_the_mms_summary_counts_frames_in_english(language, bare_window):
    language("en")
    window = bare_window()
    mms = next(t for t in window.tab_widgets if type(t).__name__ == "MmsTab")
    while mms.message.frames:   # a draft kept from before may have some
        mms.message.frames.pop()
    mms.add_frame()
    assert len(mms.message.frames) == 1 and " · 1 frame · about " in mms.summary_label.text()
    mms.add_frame()
    assert " · 2 frames · about " in mms.summary_label.text()
