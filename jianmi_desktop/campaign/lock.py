"""One sender per data folder.

Only the process that holds this lock sends, so it alone may decide that a batch left in
``sending`` belongs to a process that died (and mark it ``uncertain``). The operating
system releases the lock when the holder dies, even on SIGKILL.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from types import TracebackType

from jianmi_desktop.paths import LOCK_FILE
from jianmi_desktop.platform.errors import JianmiError


class SenderBusy(JianmiError):
    pass


class SenderLock:
    """The lock file in the data folder; ``acquire`` raises ``SenderBusy`` when another holds it."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / LOCK_FILE
        self._fd: int | None = None

    def acquire(self) -> None:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            if sys.platform == "win32":
                import msvcrt

                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]  # Windows only
            else:
                import fcntl

                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise SenderBusy(
                "另一个茧米桌面程序正在发送（窗口或命令行），请等它结束后再试。",
                "Another Jianmi Desktop process is sending (window or command line); try again when it ends.",
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        try:
            if sys.platform == "win32":
                import msvcrt

                os.lseek(self._fd, 0, os.SEEK_SET)
                msvcrt.locking(self._fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]  # Windows only
            else:
                import fcntl

                fcntl.flock(self._fd, fcntl.LOCK_UN)
        finally:
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> SenderLock:
        self.acquire()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.release()
