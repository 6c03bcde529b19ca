"""Pushes from the platform and status-URL calls.

A push body is untrusted: its size is checked first, then it is parsed with defusedxml
(no DTD, no entities, no external references). Type 1 carries ``<pushStatusForm>``
delivery reports, type 2 ``<pushSmsForm>`` replies; at most 200 records a push.
Anything wrong raises :class:`PushError` with a plain Chinese message, and nothing of
that push may be stored.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET  # only after defusedxml has vetted the prolog (_vet_prolog)
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import quote, urlsplit, urlunsplit

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET

from jianmi_desktop.platform.errors import JianmiError
from jianmi_desktop.platform.mms_xml import _XML_INVALID, cdata, escape_text
from jianmi_desktop.platform.models import Reply, StatusCall, StatusReport
from jianmi_desktop.platform.push_fast import status_records

MAX_PUSH_BYTES = 2_000_000
MAX_RECORDS = 200
STATUS_TYPE, REPLY_TYPE = 1, 2
_RECORD_TAG = {STATUS_TYPE: "pushStatusForm", REPLY_TYPE: "pushSmsForm"}
_MOBILE_RE = re.compile(r"^\+?[0-9]{3,20}$")
_MSGID_RE = re.compile(r"^[0-9]{0,20}$")
_DECL_RE = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._\-]+)[\"']")
_GB_NAMES = {"gbk", "gb2312", "gb18030", "cp936", "x-gbk", "ms936", "windows-936", "euc-cn"}


class PushError(JianmiError):
    """A push (or status call) that cannot be accepted; nothing of it is stored."""


@dataclass(frozen=True)
class Push:
    """One push: ``type`` 1 (``reports``) or 2 (``replies``)."""

    type: int
    reports: tuple[StatusReport, ...] = ()
    replies: tuple[Reply, ...] = ()

    @property
    def records(self) -> tuple[StatusReport | Reply, ...]:
        return self.reports if self.type == STATUS_TYPE else self.replies


def _declare_utf8(text: str) -> str:
    return re.sub(r"(<\?xml[^>]*?encoding\s*=\s*[\"'])[^\"']*", r"\1utf-8", text.lstrip(), count=1)


def _decode_body(body: bytes) -> str | bytes:
    """The body as expat can take it: bytes as they are, or text when GBK is declared."""
    declared = _DECL_RE.match(body[:300].lstrip(b"\xef\xbb\xbf"))
    if declared and declared.group(1).decode("ascii").lower() in _GB_NAMES:
        try:
            text = body.decode("gb18030")  # a superset of GBK and GB2312
        except UnicodeDecodeError:
            raise PushError("推送内容声明为 GBK 编码，但其中有不是 GBK 的字节",
                            "The push declares GBK but holds bytes that are not GBK") from None
        # expat cannot decode multi-byte encodings itself: hand it text, declared as UTF-8
        return _declare_utf8(text)
    return body.lstrip(b" \t\r\n") if body.lstrip(b" \t\r\n").startswith(b"<?xml") else body


class _RootReached(Exception):
    """Raised from inside the vetting parse when the root element starts: the prolog is done."""


def _root_reached(*_args: object) -> None:
    raise _RootReached


def _vet_prolog(data: str | bytes) -> None:
    """defusedxml reads the document up to the start of its root element.

    A DTD — and with it every entity declaration and external reference — can only stand
    before the root element, and defusedxml refuses it there (DTDForbidden, EntitiesForbidden,
    ExternalReferenceForbidden). Once the root has started, no DTD can follow (expat rejects
    one as malformed), and without a DTD the only entities are the five predefined ones and
    character references. So the whole body is then parsed by the C-accelerated ElementTree
    parser, about twice as fast as defusedxml's pure-Python one, with the same protection
    (the hostile-push tests hold this: DTD, billion laughs, external and parameter entities).
    """
    parser = SafeET.DefusedXMLParser(forbid_dtd=True, forbid_entities=True, forbid_external=True)
    parser.parser.StartElementHandler = _root_reached
    try:
        parser.feed(data)
        parser.close()  # no root element at all: the ParseError says so
    except _RootReached:
        return


def _parse_root(body: bytes) -> ET.Element:
    text_body = body if isinstance(body, str) else None
    if text_body is not None:
        body = text_body.encode("utf-8", errors="replace")
    if not isinstance(body, (bytes, bytearray, memoryview)):
        raise PushError("推送内容不是字节", "The push body is not bytes")
    if len(body) > MAX_PUSH_BYTES:
        raise PushError(f"推送内容太大（{len(body):,} 字节，最多 {MAX_PUSH_BYTES:,} 字节），已拒收",
                        f"The push is too big ({len(body):,} bytes, at most {MAX_PUSH_BYTES:,}); refused")
    body = bytes(body)
    if not body.strip():
        raise PushError("推送内容是空的", "The push body is empty")
    data = _declare_utf8(text_body) if text_body is not None else _decode_body(body)
    try:
        _vet_prolog(data)
        return ET.XML(data)
    except DefusedXmlException:
        raise PushError("推送内容含有 DTD 或实体声明，出于安全已拒收",
                        "The push contains a DTD or entity declarations; refused for safety") from None
    except (SafeET.ParseError, ET.ParseError) as exc:
        line, column = getattr(exc, "position", (0, 0))
        raise PushError(f"推送内容不是有效的 XML（第 {line} 行第 {column} 列）",
                        f"The push is not well-formed XML (line {line}, column {column})") from None
    except Exception:  # noqa: BLE001 - e.g. an encoding expat does not know
        raise PushError("推送内容无法解析", "The push cannot be parsed") from None


def _children(record: ET.Element) -> dict[str, ET.Element]:
    """The first child of each tag (what ``record.find(tag)`` gives), in one pass over the
    children instead of one ``find`` (an ElementPath lookup) per field."""
    found: dict[str, ET.Element] = {}
    for child in record:
        if child.tag not in found:
            found[child.tag] = child
    return found


def _field(fields: dict[str, ET.Element], name: str, n: int, required: bool = True) -> str:
    node = fields.get(name)
    if node is None:
        if required:
            raise PushError(f"第 {n} 条记录缺少 <{name}>", f"Record {n} has no <{name}>")
        return ""
    if len(node):
        raise PushError(f"第 {n} 条记录的 <{name}> 里不应有子元素", f"Record {n}: <{name}> must hold text only")
    return (node.text or "").strip() if name != "content" else (node.text or "")


def _mobile(fields: dict[str, ET.Element], n: int) -> str:
    mobile = _field(fields, "mobile", n)
    if not _MOBILE_RE.match(mobile):
        raise PushError(f"第 {n} 条记录的号码“{mobile}”无效", f"Record {n}: invalid mobile {mobile!r}")
    return mobile


def _msgid(fields: dict[str, ET.Element], n: int) -> str:
    msgid = _field(fields, "msgId", n)
    if not _MSGID_RE.match(msgid):
        raise PushError(f"第 {n} 条记录的 msgId“{msgid}”不是数字", f"Record {n}: msgId {msgid!r} is not a number")
    return msgid


def _text_of(node: ET.Element | None) -> str | None:
    """A leaf's stripped text; None when the node is missing or has children (the slow path says why)."""
    if node is None or len(node):
        return None
    text = node.text
    return text.strip() if text else ""


