"""Answer parsing: every form, every code 100–108, and garbage that must not escape."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jianmi_desktop.platform import sdk
from jianmi_desktop.platform.clientapi import add_content, mms_send
from jianmi_desktop.platform.codes import CODES
from jianmi_desktop.platform.errors import AnswerFormatError, PlatformRefusal
from jianmi_desktop.platform.models import Balance

ALL_PARSERS = [sdk.parse_code, sdk.parse_getnum, sdk.parse_upload, sdk.parse_json, sdk.parse_code_or_json]
REFUSALS = [101, 102, 103, 104, 105, 106, 107, 108]


@pytest.mark.parametrize("raw", ["100", "100\n", " 100 ", "\ufeff100\r\n", "\t100\t\n\n", b"100", b"\xef\xbb\xbf100\n"])
def test_bare_success(raw):
    answer = sdk.parse_code(raw)
    assert answer.code == 100


@pytest.mark.parametrize("code", REFUSALS)
@pytest.mark.parametrize("parser", [sdk.parse_code, sdk.parse_getnum, sdk.parse_upload, sdk.parse_code_or_json])
def test_bare_refusal_codes(parser, code):
    raw = f"{code}\r\n"
    with pytest.raises(PlatformRefusal) as info:
        parser(raw)
    assert info.value.code == code
    assert info.value.raw == raw
    assert info.value.zh == CODES[code].zh and info.value.en == CODES[code].en


@pytest.mark.parametrize("code", REFUSALS)
@pytest.mark.parametrize("form", ['{{"result":"{c}"}}', '{{"result":{c}}}', ' {{"result": "{c}", "msg":"x"}}\n'])
def test_json_refusal_codes(code, form):
    raw = form.format(c=code)
    for parser in (sdk.parse_json, sdk.parse_code_or_json):
        with pytest.raises(PlatformRefusal) as info:
            parser(raw)
        assert info.value.code == code


def test_unknown_code_is_a_refusal_with_its_number():
    with pytest.raises(PlatformRefusal) as info:
        sdk.parse_code("109")
    assert info.value.code == 109 and "109" in info.value.zh


@pytest.mark.parametrize("raw, sent, remaining", [
    ("100#9#198", 9, 198), ("100#0#0\n", 0, 0), ("\ufeff100#123456#7\r\n", 123456, 7), ("100 # 9 # 198", 9, 198),
])
def test_getnum(raw, sent, remaining):
    answer = sdk.parse_getnum(raw)
    assert answer.code == 100 and answer.balance == Balance(sent, remaining) and answer.raw == raw


@pytest.mark.parametrize("raw", ["100", "100#9", "100#a#b", "100#9#198#1", "#9#198", "9#198"])
def test_getnum_malformed(raw):
    with pytest.raises(AnswerFormatError):
        sdk.parse_getnum(raw)


def test_getnum_error_with_numbers_is_a_refusal():
    with pytest.raises(PlatformRefusal) as info:
        sdk.parse_getnum("102#0#0")
    assert info.value.code == 102


@pytest.mark.parametrize("raw, serial", [("100#20160101abc", "20160101abc"), ("100#12345\n", "12345"),
                                         ("\ufeff100#v-1.mp3", "v-1.mp3")])
def test_upload(raw, serial):
    assert sdk.parse_upload(raw).serial == serial


@pytest.mark.parametrize("raw", ["100", "100#", "100# ", "100#<html>"])
def test_upload_malformed(raw):
    with pytest.raises(AnswerFormatError):
        sdk.parse_upload(raw)


@pytest.mark.parametrize("raw, task", [
    ('{"result":"100","taskId":"137150924160329353"}', "137150924160329353"),
    ('{"result":"100","takkId":"137150924160329353"}', "137150924160329353"),   # the source's misspelling
    ('{"result":100,"taskId":137150924160329353}', "137150924160329353"),
    ('\ufeff {"result": "100", "taskId": " 42 "}\n', "42"),
])
def test_json_task(raw, task):
    for parser in (sdk.parse_json, sdk.parse_code_or_json):
        answer = parser(raw)
        assert answer.code == 100 and answer.task_id == task
        assert answer.data["result"] in ("100", 100)


def test_add_content_success_needs_task_id():
    call = add_content("8888", "f379eaf3c831b04de153469d1bec345e", "K", "<mms><title/><body/></mms>")
    assert call.parse('{"result":"100","taskId":"9"}').task_id == "9"
    with pytest.raises(AnswerFormatError):
        call.parse('{"result":"100"}')
    with pytest.raises(PlatformRefusal):
        call.parse('{"result":"101"}')


def test_mms_send_plain_success():
    call = mms_send("8888", "f379eaf3c831b04de153469d1bec345e", "K", ["13812345678"], "499150924142046190")
    answer = call.parse('{"result":"100"}')
    assert answer.code == 100 and answer.task_id is None


@pytest.mark.parametrize("raw", [
    "", "   ", "\n\n", "\ufeff",
    "<html><body><h1>502 Bad Gateway</h1></body></html>",
    "<!DOCTYPE html><html><head><title>Error</title></head></html>",
    "OK", "success", "成功", "100 成功", "abc", "1000000", "10 0",
    '{"result":"abc"}', '{"result":true}', '{"result":null}', '{"result":1e400}', '{"code":"100"}',
    '{"result":"100"', "[100]", '"100"', "null", "{}", '{"result":' + "9" * 5000 + "}",
    "[" * 100000, '{"a":' * 50000,
    "\x00\x01\x02", "100\x00garbage",
])
@pytest.mark.parametrize("parser", ALL_PARSERS)
def test_garbage_is_answer_format_error(parser, raw):
    with pytest.raises(AnswerFormatError) as info:
        parser(raw)
    assert info.value.raw == raw
    assert info.value.zh and info.value.en


def test_non_string_inputs():
    for bad in (None, 100, 1.0, ["100"]):
        with pytest.raises(AnswerFormatError):
            sdk.parse_code(bad)


def test_parse_code_rejects_other_answer_forms():
    with pytest.raises(AnswerFormatError):
        sdk.parse_code("100#9#198")
    with pytest.raises(AnswerFormatError):
        sdk.parse_code('{"result":"100"}')


def test_huge_answer_is_format_error():
    with pytest.raises(AnswerFormatError) as info:
        sdk.parse_code("1" * 10_000_000)
    assert len(str(info.value)) < 500   # the message shows only a prefix


@settings(max_examples=300)
@given(st.one_of(st.text(max_size=50), st.binary(max_size=50)))
@pytest.mark.parametrize("parser", ALL_PARSERS)
def test_fuzz_only_known_outcomes(parser, raw):
    try:
        answer = parser(raw)
    except (AnswerFormatError, PlatformRefusal):
        return
    assert answer.code == 100
