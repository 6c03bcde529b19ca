"""Message templates with per-row variables, and the composition of one campaign's message.

A placeholder is ``{列名}``: the name of a column of the recipient file (``{姓名}``,
``{city}``), replaced by that row's value. ``{{`` and ``}}`` stand for literal braces.
A placeholder whose column does not exist is left as written (the checks block it).

``Composition(text, signature, intl, rows)`` is what the composer holds: the text, the
signature from its own field (added at the *end* of every message when the text carries
no ``【…】`` of its own — the platform's SDK rule, "the source says at the end"), domestic or
international, and the rows of the recipient file (a ``RowList``, a list of ``Row``, a
list of plain numbers, or None). Everything here is pure and synchronous; the counts over
100,000 rows take a few tens of milliseconds (the GUI still runs them off its thread).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from operator import add
from typing import Any, cast

from jianmi_desktop.platform.text import gsm7_length, has_signature, is_gsm7, units_domestic, units_intl

__all__ = ["Placeholder", "parse", "variables_in", "placeholders", "render", "signature_text", "Composition"]

_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}\r\n]{1,40})\}")


@dataclass(frozen=True)
class Placeholder:
    name: str
    start: int  # [start, end) of "{name}" in the template, code points
    end: int


@lru_cache(maxsize=64)
def parse(text: str) -> tuple[tuple[str | Placeholder, ...], tuple[Placeholder, ...]]:
    """The template as parts (literal strings and placeholders, in order) and its placeholders."""
    parts: list[str | Placeholder] = []
    found: list[Placeholder] = []
    literal: list[str] = []
    pos = 0
    for m in _TOKEN.finditer(text):
        literal.append(text[pos:m.start()])
        pos = m.end()
        token = m.group(0)
        if token in ("{{", "}}"):
            literal.append(token[0])
            continue
        name = m.group(1).strip()
        if not name:
            literal.append(token)
            continue
        if literal:
            parts.append("".join(literal))
            literal = []
        ph = Placeholder(name, m.start(), m.end())
        parts.append(ph)
        found.append(ph)
    literal.append(text[pos:])
    if any(literal):
        parts.append("".join(literal))
    return tuple(p for p in parts if p != ""), tuple(found)


def placeholders(text: str) -> tuple[Placeholder, ...]:
    return parse(text)[1]


def variables_in(text: str) -> list[str]:
    """The names used in ``text``, each once, in order of first use."""
    return list(dict.fromkeys(p.name for p in placeholders(text)))


def render(text: str, variables: Mapping[str, Any]) -> str:
    """``text`` with each ``{name}`` replaced by ``variables[name]`` (unknown ones kept as written)."""
    parts, _ = parse(text)
    out = []
    for part in parts:
        if isinstance(part, Placeholder):
            value = variables.get(part.name)
            out.append("{" + part.name + "}" if value is None else str(value))
        else:
            out.append(part)
    return "".join(out)


def signature_text(signature: str | None) -> str:
    """A signature as it is written into a message: ``茧米`` → ``【茧米】``; blank → ``""``."""
    signature = (signature or "").strip()
    if not signature:
        return ""
    if not signature.startswith("【"):
        signature = "【" + signature
    if not signature.endswith("】"):
        signature += "】"
    return signature


@dataclass(frozen=True)
class Composition:
    text: str
    signature: str = ""
    intl: bool = False
    rows: Sequence[Any] | None = field(default=None, compare=False)

    # --- the pieces ------------------------------------------------------------------------
    @property
    def suffix(self) -> str:
        """What is added at the end of every message: the signature, unless the text has one."""
        sig = signature_text(self.signature)
        if not sig or has_signature(self.text):
            return ""
        return sig

    @property
    def variables(self) -> list[str]:
        return variables_in(self.text)

    @cached_property
    def _by_name(self) -> dict[str, Sequence[str]]:
        names, columns = _columns(self.rows)
        return dict(zip(names, columns))

    def column(self, name: str) -> Sequence[str] | None:
        """The values of one variable column (None when the rows have no such column)."""
        return self._by_name.get(name)

    @property
    def columns(self) -> tuple[str, ...]:
        """The variable columns the rows offer."""
        return tuple(self._by_name)

    @property
    def unknown_variables(self) -> list[str]:
        have = set(self.columns)
        return [name for name in self.variables if name not in have]

    @property
    def personalised(self) -> bool:
        """True when messages differ from row to row (the text uses a column the rows have)."""
        have = set(self.columns)
        return any(name in have for name in self.variables)

    # --- messages --------------------------------------------------------------------------
    def message_for(self, row: Any = None) -> str:
        """The message one recipient receives. ``row``: an index into ``rows``, a ``Row``, a
        mapping of column → value, or None (no variables)."""
        return render(self.text, self._variables_of(row)) + self.suffix

    @property
    def campaign_text(self) -> str:
        """The campaign's own text in the store: the message itself, or, when personalised, the
        template with the signature (``{姓名}`` left in). The 24-hour repeat check hashes it."""
        return self.message_for(None)

    def preview(self, index: int = 0) -> str:
        if self.rows is None or not len(self.rows):
            return self.message_for(None)
        index = max(0, min(int(index), len(self.rows) - 1))
        return self.message_for(index)

    def texts(self, indices: Iterable[int] | None = None) -> list[str]:
        """The message of every row (or of the rows at ``indices``), for ``Store.create_campaign(texts=…)``."""
        parts, _ = parse(self.text)
        by_name = self._by_name
        idx = self._selection(indices)
        pieces: list[Sequence[str]] = []
        for part in parts:
            if isinstance(part, Placeholder):
                col = by_name.get(part.name)
                if col is None:
                    pieces.append(["{" + part.name + "}"] * len(idx))
                else:
                    pieces.append([col[i] for i in idx])
            else:
                pieces.append([part] * len(idx))
        suffix = self.suffix
        if not pieces:
            return [suffix] * len(idx)
        return [("".join(p) + suffix) for p in zip(*pieces)]

    # --- units -----------------------------------------------------------------------------
    def lengths(self, indices: Iterable[int] | None = None) -> list[int]:
        """The length in characters of each row's message (all rows, or those at ``indices``).
        Without variables (or rows) every message is the same: one length per selected row."""
        parts, _ = parse(self.text)
        by_name = self._by_name
        base = len(self.suffix)
        varying = []
        for part in parts:
            if isinstance(part, Placeholder) and part.name in by_name:
                varying.append(by_name[part.name])
            elif isinstance(part, Placeholder):
                base += len(part.name) + 2
            else:
                base += len(part)
        idx = self._selection(indices)
        if not varying:
            return [base] * len(idx)
        if indices is None:
            lens = list(map(len, varying[0]))
            for col in varying[1:]:
                lens = list(map(add, lens, map(len, col)))
        else:
            lens = [0] * len(idx)
            for col in varying:
                lens = list(map(add, lens, (len(col[i]) for i in idx)))
        return [x + base for x in lens] if base else lens

    def units_list(self, indices: Iterable[int] | None = None) -> list[int]:
        """Units of each selected row's message."""
        if not self.personalised:
            return [self.units_of(self.message_for(None))] * len(self._selection(indices))
        if self.intl:
            return self._intl_units(indices)
        return list(map(_units_of_length, self.lengths(indices)))

    def units_range(self, indices: Iterable[int] | None = None) -> tuple[int, int]:
        """(fewest, most) units a message takes over the rows (both equal without variables)."""
        if not self.personalised:
            u = self.units_of(self.message_for(None))
            return (u, u)
        if self.intl:
            units = self._intl_units(indices)
            return (min(units), max(units)) if units else (0, 0)
        lens = self.lengths(indices)
        if not lens:
            return (0, 0)
        return (_units_of_length(min(lens)), _units_of_length(max(lens)))  # units grow with length

    def units_total(self, indices: Iterable[int] | None = None) -> int:
        """Units of the whole campaign: every row (or the rows at ``indices``) once."""
        if not self.personalised:
            return self.units_of(self.message_for(None)) * len(self._selection(indices))
        return sum(self.units_list(indices))

    def units_of(self, message: str) -> int:
        return units_intl(message) if self.intl else units_domestic(message)

    def _intl_units(self, indices: Iterable[int] | None) -> list[int]:
        """Per row: GSM-7 or not, and the length, from a cache per distinct value."""
        parts, _ = parse(self.text)
        by_name = self._by_name
        fixed = "".join(p if isinstance(p, str) else ("" if p.name in by_name else "{" + p.name + "}")
                        for p in parts) + self.suffix
        idx = self._selection(indices)
        gsm = [is_gsm7(fixed)] * len(idx)
        sept = [gsm7_length(fixed)] * len(idx)
        chars = [len(fixed)] * len(idx)
        for part in parts:
            if not isinstance(part, Placeholder) or part.name not in by_name:
                continue
            col = by_name[part.name]
            info: dict[str, tuple[bool, int, int]] = {}
            for k, i in enumerate(idx):
                v = col[i]
                hit = info.get(v)
                if hit is None:
                    hit = info[v] = (is_gsm7(v), gsm7_length(v), len(v))
                gsm[k] = gsm[k] and hit[0]
                sept[k] += hit[1]
                chars[k] += hit[2]
        return [_intl_units(g, s, c) for g, s, c in zip(gsm, sept, chars)]

    def _selection(self, indices: Iterable[int] | None) -> Sequence[int]:
        if indices is not None:
            return indices if isinstance(indices, (list, range, tuple)) else list(indices)
        n = len(self.rows) if self.rows is not None else 0
        return range(max(n, 1))  # no rows: the one message as it reads

    # --- rows ------------------------------------------------------------------------------
    def _variables_of(self, row: Any) -> Mapping[str, Any]:
        if row is None:
            return {}
        if isinstance(row, int):
            if self.rows is None:
                return {}
            row = self.rows[row]
        if isinstance(row, Mapping):
            return row
        return getattr(row, "variables", None) or {}


def _units_of_length(n: int) -> int:
    if n <= 0:
        return 0
    return 1 if n <= 70 else -(-n // 67)


def _intl_units(gsm: bool, septets: int, chars: int) -> int:
    if chars == 0:
        return 0
    if gsm:
        return 1 if septets <= 160 else -(-septets // 153)
    return 1 if chars <= 70 else -(-chars // 67)


def _columns(rows: Sequence[Any] | None) -> tuple[tuple[str, ...], tuple[Sequence[str], ...]]:
    """Variable names and their value columns, from a RowList (as is) or a list of Rows."""
    if rows is None or not len(rows):
        return (), ()
    names = getattr(rows, "var_names", None)
    if names is not None:
        return tuple(names), tuple(cast(Any, rows).var_columns)
    first = rows[0]
    variables = getattr(first, "variables", None)
    if not isinstance(variables, Mapping) or not variables:
        return (), ()
    keys = tuple(variables)
    cols = tuple([str((getattr(r, "variables", None) or {}).get(k, "")) for r in rows] for k in keys)
    return keys, cols
