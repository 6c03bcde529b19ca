"""sms check, sms send, sms resume."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any, TextIO

from jianmi_desktop.campaign import team
from jianmi_desktop.campaign.checks import check_balance, repeat_finding
from jianmi_desktop.campaign.drafts import sms_draft
from jianmi_desktop.campaign.planning import Plan, plan_sms
from jianmi_desktop.commands.context import Context
from jianmi_desktop.commands.output import EXIT_CHECK, EXIT_OK, print_json
from jianmi_desktop.commands.sending import read_raws, require_ok, send_and_report
from jianmi_desktop.platform.errors import CheckFailed
from jianmi_desktop.settings import night_hours
from jianmi_desktop.store.models import StoreError


async def _plan(ctx: Context, *, skip_invalid: bool, at: str | None = None) -> tuple[Plan, Sequence[Any]]:
    store = await ctx.store()
    raws = read_raws(ctx.args)
    plan = plan_sms(ctx.args.text, raws, intl=ctx.args.intl, opted_out=await store.opt_outs(),
                    skip_invalid=skip_invalid, at=at, night=night_hours(ctx.settings))
    if plan.ok and plan.report.valid:
        repeats = await store.recent_same_text(plan.text, plan.report.valid)
        if repeats:
            finding = repeat_finding(repeats)
            plan.findings.append(finding)
            plan.warnings.append(finding.zh)
        for finding in await team.overlap_findings(ctx.settings, plan.text, plan.report.valid):  # team mode
            plan.findings.append(finding)
            plan.warnings.append(finding.zh)
    return plan, raws


def _print_findings(plan: Plan, file: TextIO, *, skip: tuple[str, ...] = ()) -> None:
    for finding in plan.findings:
        if finding.level != "block" and finding.code not in skip:
            print(_LEVEL_WORDS[finding.level] + finding.zh, file=file)


_LEVEL_WORDS = {"warn": "请注意：", "hint": "提示："}


async def check(ctx: Context) -> int:
    plan, raws = await _plan(ctx, skip_invalid=False)
    r = plan.report
    if ctx.args.json:
        print_json({"recipients": len(raws), "valid": len(r.valid), "invalid": len(r.invalid),
                    "duplicates": r.duplicates, "opted_out": r.opted_out,
                    "units_per_message": plan.units_per_message, "total_units": plan.total_units,
                    "problems": plan.problems, "warnings": plan.warnings})
    else:
        print(f"共 {len(raws)} 个号码：有效 {len(r.valid)}，无效 {len(r.invalid)}，重复 {r.duplicates}，"
              f"已退订 {r.opted_out}。每条 {plan.units_per_message} 条计费，共 {plan.total_units} 条。")
        _print_findings(plan, sys.stdout, skip=("units", "duplicates", "opted_out"))
        for line in plan.problems:
            print("问题：" + line)
    return EXIT_CHECK if plan.problems else EXIT_OK


async def send(ctx: Context) -> int:
    a = ctx.args
    plan, _ = await _plan(ctx, skip_invalid=a.skip_invalid, at=a.at)
    require_ok(plan)
    # the balance is checked below (a held domestic send is checked when it goes out)
    _print_findings(plan, sys.stderr, skip=("balance",))
    client = ctx.client()
    store = await ctx.store()
    if not a.at:
        balance = await client.getnum()
        await store.record_balance(balance.sent, balance.remaining)
        short = check_balance(plan.total_units, balance)
        if short is not None:
            raise CheckFailed([short.zh])
    # with --at an international send is scheduled by the platform; a domestic one is held by the
    # program: `sms resume` sends it when due
    draft = sms_draft(plan.text, plan.report.valid, intl=a.intl, at=a.at, stats=plan.stats(), texts=plan.texts)
    await team.ensure_msgids(store, ctx.settings, len(plan.report.valid))  # team mode: the relay's msgids
    cid = await (await ctx.sending()).create(draft)
    await team.record_send(ctx.settings, cid, plan.text, plan.report.valid)
    scheduled_at = draft.scheduled_at
    if scheduled_at:
        summary = {"campaign": cid, "recipients": len(plan.report.valid), "submitted": 0, "failed": 0,
                   "uncertain": 0, "units": plan.total_units, "scheduled": scheduled_at}
        if a.json:
            print_json(summary)
        print(f"已保存第 {cid} 次发送，将在 {scheduled_at}（中国时间）发出："
              f"请让程序开着，或到时运行 `jianmi-desktop sms resume`。", file=sys.stderr if a.json else sys.stdout)
        return EXIT_OK
    return await send_and_report(ctx, [cid], units_per_message=None if plan.texts is not None
                                 else plan.units_per_message)


async def resume(ctx: Context) -> int:
    store = await ctx.store()
    if ctx.args.campaign is not None:
        try:
            await store.get_campaign(ctx.args.campaign)
        except StoreError:
            raise CheckFailed([f"没有第 {ctx.args.campaign} 次发送"]) from None
        ids = [ctx.args.campaign]  # one named by the user: the service refuses another account's
    else:
        ids, others = await (await ctx.sending()).resumable()
        for cid in others:
            print(f"第 {cid} 次发送属于另一个账号或沙箱，这次不继续。", file=sys.stderr)
    if not ids:
        # Nothing left to send, but a sender killed after its last claim leaves batches in
        # 'sending' (and its campaign 'running'): taking the sender lock settles them.
        async with (await ctx.sending()).holding_lock() as interrupted:
            pass
        if interrupted:
            print(f"上次发送中断时有 {interrupted} 批结果不确定，已标为“不确定”，不会自动重发。", file=sys.stderr)
        if ctx.args.json:
            print_json({"campaign": None, "recipients": 0, "submitted": 0, "failed": 0, "uncertain": 0, "units": 0})
        else:
            print("没有需要继续的发送。")
        return EXIT_OK
    return await send_and_report(ctx, ids)
