"""Where the tests' own data lives (the platform's push and MMS samples are copied here)."""

from pathlib import Path

SAMPLES = Path(__file__).resolve().parent.parent / "fixtures" / "samples"


SAMPLE_MSGID = "1461822936915"   # the msgid of the delivery reports in samples/status_push.xml


async def adopt_sample_msgid(store, db_path) -> int:
    """Make the sample push's msgid one this computer sent (a one-number campaign whose batch
    carries it), since reports of msgids we did not send are not stored. Returns the campaign."""
    import sqlite3

    cid = await store.create_campaign(kind="sms", text="【茧米】t", params={}, mobiles=["15766208001"],
                                      batch_size=10)
    batch = await store.claim_next_batch(cid)
    await store.finish_batch(batch.id, "submitted", 100)
    conn = sqlite3.connect(db_path, timeout=10)
    try:
        with conn:
            conn.execute("UPDATE batches SET msgid = ? WHERE id = ?", (SAMPLE_MSGID, batch.id))
    finally:
        conn.close()
    return cid