def _report(record: ET.Element, n: int) -> StatusReport:
    """One report; the common case in a few C-level calls, anything unusual through
    ``_report_checked`` (which raises the precise error, or builds the same report)."""
    fields = _children(record)
    get = fields.get
    status, msgid, mobile = _text_of(get("status")), _text_of(get("msgId")), _text_of(get("mobile"))
    if (status is None or msgid is None or mobile is None or status not in ("0", "1")
            or not _MSGID_RE.match(msgid) or not _MOBILE_RE.match(mobile)):
        return _report_checked(fields, n)
    code, epr, user = get("statusCode"), get("eprId"), get("userId")
    optional = [_text_of(code) if code is not None else "", _text_of(epr) if epr is not None else "",
                _text_of(user) if user is not None else ""]
    code_text, epr_text, user_text = optional
    if code_text is None or epr_text is None or user_text is None:
        return _report_checked(fields, n)
    return StatusReport(msgid, mobile, status == "1", code_text, epr_text, user_text)


def _report_checked(fields: dict[str, ET.Element], n: int) -> StatusReport:
    status = _field(fields, "status", n)
    if status not in ("0", "1"):
        raise PushError(f"第 {n} 条记录的状态“{status}”无效（应为 1 成功或 0 失败）",
                        f"Record {n}: status {status!r} is not 1 (delivered) or 0 (failed)")
    return StatusReport(msgid=_msgid(fields, n), mobile=_mobile(fields, n), delivered=status == "1",
                        status_code=_field(fields, "statusCode", n, required=False),
                        epr_id=_field(fields, "eprId", n, required=False),
                        user_id=_field(fields, "userId", n, required=False))


