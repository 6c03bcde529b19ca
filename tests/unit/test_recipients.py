"""campaign/recipients/: recipient files of every kind people have, checked and de-duplicated."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest

from jianmi_desktop.campaign.recipients import (
    ImportResult,
    RecipientFileError,
    RecipientReport,
    Row,
    RowList,
    check_recipients,
    parse_number_list,
    read_recipients,
)
from jianmi_desktop.platform.errors import JianmiError
from tests.support.xlsx import write_xlsx

# --------------------------------------------------------------------------------------
# fixtures made at test time
# --------------------------------------------------------------------------------------

def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def raws(result: ImportResult) -> list[str]:
    return [row.raw for row in result.rows]


# --------------------------------------------------------------------------------------
# text files
# --------------------------------------------------------------------------------------

def test_text_file_one_number_a_line(tmp_path):
    path = write(tmp_path / "list.txt", "13800000000\n13800000001\n\n  13800000002  \n\n")
    result = read_recipients(path)
    assert raws(result) == ["13800000000", "13800000001", "13800000002"]
    assert [row.line_no for row in result.rows] == [1, 2, 4]
    assert result.skipped_empty == 2
    assert result.kind == "text"
    assert all(row.variables == {} for row in result.rows)


def test_text_file_with_a_header_and_windows_line_ends(tmp_path):
    path = write(tmp_path / "list.txt", "手机号\r\n13800000000\r\n13800000001\r\n")
    result = read_recipients(path)
    assert result.column_name == "手机号"
    assert raws(result) == ["13800000000", "13800000001"]
    assert [row.line_no for row in result.rows] == [2, 3]


def test_one_line_of_numbers_separated_by_commas(tmp_path):
    path = write(tmp_path / "pasted.txt", "13800000000,13900000000,13700000000\n")
    result = read_recipients(path)
    assert raws(result) == ["13800000000", "13900000000", "13700000000"]
    assert {row.line_no for row in result.rows} == {1}


def test_excel_forced_text_forms(tmp_path):
    path = write(tmp_path / "forced.txt", "=\"13800000000\"\n'13800000001\n\"13800000002\"\n")
    result = read_recipients(path)
    assert check_recipients(result).valid == ["13800000000", "13800000001", "13800000002"]


# --------------------------------------------------------------------------------------
# CSV: encodings and delimiters
# --------------------------------------------------------------------------------------

def test_gbk_csv_with_header_and_variables(tmp_path):
    text = "姓名,手机号码,城市\r\n张三,13812345678,北京\r\n李四,139 1234 5678,上海\r\n\r\n王五,１３７１２３４５６７８,广州\r\n"
    path = write(tmp_path / "客户.csv", text, "gbk")
    result = read_recipients(path)
    assert result.encoding == "gbk"
    assert result.delimiter == ","
    assert result.column_name == "手机号码"
    assert result.headers == ["姓名", "手机号码", "城市"]
    assert raws(result) == ["13812345678", "139 1234 5678", "１３７１２３４５６７８"]
    assert [row.line_no for row in result.rows] == [2, 3, 5]
    assert result.rows[0].variables == {"姓名": "张三", "城市": "北京"}
    assert result.rows[2].variables == {"姓名": "王五", "城市": "广州"}
    assert result.skipped_empty == 1
    assert check_recipients(result).valid == ["13812345678", "13912345678", "13712345678"]


def test_utf8_bom_semicolon_csv(tmp_path):
    text = "\ufeffname;tel;city\nAnna;+86 139-0000-0000;Berlin\nBo;13900000001;Köln\n"
    path = write(tmp_path / "export.csv", text)
    result = read_recipients(path)
    assert result.encoding == "utf-8-sig"
    assert result.delimiter == ";"
    assert result.column_name == "tel"
    assert result.headers[0] == "name"            # the BOM is not part of the first header
    assert result.rows[1].variables == {"name": "Bo", "city": "Köln"}
    assert check_recipients(result).valid == ["13900000000", "13900000001"]


def test_utf16_tab_separated_from_excel_unicode_text(tmp_path):
    text = "手机\t备注\r\n13800000000\t老客户\r\n13800000001\t新客户\r\n"
    path = tmp_path / "unicode.txt"
    path.write_bytes(text.encode("utf-16"))
    result = read_recipients(path)
    assert result.delimiter == "\t"
    assert raws(result) == ["13800000000", "13800000001"]
    assert result.rows[0].variables == {"备注": "老客户"}


def test_quoted_csv_fields(tmp_path):
    text = '姓名,手机\n"Zhang, San","13800000000"\n"Li ""Si""",13800000001\n'
    result = read_recipients(write(tmp_path / "q.csv", text))
    assert raws(result) == ["13800000000", "13800000001"]
    assert result.rows[0].variables == {"姓名": "Zhang, San"}
    assert result.rows[1].variables == {"姓名": 'Li "Si"'}


