"""The command-line commands; ``dispatch`` runs the one the arguments name and maps every error
to its exit status and a plain message.

Each subcommand's parser (``cli.py``) names its handler as ``run="<module>:<function>"``, a
coroutine function of this package taking the ``Context``; the module is imported only when
its command runs, so opening the window (no subcommand) imports none of them.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from jianmi_desktop.commands.output import EXIT_CHECK, EXIT_ERROR, EXIT_REFUSED, EXIT_UNCERTAIN, print_json
from jianmi_desktop.platform.errors import CheckFailed, JianmiError, NotSent, PlatformRefusal, Uncertain

if TYPE_CHECKING:
    from jianmi_desktop.commands.context import Context

Handler = Callable[["Context"], Awaitable[int]]

log = logging.getLogger(__name__)


def _exit_for(error: JianmiError) -> int:
    if isinstance(error, CheckFailed):
        return EXIT_CHECK
    if isinstance(error, PlatformRefusal):
        return EXIT_REFUSED
    if isinstance(error, Uncertain):
        return EXIT_UNCERTAIN
    return EXIT_ERROR


def handler_of(args: argparse.Namespace) -> Handler:
    """The coroutine function ``args.run`` ("<module>:<function>") names."""
    module_name, _, name = str(args.run).partition(":")
    module = importlib.import_module(f"{__name__}.{module_name}")
    handler: Handler = getattr(module, name)
    return handler


async def dispatch(args: argparse.Namespace) -> int:
    from jianmi_desktop.commands.context import Context

    handler = handler_of(args)
    ctx = Context(args)
    try:
        return await handler(ctx)
    except JianmiError as error:
        code = _exit_for(error)
        log.info("command %s ended with exit %s: %s", args.command, code, error.zh)
        if getattr(args, "json", False):
            payload: dict[str, object] = {"error": error.zh, "error_en": error.en}
            if isinstance(error, CheckFailed):
                payload["problems"] = error.problems
            if isinstance(error, PlatformRefusal):
                payload["code"] = error.code
            print_json(payload)
        print(_headline(error), file=sys.stderr)
        print(error.zh, file=sys.stderr)
        return code
    finally:
        await ctx.close()


def _headline(error: JianmiError) -> str:
    if isinstance(error, CheckFailed):
        return "检查没有通过，什么也没有发送："
    if isinstance(error, PlatformRefusal):
        return f"平台拒绝了（代码 {error.code}）："
    if isinstance(error, Uncertain):
        return "结果不确定：请求已经发出，但没有收到回答。不会自动重发。"
    if isinstance(error, NotSent):
        return "没有发出："
    return "出错了："
