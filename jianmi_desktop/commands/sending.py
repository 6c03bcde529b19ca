"""What the sending commands share: recipients from --to/--to-file, the progress line, the summary.

Campaigns are written down and sent by the sending service (``campaign/service.py``), as in
the window; this module only prints what it reports.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from jianmi_desktop.campaign.events import Event, Interrupted
from jianmi_desktop.campaign.planning import Plan, summarize_counts
from jianmi_desktop.campaign.runner import Progress, RunResult
from jianmi_desktop.commands.output import EXIT_ERROR, EXIT_OK, EXIT_REFUSED, EXIT_UNCERTAIN, print_json
from jianmi_desktop.platform.errors import CheckFailed, NotSent, PlatformRefusal

if TYPE_CHECKING:
    from jianmi_desktop.commands.context import Context
    from jianmi_desktop.store.db import Store


def read_raws(args: argparse.Namespace) -> Sequence[Any]:
    """The recipients as given: rows of a file (with line numbers) or the --to list."""
    from jianmi_desktop.campaign.recipients import parse_number_list, read_recipients

    if args.to_file is not None:
        return read_recipients(args.to_file).rows
    return parse_number_list(args.to)


def require_ok(plan: Plan) -> None:
    if plan.problems:
        raise CheckFailed(plan.problems)


class _ProgressLine:
    """A progress line with rate and ETA on stderr, at most a few times a second."""

    def __init__(self) -> None:
        self._last = 0.0
        self.tty = sys.stderr.isatty()

    def __call__(self, event: Event) -> None:
        if isinstance(event, Interrupted):
            print(f"上次发送中断时有 {event.batches} 批结果不确定，已标为“不确定”，不会自动重发。", file=sys.stderr)
            return
        if not isinstance(event, Progress):
            return
        p = event
        now = time.monotonic()
        if now - self._last < 0.5 and p.batches_done < p.batches_total:
            return
        self._last = now
        eta = f"，约 {p.eta_s:.0f} 秒后完成" if p.eta_s is not None else ""
        line = (f"已发 {p.batches_done}/{p.batches_total} 批，提交 {p.submitted} 个号码，"
                f"每秒 {p.rate:.1f} 批{eta}")
        print(("\r" + line) if self.tty else line, end="" if self.tty else "\n", file=sys.stderr, flush=True)


async def send_and_report(ctx: Context, campaign_ids: Sequence[int], *,
                          units_per_message: int | None = None) -> int:
    """Send campaigns through the sending service (holding the sender lock throughout), print the
    summary, return the exit status."""
    service = await ctx.sending()
    store = await ctx.store()
    results: list[RunResult] = []
    unsubscribe = service.subscribe(_ProgressLine())
    try:
        async with service.holding_lock():
            for cid in campaign_ids:
                results.append(await service.send(cid))
    finally:
        unsubscribe()
    if results and _ProgressLine().tty:
        print(file=sys.stderr)
    summaries = []
    for cid in campaign_ids:
        summaries.append(await campaign_summary(store, cid, units_per_message))
    return finish(ctx, results, summaries)


async def campaign_summary(store: Store, cid: int, units_per_message: int | None = None) -> dict[str, Any]:
    campaign = await store.get_campaign(cid)
    figures = summarize_counts(await store.campaign_counts(cid))
    stats = campaign.stats or {}
    if units_per_message is None and "units_total" in stats:
        units = int(stats["units_total"])
    else:
        units = (units_per_message or int(stats.get("units_per_message", 1))) * figures["recipients"]
    return {"campaign": cid, "recipients": figures["recipients"], "submitted": figures["submitted"],
            "failed": figures["failed"], "uncertain": figures["uncertain"], "units": units,
            "state": campaign.state}


def finish(ctx: Context, results: Sequence[RunResult], summaries: list[dict[str, Any]]) -> int:
    errors = [r.error for r in results if r.error is not None]
    uncertain = sum(s["uncertain"] for s in summaries)
    failed = sum(s["failed"] for s in summaries)
    if ctx.args.json:
        if len(summaries) == 1:
            print_json(summaries[0])
        else:
            keys = ("recipients", "submitted", "failed", "uncertain", "units")
            total = {k: sum(s[k] for s in summaries) for k in keys}
            print_json({"campaign": summaries[0]["campaign"] if summaries else None, **total,
                        "campaigns": summaries})
    for s in summaries:
        print(f"第 {s['campaign']} 次发送：{s['recipients']} 个号码，已提交 {s['submitted']}，"
              f"失败 {s['failed']}，不确定 {s['uncertain']}，共 {s['units']} 条计费。",
              file=sys.stderr if ctx.args.json else sys.stdout)
    for r in results:
        for line in r.failures[:20]:
            print(line, file=sys.stderr)
    for e in errors:
        print(f"发送已停止：{e.zh}", file=sys.stderr)
    if uncertain:
        print(f"有 {uncertain} 个号码结果不确定：请求已发出但没有收到回答。它们不会被自动重发；"
              "请等待状态报告，或在发送记录里决定是否重发。", file=sys.stderr)
        return EXIT_UNCERTAIN
    if any(isinstance(e, PlatformRefusal) for e in errors) or failed:
        return EXIT_REFUSED
    if any(isinstance(e, NotSent) for e in errors) or errors:
        print("未发完的部分可以用 `jianmi-desktop sms resume` 继续。", file=sys.stderr)
        return EXIT_ERROR
    return EXIT_OK
