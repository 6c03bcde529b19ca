"""Campaigns are numbered per family — 短信 (with international SMS), 语音 (with calls), 彩信 — so the
first voice campaign is 语音 #1 however many SMS went before (migration 8 numbers the old ones)."""

from __future__ import annotations

import sqlite3

from jianmi_desktop.store import Store
from jianmi_desktop.store.migrations import LATEST

KINDS = ["sms", "voice", "intl", "mms", "voicecall", "sms", "mms"]
WANTED = [1, 1, 2, 1, 2, 3, 2]


async def make(store: Store, kinds: list[str]) -> list[int]:
    return [await store.create_campaign(kind=k, text="内容", params={}, mobiles=["13800000001"], batch_size=10)
            for k in kinds]


async def test_each_family_counts_its_own(tmp_path):
    async with await Store.open(tmp_path / "jianmi.db") as store:
        ids = await make(store, KINDS)
        assert [(await store.get_campaign(cid)).number for cid in ids] == WANTED
        follow = await store.create_campaign(kind="voice", text="再发", params={}, mobiles=["13800000002"],
                                             batch_size=10)
        assert (await store.get_campaign(follow)).number == 3


async def test_the_campaigns_of_an_older_file_are_numbered_in_the_order_they_were_made(tmp_path):
    path = tmp_path / "jianmi.db"
    async with await Store.open(path) as store:
        await make(store, KINDS)
    conn = sqlite3.connect(path)          # as a version before migration 8 left it
    conn.execute("ALTER TABLE campaigns DROP COLUMN number")
    conn.execute(f"PRAGMA user_version = {LATEST - 1}")
    conn.commit()
    conn.close()
    async with await Store.open(path) as store:
        assert [(await store.get_campaign(cid)).number for cid in range(1, 8)] == WANTED
        nxt = await make(store, ["mms"])
        assert (await store.get_campaign(nxt[0])).number == 3
    assert (tmp_path / f"jianmi.db.bak-v{LATEST - 1}").exists()
