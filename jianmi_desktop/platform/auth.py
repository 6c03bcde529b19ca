"""Passwords, the ClientApi signature and China time.

- ``psw`` / ``password`` is the 32-hex MD5 of the account password (lowercase here).
- ClientApi calls carry ``timestamp`` (``yyyyMMddHHmmss`` in China time, UTC+8) and
  ``key = md5(cmd + timestamp + apiKey)``.
- Secrets never reach a log: :func:`mask_params` and :func:`mask_text` hide them.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from typing import Any

CHINA_TZ = timezone(timedelta(hours=8), "UTC+08:00")
TIMESTAMP_FORMAT = "%Y%m%d%H%M%S"
MASK = "******"

#: parameter names whose values are secrets (compared case-insensitively)
SECRET_NAMES = frozenset({"psw", "password", "newpsw", "key", "apikey"})


def md5_hex(text: str) -> str:
    """32 lowercase hex digits of the MD5 of ``text``'s UTF-8 bytes."""
    if not isinstance(text, str):
        raise TypeError("md5_hex takes a str")
    return hashlib.md5(text.encode("utf-8")).hexdigest()


def china_now() -> datetime:
    """The current time in China (UTC+8), timezone-aware."""
    return datetime.now(CHINA_TZ)


def to_china(moment: datetime) -> datetime:
    """``moment`` as China time. A naive datetime is taken to be China time already."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        return moment.replace(tzinfo=CHINA_TZ)
    return moment.astimezone(CHINA_TZ)


def clientapi_timestamp(now: datetime | None = None) -> str:
    """``yyyyMMddHHmmss`` of ``now`` (default: this moment) in China time.

    An aware datetime is converted to UTC+8; a naive one is taken as China time.
    """
    moment = china_now() if now is None else to_china(now)
    return moment.strftime(TIMESTAMP_FORMAT)


def parse_clientapi_timestamp(timestamp: str) -> datetime:
    """The aware China-time datetime of a ``yyyyMMddHHmmss`` string; ValueError if malformed."""
    if not isinstance(timestamp, str) or not re.fullmatch(r"\d{14}", timestamp):
        raise ValueError(f"timestamp must be 14 digits yyyyMMddHHmmss, got {timestamp!r}")
    return datetime.strptime(timestamp, TIMESTAMP_FORMAT).replace(tzinfo=CHINA_TZ)


def clientapi_key(cmd: str, timestamp: str, apikey: str) -> str:
    """The ClientApi ``key``: md5(cmd + timestamp + apiKey), 32 lowercase hex."""
    return md5_hex(f"{cmd}{timestamp}{apikey}")


def _is_secret(name: Any) -> bool:
    return isinstance(name, str) and name.strip().lower() in SECRET_NAMES


def mask_params(mapping: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of ``mapping`` with the values of psw, password, newpsw, key, apikey hidden."""
    return {name: (MASK if _is_secret(name) else value) for name, value in mapping.items()}


_SECRET_ALTERNATION = "psw|password|newpsw|key|apikey"
# name=value in a form body, query string or URL (value ends at &, #, whitespace or a quote)
_FORM_SECRET = re.compile(
    rf"(?<![A-Za-z0-9_%.\-])({_SECRET_ALTERNATION})=([^&#\s\"']*)", re.IGNORECASE
)
# "name": "value" or 'name': 'value' in JSON or a Python repr
_JSON_SECRET = re.compile(
    rf"([\"'])({_SECRET_ALTERNATION})\1(\s*:\s*)([\"'])(.*?)(?<!\\)\4", re.IGNORECASE
)


# the secret path token of a push or status address (/<token>/push), also percent-encoded
# inside a form body (%2F<token>%2Fstatus), and a bearer token in an Authorization header
_PATH_TOKEN = re.compile(r"(?:(?<=/)|(?<=%2F)|(?<=%2f))[A-Za-z0-9_\-]{12,}(?=(?:/|%2F|%2f)(?:push|status)\b)")
_BEARER = re.compile(r"(Bearer\s+)[A-Za-z0-9_\-.~+/=]{8,}", re.IGNORECASE)


def mask_text(text: str) -> str:
    """``text`` with secret values hidden, in form bodies, query strings, URLs and JSON;
    the path tokens of push/status addresses and bearer tokens too."""
    masked = _FORM_SECRET.sub(lambda m: f"{m.group(1)}={MASK}", text)
    masked = _PATH_TOKEN.sub(MASK, masked)
    masked = _BEARER.sub(lambda m: f"{m.group(1)}{MASK}", masked)
    return _JSON_SECRET.sub(
        lambda m: f"{m.group(1)}{m.group(2)}{m.group(1)}{m.group(3)}{m.group(4)}{MASK}{m.group(4)}",
        masked,
    )
