"""Qt's ICU data cut down to what Qt calls (Linux frozen folder: 32 MB → about 4 MB).

PySide6's Linux wheels carry ICU, and its ``libicudata.so.NN`` holds every locale, converter,
dictionary and transliterator of ICU in one symbol (``icudtNN_dat``). Qt 6 calls only four ICU
services (``nm -D --undefined-only libQt6Core.so.6``): case mapping (``u_strToUpper``),
collation (``ucol_*``: sorting Chinese by pinyin in tables and file dialogs), code page
converters (``ucnv_*``) and time-zone display names (``ucal_*``). So this keeps:

* everything that is not locale data (properties, normalisation, ``cnvalias.icu``, likely
  subtags, supplemental data, time-zone rules), and the locales root, zh*, en*, yue*;
* ``coll/`` and ``zone/`` for those locales;
* the converters of the code pages a Chinese office meets: GB18030, GBK, GB2312, Big5, the
  Windows and ISO-8859 Latin pages (UTF-8/16/32 and Latin-1 are built into ICU's code);

and drops the break-iterator dictionaries, transliterators, currency/unit/language/region
display names, number spell-out rules, StringPrep/IDNA/spoof-checker data and character names,
which Qt never asks for. The cut package is written
back in ICU's common-data layout (a table of contents of name and offset pairs, each item
16-byte aligned) and linked into a shared library with the same soname and symbol by GNU
``as`` and ``ld`` (binutils). ``tests/packaging/test_slim.py`` loads the result under the venv's
Qt and checks pinyin order, case mapping, the GBK/GB18030/Big5 decoders and a zone name.

    python packaging/icu_trim.py SRC/libicudata.so.73 OUTDIR    → OUTDIR/libicudata.so.73
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

KEEP_LANGS = frozenset({"root", "zh", "en", "yue"})
DROP_DIRS = frozenset({"brkitr", "translit", "curr", "unit", "lang", "region", "rbnf"})
KEEP_CONVERTERS = re.compile(
    r"^(gb18030|windows-936|ibm-1386|ibm-1383|windows-950|ibm-1373|ibm-950|ibm-5348|ibm-534\d|ibm-535\d"
    r"|iso-8859|ibm-91[2-5]|ibm-920|ibm-923)")
_LOCALE = re.compile(r"^(?:[a-z]{2,3}|root)(?:_[A-Za-z0-9]*)*\.res$")
_NOT_LOCALE = frozenset({"pool.res", "res_index.res"})
# word-break dictionaries (.dict), StringPrep profiles (.spp), the spoof checker (.cfu), character
# names, UTS #46 IDNA (Qt has its own) and the locale matcher's data
_UNUSED = frozenset({"unames.icu", "uts46.nrm", "langInfo.res"})


class IcuTrimError(SystemExit):
    """One clear line, then exit status 2 (the build stops)."""

    def __init__(self, line: str) -> None:
        print(f"build stopped: {line}", file=sys.stderr)
        super().__init__(2)
        self.line = line


def wanted(item: str) -> bool:
    """``item`` is a name inside the package without its ``icudtNNl/`` prefix, e.g. ``coll/zh.res``."""
    parts = item.split("/")
    base = parts[-1]
    if len(parts) > 1 and parts[0] in DROP_DIRS:
        return False
    if base.endswith(".cnv"):
        return bool(KEEP_CONVERTERS.match(base))
    if base.endswith((".dict", ".spp", ".cfu")) or base in _UNUSED:
        return False
    if base in _NOT_LOCALE or not _LOCALE.match(base):
        return True
    return re.split(r"[_.]", base, maxsplit=1)[0] in KEEP_LANGS


def read_items(data: bytes) -> tuple[bytes, list[tuple[str, bytes]]]:
    """The header and the (name, bytes) items of an ICU common-data package."""
    header_size, = struct.unpack_from("<H", data, 0)
    # MappedData (header size, magic 0xda27), then UDataInfo: little-endian, format "CmnD"
    if data[2:4] != b"\xda\x27" or data[8] != 0 or data[12:16] != b"CmnD":
        raise IcuTrimError("the ICU data is not a little-endian common-data package (CmnD)")
    toc = data[header_size:]
    count, = struct.unpack_from("<I", toc, 0)
    entries = [struct.unpack_from("<II", toc, 4 + 8 * i) for i in range(count)]
    items = []
    for i, (name_offset, data_offset) in enumerate(entries):
        name = toc[name_offset:toc.index(b"\0", name_offset)].decode("ascii")
        end = entries[i + 1][1] if i + 1 < count else len(toc)
        items.append((name, toc[data_offset:end]))
    return data[:header_size], items


def write_package(header: bytes, items: list[tuple[str, bytes]]) -> bytes:
    """The same layout ICU reads: count, (name offset, data offset) pairs, names, 16-aligned items."""
    names = [name.encode("ascii") + b"\0" for name, _ in items]
    position = 4 + 8 * len(items)
    name_offsets = []
    for name in names:
        name_offsets.append(position)
        position += len(name)
    position = (position + 15) & ~15
    data_offsets, blobs = [], []
    for _, blob in items:
        data_offsets.append(position)
        padded = blob + b"\0" * (-len(blob) % 16)
        blobs.append(padded)
        position += len(padded)
    toc = struct.pack("<I", len(items)) + b"".join(struct.pack("<II", n, d) for n, d in zip(name_offsets, data_offsets))
    toc += b"".join(names)
    toc += b"\0" * (data_offsets[0] - len(toc) if data_offsets else 0)
    return header + toc + b"".join(blobs)


def trim_package(data: bytes) -> bytes:
    header, items = read_items(data)
    kept = [(name, blob) for name, blob in items if wanted(name.split("/", 1)[1] if "/" in name else name)]
    return write_package(header, kept)


def _symbol_bytes(path: Path, symbol: str) -> bytes:
    """The bytes of a dynamic symbol of a 64-bit little-endian ELF shared library."""
    data = path.read_bytes()
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        raise IcuTrimError(f"{path} is not a 64-bit little-endian ELF library")
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
    for _n, sh_type, _f, _a, offset, size, link, _i, _al, entsize in sections:
        if sh_type != 11:  # SHT_DYNSYM
            continue
        strtab = sections[link][4]
        for pos in range(offset, offset + size, entsize):
            st_name, _info, _other, _shndx, value, sym_size = struct.unpack_from("<IBBHQQ", data, pos)
            name = data[strtab + st_name:data.index(b"\0", strtab + st_name)].decode("ascii", "replace")
            if name != symbol:
                continue
            for _n2, _t2, _f2, addr, sec_offset, sec_size, *_rest in sections:
                if addr and addr <= value < addr + sec_size:
                    start = sec_offset + value - addr
                    return data[start:start + sym_size]
    raise IcuTrimError(f"{path} has no {symbol} (not ICU's data library?)")


def link_library(package: bytes, soname: str, symbol: str, out: Path) -> Path:
    """``package`` as the read-only symbol ``symbol`` of a shared library ``out/soname``."""
    assembler, linker = shutil.which("as"), shutil.which("ld")
    if assembler is None or linker is None:
        raise IcuTrimError("GNU as/ld are not installed, needed to cut Qt's ICU data "
                           "(Debian/Ubuntu: apt-get install binutils)")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        blob, source, obj = Path(tmp, "icu.dat"), Path(tmp, "icu.s"), Path(tmp, "icu.o")
        blob.write_bytes(package)
        source.write_text(
            f'.globl {symbol}\n.section .note.GNU-stack,"",%progbits\n.section .rodata\n.balign 16\n'
            f".type {symbol},%object\n.size {symbol},{len(package)}\n{symbol}:\n.incbin \"{blob}\"\n",
            encoding="ascii")
        target = out / soname
        for command in ([assembler, "-o", str(obj), str(source)],
                        [linker, "-shared", "-soname", soname, "-z", "noexecstack", "-z", "relro",
                         "-o", str(target), str(obj)]):
            result = subprocess.run(command, capture_output=True, text=True)
            if result.returncode != 0:
                raise IcuTrimError(f"{Path(command[0]).name} failed on the ICU data: {result.stderr.strip()[:200]}")
    return target


def trim_library(source: str | Path, out: str | Path) -> Path:
    """``out/<same name>``: the ICU data library ``source`` with only what Qt uses."""
    source, out = Path(source), Path(out)
    found = re.match(r"^libicudata\.so\.(\d+)", source.name)
    if not found:
        raise IcuTrimError(f"{source.name} is not an ICU data library (libicudata.so.NN)")
    symbol = f"icudt{found.group(1)}_dat"
    package = trim_package(_symbol_bytes(source.resolve(), symbol))
    return link_library(package, source.name, symbol, out)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__.splitlines()[-1].strip())
    built = trim_library(sys.argv[1], sys.argv[2])
    print(f"{built} ({built.stat().st_size / 1e6:.1f} MB, from {Path(sys.argv[1]).stat().st_size / 1e6:.1f} MB)")
