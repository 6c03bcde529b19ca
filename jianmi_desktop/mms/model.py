"""The MMS message being composed: a title and frames, its checks, and the draft file.

No Qt here. ``Frame`` and ``MmsMessage`` are immutable: an edit makes a new message that
shares the unchanged frames (and their image bytes), so the editor's undo stack keeps whole
messages cheaply.

A draft is ONE file (``.jmms``): a zip holding ``manifest.json`` (title, frames, their texts
and times) and the fitted images under ``images/``. It is written to a temporary file beside
the target and moved over it, so a crash never leaves half a draft; a damaged draft raises
``DraftError`` with a plain message and nothing is returned.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jianmi_desktop.platform.errors import JianmiError
from jianmi_desktop.platform.mms_xml import MmsFrame, sniff_image_type
from jianmi_desktop.platform.text import gbk_error_text, gbk_problems

if TYPE_CHECKING:
    from jianmi_desktop.mms.fit import FittedImage

__all__ = ["Frame", "MmsMessage", "Problem", "DraftError", "validate", "blocking", "save_draft", "load_draft",
           "to_mms_frames", "MAX_IMAGE_BYTES", "MIN_SECONDS", "MAX_SECONDS", "DEFAULT_SECONDS", "TOTAL_BUDGET",
           "MAX_FRAMES", "DRAFT_SUFFIX"]

MAX_IMAGE_BYTES = 80_000     # each image after fitting (the platform's "80K", read safely)
MIN_SECONDS, MAX_SECONDS, DEFAULT_SECONDS = 1, 60, 3
TOTAL_BUDGET = 300_000       # many handsets and carriers refuse an MMS larger than ~300 KB in all
MAX_FRAMES = 50
MAX_TEXT = 1000              # characters of text in one frame
DRAFT_SUFFIX = ".jmms"
DRAFT_FORMAT = "jianmi-mms-draft"
DRAFT_VERSION = 1
MAX_MANIFEST_BYTES = 2_000_000
MAX_DRAFT_ENTRY = 81_920     # an image in a draft is already fitted; anything larger is not ours
_EXT = {"jpg": "jpg", "png": "png", "gif": "gif"}


@dataclass(frozen=True)
class Frame:
    """One frame: an image (fitted bytes, its type and the name of the file it came from) and/or text."""

    image: bytes | None = None
    image_type: str | None = None    # "jpg" | "png" | "gif"
    image_name: str = ""             # the original file's name, for the user
    text: str = ""
    seconds: int = DEFAULT_SECONDS
    width: int = 0                   # of the fitted image
    height: int = 0
    quality: int | None = None       # JPEG quality chosen by fit_image; None for PNG/GIF

    @property
    def image_size(self) -> int:
        return len(self.image) if self.image else 0

    @property
    def empty(self) -> bool:
        return not self.image and not self.text

    def with_image(self, fitted: FittedImage, name: str = "") -> Frame:
        """This frame with the picture ``fitted`` (a ``fit.FittedImage``)."""
        return replace(self, image=fitted.data, image_type=fitted.image_type, image_name=name,
                       width=fitted.width, height=fitted.height, quality=fitted.quality)

    def without_image(self) -> Frame:
        return replace(self, image=None, image_type=None, image_name="", width=0, height=0, quality=None)


@dataclass(frozen=True)
class MmsMessage:
    title: str = ""
    frames: tuple[Frame, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        if not isinstance(self.frames, tuple):
            object.__setattr__(self, "frames", tuple(self.frames))

    @property
    def total_size(self) -> int:
        """Bytes of images and text (GBK), roughly what the message weighs."""
        return sum(f.image_size + len((f.text or "").encode("gbk", "replace")) for f in self.frames) + \
            len(self.title.encode("gbk", "replace"))

    @property
    def total_seconds(self) -> int:
        return sum(f.seconds for f in self.frames)

    # edits: each returns a new message
    def with_title(self, title: str) -> MmsMessage:
        return replace(self, title=title)

    def with_frames(self, frames: Iterable[Frame]) -> MmsMessage:
        return replace(self, frames=tuple(frames))

    def replace_frame(self, index: int, frame: Frame) -> MmsMessage:
        frames = list(self.frames)
        frames[index] = frame
        return self.with_frames(frames)

    def insert(self, index: int, *frames: Frame) -> MmsMessage:
        items = list(self.frames)
        items[index:index] = frames
        return self.with_frames(items)

    def remove(self, index: int) -> MmsMessage:
        items = list(self.frames)
        del items[index]
        return self.with_frames(items)

    def move(self, source: int, target: int) -> MmsMessage:
        """Frame ``source`` moved so that it ends up at position ``target``."""
        items = list(self.frames)
        frame = items.pop(source)
        items.insert(max(0, min(target, len(items))), frame)
        return self.with_frames(items)


@dataclass(frozen=True)
class Problem:
    level: str            # "block" | "warn"
    frame: int | None     # 0-based frame, None for the whole message
    zh: str
    en: str


def _gbk(text: str, where_zh: str, where_en: str) -> tuple[str, str] | None:
    problems = gbk_problems(text)
    return gbk_error_text(problems, where_zh, where_en) if problems else None


def validate(message: MmsMessage) -> list[Problem]:
    """Everything that stops the message from being sent ("block") or deserves a look ("warn")."""
    out: list[Problem] = []
    if not message.title.strip():
        out.append(Problem("block", None, "还没有彩信标题", "The MMS has no title"))
    bad = _gbk(message.title, "标题", "The title")
    if bad:
        out.append(Problem("block", None, *bad))
    if "\n" in message.title or "\r" in message.title:
        out.append(Problem("block", None, "标题不能换行", "The title must be a single line"))
    if not message.frames:
        out.append(Problem("block", None, "彩信至少要有一帧", "The MMS needs at least one frame"))
    if len(message.frames) > MAX_FRAMES:
        out.append(Problem("block", None, f"彩信最多 {MAX_FRAMES} 帧，现在有 {len(message.frames)} 帧",
                           f"At most {MAX_FRAMES} frames, there are {len(message.frames)}"))
    for i, frame in enumerate(message.frames):
        n = i + 1
        if frame.empty:
            out.append(Problem("block", i, f"第 {n} 帧既没有图片也没有文字", f"Frame {n} has neither a picture nor text"))
        if frame.image is not None:
            if len(frame.image) > MAX_IMAGE_BYTES:
                out.append(Problem("block", i, f"第 {n} 帧的图片有 {len(frame.image):,} 字节，超过 {MAX_IMAGE_BYTES:,} 字节",
                                   f"Frame {n}: the picture is {len(frame.image):,} bytes, over {MAX_IMAGE_BYTES:,}"))
            sniffed = sniff_image_type(frame.image)
            if sniffed is None or sniffed != frame.image_type:
                out.append(Problem("block", i, f"第 {n} 帧的图片不是它标明的 {frame.image_type} 格式",
                                   f"Frame {n}: the picture is not the {frame.image_type} it claims to be"))
        if frame.text:
            bad = _gbk(frame.text, f"第 {n} 帧的文字", f"Frame {n} text")
            if bad:
                out.append(Problem("block", i, *bad))
            if len(frame.text) > MAX_TEXT:
                out.append(Problem("block", i, f"第 {n} 帧的文字有 {len(frame.text)} 个字，最多 {MAX_TEXT} 个",
                                   f"Frame {n}: {len(frame.text)} characters of text, at most {MAX_TEXT}"))
        seconds = frame.seconds
        if isinstance(seconds, bool) or not isinstance(seconds, int) or not MIN_SECONDS <= seconds <= MAX_SECONDS:
            out.append(Problem("block", i, f"第 {n} 帧的显示时间应是 {MIN_SECONDS} 到 {MAX_SECONDS} 秒，现在是 {seconds}",
                               f"Frame {n}: show it {MIN_SECONDS} to {MAX_SECONDS} seconds, not {seconds}"))
    total = message.total_size
    if total > TOTAL_BUDGET:
        out.append(Problem("warn", None,
                           f"整条彩信约 {total / 1000:,.0f} KB，超过 {TOTAL_BUDGET // 1000} KB：有些手机可能收不全，"
                           "可以减少帧数",
                           f"The whole MMS is about {total / 1000:,.0f} KB, over {TOTAL_BUDGET // 1000} KB: "
                           "some phones may not receive it all; use fewer frames"))
    return out


def blocking(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.level == "block"]


def to_mms_frames(message: MmsMessage) -> list[MmsFrame]:
    """The frames as ``platform.mms_xml.build_content`` takes them."""
    return [MmsFrame(seconds=f.seconds, image=f.image, image_type=f.image_type, text=f.text or None)
            for f in message.frames]


# --- the draft file ---------------------------------------------------------------------------

class DraftError(JianmiError):
    """A draft file that cannot be opened (damaged, not a draft, from a newer version)."""


def draft_bytes(message: MmsMessage) -> bytes:
    """The draft file's content (a zip: manifest.json and images/N.ext)."""
    frames = []
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for i, frame in enumerate(message.frames, start=1):
            entry = None
            if frame.image is not None:
                entry = f"images/{i}.{_EXT.get(frame.image_type or '', 'bin')}"
                zf.writestr(entry, frame.image, compress_type=zipfile.ZIP_STORED)  # already compressed
            frames.append({"image": entry, "image_type": frame.image_type, "image_name": frame.image_name,
                           "text": frame.text, "seconds": frame.seconds, "width": frame.width,
                           "height": frame.height, "quality": frame.quality})
        manifest = {"format": DRAFT_FORMAT, "version": DRAFT_VERSION, "title": message.title, "frames": frames}
        zf.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1),
                    compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def save_draft(message: MmsMessage, path: str | os.PathLike[str]) -> Path:
    """Write the draft atomically (temporary file beside it, fsync, rename). Returns the path."""
    path = Path(path)
    data = draft_bytes(message)
    fd, tmp = tempfile.mkstemp(prefix=".~" + path.name, suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return path


def _damaged(name: str, why_zh: str, why_en: str) -> DraftError:
    return DraftError(f"草稿“{name}”无法打开：{why_zh}", f"The draft {name!r} cannot be opened: {why_en}")


def _read_entry(zf: zipfile.ZipFile, entry: str, limit: int, name: str) -> bytes:
    try:
        info = zf.getinfo(entry)
    except KeyError:
        raise _damaged(name, f"缺少 {entry}", f"{entry} is missing") from None
    if info.file_size > limit:
        raise _damaged(name, f"{entry} 大得异常（{info.file_size:,} 字节）", f"{entry} is abnormally large")
    with zf.open(info) as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise _damaged(name, f"{entry} 大得异常", f"{entry} is abnormally large")
    return data


def load_draft(path: str | os.PathLike[str]) -> MmsMessage:
    """The message in a draft file; ``DraftError`` (or OSError) when it cannot be read."""
    path = Path(path)
    return draft_from_bytes(path.read_bytes(), path.name)


def draft_from_bytes(data: bytes, name: str) -> MmsMessage:
    """The message in a draft's bytes (``draft_bytes``); ``DraftError`` when they cannot be read."""
    if not data:
        raise _damaged(name, "文件是空的（0 字节）", "the file is empty")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise _damaged(name, "它不是茧米彩信草稿，或者已经损坏", "it is not a Jianmi MMS draft, or it is damaged") from None
    try:
        with zf:
            raw = _read_entry(zf, "manifest.json", MAX_MANIFEST_BYTES, name)
            try:
                manifest = json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, ValueError):
                raise _damaged(name, "清单 manifest.json 已损坏", "manifest.json is damaged") from None
            if not isinstance(manifest, dict) or manifest.get("format") != DRAFT_FORMAT:
                raise _damaged(name, "它不是茧米彩信草稿", "it is not a Jianmi MMS draft")
            version = manifest.get("version")
            if not isinstance(version, int) or version > DRAFT_VERSION:
                raise _damaged(name, "它是用更新版本的茧米桌面保存的，请先升级程序",
                               "it was saved by a newer version of Jianmi Desktop")
            return _message_from(manifest, zf, name)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, RuntimeError, NotImplementedError):
        raise _damaged(name, "文件内容已损坏", "its content is damaged") from None


