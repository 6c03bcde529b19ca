"""addContent: parse and check an MMS content document, hardened.

The document is untrusted: parsed with defusedxml (no DTD, no entities, no external
references), capped in size and in frames. Each image is URL-encoded base64 of at most
81,920 bytes whose magic number must match its ``type``; a frame needs an image or text.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import asdict, dataclass
from urllib.parse import unquote
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from jianmi_desktop.sandbox.rules import sniff_image

MAX_CONTENT_CHARS = 4_000_000
MAX_IMAGE_BYTES = 81_920
MAX_FRAMES = 50
MAX_PLAYTIMES = 600
_TYPES = {"jpg": "jpg", "jpeg": "jpg", "gif": "gif", "png": "png"}
_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_SPACE = re.compile(r"\s+")
_URLSAFE = str.maketrans("-_", "+/")


class MmsError(ValueError):
    """The content is refused (101); the message says why, for the sandbox's log."""


@dataclass(frozen=True, slots=True)
class MmsFrameInfo:
    """One checked frame, kept compact: the image itself is not stored."""

    seconds: int
    image_type: str | None
    image_size: int
    image_sha1: str | None
    text: str | None

    def to_dict(self) -> dict:
        return asdict(self)

    @staticmethod
    def from_dict(data: dict) -> MmsFrameInfo:
        return MmsFrameInfo(
            seconds=int(data.get("seconds", 0)),
            image_type=data.get("image_type"),
            image_size=int(data.get("image_size", 0)),
            image_sha1=data.get("image_sha1"),
            text=data.get("text"),
        )


def parse_content(content: str) -> tuple[str, list[MmsFrameInfo]]:
    """The title and the frames of an addContent document; raises MmsError."""
    if len(content) > MAX_CONTENT_CHARS:
        raise MmsError(f"content over {MAX_CONTENT_CHARS} characters")
    # The text was already decoded from GBK; an encoding declaration no longer applies.
    text = _DECLARATION.sub("", content, count=1)
    try:
        root = fromstring(text, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except (ParseError, DefusedXmlException, ValueError) as exc:
        raise MmsError(f"content is not well-formed XML: {exc}") from None
    if root.tag != "mms":
        raise MmsError("the root element is not <mms>")
    title = (root.findtext("title") or "").strip()
    body = root.find("body")
    if body is None:
        raise MmsError("no <body>")
    frames = body.findall("frame")
    if not frames:
        raise MmsError("no <frame>")
    if len(frames) > MAX_FRAMES:
        raise MmsError(f"more than {MAX_FRAMES} frames")
    return title, [_frame(index, frame) for index, frame in enumerate(frames, 1)]


def _frame(index: int, frame) -> MmsFrameInfo:
    seconds = _playtimes(index, frame.findtext("playtimes"))
    images = frame.findall("img")
    if len(images) > 1:
        raise MmsError(f"frame {index}: more than one <img>")
    image_type = image_sha1 = None
    image_size = 0
    if images:
        image_type, data = _image(index, images[0])
        image_size = len(data)
        image_sha1 = hashlib.sha1(data).hexdigest()
    texts = frame.findall("text")
    if len(texts) > 1:
        raise MmsError(f"frame {index}: more than one <text>")
    words = "".join(texts[0].itertext()).strip() if texts else ""
    if not images and not words:
        raise MmsError(f"frame {index}: neither image nor text")
    return MmsFrameInfo(seconds, image_type, image_size, image_sha1, words or None)


def _playtimes(index: int, raw: str | None) -> int:
    if raw is None or not raw.strip():
        return 3
    value = raw.strip()
    if not value.isascii() or not value.isdigit() or not 0 < int(value) <= MAX_PLAYTIMES:
        raise MmsError(f"frame {index}: playtimes {value!r} is not 1–{MAX_PLAYTIMES}")
    return int(value)


def _image(index: int, element) -> tuple[str, bytes]:
    declared = _TYPES.get((element.get("type") or "").strip().lower())
    if declared is None:
        raise MmsError(f"frame {index}: img type {element.get('type')!r} is not jpg, gif or png")
    encoded = _SPACE.sub("", unquote(element.text or "")).translate(_URLSAFE)
    if not encoded:
        raise MmsError(f"frame {index}: empty image")
    # Base64 of 81,920 bytes is 109,228 characters: refuse far longer text before decoding.
    if len(encoded) > (MAX_IMAGE_BYTES // 3 + 2) * 4:
        raise MmsError(f"frame {index}: image over {MAX_IMAGE_BYTES} bytes")
    try:
        data = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise MmsError(f"frame {index}: image is not base64") from None
    if len(data) > MAX_IMAGE_BYTES:
        raise MmsError(f"frame {index}: image of {len(data)} bytes is over {MAX_IMAGE_BYTES}")
    actual = sniff_image(data)
    if actual != declared:
        raise MmsError(f"frame {index}: img type {declared} but the bytes are {actual or 'not an image'}")
    return declared, data
