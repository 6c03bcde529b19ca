"""Play an mp3 in the tab (QtMultimedia, imported only when the user first presses 试听).

A computer without a sound device (a server, the offscreen test platform) must not break
anything: every failure ends as a quiet line in ``status`` ("无法播放：…"), never a dialog.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from jianmi_desktop.gui.widgets.icons import with_icon

if TYPE_CHECKING:
    from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer

log = logging.getLogger(__name__)


class VoicePlayer(QWidget):
    state_changed = Signal(str)  # "playing" | "stopped" | "error"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("voicePlayer")
        self.path: Path | None = None
        self.player: QMediaPlayer | None = None  # made on first use
        self.output: QAudioOutput | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.play_button = with_icon(QPushButton(self.tr("试听"), self), "player-play")
        self.play_button.setObjectName("playButton")
        self.play_button.setToolTip(self.tr("在电脑上播放这段录音，确认内容无误"))
        self.play_button.clicked.connect(self.toggle)
        self.status = QLabel(self)
        self.status.setObjectName("playerStatus")
        self.status.setStyleSheet("color: #555;")
        layout.addWidget(self.play_button)
        layout.addWidget(self.status, 1)
        self.set_path(None)

    def set_path(self, path: Path | None) -> None:
        self.stop()
        self.path = Path(path) if path else None
        self.play_button.setEnabled(self.path is not None and self.path.exists())
        self.status.setText("" if self.path else self.tr("（选好本机的 MP3 文件后可以试听）"))

    def playing(self) -> bool:
        if self.player is None:
            return False
        from PySide6.QtMultimedia import QMediaPlayer

        return self.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState

    def toggle(self) -> None:
        if self.playing():
            self.stop()
        else:
            self.play()

    def _ensure_player(self) -> bool:
        if self.player is not None:
            return True
        try:
            from PySide6.QtMultimedia import QAudioOutput, QMediaDevices, QMediaPlayer
        except ImportError as exc:  # QtMultimedia missing from this installation
            self._failed(str(exc))
            return False
        if not QMediaDevices.audioOutputs():
            # No sound device (or no sound server): a player would only fail, and its stop() was
            # seen to block the window for minutes in that state. Say so and play nothing.
            self._failed("")
            return False
        player = self.player = QMediaPlayer(self)
        self.output = QAudioOutput(self)
        player.setAudioOutput(self.output)
        player.errorOccurred.connect(lambda _error, text: self._failed(text))
        player.playbackStateChanged.connect(self._state)
        return True

    def play(self) -> None:
        if self.path is None or not self._ensure_player():
            return
        assert self.player is not None  # _ensure_player made it
        try:
            self.player.setSource(QUrl.fromLocalFile(str(self.path)))
            self.player.play()
            self.status.setText(self.tr("正在播放“{name}”…").format(name=self.path.name))
        except Exception as exc:  # noqa: BLE001 - no sound device must never break the tab
            self._failed(str(exc))

    def stop(self) -> None:
        if self.player is not None:
            self.player.stop()

    def _state(self, state) -> None:
        from PySide6.QtMultimedia import QMediaPlayer

        if state == QMediaPlayer.PlaybackState.PlayingState:
            with_icon(self.play_button, "player-stop").setText(self.tr("停止"))
            self.state_changed.emit("playing")
        else:
            with_icon(self.play_button, "player-play").setText(self.tr("试听"))
            if not self.status.text().startswith(self.tr("无法播放")):
                self.status.setText("")
            self.state_changed.emit("stopped")

    def _failed(self, reason: str) -> None:
        log.info("voice playback failed: %s", reason)
        with_icon(self.play_button, "player-play").setText(self.tr("试听"))
        self.status.setText(self.tr("无法播放：{reason}（不影响上传和发送）").format(
            reason=reason or self.tr("这台电脑没有可用的声音设备")))
        self.state_changed.emit("error")