def _reply(record: ET.Element, n: int) -> Reply:
    fields = _children(record)
    return Reply(msgid=_msgid(fields, n), mobile=_mobile(fields, n), content=_field(fields, "content", n),
                 epr_id=_field(fields, "eprId", n, required=False),
                 user_id=_field(fields, "userId", n, required=False))


def parse_push(body: bytes) -> Push:
    """The records of one push body; PushError (nothing stored) when anything is wrong.

    A delivery-report push in the platform's usual shape takes the fast path of ``push_fast``
    (the same records, ~3× less CPU); every other body is parsed in full. The size cap comes
    first and defusedxml vets the prolog of every body, on both paths."""
    fields = usual_status_fields(body)
    if fields is not None:
        return Push(STATUS_TYPE, reports=tuple(
            StatusReport(msgid, mobile, status == "1", code, epr_id, user_id)
            for epr_id, mobile, msgid, status, code, user_id in fields))
    return parse_push_full(body)


def usual_status_fields(body: bytes) -> list[tuple[str, str, str, str, str, str]] | None:
    """The fast path of ``parse_push`` up to the records' texts: (eprId, mobile, msgId, status,
    statusCode, userId) of each report, when the body is a delivery-report push of the usual
    shape within the size cap and the record limit, its prolog vetted by defusedxml. None
    when the body must be parsed in full (``parse_push_full``, which also says what is wrong)."""
    if isinstance(body, bytes) and len(body) <= MAX_PUSH_BYTES:
        fields = status_records(body)
        if fields is not None and len(fields) <= MAX_RECORDS:
            _vet_prolog(body.lstrip(b" \t\r\n"))
            return fields
    return None


def parse_push_full(body: bytes) -> Push:
    """``parse_push`` without the fast path: every body through defusedxml and ElementTree."""
    root = _parse_root(body)
    if root.tag != "returnForm":
        raise PushError(f"推送的根元素应是 <returnForm>，这里是 <{root.tag}>",
                        f"The push root must be <returnForm>, not <{root.tag}>")
    kind = (root.findtext("type") or "").strip()
    if kind not in ("1", "2"):
        raise PushError(f"未知的推送类型“{kind}”（应为 1 状态报告或 2 上行回复）",
                        f"Unknown push type {kind!r} (1 is delivery reports, 2 is replies)")
    push_type = int(kind)
    count = root.findtext("count")
    if count is not None and not re.fullmatch(r"[0-9]{1,6}", count.strip()):
        raise PushError(f"推送的记录数“{count.strip()}”不是数字", f"The push count {count.strip()!r} is not a number")
    records_node = root.find("list")
    if records_node is None:
        raise PushError("推送缺少 <list>", "The push has no <list>")
    records = list(records_node)
    if len(records) > MAX_RECORDS:
        raise PushError(f"一次推送最多 {MAX_RECORDS} 条记录，这里有 {len(records)} 条",
                        f"A push holds at most {MAX_RECORDS} records, this one {len(records)}")
    expected = _RECORD_TAG[push_type]
    for n, record in enumerate(records, start=1):
        if record.tag != expected:
            raise PushError(f"第 {n} 条记录应是 <{expected}>，这里是 <{record.tag}>",
                            f"Record {n} must be <{expected}>, not <{record.tag}>")
    if push_type == STATUS_TYPE:
        return Push(STATUS_TYPE, reports=tuple(_report(r, n) for n, r in enumerate(records, start=1)))
    return Push(REPLY_TYPE, replies=tuple(_reply(r, n) for n, r in enumerate(records, start=1)))


