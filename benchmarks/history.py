"""History of 1,000,000 recipients: first page < 200 ms, filter < 50 ms,
delivery reports applied ≥ 50,000 a second.

Builds a store through ``Store.create_campaign`` (five campaigns, one of each kind), marks
every batch as sent (one SQL statement on the closed file: the benchmark does not send a
million numbers to the sandbox), then applies delivery reports for half of the recipients
through ``Store.apply_reports`` — in pushes of 200 records, as the receiver stores them, and
again (on other recipients) in chunks of 5,000 — and prints reports applied per second.

Then, offscreen, the real ``RecipientModel`` behind a ``QTableView``: the time from asking
for a filter to its first page being painted (reader thread, hand-over to the GUI thread and
paint included), for the first page of everything (a cold model: connection opened) and for
number and state filters (median of several runs with different values).

    .venv/bin/python benchmarks/history.py [--rows N] [--db FILE] [--reuse]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from jianmi_desktop.platform.models import StatusReport  # noqa: E402
from jianmi_desktop.store import Store  # noqa: E402

KINDS = (("sms", 0.4), ("intl", 0.15), ("voice", 0.15), ("voicecall", 0.1), ("mms", 0.2))
PUSH = 200


def numbers(rnd: random.Random, n: int) -> list[str]:
    return [f"1{rnd.choice('3456789')}{rnd.randrange(10 ** 9):09d}" for _ in range(n)]


async def build(path: Path, rows: int) -> dict:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    rnd = random.Random(20260509)
    store = await Store.open(path)
    started = time.perf_counter()
    for kind, share in KINDS:
        await store.create_campaign(kind=kind, text=f"【茧米】{kind} 测试通知，请勿回复", params={},
                                    mobiles=numbers(rnd, int(rows * share)), batch_size=100)
    created = time.perf_counter() - started
    await store.close()
    conn = sqlite3.connect(path)  # "every batch was sent": the state a finished campaign leaves
    with conn:
        conn.execute("UPDATE batches SET state = 'submitted', code = 100")
        conn.execute("UPDATE recipients SET state = 'submitted'")
        conn.execute("UPDATE batches SET state = 'uncertain' WHERE id % 97 = 0")
        conn.execute("UPDATE recipients SET state = 'uncertain' WHERE batch_id % 97 = 0")
        conn.execute("UPDATE batches SET state = 'failed', code = 101 WHERE id % 89 = 0")
        conn.execute("UPDATE recipients SET state = 'failed' WHERE batch_id % 89 = 0")
    targets = conn.execute(
        "SELECT b.msgid, r.mobile, r.id FROM recipients AS r JOIN batches AS b ON b.id = r.batch_id "
        "WHERE r.id % 2 = 0 ORDER BY r.id").fetchall()
    conn.close()

    def report(msgid: str, mobile: str, rid: int) -> StatusReport:
        ok = rid % 10 != 0
        return StatusReport(msgid, mobile, ok, "DELIVRD" if ok else rnd.choice(("UNDELIV", "EXPIRED")))

    store = await Store.open(path)
    half = len(targets) // 2
    rates = {}
    for label, chunk, part in ((f"pushes of {PUSH}", PUSH, targets[:half]), ("chunks of 5,000", 5000, targets[half:])):
        reports = [report(*t) for t in part]
        started = time.perf_counter()
        applied = 0
        for i in range(0, len(reports), chunk):
            applied += await store.apply_reports(reports[i:i + chunk])
        rates[label] = (applied, time.perf_counter() - started)
    await store.close()
    return {"created_s": created, "rates": rates}


def measure(path: Path) -> dict:
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QApplication, QTableView

    from jianmi_desktop.gui.history.model import RecipientModel
    from jianmi_desktop.store.reader import RecipientFilter

    app = QApplication.instance() or QApplication([])
    model = RecipientModel()
    view = QTableView()
    view.setModel(model)
    view.resize(1000, 700)
    view.show()
    app.processEvents()

    def shown(flt: RecipientFilter) -> tuple[float, int]:
        # One QEventLoop.exec() rather than a processEvents() loop: PySide6 6.12 on Python 3.11
        # loses a reference to None at every call of a void method (see the report).
        waiting = QEventLoop()
        model.page_loaded.connect(waiting.quit)
        started = time.perf_counter()
        model.set_filter(flt)
        waiting.exec()
        view.viewport().repaint()  # the page on screen
        elapsed = time.perf_counter() - started
        model.page_loaded.disconnect(waiting.quit)
        return elapsed, model.rowCount()

    model.open(path)  # a cold model: the reader connection opens with the first page
    first, first_rows = shown(RecipientFilter())
    rnd = random.Random(7)
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    sample = [r[0] for r in conn.execute("SELECT mobile FROM recipients WHERE id % 50021 = 0")]
    conn.close()
    cases = {
        "number, whole (prefix)": [RecipientFilter(number=m) for m in sample[:9]],
        "number, first 7 digits": [RecipientFilter(number=m[:7]) for m in sample[:9]],
        "number, first 3 digits": [RecipientFilter(number=f"1{d}{rnd.randrange(10)}") for d in "3456789"],
        "number, last 4 digits (contains)": [RecipientFilter(number=m[-4:], contains=True) for m in sample[:9]],
        "number, last 4 digits (尾号)": [RecipientFilter(number=m[-4:], ends=True) for m in sample[:9]],
        "number, last 2 digits (尾号)": [RecipientFilter(number=m[-2:], ends=True) for m in sample[:9]],
        "state": [RecipientFilter(state=s) for s in ("undelivered", "uncertain", "failed", "delivered",
                                                      "submitted", "pending", "undelivered")],
        "campaign + state": [RecipientFilter(campaign_id=c, state="undelivered") for c in (1, 2, 3, 4, 5)],
        "campaign": [RecipientFilter(campaign_id=c) for c in (1, 2, 3, 4, 5)],
    }
    results = {}
    for name, filters in cases.items():
        times = [shown(f) for f in filters]
        results[name] = (statistics.median(t for t, _ in times), max(t for t, _ in times),
                         statistics.median(n for _, n in times))
    scroll_started = time.perf_counter()
    shown(RecipientFilter())
    waiting = QEventLoop()

    def next_page() -> None:  # what dragging the scroll bar down does
        if model.rowCount() >= 20_000:
            waiting.quit()
        else:
            model.fetchMore()

    model.page_loaded.connect(next_page)
    model.fetchMore()
    waiting.exec()
    scroll = time.perf_counter() - scroll_started
    model.close()
    return {"first": (first, first_rows), "filters": results, "scroll_20k": scroll}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, help="where to build the database (default: a temporary folder)")
    parser.add_argument("--reuse", action="store_true", help="measure an existing --db without rebuilding")
    args = parser.parse_args()
    folder = None if args.db else tempfile.TemporaryDirectory(prefix="jianmi-history-")
    path = args.db or Path(folder.name) / "history.db"
    ok = True
    if not args.reuse:
        print(f"building {args.rows:,} recipients in {path} …", flush=True)
        built = asyncio.run(build(path, args.rows))
        print(f"  campaigns written through Store.create_campaign in {built['created_s']:.1f} s")
        for label, (applied, seconds) in built["rates"].items():
            rate = applied / seconds
            print(f"  delivery reports applied ({label}): {applied:,} in {seconds:.1f} s = "
                  f"{rate:,.0f}/s (target ≥ 50,000/s: {rate / 50_000:.2f}×) {'OK' if rate >= 50_000 else 'MISS'}")
            ok &= rate >= 50_000
    figures = measure(path)
    first, rows = figures["first"]
    print(f"first page shown (cold model, {rows} rows): {first * 1000:.1f} ms "
          f"(target < 200 ms: {first / 0.2:.2f} of it) {'OK' if first < 0.2 else 'MISS'}")
    ok &= first < 0.2
    for name, (median, worst, n) in figures["filters"].items():
        verdict = "OK" if median < 0.05 else "MISS"
        print(f"filter {name:34s}: first page in {median * 1000:6.1f} ms median, {worst * 1000:6.1f} ms worst, "
              f"{n:.0f} rows (target < 50 ms: {median / 0.05:.2f} of it) {verdict}")
        ok &= median < 0.05
    print(f"20,000 rows loaded page by page (scrolling): {figures['scroll_20k'] * 1000:.0f} ms")
    if folder is not None:
        folder.cleanup()
    return 0 if ok else 1


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    raise SystemExit(code)
