"""campaign/template.py: {列名} placeholders, the signature, per-row messages and their units."""

from __future__ import annotations

import time

from hypothesis import given, settings
from hypothesis import strategies as st

from jianmi_desktop.campaign.recipients import Row, RowList, check_recipients
from jianmi_desktop.campaign.template import Composition, render, signature_text, variables_in
from jianmi_desktop.platform.text import units_domestic, units_intl


def rows_of(names: list[str], columns: dict[str, list[str]]) -> RowList:
    n = len(next(iter(columns.values())))
    return RowList([f"138{i:08d}" for i in range(n)], list(range(2, n + 2)), names, [columns[k] for k in names])


def test_variables_in_order_once_and_escaped_braces():
    assert variables_in("【茧米】{姓名}您好，{城市}的{姓名}") == ["姓名", "城市"]
    assert variables_in("{{姓名}} 不是变量") == []
    assert variables_in("空的 {} 和 { } 不是变量") == []


def test_render_replaces_known_keeps_unknown_and_unescapes():
    assert render("{姓名}您好，{会员号}{{号}}", {"姓名": "张三"}) == "张三您好，{会员号}{号}"
    assert render("{n}", {"n": 5}) == "5"


def test_signature_added_at_the_end_only_when_the_text_has_none():
    assert Composition("您好", "茧米").message_for() == "您好【茧米】"
    assert Composition("您好", "【茧米】").message_for() == "您好【茧米】"
    assert Composition("【别家】您好", "茧米").message_for() == "【别家】您好"
    assert Composition("您好【别家】", "茧米").message_for() == "您好【别家】"
    assert Composition("您好", "").message_for() == "您好"
    assert signature_text("  ") == "" and signature_text("茧米") == "【茧米】"


def test_message_for_index_row_mapping_and_preview_clamps():
    rows = rows_of(["姓名"], {"姓名": ["张三", "李四"]})
    c = Composition("{姓名}您好", "茧米", False, rows)
    assert c.message_for(1) == "李四您好【茧米】"
    assert c.message_for(Row(9, "x", {"姓名": "王五"})) == "王五您好【茧米】"
    assert c.message_for({"姓名": "赵六"}) == "赵六您好【茧米】"
    assert c.preview(0) == "张三您好【茧米】" and c.preview(99) == "李四您好【茧米】"
    assert Composition("{姓名}您好", "茧米", False, None).preview(3) == "{姓名}您好【茧米】"
    assert c.personalised and c.columns == ("姓名",) and c.unknown_variables == []
    assert not Composition("您好", "茧米", False, rows).personalised


def test_rows_as_plain_numbers_or_row_objects():
    assert Composition("您好", "茧米", False, ["13800138000"]).texts() == ["您好【茧米】"]
    rows = [Row(2, "13800138000", {"姓名": "张三"}), Row(3, "13900139000", {"姓名": "李四"})]
    c = Composition("{姓名}", "茧米", False, rows)
    assert c.texts() == ["张三【茧米】", "李四【茧米】"]
    assert c.texts([1]) == ["李四【茧米】"]


def test_units_range_with_variables_that_differ():
    short, long = "张", "长" * 80
    rows = rows_of(["姓名"], {"姓名": [short, long, short]})
    c = Composition("{姓名}您好", "茧米", False, rows)
    assert c.units_range() == (1, units_domestic(long + "您好【茧米】")) == (1, 2)
    assert c.units_total() == 1 + 2 + 1
    assert c.units_range([0, 2]) == (1, 1) and c.units_total([1]) == 2
    assert c.units_list() == [1, 2, 1]


def test_units_without_rows_is_the_message_itself():
    c = Composition("好" * 70, "茧米")  # 74 characters with the signature
    assert c.units_range() == (2, 2) and c.units_total() == 2


def test_intl_units_follow_gsm7_per_row():
    rows = rows_of(["name"], {"name": ["Ann", "José", "李"]})
    c = Composition("Hello {name}, " + "x" * 40, "Jianmi", True, rows)
    assert c.units_list() == [units_intl(t) for t in c.texts()]
    assert c.units_range() == (1, 1)
    # 【】 are not GSM-7: with a signature every message counts 70/67
    assert Composition("Hello {name} " + "x" * 70, "Jianmi", True, rows).units_list() == [2, 2, 2]
    c2 = Composition("Hello {name} " + "x" * 70, "", True, rows)
    assert c2.units_list() == [1, 1, 2]  # the Chinese name turns the message into UCS-2


def test_row_index_maps_valid_numbers_to_their_first_row():
    rows = RowList(["13800138000", "bad", "13900139000", "138 0013 8000"], [2, 3, 4, 5], ["姓名"],
                   [["甲", "乙", "丙", "丁"]])
    report = check_recipients(rows, opted_out={"13900139000"})
    assert report.valid == ["13800138000"] and report.row_index == [0]
    c = Composition("{姓名}", "", False, rows)
    assert c.texts(report.row_index) == ["甲"]
    assert check_recipients(["13800138000"]).row_index is None  # no variables: not needed


def test_hundred_thousand_rows_are_counted_fast():
    n = 100_000
    names = ["客户" + "好" * (i % 90) for i in range(n)]
    rows = rows_of(["姓名", "城市"], {"姓名": names, "城市": ["北京"] * n})
    c = Composition("{姓名}您好，{城市}见", "茧米", False, rows)
    started = time.perf_counter()
    low, high = c.units_range()
    total = c.units_total()
    texts = c.texts()
    elapsed = time.perf_counter() - started
    assert (low, high) == (1, units_domestic(names[89] + "您好，北京见【茧米】"))
    assert total == sum(units_domestic(t) for t in texts)
    assert elapsed < 1.5, elapsed


# --- properties ------------------------------------------------------------------------------

names = st.text(alphabet="姓名城市abc_1", min_size=1, max_size=6)
values = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(names, values), min_size=1, max_size=4, unique_by=lambda t: t[0]),
       st.text(alphabet="您好，。abc ", max_size=20))
def test_render_puts_every_value_in_place(pairs, filler):
    template = filler.join("{" + k + "}" for k, _ in pairs)
    mapping = dict(pairs)
    assert render(template, mapping) == filler.join(v for _, v in pairs)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(alphabet="张三李四好abcé€ ", max_size=100), min_size=1, max_size=30), st.booleans())
def test_units_agree_with_the_messages_themselves(column, intl):
    rows = rows_of(["v"], {"v": column})
    c = Composition("{v}通知", "茧米", intl, rows)
    texts = c.texts()
    unit = units_intl if intl else units_domestic
    each = [unit(t) for t in texts]
    assert c.units_list() == each
    assert c.units_range() == (min(each), max(each))
    assert c.units_total() == sum(each)
    assert c.lengths() == [len(t) for t in texts]
