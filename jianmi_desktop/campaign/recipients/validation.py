"""Numbers typed in one field (``parse_number_list``) and ``check_recipients``: normalise,
validate, de-duplicate and drop opted-out numbers into a ``RecipientReport``."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from itertools import compress, filterfalse

from jianmi_desktop.campaign.recipients.model import ImportResult, RecipientReport, Row, RowList
from jianmi_desktop.platform.numbers import check_domestic, check_intl, normalize

# A domestic mobile exactly as the platform wants it: the fast path of every check.
_CLEAN = re.compile(r"1[3-9][0-9]{9}")  # ASCII digits only: \d also matches full-width ones
_SPACED = re.compile(r"[0-9][0-9 \-]*")
_SPACES_DASHES = str.maketrans("", "", " -")
_SPLIT = re.compile(r"[\s,，;；、|]+")
_SPLIT_HARD = re.compile(r"[\r\n\t,，;；、|]+")
_GROUPED = re.compile(r"^[+＋(（]?[\d０-９][\d０-９ \-－()（）]*$")


# --------------------------------------------------------------------------------------
# --to
# --------------------------------------------------------------------------------------

def parse_number_list(text: str) -> list[str]:
    """Numbers typed or pasted in one field: separated by commas, spaces, new lines, 、，；;|.

    A piece with spaces inside that holds at most 15 digits is one number written in groups
    (``+44 7911 123456``, ``138 0013 8000``); longer ones are numbers separated by spaces.
    The pieces are returned as written (check them with ``check_recipients``)."""
    pieces: list[str] = []
    for piece in _SPLIT_HARD.split(text or ""):
        piece = piece.strip()
        if not piece:
            continue
        if _GROUPED.match(piece) and sum(ch.isdigit() for ch in piece) <= 15:
            pieces.append(piece)
        else:
            pieces.extend(p for p in _SPLIT.split(piece) if p)
    return pieces


# --------------------------------------------------------------------------------------
# checks
# --------------------------------------------------------------------------------------

def check_recipients(items: Iterable[str] | Iterable[Row] | RowList | ImportResult, *, intl: bool = False,
                     opted_out: Iterable[str] = frozenset(), region: str | None = None) -> RecipientReport:
    """Validate, de-duplicate (first occurrence wins) and drop opted-out numbers.

    ``items`` are raw strings (line number 0 in ``invalid``), ``Row`` objects, or what
    ``read_recipients`` returned. ``intl`` checks with ``check_intl`` (``region`` is its
    default region). Counts add up: rows = valid + invalid + duplicates + opted_out."""
    if isinstance(items, ImportResult):
        items = items.rows
    keep_index = False
    if isinstance(items, RowList):
        raws: Sequence[str] = items.raws
        line_nos: Sequence[int] = items.line_nos
        keep_index = bool(items.var_names)
    else:
        raws_l: list[str] = []
        nos: list[int] = []
        for item in items:
            if isinstance(item, Row):
                raws_l.append(item.raw)
                nos.append(item.line_no)
            else:
                raws_l.append(str(item))
                nos.append(0)
        raws, line_nos = raws_l, nos

    numbers: list[str] = []
    invalid: list[tuple[int, str, str]] = []
    mapped: list[str | None] | None = [] if keep_index else None
    if intl:
        _check_intl_all(raws, line_nos, numbers, invalid, region, mapped)
    else:
        _check_domestic_all(raws, line_nos, numbers, invalid, mapped)

    unique = dict.fromkeys(numbers)
    duplicates = len(numbers) - len(unique)
    del numbers
    opted = _intl_set(opted_out) if intl else _normalized_set(opted_out)
    if opted:
        valid = [n for n in unique if n not in opted]
        opted_count = len(unique) - len(valid)
    else:
        valid = list(unique)
        opted_count = 0
    row_index = None
    if mapped is not None:
        # the first occurrence wins: read backwards, so the earliest index is written last
        first = dict(zip(reversed(mapped), range(len(mapped) - 1, -1, -1)))
        row_index = list(map(first.__getitem__, valid))
    return RecipientReport(valid, invalid, duplicates, opted_count, row_index)


def _check_domestic_all(raws: Sequence[str], line_nos: Sequence[int], numbers: list[str],
                        invalid: list[tuple[int, str, str]], mapped: list[str | None] | None = None) -> None:
    """The loops run in C (map/filter/compress): no Python bytecode and no object per clean row.
    Only the distinct raws that are not already clean go through ``check_domestic``.
    ``mapped`` (when given) receives each row's number, or None for an invalid row."""
    dirty = dict.fromkeys(filterfalse(_CLEAN.fullmatch, raws))
    if not dirty:
        numbers.extend(raws)
        if mapped is not None:
            mapped.extend(raws)
        return
    fixed: dict[str, str | None] = {}
    reasons: dict[str, str] = {}
    quick_form, drop = _SPACED.fullmatch, _SPACES_DASHES
    for raw in dirty:
        if quick_form(raw):
            # "138 1234 5678", "138-1234-5678": ASCII digits with spaces or dashes only, for
            # which check_domestic would just drop the separators (and is far slower)
            bare = raw.translate(drop)
            if _CLEAN.fullmatch(bare):
                fixed[raw] = bare
                continue
        result = check_domestic(raw)
        if result.ok:
            fixed[raw] = result.number
        else:
            fixed[raw] = None
            reasons[raw] = result.reason_zh
    # fixed.get(raw, raw): a clean raw stays itself, a dirty one becomes its number or None
    if mapped is not None:
        mapped.extend(map(fixed.get, raws, raws))
        numbers.extend(filter(None, mapped))
    else:
        numbers.extend(filter(None, map(fixed.get, raws, raws)))
    if reasons:
        for i in compress(range(len(raws)), map(reasons.__contains__, raws)):
            raw = raws[i]
            invalid.append((line_nos[i], raw, reasons[raw]))


def _check_intl_all(raws: Sequence[str], line_nos: Sequence[int], numbers: list[str],
                    invalid: list[tuple[int, str, str]], region: str | None, mapped: list[str | None] | None = None) -> None:
    cache: dict[str, tuple[bool, str]] = {}
    for i, raw in enumerate(raws):
        hit = cache.get(raw)
        if hit is None:
            result = check_intl(raw, default_region=region)
            hit = (True, result.number) if result.ok else (False, result.reason_zh)
            cache[raw] = hit
        if hit[0]:
            numbers.append(hit[1])
        else:
            invalid.append((line_nos[i], raw, hit[1]))
        if mapped is not None:
            mapped.append(hit[1] if hit[0] else None)


def _normalized_set(numbers: Iterable[str]) -> set[str] | frozenset[str]:
    if not numbers:
        return frozenset()
    out = set()
    for n in numbers:
        n = str(n)
        out.add(n if _CLEAN.fullmatch(n) else normalize(n))
    return out


def _intl_set(numbers: Iterable[str]) -> set[str] | frozenset[str]:
    """Opted-out numbers in the form ``check_intl`` gives: digits with the country code.

    An opt-out is kept as it came (a reply's ``8613800138000``, a typed ``+44 7911 123456``,
    a domestic ``13800138000``), so each is turned into that form: ``+``/``00`` dropped, and a
    domestic mobile given its ``86`` — whoever opted out at home is not messaged from abroad."""
    if not numbers:
        return frozenset()
    out = set()
    for n in _normalized_set(numbers):
        if n.startswith("+"):
            n = n[1:]
        elif n.startswith("00"):
            n = n[2:]
        elif _CLEAN.fullmatch(n):
            n = "86" + n
        out.add(n)
    return out
