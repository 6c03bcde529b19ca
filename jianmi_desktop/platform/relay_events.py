"""The relay's events: what a push record becomes on the relay, and how a desktop reads it back.

Pure functions shared by the relay (``jianmi_desktop/relay/``), which stores and serves
events, and the desktop's puller (``campaign/sync.py``), which applies them.

An event is one record the platform pushed (a delivery report, a reply, a voice/MMS status
call) or one opt-out a desktop shared. On the wire a page of events is JSON:

    {"relay": "<relay id>", "cursor": 1234, "more": false,
     "events": [[seq, kind, [field, …]], …]}

``seq`` is the event's place in the relay's one strictly increasing sequence; ``kind`` is
1 report ``[msgid, mobile, delivered 0|1, status_code, epr_id, user_id]``, 2 reply
``[msgid, mobile, content, epr_id, user_id]``, 3 status call ``[taskid, mobile, status,
receive_time]``, 4 opt-out ``[mobile, source]``. ``cursor`` is where the next page starts
(``after=cursor``); it may pass events meant for other desktops.

An event's identity (``key``) is a hash of what makes the record itself: the platform
resends what was not acknowledged, and the same record must never become two events.
"""

from __future__ import annotations

import json
import json.encoder
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from hashlib import sha256 as _sha256
from typing import Any, NamedTuple

from jianmi_desktop.platform.models import Reply, StatusCall, StatusReport, normalize_msgid

REPORT, REPLY, STATUS, OPT_OUT = 1, 2, 3, 4
KIND_NAMES = {REPORT: "reports", REPLY: "replies", STATUS: "status", OPT_OUT: "opt_outs"}
MAX_MSGID = 2**63 - 1  # a msgid above this (a 20-digit one) cannot be in a relay's msgid range
_SEP = "\x1f"


class NewEvent(NamedTuple):
    """An event about to be stored: its identity, kind, the msgid it belongs to (as a number,
    or None when it is not one) and its fields as JSON text."""

    key: bytes
    kind: int
    msgid: int | None
    body: str


def _key(kind: int, fields: Sequence[object]) -> bytes:
    text = _SEP.join([str(kind), *(str(f) for f in fields)])
    return _sha256(text.encode("utf-8", "surrogatepass")).digest()[:16]


def msgid_number(msgid: str) -> int | None:
    """The msgid (normalised) as a number when it is all ASCII digits and fits a signed 64-bit
    integer (the relay's migration 2 works the same out in SQL from stored events)."""
    if not (msgid.isascii() and msgid.isdigit()) or len(msgid) > 19:
        return None
    value = int(msgid)
    return value if value <= MAX_MSGID else None


# Events are made for every record of every push (40,000 a second at the target), so the
# JSON is written by hand around the C string encoder rather than by json.dumps per record.
_q = json.encoder.encode_basestring  # "…" with JSON escapes, non-ASCII kept


def report_event(r: StatusReport, _msgids: dict[str, tuple[str, int | None, str]] | None = None) -> NewEvent:
    """``_msgids`` caches what is worked out per msgid (a push holds a few msgids, many records)."""
    return _report_event(r.msgid, r.mobile, "1" if r.delivered else "0", r.status_code, r.epr_id, r.user_id,
                         {} if _msgids is None else _msgids)


def _report_event(raw_msgid: str, mobile: str, delivered: str, code: str, epr_id: str, user_id: str,
                  msgids: dict[str, tuple[str, int | None, str]]) -> NewEvent:
    known = msgids.get(raw_msgid)
    if known is None:
        msgid = normalize_msgid(raw_msgid)
        known = msgids[raw_msgid] = (msgid, msgid_number(msgid), _q(msgid))
    msgid, number, quoted = known
    mobile = mobile.strip()
    code = code or ""
    key = _sha256(f"{REPORT}{_SEP}{msgid}{_SEP}{mobile}{_SEP}{delivered}{_SEP}{code}".encode(
        "utf-8", "surrogatepass")).digest()[:16]
    body = f"[{quoted},{_q(mobile)},{delivered},{_q(code)},{_q(epr_id or '')},{_q(user_id or '')}]"
    return NewEvent(key, REPORT, number, body)


def report_events(fields: Iterable[tuple[str, str, str, str, str, str]]) -> list[NewEvent]:
    """The events of a push's reports straight from their texts as ``push_xml.usual_status_fields``
    gives them (eprId, mobile, msgId, status, statusCode, userId): what ``events_of`` makes of
    the StatusReports ``parse_push`` would build, without building them."""
    cache: dict[str, tuple[str, int | None, str]] = {}
    return [_report_event(msgid, mobile, "1" if status == "1" else "0", code, epr_id, user_id, cache)
            for epr_id, mobile, msgid, status, code, user_id in fields]


