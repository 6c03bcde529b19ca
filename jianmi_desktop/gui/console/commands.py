"""The API console's table of commands (the platform's parameter tables) and its pure helpers.

No Qt here. Texts are Chinese, marked ``QT_TRANSLATE_NOOP("ConsoleCommands", …)`` for lupdate,
and translated by the tab at display time (``QCoreApplication.translate(CONTEXT, text)``);
helpers that format texts take that function as ``tr``.
"""

from __future__ import annotations

import html
import json
import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote_plus

from jianmi_desktop.platform import clientapi, intl, sdk
from jianmi_desktop.platform.answers import parse_code_or_json, parse_getnum
from jianmi_desktop.platform.auth import clientapi_key, clientapi_timestamp
from jianmi_desktop.platform.codes import Action, info
from jianmi_desktop.platform.form import decode_form
from jianmi_desktop.platform.sdk import Call
from jianmi_desktop.platform.text import gbk_problems

CONTEXT = "ConsoleCommands"
Tr = Callable[[str], str]


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name lupdate looks for
    return text


# kinds of parameter: how the form shows and fills it
FIXED, ACCOUNT, SECRET, COMPUTED, TEXT, LONG, NEWSECRET, FILE = (
    "fixed", "account", "secret", "computed", "text", "long", "newsecret", "file")


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    required: bool
    max_len: int | None
    desc: str
    kind: str = TEXT
    default: str = ""


@dataclass(frozen=True)
class Command:
    name: str
    endpoint: str   # "sdk" | "clientapi" | "intl"
    title: str
    summary: str
    params: tuple[Param, ...]
    costly: bool    # costs money or changes things: confirm first in production mode

    @property
    def has_msg(self) -> bool:
        return any(p.name == "msg" for p in self.params)


ENDPOINTS = {
    "sdk": QT_TRANSLATE_NOOP("ConsoleCommands", "SDK 接口（短信、语音）"),
    "clientapi": QT_TRANSLATE_NOOP("ConsoleCommands", "ClientApi 接口（彩信、回调）"),
    "intl": QT_TRANSLATE_NOOP("ConsoleCommands", "国际短信接口"),
}

_UID = Param("uid", "String", True, 30, QT_TRANSLATE_NOOP("ConsoleCommands", "账号"), ACCOUNT)
_PSW = Param("psw", "String", True, 32, QT_TRANSLATE_NOOP(
    "ConsoleCommands", "密码的 MD5（32 位）。留空则用设置里的密码自动计算；要试别的密码，在此输入明文"), SECRET)
_UCUID = Param("ucuid", "String", True, 30, QT_TRANSLATE_NOOP("ConsoleCommands", "账号"), ACCOUNT)
_PASSWORD = Param("password", "String", True, 30, QT_TRANSLATE_NOOP(
    "ConsoleCommands", "密码的 MD5（32 位，不区分大小写）。留空则用设置里的密码自动计算"), SECRET)
_KEY = Param("key", "String", True, 32, QT_TRANSLATE_NOOP(
    "ConsoleCommands", "验证 KEY：cmd + timestamp + apiKey 的 MD5（发送时计算）"), COMPUTED)
_TS = Param("timestamp", "String", True, 14, QT_TRANSLATE_NOOP(
    "ConsoleCommands", "时间戳，格式 yyyyMMddHHmmss（发送时取北京时间）"), COMPUTED)
_MOBILES = Param("mobiles", "String", True, 6000, QT_TRANSLATE_NOOP(
    "ConsoleCommands", "手机号码，多个号码用逗号隔开，最多 500 个号码，建议 100 个提交一次"), LONG)
_MSGID = Param("msgid", "int", True, 20, QT_TRANSLATE_NOOP(
    "ConsoleCommands", "消息编号，客户端生成，每提交一次都要不同（留空则自动生成）"))
_VOICE_FILE = Param("filename", "String", False, 200, QT_TRANSLATE_NOOP(
    "ConsoleCommands", "语音文件序号（上传时返回的），发文字时留空"))
