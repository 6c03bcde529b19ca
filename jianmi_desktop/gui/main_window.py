"""The main window: only assembles the tabs, the sandbox banner, menus and the status bar."""

from __future__ import annotations

import importlib
from typing import Any

from PySide6 import QtCore
from PySide6.QtCore import QT_TRANSLATE_NOOP, QByteArray, QCoreApplication, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from jianmi_desktop import __version__
from jianmi_desktop.gui.app_icon import app_icon
from jianmi_desktop.gui.base_tab import BaseTab
from jianmi_desktop.gui.i18n import plain_message
from jianmi_desktop.gui.widgets.icons import icon, with_icon
from jianmi_desktop.gui.widgets.messages import show_error, show_message

#: (module, class[, title]) of each tab, in order; later issues add voice and MMS here. The title is
#: the text the tab's own ``title()`` translates, in the tab's context: with it the window can show
#: the tab before importing its module (``defer_tabs``); a tab without one is always built at once.
TABS = [
    ("jianmi_desktop.gui.sms.tab", "SmsTab", QT_TRANSLATE_NOOP("SmsTab", "短信")),
    ("jianmi_desktop.gui.voice.tab", "VoiceTab", QT_TRANSLATE_NOOP("VoiceTab", "语音")),
    ("jianmi_desktop.gui.mms.tab", "MmsTab", QT_TRANSLATE_NOOP("MmsTab", "彩信")),
    ("jianmi_desktop.gui.account.balance_tab", "BalanceTab", QT_TRANSLATE_NOOP("BalanceTab", "余额")),
    ("jianmi_desktop.gui.account.password_tab", "PasswordTab", QT_TRANSLATE_NOOP("PasswordTab", "修改密码")),
    ("jianmi_desktop.gui.history.tab", "HistoryTab", QT_TRANSLATE_NOOP("HistoryTab", "发送记录")),
    ("jianmi_desktop.gui.inbox.tab", "InboxTab", QT_TRANSLATE_NOOP("InboxTab", "收件箱")),
]
# each tab's icon (resources/icons/<name>.svg), by the tab's class
TAB_ICONS = {"SmsTab": "message", "VoiceTab": "phone-call", "MmsTab": "photo", "BalanceTab": "wallet",
             "PasswordTab": "lock", "HistoryTab": "history", "InboxTab": "inbox"}


class SandboxBanner(QFrame):
    enter_account = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sandboxBanner")
        self.setStyleSheet("#sandboxBanner { background: #fff4ce; border-bottom: 1px solid #e0c060; }"
                           "#sandboxBanner QLabel { color: #5c4400; }")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        self.label = QLabel(self.tr("沙箱模式 — 不会发送真实的短信、语音和彩信，一切都在本机模拟。"))
        self.label.setWordWrap(True)
        self.button = with_icon(QPushButton(self.tr("填写真实账号(&A)…")), "user")
        self.button.setToolTip(self.tr("填写茧米平台的账号、密码和接口密钥，然后切换到正式模式"))
        self.button.clicked.connect(self.enter_account)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button)


