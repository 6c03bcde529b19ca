"""Reading the platform's answers (API.md §2–§4, §6).

Forms: a bare code (``100``, maybe with whitespace, newlines or a BOM), ``100#9#198``
(getnum), ``100#<serial>`` (uploadvoicefile), JSON ``{"result":"100","taskId":"…"}``
(ClientApi; ``takkId`` and a numeric result tolerated). Code 100 gives an
:class:`Answer`; any other code raises ``PlatformRefusal(code, raw)``; anything else
(an HTML page, an empty body, garbage) raises ``AnswerFormatError`` — never another
exception. The parsers are re-exported by :mod:`jianmi_desktop.platform.sdk`.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Callable
from typing import Any

from jianmi_desktop.platform.errors import AnswerFormatError, JianmiError, PlatformRefusal
from jianmi_desktop.platform.models import Answer, Balance

_CODE_RE = re.compile(r"^-?[0-9]{1,4}$")
_GETNUM_RE = re.compile(r"^([0-9]{1,4})\s*#\s*(-?[0-9]{1,18})\s*#\s*(-?[0-9]{1,18})$")
_UPLOAD_RE = re.compile(r"^([0-9]{1,4})\s*#\s*(\S+)$")
_STRIP = " \t\r\n\f\v\x00\ufeff\u00a0\u200b\u3000"
MAX_ANSWER_CHARS = 100_000


def _guarded(parser: Callable[[str], Answer]) -> Callable[[str], Answer]:
    """Any failure that is not already a JianmiError becomes an AnswerFormatError."""

    @functools.wraps(parser)
    def wrapper(text: str | bytes) -> Answer:
        raw = _as_text(text)
        try:
            return parser(raw)
        except JianmiError:
            raise
        except Exception:  # noqa: BLE001 - the contract: unreadable answers never escape otherwise
            raise AnswerFormatError(raw) from None

    return wrapper


def _as_text(text: str | bytes) -> str:
    if isinstance(text, (bytes, bytearray, memoryview)):
        data = bytes(text)
        for encoding in ("utf-8-sig", "gbk"):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
        return data.decode("latin-1")
    if isinstance(text, str):
        return text
    raise AnswerFormatError(repr(text))


def _clean(raw: str) -> str:
    if len(raw) > MAX_ANSWER_CHARS:
        raise AnswerFormatError(raw)
    return raw.strip(_STRIP)


def _code_answer(code: int, raw: str, **extra: Any) -> Answer:
    if code != 100:
        raise PlatformRefusal(code, raw)
    return Answer(code, raw, **extra)


@_guarded
def parse_code(text: str) -> Answer:
    """A bare result code: ``100`` → Answer, another code → PlatformRefusal."""
    cleaned = _clean(text)
    if not _CODE_RE.match(cleaned):
        raise AnswerFormatError(text)
    return _code_answer(int(cleaned), text)


@_guarded
def parse_getnum(text: str) -> Answer:
    """``100#<sent>#<remaining>`` → Answer with ``balance``; a bare error code → PlatformRefusal."""
    cleaned = _clean(text)
    if _CODE_RE.match(cleaned):
        code = int(cleaned)
        if code == 100:  # success without the numbers: unreadable
            raise AnswerFormatError(text)
        raise PlatformRefusal(code, text)
    match = _GETNUM_RE.match(cleaned)
    if not match:
        raise AnswerFormatError(text)
    code = int(match.group(1))
    balance = Balance(sent=int(match.group(2)), remaining=int(match.group(3)))
    return _code_answer(code, text, balance=balance)


@_guarded
def parse_upload(text: str) -> Answer:
    """``100#<fileSerial>`` → Answer with ``serial``; a bare error code → PlatformRefusal."""
    cleaned = _clean(text)
    if _CODE_RE.match(cleaned):
        code = int(cleaned)
        if code == 100:
            raise AnswerFormatError(text)
        raise PlatformRefusal(code, text)
    match = _UPLOAD_RE.match(cleaned)
    if not match or "<" in match.group(2):
        raise AnswerFormatError(text)
    return _code_answer(int(match.group(1)), text, serial=match.group(2))


def _result_code(value: object, raw: str) -> int:
    if isinstance(value, bool):
        raise AnswerFormatError(raw)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    if isinstance(value, str) and _CODE_RE.match(value.strip()):
        return int(value.strip())
    raise AnswerFormatError(raw)


def _task_id(data: dict[str, Any]) -> str | None:
    for name in ("taskId", "takkId", "taskid", "TaskId"):
        value = data.get(name)
        if isinstance(value, bool) or value is None:
            continue
        if isinstance(value, int):
            return str(value)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


@_guarded
def parse_json(text: str) -> Answer:
    """ClientApi JSON: ``{"result":"100", ...}``; ``taskId`` (or ``takkId``) kept as ``task_id``."""
    cleaned = _clean(text)
    if not cleaned.startswith("{"):
        raise AnswerFormatError(text)
    try:
        data = json.loads(cleaned)
    except (ValueError, RecursionError):
        raise AnswerFormatError(text) from None
    if not isinstance(data, dict) or "result" not in data:
        raise AnswerFormatError(text)
    code = _result_code(data["result"], text)
    return _code_answer(code, text, task_id=_task_id(data), data=data)


@_guarded
def parse_task(text: str) -> Answer:
    """addContent: like :func:`parse_json`, and a success must carry a taskId."""
    answer = parse_json(text)
    if not answer.task_id:
        raise AnswerFormatError(text, "平台说成功，却没有给出彩信内容编号（taskId）",
                                "The platform reported success but gave no taskId")
    return answer


@_guarded
def parse_code_or_json(text: str) -> Answer:
    """A bare code or ClientApi JSON (the international endpoint may answer either)."""
    if _clean(text).startswith("{"):
        return parse_json(text)
    return parse_code(text)
