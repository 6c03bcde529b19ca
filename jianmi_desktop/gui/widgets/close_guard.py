"""Closing the window while a send runs or waits: keep running in the system tray, or wait, or stop.

Installed as an event filter on the main window by the window (one guard for every kind of
campaign: it asks the sending service's adapter, ``gui/sending.py``, what is being sent).
Questions are asked with ``QMessageBox.open()`` — never ``exec()``, which would re-enter qasync.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QIcon
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu, QMessageBox, QStyle, QSystemTrayIcon

from jianmi_desktop.gui.widgets.icons import with_icon
from jianmi_desktop.states import Kind

if TYPE_CHECKING:
    from jianmi_desktop.gui.sending import SendingSignals


class CloseGuard(QObject):
    def __init__(self, window: QMainWindow, sending: SendingSignals, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.window = window
        self.sending = sending  # the SendingSignals of the controller (not ``sender``: QObject.sender())
        self.allow_close = False
        self.close_when_idle = False
        self.tray: QSystemTrayIcon | None = None
        self.box: QMessageBox | None = None
        window.installEventFilter(self)
        sending.idle.connect(self._idle)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt's name
        if obj is self.window and event.type() == QEvent.Type.Close and not self.allow_close:
            if self.sending.busy or self.sending.waiting:
                event.ignore()
                self.ask()
                return True
        return False

    def _kind(self) -> Kind:
        """The tab of the campaign being sent: SMS (domestic or international), voice (either) or MMS."""
        kind = self.sending.kind_of(self.sending.current) or Kind.SMS
        return Kind.VOICE if kind in (Kind.VOICE, Kind.VOICECALL) else Kind.MMS if kind == Kind.MMS else Kind.SMS

    def running_text(self) -> str:
        """The question while a campaign is being sent, in the words of its kind."""
        return {
            Kind.SMS: self.tr("短信正在发送。关闭窗口会停止发送（已发出的不受影响，下次打开程序可以继续）。"),
            Kind.VOICE: self.tr("语音通知正在发送。关闭窗口会停止发送（已发出的不受影响，下次打开程序可以继续）。"),
            Kind.MMS: self.tr("彩信正在发送。关闭窗口会停止发送（已发出的不受影响，下次打开程序可以继续）。"),
        }[self._kind()]

    def tray_tip(self) -> str:
        return {Kind.SMS: self.tr("茧米桌面：正在发送短信"), Kind.VOICE: self.tr("茧米桌面：正在发送语音通知"),
                Kind.MMS: self.tr("茧米桌面：正在发送彩信")}[self._kind()]

    def tray_available(self) -> bool:
        return QSystemTrayIcon.isSystemTrayAvailable()

    def ask(self) -> QMessageBox:
        if self.box is not None and self.box.isVisible():
            return self.box
        running = self.sending.busy
        text = self.running_text() if running else self.tr("有定时发送在等待：程序关闭后，到时就不会发出。")
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("正在发送"), text, QMessageBox.StandardButton.NoButton,
                          self.window)
        box.setObjectName("closeGuardBox")
        if self.tray_available():
            keep = box.addButton(self.tr("留在系统托盘里继续"), QMessageBox.ButtonRole.AcceptRole)
            keep.setToolTip(self.tr("窗口隐藏，程序在后台继续发送；点托盘图标可以再打开窗口"))
        else:
            keep = box.addButton(self.tr("发完后自动退出") if running else self.tr("不关闭"),
                                 QMessageBox.ButtonRole.AcceptRole)
        stop = box.addButton(self.tr("停止发送并退出") if running else self.tr("退出"),
                             QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(self.tr("取消"), QMessageBox.ButtonRole.RejectRole)

        def finished() -> None:
            clicked = box.clickedButton()
            if clicked is keep:
                if self.tray_available():
                    self.to_tray()
                elif running:
                    self.close_when_idle = True
                    self.window.statusBar().showMessage(self.tr("发送完成后程序会自动退出"))
            elif clicked is stop:
                self.stop_and_quit()

        box.finished.connect(finished)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.box = box
        box.open()
        return box

    # --- the tray --------------------------------------------------------------------------
    def to_tray(self) -> None:
        if self.tray is None:
            icon = self.window.windowIcon()
            if icon.isNull():
                icon = QApplication.windowIcon()
            if icon.isNull():
                icon = self.window.style().standardIcon(QStyle.StandardPixmap.SP_ComputerIcon)
            self.tray = QSystemTrayIcon(QIcon(icon), self)
            self.tray.setToolTip(self.tray_tip())
            menu = QMenu()
            show = with_icon(QAction(self.tr("打开窗口"), menu), "app-window")
            show.triggered.connect(self.show_window)
            quit_action = with_icon(QAction(self.tr("停止发送并退出"), menu), "logout")
            quit_action.triggered.connect(self.stop_and_quit)
            menu.addAction(show)
            menu.addAction(quit_action)
            self._menu = menu
            self.tray.setContextMenu(menu)
            self.tray.activated.connect(self._tray_activated)
        self.tray.show()
        self.window.hide()
        self.tray.showMessage(self.tr("茧米桌面"), self.tr("程序在后台继续发送，点这里可以打开窗口。"),
                              QSystemTrayIcon.MessageIcon.Information, 5000)

    def _tray_activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason == QSystemTrayIcon.ActivationReason.Trigger:
            self.show_window()

    def show_window(self) -> None:
        self.window.showNormal()
        self.window.raise_()
        self.window.activateWindow()
        if self.tray is not None:
            self.tray.hide()

    # --- leaving ---------------------------------------------------------------------------
    def stop_and_quit(self) -> None:
        """Pause at a batch boundary (what is in flight finishes and is recorded), then close."""
        self.close_when_idle = True
        if self.sending.busy:
            self.sending.stop()
        else:
            self._idle()

    def _idle(self) -> None:
        if self.close_when_idle and not self.sending.busy:
            if self.tray is not None:
                self.tray.hide()
            self.allow_close = True
            QTimer.singleShot(0, self.window.close)