def _element(name: str, value: str) -> str:
    if _XML_INVALID.search(value):
        raise ValueError(f"<{name}> 含有 XML 不能携带的控制字符 / <{name}> holds a control character XML cannot carry")
    return f"<{name}>{escape_text(value)}</{name}>"


def _wrap(push_type: int, items: list[str]) -> bytes:
    if len(items) > MAX_RECORDS:
        raise ValueError(f"一次推送最多 {MAX_RECORDS} 条记录，这里有 {len(items)} 条 / "
                         f"a push holds at most {MAX_RECORDS} records, got {len(items)}")
    lines = ['<?xml version="1.0" encoding="utf-8"?>', "<returnForm>", f"  <type>{push_type}</type>",
             f"  <count>{len(items)}</count>", "  <list>", *items, "  </list>", "</returnForm>"]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _record(tag: str, fields: list[str]) -> str:
    return "\n".join([f"    <{tag}>", *(f"      {f}" for f in fields), f"    </{tag}>"])


def build_status_push(reports: Iterable[StatusReport]) -> bytes:
    """A type-1 push body of up to 200 reports, shaped like ``samples/status_push.xml``."""
    items = [_record("pushStatusForm", [
        _element("eprId", r.epr_id), _element("mobile", r.mobile), _element("msgId", r.msgid),
        _element("status", "1" if r.delivered else "0"), _element("statusCode", r.status_code),
        _element("userId", r.user_id)]) for r in reports]
    return _wrap(STATUS_TYPE, items)


def build_reply_push(replies: Iterable[Reply]) -> bytes:
    """A type-2 push body of up to 200 replies (content in CDATA), like ``samples/mo_push.xml``."""
    items = []
    for r in replies:
        if _XML_INVALID.search(r.content):
            raise ValueError("回复内容含有 XML 不能携带的控制字符 / the reply holds a control character XML cannot carry")
        items.append(_record("pushSmsForm", [
            _element("eprId", r.epr_id), _element("mobile", r.mobile), _element("msgId", r.msgid),
            f"<content>{cdata(r.content)}</content>", _element("userId", r.user_id)]))
    return _wrap(REPLY_TYPE, items)


def _query_value(query: Mapping[str, str], *names: str) -> str | None:
    for name in names:
        value = query.get(name)
        if isinstance(value, (list, tuple)):
            value = value[0] if value else None
        if value is not None:
            return str(value)
    return None


def parse_status_call(query: Mapping[str, str]) -> StatusCall:
    """A status-URL call's parameters (mobile, taskid, status 2/3, receiveTime) → StatusCall."""
    mobile = (_query_value(query, "mobile") or "").strip()
    taskid = (_query_value(query, "taskid", "taskId", "TaskId") or "").strip()
    status = (_query_value(query, "status") or "").strip()
    receive_time = (_query_value(query, "receiveTime", "receivetime") or "").strip()
    if not _MOBILE_RE.match(mobile):
        raise PushError(f"状态回调的号码“{mobile}”无效", f"The status call has an invalid mobile {mobile!r}")
    if not taskid or len(taskid) > 300 or any(ch.isspace() for ch in taskid):
        raise PushError(f"状态回调的 taskid“{taskid}”无效", f"The status call has an invalid taskid {taskid!r}")
    if status not in ("2", "3"):
        raise PushError(f"状态回调的状态“{status}”无效（应为 2 成功或 3 失败）",
                        f"The status call has status {status!r}, not 2 (delivered) or 3 (failed)")
    if len(receive_time) > 40:
        raise PushError("状态回调的时间太长", "The status call's receiveTime is too long")
    return StatusCall(taskid=taskid, mobile=mobile, status=int(status), receive_time=receive_time)


def status_call_url(base_url: str, call: StatusCall) -> str:
    """``base_url`` with mobile, taskid, status and receiveTime appended; its own query kept."""
    parts = urlsplit(base_url)
    ours = [("mobile", call.mobile), ("taskid", call.taskid), ("status", str(call.status)),
            ("receiveTime", call.receive_time)]
    added = "&".join(f"{name}={quote(value, safe=':', encoding='utf-8')}" for name, value in ours)
    query = f"{parts.query}&{added}" if parts.query else added
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))
