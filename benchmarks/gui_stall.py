"""The longest stall of the window's event loop while a 100,000-number campaign runs and its delivery
reports arrive (target: never more than 50 ms).

The real program, offscreen: ``QApplication``, ``Controller``, ``MainWindow`` (tabs built after the first
paint) on a qasync loop (``qasync.run``, as ``gui/app.py`` starts it), a fresh temporary
``JIANMI_DATA_DIR``, the embedded sandbox in its own thread with ``initial_balance`` raised and a short
``report_delay`` so that delivery reports (pushes of ≤ 200 records to the real receiver on the GUI loop)
arrive while the campaign is still sending.

The campaign goes through the 短信 tab's own path: the numbers are loaded from a TXT file by the
recipients panel (as a dropped file), the text typed into the composer, the tab's send button clicked,
the confirmation accepted; the tab then hands the campaign to the sending service. While it sends, the
发送记录 tab is shown first (its refreshes run), then the 短信 tab again (progress and counts).

A ``QTimer`` firing every 10 ms (precise) records the gaps between its ticks: a gap is how long the GUI
event loop could not run anything. Printed: the longest gap, the 99th percentile, the number of gaps over
50 ms (per phase and overall), the send rate achieved, the reports applied, and the time until all the
numbers are settled (delivered / undelivered / failed / uncertain).

``--watch`` adds a watchdog thread that, whenever the GUI thread has not ticked for ``--watch-ms``,
records the GUI thread's Python stack; the most frequent stacks are printed at the end (where the GUI
thread spends the stalls).

    python benchmarks/gui_stall.py [--numbers 100000] [--cap 150] [--watch]
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import json
import os
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TICK_MS = 10
STALL_TARGET_MS = 50
TEXT = "会员日全场八折，欢迎光临。拒收请回复R"


class GapRecorder:
    """Ticks of a 10 ms timer on the GUI thread; the gap before each tick is tagged with the phase."""

    def __init__(self) -> None:
        self.phase = "start"
        self.last = time.perf_counter()
        self.gaps: dict[str, list[float]] = collections.defaultdict(list)
        self.timer = None

    def start(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)
        self.last = time.perf_counter()
        self.timer.start()

    def tick(self) -> None:
        now = time.perf_counter()
        self.gaps[self.phase].append((now - self.last) * 1000)
        self.last = now

    def set_phase(self, phase: str) -> None:
        self.tick()
        self.phase = phase


class Watchdog(threading.Thread):
    """Samples the GUI thread's stack whenever its timer is late by more than ``late_ms``."""

    def __init__(self, recorder: GapRecorder, late_ms: float) -> None:
        super().__init__(name="stall-watchdog", daemon=True)
        self.recorder = recorder
        self.late_s = late_ms / 1000
        self.main_id = threading.main_thread().ident
        self.samples: collections.Counter = collections.Counter()
        self.stop_flag = False

    def run(self) -> None:
        while not self.stop_flag:
            time.sleep(0.004)
            if time.perf_counter() - self.recorder.last > self.late_s:
                frame = sys._current_frames().get(self.main_id)
                if frame is None:
                    continue
                stack = traceback.extract_stack(frame)
                lines = tuple(f"{Path(f.filename).name}:{f.lineno} {f.name}" for f in stack[-14:])
                self.samples[lines] += 1

    def report(self, top: int = 8) -> None:
        total = sum(self.samples.values())
        print(f"\nwatchdog: {total} samples of the GUI thread while it was late")
        for stack, n in self.samples.most_common(top):
            print(f"--- {n} samples ({n * 4} ms)")
            for line in stack:
                print("   ", line)


