"""numbers.py: normalise what people paste, validate domestic and international numbers."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jianmi_desktop.platform import numbers as n


@pytest.mark.parametrize("raw, expected", [
    ("13812345678", "13812345678"),
    (" 138 1234 5678 ", "13812345678"),
    ("138-1234-5678", "13812345678"),
    ("138.1234.5678", "13812345678"),
    ("(138)12345678", "13812345678"),
    ("（138）1234—5678", "13812345678"),
    ("１３８１２３４５６７８", "13812345678"),          # full-width digits
    ("+86 138 1234 5678", "13812345678"),
    ("+86-13812345678", "13812345678"),
    ("008613812345678", "13812345678"),
    ("8613812345678", "13812345678"),
    ("＋８６１３８１２３４５６７８", "13812345678"),
    ("13812345678.0", "13812345678"),                  # Excel float as text
    ("1.3812345678e10", "13812345678"),
    ("1.3812345678E+10", "13812345678"),
    (13812345678, "13812345678"),
    (13812345678.0, "13812345678"),
    ("\u200b138\u200d12345678\ufeff", "13812345678"),  # zero-width noise
    ("138\u00a01234\u30005678", "13812345678"),        # no-break and ideographic spaces
    ("+852 9123 4567", "+85291234567"),                # international: + kept
    ("86123", "86123"),                                 # not a domestic mobile after 86: left alone
    ("", ""), (None, ""),
])
def test_normalize(raw, expected):
    assert n.normalize(raw) == expected


def test_clean_keeps_country_code():
    assert n.clean("+86 138 1234 5678") == "+8613812345678"


_separators = st.sampled_from([" ", "-", ".", "\u00a0", "\u3000", "—", "\u200b", "(", ")", "（", "）"])


@st.composite
def noisy_mobile(draw):
    number = "1" + draw(st.sampled_from("3456789")) + "".join(draw(st.lists(
        st.sampled_from("0123456789"), min_size=9, max_size=9)))
    out = []
    for digit in number:
        out.append(draw(st.lists(_separators, max_size=2)))
        out.append([chr(ord(digit) + 0xFEE0) if draw(st.booleans()) else digit])   # maybe full-width
    noisy = "".join("".join(part) for part in out) + "".join(draw(st.lists(_separators, max_size=2)))
    prefix = draw(st.sampled_from(["", "+86", "0086", "86", "+86 ", "＋８６", "+86-"]))
    return number, prefix + noisy


@settings(max_examples=400)
@given(noisy_mobile())
def test_any_valid_mobile_in_noise_normalises_back(case):
    number, noisy = case
    assert n.normalize(noisy) == number
    check = n.check_domestic(noisy)
    assert check.ok and check.number == number and check.raw == noisy


@given(st.integers(min_value=13000000000, max_value=19999999999))
def test_excel_float_forms(value):
    number = str(value)
    assert n.normalize(float(value)) == number
    assert n.normalize(f"{value}.0") == number
    assert n.normalize(f"{number[0]}.{number[1:]}e10") == number
    assert n.normalize(f"{number[0]}.{number[1:]}E+10") == number


@settings(max_examples=300)
@given(st.text(max_size=20))
def test_normalize_and_check_never_crash(raw):
    result = n.normalize(raw)
    assert isinstance(result, str)
    check = n.check_domestic(raw)
    assert check.ok == bool(n.DOMESTIC_RE.match(result))
    if not check.ok:
        assert check.reason_zh and check.reason_en
    intl = n.check_intl(raw)
    assert isinstance(intl.ok, bool)
    if intl.ok:
        assert intl.number.isdigit() and not intl.number.startswith("0")


@pytest.mark.parametrize("raw, reason", [
    ("", "为空"),
    ("1381234567", "位数不对"),
    ("138123456789", "位数不对"),
    ("12812345678", "不是手机号码"),
    ("23812345678", "不是手机号码"),
    ("1381234567a", "数字以外"),
    ("١٣٨١٢٣٤٥٦٧٨", "数字以外"),   # Arabic-Indic digits are not accepted as digits
])
def test_check_domestic_rejects(raw, reason):
    check = n.check_domestic(raw)
    assert not check.ok
    assert reason in check.reason_zh and check.reason_en
    assert check.reason("en") == check.reason_en


@pytest.mark.parametrize("raw, region, number", [
    ("+852 9123 4567", None, "85291234567"),
    ("0085291234567", None, "85291234567"),
    ("85291234567", None, "85291234567"),
    ("91234567", "HK", "85291234567"),
    ("+1 650-253-0000", None, "16502530000"),          # US: fixed-line-or-mobile accepted
    ("+44 7911 123456", None, "447911123456"),
    ("+39 312 345 6789", None, "393123456789"),
    ("8613812345678", None, "8613812345678"),          # a Chinese mobile written internationally
    ("+65 8123 4567", None, "6581234567"),
])
def test_check_intl_ok(raw, region, number):
    check = n.check_intl(raw, region)
    assert check.ok, check.reason_en
    assert check.number == number


@pytest.mark.parametrize("raw, region", [
    ("", None),
    ("+852 1234", None),              # too short
    ("+44 20 7946 0958", None),       # a London landline cannot get SMS
    ("+999 1234567", None),           # no such country code
    ("91234567", None),               # no country code, no default region
    ("+852 9123 45a7", None),
])
def test_check_intl_rejects(raw, region):
    check = n.check_intl(raw, region)
    assert not check.ok
    assert check.reason_zh and check.reason_en