_VOICE_TEXT = QT_TRANSLATE_NOOP("ConsoleCommands", "语音内容（文字），GBK 编码，180 字一条；与 filename 二选一")
_DATE = Param("senddate", "String", True, 10, QT_TRANSLATE_NOOP("ConsoleCommands", "发送日期，格式 YYYY-MM-DD"))
_TIME = Param("sendtime", "String", True, 8, QT_TRANSLATE_NOOP("ConsoleCommands", "发送时间，格式 hh:mm:ss"))


def _voice_msg(limit: int) -> Param:
    return Param("msg", "String", False, limit, _VOICE_TEXT, LONG)


def _cmd(name: str) -> Param:
    return Param("cmd", "String", True, 30, QT_TRANSLATE_NOOP("ConsoleCommands", "命令字"), FIXED, name)


def _sdk(name: str, *rest: Param) -> tuple[Param, ...]:
    return (_UID, _PSW, _cmd(name), *rest)


def _capi(name: str, *rest: Param) -> tuple[Param, ...]:
    return (_cmd(name), _KEY, _TS, _UCUID, _PASSWORD, *rest)


COMMANDS: dict[str, Command] = {c.name: c for c in (
    Command("getnum", "sdk", QT_TRANSLATE_NOOP("ConsoleCommands", "查询余额"),
            QT_TRANSLATE_NOOP("ConsoleCommands", "查询账户已发送条数与还可发送条数"), _sdk("getnum"), False),
    Command("modifpsw", "sdk", QT_TRANSLATE_NOOP("ConsoleCommands", "修改密码"),
            QT_TRANSLATE_NOOP("ConsoleCommands", "修改账户的密码；成功后旧密码就不能用了"), _sdk(
                "modifpsw", Param("newpsw", "String", True, 32, QT_TRANSLATE_NOOP(
                    "ConsoleCommands", "新密码，不需要 MD5 加密，长度 6 到 32 位"), NEWSECRET)), True),
    Command("send", "sdk", QT_TRANSLATE_NOOP("ConsoleCommands", "发送短信"),
            QT_TRANSLATE_NOOP("ConsoleCommands", "向手机下发短信；只表示提交是否成功，状态报告稍后推送"), _sdk(
                "send", _MOBILES, _MSGID,
                Param("subid", "String", False, 3, QT_TRANSLATE_NOOP("ConsoleCommands", "扩展号（最多 3 位数字）")),
                Param("msg", "String", True, 2000, QT_TRANSLATE_NOOP(
                    "ConsoleCommands", "消息内容，GBK 编码；开头或结尾要加签名，签名写在【】里"), LONG)), True),
    Command("uploadvoicefile", "sdk", QT_TRANSLATE_NOOP("ConsoleCommands", "上传语音文件"),
            QT_TRANSLATE_NOOP("ConsoleCommands", "上传 mp3 语音文件，返回的序号用于发送语音"), _sdk(
                "uploadvoicefile", Param("file", "mp3", True, None, QT_TRANSLATE_NOOP(
                    "ConsoleCommands", "语音文件流，格式 mp3，大小 5M 以内"), FILE)), False),
    Command("sendvoicecall", "sdk", QT_TRANSLATE_NOOP("ConsoleCommands", "语音外呼（转人工）"),
            QT_TRANSLATE_NOOP("ConsoleCommands", "向手机下发语音，播完自动转接人工座席"), _sdk(
                "sendvoicecall", _MOBILES, _MSGID, _voice_msg(1000), _VOICE_FILE,
                Param("daycheck", "int", False, 1, QT_TRANSLATE_NOOP(
                    "ConsoleCommands", "发送天限制：0 不限制，1 周一至周五，2 周一至周六"), default="0"),
                Param("timecheck", "int", False, 1, QT_TRANSLATE_NOOP(
                    "ConsoleCommands", "发送时间限制：0 不限制，1 工作时间（9-12、14-18）"), default="1"),
                Param("callType", "int", False, 3, QT_TRANSLATE_NOOP("ConsoleCommands", "呼叫类型，默认 1"),
                      default="1"),
                Param("speed", "int", False, 4, QT_TRANSLATE_NOOP(
                    "ConsoleCommands", "发送速度，1-1200 条/分钟，默认 60"), default="60"),
                Param("batchnum", "long", False, 19, QT_TRANSLATE_NOOP("ConsoleCommands", "批次号"))), True),
    Command("sendvoice", "sdk", QT_TRANSLATE_NOOP("ConsoleCommands", "语音通知"),
            QT_TRANSLATE_NOOP("ConsoleCommands", "下发语音（验证码等及时语音）；填了日期和时间就定时发送"), _sdk(
                "sendvoice", _MOBILES, _MSGID,
                Param("senddate", "String", False, 10, QT_TRANSLATE_NOOP(
                    "ConsoleCommands", "发送日期，格式 YYYY-MM-DD（定时才填）")),
                Param("sendtime", "String", False, 8, QT_TRANSLATE_NOOP(
                    "ConsoleCommands", "发送时间，格式 hh:mm:ss（定时才填）")),
                _voice_msg(2000), _VOICE_FILE), True),
    Command("sendvote", "sdk", QT_TRANSLATE_NOOP("ConsoleCommands", "定时语音"),
            QT_TRANSLATE_NOOP("ConsoleCommands", "在指定的日期和时间下发语音"), _sdk(
                "sendvote", _MOBILES, _MSGID, _DATE, _TIME, _voice_msg(1000), _VOICE_FILE), True),
    Command("addContent", "clientapi", QT_TRANSLATE_NOOP("ConsoleCommands", "添加彩信内容"),
            QT_TRANSLATE_NOOP("ConsoleCommands", "保存彩信内容（XML），返回 taskId 供发送时使用"), _capi(
                "addContent", Param("content", "String", True, 6000, QT_TRANSLATE_NOOP(
                    "ConsoleCommands", "彩信内容，XML 格式（<mms>…</mms>）"), LONG)), False),
    Command("mmsSend", "clientapi", QT_TRANSLATE_NOOP("ConsoleCommands", "发送彩信"),
            QT_TRANSLATE_NOOP("ConsoleCommands", "把已添加的彩信内容发给号码"), _capi(
                "mmsSend", Param("mobiles", "String", True, 6000, QT_TRANSLATE_NOOP(
                    "ConsoleCommands", "接收号码，多个号码用逗号分隔"), LONG),
                Param("taskId", "String", True, 300, QT_TRANSLATE_NOOP(
                    "ConsoleCommands", "内容资源 ID，添加彩信内容时返回"))), True),
    Command("setStatusUrl", "clientapi", QT_TRANSLATE_NOOP("ConsoleCommands", "设置状态回调地址"),
            QT_TRANSLATE_NOOP("ConsoleCommands", "设置接收语音、彩信发送状态的地址"), _capi(
                "setStatusUrl", Param("statusUrl", "String", True, 500, QT_TRANSLATE_NOOP(
                    "ConsoleCommands", "回调地址，可带自定义参数"))), False),
    Command("sendIntlSms", "intl", QT_TRANSLATE_NOOP("ConsoleCommands", "发送国际短信"),
            QT_TRANSLATE_NOOP("ConsoleCommands", "向境外手机下发短信"), (
                _cmd("sendIntlSms"), _UID, _PSW, _MSGID,
                Param("msg", "String", True, 1000, QT_TRANSLATE_NOOP(
                    "ConsoleCommands", "消息内容，GBK 编码；结尾要加签名，签名写在【】里"), LONG),
                Param("mobiles", "String", True, 6000, QT_TRANSLATE_NOOP(
                    "ConsoleCommands", "号码：国家代码加号码的数字，不带 + 或 00；多个用逗号隔开，最多 500 个"), LONG),
                Param("sendtime", "String", False, 30, QT_TRANSLATE_NOOP(
                    "ConsoleCommands", "定时发送时间，格式 YYYY-MM-DD hh:mm:ss；立即发送不填"))), True),
)}


