"""Each account's data in a database of its own, so the window shows only the selected one's
history, inbox, opt-outs and balance: the sandbox's tries never mix with the real account's sends.

An account is what ``campaign/accounts.py`` says campaigns belong to: ``<uid>@<platform>``, where
every sandbox on this computer is the platform ``local`` (so the window's built-in sandbox is
``demo@local``). Its data lives in ``<data>/jianmi.db`` when that file is its own or nobody's yet
— the first account to open it claims it, so a data folder from before this split stays with the
account in use when the program was updated — and otherwise in
``<data>/accounts/<uid>-<hash>/jianmi.db``.

Who owns a file is written in the file itself (the ``owner`` table, migration 7), by one
``INSERT OR IGNORE`` on the writer connection, so a window and a command line that claim the
same file at the same moment agree on who got it.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import re
import sqlite3
from pathlib import Path

from jianmi_desktop.paths import DB_FILE
from jianmi_desktop.store.db import Store

log = logging.getLogger(__name__)

ACCOUNTS_DIR = "accounts"

__all__ = ["ACCOUNTS_DIR", "open_home", "other_home", "owner_of"]


def other_home(folder: Path, key: str) -> Path:
    """The database of ``key`` when it is not ``<data>/jianmi.db``: readable by whoever looks in
    the folder (the uid), and one per key (a short hash of the whole key)."""
    uid = key.rsplit("@", 1)[0]
    name = re.sub(r"[^0-9A-Za-z_.-]", "_", uid)[:40].strip(".") or "account"
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:10]
    return folder / ACCOUNTS_DIR / f"{name}-{digest}" / DB_FILE


def owner_of(path: Path) -> str | None:
    """Who claimed the database at ``path``: None when nobody did (a new file, or one from before
    version 7). Read-only; a file that cannot be read is somebody else's problem: None."""
    if not path.exists():
        return None
    try:
        conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=10)
    except sqlite3.Error:
        return None
    try:
        row = conn.execute("SELECT account FROM owner WHERE id = 1").fetchone()
    except sqlite3.Error:
        return None          # no owner table yet
    finally:
        conn.close()
    return None if row is None else str(row[0])


def _private_folders(top: Path, folder: Path) -> None:
    """``folder`` and every folder between it and ``top`` (the data folder): this user's only."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if os.name == "nt":
        return
    for each in [folder, *folder.parents]:
        if each == top or top not in each.parents:
            break
        try:
            os.chmod(each, 0o700)
        except OSError as exc:
            log.warning("could not make %s private: %s", each, exc)


async def open_home(folder: Path, key: str | None) -> Store:
    """The store of ``key`` (see the module's text); ``None`` (no account known) opens
    ``<data>/jianmi.db`` as it is, claiming nothing."""
    main = folder / DB_FILE
    if key is None:
        return await Store.open(main)
    if await asyncio.to_thread(owner_of, main) in (None, key):
        store = await Store.open(main)
        if await store.claim(key) == key:
            return store
        await store.close()        # another process claimed it a moment ago for another account
    path = other_home(folder, key)
    await asyncio.to_thread(_private_folders, folder, path.parent)
    store = await Store.open(path)
    try:
        await store.claim(key)
    except BaseException:
        await store.close()
        raise
    return store
