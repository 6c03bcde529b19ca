"""Recipient lists: read them from files, check and de-duplicate them.

``read_recipients(path)`` reads a text file (one number a line), a CSV file (UTF-8, UTF-8
with BOM, UTF-16 with BOM or GBK; comma, semicolon, tab or bar between columns) or a
spreadsheet (.xlsx/.xlsm/.xlsb/.xls/.ods, through python-calamine). The kind of file is found
from its first bytes, not its name, so a CSV renamed ``.xlsx`` still reads and a program
renamed ``.csv`` is refused with a plain message. The column of numbers is found by itself
(a header such as 手机号 / mobile, else the column whose cells look most like phone numbers);
the other columns become per-row template variables (header → value).

``check_recipients(rows)`` validates, de-duplicates (first occurrence wins) and drops opted-out
numbers. It is built for a million rows: already-clean 11-digit numbers go through one
precompiled regex, only the others go through ``numbers.normalize``/``check_domestic``.

Everything here is synchronous and does file I/O: callers on the GUI thread run it in a
worker thread (``asyncio.to_thread``).
"""

from __future__ import annotations

import codecs
import csv
import gc
import io
import re
from array import array
from contextlib import contextmanager
from itertools import compress, filterfalse, islice
from operator import itemgetter, methodcaller
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Mapping, Sequence, overload

from jianmi_desktop.platform.errors import JianmiError
from jianmi_desktop.platform.numbers import check_domestic, check_intl, normalize

__all__ = [
    "RecipientFileError",
    "Row",
    "RowList",
    "ImportResult",
    "RecipientReport",
    "read_recipients",
    "check_recipients",
    "parse_number_list",
    "HEADER_NAMES",
]

# A domestic mobile exactly as the platform wants it: the fast path of every check.
_CLEAN = re.compile(r"1[3-9][0-9]{9}")  # ASCII digits only: \d also matches full-width ones
# Loosely phone-like, after normalize(): used only to find the column of numbers.
_PHONE_LIKE = re.compile(r"\+?[0-9]{7,15}")
_SPACED = re.compile(r"[0-9][0-9 \-]*")
_SPACES_DASHES = str.maketrans("", "", " -")
_FORCED_TEXT = re.compile(r"[='\"]")
_SPLIT = re.compile(r"[\s,，;；、|]+")
_SPLIT_HARD = re.compile(r"[\r\n\t,，;；、|]+")
_GROUPED = re.compile(r"^[+＋(（]?[\d０-９][\d０-９ \-－()（）]*$")

# Header names that announce the column of numbers, strongest first (compared after
# lower-casing and dropping spaces and punctuation such as "*", "：", "(必填)").
HEADER_NAMES: tuple[str, ...] = (
    "手机号码", "手机号", "手机", "移动电话", "接收号码", "收信号码", "接收手机", "号码", "电话号码",
    "联系电话", "联系手机", "电话", "联系方式", "mobile", "mobilephone", "mobileno", "mobilenumber",
    "cellphone", "cell", "phone", "phonenumber", "phoneno", "telephone", "tel", "msisdn", "number",
)
_HEADER_RANK = {name: i for i, name in enumerate(HEADER_NAMES)}
_HEADER_NOISE = re.compile(r"[\s\*:：_\-—.·#()（）\[\]【】]|必填|选填")

_SAMPLE_ROWS = 200          # rows looked at to find the header and the column of numbers
_DELIMITERS = (",", ";", "\t", "|")

_BINARY_MAGIC: tuple[tuple[bytes, str, str], ...] = (
    (b"MZ", "程序文件（.exe/.dll）", "a program (.exe/.dll)"),
    (b"\x7fELF", "程序文件", "a program (ELF)"),
    (b"\xcf\xfa\xed\xfe", "程序文件", "a program (Mach-O)"),
    (b"%PDF", "PDF 文档", "a PDF document"),
    (b"\x89PNG", "PNG 图片", "a PNG image"),
    (b"\xff\xd8\xff", "JPEG 图片", "a JPEG image"),
    (b"GIF8", "GIF 图片", "a GIF image"),
    (b"BM", "BMP 图片", "a BMP image"),
    (b"Rar!", "RAR 压缩包", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "7z 压缩包", "a 7z archive"),
    (b"\x1f\x8b", "gzip 压缩包", "a gzip archive"),
    (b"ID3", "MP3 音频", "an MP3 file"),
    (b"RIFF", "音频或视频文件", "a RIFF media file"),
    (b"SQLite format 3", "数据库文件", "a database file"),
)


