"""sms check, sms send, sms resume."""

from __future__ import annotations

import sys

from jianmi_desktop.campaign.service import create_campaign, plan_sms
from jianmi_desktop.cli import EXIT_CHECK, EXIT_OK, print_json
from jianmi_desktop.commands.sending import read_raws, require_ok, send_and_report, stats_of
from jianmi_desktop.platform.auth import china_now
from jianmi_desktop.platform.errors import CheckFailed


async def _plan(ctx, *, skip_invalid: bool, at: str | None = None):
    store = await ctx.store()
    raws = read_raws(ctx.args)
    return plan_sms(ctx.args.text, raws, intl=ctx.args.intl, opted_out=await store.opt_outs(),
                    skip_invalid=skip_invalid, at=at), raws


async def check(ctx) -> int:
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
        for line in plan.warnings:
            print("提示：" + line)
        for line in plan.problems:
            print("问题：" + line)
    return EXIT_CHECK if plan.problems else EXIT_OK


async def send(ctx) -> int:
    a = ctx.args
    plan, _ = await _plan(ctx, skip_invalid=a.skip_invalid, at=a.at)
    require_ok(plan)
    for line in plan.warnings:
        print("提示：" + line, file=sys.stderr)
    client = ctx.client()
    store = await ctx.store()
    if not a.at:  # a held domestic send is checked against the balance when it goes out
        balance = await client.getnum()
        await store.record_balance(balance.sent, balance.remaining)
        if balance.remaining < plan.total_units:
            raise CheckFailed([f"余额不足：这次需要 {plan.total_units} 条，账户只剩 {balance.remaining} 条。请先充值。"])
    params: dict = {}
    scheduled_at = None
    if a.at and a.intl:
        params["sendtime"] = a.at  # the platform schedules it
    elif a.at:
        scheduled_at = a.at  # held by the program: `sms resume` sends it when due
    cid = await create_campaign(store, kind=plan.kind, text=plan.text, mobiles=plan.report.valid, params=params,
                                batch_size=ctx.settings.batch_size, scheduled_at=scheduled_at, stats=stats_of(plan))
    if scheduled_at:
        summary = {"campaign": cid, "recipients": len(plan.report.valid), "submitted": 0, "failed": 0,
                   "uncertain": 0, "units": plan.total_units, "scheduled": scheduled_at}
        if a.json:
            print_json(summary)
        print(f"已保存第 {cid} 次发送，将在 {scheduled_at}（中国时间）发出："
              f"请让程序开着，或到时运行 `jianmi-desktop sms resume`。", file=sys.stderr if a.json else sys.stdout)
        return EXIT_OK
    return await send_and_report(ctx, [cid], units_per_message=plan.units_per_message)


async def resume(ctx) -> int:
    store = await ctx.store()
    if ctx.args.campaign is not None:
        campaign = await store.get_campaign(ctx.args.campaign)
        if campaign is None:
            raise CheckFailed([f"没有第 {ctx.args.campaign} 次发送"])
        ids = [ctx.args.campaign]
    else:
        ids = await store.unfinished_campaigns(due_before=china_now().strftime("%Y-%m-%d %H:%M:%S"))
    if not ids:
        if ctx.args.json:
            print_json({"campaign": None, "recipients": 0, "submitted": 0, "failed": 0, "uncertain": 0, "units": 0})
        else:
            print("没有需要继续的发送。")
        return EXIT_OK
    return await send_and_report(ctx, ids)