class MainWindow(QMainWindow):
    closed = Signal()

    def __init__(self, controller=None, parent: QWidget | None = None, *, settings=None,
                 defer_tabs: bool = False) -> None:
        """The window in two steps, so the program can paint it before the services' code loads:

        - the frame (title, menus, the tabs' titles and icons over empty pages, the status bar),
          from ``settings`` alone;
        - ``attach(controller)``: the tabs themselves, the menus' and the status bar's links to
          the services. Given a ``controller`` here, both happen at once.

        ``defer_tabs``: ``attach`` builds only the current tab, the others in ``build_tabs()`` (the
        program calls it right after, so start-up does not wait for every tab's imports)."""
        super().__init__(parent)
        self.controller: Any = None   # the Controller, from attach() on
        self.settings = settings if settings is not None else controller.settings
        self.setWindowTitle(self.tr("茧米桌面"))
        self.setWindowIcon(app_icon())
        self.setObjectName("mainWindow")
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.banner = SandboxBanner(central)
        self.banner.enter_account.connect(self._linked(self.open_settings))
        layout.addWidget(self.banner)
        self.tabs = QTabWidget(central)
        self.tabs.setDocumentMode(True)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)
        self.tab_widgets: list[QWidget] = []  # the tabs built so far, in order
        self._console = None  # the API console (工具 → 接口调试台), once opened
        self._deferred: list[int] = []  # indexes of tabs still showing an empty page
        self.was_closed = False
        for entry in TABS:
            # str(): the stubs type QT_TRANSLATE_NOOP as object; it returns the text
            self.tabs.addTab(QWidget(self.tabs), icon(TAB_ICONS[entry[1]]),
                             QCoreApplication.translate(entry[1], str(entry[2])))
        self.mode_label = QLabel(self.tr("正在启动…"))
        self.statusBar().addPermanentWidget(self.mode_label)
        self._build_menus()
        self._restore()
        if controller is not None:
            self.attach(controller, defer_tabs=defer_tabs)

    def attach(self, controller, *, defer_tabs: bool = False) -> None:
        """Link the frame to the services: build the tabs (only the current one with
        ``defer_tabs``), the relay light, the status line, the guard on closing during a send."""
        self.controller = controller
        current = self.tabs.currentIndex()
        self._deferred = [i for i in range(len(TABS)) if i != current]
        self._build([current] if defer_tabs else list(range(len(TABS))))
        self.tabs.currentChanged.connect(self._build_when_shown)
        from jianmi_desktop.gui.widgets.relay_light import RelayLight

        self.relay_light = RelayLight(self)   # hidden unless a relay is set
        self.statusBar().addPermanentWidget(self.relay_light)
        self.relay_light.show_state(controller.relay.state)
        controller.relay.changed.connect(self.relay_light.show_state)
        controller.status_changed.connect(self.show_status)
        controller.error.connect(self.show_error)
        self._set_shortcuts()
        from jianmi_desktop.gui.widgets.close_guard import CloseGuard

        self.guard = CloseGuard(self, controller.sending, self)  # closing while a send runs or waits asks first

    def _make_tab(self, index: int) -> BaseTab:
        module_name, class_name = TABS[index][:2]
        from jianmi_desktop.gui.widgets.accessible import name_widgets

        cls = getattr(importlib.import_module(module_name), class_name)
        tab = cls(self.controller, self.tabs)
        name_widgets(tab)
        if self.controller.started_status is not None:   # built after the services started: now, as they are
            tab.on_started(self.controller.status)
        return tab

    def build_tabs(self) -> None:
        """Build the tabs ``defer_tabs`` left as empty pages; a tab built after the services
        started is told so as it is built."""
        self._build(list(self._deferred))

    def _build_when_shown(self, index: int) -> None:
        """A tab chosen while still an empty page is built at once (right after this signal)."""
        if index in self._deferred:
            from PySide6.QtCore import QTimer

            QTimer.singleShot(0, self, lambda: self._build([index]) if index in self._deferred else None)

    def tab_of(self, class_name: str) -> QWidget | None:
        """The built tab of that class, or None."""
        return next((t for t in self.tab_widgets if type(t).__name__ == class_name), None)

    def build_tab(self, class_name: str) -> None:
        """Build the tab of that class now, if it is still an empty page."""
        self._build([i for i in self._deferred if TABS[i][1] == class_name])

    @property
    def deferred_tabs(self) -> list[str]:
        """The classes of the tabs still showing an empty page, in order."""
        return [TABS[i][1] for i in self._deferred]

    def _build(self, indexes: list[int]) -> None:
        """Put the built tabs at ``indexes`` in place of their empty pages, the current tab kept."""
        self._deferred = [i for i in self._deferred if i not in indexes]
        current = self.tabs.currentIndex()
        self.tabs.blockSignals(True)
        try:
            for index in indexes:
                tab = self._make_tab(index)
                page = self.tabs.widget(index)
                self.tabs.removeTab(index)
                self.tabs.insertTab(index, tab, icon(TAB_ICONS[TABS[index][1]]), tab.title())
                if page is not None:
                    page.deleteLater()
            self.tabs.setCurrentIndex(current)
        finally:
            self.tabs.blockSignals(False)
        self.tab_widgets = [w for i in range(self.tabs.count())
                            if i not in self._deferred and (w := self.tabs.widget(i)) is not None]

    # --- menus ----------------------------------------------------------------------------
    def _build_menus(self) -> None:
        """The menus; their shortcuts come with ``attach`` (``_set_shortcuts``): setting one loads
        Qt's ``Qt`` namespace, which the first paint goes without, and none works before then."""
        self._menu_actions: dict[str, QAction] = {}

        picture = icon   # the function: in action(), ``icon`` is the picture's name

        def action(menu, name: str, text: str, slot, *, icon: str) -> QAction:
            made = QAction(picture(icon, on="menu"), text, self)
            made.setObjectName(name)
            made.triggered.connect(slot)
            menu.addAction(made)
            self._menu_actions[name] = made
            return made

        file_menu = self.menuBar().addMenu(self.tr("文件(&F)"))
        action(file_menu, "settingsAction", self.tr("设置(&S)…"), self._linked(self.open_settings), icon="settings")
        file_menu.addSeparator()
        action(file_menu, "quitAction", self.tr("退出(&Q)"), self.close, icon="logout")
        tools_menu = self.menuBar().addMenu(self.tr("工具(&T)"))
        console = action(tools_menu, "consoleAction", self.tr("接口调试台(&D)…"), self._linked(self.open_console), icon="terminal-2")
        console.setToolTip(self.tr("直接调用平台的接口（给技术人员排查问题用）"))
        help_menu = self.menuBar().addMenu(self.tr("帮助(&H)"))
        action(help_menu, "guideAction", self.tr("使用说明(&G)"), self.open_guide, icon="book")
        action(help_menu, "welcomeAction", self.tr("欢迎页(&W)"), self.show_welcome, icon="home")
        action(help_menu, "logsAction", self.tr("打开日志文件夹(&L)"), self._linked(self.open_log_folder), icon="folder")
        action(help_menu, "aboutAction", self.tr("关于茧米桌面(&A)"), self._linked(self.show_about), icon="info-circle")

    def _linked(self, slot):
        """``slot`` for what needs the services: a click on the frame before ``attach`` (a split
        second of the start) does nothing."""
        return lambda *_: None if self.controller is None else slot()

    def _set_shortcuts(self) -> None:
        keys = QKeySequence.StandardKey
        shortcuts = {"settingsAction": QKeySequence(keys.Preferences), "quitAction": QKeySequence(keys.Quit),
                     "consoleAction": QKeySequence("Ctrl+Shift+D"), "guideAction": QKeySequence(keys.HelpContents)}
        for name, key in shortcuts.items():
            self._menu_actions[name].setShortcut(key)
        for index in range(min(self.tabs.count(), 9)):
            switch = QAction(self)
            switch.setShortcut(QKeySequence(f"Ctrl+{index + 1}"))
            switch.triggered.connect(lambda _=False, i=index: self.tabs.setCurrentIndex(i))
            self.addAction(switch)

    def open_console(self):
        """The API console in a window of its own (工具 → 接口调试台): a tool for technical staff,
        not a main tab. One window, made when first asked for."""
        import shiboken6

        if self._console is None or not shiboken6.isValid(self._console):
            from jianmi_desktop.gui.console.tab import ConsoleTab
            from jianmi_desktop.gui.widgets.accessible import name_widgets

            window = QMainWindow(self)
            window.setObjectName("consoleWindow")
            window.setWindowTitle(self.tr("接口调试台 — 茧米桌面"))
            tab = ConsoleTab(self.controller, window)
            window.setCentralWidget(tab)
            name_widgets(tab)
            window.resize(960, 640)
            if self.controller.status is not None:
                tab.on_started(self.controller.status)
            self._console = tab
        window = self._console.window()
        window.show()
        window.raise_()
        window.activateWindow()
        return self._console

    def show_welcome(self) -> None:
        from jianmi_desktop.gui.welcome import show_welcome

        show_welcome(self)

    def open_settings(self) -> None:
        from jianmi_desktop.gui.settings.dialog import SettingsDialog

        dialog = SettingsDialog(self.controller, self)
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def open_guide(self) -> None:
        """The user guide (HTML shipped with the program) in the browser, in the window's language."""
        from jianmi_desktop.gui.i18n import english
        from jianmi_desktop.resources import guide_path

        path = guide_path("en" if english() else "zh_CN")
        if not path.is_file():
            show_error(self, self.tr("找不到使用说明文件：{path}。请重新安装程序。").format(path=path))
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def open_log_folder(self) -> None:
        folder = self.controller.folder / "logs"
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def show_about(self) -> None:
        show_message(self, self.tr("关于茧米桌面"),
                     self.tr("茧米桌面 {version}\n茧米云通讯平台的桌面程序：短信、语音、彩信。\n数据文件夹：{folder}")
                     .format(version=__version__, folder=self.controller.folder))

    def show_error(self, text: str) -> None:
        show_error(self, text)

    # --- status ----------------------------------------------------------------------------
    def show_status(self, status) -> None:
        sandbox = status.mode == "sandbox"
        self.banner.setVisible(sandbox)
        if sandbox:
            self.mode_label.setText(self.tr("沙箱模式（本机模拟）"))
        else:
            self.mode_label.setText(self.tr("正式模式：{url}").format(url=status.sdk_url))
        if getattr(status, "status_url_error", None):
            error = plain_message(status.status_url_error)
            self.statusBar().showMessage(self.tr("没能把状态回调地址告诉平台（{error}），语音和彩信的状态可能收不到。"
                                                 "程序下次启动时会再试。").format(error=error))

    # --- geometry, last tab -------------------------------------------------------------
    def _restore(self) -> None:
        ui = self.settings.ui
        geometry = ui.geometries.get(self._geometry_key()) or (ui.geometry if not ui.geometries else "")
        if geometry:
            self.restoreGeometry(QByteArray.fromBase64(geometry.encode("ascii")))
        else:
            self.resize(1100, 720)
        self.fit_screen()
        self.tabs.setCurrentIndex(ui.last_tab % max(1, self.tabs.count()))

    def _geometry_key(self) -> str:
        """The size and place are remembered per screen (a laptop alone, or at its desk's monitor)."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        size = screen.availableGeometry().size() if screen is not None else None
        return f"geometry:{screen.name() if screen else ''}:{size.width()}x{size.height()}" if size else "geometry"

    def fit_screen(self) -> None:
        """Inside the screen's free area (a 1366×768 laptop has 1366×728 of it), never smaller than
        the window can be."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            return
        room = screen.availableGeometry()
        frame = self.frameGeometry().size() - self.geometry().size()   # title bar and borders
        width = max(self.minimumSizeHint().width(), min(self.width(), room.width() - frame.width()))
        height = max(self.minimumSizeHint().height(), min(self.height(), room.height() - frame.height()))
        if (width, height) != (self.width(), self.height()):
            self.resize(width, height)
        place = self.frameGeometry()
        if not room.contains(place):
            place.moveLeft(max(room.left(), min(place.left(), room.right() - place.width())))
            place.moveTop(max(room.top(), min(place.top(), room.bottom() - place.height())))
            self.move(place.topLeft())

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        ui = self.settings.ui
        ui.geometries[self._geometry_key()] = bytes(self.saveGeometry().toBase64().data()).decode("ascii")
        ui.last_tab = self.tabs.currentIndex()
        if self.controller is not None:
            try:
                self.controller.save_settings()
            except OSError:
                pass
        super().closeEvent(event)
        self.was_closed = True
        self.closed.emit()