class RecipientFileError(JianmiError):
    """A recipient file that cannot be read; the message names the file (and the row)."""

    def __init__(self, zh: str, en: str | None = None, *, path: str | Path | None = None,
                 line_no: int | None = None) -> None:
        super().__init__(zh, en)
        self.path = str(path) if path is not None else None
        self.line_no = line_no


@dataclass(frozen=True, slots=True)
class Row:
    """One recipient as read: its line (row) number in the file, the number as written,
    and the other columns of its row (header → value) for templates."""

    line_no: int
    raw: str
    variables: Mapping[str, str] = field(default_factory=dict)


class RowList(Sequence[Row]):
    """The rows of an import, stored column-wise (a million ``Row`` objects and dicts would
    cost hundreds of megabytes). Reads like a list of ``Row``; each ``Row`` is built on access.
    ``raws`` and ``line_nos`` are the columns themselves, for fast checks; ``var_columns``
    holds one list per variable column, in the order of ``var_names``."""

    __slots__ = ("raws", "line_nos", "var_names", "var_columns")

    def __init__(self, raws: list[str], line_nos: Sequence[int], var_names: Sequence[str] = (),
                 var_columns: Sequence[list[str]] = ()) -> None:
        if len(var_names) != len(var_columns):
            raise ValueError("one list of values for each variable name")
        self.raws = raws
        self.line_nos = line_nos
        self.var_names = tuple(var_names)
        self.var_columns = tuple(var_columns)

    def __len__(self) -> int:
        return len(self.raws)

    def _row(self, i: int) -> Row:
        if self.var_columns:
            variables: Mapping[str, str] = {k: col[i] for k, col in zip(self.var_names, self.var_columns)}
        else:
            variables = {}
        return Row(self.line_nos[i], self.raws[i], variables)

    @overload
    def __getitem__(self, i: int) -> Row: ...
    @overload
    def __getitem__(self, i: slice) -> list[Row]: ...

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self._row(j) for j in range(*i.indices(len(self.raws)))]
        if i < 0:
            i += len(self.raws)
        if not 0 <= i < len(self.raws):
            raise IndexError("row index out of range")
        return self._row(i)

    def __iter__(self) -> Iterator[Row]:
        for i in range(len(self.raws)):
            yield self._row(i)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, RowList | list | tuple):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        head = ", ".join(repr(r) for r in self[:3])
        more = f", … ({len(self)} rows)" if len(self) > 3 else ""
        return f"RowList([{head}{more}])"


@dataclass
class ImportResult:
    """What ``read_recipients`` found. ``rows`` behaves like ``list[Row]``."""

    rows: RowList
    column_name: str
    headers: list[str]
    skipped_empty: int
    kind: str = "text"                # "text" | "csv" | "spreadsheet"
    encoding: str | None = None       # text files only
    delimiter: str | None = None      # CSV only
    sheet: str | None = None          # spreadsheets only

    @property
    def raws(self) -> list[str]:
        return self.rows.raws

    def __len__(self) -> int:
        return len(self.rows)


@dataclass
class RecipientReport:
    valid: list[str]                               # normalized, first-occurrence order
    invalid: list[tuple[int, str, str]]            # (line_no, raw, reason_zh); line_no 0 = not from a file
    duplicates: int = 0                            # repeats of a valid number, dropped
    opted_out: int = 0                             # distinct valid numbers dropped by the opt-out list
    # For rows with template variables (a RowList with variable columns): the 0-based index of
    # the row each valid number came from (its first occurrence), parallel to ``valid``.
    row_index: list[int] | None = None

    @property
    def total(self) -> int:
        return len(self.valid) + len(self.invalid) + self.duplicates + self.opted_out


# --------------------------------------------------------------------------------------
# --to
# --------------------------------------------------------------------------------------

def parse_number_list(text: str) -> list[str]:
    """Numbers typed or pasted in one field: separated by commas, spaces, new lines, 、，；;|.

    A piece with spaces inside that holds at most 15 digits is one number written in groups
    (``+44 7911 123456``, ``138 0013 8000``); longer ones are numbers separated by spaces.
    The pieces are returned as written (check them with ``check_recipients``)."""
    pieces: list[str] = []
    for piece in _SPLIT_HARD.split(text or ""):
        piece = piece.strip()
        if not piece:
            continue
        if _GROUPED.match(piece) and sum(ch.isdigit() for ch in piece) <= 15:
            pieces.append(piece)
        else:
            pieces.extend(p for p in _SPLIT.split(piece) if p)
    return pieces


