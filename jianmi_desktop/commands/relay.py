"""``jianmi-desktop relay``: run the relay server; ``relay token add|list|revoke``: its desktops."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from typing import Any

from jianmi_desktop.commands.output import EXIT_ERROR, EXIT_OK, print_json

DEFAULT_PORT = 17900


def add_parser(sub: Any) -> None:
    """``relay`` and ``relay token …`` on the command line's subparsers."""
    p = sub.add_parser("relay", help="中继服务器：替内网电脑接收推送 / the relay server for desktops behind NAT")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=DEFAULT_PORT)
    p.add_argument("--db", default=None, help="sqlite:///<数据目录>/relay.db（默认）或 postgresql://…")
    p.add_argument("--public-url", default=None, help="平台和电脑从外面访问本服务的地址 / the public address")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run="relay:relay")
    tokens = p.add_subparsers(dest="relay_command")
    token = tokens.add_parser("token", help="桌面令牌 / desktop tokens").add_subparsers(dest="token_command",
                                                                                    required=True)
    for name, helptext in (("add", "新建令牌（只显示一次）"), ("list", "列出令牌"), ("revoke", "撤销令牌")):
        q = token.add_parser(name, help=helptext)
        if name != "list":
            q.add_argument("name")
        q.add_argument("--db", default=argparse.SUPPRESS)
        q.add_argument("--json", action="store_true", default=argparse.SUPPRESS)


def _db_url(ctx: Any) -> str:
    from jianmi_desktop.relay.server import default_db_url

    return getattr(ctx.args, "db", None) or os.environ.get("JIANMI_RELAY_DB") or default_db_url(ctx.folder)


async def relay(ctx: Any) -> int:
    if getattr(ctx.args, "relay_command", None) == "token":
        return await _token(ctx)
    from jianmi_desktop.relay.server import run_relay
    from jianmi_desktop.relay.storage import RelayError

    a = ctx.args
    try:
        await run_relay(_db_url(ctx), a.host, a.port, a.public_url, a.json)
    except asyncio.CancelledError:
        pass
    except OSError as exc:
        raise RelayError(f"无法在 {a.host}:{a.port} 上监听（{exc.strerror or exc}）：端口可能已被占用",
                         f"Cannot listen on {a.host}:{a.port} ({exc.strerror or exc}): is the port taken?") from None
    return EXIT_OK


def _when(ts: float | None) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(ts)) if ts else "-"


async def _token(ctx: Any) -> int:
    from jianmi_desktop.relay.backends import open_storage
    from jianmi_desktop.relay.server import db_password

    a = ctx.args
    storage = await open_storage(_db_url(ctx), password=db_password())
    try:
        if a.token_command == "add":
            token = await storage.create_token(a.name)
            print(token)
            print(f"这是“{a.name}”的令牌，只显示这一次：请在那台电脑的设置里填入（回执来源 → 中继服务器），"
                  "或设为环境变量 JIANMI_RELAY_TOKEN。", file=sys.stderr)
            return EXIT_OK
        if a.token_command == "revoke":
            if not await storage.revoke_token(a.name):
                print(f"没有名为“{a.name}”的有效令牌。", file=sys.stderr)
                return EXIT_ERROR
            print(f"令牌“{a.name}”已撤销：那台电脑从现在起不能再拉取。")
            return EXIT_OK
        rows = await storage.list_tokens()
        if getattr(a, "json", False):
            print_json([{"name": t.name, "created": t.created, "last_seen": t.last_seen, "cursor": t.acked,
                         "revoked": t.revoked is not None} for t in rows])
            return EXIT_OK
        if not rows:
            print("还没有令牌：用 `jianmi-desktop relay token add 名称` 新建。")
        for t in rows:
            state = f"已撤销 {_when(t.revoked)}" if t.revoked else f"最近拉取 {_when(t.last_seen)}，游标 {t.acked}"
            print(f"{t.name}\t创建于 {_when(t.created)}\t{state}")
        return EXIT_OK
    finally:
        await storage.close()
