"""Every file the program keeps in its data folder, named in this one place.

The folder itself is ``settings.data_dir()`` (``JIANMI_DATA_DIR`` or the platform's user data
folder); the window, the command line and the tests find each file through ``DataPaths``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
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
    db: Path = field(init=False)
    settings: Path = field(init=False)
    sandbox_state: Path = field(init=False)
    sender_lock: Path = field(init=False)
    logs: Path = field(init=False)
    log_file: Path = field(init=False)

    def __post_init__(self) -> None:
        logs = self.folder / LOGS_DIR
        for name, path in (("db", self.folder / DB_FILE), ("settings", self.folder / SETTINGS_FILE),
                           ("sandbox_state", self.folder / SANDBOX_STATE_FILE),
                           ("sender_lock", self.folder / LOCK_FILE), ("logs", logs), ("log_file", logs / LOG_FILE)):
            object.__setattr__(self, name, path)   # (frozen: set once, here)


__all__ = ["DB_FILE", "LOCK_FILE", "LOGS_DIR", "LOG_FILE", "SANDBOX_STATE_FILE", "SETTINGS_FILE", "DataPaths"]