@dataclass(frozen=True)
class Auth:
    """What the console signs with. Held only while a call is being built."""

    uid: str
    psw_md5: str
    apikey: str


def _opt(values: dict[str, str], name: str) -> str | None:
    return values.get(name) or None


def build_call(cmd: str, values: dict[str, str], auth: Auth,
               file: tuple[str, bytes] | None = None) -> Call:
    """The Call the platform builders make of the typed ``values``; their ValueError propagates."""
    g = values.get
    u, p, k = g("uid") or g("ucuid") or "", auth.psw_md5, auth.apikey
    if cmd == "getnum":
        return sdk.getnum(u, p)
    if cmd == "modifpsw":
        return sdk.modifpsw(u, p, g("newpsw", ""))
    if cmd == "send":
        return sdk.send(u, p, g("mobiles", ""), g("msg", ""), g("msgid", ""), g("subid", ""))
    if cmd == "uploadvoicefile":
        if file is None:
            raise ValueError("请先选择一个 mp3 文件 / choose an mp3 file first")
        return sdk.uploadvoicefile(u, p, file[0], file[1])
    voice = {"msg": _opt(values, "msg"), "filename": _opt(values, "filename")}
    if cmd == "sendvoicecall":
        return sdk.sendvoicecall(u, p, g("mobiles", ""), g("msgid", ""), **voice,
                                 daycheck=g("daycheck") or 0, timecheck=g("timecheck") or 1,
                                 call_type=g("callType") or 1, speed=g("speed") or 60, batchnum=g("batchnum", ""))
    if cmd in ("sendvoice", "sendvote"):
        return sdk.sendvoice(u, p, g("mobiles", ""), g("msgid", ""), **voice, senddate=_opt(values, "senddate"),
                             sendtime=_opt(values, "sendtime"), vote=cmd == "sendvote")
    if cmd == "addContent":
        return clientapi.add_content(u, p, k, g("content", ""))
    if cmd == "mmsSend":
        return clientapi.mms_send(u, p, k, g("mobiles", ""), g("taskId", ""))
    if cmd == "setStatusUrl":
        return clientapi.set_status_url(u, p, k, g("statusUrl", ""))
    if cmd == "sendIntlSms":
        return intl.send_intl_sms(u, p, g("mobiles", ""), g("msg", ""), g("msgid", ""), _opt(values, "sendtime"))
    raise ValueError(f"未知的命令 {cmd} / unknown command {cmd}")


