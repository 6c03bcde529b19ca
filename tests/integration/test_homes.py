"""Each account and the sandbox have a database of their own (store/homes.py), on real SQLite files."""

from __future__ import annotations

import os
import sqlite3
import stat

from jianmi_desktop.store import Store
from jianmi_desktop.store.homes import open_home, other_home, owner_of

A, B = "shop01@https://api.example.cn/sdk/SMS", "shop02@https://api.example.cn/sdk/SMS"
SANDBOX = "demo@local"      # the window's built-in sandbox


async def campaign(store: Store, text: str) -> int:
    return await store.create_campaign(kind="sms", text=text, params={}, mobiles=["13800000001"], batch_size=10)


async def texts(store: Store) -> list[str]:
    return [(await store.get_campaign(cid)).text for cid in await store.unfinished_campaigns()]


async def test_the_first_account_claims_the_main_file_and_the_others_get_their_own(tmp_path):
    a = await open_home(tmp_path, A)
    await campaign(a, "A 的活动")
    assert a.path == tmp_path / "jianmi.db"
    b = await open_home(tmp_path, B)
    await campaign(b, "B 的活动")
    sandbox = await open_home(tmp_path, SANDBOX)
    try:
        assert b.path == other_home(tmp_path, B) and b.path.parent.parent == tmp_path / "accounts"
        assert b.path.parent.name.startswith("shop02-")
        assert sandbox.path == other_home(tmp_path, SANDBOX) and sandbox.path.parent.name.startswith("demo-")
        assert await texts(a) == ["A 的活动"] and await texts(b) == ["B 的活动"] and await texts(sandbox) == []
        assert [owner_of(s.path) for s in (a, b, sandbox)] == [A, B, SANDBOX]
    finally:
        for s in (a, b, sandbox):
            await s.close()
    again = await open_home(tmp_path, A)        # the same account finds the same file again
    try:
        assert again.path == tmp_path / "jianmi.db" and await texts(again) == ["A 的活动"]
    finally:
        await again.close()
    if os.name != "nt":
        for folder in (tmp_path / "accounts", b.path.parent, sandbox.path.parent):
            assert stat.S_IMODE(folder.stat().st_mode) & 0o077 == 0, folder


async def test_a_folder_from_before_the_split_stays_with_the_account_in_use(tmp_path):
    """Updated while the real account was in use: its history and drafts stay in jianmi.db (after
    a backup, migration 7 adds the owner); the sandbox, opened next, starts on a file of its own."""
    old = await Store.open(tmp_path / "jianmi.db")
    await campaign(old, "升级前的活动")
    await old.save_draft("sms", "未发出的草稿".encode())
    await old.close()
    conn = sqlite3.connect(tmp_path / "jianmi.db")
    conn.execute("DROP TABLE owner")                # as written by a version before the split
    conn.execute("ALTER TABLE campaigns DROP COLUMN number")
    conn.execute("PRAGMA user_version = 6")
    conn.commit()
    conn.close()
    assert owner_of(tmp_path / "jianmi.db") is None

    a = await open_home(tmp_path, A)
    try:
        assert a.path == tmp_path / "jianmi.db" and await texts(a) == ["升级前的活动"]
        assert await a.load_draft("sms") == "未发出的草稿".encode()
    finally:
        await a.close()
    assert owner_of(tmp_path / "jianmi.db") == A
    assert (tmp_path / "jianmi.db.bak-v6").exists()
    sandbox = await open_home(tmp_path, SANDBOX)
    try:
        assert sandbox.path != a.path and await texts(sandbox) == [] and await sandbox.load_draft("sms") is None
    finally:
        await sandbox.close()


async def test_no_account_named_opens_the_main_file_without_claiming_it(tmp_path):
    store = await open_home(tmp_path, None)
    await store.close()
    assert store.path == tmp_path / "jianmi.db" and owner_of(store.path) is None
