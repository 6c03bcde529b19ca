"""text.py: GBK problems, units, signatures."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jianmi_desktop.platform import text as t


def _gbk_ok(ch: str) -> bool:
    try:
        ch.encode("gbk")
        return True
    except UnicodeEncodeError:
        return False


# --- GBK ---------------------------------------------------------------------------------

@pytest.mark.parametrize("bad", ["😀", "€", "•", "™", "\xa0", "\u200b", "\ufeff", "\U00020000", "\ud800"])
def test_known_unsendable_characters(bad):
    sample = f"您好{bad}世界【茧米】"
    problems = t.gbk_problems(sample)
    assert [(p.position, p.char) for p in problems] == [(2, bad)]


@pytest.mark.parametrize("good", ["您好，世界！【茧米】", "·—…【】￥\u3000é", "ASCII only 123", ""])
def test_sendable_text_has_no_problems(good):
    assert t.gbk_problems(good) == []


def test_problem_messages_name_char_and_position():
    problem = t.gbk_problems("abcd😀")[0]
    assert problem.position == 4
    assert problem.zh() == "第 5 个字符“😀”(U+1F600) 无法用 GBK 编码"
    assert "U+1F600" in problem.en() and "5" in problem.en() and "GBK" in problem.en()
    assert problem.message("en") == problem.en() and problem.message() == problem.zh()


def test_invisible_character_is_named_by_code_point():
    problem = t.gbk_problems("a\u200bb")[0]
    assert "U+200B" in problem.zh() and "ZERO WIDTH SPACE" in problem.en()


def test_check_gbk_raises_listing_all():
    with pytest.raises(ValueError) as info:
        t.check_gbk("😀x€")
    message = str(info.value)
    assert "U+1F600" in message and "U+20AC" in message and "第 1 个" in message and "第 3 个" in message
    t.check_gbk("没问题【签名】")   # no exception


@settings(max_examples=300)
@given(st.text(max_size=60))
def test_gbk_problems_positions_are_exact(s):
    problems = t.gbk_problems(s)
    assert [p.position for p in problems] == [i for i, ch in enumerate(s) if not _gbk_ok(ch)]
    for p in problems:
        assert s[p.position] == p.char
    # removing every reported character leaves text GBK can hold
    bad = {p.position for p in problems}
    rest = "".join(ch for i, ch in enumerate(s) if i not in bad)
    rest.encode("gbk")


@settings(max_examples=200)
@given(st.text(alphabet=st.characters(codec="gbk"), max_size=80))
def test_text_without_problems_encodes(s):
    assert t.gbk_problems(s) == []
    assert s.encode("gbk").decode("gbk") == s


# --- units -------------------------------------------------------------------------------

@pytest.mark.parametrize("n, units", [(0, 0), (1, 1), (70, 1), (71, 2), (134, 2), (135, 3), (201, 3),
                                      (202, 4), (2000, 30)])
def test_units_domestic(n, units):
    assert t.units_domestic("字" * n) == units


@given(st.text(max_size=2500))
def test_units_domestic_property(s):
    n = len(s)
    expected = 0 if n == 0 else (1 if n <= 70 else math.ceil(n / 67))
    assert t.units_domestic(s) == expected


@pytest.mark.parametrize("text, units", [
    ("", 0),
    ("a" * 160, 1), ("a" * 161, 2), ("a" * 306, 2), ("a" * 307, 3),
    ("€" * 80, 1), ("€" * 81, 2),                # extension characters count twice
    ("a" * 159 + "[", 2),
    ("中" * 70, 1), ("中" * 71, 2), ("a" * 100 + "中", 2),   # one non-GSM char: 70/67
    ("é" * 160, 1),                                           # é is in the GSM basic table
])
def test_units_intl(text, units):
    assert t.units_intl(text) == units


@pytest.mark.parametrize("text, gsm", [("Hello @ £$¥ è", True), ("{[~]}|^€\\", True), ("中", False),
                                       ("á", False), ("`", False), ("", True)])
def test_is_gsm7(text, gsm):
    assert t.is_gsm7(text) is gsm


@given(st.text(alphabet=st.sampled_from(sorted(t.GSM7_BASIC | t.GSM7_EXTENSION)), max_size=500))
def test_units_intl_gsm_property(s):
    septets = sum(2 if ch in t.GSM7_EXTENSION else 1 for ch in s)
    expected = 0 if not s else (1 if septets <= 160 else math.ceil(septets / 153))
    assert t.units_intl(s) == expected


@pytest.mark.parametrize("n, units", [(0, 0), (1, 1), (180, 1), (181, 2), (360, 2), (361, 3)])
def test_units_voice(n, units):
    assert t.units_voice("语" * n) == units


# --- signatures --------------------------------------------------------------------------

@pytest.mark.parametrize("text, name", [
    ("您的验证码是1234【茧米科技】", "茧米科技"),
    ("【茧米科技】您的验证码是1234", "茧米科技"),
    ("【开头】中间【结尾】", "结尾"),           # the end wins (the source puts it there)
    ("验证码【茧米】1234", None),               # in the middle: not a signature
    ("验证码1234【茧米】 ", None),              # anything after the bracket: not at the end
    ("验证码【】", None), ("验证码【  】", None),
    ("验证码[茧米]", None),
    ("", None),
])
def test_signature(text, name):
    assert t.signature_of(text) == name
    assert t.has_signature(text) is (name is not None)
