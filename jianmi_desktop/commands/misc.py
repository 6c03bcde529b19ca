"""sandbox, receiver, balance, passwd, status-url, history."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from jianmi_desktop.campaign.planning import summarize_counts
from jianmi_desktop.commands.context import Context
from jianmi_desktop.commands.output import EXIT_OK, print_json
from jianmi_desktop.settings import SecretStoreError, ensure_receiver_token, set_secret
from jianmi_desktop.states import Kind, RecipientState

KIND_NAMES = {Kind.SMS: "短信", Kind.INTL: "国际短信", Kind.VOICE: "语音通知", Kind.VOICECALL: "语音呼叫",
              Kind.MMS: "彩信"}


async def sandbox(ctx: Context) -> int:
    from jianmi_desktop.sandbox.app import SandboxConfig, run_sandbox

    a = ctx.args
    config = SandboxConfig(host=a.host, port=a.port if a.port is not None else ctx.settings.sandbox_port,
                           state_path=a.state, seed=a.seed, push_url=a.push_url, latency_ms=a.latency_ms)
    for name in ("uid", "password", "apikey"):
        value = getattr(a, name)
        if value:
            setattr(config, name, value)
    await _run_until_interrupted(run_sandbox(config))
    return EXIT_OK


async def receiver(ctx: Context) -> int:
    from jianmi_desktop.receiver.app import run_receiver

    token = ensure_receiver_token(ctx.settings, ctx.folder)
    host = ctx.args.host or ctx.settings.receiver_host
    port = ctx.args.port if ctx.args.port is not None else ctx.settings.receiver_port
    await _run_until_interrupted(run_receiver(await ctx.store(), host, port, token))
    return EXIT_OK


async def _run_until_interrupted(coro: Awaitable[Any]) -> None:
    try:
        await coro
    except asyncio.CancelledError:
        pass


async def balance(ctx: Context) -> int:
    client = ctx.client()
    result = await client.getnum()
    store = await ctx.store()
    await store.record_balance(result.sent, result.remaining)
    if ctx.args.json:
        print_json({"sent": result.sent, "remaining": result.remaining})
    else:
        print(f"已发送 {result.sent} 条，还可发送 {result.remaining} 条。")
    return EXIT_OK


async def passwd(ctx: Context) -> int:
    client = ctx.client()
    new = ctx.args.new_password
    await client.modifpsw(new)
    print("密码已修改。旧密码从现在起不能再用了。")
    if ctx.account.password_from_env:
        print("注意：密码来自环境变量 JIANMI_PASSWORD，请把它改成新密码，否则下次会验证失败。")
        return EXIT_OK
    try:
        set_secret(ctx.account.uid, "password", new)
        print("新密码已保存在系统钥匙串里。")
    except SecretStoreError as exc:
        print(exc.zh)
    return EXIT_OK


async def status_url(ctx: Context) -> int:
    await ctx.client().set_status_url(ctx.args.url)
    print(f"状态回调地址已设置为：{ctx.args.url}")
    return EXIT_OK


async def history(ctx: Context) -> int:
    store = await ctx.store()
    rows = await store.history(limit=max(1, ctx.args.limit))
    items: list[dict[str, Any]] = []
    for row in rows:
        counts = await store.campaign_counts(row.id)
        figures = summarize_counts(counts)
        items.append({"id": row.id, "kind": row.kind, "created": row.created, "state": row.state,
                      **{k: figures[k] for k in ("recipients", "submitted", "failed", "uncertain",
                                                  "delivered", "undelivered", "pending")},
                      "waiting": counts.get(RecipientState.SUBMITTED, 0)})
    if ctx.args.json:
        print_json(items)
        return EXIT_OK
    if not items:
        print("还没有发送记录。")
        return EXIT_OK
    print(f"{'编号':>6}  {'类型':<6} {'时间':<19}  {'号码':>7} {'已提交':>7} {'成功':>7} {'失败':>7} {'不确定':>6}")
    for it in items:
        failed = it["failed"] + it["undelivered"]
        print(f"{it['id']:>6}  {KIND_NAMES.get(it['kind'], it['kind']):<6} {it['created'][:19].replace('T', ' '):<19}  "
              f"{it['recipients']:>7} {it['submitted']:>7} {it['delivered']:>7} {failed:>7} {it['uncertain']:>6}")
    return EXIT_OK
