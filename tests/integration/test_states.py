"""States and kinds as StrEnum (issue 12, item 4): each member is its string, so what SQLite holds
stays the same text (no migration) and JSON shows plain strings."""

from __future__ import annotations

import json
import sqlite3

from jianmi_desktop.states import BatchState, CampaignState, Kind, RecipientState
from jianmi_desktop.store import Store
from jianmi_desktop.store.models import BATCH_STATES, CAMPAIGN_STATES, KINDS, RECIPIENT_STATES, SETTLED


def test_members_are_their_strings():
    assert RecipientState.DELIVERED == "delivered" and hash(CampaignState.DONE) == hash("done")
    assert "sms" in KINDS and "uncertain" in BATCH_STATES and "scheduled" in CAMPAIGN_STATES
    assert json.dumps({RecipientState.FAILED: [Kind.MMS, BatchState.SENDING]}) == '{"failed": ["mms", "sending"]}'
    assert f"'{SETTLED[0]}'" == "'delivered'"     # as the SQL of the store formats it
    assert [str(s) for s in RECIPIENT_STATES] == ["pending", "sending", "submitted", "failed", "uncertain",
                                                 "delivered", "undelivered"]


async def test_a_campaign_stores_the_same_text_as_before(tmp_path):
    store = await Store.open(tmp_path / "jianmi.db")
    try:
        cid = await store.create_campaign(kind=Kind.SMS, text="【茧米】测试", params={},
                                          mobiles=["13800138000", "13900139000"], batch_size=1)
        batch = await store.claim_next_batch(cid)
        await store.finish_batch(batch.id, BatchState.UNCERTAIN, None, "no answer")
        await store.set_campaign_state(cid, CampaignState.PAUSED)
    finally:
        await store.close()
    with sqlite3.connect(tmp_path / "jianmi.db") as conn:
        assert conn.execute("SELECT kind, state, typeof(state) FROM campaigns").fetchone() == ("sms", "paused", "text")
        assert sorted(r[0] for r in conn.execute("SELECT state FROM batches")) == ["pending", "uncertain"]
        states = {r[0] for r in conn.execute("SELECT state FROM recipients")}
    assert states <= set(RecipientState) and "uncertain" in states