def raw_call(cmd: str, values: dict[str, str], auth: Auth, file: tuple[str, bytes] | None = None) -> Call:
    """A Call of the parameters exactly as typed (blank ones left out), for 原样发送.

    The password is the MD5 (``auth``); on ClientApi, ``key`` and ``timestamp`` are computed now.
    """
    command = COMMANDS[cmd]
    params: dict[str, str] = {}
    timestamp = clientapi_timestamp()
    for p in command.params:
        if p.kind == FIXED:
            params[p.name] = p.default
        elif p.kind == SECRET:
            params[p.name] = auth.psw_md5
        elif p.name == "timestamp":
            params[p.name] = timestamp
        elif p.name == "key":
            params[p.name] = clientapi_key(cmd, timestamp, auth.apikey)
        elif p.kind != FILE and values.get(p.name):
            params[p.name] = values[p.name]
    sent_file = (file[0], file[1], "audio/mpeg") if file is not None else None
    return Call(command.endpoint, cmd, params, sent_file, parse_code_or_json)


_CODE_RE = re.compile(r"^\s*\ufeff?\s*(-?\d{1,4})\s*(?:#|$)")


def answer_code(text: str) -> int | None:
    """The result code of an answer (``100``, ``100#9#198``, ``{"result":"100"}``), or None."""
    match = _CODE_RE.match(text)
    if match:
        return int(match.group(1))
    try:
        data = json.loads(text)
        return int(str(data["result"]).strip())
    except (ValueError, TypeError, KeyError, IndexError):
        return None


ADVICE = {
    Action.OK: QT_TRANSLATE_NOOP("ConsoleCommands", "不用做什么。发送类的命令只表示平台已接受，送达情况稍后由状态报告推送过来。"),
    Action.FAIL: QT_TRANSLATE_NOOP("ConsoleCommands", "平台没有执行这次请求。请检查各个参数，改正后再试。"),
    Action.STOP_AUTH: QT_TRANSLATE_NOOP("ConsoleCommands", "请检查账号和密码（设置里），ClientApi 还要检查 apiKey 和电脑的时间是否准确。"),
    Action.BAD_NUMBER: QT_TRANSLATE_NOOP("ConsoleCommands", "这一批一个也没有发出。请检查号码：11 位手机号，用英文逗号隔开。"),
    Action.STOP_CONTENT: QT_TRANSLATE_NOOP("ConsoleCommands", "请检查内容：开头或结尾要有【签名】，不要有敏感词和无法识别的字符。"),
    Action.RETRY: QT_TRANSLATE_NOOP("ConsoleCommands", "请求没有执行。稍等一秒再试即可。"),
    Action.STOP_BALANCE: QT_TRANSLATE_NOOP("ConsoleCommands", "余额不足，请先充值，再查询余额确认。"),
    Action.BUG: QT_TRANSLATE_NOOP("ConsoleCommands", "请对照上面的参数表检查必填参数（带 * 的）是否都填了。"),
    Action.WEAK_PASSWORD: QT_TRANSLATE_NOOP("ConsoleCommands", "请换一个更复杂的新密码：字母和数字都要有。"),
}


