"""A hand-made .xlsx writer for test fixtures and benchmarks (python-calamine only reads).

Like Excel's own files: text in the shared-strings table, numbers as numeric cells (read back
as floats); ``None`` leaves a cell out; ``merged`` adds merged ranges; rows are streamed, so a
million of them do not have to sit in one string."""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from jianmi_desktop.store.export import column_name

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'


def write_xlsx(path: Path, rows: Iterable[Sequence[object]], *, merged: Sequence[str] = (), start_col: int = 0,
               sheet_name: str = "Sheet1") -> Path:
    shared: dict[str, int] = {}
    cells_written = 0
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", _HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                   'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
                   'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
                   f'<Override PartName="/xl/workbook.xml" ContentType="{_TYPE}.sheet.main+xml"/>'
                   f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_TYPE}.worksheet+xml"/>'
                   f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_TYPE}.sharedStrings+xml"/></Types>')
        z.writestr("_rels/.rels", _HEAD + f'<Relationships xmlns="{_PKG}"><Relationship Id="rId1" '
                   f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", _HEAD + f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>'
                   f'<sheet name="{escape(sheet_name)}" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", _HEAD + f'<Relationships xmlns="{_PKG}">'
                   f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
                   f'<Relationship Id="rId2" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/>'
                   "</Relationships>")
        with z.open("xl/worksheets/sheet1.xml", "w") as fh:
            fh.write((_HEAD + f'<worksheet xmlns="{_MAIN}"><sheetData>').encode())
            buf: list[str] = []
            for r, row in enumerate(rows, 1):
                cells = []
                for c, value in enumerate(row):
                    if value is None:
                        continue
                    ref = f"{column_name(c + start_col)}{r}"
                    if isinstance(value, str):
                        index = shared.setdefault(value, len(shared))
                        cells.append(f'<c r="{ref}" t="s"><v>{index}</v></c>')
                    else:
                        cells.append(f'<c r="{ref}"><v>{value}</v></c>')
                    cells_written += 1
                if cells:
                    buf.append(f'<row r="{r}">{"".join(cells)}</row>')
                if len(buf) >= 10_000:
                    fh.write("".join(buf).encode())
                    buf.clear()
            fh.write("".join(buf).encode())
            fh.write(b"</sheetData>")
            if merged:
                fh.write((f'<mergeCells count="{len(merged)}">'
                          + "".join(f'<mergeCell ref="{m}"/>' for m in merged) + "</mergeCells>").encode())
            fh.write(b"</worksheet>")
        items = "".join(f"<si><t>{escape(t)}</t></si>" for t in shared)
        z.writestr("xl/sharedStrings.xml", _HEAD + f'<sst xmlns="{_MAIN}" count="{cells_written}" '
                   f'uniqueCount="{len(shared)}">{items}</sst>')
    return path