def test_column_found_by_content_without_header(tmp_path):
    text = "张三,13800000000,1990\n李四,13800000001,1985\n王五,138-0000-0002,1970\n"
    result = read_recipients(write(tmp_path / "noheader.csv", text))
    assert raws(result)[0] == "13800000000"
    assert result.headers == ["列1", "列2", "列3"]
    assert result.column_name == "列2"
    assert result.rows[0].variables == {"列1": "张三", "列3": "1990"}
    assert [row.line_no for row in result.rows] == [1, 2, 3]


def test_column_found_by_content_under_unknown_header(tmp_path):
    text = "客户,联系人,备用\n甲公司,13800000000,无\n乙公司,13800000001,无\n"
    result = read_recipients(write(tmp_path / "h.csv", text))
    assert result.column_name == "联系人"


def test_strongest_header_wins(tmp_path):
    text = "号码归属地,联系电话,手机号\n北京,010-12345678,13800000000\n上海,021-87654321,13800000001\n"
    result = read_recipients(write(tmp_path / "h.csv", text))
    assert result.column_name == "手机号"
    assert raws(result) == ["13800000000", "13800000001"]


def test_chosen_column_by_name_index_and_letter(tmp_path):
    text = "手机,备用手机\n13800000000,13900000000\n13800000001,13900000001\n"
    path = write(tmp_path / "two.csv", text)
    assert raws(read_recipients(path)) == ["13800000000", "13800000001"]
    assert raws(read_recipients(path, column="备用手机")) == ["13900000000", "13900000001"]
    assert raws(read_recipients(path, column=1)) == ["13900000000", "13900000001"]
    assert raws(read_recipients(path, column="B")) == ["13900000000", "13900000001"]
    with pytest.raises(RecipientFileError) as err:
        read_recipients(path, column="邮箱")
    assert "邮箱" in err.value.zh and "two.csv" in err.value.zh
    with pytest.raises(RecipientFileError):
        read_recipients(path, column=5)


# --------------------------------------------------------------------------------------
# Excel
# --------------------------------------------------------------------------------------

def test_xlsx_floats_empty_rows_full_width_and_merged_cells(tmp_path):
    rows = [
        [],                                            # row 1: empty (a title area)
        ["客户名单"],                                   # row 2: a title in one cell
        ["姓名", "手机号", "积分"],                       # row 3: header
        ["张三", 13812345678, 10],                     # numbers come back as floats
        ["李四", 1.3812345679E10, 2.5],                # scientific notation
        [],                                            # row 6: empty
        ["王五", "１３８１２３４５６７０", None],          # full-width digits, as text
        ["赵六", None, 7],                              # row 8: merged with row 7's number: no number
        ["钱七", "138-1234-5671", "=A1"],
    ]
    path = write_xlsx(tmp_path / "名单.xlsx", rows, merged=["B7:B8"], sheet_name="名单")
    result = read_recipients(path)
    assert result.kind == "spreadsheet" and result.sheet == "名单"
    assert result.column_name == "手机号"
    assert result.headers == ["姓名", "手机号", "积分"]
    assert raws(result) == ["13812345678", "13812345679", "１３８１２３４５６７０", "138-1234-5671"]
    assert [row.line_no for row in result.rows] == [4, 5, 7, 9]     # Excel's own row numbers
    assert result.skipped_empty == 2                                # row 6 and the merged row 8
    assert result.rows[0].variables == {"姓名": "张三", "积分": "10"}
    assert result.rows[1].variables == {"姓名": "李四", "积分": "2.5"}
    report = check_recipients(result)
    assert report.valid == ["13812345678", "13812345679", "13812345670", "13812345671"]
    assert report.invalid == []