def reply_event(r: Reply) -> NewEvent:
    msgid = normalize_msgid(r.msgid)
    mobile = r.mobile.strip()
    body = f"[{_q(msgid)},{_q(mobile)},{_q(r.content)},{_q(r.epr_id or '')},{_q(r.user_id or '')}]"
    return NewEvent(_key(REPLY, [msgid, mobile, r.content]), REPLY, msgid_number(msgid), body)


def status_event(c: StatusCall) -> NewEvent:
    taskid = normalize_msgid(c.taskid)
    fields: list[Any] = [taskid, c.mobile.strip(), int(c.status), c.receive_time or ""]
    body = f"[{_q(fields[0])},{_q(fields[1])},{fields[2]:d},{_q(fields[3])}]"
    return NewEvent(_key(STATUS, fields), STATUS, msgid_number(taskid), body)


def opt_out_event(mobile: str, source: str) -> NewEvent:
    """A number that asked to receive nothing more; one event per number, whoever shared it."""
    mobile = mobile.strip()
    return NewEvent(_key(OPT_OUT, [mobile]), OPT_OUT, None, f"[{_q(mobile)},{_q(source)}]")


def events_of(records: Iterable[StatusReport | Reply | StatusCall]) -> list[NewEvent]:
    records = list(records)
    if records and all(type(r) is StatusReport for r in records):  # the common case, fast
        cache: dict[str, tuple[str, int | None, str]] = {}
        return [report_event(r, cache) for r in records]  # type: ignore[arg-type]
    out = []
    for record in records:
        if isinstance(record, StatusReport):
            out.append(report_event(record))
        elif isinstance(record, Reply):
            out.append(reply_event(record))
        elif isinstance(record, StatusCall):
            out.append(status_event(record))
        else:
            raise TypeError(f"not a push record: {type(record).__name__}")
    return out


def unique(events: Iterable[NewEvent]) -> list[NewEvent]:
    """The events with repeats of one key dropped (the first one kept), in order."""
    seen: set[bytes] = set()
    out = []
    for event in events:
        if event.key not in seen:
            seen.add(event.key)
            out.append(event)
    return out


def page_json(relay_id: str, cursor: int, more: bool, rows: Iterable[tuple[int, int, str]]) -> str:
    """A page of events as the API sends it, from stored (seq, kind, body) rows."""
    events = ",".join(f"[{seq},{kind},{body}]" for seq, kind, body in rows)
    return (f'{{"relay":{json.dumps(relay_id)},"cursor":{int(cursor)},'
            f'"more":{"true" if more else "false"},"events":[{events}]}}')


@dataclass
class Page:
    """A page of events as the desktop reads it."""

    relay: str
    cursor: int
    more: bool
    reports: list[StatusReport]
    replies: list[Reply]
    status: list[StatusCall]
    opt_outs: list[str]

    @property
    def count(self) -> int:
        return len(self.reports) + len(self.replies) + len(self.status) + len(self.opt_outs)


class PageError(ValueError):
    """A page that is not what the relay sends."""


def _str(value: object) -> str:
    if not isinstance(value, str):
        raise PageError(f"expected text, got {type(value).__name__}")
    return value


def read_page(data: object, after: int) -> Page:
    """A page from the API's parsed JSON; PageError when anything is out of place.

    ``after`` is the cursor the page was asked for: every seq and the new cursor must lie
    beyond it, in increasing order, or the page is refused (nothing of it is applied).
    """
    if not isinstance(data, dict):
        raise PageError("a page is a JSON object")
    relay, cursor, more, events = data.get("relay"), data.get("cursor"), data.get("more"), data.get("events")
    if not isinstance(relay, str) or not isinstance(cursor, int) or isinstance(cursor, bool) \
            or not isinstance(more, bool) or not isinstance(events, list):
        raise PageError("a page has relay, cursor, more and events")
    page = Page(relay, cursor, more, [], [], [], [])
    last = after
    try:
        for event in events:
            seq, kind, f = event
            if not isinstance(seq, int) or seq <= last or not isinstance(f, list):
                raise PageError("events must come in increasing order after the cursor")
            last = seq
            if kind == REPORT:
                page.reports.append(StatusReport(_str(f[0]), _str(f[1]), f[2] == 1, _str(f[3]), _str(f[4]),
                                                 _str(f[5])))
            elif kind == REPLY:
                page.replies.append(Reply(_str(f[0]), _str(f[1]), _str(f[2]), _str(f[3]), _str(f[4])))
            elif kind == STATUS:
                if not isinstance(f[2], int):
                    raise PageError("a status call's status is a number")
                page.status.append(StatusCall(_str(f[0]), _str(f[1]), f[2], _str(f[3])))
            elif kind == OPT_OUT:
                page.opt_outs.append(_str(f[0]))
            # an unknown kind (a newer relay) is passed over: the cursor still moves past it
    except (TypeError, ValueError, IndexError) as exc:
        if isinstance(exc, PageError):
            raise
        raise PageError(f"an event is malformed: {exc}") from None
    if cursor < last:
        raise PageError("the cursor lies before the page's last event")
    return page
