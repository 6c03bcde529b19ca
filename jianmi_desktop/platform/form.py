"""``application/x-www-form-urlencoded`` in GBK (what every endpoint of the platform takes).

Every name and value is encoded to GBK bytes and percent-encoded, like Java's
``URLEncoder.encode(value, "GBK")`` (a space becomes ``+``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from urllib.parse import quote_plus, unquote_to_bytes

from jianmi_desktop.platform.text import gbk_error_text, gbk_problems

FORM_CONTENT_TYPE = "application/x-www-form-urlencoded; charset=GBK"


def _encode_part(text: str, name: str) -> str:
    try:
        return quote_plus(text, safe="", encoding="gbk", errors="strict")
    except UnicodeEncodeError:
        zh, en = gbk_error_text(gbk_problems(text), f"参数 {name} ", f"parameter {name}")
        raise ValueError(f"{zh} / {en}") from None


def _pairs(params: Mapping[str, object] | Iterable[tuple[str, object]]) -> Iterable[tuple[str, object]]:
    return params.items() if isinstance(params, Mapping) else params


def encode_form(params: Mapping[str, object] | Iterable[tuple[str, object]]) -> bytes:
    """The GBK percent-encoded form body of ``params`` (order kept).

    Values may be str or int; a value of None is left out. Raises ValueError naming
    every character that GBK cannot hold.
    """
    parts: list[str] = []
    for name, value in _pairs(params):
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            raise TypeError(f"form value of {name!r} must be str or int, not {type(value).__name__}")
        parts.append(f"{_encode_part(str(name), str(name))}={_encode_part(str(value), str(name))}")
    return "&".join(parts).encode("ascii")


def _decode_part(raw: bytes, encoding: str) -> str:
    data = unquote_to_bytes(raw.replace(b"+", b" "))
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        bad = data[exc.start:exc.end].hex(" ")
        raise ValueError(
            f"表单中有不是 {encoding.upper()} 的字节（{bad}）/ "
            f"the form holds bytes that are not {encoding.upper()} ({bad})"
        ) from None


def decode_form(body: bytes | str, encoding: str = "gbk") -> dict[str, str]:
    """Names and values of a form body or query string, decoded from ``encoding``.

    Blank values are kept; when a name repeats, the last value wins. Raises ValueError on
    bytes that are not valid in ``encoding``.
    """
    if isinstance(body, str):
        body = body.encode("latin-1", errors="strict") if body.isascii() else body.encode(encoding)
    result: dict[str, str] = {}
    for piece in bytes(body).split(b"&"):
        piece = piece.strip(b"\r\n")
        if not piece:
            continue
        name, _, value = piece.partition(b"=")
        result[_decode_part(name, encoding)] = _decode_part(value, encoding)
    return result
