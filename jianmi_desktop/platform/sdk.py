"""The SDK endpoint: the ``Call`` record, answer parsers and the builders of
getnum, modifpsw, send, uploadvoicefile, sendvoicecall, sendvoice and sendvote.

Builders only build: they check what the platform's interface fixes and raise ValueError (Chinese / English
message) otherwise. They never send anything.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, time

from jianmi_desktop.platform import validate as v
from jianmi_desktop.platform.answers import (  # noqa: F401  (re-exported: the contract names them here)
    parse_code,
    parse_code_or_json,
    parse_getnum,
    parse_json,
    parse_upload,
)
from jianmi_desktop.platform.auth import mask_params
from jianmi_desktop.platform.form import encode_form
from jianmi_desktop.platform.models import Answer

MAX_MSG = 2000
MAX_VOICE_MSG = 1000          # sendvoicecall, scheduled sendvoice and sendvote (source: 1000)
MAX_VOICE_MSG_IMMEDIATE = 2000  # immediate sendvoice (source: 2000)
MAX_FILENAME = 200
MAX_VOICE_BYTES = 5_000_000   # "5M": safe under both 5,000,000 and 5 MiB
MIN_NEW_PASSWORD, MAX_NEW_PASSWORD = 6, 32


@dataclass(frozen=True, eq=False)
class Call:
    """One request to the platform, ready for the client to send.

    ``endpoint`` is "sdk", "clientapi" or "intl"; ``params`` is an ordered dict of str;
    ``file`` is ``(filename, bytes, content_type)`` for uploadvoicefile, else None;
    ``parse(text)`` turns the answer into an :class:`Answer` or raises PlatformRefusal /
    AnswerFormatError.
    """

    endpoint: str
    cmd: str
    params: dict[str, str]
    file: tuple[str, bytes, str] | None = None
    parse: Callable[[str], Answer] = field(default=parse_code)

    def form(self) -> bytes:
        """The GBK form body of ``params``."""
        return encode_form(self.params)

    def masked_params(self) -> dict[str, str]:
        """``params`` with secrets hidden, for logs and the API console."""
        return mask_params(self.params)

    def __repr__(self) -> str:  # never show psw/key in a log line
        file = f"({self.file[0]!r}, <{len(self.file[1])} bytes>, {self.file[2]!r})" if self.file else None
        return f"Call(endpoint={self.endpoint!r}, cmd={self.cmd!r}, params={self.masked_params()!r}, file={file})"


def _base(uid: str, psw_md5: str, cmd: str) -> dict[str, str]:
    return {"uid": v.account(uid, "uid"), "psw": v.md5_param(psw_md5, "psw"), "cmd": cmd}


def getnum(uid: str, psw_md5: str) -> Call:
    """Balance: answer ``100#<sent>#<remaining>``."""
    return Call("sdk", "getnum", _base(uid, psw_md5, "getnum"), None, parse_getnum)


def modifpsw(uid: str, psw_md5: str, new_password: str) -> Call:
    """Change the password; ``new_password`` is plain text, 6–32 characters."""
    if not isinstance(new_password, str):
        raise TypeError("new_password must be a str")
    if not MIN_NEW_PASSWORD <= len(new_password) <= MAX_NEW_PASSWORD:
        raise ValueError(v.msg(
            f"新密码长度应为 {MIN_NEW_PASSWORD}–{MAX_NEW_PASSWORD} 个字符，这里是 {len(new_password)} 个",
            f"the new password must be {MIN_NEW_PASSWORD}–{MAX_NEW_PASSWORD} characters, "
            f"got {len(new_password)}"))
    if new_password != new_password.strip() or any(ch.isspace() for ch in new_password):
        raise ValueError(v.msg("新密码不能含有空格", "the new password must not contain spaces"))
    v.gbk(new_password, "新密码", "the new password")
    params = _base(uid, psw_md5, "modifpsw")
    params["newpsw"] = new_password
    return Call("sdk", "modifpsw", params, None, parse_code)


def send(uid: str, psw_md5: str, mobiles: v.Mobiles, msg: str, msgid: object, subid: str = "") -> Call:
    """A domestic SMS to up to 500 mobiles; ``msg`` ≤ 2,000 characters with a 【签名】."""
    params = _base(uid, psw_md5, "send")
    params["mobiles"] = v.domestic_mobiles(mobiles)
    params["msgid"] = v.msgid(msgid)
    params["subid"] = v.subid(subid)
    params["msg"] = v.message(msg, MAX_MSG, signature=True)
    return Call("sdk", "send", params, None, parse_code)


