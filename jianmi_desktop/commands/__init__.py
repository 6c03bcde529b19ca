"""The command-line commands; ``dispatch`` maps every error to its exit status and a plain message."""

from __future__ import annotations

import logging
import sys

from jianmi_desktop.commands.context import Context
from jianmi_desktop.commands.output import EXIT_CHECK, EXIT_ERROR, EXIT_REFUSED, EXIT_UNCERTAIN, print_json
from jianmi_desktop.platform.errors import CheckFailed, JianmiError, NotSent, PlatformRefusal, Uncertain

log = logging.getLogger(__name__)


def _exit_for(error: JianmiError) -> int:
    if isinstance(error, CheckFailed):
        return EXIT_CHECK
    if isinstance(error, PlatformRefusal):
        return EXIT_REFUSED
    if isinstance(error, Uncertain):
        return EXIT_UNCERTAIN
    return EXIT_ERROR


async def dispatch(args) -> int:
    from jianmi_desktop.commands import misc, mms, relay, sms, sync, voice

    handlers = {
        "sandbox": misc.sandbox, "receiver": misc.receiver, "balance": misc.balance,
        "passwd": misc.passwd, "status-url": misc.status_url, "history": misc.history,
        "sms": {"check": sms.check, "send": sms.send, "resume": sms.resume}.get(getattr(args, "sms_command", None)),
        "voice": {"upload": voice.upload, "send": voice.send, "call": voice.call}.get(
            getattr(args, "voice_command", None)),
        "mms": {"send": mms.send}.get(getattr(args, "mms_command", None)),
        "relay": relay.relay, "sync": sync.sync,
    }
    handler = handlers[args.command]
    ctx = Context(args)
    try:
        return await handler(ctx)
    except JianmiError as error:
        code = _exit_for(error)
        log.info("command %s ended with exit %s: %s", args.command, code, error.zh)
        if getattr(args, "json", False):
            payload = {"error": error.zh, "error_en": error.en}
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
