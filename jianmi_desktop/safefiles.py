"""Reading the files a user picks or drops, without letting one of them take the computer
down: the size is looked at before anything is read, only regular files are read (never a
FIFO, a device or a folder), at most the limit is read even if the file grows meanwhile, and
every operating-system failure becomes a plain message in Chinese and English that names the
file — never the OS's own English text.

``check_zip`` vets an .xlsx (or any zip) before a reader decompresses it: the declared and the
actual uncompressed sizes of every member and their ratios, so a "zip bomb" of a few hundred
kilobytes that expands to gigabytes is refused in well under a second with bounded memory.
"""

from __future__ import annotations

import errno
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from jianmi_desktop.platform.errors import JianmiError

__all__ = ["FileRefused", "read_limited", "check_regular", "check_zip", "ZipLimits", "os_reason", "mb"]


class FileRefused(JianmiError):
    """A file that is not read, with the reason in plain words (``zh``/``en``)."""


_DISGUISES = ((b"MZ", "程序文件"), (b"\x7fELF", "程序文件"), (b"%PDF", "PDF 文档"),
              (b"PK\x03\x04", "压缩包或 Office 文档"))


def disguise(head: bytes) -> str | None:
    """What a file that is not what its name says really holds, when it is one of the usual
    suspects (a program, a PDF, an archive or Office document); None when it is none of them."""
    return next((kind for magic, kind in _DISGUISES if head.startswith(magic)), None)


def mb(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB" if size < 10_000_000_000 else f"{size / 1_000_000_000:.0f} GB"


_REASONS: dict[int, tuple[str, str]] = {
    errno.ENOENT: ("文件不存在（可能已被移动或删除）", "the file does not exist (moved or deleted?)"),
    errno.EACCES: ("没有读取这个文件的权限", "you have no permission to read it"),
    errno.EPERM: ("没有读取这个文件的权限", "you have no permission to read it"),
    errno.ELOOP: ("这是一个指向自己的快捷方式（符号链接循环），找不到真正的文件",
                  "it is a link that points back to itself (a symbolic-link loop)"),
    errno.EISDIR: ("这是一个文件夹，不是文件", "it is a folder, not a file"),
    errno.ENAMETOOLONG: ("文件名或路径太长", "the file name or path is too long"),
    errno.ENOTDIR: ("路径中有一段不是文件夹", "a part of the path is not a folder"),
    errno.EIO: ("读取时磁盘出错（文件可能在损坏的磁盘或已断开的网络位置上）",
                "the disk reported an error (a damaged disk or a disconnected network drive?)"),
    errno.ENOSPC: ("磁盘已满", "the disk is full"),
    errno.EROFS: ("磁盘是只读的", "the disk is read-only"),
    errno.EBUSY: ("文件正被其他程序占用", "the file is in use by another program"),
}


def os_reason(exc: OSError) -> tuple[str, str]:
    """What went wrong, in plain Chinese and English (never the OS's English text alone)."""
    if exc.errno in _REASONS:
        return _REASONS[exc.errno]
    code = f"（系统错误 {exc.errno}）" if exc.errno else ""
    return (f"系统无法读取它{code}", f"the system could not read it ({exc.strerror or exc})")


def check_regular(path: Path, *, what_zh: str = "文件", what_en: str = "file") -> int:
    """The size of ``path`` if it is a regular file that can be read; ``FileRefused`` otherwise."""
    name = path.name or str(path)
    try:
        info = path.stat()
    except OSError as exc:
        zh, en = os_reason(exc)
        raise FileRefused(f"无法打开{what_zh}“{name}”：{zh}。", f"Cannot open the {what_en} “{name}”: {en}.") from None
    if stat.S_ISDIR(info.st_mode):
        raise FileRefused(f"“{name}”是一个文件夹，不是{what_zh}。", f"“{name}” is a folder, not a {what_en}.")
    if not stat.S_ISREG(info.st_mode):
        raise FileRefused(f"“{name}”不是普通文件（可能是设备或管道），不能作为{what_zh}读取。",
                          f"“{name}” is not a regular file (a device or a pipe?) and is not read.")
    return info.st_size


def read_limited(path: str | Path, limit: int, *, what_zh: str = "文件", what_en: str = "file",
                 hint_zh: str = "", hint_en: str = "") -> bytes:
    """All bytes of ``path`` when it is a regular file of at most ``limit`` bytes.

    The size is checked before reading and the read stops at ``limit`` + 1 bytes, so a file
    that grows while it is read (or lies about its size) cannot use more memory than that."""
    path = Path(path)
    name = path.name or str(path)
    size = check_regular(path, what_zh=what_zh, what_en=what_en)
    too_big = FileRefused(
        f"{what_zh}“{name}”太大（{mb(max(size, limit + 1))}），超过 {mb(limit)} 的上限。{hint_zh}",
        f"The {what_en} “{name}” is too large ({mb(max(size, limit + 1))}); the limit is {mb(limit)}. {hint_en}".rstrip())
    if size > limit:
        raise too_big
    try:
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        zh, en = os_reason(exc)
        raise FileRefused(f"无法读取{what_zh}“{name}”：{zh}。", f"Cannot read the {what_en} “{name}”: {en}.") from None
    if len(data) > limit:
        raise too_big
    return data


@dataclass(frozen=True)
class ZipLimits:
    total: int = 400_000_000          # all members together, uncompressed
    member: int = 300_000_000         # one member, uncompressed
    ratio: int = 150                  # uncompressed / compressed, for members over `ratio_from`
    ratio_from: int = 10_000_000
    members: int = 2_000


def check_zip(path: Path, limits: ZipLimits = ZipLimits(), *, what_zh: str = "Excel 文件",
              what_en: str = "spreadsheet") -> None:
    """Refuse a zip whose members would expand past ``limits``: declared sizes first (no
    decompression), then the actual sizes of the large members, decompressed in chunks and
    stopped at the limit (a member may declare a small size and still expand to gigabytes)."""
    name = path.name
    refuse_zh = f"{what_zh}“{name}”"
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            if len(infos) > limits.members:
                raise FileRefused(f"{refuse_zh}里有 {len(infos)} 个内部文件，多得异常，已拒绝读取。",
                                  f"The {what_en} “{name}” holds {len(infos)} parts, abnormally many; refused.")
            declared = sum(i.file_size for i in infos)
            for info in infos:
                _check_member(info, info.file_size, limits, name, refuse_zh, what_en)
            if declared > limits.total:
                raise _bomb(refuse_zh, name, what_en, declared, limits.total)
            total = 0
            for info in infos:
                # every member is inflated and counted, whatever it declares: 1 KB of deflate
                # can expand to 1 MB, so no member is too small to lie
                actual = _actual_size(archive, info, min(limits.member, limits.total - total) + 1)
                _check_member(info, actual, limits, name, refuse_zh, what_en)
                total += actual
                if total > limits.total:
                    raise _bomb(refuse_zh, name, what_en, total, limits.total, at_least=True)
    except FileRefused:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError) as exc:
        raise FileRefused(f"文件“{name}”不是有效的 {what_zh.replace('文件', '').strip() or 'Excel'} 文件"
                          "（可能已损坏，或是其他压缩包），无法读取。",
                          f"“{name}” is not a valid {what_en} (damaged, or another zip archive): {exc}") from None
    except OSError as exc:
        zh, en = os_reason(exc)
        raise FileRefused(f"无法读取{refuse_zh}：{zh}。", f"Cannot read the {what_en} “{name}”: {en}.") from None