def advice(code: int) -> str:
    return ADVICE.get(info(code).action, ADVICE[Action.FAIL])


def gbk_cells(text: str) -> list[tuple[int, str, str | None]]:
    """(position, character, GBK bytes as hex or None when GBK cannot hold it) for each character."""
    cells: list[tuple[int, str, str | None]] = []
    for i, ch in enumerate(text):
        try:
            cells.append((i, ch, ch.encode("gbk").hex(" ").upper()))
        except UnicodeEncodeError:
            cells.append((i, ch, None))
    return cells


#: shell placeholders the curl copy uses instead of secrets
PLACEHOLDERS = {"psw": "${JIANMI_PSW_MD5}", "password": "${JIANMI_PSW_MD5}",
                "newpsw": "${JIANMI_NEW_PASSWORD}", "key": "${KEY}", "timestamp": "${TS}"}


def _part(text: str) -> str:
    try:
        return quote_plus(text, safe="", encoding="gbk", errors="strict")
    except UnicodeEncodeError:
        return quote_plus(text, safe="", encoding="utf-8")


def curl_command(url: str, call: Call) -> str:
    """A curl command that repeats ``call`` with every secret replaced by a shell variable."""
    lines = ["# export JIANMI_PASSWORD=… JIANMI_APIKEY=…  (or JIANMI_PSW_MD5=… directly)",
             "JIANMI_PSW_MD5=${JIANMI_PSW_MD5:-$(printf %s \"$JIANMI_PASSWORD\" | md5sum | cut -c1-32)}"]
    if "key" in call.params:
        lines += ["TS=$(TZ=Asia/Shanghai date +%Y%m%d%H%M%S)",
                  f"KEY=$(printf %s \"{call.cmd}${{TS}}${{JIANMI_APIKEY}}\" | md5sum | cut -c1-32)"]
    if "newpsw" in call.params:
        lines.append("# JIANMI_NEW_PASSWORD=…")
    if call.file is not None:
        fields = [f"-F \"{n}={PLACEHOLDERS[n]}\"" if n in PLACEHOLDERS else "-F " + shlex.quote(f"{n}={v}")
                  for n, v in call.params.items()]
        fields.append("-F " + shlex.quote(f"file=@{call.file[0]};type={call.file[2]}"))
        lines.append(f"curl -X POST {shlex.quote(url)} " + " ".join(fields))
    else:
        body = "&".join(f"{_part(n)}={PLACEHOLDERS.get(n) or _part(v)}" for n, v in call.params.items())
        lines.append(f"curl -X POST {shlex.quote(url)} -H 'Content-Type: application/x-www-form-urlencoded; "
                     f"charset=GBK' --data \"{body}\"")
    return "\n".join(lines)


@dataclass(frozen=True)
class Entry:
    """One call of this session as the console shows it. Secrets are already masked."""

    when: str
    cmd: str
    method: str
    url: str
    body: str
    multipart: bool
    shown_params: tuple[tuple[str, str], ...]
    status: int
    text: str
    elapsed_ms: float
    curl: str
    msg: str | None

    @property
    def code(self) -> int | None:
        return answer_code(self.text) if self.status == 200 else None


def request_text(entry: Entry, tr: Tr) -> str:
    """Method, URL, content type, the (masked) body and its decoded parameters."""
    kind = "multipart/form-data" if entry.multipart else "application/x-www-form-urlencoded; charset=GBK"
    body = entry.body or tr(QT_TRANSLATE_NOOP("ConsoleCommands", "（请求没有发出）"))
    params = entry.shown_params
    if entry.body and not entry.multipart:
        try:
            params = tuple(decode_form(entry.body).items())
        except ValueError:
            pass
    lines = [f"{entry.method} {entry.url}", f"Content-Type: {kind}", "", body, "",
             tr(QT_TRANSLATE_NOOP("ConsoleCommands", "# 参数（解码后）"))]
    return "\n".join(lines + [f"{name} = {value}" for name, value in params])


