"""campaign/checks.py: every check names what is wrong and where."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from jianmi_desktop.campaign.checks import (
    Finding,
    blocking,
    check_balance,
    check_campaign,
    check_text,
    load_sensitive_words,
)
from jianmi_desktop.campaign.recipients import RowList, check_recipients
from jianmi_desktop.campaign.template import Composition
from jianmi_desktop.platform.models import Balance

NOON = datetime(2026, 6, 1, 12, 0)  # China time
OK_TEXT = "【茧米】您好，本周六停水。拒收请回复R"


def codes(findings, level=None):
    return [f.code for f in findings if level is None or f.level == level]


def by_code(findings, code):
    return [f for f in findings if f.code == code]


def campaign(text="您好，本周六停水。拒收请回复R", signature="茧米", raws=("13800138000", "13900139000"), *,
             rows=None, balance=Balance(0, 1000), now=NOON, **kw):
    c = Composition(text, signature, kw.pop("intl", False), rows)
    report = check_recipients(rows if rows is not None else list(raws), opted_out=kw.pop("opted_out", set()))
    return check_campaign(c, report, balance=balance, now=now, **kw)


# --- the text alone ------------------------------------------------------------------------------

def test_a_clean_text_has_no_findings():
    assert check_text(OK_TEXT) == []


def test_each_unsendable_character_is_its_own_block_with_its_span():
    text = "【茧米】你好😀，再见™"
    found = by_code(check_text(text), "gbk")
    assert [f.spans for f in found] == [((6, 7),), ((10, 11),)]
    assert all(f.level == "block" for f in found)
    assert "😀" in found[0].zh and "第 7 个字符" in found[0].zh and "U+1F600" in found[0].en


def test_sensitive_words_block_with_every_span():
    text = "【茧米】代开发票，发票优惠。回T退订"
    (found,) = by_code(check_text(text, words={"发票"}), "sensitive")
    assert found.level == "block" and found.spans == ((6, 8), (9, 11))
    assert "发票" in found.zh and "104" in found.zh
    assert "代开" in load_sensitive_words() and "#" not in "".join(load_sensitive_words())
    assert {f.zh for f in by_code(check_text(text), "sensitive")} >= {f.zh for f in [found]}


def test_unknown_variable_blocks_with_its_span_and_names_the_columns():
    text = "【茧米】{姓名}您好，{会员号}。回T退订"
    found = check_text(text, variables=["姓名", "城市"])
    (unknown,) = by_code(found, "unknown_variable")
    assert unknown.spans == ((11, 16),) and "会员号" in unknown.zh and "城市" in unknown.zh
    assert by_code(check_text(text, variables=[]), "unknown_variable")[0].spans == ((4, 8),)
    assert by_code(check_text("【茧米】{{不是变量}}。回T退订"), "unknown_variable") == []


def test_too_long_and_empty():
    assert codes(check_text("   ")) == ["empty_text"]
    assert by_code(check_text("【茧米】" + "好" * 1996), "too_long") == []
    (long,) = by_code(check_text("【茧米】" + "好" * 1997), "too_long")
    assert "2001" in long.zh and "2000" in long.zh
    assert by_code(check_text("【茧米】" + "a" * 997, intl=True), "too_long")


def test_signature_checked_only_when_the_field_is_known():
    assert "signature" not in codes(check_text("您好。回T退订"))
    assert "signature" in codes(check_text("您好。回T退订", signature=""), "block")
    assert "signature" not in codes(check_text("您好。回T退订", signature="茧米"))
    # the signature field counts towards the length
    assert by_code(check_text("好" * 1997, signature="茧米"), "too_long")


def test_opt_out_line_hint():
    assert codes(check_text("【茧米】您好")) == ["opt_out_line"]
    for line in ("拒收请回复R", "回T退订", "退订回T", "回复TD退订", "Reply STOP to opt out"):
        assert "opt_out_line" not in codes(check_text("【茧米】您好，" + line)), line


def test_check_text_is_fast_enough_to_run_as_you_type():
    text = ("【茧米】{姓名}您好，" + "本周六停水，请提前储水。" * 200)[:2000]
    check_text(text, variables=["姓名"])
    started = time.perf_counter()
    for _ in range(20):
        check_text(text, variables=["姓名"])
    assert (time.perf_counter() - started) / 20 < 0.005


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_spans_are_always_inside_the_text(text):
    for finding in check_text(text, variables=["姓名"]):
        assert isinstance(finding, Finding) and finding.level in ("block", "warn", "hint")
        for start, end in finding.spans:
            assert 0 <= start < end <= len(text)
        if finding.code == "gbk":
            for start, end in finding.spans:
                try:
                    text[start:end].encode("gbk")
                except UnicodeEncodeError:
                    continue
                raise AssertionError(f"{text[start:end]!r} is GBK")


# --- the whole campaign ----------------------------------------------------------------------------

def test_a_good_campaign_only_has_the_units_hint():
    found = campaign()
    assert codes(found) == ["units"]
    assert "每条 1 条计费" in found[0].zh and "共 2 条" in found[0].zh


def test_missing_signature_blocks():
    assert "signature" in codes(campaign(signature=""), "block")
    assert "signature" not in codes(campaign(text="【茧米】您好。回T退订", signature=""))


def test_units_range_when_variables_differ_and_balance_against_the_total():
    rows = RowList(["13800138000", "13900139000"], [2, 3], ["姓名"], [["张三", "长" * 80]])
    found = campaign("{姓名}您好。回T退订", rows=rows, balance=Balance(0, 3))
    (units,) = by_code(found, "units")
    assert "每条 1–2 条计费" in units.zh and "共 3 条" in units.zh
    assert by_code(found, "balance") == []
    (short,) = by_code(campaign("{姓名}您好。回T退订", rows=rows, balance=Balance(0, 2)), "balance")
    assert short.level == "block" and "3" in short.zh and "2" in short.zh
    (unchecked,) = by_code(campaign(balance=None), "balance")
    assert unchecked.level == "hint"
    assert check_balance(5, Balance(0, 5)) is None and check_balance(6, Balance(0, 5)).level == "block"


def test_variable_values_that_gbk_cannot_hold_or_are_sensitive_name_their_rows():
    rows = RowList(["13800138000", "13900139000", "13700137000"], [5, 6, 7], ["姓名"],
                   [["张😀", "李四", "代开王"]])
    found = campaign("{姓名}您好。回T退订", rows=rows)
    (gbk,) = by_code(found, "gbk")
    assert gbk.rows == (5,) and "姓名" in gbk.zh and "😀" in gbk.zh
    (sensitive,) = by_code(found, "sensitive")
    assert sensitive.rows == (7,) and "代开" in sensitive.zh


def test_only_the_rows_that_will_be_sent_are_checked():
    # row 3 duplicates row 2's number: its bad value never goes out
    rows = RowList(["13800138000", "13800138000"], [2, 3], ["姓名"], [["张三", "张😀"]])
    assert by_code(campaign("{姓名}您好。回T退订", rows=rows), "gbk") == []


def test_personalised_length_over_the_limit_names_the_row():
    rows = RowList(["13800138000", "13900139000"], [2, 3], ["备注"], [["短", "长" * 1995]])
    (long,) = by_code(campaign("{备注}。回T退订", rows=rows), "too_long")
    assert long.rows == (3,) and long.level == "block"


def test_invalid_numbers_block_unless_skipped_and_name_their_lines():
    rows = RowList(["13800138000", "12345", "abc"], [2, 3, 4])
    (bad,) = by_code(campaign(rows=rows), "invalid_numbers")
    assert bad.level == "block" and bad.rows == (3, 4) and "12345" in bad.zh and "第 3 行" in bad.zh
    (skipped,) = by_code(campaign(rows=rows, skip_invalid=True), "invalid_numbers")
    assert skipped.level == "hint"


def test_opted_out_duplicates_and_no_recipients():
    found = campaign(raws=("13800138000", "13800138000", "13900139000"), opted_out={"13900139000"})
    assert "去掉了 1 个已退订" in by_code(found, "opted_out")[0].zh
    assert "去掉了 1 个重复" in by_code(found, "duplicates")[0].zh
    assert "no_recipients" not in codes(found)
    assert "no_recipients" in codes(campaign(raws=("13900139000",), opted_out={"13900139000"}), "block")


def test_night_is_a_warning_in_china_time_whatever_the_zone():
    assert "night" in codes(campaign(now=datetime(2026, 6, 1, 22, 30)), "warn")
    assert "night" in codes(campaign(now=datetime(2026, 6, 1, 7, 59)), "warn")
    assert "night" not in codes(campaign(now=datetime(2026, 6, 1, 8, 0)))
    # 15:00 UTC is 23:00 in China
    assert "night" in codes(campaign(now=datetime(2026, 6, 1, 15, 0, tzinfo=UTC)))
    assert "night" not in codes(campaign(now=datetime(2026, 6, 1, 23, 0), night=(23, 23)))
    # a held send is judged by its own time
    assert "night" in codes(campaign(at=NOON.replace(hour=23)))
    assert "night" not in codes(campaign(now=datetime(2026, 6, 1, 23, 0), at=datetime(2026, 6, 2, 9, 0)))


def test_past_time_blocks_and_repeat_warns():
    (past,) = by_code(campaign(at=NOON - timedelta(minutes=1)), "past_time")
    assert past.level == "block" and "已经过去" in past.zh
    assert by_code(campaign(at=NOON + timedelta(minutes=1)), "past_time") == []
    (repeat,) = by_code(campaign(recent_repeats=7), "repeat_24h")
    assert repeat.level == "warn" and "7" in repeat.zh
    assert by_code(campaign(recent_repeats=0), "repeat_24h") == []


def test_blocking_helper():
    found = campaign(signature="", raws=("1",))
    assert {f.code for f in blocking(found)} == {"signature", "invalid_numbers", "no_recipients"}
