"""The command line: a fixed contract that scripts and tests rely on (``docs/cli.md``).

``build_parser`` adds each group of subcommands with one function of ``COMMANDS``; a
subcommand names its handler as ``run="<module>:<function>"`` in ``jianmi_desktop/commands/``
(imported only when it runs). A new command is a function here, one entry in ``COMMANDS``, and
its handler in a module of ``commands/``. Exit statuses: ``commands/output.py``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from jianmi_desktop import __version__
from jianmi_desktop.commands.output import (  # noqa: F401 - the exit statuses, as cli.EXIT_* too
    EXIT_CHECK,
    EXIT_ERROR,
    EXIT_OK,
    EXIT_REFUSED,
    EXIT_UNCERTAIN,
)

Subparsers = Any  # argparse's _SubParsersAction (private)


class _FrameAction(argparse.Action):
    """``--frame IMAGE`` starts a new frame; ``--text``/``--seconds`` after it belong to it."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> None:
        frames = getattr(namespace, "frames", None) or []
        if option_string == "--frame":
            frames.append({"image": values, "text": None, "seconds": None})
        else:
            if not frames:
                parser.error(f"{option_string} 必须写在某个 --frame 之后（它属于前面那一帧）")
            key = "text" if option_string == "--text" else "seconds"
            frames[-1][key] = values
        namespace.frames = frames


def _add_recipients(p: argparse.ArgumentParser) -> None:
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--to", help="号码，用逗号分隔 / numbers separated by commas")
    group.add_argument("--to-file", type=Path, help="号码文件：TXT、CSV 或 Excel / a TXT, CSV or Excel file")


def _servers(sub: Subparsers) -> None:
    p = sub.add_parser("sandbox", help="运行平台沙箱 / run the platform sandbox")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=None)
    p.add_argument("--state", type=Path, default=None)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--push-url", default=None)
    p.add_argument("--uid", default=None)
    p.add_argument("--password", default=None)
    p.add_argument("--apikey", default=None)
    p.add_argument("--latency-ms", type=int, default=0)
    p.set_defaults(run="misc:sandbox")

    p = sub.add_parser("receiver", help="接收状态报告和回复 / receive reports and replies")
    p.add_argument("--host", default=None)
    p.add_argument("--port", type=int, default=None)
    p.set_defaults(run="misc:receiver")


def _account(sub: Subparsers) -> None:
    p = sub.add_parser("balance", help="查询余额 / show the balance")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run="misc:balance")

    p = sub.add_parser("passwd", help="修改密码 / change the password")
    p.add_argument("--new", required=True, dest="new_password")
    p.set_defaults(run="misc:passwd")


def _sms(sub: Subparsers) -> None:
    sms = sub.add_parser("sms", help="短信 / SMS").add_subparsers(dest="sms_command", required=True)
    p = sms.add_parser("check", help="只检查，不发送 / check only")
    _add_recipients(p)
    p.add_argument("--text", required=True)
    p.add_argument("--intl", action="store_true")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run="sms:check")
    p = sms.add_parser("send", help="发送 / send")
    _add_recipients(p)
    p.add_argument("--text", required=True)
    p.add_argument("--intl", action="store_true")
    p.add_argument("--at", default=None, help='"YYYY-MM-DD hh:mm:ss"（中国时间）')
    p.add_argument("--skip-invalid", action="store_true")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run="sms:send")
    p = sms.add_parser("resume", help="继续未完成的发送 / continue unfinished campaigns")
    p.add_argument("campaign", nargs="?", type=int)
    p.add_argument("--json", action="store_true")
    p.set_defaults(run="sms:resume")


def _voice(sub: Subparsers) -> None:
    voice = sub.add_parser("voice", help="语音 / voice").add_subparsers(dest="voice_command", required=True)
    p = voice.add_parser("upload", help="上传 mp3 / upload an mp3")
    p.add_argument("file", type=Path)
    p.set_defaults(run="voice:upload")
    for name in ("send", "call"):
        p = voice.add_parser(name, help="语音通知 / voice notification" if name == "send" else "语音呼叫 / call")
        _add_recipients(p)
        what = p.add_mutually_exclusive_group(required=True)
        what.add_argument("--text")
        what.add_argument("--file", dest="serial")
        p.add_argument("--skip-invalid", action="store_true")
        p.add_argument("--json", action="store_true")
        if name == "send":
            p.add_argument("--at", default=None)
            p.add_argument("--vote", action="store_true")
        else:
            p.add_argument("--days", choices=["any", "weekdays", "mon-sat"], default="any")
            p.add_argument("--hours", choices=["any", "office"], default="office")
            p.add_argument("--speed", type=int, default=60)
        p.set_defaults(run=f"voice:{name}")


def _mms(sub: Subparsers) -> None:
    mms = sub.add_parser("mms", help="彩信 / MMS").add_subparsers(dest="mms_command", required=True)
    p = mms.add_parser("send", help="发送彩信 / send an MMS")
    _add_recipients(p)
    p.add_argument("--title", required=True)
    p.add_argument("--frame", action=_FrameAction, help="图片文件（'' 表示只有文字）")
    p.add_argument("--text", action=_FrameAction)
    p.add_argument("--seconds", action=_FrameAction, type=int)
    p.add_argument("--skip-invalid", action="store_true")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run="mms:send")


def _misc(sub: Subparsers) -> None:
    p = sub.add_parser("status-url", help="设置状态回调地址 / set the status URL")
    p.add_argument("url")
    p.set_defaults(run="misc:status_url")

    p = sub.add_parser("history", help="发送记录 / history")
    p.add_argument("--json", action="store_true")
    p.add_argument("--limit", type=int, default=50)
    p.set_defaults(run="misc:history")


def _relay(sub: Subparsers) -> None:
    from jianmi_desktop.commands import relay, sync

    relay.add_parser(sub)
    sync.add_parser(sub)


#: each adds a group of subcommands, in the order ``--help`` lists them
COMMANDS: Sequence[Callable[[Subparsers], None]] = (_servers, _account, _sms, _voice, _mms, _misc, _relay)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="jianmi-desktop", description="茧米桌面 Jianmi Desktop")
    parser.add_argument("--version", action="version", version=f"jianmi-desktop {__version__}")
    parser.add_argument("--self-test", action="store_true",
                        help="检查这台电脑上的程序能否正常工作（沙箱，不发真实消息）/ check the installed program")
    sub = parser.add_subparsers(dest="command")
    for add in COMMANDS:
        add(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    from jianmi_desktop.settings import private_umask

    private_umask()
    if not (sys.argv[1:] if argv is None else argv):
        # no arguments: the window, at once (no parser of every command, no asyncio before its paint)
        from jianmi_desktop.gui_launch import launch_gui

        return launch_gui()
    args = build_parser().parse_args(argv)
    if args.self_test:
        from jianmi_desktop.selftest import run

        return run()
    if args.command is None:
        from jianmi_desktop.gui_launch import launch_gui

        return launch_gui()
    import asyncio

    from jianmi_desktop import commands

    try:
        return asyncio.run(commands.dispatch(args))
    except KeyboardInterrupt:
        print("已中断。未完成的发送可以用 `jianmi-desktop sms resume` 继续。", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