def _bomb(refuse_zh: str, name: str, what_en: str, size: int, limit: int, *, at_least: bool = False) -> FileRefused:
    return FileRefused(
        f"{refuse_zh}解压后有 {mb(size)}{'以上' if at_least else ''}，超过 {mb(limit)} 的上限"
        "（文件异常或被恶意构造），已拒绝读取。"
        "请把号码另存为一个普通的 Excel 或 CSV 文件。",
        f"The {what_en} “{name}” expands to {mb(size)}, over the {mb(limit)} limit (abnormal or "
        "malicious); refused. Save the numbers as an ordinary Excel or CSV file.")


def _check_member(info: zipfile.ZipInfo, size: int, limits: ZipLimits, name: str, refuse_zh: str,
                  what_en: str) -> None:
    if size > limits.member:
        raise _bomb(refuse_zh, name, what_en, size, limits.member, at_least=size != info.file_size)
    if size >= limits.ratio_from and size > limits.ratio * max(info.compress_size, 1):
        ratio = size // max(info.compress_size, 1)
        raise FileRefused(
            f"{refuse_zh}的内容压缩比异常（{info.compress_size:,} 字节解压成 {mb(size)}，{ratio:,} 倍），"
            "像是恶意构造的“压缩炸弹”，已拒绝读取。",
            f"The {what_en} “{name}” has an abnormal compression ratio ({info.compress_size:,} bytes → "
            f"{mb(size)}, {ratio:,}×), like a zip bomb; refused.")


def _actual_size(archive: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int) -> int:
    """Bytes the member really expands to, counted up to ``cap`` (decompressed in 1 MB steps,
    nothing kept). Python's reader stops at the declared size, so the raw stream is inflated
    here directly for deflate; other methods go through the reader."""
    if info.compress_type == zipfile.ZIP_DEFLATED:
        fp = archive.fp
        assert fp is not None
        fp.seek(info.header_offset)
        header = fp.read(30)
        if header[:4] != b"PK\x03\x04":
            raise zipfile.BadZipFile("bad local header")
        skip = int.from_bytes(header[26:28], "little") + int.from_bytes(header[28:30], "little")
        fp.seek(info.header_offset + 30 + skip)
        inflater = zlib.decompressobj(-15)
        left, total = info.compress_size, 0
        step = 1 << 20
        while left > 0 and total < cap:
            chunk = fp.read(min(step, left))
            if not chunk:
                break
            left -= len(chunk)
            total += len(inflater.decompress(chunk, step))
            while inflater.unconsumed_tail and total < cap:
                total += len(inflater.decompress(inflater.unconsumed_tail, step))
        return total
    total = 0
    with archive.open(info) as member:
        while total < cap:
            block = member.read(1 << 20)
            if not block:
                break
            total += len(block)
    return total