# --------------------------------------------------------------------------------------
# checks
# --------------------------------------------------------------------------------------

def check_recipients(items: Iterable[str] | Iterable[Row] | RowList | ImportResult, *, intl: bool = False,
                     opted_out: Iterable[str] = frozenset(), region: str | None = None) -> RecipientReport:
    """Validate, de-duplicate (first occurrence wins) and drop opted-out numbers.

    ``items`` are raw strings (line number 0 in ``invalid``), ``Row`` objects, or what
    ``read_recipients`` returned. ``intl`` checks with ``check_intl`` (``region`` is its
    default region). Counts add up: rows = valid + invalid + duplicates + opted_out."""
    if isinstance(items, ImportResult):
        items = items.rows
    keep_index = False
    if isinstance(items, RowList):
        raws: Sequence[str] = items.raws
        line_nos: Sequence[int] | None = items.line_nos
        keep_index = bool(items.var_names)
    else:
        raws_l: list[str] = []
        nos: list[int] = []
        for item in items:
            if isinstance(item, Row):
                raws_l.append(item.raw)
                nos.append(item.line_no)
            else:
                raws_l.append(str(item))
                nos.append(0)
        raws, line_nos = raws_l, nos

    numbers: list[str] = []
    invalid: list[tuple[int, str, str]] = []
    mapped: list[str | None] | None = [] if keep_index else None
    if intl:
        _check_intl_all(raws, line_nos, numbers, invalid, region, mapped)
    else:
        _check_domestic_all(raws, line_nos, numbers, invalid, mapped)

    unique = dict.fromkeys(numbers)
    duplicates = len(numbers) - len(unique)
    del numbers
    opted = _normalized_set(opted_out)
    if opted:
        valid = [n for n in unique if n not in opted]
        opted_count = len(unique) - len(valid)
    else:
        valid = list(unique)
        opted_count = 0
    row_index = None
    if mapped is not None:
        # the first occurrence wins: read backwards, so the earliest index is written last
        first = dict(zip(reversed(mapped), range(len(mapped) - 1, -1, -1)))
        row_index = list(map(first.__getitem__, valid))
    return RecipientReport(valid, invalid, duplicates, opted_count, row_index)


def _check_domestic_all(raws: Sequence[str], line_nos: Sequence[int], numbers: list[str],
                        invalid: list[tuple[int, str, str]], mapped: list | None = None) -> None:
    """The loops run in C (map/filter/compress): no Python bytecode and no object per clean row.
    Only the distinct raws that are not already clean go through ``check_domestic``.
    ``mapped`` (when given) receives each row's number, or None for an invalid row."""
    dirty = dict.fromkeys(filterfalse(_CLEAN.fullmatch, raws))
    if not dirty:
        numbers.extend(raws)
        if mapped is not None:
            mapped.extend(raws)
        return
    fixed: dict[str, str | None] = {}
    reasons: dict[str, str] = {}
    quick_form, drop = _SPACED.fullmatch, _SPACES_DASHES
    for raw in dirty:
        if quick_form(raw):
            # "138 1234 5678", "138-1234-5678": ASCII digits with spaces or dashes only, for
            # which check_domestic would just drop the separators (and is far slower)
            bare = raw.translate(drop)
            if _CLEAN.fullmatch(bare):
                fixed[raw] = bare
                continue
        result = check_domestic(raw)
        if result.ok:
            fixed[raw] = result.number
        else:
            fixed[raw] = None
            reasons[raw] = result.reason_zh
    # fixed.get(raw, raw): a clean raw stays itself, a dirty one becomes its number or None
    if mapped is not None:
        mapped.extend(map(fixed.get, raws, raws))
        numbers.extend(filter(None, mapped))
    else:
        numbers.extend(filter(None, map(fixed.get, raws, raws)))
    if reasons:
        for i in compress(range(len(raws)), map(reasons.__contains__, raws)):
            raw = raws[i]
            invalid.append((line_nos[i], raw, reasons[raw]))


def _check_intl_all(raws: Sequence[str], line_nos: Sequence[int], numbers: list[str],
                    invalid: list[tuple[int, str, str]], region: str | None, mapped: list | None = None) -> None:
    cache: dict[str, tuple[bool, str]] = {}
    for i, raw in enumerate(raws):
        hit = cache.get(raw)
        if hit is None:
            result = check_intl(raw, default_region=region)
            hit = (True, result.number) if result.ok else (False, result.reason_zh)
            cache[raw] = hit
        if hit[0]:
            numbers.append(hit[1])
        else:
            invalid.append((line_nos[i], raw, hit[1]))
        if mapped is not None:
            mapped.append(hit[1] if hit[0] else None)