def _looks_like_mp3(data: bytes) -> bool:
    if data[:3] == b"ID3":
        return True
    # an MPEG audio frame sync (11 set bits) somewhere near the start
    head = data[:4096]
    return any(head[i] == 0xFF and head[i + 1] & 0xE0 == 0xE0 for i in range(len(head) - 1))


def uploadvoicefile(uid: str, psw_md5: str, filename: str, data: bytes) -> Call:
    """Upload an mp3 (≤ 5,000,000 bytes), sent as the multipart part ``file``."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError("data must be bytes")
    data = bytes(data)
    if not data:
        raise ValueError(v.msg("语音文件是空的", "the voice file is empty"))
    if len(data) > MAX_VOICE_BYTES:
        raise ValueError(v.msg(
            f"语音文件太大：{len(data):,} 字节，最多 {MAX_VOICE_BYTES:,} 字节（5M）",
            f"the voice file is too big: {len(data):,} bytes, at most {MAX_VOICE_BYTES:,} (5M)"))
    if not _looks_like_mp3(data):
        raise ValueError(v.msg("这不是 mp3 文件（没有 ID3 标签或 MPEG 帧）",
                               "this is not an mp3 file (no ID3 tag or MPEG frame)"))
    name = (filename or "voice.mp3").replace("\\", "/").rsplit("/", 1)[-1] or "voice.mp3"
    params = _base(uid, psw_md5, "uploadvoicefile")
    return Call("sdk", "uploadvoicefile", params, (name, data, "audio/mpeg"), parse_upload)


def _voice_content(params: dict[str, str], msg: str | None, filename: str | None, max_msg: int) -> None:
    has_msg = msg is not None and msg != ""
    has_file = filename is not None and filename != ""
    if has_msg == has_file:
        raise ValueError(v.msg("语音要么给文字（msg），要么给已上传的文件序号（filename），只能二选一",
                               "a voice send takes exactly one of msg (text) or filename (uploaded serial)"))
    if has_msg:
        params["msg"] = v.message(msg or "", max_msg, signature=False)
    else:
        params["filename"] = v.plain(filename or "", "filename", MAX_FILENAME)


def sendvoicecall(uid: str, psw_md5: str, mobiles: v.Mobiles, msgid: object, *, msg: str | None = None,
                  filename: str | None = None, daycheck: int | str = 0, timecheck: int | str = 1,
                  call_type: int | str = 1, speed: int | str = 60, batchnum: object = "") -> Call:
    """A voice call that transfers to a human agent. Exactly one of ``msg``/``filename``. The
    numbers may come as typed text (the API tester): each is checked as a whole number in range."""
    params = _base(uid, psw_md5, "sendvoicecall")
    params["mobiles"] = v.domestic_mobiles(mobiles)
    params["msgid"] = v.msgid(msgid)
    _voice_content(params, msg, filename, MAX_VOICE_MSG)
    params["daycheck"] = v.int_range(daycheck, "daycheck", 0, 2)
    params["timecheck"] = v.int_range(timecheck, "timecheck", 0, 1)
    params["callType"] = v.int_range(call_type, "callType", 0, 999)
    params["speed"] = v.int_range(speed, "speed", 1, 1200)
    batch = v.batchnum(batchnum)
    if batch:
        params["batchnum"] = batch
    return Call("sdk", "sendvoicecall", params, None, parse_code)


def sendvoice(uid: str, psw_md5: str, mobiles: v.Mobiles, msgid: object, *, msg: str | None = None,
              filename: str | None = None, senddate: str | date | None = None,
              sendtime: str | time | None = None, vote: bool = False) -> Call:
    """A voice notification, at once or scheduled (``senddate`` and ``sendtime`` together).

    ``vote=True`` uses the command name ``sendvote`` (same parameters).
    """
    cmd = "sendvote" if vote else "sendvoice"
    params = _base(uid, psw_md5, cmd)
    params["mobiles"] = v.domestic_mobiles(mobiles)
    params["msgid"] = v.msgid(msgid)
    scheduled = senddate is not None or sendtime is not None
    limit = MAX_VOICE_MSG if scheduled or vote else MAX_VOICE_MSG_IMMEDIATE
    _voice_content(params, msg, filename, limit)
    if scheduled:
        if senddate is None or sendtime is None:
            raise ValueError(v.msg("定时语音要同时给日期（senddate）和时间（sendtime）",
                                   "a scheduled voice send needs both senddate and sendtime"))
        params["senddate"] = v.send_date(senddate)
        params["sendtime"] = v.send_time(sendtime)
    return Call("sdk", cmd, params, None, parse_code)
