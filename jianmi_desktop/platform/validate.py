"""Checks shared by the request builders (sdk, clientapi, intl). Each raises ValueError with
a Chinese sentence first and the English one after it, or returns the value as a str."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, time

from jianmi_desktop.platform.text import gbk_error_text, gbk_problems, has_signature

# What the sending calls accept as numbers: one comma-separated text, or a list of them.
Mobiles = str | Iterable[str]

MAX_MOBILES = 500
MAX_ACCOUNT = 30
_MD5_RE = re.compile(r"^[0-9a-fA-F]{32}$")
_DOMESTIC_RE = re.compile(r"^1[3-9][0-9]{9}$")
_INTL_RE = re.compile(r"^[1-9][0-9]{6,14}$")   # country code + number, E.164: at most 15 digits
_DATE_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_TIME_RE = re.compile(r"^[0-9]{2}:[0-9]{2}(:[0-9]{2})?$")
_DATETIME_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$")


def msg(zh: str, en: str) -> str:
    """One error message: Chinese first, then English."""
    return f"{zh} / {en}"


def account(value: str, name: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(msg(f"账号（{name}）不能为空", f"the account ({name}) must not be empty"))
    if value != value.strip() or len(value) > MAX_ACCOUNT:
        raise ValueError(msg(f"账号（{name}）不能有首尾空格，且最多 {MAX_ACCOUNT} 个字符",
                             f"the account ({name}) must have no outer spaces and at most {MAX_ACCOUNT} characters"))
    gbk(value, f"账号（{name}）", f"the account ({name})")
    return value


def md5_param(value: str, name: str) -> str:
    if not isinstance(value, str) or not _MD5_RE.match(value):
        raise ValueError(msg(f"{name} 应是密码的 32 位 MD5（十六进制），不是明文密码",
                             f"{name} must be the 32-hex MD5 of the password, not the password itself"))
    return value.lower()


def gbk(text: str, what_zh: str, what_en: str) -> None:
    problems = gbk_problems(text)
    if problems:
        zh, en = gbk_error_text(problems, what_zh, what_en)
        raise ValueError(msg(zh, en))


def plain(value: object, name: str, limit: int) -> str:
    """A non-empty single-line text parameter of at most ``limit`` characters."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise TypeError(f"{name} must be a str")
    text = str(value)
    if not text.strip():
        raise ValueError(msg(f"参数 {name} 不能为空", f"parameter {name} must not be empty"))
    if len(text) > limit:
        raise ValueError(msg(f"参数 {name} 最多 {limit} 个字符，这里是 {len(text)} 个",
                             f"parameter {name} takes at most {limit} characters, got {len(text)}"))
    if any(ch in "\r\n\x00" for ch in text):
        raise ValueError(msg(f"参数 {name} 不能换行", f"parameter {name} must be a single line"))
    gbk(text, f"参数 {name} ", f"parameter {name}")
    return text


def message(text: str, limit: int, *, signature: bool) -> str:
    """Message text: non-empty, at most ``limit`` characters, all GBK, with a 【签名】 if asked."""
    if not isinstance(text, str):
        raise TypeError("msg must be a str")
    if not text.strip():
        raise ValueError(msg("内容不能为空", "the message must not be empty"))
    if len(text) > limit:
        raise ValueError(msg(f"内容太长：{len(text)} 个字符，最多 {limit} 个",
                             f"the message is too long: {len(text)} characters, at most {limit}"))
    gbk(text, "内容", "the message")
    if signature and not has_signature(text):
        raise ValueError(msg("内容缺少签名：请在开头或结尾加上【签名】",
                             "the message has no signature: put 【your name】 at its start or end"))
    return text


def _mobile_list(mobiles: Mobiles) -> list[str]:
    if isinstance(mobiles, str):
        items = mobiles.split(",")
    elif isinstance(mobiles, Iterable):
        items = [str(m) for m in mobiles]
    else:
        raise TypeError("mobiles must be a comma-separated str or a list of str")
    items = [m.strip() for m in items]
    if not items or items == [""]:
        raise ValueError(msg("没有接收号码", "there are no recipient numbers"))
    if len(items) > MAX_MOBILES:
        raise ValueError(msg(f"一次最多 {MAX_MOBILES} 个号码，这里有 {len(items)} 个",
                             f"at most {MAX_MOBILES} numbers a request, got {len(items)}"))
    return items


