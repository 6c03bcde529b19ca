"""Import and export of the opt-out list (issue 5, step 7).

Import reads a TXT, CSV or Excel file with ``read_recipients`` (the column of numbers is
found by itself), normalises every number (domestic first, otherwise as an international
number with its country code) and adds the valid ones with source ``import``. Export
writes a CSV in UTF-8 with a BOM, which Excel opens with the Chinese intact.
"""

from __future__ import annotations

import asyncio
import csv
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from jianmi_desktop.campaign.recipients import check_recipients, read_recipients
from jianmi_desktop.platform.numbers import check_intl

if TYPE_CHECKING:
    from jianmi_desktop.store import Store
    from jianmi_desktop.store.rows import OptOutRow

SOURCE_WORDS = {"reply": "回复退订", "manual": "手动添加", "import": "导入"}
EXPORT_HEADER = ("手机号", "来源", "加入时间")


@dataclass
class OptOutImport:
    numbers: list[str]                                            # normalised, each once
    invalid: list[tuple[int, str, str]] = field(default_factory=list)  # (line, raw, reason)
    duplicates: int = 0
    added: int = 0                                                # new to the list (after import_opt_outs)


def read_opt_out_file(path: str | Path, column: str | int | None = None) -> OptOutImport:
    """The numbers of a file, normalised (raises ``RecipientFileError`` for an unreadable file)."""
    imported = read_recipients(path, column)
    report = check_recipients(imported)
    numbers = list(report.valid)
    invalid = []
    seen = set(numbers)
    duplicates = report.duplicates
    for line_no, raw, reason in report.invalid:
        result = check_intl(raw)
        if not result.ok:
            invalid.append((line_no, raw, reason))
        elif result.number in seen:
            duplicates += 1
        else:
            seen.add(result.number)
            numbers.append(result.number)
    return OptOutImport(numbers, invalid, duplicates)


async def import_opt_outs(store: Store, path: str | Path, column: str | int | None = None,
                          source: str = "import") -> OptOutImport:
    """Read ``path`` (in a worker thread) and add its numbers to the opt-out list."""
    result = await asyncio.to_thread(read_opt_out_file, path, column)
    if result.numbers:
        result.added = await store.add_opt_outs(result.numbers, source)
    return result


def write_opt_outs_csv(path: str | Path, rows: list[OptOutRow]) -> int:
    """Write the list (rows of ``Store.opt_out_rows``) atomically; returns how many numbers."""
    path = Path(path)
    tmp = path.with_name(path.name + ".part")
    with open(tmp, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(EXPORT_HEADER)
        for row in rows:
            writer.writerow((row.mobile, SOURCE_WORDS.get(row.source, row.source), row.added))
    if os.name != "nt":
        os.chmod(tmp, 0o600)      # customers' numbers: this user only
    os.replace(tmp, path)
    return len(rows)


async def export_opt_outs(store: Store, path: str | Path) -> int:
    rows = await store.opt_out_rows()
    return await asyncio.to_thread(write_opt_outs_csv, path, rows)