def _message_from(manifest: dict[str, Any], zf: zipfile.ZipFile, name: str) -> MmsMessage:
    title = manifest.get("title", "")
    items = manifest.get("frames")
    if not isinstance(title, str) or not isinstance(items, list) or len(items) > MAX_FRAMES * 4:
        raise _damaged(name, "清单内容不完整", "the manifest is incomplete")
    frames = []
    for n, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise _damaged(name, f"第 {n} 帧的记录已损坏", f"frame {n} is damaged")
        text, seconds = item.get("text") or "", item.get("seconds", DEFAULT_SECONDS)
        if not isinstance(text, str) or isinstance(seconds, bool) or not isinstance(seconds, int):
            raise _damaged(name, f"第 {n} 帧的记录已损坏", f"frame {n} is damaged")
        image = image_type = None
        if item.get("image"):
            image = _read_entry(zf, str(item["image"]), MAX_DRAFT_ENTRY, name)
            image_type = sniff_image_type(image)
            if image_type is None or image_type != item.get("image_type"):
                raise _damaged(name, f"第 {n} 帧的图片已损坏", f"the picture of frame {n} is damaged")

        def number(key: str, default: int | None, item: dict[str, Any] = item) -> int | None:
            value = item.get(key, default)
            return value if isinstance(value, int) and not isinstance(value, bool) else default

        frames.append(Frame(image=image, image_type=image_type, image_name=str(item.get("image_name") or ""),
                            text=text, seconds=seconds, width=number("width", 0) or 0, height=number("height", 0) or 0,
                            quality=number("quality", None)))
    return MmsMessage(title, tuple(frames))
