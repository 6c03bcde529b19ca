"""The platform's rules as the sandbox applies them, written on their own.

Form decoding (GBK), numbers, signatures, sensitive words, billing units, times in
China time, and the mp3 check. Nothing here does I/O except reading the word list once.
"""

from __future__ import annotations

import hashlib
import math
import re
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from urllib.parse import unquote_to_bytes

from jianmi_desktop.resources import resource_path

CHINA_TZ = timezone(timedelta(hours=8), "UTC+8")

MAX_RECIPIENTS = 500
MAX_SMS_CHARS = 2000      # send: a longer msg gets 101 (a limit, like > 500 numbers)
MAX_INTL_CHARS = 1000     # sendIntlSms: a longer msg gets 101
MAX_VOICE_CHARS = 2000    # voice text: a longer msg gets 101
MAX_VOICE_FILE = 5 * 1024 * 1024
MAX_STATUS_URL = 500

_DOMESTIC = re.compile(r"1[3-9][0-9]{9}")
_INTL = re.compile(r"[1-9][0-9]{6,14}")
_MSGID = re.compile(r"[0-9]{0,20}")
_SIG_START = re.compile(r"^【[^【】]+】")
_SIG_END = re.compile(r"【[^【】]+】$")


def md5_hex(text: str) -> str:
    return hashlib.md5(text.encode("utf-8")).hexdigest()


def china_now(now: float | None = None) -> datetime:
    if now is None:
        return datetime.now(CHINA_TZ)
    return datetime.fromtimestamp(now, CHINA_TZ)


def china_text(epoch: float) -> str:
    """``YYYY-MM-DD HH:MM:SS`` in China time."""
    return china_now(epoch).strftime("%Y-%m-%d %H:%M:%S")


def parse_china(text: str, formats: tuple[str, ...]) -> float | None:
    """Epoch seconds of a China-time text in one of ``formats``; None when malformed."""
    for fmt in formats:
        try:
            moment = datetime.strptime(text.strip(), fmt)
        except ValueError:
            continue
        return moment.replace(tzinfo=CHINA_TZ).timestamp()
    return None


def parse_clientapi_timestamp(text: str) -> float | None:
    if len(text) != 14 or not text.isascii() or not text.isdigit():
        return None
    return parse_china(text, ("%Y%m%d%H%M%S",))


# --- form decoding -------------------------------------------------------------------


def decode_form(data: bytes) -> tuple[dict[str, str], set[str]]:
    """Parse ``application/x-www-form-urlencoded`` bytes, decoding every value as GBK.

    Returns the parameters and the names of those whose bytes are not valid GBK (their
    values are decoded with replacement characters). A repeated name keeps its last value.
    """
    params: dict[str, str] = {}
    bad: set[str] = set()
    for piece in data.split(b"&"):
        if not piece:
            continue
        raw_key, _, raw_value = piece.partition(b"=")
        key_bytes = unquote_to_bytes(raw_key.replace(b"+", b" "))
        value_bytes = unquote_to_bytes(raw_value.replace(b"+", b" "))
        try:
            key = key_bytes.decode("gbk")
        except UnicodeDecodeError:
            key = key_bytes.decode("gbk", "replace")
            bad.add(key)
        try:
            params[key] = value_bytes.decode("gbk")
        except UnicodeDecodeError:
            params[key] = value_bytes.decode("gbk", "replace")
            bad.add(key)
    return params, bad


# --- numbers, msgids, signatures, words ---------------------------------------------


def split_mobiles(text: str) -> list[str]:
    return [part.strip() for part in text.split(",")]


def is_domestic(number: str) -> bool:
    return _DOMESTIC.fullmatch(number) is not None


def is_intl(number: str) -> bool:
    return _INTL.fullmatch(number) is not None


def is_msgid(text: str) -> bool:
    return _MSGID.fullmatch(text) is not None


def has_signature(text: str) -> bool:
    body = text.strip()
    return bool(_SIG_START.search(body) or _SIG_END.search(body))


@lru_cache(maxsize=1)
def sensitive_words() -> tuple[str, ...]:
    try:
        lines = resource_path("sensitive_words.txt").read_text(encoding="utf-8").splitlines()
    except OSError:
        return ()
    words = (line.strip() for line in lines)
    return tuple(word.lower() for word in words if word and not word.startswith("#"))


def sensitive_word_in(text: str) -> str | None:
    lowered = text.lower()
    for word in sensitive_words():
        if word in lowered:
            return word
    return None


# --- billing ---------------------------------------------------------------------------

_GSM_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_GSM_EXTENDED = set("^{}\\[~]|€\f")


def units_domestic(text: str) -> int:
    """≤ 70 characters (signature included) is 1 unit, longer ⌈n / 67⌉."""
    n = len(text)
    if n == 0:
        return 0
    return 1 if n <= 70 else math.ceil(n / 67)


def gsm7_length(text: str) -> int | None:
    """Septets of ``text`` in GSM 7-bit, or None when a character is not in the alphabet."""
    length = 0
    for char in text:
        if char in _GSM_BASIC:
            length += 1
        elif char in _GSM_EXTENDED:
            length += 2
        else:
            return None
    return length


def units_intl(text: str) -> int:
    """GSM-7 text: 160 for 1 unit, ⌈n / 153⌉ beyond; any other text 70 / 67."""
    if not text:
        return 0
    septets = gsm7_length(text)
    if septets is not None:
        return 1 if septets <= 160 else math.ceil(septets / 153)
    return units_domestic(text)


def units_voice(text: str | None) -> int:
    """Voice text is 180 characters a unit; an uploaded file counts 1 unit."""
    if not text:
        return 1
    return max(1, math.ceil(len(text) / 180))


# --- files -----------------------------------------------------------------------------


def looks_like_mp3(data: bytes) -> bool:
    """An ID3 tag, or an MPEG audio frame sync (11 set bits) at the start."""
    if data[:3] == b"ID3":
        return True
    return len(data) >= 4 and data[0] == 0xFF and (data[1] & 0xE0) == 0xE0


def sniff_image(data: bytes) -> str | None:
    if data[:3] == b"\xff\xd8\xff":
        return "jpg"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return "png"
    return None
