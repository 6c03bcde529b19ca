"""Writing rows to CSV (UTF-8 with BOM, so Excel shows Chinese right) or to a minimal .xlsx.

The .xlsx is written by hand (zipfile + XML, no dependency): one worksheet per 1,048,575
rows, every cell an inline string so long numbers (phone numbers, msgids) stay exactly as
they are instead of turning into rounded floats. Rows are streamed, never held in memory.
Nothing here imports Qt; ``progress(n)`` is called with the rows written so far.
"""

from __future__ import annotations

import csv
import os
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

Progress = Callable[[int], None]
XLSX_MAX_ROWS = 1_048_576  # Excel's limit per sheet, header included
_EVERY = 5000  # rows between progress calls
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class ExportCancelled(Exception):
    """The user stopped the export; the partial file was removed."""


def _csv_cell(value: object) -> str:
    text = "" if value is None else str(value)
    # A cell starting with = + - @ would be run as a formula by Excel (values come from outside).
    if text.startswith(_FORMULA_START) and not _NUMBER.match(text):
        return "'" + text
    return text


@contextmanager
def _atomically(path: Path) -> Iterator[Path]:
    """A ``.part`` file beside ``path`` that becomes ``path`` only when the block ends well."""
    tmp = path.with_name(path.name + ".part")
    try:
        yield tmp
        # an export holds customers' numbers: readable by this user only (POSIX; on Windows the
        # file inherits the folder's access list, which the user chose)
        if os.name != "nt":
            os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[Any]], *,
              progress: Progress | None = None, cancelled: Callable[[], bool] = lambda: False) -> int:
    """Write the rows; returns how many. The file appears complete or not at all."""
    path = Path(path)
    n = 0
    with _atomically(path) as tmp:
        with open(tmp, "w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(header)
            for row in rows:
                writer.writerow([_csv_cell(v) for v in row])
                n += 1
                if n % _EVERY == 0:
                    if cancelled():
                        raise ExportCancelled()
                    if progress:
                        progress(n)
    if progress:
        progress(n)
    return n


# --- xlsx ----------------------------------------------------------------------------------

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    '{sheets}</Types>'
)
_SHEET_TYPE = ('<Override PartName="/xl/worksheets/sheet{n}.xml" '
               'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>')
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets>{sheets}</sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '{sheets}<Relationship Id="rIdStyles" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
    'Target="styles.xml"/></Relationships>'
)
_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    '</styleSheet>'
)
_SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" '
    'state="frozen"/></sheetView></sheetViews>{cols}<sheetData>'
)
_SHEET_TAIL = "</sheetData></worksheet>"


def column_name(index: int) -> str:
    """Excel's name of the 0-based column ``index`` (0 → A, 26 → AA)."""
    name = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        name = chr(65 + rem) + name
    return name


def _xml_text(value: object) -> str:
    text = "" if value is None else str(value)
    return escape(_XML_ILLEGAL.sub("", text))


def _row_xml(number: int, values: Sequence[Any], letters: list[str], style: str = "") -> str:
    cells = []
    for letter, value in zip(letters, values):
        if value is None or value == "":
            continue
        text = _xml_text(value)
        space = ' xml:space="preserve"' if text != text.strip() else ""
        cells.append(f'<c r="{letter}{number}" t="inlineStr"{style}><is><t{space}>{text}</t></is></c>')
    return f'<row r="{number}">{"".join(cells)}</row>'


def write_xlsx(path: Path, header: Sequence[str], rows: Iterable[Sequence[Any]], *,
               widths: Sequence[int] | None = None, sheet_name: str = "Sheet",
               progress: Progress | None = None, cancelled: Callable[[], bool] = lambda: False) -> int:
    """Write the rows to an .xlsx workbook; returns how many (header not counted)."""
    path = Path(path)
    letters = [column_name(i) for i in range(len(header))]
    cols = ""
    if widths:
        cols = "<cols>" + "".join(f'<col min="{i + 1}" max="{i + 1}" width="{w}" customWidth="1"/>'
                                  for i, w in enumerate(widths)) + "</cols>"
    n = 0
    sheets = 0
    iterator = iter(rows)
    with _atomically(path) as tmp:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
            exhausted = False
            while not exhausted:
                sheets += 1
                with zf.open(f"xl/worksheets/sheet{sheets}.xml", "w", force_zip64=True) as raw:
                    buffer: list[str] = [_SHEET_HEAD.format(cols=cols),
                                         _row_xml(1, header, letters, ' s="1"')]
                    line = 1
                    while line < XLSX_MAX_ROWS:
                        try:
                            values = next(iterator)
                        except StopIteration:
                            exhausted = True
                            break
                        line += 1
                        n += 1
                        buffer.append(_row_xml(line, values, letters))
                        if n % _EVERY == 0:
                            raw.write("".join(buffer).encode("utf-8"))
                            buffer.clear()
                            if cancelled():
                                raise ExportCancelled()
                            if progress:
                                progress(n)
                    buffer.append(_SHEET_TAIL)
                    raw.write("".join(buffer).encode("utf-8"))
                if not exhausted:  # a full sheet: is there anything left for another one?
                    try:
                        first = next(iterator)
                    except StopIteration:
                        break
                    iterator = _chain_one(first, iterator)
            names = [sheet_name if sheets == 1 else f"{sheet_name} {i}" for i in range(1, sheets + 1)]
            zf.writestr("[Content_Types].xml", _CONTENT_TYPES.format(
                sheets="".join(_SHEET_TYPE.format(n=i) for i in range(1, sheets + 1))))
            zf.writestr("_rels/.rels", _ROOT_RELS)
            zf.writestr("xl/workbook.xml", _WORKBOOK.format(sheets="".join(
                f'<sheet name="{_xml_text(name)}" sheetId="{i}" r:id="rId{i}"/>'
                for i, name in enumerate(names, start=1))))
            zf.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS.format(sheets="".join(
                f'<Relationship Id="rId{i}" '
                'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
                f'Target="worksheets/sheet{i}.xml"/>' for i in range(1, sheets + 1))))
            zf.writestr("xl/styles.xml", _STYLES)
    if progress:
        progress(n)
    return n


def _chain_one(first: Sequence[Any], rest: Iterator[Sequence[Any]]) -> Iterator[Sequence[Any]]:
    yield first
    yield from rest
