"""Spreadsheets (.xlsx/.xlsm/.xlsb/.xls/.ods) read through python-calamine, and the plain
messages for those that cannot be read (password, damaged, another kind of zip)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from jianmi_desktop.campaign.recipients.model import ImportResult, RecipientFileError
from jianmi_desktop.campaign.recipients.table import _read_table


def _read_spreadsheet(path: Path, column: str | int | None, kind: str) -> ImportResult:
    from python_calamine import CalamineWorkbook  # imported here: only spreadsheets need it

    name = path.name
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # noqa: BLE001 — calamine raises several types
        raise _spreadsheet_error(path, exc, kind) from None
    try:
        sheet = None
        for index, meta in enumerate(workbook.sheets_metadata):
            if "worksheet" not in str(getattr(meta, "typ", "WorkSheet")).lower():
                continue      # chart sheets, macro sheets
            try:
                candidate = workbook.get_sheet_by_index(index)
            except Exception as exc:  # noqa: BLE001
                raise _spreadsheet_error(path, exc, kind) from None
            if candidate.height and candidate.width:
                sheet = candidate
                break
        if sheet is None:
            raise RecipientFileError(f"Excel 文件“{name}”的工作表都是空的，没有号码。",
                                     f"Every sheet of “{name}” is empty.", path=path)

        # iter_rows starts at the sheet's row 1, so counting rows gives Excel's row numbers
        try:
            result = _read_table(path, _capped(path, sheet.iter_rows()), column, numbered=False)
        except RecipientFileError:
            raise
        except Exception as exc:  # noqa: BLE001 — calamine raises several types while reading
            raise _spreadsheet_error(path, exc, kind) from None
        result.kind, result.sheet = "spreadsheet", sheet.name
        return result
    finally:
        try:
            workbook.close()
        except Exception:  # noqa: BLE001
            pass


MAX_ROWS = 2_000_000        # Excel itself stops at 1,048,576 rows


def _capped(path: Path, rows: Iterator[list[Any]]) -> Iterator[list[Any]]:
    """The rows, refused past ``MAX_ROWS`` (a crafted sheet can declare millions)."""
    count = 0
    for count, row in enumerate(rows, 1):
        if count > MAX_ROWS:
            raise RecipientFileError(
                f"Excel 文件“{path.name}”超过 {MAX_ROWS:,} 行，多于 Excel 本身能容纳的行数，已拒绝读取。",
                f"The spreadsheet “{path.name}” has over {MAX_ROWS:,} rows (more than Excel holds); refused.",
                path=path)
        yield row


def _spreadsheet_error(path: Path, exc: Exception, kind: str) -> RecipientFileError:
    name = path.name
    kind_name = type(exc).__name__
    if kind_name == "PasswordError" or (kind == "ole" and "password" in str(exc).lower()):
        return RecipientFileError(f"Excel 文件“{name}”设置了密码，请先在 Excel 里取消密码再导入。",
                                  f"“{name}” is password-protected.", path=path)
    if kind == "zip":
        return RecipientFileError(
            f"文件“{name}”不是有效的 Excel 文件（可能已损坏，或是其他压缩包）：{exc}",
            f"“{name}” is not a valid spreadsheet (damaged, or another zip archive): {exc}", path=path)
    return RecipientFileError(f"无法读取 Excel 文件“{name}”（文件可能已损坏）：{exc}",
                              f"Cannot read the spreadsheet “{name}” (it may be damaged): {exc}", path=path)
