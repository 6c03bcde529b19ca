"""Phone numbers: clean up what people paste or Excel exports, then validate.

Domestic mobiles are 11 digits ``^1[3-9]\\d{9}$``. International numbers go
to the platform as digits with the country code and no ``+`` or ``00`` and
are validated per country with ``phonenumbers``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import phonenumbers
from phonenumbers import PhoneNumberType

DOMESTIC_RE = re.compile(r"^1[3-9][0-9]{9}$")

# characters people put between digits
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―−_.·/\\()\[\]{}（）【】「」,，、:：;；'\"]")
# zero-width and other format characters (Unicode category Cf) are removed first
_EXCEL_FLOAT = re.compile(r"^(\+?[0-9]+)\.0*$")
_EXCEL_SCIENTIFIC = re.compile(r"^[0-9](?:\.[0-9]+)?[eE]\+?[0-9]{1,2}$")
_CN_PREFIX = re.compile(r"^(?:\+86|0086|86)(1[3-9][0-9]{9})$")
_NON_MOBILE_TYPES = frozenset({
    PhoneNumberType.FIXED_LINE, PhoneNumberType.TOLL_FREE, PhoneNumberType.PREMIUM_RATE,
    PhoneNumberType.SHARED_COST, PhoneNumberType.VOICEMAIL, PhoneNumberType.UAN,
})


def _strip_format_chars(text: str) -> str:
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf")


def clean(raw: object) -> str:
    """:func:`normalize` without dropping a ``+86``/``0086``/``86`` prefix."""
    if raw is None:
        return ""
    if isinstance(raw, bool):
        return str(raw)
    if isinstance(raw, int):
        text = str(raw)
    elif isinstance(raw, float):
        text = str(int(raw)) if raw.is_integer() else repr(raw)
    else:
        text = str(raw)
    text = _strip_format_chars(unicodedata.normalize("NFKC", text)).strip()
    compact = re.sub(r"\s+", "", text)
    if excel_float := _EXCEL_FLOAT.match(compact):
        compact = excel_float.group(1)
    elif _EXCEL_SCIENTIFIC.match(compact):
        try:
            value = Decimal(compact)
        except InvalidOperation:  # pragma: no cover - the pattern only lets numbers through
            value = None
        if value is not None and value == value.to_integral_value():
            compact = str(int(value))
    return _SEPARATORS.sub("", compact)


def normalize(raw: object) -> str:
    """A number as digits (a leading ``+`` kept for international input).

    Handles full-width digits, spaces, dashes, dots, brackets, zero-width characters,
    Excel's ``13812345678.0`` and ``1.3812345678e10``, and drops the ``+86``/``0086``/``86``
    prefix of a domestic mobile. What cannot be cleaned is returned cleaned as far as it goes.
    """
    cleaned = clean(raw)
    prefixed = _CN_PREFIX.match(cleaned)
    if prefixed:
        return prefixed.group(1)
    return cleaned


@dataclass(frozen=True)
class NumberCheck:
    """The outcome of checking one number. ``number`` is the cleaned form, even when not ok."""

    raw: str
    number: str
    ok: bool
    reason_zh: str = ""
    reason_en: str = ""

    def reason(self, lang: str = "zh") -> str:
        return self.reason_en if lang.startswith("en") else self.reason_zh


def _bad(raw: object, number: str, zh: str, en: str) -> NumberCheck:
    return NumberCheck(str(raw) if raw is not None else "", number, False, zh, en)


def check_domestic(raw: object) -> NumberCheck:
    """Is ``raw`` a domestic mobile (``^1[3-9]\\d{9}$`` after :func:`normalize`)?"""
    number = normalize(raw)
    raw_text = str(raw) if raw is not None else ""
    if not number:
        return _bad(raw, number, "号码为空", "The number is empty")
    if not number.isdigit() or not number.isascii():
        return _bad(raw, number, f"号码“{raw_text}”含有数字以外的字符",
                    f"The number “{raw_text}” contains characters other than digits")
    if len(number) != 11:
        return _bad(raw, number, f"号码“{raw_text}”位数不对：手机号应为 11 位，这里是 {len(number)} 位",
                    f"The number “{raw_text}” has {len(number)} digits; a mobile number has 11")
    if not DOMESTIC_RE.match(number):
        return _bad(raw, number, f"号码“{raw_text}”不是手机号码（应以 13–19 开头）",
                    f"The number “{raw_text}” is not a mobile number (must start with 13–19)")
    return NumberCheck(raw_text, number, True)


def check_intl(raw: object, default_region: str | None = None) -> NumberCheck:
    """Is ``raw`` a valid international mobile? ``number`` is digits with the country code.

    Input may start with ``+`` or ``00``; without either it is read as digits with the
    country code, unless ``default_region`` (e.g. "HK") is given, which reads it as a
    national number of that region.
    """
    cleaned = clean(raw)
    raw_text = str(raw) if raw is not None else ""
    if not cleaned:
        return _bad(raw, cleaned, "号码为空", "The number is empty")
    body = cleaned[1:] if cleaned.startswith("+") else cleaned
    if not body.isdigit() or not body.isascii():
        return _bad(raw, cleaned, f"号码“{raw_text}”含有数字以外的字符",
                    f"The number “{raw_text}” contains characters other than digits")
    if cleaned.startswith("+"):
        text, region = cleaned, None
    elif cleaned.startswith("00"):
        text, region = "+" + cleaned[2:], None
    elif default_region:
        text, region = cleaned, default_region.upper()
    else:
        text, region = "+" + cleaned, None
    try:
        parsed = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return _bad(raw, cleaned, f"无法识别号码“{raw_text}”的国家代码或格式",
                    f"Cannot read the country code or format of “{raw_text}”")
    digits = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164).lstrip("+")
    region_code = phonenumbers.region_code_for_number(parsed) or f"+{parsed.country_code}"
    if not phonenumbers.is_possible_number(parsed):
        return _bad(raw, digits, f"号码“{raw_text}”的位数对 {region_code} 不可能",
                    f"The number “{raw_text}” has an impossible length for {region_code}")
    if not phonenumbers.is_valid_number(parsed):
        return _bad(raw, digits, f"号码“{raw_text}”对 {region_code} 无效",
                    f"The number “{raw_text}” is not valid for {region_code}")
    if phonenumbers.number_type(parsed) in _NON_MOBILE_TYPES:
        return _bad(raw, digits, f"号码“{raw_text}”不是手机号码，收不到短信",
                    f"The number “{raw_text}” is not a mobile number and cannot receive SMS")
    return NumberCheck(raw_text, digits, True)
