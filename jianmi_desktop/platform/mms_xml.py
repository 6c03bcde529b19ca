"""The addContent ``content`` document.

Each frame shows for ``<playtimes>`` seconds and has an image, a text or both. An image is
``URLEncoder.encode(Base64.encode(bytes))``: base64, then percent-encoded with nothing safe.
Text goes in CDATA (a literal ``]]>`` is split across two sections).
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass
from urllib.parse import quote, unquote

from jianmi_desktop.platform.text import gbk_error_text, gbk_problems

MAX_IMAGE_BYTES = 81_920      # the sandbox rejects anything larger ("80K" read as 80 × 1024)
TARGET_IMAGE_BYTES = 80_000   # what the client fits images to (safe under both readings)
IMAGE_TYPES = ("jpg", "gif", "png")
MAX_FRAME_SECONDS = 3600

# characters XML 1.0 cannot carry at all, not even in CDATA
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _err(zh: str, en: str) -> ValueError:
    return ValueError(f"{zh} / {en}")


def sniff_image_type(data: bytes | None) -> str | None:
    """"jpg", "gif" or "png" from the first bytes of ``data``; None for anything else."""
    if not data:
        return None
    head = bytes(data[:8])
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    return None


@dataclass(frozen=True)
class MmsFrame:
    """One frame: ``seconds`` on screen, an optional image (bytes and its type) and text."""

    seconds: int
    image: bytes | None = None
    image_type: str | None = None   # "jpg" | "gif" | "png"; None: found from the bytes
    text: str | None = None


def encode_image(data: bytes) -> str:
    """Base64 of ``data``, percent-encoded with no safe characters (``+`` → ``%2B``, ``/`` → ``%2F``)."""
    return quote(base64.b64encode(data).decode("ascii"), safe="")


def decode_image(payload: str) -> bytes:
    """The bytes of an ``<img>`` payload (the reverse of :func:`encode_image`); ValueError if not base64.

    Tolerates line breaks (old Java encoders wrap at 76) and missing ``=`` padding.
    """
    text = re.sub(r"\s+", "", unquote(payload))
    text += "=" * (-len(text) % 4)
    return base64.b64decode(text, validate=True)


def cdata(text: str) -> str:
    """``text`` as CDATA; a literal ``]]>`` is split over two sections so it survives."""
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def escape_text(text: str) -> str:
    """``text`` escaped for an XML element or attribute."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&apos;"))


def _check_chars(text: str, where_zh: str, where_en: str) -> None:
    bad = _XML_INVALID.search(text)
    if bad:
        pos = bad.start()
        raise _err(f"{where_zh}第 {pos + 1} 个字符（U+{ord(bad.group()):04X}）是控制字符，不能放进彩信",
                   f"{where_en}: character {pos + 1} (U+{ord(bad.group()):04X}) is a control character "
                   "an MMS cannot carry")
    problems = gbk_problems(text)
    if problems:
        zh, en = gbk_error_text(problems, where_zh, where_en)
        raise _err(zh, en)


def _frame_xml(index: int, frame: MmsFrame) -> str:
    n = index + 1
    seconds = frame.seconds
    if isinstance(seconds, bool) or not isinstance(seconds, int) or not 1 <= seconds <= MAX_FRAME_SECONDS:
        raise _err(f"第 {n} 帧的播放时长应是 1 到 {MAX_FRAME_SECONDS} 秒的整数，这里是“{seconds}”",
                   f"frame {n}: play time must be a whole number of seconds from 1 to "
                   f"{MAX_FRAME_SECONDS}, got {seconds!r}")
    image = bytes(frame.image) if frame.image else None
    text = frame.text or None
    if image is None and text is None:
        raise _err(f"第 {n} 帧既没有图片也没有文字", f"frame {n} has neither an image nor text")
    lines = ["    <frame>", f"       <playtimes>{seconds}</playtimes>"]
    if image is not None:
        if len(image) > MAX_IMAGE_BYTES:
            raise _err(f"第 {n} 帧的图片太大：{len(image):,} 字节，最多 {MAX_IMAGE_BYTES:,} 字节（80K）",
                       f"frame {n}: the image is too big: {len(image):,} bytes, at most "
                       f"{MAX_IMAGE_BYTES:,} (80K)")
        sniffed = sniff_image_type(image)
        if sniffed is None:
            raise _err(f"第 {n} 帧的图片不是 jpg、gif 或 png", f"frame {n}: the image is not a jpg, gif or png")
        declared = {"jpeg": "jpg"}.get((frame.image_type or "").lower(), (frame.image_type or "").lower())
        if declared and declared != sniffed:
            raise _err(f"第 {n} 帧的图片标成 {declared}，实际是 {sniffed}",
                       f"frame {n}: the image is marked {declared} but is a {sniffed}")
        lines.append(f'       <img type="{sniffed}">{encode_image(image)}</img>')
    if text is not None:
        if not isinstance(text, str):
            raise TypeError("frame text must be a str")
        _check_chars(text, f"第 {n} 帧的文字", f"frame {n} text")
        lines.append(f"       <text>{cdata(text)}</text>")
    lines.append("    </frame>")
    return "\n".join(lines)


def build_content(title: str, frames: list[MmsFrame]) -> str:
    """The ``<mms>`` document for addContent. Raises ValueError on a frame it cannot carry."""
    title = title or ""
    _check_chars(title, "标题", "the title")
    if "\n" in title or "\r" in title:
        raise _err("标题不能换行", "the title must be a single line")
    frames = list(frames)
    if not frames:
        raise _err("彩信至少要有一帧", "an MMS needs at least one frame")
    body = "\n".join(_frame_xml(i, f) for i, f in enumerate(frames))
    return f"<mms>\n <title>{escape_text(title)}</title>\n <body>\n{body}\n </body>\n</mms>\n"


def parse_content(content_xml: str) -> tuple[str, list[MmsFrame]]:
    """The title and frames of an ``<mms>`` document (hardened parse); ValueError if malformed.

    For previews and tests; the sandbox keeps its own checks.
    """
    from defusedxml import ElementTree as SafeET  # local: only previews and tests need it

    try:
        root = SafeET.fromstring(content_xml, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except Exception as exc:  # noqa: BLE001 - any parse failure is a malformed document
        raise _err("彩信内容不是有效的 XML", f"the MMS content is not well-formed XML ({exc})") from None
    body = root.find("body")
    if root.tag != "mms" or body is None:
        raise _err("彩信内容应以 <mms> 为根并含有 <body>", "the MMS content needs an <mms> root with a <body>")
    title = (root.findtext("title") or "").strip()
    frames: list[MmsFrame] = []
    for n, node in enumerate(body.findall("frame"), start=1):
        try:
            seconds = int((node.findtext("playtimes") or "").strip())
        except ValueError:
            raise _err(f"第 {n} 帧的播放时长不是整数", f"frame {n}: playtimes is not a whole number") from None
        img = node.find("img")
        image = image_type = None
        if img is not None and (img.text or "").strip():
            try:
                image = decode_image(img.text or "")
            except ValueError:
                raise _err(f"第 {n} 帧的图片不是 base64", f"frame {n}: the image is not base64") from None
            image_type = img.get("type")
        text = node.findtext("text")
        frames.append(MmsFrame(seconds, image, image_type, text if text else None))
    return title, frames
