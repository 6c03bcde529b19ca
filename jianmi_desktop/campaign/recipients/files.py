"""Reading a recipient file: ``read_recipients``, the kind of file told from its first bytes,
the text encoding, one number a line, and CSV (delimiter sniffed, quoted or not)."""

from __future__ import annotations

import codecs
import csv
import gc
import io
from array import array
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from itertools import compress
from operator import methodcaller
from pathlib import Path
from typing import Any

from jianmi_desktop.campaign.recipients.columns import _header_rank, _norm_header
from jianmi_desktop.campaign.recipients.model import ImportResult, RecipientFileError, RowList
from jianmi_desktop.campaign.recipients.spreadsheets import _read_spreadsheet
from jianmi_desktop.campaign.recipients.table import _CHUNK, _FORCED_TEXT, _SAMPLE_ROWS, _clean_raw, _read_table
from jianmi_desktop.safefiles import FileRefused, check_regular, check_zip, mb, os_reason, read_limited

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


MAX_FILE_BYTES = 256_000_000     # a text/CSV of 1,000,000 rows with a few columns is ~40 MB
MAX_LINE_CHARS = 1_000_000       # a remark cell may be long; a million characters is no list of numbers
MAX_ROWS = 2_000_000             # Excel's own limit is 1,048,576 rows


def _read_recipients(path: Path, column: str | int | None) -> ImportResult:
    name = path.name
    try:
        size = check_regular(path, what_zh="号码文件", what_en="file of numbers")
        if size == 0:
            raise RecipientFileError(f"文件“{name}”是空的（0 字节），里面没有号码。",
                                     f"The file “{name}” is empty (0 bytes).", path=path)
        with open(path, "rb") as fh:
            head = fh.read(8192)
        kind = _sniff(head)
        if kind == "zip":
            check_zip(path)
        elif size > MAX_FILE_BYTES:
            raise RecipientFileError(
                f"文件“{name}”太大（{mb(size)}），超过 {mb(MAX_FILE_BYTES)} 的上限。请分成几个文件导入。",
                f"“{name}” is too large ({mb(size)}; the limit is {mb(MAX_FILE_BYTES)}). Split it.", path=path)
        holder = [read_limited(path, MAX_FILE_BYTES)] if kind == "text" else []
        del head
    except RecipientFileError:
        raise
    except FileRefused as exc:
        raise RecipientFileError(exc.zh, exc.en, path=path) from None
    except OSError as exc:
        zh, en = os_reason(exc)
        raise RecipientFileError(f"无法打开文件“{name}”：{zh}。", f"Cannot open “{name}”: {en}.",
                                 path=path) from None

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


def _read_text(path: Path, holder: list[bytes], column: str | int | None) -> ImportResult:
    data = holder.pop()
    text, encoding = _decode(data, path)
    del data
    lines = text.splitlines()
    _check_shape(path, lines)
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
        result = _read_table(path, _first_lines(reader), column, numbered=True)
    except csv.Error as exc:
        line = max(1, reader.line_num)          # the line being read when it failed
        raise RecipientFileError(f"文件“{path.name}”第 {line} 行格式有误，无法读取：{exc}",
                                 f"“{path.name}” line {line} is malformed: {exc}",
                                 path=path, line_no=line) from None
    result.kind, result.encoding, result.delimiter = "csv", encoding, delimiter
    return result


def _check_shape(path: Path, lines: list[str]) -> None:
    """A list of numbers has short lines and at most a few million of them."""
    if len(lines) > MAX_ROWS:
        raise RecipientFileError(
            f"文件“{path.name}”有 {len(lines):,} 行，超过 {MAX_ROWS:,} 行的上限。请分成几个文件导入。",
            f"“{path.name}” has {len(lines):,} lines, over the limit of {MAX_ROWS:,}. Split it.", path=path)
    if lines and max(map(len, lines)) > MAX_LINE_CHARS:
        longest = max(range(len(lines)), key=lambda i: len(lines[i]))
        raise RecipientFileError(
            f"文件“{path.name}”第 {longest + 1} 行有 {len(lines[longest]):,} 个字符，不像号码文件"
            f"（每行最多 {MAX_LINE_CHARS:,} 个字符）。",
            f"“{path.name}” line {longest + 1} has {len(lines[longest]):,} characters; not a list of numbers "
            f"(at most {MAX_LINE_CHARS:,} a line).", path=path, line_no=longest + 1)


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


def _first_lines(reader: Any) -> Iterator[tuple[int, list[str]]]:
    """(the line a record starts on, the record): a quoted cell may run over several lines,
    and ``reader.line_num`` is where the record ended."""
    end = 0
    for row in reader:
        yield end + 1, row
        end = reader.line_num
