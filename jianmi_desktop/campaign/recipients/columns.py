"""Finding the column of numbers: header names (手机号 / mobile …), how phone-like a cell
is, which row is the header, and a column the caller named (header, index or letter)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from jianmi_desktop.campaign.recipients.model import RecipientFileError
from jianmi_desktop.campaign.recipients.validation import _CLEAN
from jianmi_desktop.platform.numbers import normalize

# Loosely phone-like, after normalize(): used only to find the column of numbers.
_PHONE_LIKE = re.compile(r"\+?[0-9]{7,15}")

# Header names that announce the column of numbers, strongest first (compared after
# lower-casing and dropping spaces and punctuation such as "*", "：", "(必填)").
HEADER_NAMES: tuple[str, ...] = (
    "手机号码", "手机号", "手机", "移动电话", "接收号码", "收信号码", "接收手机", "号码", "电话号码",
    "联系电话", "联系手机", "电话", "联系方式", "mobile", "mobilephone", "mobileno", "mobilenumber",
    "cellphone", "cell", "phone", "phonenumber", "phoneno", "telephone", "tel", "msisdn", "number",
)
_HEADER_RANK = {name: i for i, name in enumerate(HEADER_NAMES)}
_HEADER_NOISE = re.compile(r"[\s\*:：_\-—.·#()（）\[\]【】]|必填|选填")


def _norm_header(text: str) -> str:
    return _HEADER_NOISE.sub("", text).lower()


def _header_rank(text: str) -> int | None:
    """Rank of a header that names a column of numbers (lower is stronger), else None."""
    key = _norm_header(text)
    if not key:
        return None
    if key in _HEADER_RANK:
        return _HEADER_RANK[key]
    if key.isascii():
        return None   # "telegram", "cellar": English names only match whole
    for name, rank in _HEADER_RANK.items():
        if not name.isascii() and name in key and "归属" not in key and "备注" not in key:
            return len(HEADER_NAMES) + rank
    return None


def _phone_score(text: str) -> int:
    """2 for a domestic mobile, 1 for something else phone-like (7–15 digits), else 0."""
    if not text:
        return 0
    if _CLEAN.fullmatch(text):
        return 2
    try:
        number = normalize(text)
    except Exception:  # noqa: BLE001 — only a guess about the column
        return 0
    if _CLEAN.fullmatch(number):
        return 2
    return 1 if _PHONE_LIKE.fullmatch(number) else 0


def _phone_like(text: str) -> bool:
    return _phone_score(text) > 0


def _column_letter_index(text: str) -> int | None:
    if not (1 <= len(text) <= 3 and text.isascii() and text.isalpha()):
        return None
    index = 0
    for ch in text.upper():
        index = index * 26 + (ord(ch) - 64)
    return index - 1


@dataclass
class _Layout:
    header: list[str] | None      # the header row, if there is one
    column: int                   # index of the column of numbers
    column_name: str
    headers: list[str]            # header names (made up as 列1, 列2, … without a header row)
    flatten: bool = False         # one row of numbers: every cell is a number
    header_index: int = -1        # which of the sampled non-empty rows is the header (-1: none)


_PREAMBLE_ROWS = 10               # title rows above the header that are looked through


def _find_header(sample: list[list[str]]) -> int:
    """Index of the header row among the first non-empty rows, or -1.

    A row that names the column of numbers (手机号, mobile …) and holds no number wins;
    otherwise the last row without a phone-like cell before the first row with one (so a
    title such as “客户名单” above the real header is passed over), if it holds text."""
    phone_rows = [any(_phone_like(c) for c in row) for row in sample[:_PREAMBLE_ROWS + 1]]
    for i, row in enumerate(sample[:_PREAMBLE_ROWS]):
        if not phone_rows[i] and any(_header_rank(c) is not None for c in row):
            return i
    first_phone = next((i for i, p in enumerate(phone_rows) if p), None)
    if first_phone is None:
        candidate = 0
    elif first_phone == 0:
        return -1
    else:
        candidate = first_phone - 1
    row = sample[candidate]
    if any(c and not c.replace(".", "").replace("-", "").isdigit() for c in row):
        return candidate
    return -1


def _choose_layout(sample: list[list[str]], column: str | int | None, path: Path) -> _Layout:
    """Decide from the first non-empty rows: is the first row a header, which column has
    the numbers. ``sample`` rows are cell texts."""
    name = path.name
    header_index = _find_header(sample)
    sample = sample[header_index:] if header_index > 0 else sample
    width = max(len(r) for r in sample)
    first = sample[0]
    first_phone = [_phone_like(c) for c in first]
    ranks = [_header_rank(c) for c in first] if header_index >= 0 else [None] * len(first)
    if header_index >= 0:
        header = [c.strip() for c in first] + [""] * (width - len(first))
        headers = [h or f"列{i + 1}" for i, h in enumerate(header)]
        data = sample[1:]
    else:
        header = None
        headers = [f"列{i + 1}" for i in range(width)]
        data = sample

    def score(col: int) -> tuple[int, int]:
        """(hits, filled): hits weigh a domestic mobile 2 and another phone-like text 1."""
        filled = [r[col] for r in data if col < len(r) and r[col]]
        return sum(_phone_score(c) for c in filled), len(filled)

    if column is not None:
        col = _resolve_column(column, headers, header, width, path)
        return _Layout(header, col, headers[col], headers, header_index=header_index)

    # A single line of numbers pasted across the columns ("13800000000,13900000000,…").
    if header is None and len(data) == 1 and sum(first_phone) >= 2:
        return _Layout(None, 0, "号码", ["号码"], flatten=True)

    if header is not None:
        named = sorted((r, i) for i, r in enumerate(ranks) if r is not None)
        for _, col in named:
            hits, filled = score(col)
            if not data or filled == 0 or hits >= filled:      # half of them mobiles
                return _Layout(header, col, headers[col], headers, header_index=header_index)
    best, best_hits = -1, 0
    for col in range(width):
        hits, _ = score(col)
        if hits > best_hits:
            best, best_hits = col, hits
    if best < 0:
        shown = "、".join(h for h in (header or []) if h) or "（无表头）"
        raise RecipientFileError(
            f"在文件“{name}”里没有找到号码列：表头是 {shown}，前 {len(data)} 行里没有像手机号的内容。"
            f"请把号码放在一列里，并把表头写成“手机号”。",
            f"No column of phone numbers found in “{name}”.", path=path)
    return _Layout(header, best, headers[best], headers, header_index=header_index)


def _resolve_column(column: str | int, headers: list[str], header: list[str] | None, width: int,
                    path: Path) -> int:
    if isinstance(column, int) and not isinstance(column, bool):
        if 0 <= column < width:
            return column
        raise RecipientFileError(f"文件“{path.name}”只有 {width} 列，没有第 {column + 1} 列。",
                                 f"“{path.name}” has {width} columns, not {column + 1}.", path=path)
    wanted = str(column).strip()
    if header is not None:
        for i, h in enumerate(header):
            if h.strip() == wanted or _norm_header(h) == _norm_header(wanted):
                return i
    letter = _column_letter_index(wanted)
    if letter is not None and letter < width:
        return letter
    if wanted.isdigit() and 1 <= int(wanted) <= width:
        return int(wanted) - 1
    raise RecipientFileError(f"文件“{path.name}”里没有名为“{wanted}”的列（有：{'、'.join(headers)}）。",
                             f"“{path.name}” has no column named “{wanted}”.", path=path)
