"""The invalid rows of a recipient list, for a table view: line number, the number as written, why."""

from __future__ import annotations

import re
from collections import Counter

from PySide6.QtCore import Qt

from jianmi_desktop.gui.widgets.table_model import TableModel

_NUMBER_PREFIX = re.compile(r"^号码“[^”]*”(?:的)?")
_GROUP_END = re.compile(r"[：（，(:]")


def short_reason(reason: str) -> str:
    """The reason without the number it repeats (the table shows the number in its own column)."""
    return _NUMBER_PREFIX.sub("", reason, count=1).strip() or reason


def reason_group(reason: str) -> str:
    """What numbers with this reason have in common: 位数不对, 不是手机号码, 含有数字以外的字符 …"""
    short = short_reason(reason)
    return _GROUP_END.split(short, maxsplit=1)[0].strip() or short


#: the groups in English (the reasons come in both languages; the grouping is done on the Chinese)
GROUP_EN = {"位数不对": "wrong length", "含有数字以外的字符": "characters other than digits",
            "不是手机号码": "not a mobile number"}
_EN_PREFIX = re.compile(r"^The number “[^”]*”\s*")


def english_reason(raw: str, intl: bool) -> str:
    """The reason in English for a number as written (checked again: the report keeps Chinese)."""
    from jianmi_desktop.platform.numbers import check_domestic, check_intl

    found = check_intl(raw) if intl else check_domestic(raw)
    return "" if found.ok else found.reason_en


def short_english(reason_en: str) -> str:
    short = _EN_PREFIX.sub("", reason_en, count=1).strip()
    return (short[:1].upper() + short[1:]) if short else reason_en


def reason_counts(rows: list[tuple[int, str, str]], most: int = 4) -> list[tuple[str, int]]:
    """The reasons grouped, the commonest first (at most ``most`` groups; the rest as one)."""
    counts = Counter(reason_group(reason) for _line, _raw, reason in rows)
    ranked = counts.most_common()
    if len(ranked) > most:
        ranked = [*ranked[:most - 1], ("", sum(n for _g, n in ranked[most - 1:]))]
    return ranked


class InvalidModel(TableModel):
    """The invalid rows: (line number, number as written, reason)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[int, str, str]] = []
        self.english = False   # show the reasons in English (the window's language)
        self.intl = False      # the numbers were checked as international ones
        self.headers = (self.tr("行号"), self.tr("号码"), self.tr("原因"))

    def set_rows(self, rows: list[tuple[int, str, str]]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def cell(self, row: int, column: int, role: int):
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            line_no, raw, reason = self.rows[row]
            if column == 0:
                return str(line_no) if line_no else "—"
            if column == 1:
                return raw
            if self.english:
                reason_en = english_reason(raw, self.intl) or reason
                return reason_en if role == Qt.ItemDataRole.ToolTipRole else short_english(reason_en)
            return reason if role == Qt.ItemDataRole.ToolTipRole else short_reason(reason)
        return None