def _normalized_set(numbers: Iterable[str]) -> set[str] | frozenset[str]:
    if not numbers:
        return frozenset()
    out = set()
    for n in numbers:
        n = str(n)
        out.add(n if _CLEAN.fullmatch(n) else normalize(n))
    return out


# --------------------------------------------------------------------------------------
# reading files
# --------------------------------------------------------------------------------------

@contextmanager
def _gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while a million short-lived row lists are made and
    dropped: the collector would walk the growing result lists again and again (it costs
    about half the time of a big import). Reference counting still frees everything; the
    collector is switched back on at once, and left alone if someone else had turned it off."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def read_recipients(path: str | Path, column: str | int | None = None) -> ImportResult:
    """Read the recipients of a text, CSV or spreadsheet file.

    ``column`` picks the column of numbers: a header name, a 0-based index, or a column
    letter ("A", "B", …); ``None`` finds it. Raises ``RecipientFileError``."""
    with _gc_paused():
        return _read_recipients(Path(path), column)


def _read_recipients(path: Path, column: str | int | None) -> ImportResult:
    name = path.name
    try:
        with open(path, "rb") as fh:
            head = fh.read(8192)
            if not head:
                raise RecipientFileError(f"文件“{name}”是空的（0 字节），里面没有号码。",
                                         f"The file “{name}” is empty (0 bytes).", path=path)
            kind = _sniff(head)
            holder = [head + fh.read()] if kind == "text" else []
            del head
    except RecipientFileError:
        raise
    except IsADirectoryError:
        raise RecipientFileError(f"“{name}”是一个文件夹，不是号码文件。", f"“{name}” is a folder.",
                                 path=path) from None
    except FileNotFoundError:
        raise RecipientFileError(f"找不到文件“{path}”。", f"File not found: {path}", path=path) from None
    except OSError as exc:
        raise RecipientFileError(f"无法打开文件“{name}”：{exc.strerror or exc}",
                                 f"Cannot open “{name}”: {exc}", path=path) from None

    if kind in ("zip", "ole"):
        return _read_spreadsheet(path, column, kind)
    if kind != "text":
        zh, en = kind
        raise RecipientFileError(
            f"文件“{name}”看起来是{zh}，不是号码文件。请选择文本文件（每行一个号码）、CSV 或 Excel 文件。",
            f"“{name}” looks like {en}, not a list of numbers. Choose a text, CSV or Excel file.", path=path)
    return _read_text(path, holder, column)


def _sniff(head: bytes) -> Any:
    """"text", "zip", "ole", or (zh, en) naming a binary kind that is not a list of numbers."""
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if head.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "text"
    for magic, zh, en in _BINARY_MAGIC:
        if head.startswith(magic):
            # "BM"/"MZ"/"RIFF" could start a text line only in theory; a NUL settles it.
            if magic in (b"BM", b"MZ") and not _looks_binary(head):
                continue
            return (zh, en)
    if _looks_binary(head):
        return ("二进制文件", "a binary file")
    return "text"


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return controls > len(sample) // 20


def _decode(data: bytes, path: Path) -> tuple[str, str]:
    name = path.name
    try:
        if data.startswith(codecs.BOM_UTF8):
            return data[3:].decode("utf-8"), "utf-8-sig"
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return data.decode("utf-16"), "utf-16"
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise RecipientFileError(f"文件“{name}”的文字编码有误（第 {line} 行），无法读取。",
                                 f"“{name}” has broken text encoding (line {line}).",
                                 path=path, line_no=line) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gbk"), "gbk"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise RecipientFileError(
            f"无法识别文件“{name}”的文字编码（第 {line} 行）。请在 Excel 或记事本中另存为 UTF-8 或 GBK 编码的 CSV。",
            f"Cannot tell the text encoding of “{name}” (line {line}); save it as UTF-8 or GBK CSV.",
            path=path, line_no=line) from None


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
        return value.isoformat(sep=" ") if hasattr(value, "hour") and hasattr(value, "day") else value.isoformat()
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


_CHUNK = 4096          # rows taken at a time: small enough that few row lists are alive at once