def meaning_html(entry: Entry, tr: Tr, describe: Callable[[int], str]) -> str:
    """What the answer means and what to do, as rich text."""
    if entry.status == 0:
        return html.escape(entry.text).replace("\n", "<br>")
    if entry.status != 200:
        return html.escape(tr(QT_TRANSLATE_NOOP(
            "ConsoleCommands", "平台的服务器回答了 HTTP {status}，请求没有被执行。请检查接口地址（设置里）。"))
            .format(status=entry.status))
    code = entry.code
    if code is None:
        return html.escape(tr(QT_TRANSLATE_NOOP("ConsoleCommands", "平台返回了无法识别的内容，可能是接口地址不对。")))
    extra = ""
    if entry.cmd == "getnum" and code == 100:
        try:
            balance = parse_getnum(entry.text).balance
            assert balance is not None  # (code 100: the figures are there)
            extra = tr(QT_TRANSLATE_NOOP("ConsoleCommands", "。已发送 {sent} 条，还可发送 {left} 条。")).format(
                sent=balance.sent, left=balance.remaining)
        except Exception:  # noqa: BLE001 - a courtesy line only
            extra = ""
    color = "#1b7f3b" if code == 100 else "#b00020"
    result = tr(QT_TRANSLATE_NOOP("ConsoleCommands", "结果 {code}：")).format(code=code)
    todo = tr(QT_TRANSLATE_NOOP("ConsoleCommands", "怎么办："))
    return (f"<p><b style='color:{color}'>{html.escape(result)}</b>{html.escape(describe(code) + extra)}</p>"
            f"<p><b>{html.escape(todo)}</b>{html.escape(tr(advice(code)))}</p>")


def _visible(ch: str) -> str:
    return html.escape(ch) if ch.isprintable() and not ch.isspace() else f"U+{ord(ch):04X}"


def gbk_html(text: str, tr: Tr, limit: int = 3000) -> str:
    """Each character with its GBK bytes; characters GBK cannot hold in red, with their position."""
    cells = gbk_cells(text)
    size = sum(len(h.split()) for _i, _ch, h in cells if h)
    parts = ["<p>" + html.escape(tr(QT_TRANSLATE_NOOP("ConsoleCommands", "共 {n} 个字符，GBK 编码后 {b} 字节。"))
                                 .format(n=len(text), b=size)) + "</p>"]
    problems = gbk_problems(text)
    if problems:
        line = tr(QT_TRANSLATE_NOOP("ConsoleCommands", "第 {pos} 个字符“{ch}”({cp}) 无法用 GBK 编码"))
        items = "<br>".join(html.escape(line.format(
            pos=p.position + 1, ch=p.char if p.char.isprintable() and not p.char.isspace() else "",
            cp=p.codepoint)) for p in problems[:50])
        title = html.escape(tr(QT_TRANSLATE_NOOP("ConsoleCommands", "有无法发送的字符：")))
        parts.append(f"<p style='color:#c00000'><b>{title}</b><br>{items}</p>")
    shown = []
    for pos, ch, hexed in cells[:limit]:
        if hexed is None:
            shown.append(f"<span style='color:#c00000; background:#ffe0e0'><b>{_visible(ch)}</b>"
                         f"<sub>[{pos + 1}: U+{ord(ch):04X} ✗]</sub></span>")
        else:
            shown.append(f"{_visible(ch)}<sub style='color:#777'>{hexed}</sub>")
    parts.append("<p style='line-height:160%'>" + " ".join(shown) + ("…" if len(cells) > limit else "") + "</p>")
    return "".join(parts)


def read_file(path: str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()


def password_changed(account, new_md5: str) -> None:
    """After a 100 to modifpsw the session goes on with the new password (as client.modifpsw does)."""
    old = account.password_md5
    account.password_md5 = new_md5
    if account.clientapi_password_md5 == old and (account.ucuid is None or account.ucuid == account.uid):
        account.clientapi_password_md5 = new_md5
