"""The types of a recipient import: ``RecipientFileError``, one ``Row``, the column-wise
``RowList``, the ``ImportResult`` of a file and the ``RecipientReport`` of the checks."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import overload

from jianmi_desktop.platform.errors import JianmiError


class RecipientFileError(JianmiError):
    """A recipient file that cannot be read; the message names the file (and the row)."""

    def __init__(self, zh: str, en: str | None = None, *, path: str | Path | None = None,
                 line_no: int | None = None) -> None:
        super().__init__(zh, en)
        self.path = str(path) if path is not None else None
        self.line_no = line_no


@dataclass(frozen=True, slots=True)
class Row:
    """One recipient as read: its line (row) number in the file, the number as written,
    and the other columns of its row (header → value) for templates."""

    line_no: int
    raw: str
    variables: Mapping[str, str] = field(default_factory=dict)


class RowList(Sequence[Row]):
    """The rows of an import, stored column-wise (a million ``Row`` objects and dicts would
    cost hundreds of megabytes). Reads like a list of ``Row``; each ``Row`` is built on access.
    ``raws`` and ``line_nos`` are the columns themselves, for fast checks; ``var_columns``
    holds one list per variable column, in the order of ``var_names``."""

    __slots__ = ("raws", "line_nos", "var_names", "var_columns")

    def __init__(self, raws: list[str], line_nos: Sequence[int], var_names: Sequence[str] = (),
                 var_columns: Sequence[list[str]] = ()) -> None:
        if len(var_names) != len(var_columns):
            raise ValueError("one list of values for each variable name")
        self.raws = raws
        self.line_nos = line_nos
        self.var_names = tuple(var_names)
        self.var_columns = tuple(var_columns)

    def __len__(self) -> int:
        return len(self.raws)

    def _row(self, i: int) -> Row:
        if self.var_columns:
            variables: Mapping[str, str] = {k: col[i] for k, col in zip(self.var_names, self.var_columns)}
        else:
            variables = {}
        return Row(self.line_nos[i], self.raws[i], variables)

    @overload
    def __getitem__(self, i: int) -> Row: ...
    @overload
    def __getitem__(self, i: slice) -> list[Row]: ...

    def __getitem__(self, i: int | slice) -> Row | list[Row]:
        if isinstance(i, slice):
            return [self._row(j) for j in range(*i.indices(len(self.raws)))]
        if i < 0:
            i += len(self.raws)
        if not 0 <= i < len(self.raws):
            raise IndexError("row index out of range")
        return self._row(i)

    def __iter__(self) -> Iterator[Row]:
        for i in range(len(self.raws)):
            yield self._row(i)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, RowList | list | tuple):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        head = ", ".join(repr(r) for r in self[:3])
        more = f", … ({len(self)} rows)" if len(self) > 3 else ""
        return f"RowList([{head}{more}])"


@dataclass
class ImportResult:
    """What ``read_recipients`` found. ``rows`` behaves like ``list[Row]``."""

    rows: RowList
    column_name: str
    headers: list[str]
    skipped_empty: int
    kind: str = "text"                # "text" | "csv" | "spreadsheet"
    encoding: str | None = None       # text files only
    delimiter: str | None = None      # CSV only
    sheet: str | None = None          # spreadsheets only

    @property
    def raws(self) -> list[str]:
        return self.rows.raws

    def __len__(self) -> int:
        return len(self.rows)


@dataclass
class RecipientReport:
    valid: list[str]                               # normalized, first-occurrence order
    invalid: list[tuple[int, str, str]]            # (line_no, raw, reason_zh); line_no 0 = not from a file
    duplicates: int = 0                            # repeats of a valid number, dropped
    opted_out: int = 0                             # distinct valid numbers dropped by the opt-out list
    # For rows with template variables (a RowList with variable columns): the 0-based index of
    # the row each valid number came from (its first occurrence), parallel to ``valid``.
    row_index: list[int] | None = None

    @property
    def total(self) -> int:
        return len(self.valid) + len(self.invalid) + self.duplicates + self.opted_out
