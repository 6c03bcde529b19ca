"""form.py: GBK percent-encoding of every name and value."""

from urllib.parse import quote_plus

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jianmi_desktop.platform.form import decode_form, encode_form


def test_encode_gbk_percent_encoding_like_java_urlencoder():
    body = encode_form({"cmd": "send", "msg": "你好 世界【茧米】", "mobiles": "13812345678,13912345678"})
    assert body == (b"cmd=send&msg=%C4%E3%BA%C3+%CA%C0%BD%E7%A1%BE%BC%EB%C3%D7%A1%BF"
                    b"&mobiles=13812345678%2C13912345678")
    assert body.isascii()


def test_every_param_is_gbk_not_utf8():
    body = encode_form({"statusUrl": "http://例子.com/?a=中"})
    assert quote_plus("中", encoding="gbk").encode() in body
    assert quote_plus("中", encoding="utf-8").encode() not in body


def test_order_kept_none_left_out_ints_accepted():
    assert encode_form([("b", "1"), ("a", 2), ("c", None)]) == b"b=1&a=2"


@pytest.mark.parametrize("value", [1.5, b"bytes", ["x"], True])
def test_encode_rejects_other_types(value):
    with pytest.raises(TypeError):
        encode_form({"x": value})


def test_encode_names_unsendable_characters():
    with pytest.raises(ValueError) as info:
        encode_form({"msg": "生日快乐🎂【茧米】"})
    assert "U+1F382" in str(info.value) and "第 5 个" in str(info.value) and "msg" in str(info.value)


def test_decode_gbk_and_blank_values():
    assert decode_form(b"msg=%C4%E3%BA%C3+x&msgid=&cmd=send") == {"msg": "你好 x", "msgid": "", "cmd": "send"}


def test_decode_raw_gbk_bytes_and_gb2312():
    # PHP clients send GB2312; it is a subset of GBK
    assert decode_form("msg=你好".encode("gb2312")) == {"msg": "你好"}


def test_decode_rejects_invalid_gbk():
    with pytest.raises(ValueError) as info:
        decode_form(b"msg=%FF%FF")
    assert "GBK" in str(info.value)


def test_decode_utf8_when_asked():
    assert decode_form(b"a=%E4%BD%A0", encoding="utf-8") == {"a": "你"}


@given(st.dictionaries(st.text(alphabet=st.characters(codec="gbk"), min_size=1, max_size=8),
                       st.text(alphabet=st.characters(codec="gbk"), max_size=40), max_size=6))
def test_round_trip(params):
    assert decode_form(encode_form(params)) == params
