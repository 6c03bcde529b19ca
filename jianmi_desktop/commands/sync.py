"""``jianmi-desktop sync [--follow] [--json]``: pull reports, replies and opt-outs from the relay."""

from __future__ import annotations

import asyncio
import sys
from typing import Any

from jianmi_desktop.commands.output import EXIT_ERROR, EXIT_OK, print_json
from jianmi_desktop.platform.errors import JianmiError


def add_parser(sub: Any) -> None:
    p = sub.add_parser("sync", help="从中继服务器拉取回执 / pull reports and replies from the relay")
    p.add_argument("--follow", action="store_true", help="一直拉取 / keep pulling")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run="sync:sync")


def _fail(ctx: Any, error: JianmiError) -> int:
    if ctx.args.json:
        print_json({"error": error.zh, "error_en": error.en})
    print(error.zh, file=sys.stderr)
    return EXIT_ERROR


async def sync(ctx: Any) -> int:
    from jianmi_desktop.campaign.sync import RelayRefused, RelayUnreachable, SyncResult, relay_config
    from jianmi_desktop.campaign.sync import sync as pull

    config = relay_config(ctx.settings)
    if config is None:
        return _fail(ctx, JianmiError(
            "还没有设置中继服务器：请在设置里选择“回执来源 → 中继服务器”并填写地址和令牌，"
            "或设置环境变量 JIANMI_RELAY_URL 和 JIANMI_RELAY_TOKEN。",
            "No relay is set: choose the relay as the report source in the settings, or set JIANMI_RELAY_URL "
            "and JIANMI_RELAY_TOKEN."))
    store = await ctx.store()

    def progress(result: SyncResult, _page: object) -> None:
        if ctx.args.follow and not ctx.args.json:
            c = result.counts
            print(f"已应用 {c['events']} 条（状态报告 {c['reports']}，回复 {c['replies']}，语音/彩信状态 {c['status']}，"
                  f"退订 {c['opt_outs']}），游标 {result.cursor}", flush=True)

    def lost(error: JianmiError) -> None:
        print(error.zh + "（稍后重试）", file=sys.stderr, flush=True)

    try:
        result = await pull(store, config, follow=ctx.args.follow, on_page=progress, on_error=lost)
    except (RelayUnreachable, RelayRefused) as error:
        return _fail(ctx, error)
    except asyncio.CancelledError:
        return EXIT_OK
    if ctx.args.json:
        print_json(result.as_json())
    else:
        c = result.counts
        print(f"同步完成：应用 {c['events']} 条（状态报告 {c['reports']}，回复 {c['replies']}，"
              f"语音/彩信状态 {c['status']}，退订 {c['opt_outs']}），游标 {result.cursor}。")
    return EXIT_OK
