"""The fast path of delivery-report pushes gives exactly what the full parse gives, or steps aside.

``push_fast.status_records`` recognises the platform's usual push shape; for every body it
accepts, the full parse (defusedxml + ElementTree) must give the same records, and every
body outside that shape — hostile ones included — must go to the full parse."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jianmi_desktop.platform.models import StatusReport
from jianmi_desktop.platform.push_fast import status_records
from jianmi_desktop.platform.push_xml import (
    PushError,
    build_status_push,
    parse_push,
    parse_push_full,
    usual_status_fields,
)
from jianmi_desktop.platform.relay_events import events_of, report_events
from tests.support.paths import SAMPLES

REPORTS = [StatusReport(str(1733000000000000 + i // 100), str(13000000000 + i), i % 10 != 0,
                        "DELIVRD" if i % 10 else "UNDELIV", "0", "user1") for i in range(200)]
CANONICAL = build_status_push(REPORTS)


def same_or_aside(body: bytes) -> bool:
    """True when the fast path took the body (and then it must agree with the full parse)."""
    fast = status_records(body)
    if fast is None:
        return False
    full = parse_push_full(body)
    assert full.type == 1
    assert [(r.epr_id, r.mobile, r.msgid, "1" if r.delivered else "0", r.status_code, r.user_id)
            for r in full.reports] == [tuple(f) for f in fast]
    assert parse_push(body) == full
    # the relay makes its events straight from the texts: the same events as from the reports
    fields = usual_status_fields(body)
    if fields is not None:  # (None beyond 200 records)
        assert report_events(fields) == events_of(full.reports)
    return True


def test_the_usual_pushes_take_the_fast_path_and_agree():
    assert same_or_aside(CANONICAL)
    assert same_or_aside((SAMPLES / "status_push.xml").read_bytes())
    assert same_or_aside(CANONICAL.replace(b"\n", b"\r\n"))
    assert same_or_aside(CANONICAL.replace(b"\n", b"").replace(b"  ", b""))
    assert same_or_aside(CANONICAL.replace(b"<statusCode>DELIVRD", b"<statusCode>  MK 0001 \t"))
    assert same_or_aside(CANONICAL.replace(b"<eprId>0</eprId>", b"<eprId></eprId>"))
    assert same_or_aside(CANONICAL.replace(b'<?xml version="1.0" encoding="utf-8"?>', b""))
    assert same_or_aside(build_status_push([]))
    assert same_or_aside(CANONICAL.replace(b"<userId>user1", b'<userId>a"b\\c').replace(b"<msgId>17", b"<msgId>0017"))
    assert parse_push(CANONICAL).reports == tuple(REPORTS)


@pytest.mark.parametrize("change", [
    (b"<eprId>0</eprId>", b""),                                      # a field missing
    (b"<userId>user1</userId>", b"<userId>user1</userId><extra>1</extra>"),   # an extra field
    (b"<eprId>0</eprId>", b"<eprId/>"),                              # self-closing
    (b"<userId>user1</userId>", b"<userId>a&amp;b</userId>"),        # an entity
    (b"<userId>user1</userId>", b"<userId>&#49;</userId>"),          # a character reference
    (b"<userId>user1</userId>", b"<userId><![CDATA[x]]></userId>"),  # CDATA
    (b"<list>", b"<list><!-- hi -->"),                               # a comment
    (b"<returnForm>", b"<returnForm a='1'>"),                        # an attribute
    (b"<returnForm>", b'<returnForm xmlns="urn:x">'),                # a namespace
    (b"<userId>user1</userId>", "<userId>用户</userId>".encode()),   # non-ASCII
    (b'encoding="utf-8"', b'encoding="gbk"'),                        # another encoding
    (b"<type>1</type>", b"<type>2</type>"),                          # replies
    (b"<count>200</count>", b""),                                    # no count
    (b"<mobile>13000000000</mobile>", b"<mobile>x</mobile>"),        # a bad number
    (b"<status>1</status>", b"<status>2</status>"),                  # a bad status
    (b"<msgId>1733000000000000</msgId>", b"<msgId>12a</msgId>"),     # a bad msgId
    (b"</list>", b"</list><list></list>"),                           # a second list
    (b"<statusCode>DELIVRD</statusCode>", b"<statusCode>a]]>b</statusCode>"),
])
def test_anything_else_goes_to_the_full_parse(change):
    old, new = change
    body = CANONICAL.replace(old, new, 1)
    assert body != CANONICAL
    assert status_records(body) is None
    try:
        expected = parse_push_full(body)
    except PushError:
        with pytest.raises(PushError):
            parse_push(body)
    else:
        assert parse_push(body) == expected


@pytest.mark.parametrize("prefix", [
    b"\xef\xbb\xbf",                                                             # a BOM
    b'<?xml version="1.0"?><!DOCTYPE returnForm [<!ENTITY a "b">]>',             # a DTD
    b"<?xml-stylesheet href='x'?>",
])
def test_prologs_other_than_the_declaration_go_to_the_full_parse(prefix):
    body = prefix + CANONICAL.split(b"?>", 1)[1]
    assert status_records(body) is None
    with pytest.raises(PushError) if b"DOCTYPE" in prefix else _nothing():
        parse_push(body)


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_201_records_are_refused_as_before():
    body = build_status_push(REPORTS[:100]).replace(b"<count>100</count>", b"<count>201</count>")
    items = body.split(b"<list>")[1].split(b"</list>")[0]
    body201 = body.replace(items, items * 2 + items.split(b"</pushStatusForm>")[0] + b"</pushStatusForm>\n")
    assert status_records(body201) is not None and len(status_records(body201)) == 201
    with pytest.raises(PushError):
        parse_push(body201)


SMALL = build_status_push(REPORTS[:3])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.integers(0, len(SMALL) - 1), st.integers(0, 3),
                          st.sampled_from([b"", b" ", b"\n", b"<", b">", b"&", b"]", b"0", b"a", b"/", b"\x00",
                                           b"\xe4\xb8\xad", b"<x>", b"</mobile>", b"\r"])), max_size=4))
def test_mutated_pushes_agree_or_step_aside(edits):
    body = SMALL
    for at, cut, insert in edits:
        at = min(at, len(body))
        body = body[:at] + insert + body[at + cut:]
    if status_records(body) is not None:
        same_or_aside(body)
