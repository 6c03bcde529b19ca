"""A fast path for the common delivery-report push, exactly equal to the full parse.

The platform's type-1 pushes all look like ``samples/status_push.xml``: an optional UTF-8
declaration, ``<returnForm>`` with ``<type>1</type>``, ``<count>``, and a ``<list>`` of up to 200
``<pushStatusForm>`` records whose six leaves come in the same order (eprId, mobile, msgId,
status, statusCode, userId) and hold short ASCII text. Building an ElementTree of ~1,400
elements for that is most of the receiver's CPU time, so ``status_records(body)`` recognises
exactly that shape with three strict regular expressions (the head, one record, the tail) in
one pass over the body, and returns the six texts of each record.

It is a recogniser of a strict, fixed-depth subset of XML, not a parser: anything outside it
— a DTD or any ``<!``, a comment, a processing instruction other than the declaration,
attributes, namespaces, entities or character references (``&``), CDATA, ``]``, control
characters, non-ASCII text, a BOM, another encoding, fields in another order, a missing or
extra field — returns None, and the caller parses the body in full (defusedxml vets the
prolog of every body either way, and the size cap applies first). For every body it accepts,
the records are the ones the full parse gives (tests compare the two).
"""

from __future__ import annotations

import re

__all__ = ["status_records"]

_WS = rb"[ \t\r\n]*"
# a value as the full parse leaves it after strip(): printable ASCII without < > & ] (no markup,
# no references, no "]]>"), spaces, tabs and newlines only inside it
_WORD = rb"[\x21-\x25\x27-\x3b\x3d\x3f-\x5c\x5e-\x7e]+"
_TEXT = rb"((?:" + _WORD + rb"(?:[ \t\n]+" + _WORD + rb")*)?)"
# the checks of the full parse, built in: msgId digits, mobile digits (+), status 0 or 1
_VALUES = {b"msgId": rb"([0-9]{0,20})", b"mobile": rb"(\+?[0-9]{3,20})", b"status": rb"([01])"}
_FIELDS = (b"eprId", b"mobile", b"msgId", b"status", b"statusCode", b"userId")
_RECORD = (rb"<pushStatusForm>" + _WS
           + b"".join(b"<" + f + b">" + _WS + _VALUES.get(f, _TEXT) + _WS + b"</" + f + b">" + _WS
                      for f in _FIELDS)
           + rb"</pushStatusForm>" + _WS)
_DECL = (rb"<\?xml[ \t]+version=([\"'])1\.[0-9]\1(?:[ \t]+encoding=([\"'])(?:utf|UTF)-8\2)?"
         rb"(?:[ \t]+standalone=([\"'])(?:yes|no)\3)?[ \t]*\?>")
# the document up to its records, a record, and what follows the last record; run on the body
# decoded once (ASCII: any other byte is outside the shape), one pass over it
_HEAD = re.compile((
    _WS + rb"(?:" + _DECL + rb")?" + _WS + rb"<returnForm>" + _WS
    + rb"<type>" + _WS + rb"1" + _WS + rb"</type>" + _WS
    + rb"<count>" + _WS + rb"[0-9]{1,6}" + _WS + rb"</count>" + _WS
    + rb"<list>" + _WS).decode("ascii"))
_ONE_RECORD = re.compile(_RECORD.decode("ascii"))
_TAIL = re.compile((rb"</list>" + _WS + rb"</returnForm>" + _WS + rb"\Z").decode("ascii"))


def status_records(body: bytes) -> list[tuple[str, str, str, str, str, str]] | None:
    """(eprId, mobile, msgId, status, statusCode, userId) of each record, stripped, when the
    body has exactly the common shape and every record passes the full parse's checks;
    None otherwise (then parse it in full, which also says what is wrong).

    The records must follow one another with nothing between them (each match starts where
    the one before ended) and the tail must follow the last: so the body is the head, records
    and the tail, and nothing else."""
    try:
        text = body.decode("ascii")
    except UnicodeDecodeError:
        return None
    head = _HEAD.match(text)
    if head is None:
        return None
    records: list[tuple[str, str, str, str, str, str]] = []
    pos = head.end()
    match = _ONE_RECORD.match
    while (record := match(text, pos)) is not None:
        records.append(record.groups())  # type: ignore[arg-type]
        pos = record.end()
    return records if _TAIL.match(text, pos) is not None else None