def _check_each(items: list[str], pattern: re.Pattern[str], kind_zh: str, kind_en: str) -> str:
    bad = [(i, m) for i, m in enumerate(items) if not pattern.match(m)]
    if bad:
        shown = "、".join(f"第 {i + 1} 个“{m}”" for i, m in bad[:10])
        shown_en = ", ".join(f"#{i + 1} {m!r}" for i, m in bad[:10])
        more = f" 等 {len(bad)} 个" if len(bad) > 10 else ""
        raise ValueError(msg(f"不是有效的{kind_zh}：{shown}{more}",
                             f"not valid {kind_en}: {shown_en}" + (f" ({len(bad)} in all)" if more else "")))
    return ",".join(items)


def domestic_mobiles(mobiles: Mobiles) -> str:
    """1–500 domestic mobiles (11 digits, ``^1[3-9]\\d{9}$``), joined by commas."""
    return _check_each(_mobile_list(mobiles), _DOMESTIC_RE, "手机号码（11 位，以 13–19 开头）",
                       "mobile numbers (11 digits starting 13–19)")


def intl_mobiles(mobiles: Mobiles) -> str:
    """1–500 international numbers: digits with country code, no + or 00, 7–15 digits."""
    return _check_each(_mobile_list(mobiles), _INTL_RE, "国际号码（国家代码加号码的数字，不带 + 或 00）",
                       "international numbers (country code and number as digits, no + or 00)")


def msgid(value: object) -> str:
    """A decimal string of 1–20 digits."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise TypeError("msgid must be a str or an int")
    return _digits(str(value), 1, 20, "msgid 应是 1–20 位数字", "msgid must be 1–20 decimal digits")


def subid(value: object) -> str:
    return _digits("" if value is None else str(value), 0, 3, "扩展号（subid）最多 3 位数字",
                   "subid takes at most 3 digits")


def batchnum(value: object) -> str:
    return _digits("" if value is None else str(value), 0, 19, "批次号（batchnum）应是数字",
                   "batchnum must be a number")


def _digits(text: str, least: int, most: int, zh: str, en: str) -> str:
    """``text`` when it is ``least`` to ``most`` decimal digits; else a ValueError in both languages."""
    if not re.fullmatch(f"[0-9]{{{least},{most}}}", text):
        raise ValueError(msg(f"{zh}，这里是“{text}”", f"{en}, got {text!r}"))
    return text


def int_range(value: object, name: str, low: int, high: int) -> str:
    if isinstance(value, str) and re.fullmatch(r"-?[0-9]+", value.strip()):
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(msg(f"{name} 应是 {low} 到 {high} 之间的整数，这里是“{value}”",
                             f"{name} must be an integer from {low} to {high}, got {value!r}"))
    return str(value)


def _moment(text: str, pattern: re.Pattern[str], fmt: str, zh: str, en: str) -> str:
    """``text`` when it has the shape ``pattern`` and is a real date or time (``fmt``); else a
    ValueError saying what is expected (``zh`` / ``en``)."""
    try:
        if not pattern.match(text):
            raise ValueError
        datetime.strptime(text, fmt)
    except ValueError:
        raise ValueError(msg(f"{zh}，这里是“{text}”", f"{en}, got {text!r}")) from None
    return text


def send_date(value: object) -> str:
    """``YYYY-MM-DD`` (a real date)."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.strftime("%Y-%m-%d")
    return _moment(str(value), _DATE_RE, "%Y-%m-%d", "日期应写成 YYYY-MM-DD", "the date must be YYYY-MM-DD")


def send_time(value: object) -> str:
    """``hh:mm:ss`` or ``hh:mm`` (a real time of day)."""
    if isinstance(value, time):
        return value.strftime("%H:%M:%S")
    text = str(value)
    return _moment(text, _TIME_RE, "%H:%M:%S" if text.count(":") == 2 else "%H:%M", "时间应写成 hh:mm:ss 或 hh:mm",
                   "the time must be hh:mm:ss or hh:mm")


def send_datetime(value: object) -> str:
    """``YYYY-MM-DD hh:mm:ss`` (a real moment; a datetime is written as given)."""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    return _moment(str(value), _DATETIME_RE, "%Y-%m-%d %H:%M:%S", "定时时间应写成 YYYY-MM-DD hh:mm:ss",
                   "the send time must be YYYY-MM-DD hh:mm:ss")
