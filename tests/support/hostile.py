"""Hostile files for the tests and benchmarks/hostile_files.py: zip bombs dressed as .xlsx,
sheets of millions of identical rows, renamed programs, huge pictures, endless lines, loops.

Big members are written from repeated bytes through zlib in chunks, so a file that expands to
gigabytes is made in about a second without ever holding its content in memory."""

from __future__ import annotations

import os
import struct
import zipfile
import zlib
from pathlib import Path

from tests.support.xlsx import write_xlsx

ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + os.urandom(2000)


def _xlsx_shell(path: Path) -> Path:
    """A valid one-sheet .xlsx to take the skeleton (content types, rels, workbook) from."""
    return write_xlsx(path, [["手机"], ["13800000000"]])


def _write_member_repeated(z: zipfile.ZipFile, name: str, head: bytes, unit: bytes, count: int,
                           tail: bytes) -> None:
    info = zipfile.ZipInfo(name)
    info.compress_type = zipfile.ZIP_DEFLATED
    with z.open(info, "w", force_zip64=True) as member:
        member.write(head)
        block = unit * max(1, (1 << 20) // len(unit))
        per = len(block) // len(unit)
        left = count
        while left >= per:
            member.write(block)
            left -= per
        member.write(unit * left)
        member.write(tail)


def xlsx_with_member(path: Path, member: str, head: bytes, unit: bytes, count: int, tail: bytes) -> Path:
    shell = _xlsx_shell(path.with_suffix(".shell.xlsx"))
    with zipfile.ZipFile(shell) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            if info.filename != member:
                z.writestr(info.filename, src.read(info.filename))
        _write_member_repeated(z, member, head, unit, count, tail)
    shell.unlink()
    return path


def one_cell_bomb(path: Path, size: int) -> Path:
    """An .xlsx whose single shared string is ``size`` bytes of '1' (the sheet points at it)."""
    head = (b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
            b'spreadsheetml/2006/main" count="2" uniqueCount="2"><si><t>\xe6\x89\x8b\xe6\x9c\xba</t></si><si><t>')
    return xlsx_with_member(path, "xl/sharedStrings.xml", head, b"1", size, b"</t></si></sst>")


def identical_rows(path: Path, rows: int) -> Path:
    """An .xlsx of ``rows`` identical rows holding one number (row numbers left out, as allowed)."""
    head = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
            b'spreadsheetml/2006/main"><sheetData>')
    unit = b'<row><c t="inlineStr"><is><t>13800000000</t></is></c></row>'
    return xlsx_with_member(path, "xl/worksheets/sheet1.xml", head, unit, rows, b"</sheetData></worksheet>")


def lying_member(path: Path, real: int) -> Path:
    """An .xlsx whose shared strings declare 100 bytes in the zip directory but inflate to ``real``."""
    one_cell_bomb(path, real)
    data = bytearray(path.read_bytes())
    # patch the declared uncompressed size in the local header and the central directory
    name = b"xl/sharedStrings.xml"
    for sig, offset_of_name, size_at in ((b"PK\x03\x04", 30, 22), (b"PK\x01\x02", 46, 24)):
        pos = 0
        while True:
            pos = data.find(sig, pos)
            if pos < 0:
                break
            name_len = struct.unpack_from("<H", data, pos + (26 if sig == b"PK\x03\x04" else 28))[0]
            if bytes(data[pos + offset_of_name: pos + offset_of_name + name_len]) == name:
                if struct.unpack_from("<I", data, pos + size_at)[0] != 0xFFFFFFFF:
                    struct.pack_into("<I", data, pos + size_at, 100)
            pos += 4
    path.write_bytes(bytes(data))
    return path


def png_of(path: Path, width: int, height: int) -> Path:
    """A valid, tiny-on-disk PNG of ``width``×``height`` black pixels (rows compressed in chunks)."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    comp = zlib.compressobj(9)
    row = b"\x00" + b"\x00" * (width * 3)
    parts = []
    for _ in range(height):
        parts.append(comp.compress(row))
    parts.append(comp.flush())
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", b"".join(parts)) + chunk(b"IEND", b""))
    return path


def symlink_loop(path: Path) -> Path:
    other = path.with_name(path.name + ".other")
    os.symlink(other, path)
    os.symlink(path, other)
    return path