def test_xlsx_without_header_starting_in_column_c(tmp_path):
    rows = [[13800000000 + i, f"客户{i}"] for i in range(5)]
    path = write_xlsx(tmp_path / "offset.xlsx", rows, start_col=2)
    result = read_recipients(path)
    assert raws(result) == [str(13800000000 + i) for i in range(5)]
    assert result.rows[4].variables == {"列2": "客户4"}


def test_csv_renamed_xlsx_still_reads(tmp_path):
    path = write(tmp_path / "really-a.xlsx", "手机号\n13800000000\n")
    assert raws(read_recipients(path)) == ["13800000000"]


def test_xlsx_renamed_csv_still_reads(tmp_path):
    path = write_xlsx(tmp_path / "really-an.csv", [["手机"], [13800000000]])
    assert raws(read_recipients(path)) == ["13800000000"]


# --------------------------------------------------------------------------------------
# files that cannot be read
# --------------------------------------------------------------------------------------

def test_empty_file(tmp_path):
    path = tmp_path / "空.csv"
    path.write_bytes(b"")
    with pytest.raises(RecipientFileError) as err:
        read_recipients(path)
    assert "空.csv" in err.value.zh and "0 字节" in err.value.zh
    assert isinstance(err.value, JianmiError)


@pytest.mark.parametrize("name", ["list.csv", "list.xlsx", "list.txt"])
def test_renamed_program(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(500) + b"This program cannot be run")
    with pytest.raises(RecipientFileError) as err:
        read_recipients(path)
    assert name in err.value.zh and "程序" in err.value.zh


@pytest.mark.parametrize("blob, word", [
    (b"\x89PNG\r\n\x1a\n" + bytes(100), "图片"),
    (b"%PDF-1.7\n" + bytes(100), "PDF"),
    (bytes(range(256)) * 4, "二进制"),
])
def test_other_binaries(tmp_path, blob, word):
    path = tmp_path / "numbers.csv"
    path.write_bytes(blob)
    with pytest.raises(RecipientFileError) as err:
        read_recipients(path)
    assert word in err.value.zh


