"""Rows of cells (CSV or spreadsheet) into an ``ImportResult``: cells as text, Excel's
forced-text forms undone, then the column of numbers and the variable columns pulled out
chunk by chunk."""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterator, Sequence
from itertools import compress, islice
from operator import itemgetter
from pathlib import Path
from typing import Any

from jianmi_desktop.campaign.recipients.columns import _choose_layout
from jianmi_desktop.campaign.recipients.model import ImportResult, RecipientFileError, RowList

_FORCED_TEXT = re.compile(r"[='\"]")

_SAMPLE_ROWS = 200          # rows looked at to find the header and the column of numbers
_CHUNK = 4096          # rows taken at a time: small enough that few row lists are alive at once


def _cell_text(value: Any) -> str:
    """A spreadsheet cell as text: 13812345678.0 → "13812345678"."""
    if type(value) is str:
        return value.strip()
    if type(value) is float:
        if value.is_integer() and abs(value) < 1e17:
            return str(int(value))
        return repr(value)
    if value is None:
        return ""
    if type(value) is bool:
        return "TRUE" if value else "FALSE"
    if hasattr(value, "isoformat"):
        return str(value.isoformat(sep=" ") if hasattr(value, "hour") and hasattr(value, "day") else value.isoformat())
    return str(value).strip()


def _clean_raw(text: str) -> str:
    """Excel's ways of forcing text: ="13812345678", '13812345678."""
    if text and text[0] in "='\"":
        if text.startswith('="') and text.endswith('"') and len(text) >= 3:
            return text[2:-1].strip()
        if text[0] == "'":
            return text[1:].strip()
        if text[0] == '"' and text.endswith('"') and len(text) >= 2:
            return text[1:-1].strip()
    return text


def _texts(values: list[Any]) -> list[str]:
    """Cell values as stripped text, in C loops for the usual all-text or all-number columns."""
    kinds = set(map(type, values))
    if kinds == {str}:
        return list(map(str.strip, values))
    if kinds == {float} and all(map(float.is_integer, values)):
        return list(map("%d".__mod__, values))          # Excel: 13812345678.0, 1.3812345678E10
    if kinds <= {str, float}:                           # numbers, and a few typed as text
        return [v.strip() if v.__class__ is str else "%d" % v if v.is_integer() else repr(v) for v in values]  # noqa: UP031 (hot path)
    return list(map(_cell_text, values))


def _column(rows: list[list[Any]], index: int) -> list[Any]:
    try:
        return list(map(itemgetter(index), rows))
    except IndexError:          # ragged CSV rows, blank lines
        return [r[index] if len(r) > index else "" for r in rows]


class _Interner:
    """Repeated variable values (cities, company names, …) kept once. It gives up on a column
    whose values are mostly different (names of people), where it would only cost memory."""

    __slots__ = ("seen", "total", "active")
    LIMIT = 200_000

    def __init__(self) -> None:
        self.seen: dict[str, str] = {}
        self.total = 0
        self.active = True

    def __call__(self, texts: list[str]) -> list[str]:
        if not self.active:
            return texts
        out = list(map(self.seen.setdefault, texts, texts))
        self.total += len(texts)
        distinct = len(self.seen)
        if distinct > self.LIMIT or (self.total >= 50_000 and distinct * 2 > self.total):
            self.active = False
            self.seen = {}
        return out


def _read_table(path: Path, rows: Iterator[Any], column: str | int | None, *, numbered: bool) -> ImportResult:
    """Shared by CSV and spreadsheets. ``rows`` yields cell lists (row numbers count from 1),
    or (line_no, cells) when ``numbered``. The first non-empty rows decide the layout; then the
    rows are taken in chunks and each column is pulled out and converted with C-level loops."""
    rows = iter(rows)
    sample: list[tuple[int, list[Any]]] = []
    filled: list[list[str]] = []
    filled_at: list[int] = []                     # where each non-empty row sits in ``sample``
    line_no = 0
    for item in rows:
        if numbered:
            line_no, cells = item
        else:
            line_no, cells = line_no + 1, item
        texts = [_clean_raw(_cell_text(c)) for c in cells]
        if not any(texts):
            if sample:
                sample.append((line_no, cells))   # an empty row inside the data: counted later
            continue
        filled_at.append(len(sample))
        sample.append((line_no, cells))
        filled.append(texts)
        if len(filled) >= _SAMPLE_ROWS:
            break
    if not filled:
        raise RecipientFileError(f"文件“{path.name}”里没有内容（只有空行）。",
                                 f"“{path.name}” has no content.", path=path)
    layout = _choose_layout(filled, column, path)
    if layout.header_index >= 0:
        sample = sample[filled_at[layout.header_index] + 1:]   # the header and any title above it

    def chunks() -> Iterator[tuple[Sequence[int], list[list[Any]]]]:
        if sample:
            yield [n for n, _ in sample], [c for _, c in sample]
        next_line = line_no + 1
        while True:
            block = list(islice(rows, _CHUNK))
            if not block:
                return
            if numbered:
                yield [n for n, _ in block], [c for _, c in block]
            else:
                yield range(next_line, next_line + len(block)), block
                next_line += len(block)

    raws: list[str] = []
    line_nos = array("q")
    skipped = 0
    if layout.flatten:
        for numbers, block in chunks():
            for n, cells in zip(numbers, block):
                got = [_clean_raw(t) for t in map(_cell_text, cells) if t]
                if not got:
                    skipped += 1
                raws.extend(got)
                line_nos.extend([n] * len(got))
        return ImportResult(RowList(raws, line_nos), layout.column_name, layout.headers, skipped)

    col = layout.column
    others = [i for i in range(len(layout.headers)) if i != col]
    var_columns: list[list[str]] = [[] for _ in others]
    interners = [_Interner() for _ in others]
    for numbers, block in chunks():
        texts = _texts(_column(block, col))
        for i in compress(range(len(texts)), map(_FORCED_TEXT.match, texts)):
            texts[i] = _clean_raw(texts[i])
        variables = [intern(_texts(_column(block, o))) for o, intern in zip(others, interners)]
        if "" in texts:        # empty rows, and the lower parts of merged cells: skipped, counted
            keep = list(map(bool, texts))
            skipped += keep.count(False)
            raws.extend(compress(texts, keep))
            line_nos.extend(compress(numbers, keep))
            for store, values in zip(var_columns, variables):
                store.extend(compress(values, keep))
        else:
            raws.extend(texts)
            line_nos.extend(numbers)
            for store, values in zip(var_columns, variables):
                store.extend(values)
    if not raws:
        raise RecipientFileError(f"文件“{path.name}”的号码列“{layout.column_name}”是空的。",
                                 f"The column “{layout.column_name}” of “{path.name}” is empty.", path=path)
    numbers_out: Sequence[int] = line_nos
    if line_nos[-1] - line_nos[0] + 1 == len(line_nos):
        numbers_out = range(line_nos[0], line_nos[-1] + 1)     # no gaps: 8 MB less for a million rows
    result = RowList(raws, numbers_out, [layout.headers[i] for i in others], var_columns)
    return ImportResult(result, layout.column_name, layout.headers, skipped)
