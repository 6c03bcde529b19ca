"""Message text rules: what GBK can carry, how many units a message costs, signatures.

The platform's rules: GBK; domestic billing (≤70 → 1 unit, else ⌈n/67⌉; voice 180 a unit);
international billing (GSM 7-bit 160/153, otherwise 70/67).
Lengths count Python code points; every character GBK can encode is in the BMP, so for
text that can be sent this equals the platform's (Java) character count.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

DOMESTIC_SINGLE = 70
DOMESTIC_PART = 67
GSM7_SINGLE = 160
GSM7_PART = 153
UCS2_SINGLE = 70
UCS2_PART = 67
VOICE_UNIT = 180


@dataclass(frozen=True)
class GbkProblem:
    """A character of a text that GBK cannot hold. ``position`` is 0-based (code points)."""

    position: int
    char: str

    @property
    def codepoint(self) -> str:
        return f"U+{ord(self.char):04X}"

    def _shown(self) -> str:
        # invisible characters (spaces, zero-width, BOM) are shown by their code point only
        if self.char.isprintable() and not self.char.isspace():
            return self.char
        return ""

    def zh(self) -> str:
        return f"第 {self.position + 1} 个字符“{self._shown()}”({self.codepoint}) 无法用 GBK 编码"

    def en(self) -> str:
        name = unicodedata.name(self.char, "")
        named = f" {name}" if name else ""
        return (f"Character {self.position + 1} “{self._shown()}” ({self.codepoint}{named}) "
                "cannot be encoded in GBK")

    def message(self, lang: str = "zh") -> str:
        return self.en() if lang.startswith("en") else self.zh()


def _encodable(char: str) -> bool:
    try:
        char.encode("gbk")
    except UnicodeEncodeError:
        return False
    return True


def gbk_problems(text: str) -> list[GbkProblem]:
    """Every character of ``text`` that GBK cannot encode, with its 0-based position."""
    try:
        text.encode("gbk")
        return []
    except UnicodeEncodeError:
        pass
    return [GbkProblem(i, ch) for i, ch in enumerate(text) if not _encodable(ch)]


def gbk_error_text(problems: list[GbkProblem], what_zh: str = "内容", what_en: str = "the text",
                   limit: int = 10) -> tuple[str, str]:
    """One Chinese and one English sentence listing ``problems`` (at most ``limit`` shown)."""
    shown = problems[:limit]
    more = len(problems) - len(shown)
    zh = f"{what_zh}中有无法发送的字符：" + "；".join(p.zh() for p in shown)
    en = f"{what_en} has characters that cannot be sent: " + "; ".join(p.en() for p in shown)
    if more:
        zh += f"；另有 {more} 个"
        en += f"; and {more} more"
    return zh, en


def check_gbk(text: str, what_zh: str = "内容", what_en: str = "the text") -> None:
    """Raise ValueError naming every character of ``text`` that GBK cannot hold."""
    problems = gbk_problems(text)
    if problems:
        zh, en = gbk_error_text(problems, what_zh, what_en)
        raise ValueError(f"{zh} / {en}")


def _ceil_div(n: int, d: int) -> int:
    return -(-n // d)


def units_domestic(text: str) -> int:
    """Units per recipient of a domestic SMS: 0 for empty, 1 up to 70 characters, else ⌈n/67⌉."""
    n = len(text)
    if n == 0:
        return 0
    return 1 if n <= DOMESTIC_SINGLE else _ceil_div(n, DOMESTIC_PART)


# GSM 03.38 default alphabet and its extension table (extension characters take 2 septets)
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = frozenset("^{}\\[~]|€\f")


def is_gsm7(text: str) -> bool:
    """True when every character is in the GSM 7-bit alphabet (basic or extension table)."""
    return all(ch in GSM7_BASIC or ch in GSM7_EXTENSION for ch in text)


def gsm7_length(text: str) -> int:
    """Septets ``text`` takes in GSM 7-bit (extension characters count 2)."""
    return sum(2 if ch in GSM7_EXTENSION else 1 for ch in text)


def units_intl(text: str) -> int:
    """Units per recipient of an international SMS (0 for empty).

    All GSM 7-bit: ≤160 septets → 1, else ⌈n/153⌉; otherwise ≤70 characters → 1, else ⌈n/67⌉.
    """
    if not text:
        return 0
    if is_gsm7(text):
        n = gsm7_length(text)
        return 1 if n <= GSM7_SINGLE else _ceil_div(n, GSM7_PART)
    n = len(text)
    return 1 if n <= UCS2_SINGLE else _ceil_div(n, UCS2_PART)


def units_voice(text: str) -> int:
    """Units of a spoken text: 180 characters a unit (0 for empty)."""
    return _ceil_div(len(text), VOICE_UNIT)


_SIG_START = re.compile(r"^【([^【】]+)】")
_SIG_END = re.compile(r"【([^【】]+)】$")


def signature_of(text: str) -> str | None:
    """The signature's name (without the brackets) at the end, else at the start, else None.

    The brackets must be the very last / very first characters; a blank name does not count.
    """
    for pattern in (_SIG_END, _SIG_START):
        match = pattern.search(text)
        if match and match.group(1).strip():
            return match.group(1)
    return None


def has_signature(text: str) -> bool:
    """True when ``text`` starts or ends with a ``【签名】``."""
    return signature_of(text) is not None