def test_corrupt_spreadsheet(tmp_path):
    good = write_xlsx(tmp_path / "good.xlsx", [["手机"], [13800000000]]).read_bytes()
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(good[: len(good) // 2])
    with pytest.raises(RecipientFileError) as err:
        read_recipients(broken)
    assert "broken.xlsx" in err.value.zh and "Excel" in err.value.zh

    other_zip = tmp_path / "photos.xlsx"
    with zipfile.ZipFile(other_zip, "w") as z:
        z.writestr("a.txt", "hello")
    with pytest.raises(RecipientFileError) as err:
        read_recipients(other_zip)
    assert "photos.xlsx" in err.value.zh

    fake_xls = tmp_path / "old.xls"
    fake_xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    with pytest.raises(RecipientFileError) as err:
        read_recipients(fake_xls)
    assert "old.xls" in err.value.zh


def test_no_column_of_numbers(tmp_path):
    path = write(tmp_path / "names.csv", "姓名,城市\n张三,北京\n李四,上海\n")
    with pytest.raises(RecipientFileError) as err:
        read_recipients(path)
    assert "names.csv" in err.value.zh and "号码列" in err.value.zh


def test_header_only_and_blank_only(tmp_path):
    with pytest.raises(RecipientFileError) as err:
        read_recipients(write(tmp_path / "h.txt", "手机号\n\n"))
    assert "h.txt" in err.value.zh
    with pytest.raises(RecipientFileError) as err:
        read_recipients(write(tmp_path / "blank.txt", "\n\n   \n"))
    assert "blank.txt" in err.value.zh and "空行" in err.value.zh


def test_malformed_csv_names_the_row(tmp_path):
    text = '手机,备注\n13800000000,"ok"\n13800000001,"' + "x" * 200_000 + '"\n'
    with pytest.raises(RecipientFileError) as err:
        read_recipients(write(tmp_path / "huge-field.csv", text))
    assert "huge-field.csv" in err.value.zh
    assert "第 3 行" in err.value.zh and err.value.line_no == 3


def test_long_unquoted_fields_are_fine(tmp_path):
    text = "手机,备注\n13800000000,ok\n13800000001," + "x" * 200_000 + "\n"
    result = read_recipients(write(tmp_path / "long.csv", text))
    assert raws(result) == ["13800000000", "13800000001"]
    assert len(result.rows[1].variables["备注"]) == 200_000


def test_gc_is_switched_back_on(tmp_path):
    import gc

    path = write(tmp_path / "a.csv", "手机,x\n13800000000,1\n")
    assert gc.isenabled()
    read_recipients(path)
    assert gc.isenabled()
    with pytest.raises(RecipientFileError):
        read_recipients(tmp_path / "missing.csv")
    assert gc.isenabled()
    gc.disable()
    try:
        read_recipients(path)
        assert not gc.isenabled()           # left as the caller had it
    finally:
        gc.enable()


def test_undecodable_text_names_the_row(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes(b"13800000000\n13800000001\n\xff\xfe\xfd13800000002\n")
    with pytest.raises(RecipientFileError) as err:
        read_recipients(path)
    assert "bad.txt" in err.value.zh and "第 3 行" in err.value.zh


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(RecipientFileError) as err:
        read_recipients(tmp_path / "nope.csv")
    assert "nope.csv" in err.value.zh
    with pytest.raises(RecipientFileError):
        read_recipients(tmp_path)


# --------------------------------------------------------------------------------------
# checks
# --------------------------------------------------------------------------------------

def test_check_dedup_invalid_and_opt_out():
    items = ["13800000000", "138-0000-0000", "abc", "+86 13900000000", "1380000000", "13700000000",
             "13900000000", "１３７００００００００"]
    report = check_recipients(items, opted_out={"8613700000000"})
    assert isinstance(report, RecipientReport)
    assert report.valid == ["13800000000", "13900000000"]
    assert [(line, raw) for line, raw, _ in report.invalid] == [(0, "abc"), (0, "1380000000")]
    assert "11 位" in report.invalid[1][2]
    assert report.duplicates == 3
    assert report.opted_out == 1
    assert report.total == len(items)


@pytest.mark.parametrize("opted", ["+447911123456", "+44 7911 123456", "00447911123456", "447911123456"])
def test_an_international_opt_out_drops_the_number_however_it_was_written(opted):
    report = check_recipients(["+44 7911 123456", "+852 6123 4567"], intl=True, opted_out=[opted])
    assert report.valid == ["85261234567"] and report.opted_out == 1


@pytest.mark.parametrize("opted", ["13800138000", "+86 138 0013 8000", "8613800138000"])
def test_a_domestic_opt_out_also_holds_for_an_international_send(opted):
    report = check_recipients(["+86 138 0013 8000", "+447911123456"], intl=True, opted_out=[opted])
    assert report.valid == ["447911123456"] and report.opted_out == 1


def test_a_csv_record_over_several_lines_is_named_by_its_first_line(tmp_path):
    text = '姓名,手机,备注\n张三,13800000000,"两行\n的备注"\n李四,12345,x\n\n王五,"bad",y\n'
    report = check_recipients(read_recipients(write(tmp_path / "a.csv", text)))
    assert report.valid == ["13800000000"]
    assert [(line, raw) for line, raw, _ in report.invalid] == [(4, "12345"), (6, "bad")]


def test_check_rows_keeps_line_numbers(tmp_path):
    text = "手机\n13800000000\n12345\n\n13800000000\n19912345678\n"
    result = read_recipients(write(tmp_path / "a.txt", text))
    report = check_recipients(result)
    assert report.valid == ["13800000000", "19912345678"]
    assert report.invalid[0][:2] == (3, "12345")
    assert report.duplicates == 1
    same = check_recipients(list(result.rows))          # plain Row objects too
    assert same == report
    rows = [Row(7, "13800000009"), Row(9, "bad")]
    assert check_recipients(rows).invalid[0][:2] == (9, "bad")


def test_check_intl():
    report = check_recipients(["+852 9123 4567", "0085291234567", "85291234567", "+1 202 555 0100", "hello"],
                              intl=True)
    assert report.valid[0] == "85291234567"
    assert report.duplicates == 2
    assert any(raw == "hello" for _, raw, _ in report.invalid)


def test_parse_number_list():
    text = "13800000000,13900000000 13700000000、13600000000，13500000000；13400000000;\n13300000000\t\t13200000000"
    assert parse_number_list(text) == ["13800000000", "13900000000", "13700000000", "13600000000",
                                       "13500000000", "13400000000", "13300000000", "13200000000"]
    assert parse_number_list("") == []
    assert parse_number_list(" , ,\n") == []


def test_rowlist_reads_like_a_list():
    rows = RowList(["13800000000", "13800000001"], [2, 5], ["姓名"], [["张三", "李四"]])
    assert len(rows) == 2
    assert rows[0] == Row(2, "13800000000", {"姓名": "张三"})
    assert rows[-1].variables == {"姓名": "李四"}
    assert rows[0:1] == [Row(2, "13800000000", {"姓名": "张三"})]
    assert [r.line_no for r in rows] == [2, 5]
    assert rows == [Row(2, "13800000000", {"姓名": "张三"}), Row(5, "13800000001", {"姓名": "李四"})]
    with pytest.raises(IndexError):
        rows[2]


def test_a_hundred_thousand_rows_stay_quick(tmp_path):
    numbers = [f"13{i % 7 + 3}{i:08d}" for i in range(100_000)]
    numbers[10] = "138-0000-0001"
    numbers[20] = numbers[30]
    path = write(tmp_path / "big.csv", "手机号,姓名\n" + "".join(f"{n},客户{i % 100}\n" for i, n in enumerate(numbers)))
    started = time.perf_counter()
    result = read_recipients(path)
    report = check_recipients(result)
    elapsed = time.perf_counter() - started
    assert len(result.rows) == 100_000
    assert report.duplicates == 1 and len(report.valid) == 99_999
    assert elapsed < 2.0      # the million-row figure is measured by benchmarks/import_numbers.py


def test_dates_do_not_pass_for_phone_numbers(tmp_path):
    text = "20240101,13800000000\n20240102,13800000001\n20240103,13800000002\n"
    result = read_recipients(write(tmp_path / "dated.csv", text))
    assert result.column_name == "列2"
    assert result.rows[0].variables == {"列1": "20240101"}


def test_international_numbers_under_a_phone_header(tmp_path):
    text = "Name,Phone\nAmy,+852 9123 4567\nBen,+65 8123 4567\n"
    result = read_recipients(write(tmp_path / "intl.csv", text))
    assert result.column_name == "Phone"
    assert check_recipients(result, intl=True).valid == ["85291234567", "6581234567"]


def test_title_rows_above_the_header_are_passed_over(tmp_path):
    text = "2026 年春节活动名单,,\n,,\n姓名,电话,备注\n张三,13800000000,VIP\n"
    result = read_recipients(write(tmp_path / "titled.csv", text))
    assert result.headers == ["姓名", "电话", "备注"]
    assert result.rows[0] == Row(4, "13800000000", {"姓名": "张三", "备注": "VIP"})


def test_quoted_field_spanning_lines_keeps_line_numbers(tmp_path):
    text = '姓名,手机\n"第一行\n第二行",13800000000\n张三,13800000001\n\n李四,13800000002\n'
    result = read_recipients(write(tmp_path / "multi.csv", text))
    assert raws(result) == ["13800000000", "13800000001", "13800000002"]
    assert [row.line_no for row in result.rows] == [2, 4, 6]  # a record is named by the line it starts on
    assert result.rows[0].variables == {"姓名": "第一行\n第二行"}
    assert result.skipped_empty == 1


def test_parse_number_list_keeps_numbers_written_in_groups():
    assert parse_number_list("+44 7911 123456, 138 0013 8000") == ["+44 7911 123456", "138 0013 8000"]
    assert parse_number_list("13800000000 13900000000") == ["13800000000", "13900000000"]


def test_full_width_digits_are_normalised_not_kept():
    report = check_recipients(["1390013900０", "１３９００１３９００１"])
    assert report.valid == ["13900139000", "13900139001"]
    assert all(ch in "0123456789" for n in report.valid for ch in n)