class GcPauses:
    """How long each garbage collection held the interpreter (any thread: it holds the GIL, so the GUI
    thread cannot run Python meanwhile)."""

    def __init__(self) -> None:
        self.pauses: list[tuple[int, float, str]] = []  # generation, ms, thread
        self._started = 0.0

    def __call__(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.pauses.append((info["generation"], (time.perf_counter() - self._started) * 1000,
                                threading.current_thread().name))

    def report(self) -> str:
        long = sorted((p for p in self.pauses if p[1] > 20), key=lambda p: -p[1])
        by_gen = collections.Counter(g for g, _ms, _t in self.pauses)
        text = f"garbage collections: {dict(sorted(by_gen.items()))}; over 20 ms: {len(long)}"
        if long:
            text += " — " + ", ".join(f"gen{g} {ms:.0f} ms ({t})" for g, ms, t in long[:10])
        return text


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def figures(gaps: list[float]) -> dict:
    return {"ticks": len(gaps), "longest_ms": round(max(gaps, default=0), 1),
            "p99_ms": round(percentile(gaps, 99), 1), "over_50ms": sum(g > STALL_TARGET_MS for g in gaps)}


async def until(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out after {timeout:.0f}s waiting for {what}")
        await asyncio.sleep(0.05)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--numbers", type=int, default=100_000)
    parser.add_argument("--cap", type=float, default=150.0, help="seconds from the send to giving up")
    parser.add_argument("--history-share", type=float, default=0.5,
                        help="share of the sending shown on 发送记录 before going back to 短信")
    parser.add_argument("--report-delay", default="0.5,3.0", help="sandbox: seconds from submission to report")
    parser.add_argument("--watch", action="store_true", help="sample the GUI thread's stack during stalls")
    parser.add_argument("--watch-ms", type=float, default=40.0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    os.environ.setdefault("QT_API", "pyside6")
    os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    folder = Path(tempfile.mkdtemp(prefix="jianmi-stall-"))
    os.environ["JIANMI_DATA_DIR"] = str(folder)
    low, high = (float(x) for x in args.report_delay.split(","))

    import qasync
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from jianmi_desktop.gui.controller import Controller
    from jianmi_desktop.gui.main_window import MainWindow
    from jianmi_desktop.settings import data_dir, load_settings

    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setQuitOnLastWindowClosed(False)
    settings = load_settings(data_dir())
    controller = Controller(data_dir(), settings)
    controller.runtime.sandbox_options = {"initial_balance": max(200_000, 2 * args.numbers),
                                          "report_delay": (low, high)}
    window = MainWindow(controller, defer_tabs=True)
    window.show()
    recorder = GapRecorder()
    import gc

    gc_pauses = GcPauses()
    gc.callbacks.append(gc_pauses)
    watchdog = Watchdog(recorder, args.watch_ms) if args.watch else None
    errors: list[str] = []
    controller.error.connect(errors.append)
    out: dict = {"numbers": args.numbers, "report_delay_s": [low, high]}

    async def run() -> None:
        started = asyncio.get_running_loop().create_future()
        QTimer.singleShot(0, lambda: started.done() or started.set_result(None))
        await started
        window.build_tabs()
        await controller.start()
        tabs = {type(t).__name__: t for t in window.tab_widgets}
        sms, history = tabs["SmsTab"], tabs["HistoryTab"]
        window.tabs.setCurrentWidget(sms)
        await until(lambda: sms.controller.sending.is_ready, 30, "the start-up checks")

        # the numbers, as a dropped TXT file; the text typed; the tab's own checks and confirmation
        numbers_file = folder / "numbers.txt"
        numbers_file.write_text("\n".join(str(13_000_000_000 + i * 7) for i in range(args.numbers)) + "\n")
        recorder.start()
        if watchdog:
            watchdog.start()
        recorder.set_phase("import")
        sms.panel.load_file(numbers_file)
        sms.composer.signature_edit.setText("茧米")
        sms.composer.text_edit.setPlainText(TEXT)
        await until(lambda: sms.panel.report is not None and not sms.panel.busy
                    and len(sms.panel.report.valid) == args.numbers, 60, "the numbers checked")
        await until(lambda: sms.send_button.isEnabled(), 30, "the send button")
        recorder.set_phase("checks")
        sms.send()

        def confirmation():
            return next((w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)
                         and w.isVisible() and w.objectName() == "sendConfirmation"), None)

        await until(lambda: confirmation() is not None, 60, "the confirmation")
        box = confirmation()
        yes = next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole)
        sent_at = time.monotonic()
        recorder.set_phase("sending: 发送记录 shown")
        yes.click()
        await until(lambda: sms.binding.current is not None or sms.last_campaign is not None, 30, "the campaign")
        window.tabs.setCurrentWidget(history)
        cid = None
        await until(lambda: sms.progress.campaign_id is not None, 30, "the progress")
        cid = sms.progress.campaign_id
        total_batches = sms.progress.batches_total
        deadline = sent_at + args.cap
        back_to_sms = False
        send_done_at = None
        settled_at = None
        counts = {}
        while time.monotonic() < deadline:
            await asyncio.sleep(0.5)
            if not back_to_sms and sms.progress.bar.value() >= args.history_share * total_batches:
                back_to_sms = True
                recorder.set_phase("sending: 短信 shown")
                window.tabs.setCurrentWidget(sms)
            if send_done_at is None and not sms.binding.busy:
                send_done_at = time.monotonic()
                recorder.set_phase("reports after the send")
                if not back_to_sms:
                    back_to_sms = True
                    window.tabs.setCurrentWidget(sms)
            counts = await controller.store.campaign_counts(cid)
            settled = sum(counts.get(s, 0) for s in ("delivered", "undelivered", "failed", "uncertain"))
            if send_done_at is not None and settled >= args.numbers:
                settled_at = time.monotonic()
                break
        recorder.set_phase("end")
        recorder.timer.stop()
        if watchdog:
            watchdog.stop_flag = True

        state = controller.runtime.sandbox_thread.sandbox.state
        sends = sorted(s.time for s in state.submissions if s.cmd == "send")
        span = sends[-1] - sends[0] if len(sends) > 1 else float("nan")
        rate = (len(sends) - 1) / span if span else float("nan")
        pushes = [p for p in state.pushes if p.type == 1]
        out.update({
            "campaign": cid, "requests": len(sends), "send_rate_per_s": round(rate, 2),
            "send_rate_share": round(rate / 10, 3), "answers_105": state.counts[105],
            "send_s": round(send_done_at - sent_at, 1) if send_done_at else None,
            "settled_s": round(settled_at - sent_at, 1) if settled_at else None,
            "reports_applied": counts.get("delivered", 0) + counts.get("undelivered", 0),
            "report_pushes": len(pushes), "report_pushes_acked": sum(p.acked for p in pushes),
            "counts": counts, "errors": errors,
        })

    async def run_and_stop() -> None:
        try:
            await asyncio.wait_for(run(), args.cap + 200)
        finally:
            await controller.stop()

    qasync.run(run_and_stop())

    phases = {name: figures(g) for name, g in recorder.gaps.items() if name not in ("start", "end")}
    during = [g for name, g in recorder.gaps.items() if name.startswith(("sending", "reports"))]
    out["phases"] = phases
    out["campaign_running"] = figures([g for gaps in during for g in gaps])
    out["gc"] = gc_pauses.report()
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=1))
    else:
        print(f"GUI stall benchmark: {args.numbers:,} numbers, reports {low}–{high} s after submission")
        for name, f in phases.items():
            print(f"  {name:28s} ticks {f['ticks']:6d}  longest {f['longest_ms']:7.1f} ms  "
                  f"p99 {f['p99_ms']:6.1f} ms  gaps>50ms {f['over_50ms']}")
        f = out["campaign_running"]
        verdict = "OK" if f["longest_ms"] < STALL_TARGET_MS else "OVER"
        print(f"while the campaign runs: longest stall {f['longest_ms']} ms (target < {STALL_TARGET_MS}: {verdict}), "
              f"p99 {f['p99_ms']} ms, gaps > 50 ms: {f['over_50ms']} of {f['ticks']}")
        print(f"send: {out.get('requests')} requests in {out.get('send_s')} s, {out.get('send_rate_per_s')} requests/s "
              f"({out.get('send_rate_share', 0) * 100:.1f} % of 10/s), 105 answers: {out.get('answers_105')}")
        print(f"reports applied: {out.get('reports_applied'):,} in {out.get('report_pushes')} pushes; "
              f"all {args.numbers:,} settled after {out.get('settled_s')} s (cap {args.cap:.0f} s)")
        print(gc_pauses.report())
        if errors:
            print("errors shown:", errors)
    if watchdog:
        watchdog.report()
    return 0


if __name__ == "__main__":
    sys.exit(main())
