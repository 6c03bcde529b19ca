"""Every file the program keeps in its data folder, named in this one place.

The folder itself is ``settings.data_dir()`` (``JIANMI_DATA_DIR`` or the platform's user data
folder); the window, the command line and the tests find each file through ``DataPaths``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DB_FILE = "jianmi.db"  # the store (SQLite, WAL)
SETTINGS_FILE = "settings.json"  # the saved settings (never a secret)
SANDBOX_STATE_FILE = "sandbox-state.json"  # the embedded sandbox's state between runs
LOCK_FILE = "sender.lock"  # held by the one process that sends (campaign/lock.py)
LOGS_DIR = "logs"  # rotating log files
LOG_FILE = "jianmi.log"


@dataclass(frozen=True)
class DataPaths:
    folder: Path

    @property
    def db(self) -> Path:
        return self.folder / DB_FILE

    @property
    def settings(self) -> Path:
        return self.folder / SETTINGS_FILE

    @property
    def sandbox_state(self) -> Path:
        return self.folder / SANDBOX_STATE_FILE

    @property
    def sender_lock(self) -> Path:
        return self.folder / LOCK_FILE

    @property
    def logs(self) -> Path:
        return self.folder / LOGS_DIR

    @property
    def log_file(self) -> Path:
        return self.logs / LOG_FILE


__all__ = ["DB_FILE", "LOCK_FILE", "LOGS_DIR", "LOG_FILE", "SANDBOX_STATE_FILE", "SETTINGS_FILE", "DataPaths"]