def _read_text(path: Path, holder: list[bytes], column: str | int | None) -> ImportResult:
    data = holder.pop()
    text, encoding = _decode(data, path)
    del data
    lines = text.splitlines()
    delimiter = _sniff_delimiter(lines)
    if delimiter is None and '"' not in text:
        del text
        return _read_lines(path, lines, column, encoding)
    delimiter = delimiter or ","
    if '"' not in text:
        # No quotes: a row is a line and a field is what lies between delimiters, so
        # str.split (in C, on the lines already split) does the csv module's work faster.
        del text
        result = _read_table(path, _split_rows(lines, delimiter), column, numbered=False)
        result.kind, result.encoding, result.delimiter = "csv", encoding, delimiter
        return result
    del lines
    # A quoted field may span lines: the reader's own line count gives the row's line.
    reader = csv.reader(io.StringIO(text, newline=None), delimiter=delimiter)
    del text
    try:
        result = _read_table(path, ((reader.line_num, row) for row in reader), column, numbered=True)
    except csv.Error as exc:
        line = max(1, reader.line_num)          # the line being read when it failed
        raise RecipientFileError(f"文件“{path.name}”第 {line} 行格式有误，无法读取：{exc}",
                                 f"“{path.name}” line {line} is malformed: {exc}",
                                 path=path, line_no=line) from None
    result.kind, result.encoding, result.delimiter = "csv", encoding, delimiter
    return result


def _split_rows(lines: list[str], delimiter: str) -> Iterator[list[str]]:
    """Rows of an unquoted CSV; the lines are let go chunk by chunk as they are used."""
    splitter = methodcaller("split", delimiter)
    while lines:
        block = lines[:_CHUNK]
        del lines[:_CHUNK]
        yield from map(splitter, block)


def _sniff_delimiter(lines: list[str]) -> str | None:
    sample = [line for line in lines[:_SAMPLE_ROWS] if line.strip()][:50]
    if not sample:
        return None
    best, best_lines = None, 0
    for d in _DELIMITERS:
        with_d = sum(1 for line in sample if d in line)
        if with_d * 5 >= len(sample) * 4 and with_d > best_lines:   # on 80 % of the lines
            best, best_lines = d, with_d
    return best


def _read_lines(path: Path, lines: list[str], column: str | int | None, encoding: str) -> ImportResult:
    """One number a line: the fast path (no csv module, no per-row variables)."""
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        raise RecipientFileError(f"文件“{path.name}”里只有空行，没有号码。",
                                 f"“{path.name}” has only empty lines.", path=path)
    head = lines[first].strip()
    if column is not None and column not in (0, "A", "a", "1") and (
            isinstance(column, int) or _norm_header(str(column)) != _norm_header(head)):
        raise RecipientFileError(f"文件“{path.name}”只有一列，没有列“{column}”。",
                                 f"“{path.name}” has a single column, not “{column}”.", path=path)
    is_header = _header_rank(head) is not None or (not any(ch.isdigit() for ch in head) and len(head) <= 30)
    start = first + 1 if is_header else first
    column_name = head if is_header else "号码"
    del lines[:start]
    raws = list(map(str.strip, lines))
    del lines
    skipped = 0
    if "" not in raws:
        line_nos: Sequence[int] = range(start + 1, start + 1 + len(raws))
    else:
        numbered = array("q", compress(range(start + 1, start + 1 + len(raws)), raws))
        skipped = len(raws) - len(numbered)
        raws = list(filter(None, raws))
        line_nos = numbered
    for i in compress(range(len(raws)), map(_FORCED_TEXT.match, raws)):
        raws[i] = _clean_raw(raws[i])
    if not raws:
        raise RecipientFileError(f"文件“{path.name}”里没有号码（只有表头“{head}”）。",
                                 f"“{path.name}” has no numbers.", path=path)
    return ImportResult(RowList(raws, line_nos), column_name, [column_name], skipped, "text", encoding)


def _texts(values: list[Any]) -> list[str]:
    """Cell values as stripped text, in C loops for the usual all-text or all-number columns."""
    kinds = set(map(type, values))
    if kinds == {str}:
        return list(map(str.strip, values))
    if kinds == {float} and all(map(float.is_integer, values)):
        return list(map("%d".__mod__, values))          # Excel: 13812345678.0, 1.3812345678E10
    if kinds <= {str, float}:                           # numbers, and a few typed as text
        return [v.strip() if v.__class__ is str else "%d" % v if v.is_integer() else repr(v) for v in values]
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
            result = _read_table(path, sheet.iter_rows(), column, numbered=False)
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
