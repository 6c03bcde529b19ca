"""Recipient lists: read them from files, check and de-duplicate them.

``read_recipients(path)`` reads a text file (one number a line), a CSV file (UTF-8, UTF-8
with BOM, UTF-16 with BOM or GBK; comma, semicolon, tab or bar between columns) or a
spreadsheet (.xlsx/.xlsm/.xlsb/.xls/.ods, through python-calamine). The kind of file is found
from its first bytes, not its name, so a CSV renamed ``.xlsx`` still reads and a program
renamed ``.csv`` is refused with a plain message. The column of numbers is found by itself
(a header such as 手机号 / mobile, else the column whose cells look most like phone numbers);
the other columns become per-row template variables (header → value).

``check_recipients(rows)`` validates, de-duplicates (first occurrence wins) and drops opted-out
numbers. It is built for a million rows: already-clean 11-digit numbers go through one
precompiled regex, only the others go through ``numbers.normalize``/``check_domestic``.

Everything here is synchronous and does file I/O: callers on the GUI thread run it in a
worker thread (``asyncio.to_thread``).

The package: ``model`` (the types), ``files`` (reading text and CSV files, and the kind of
file), ``spreadsheets`` (python-calamine), ``table`` (rows of cells into a ``RowList``),
``columns`` (finding the column of numbers) and ``validation`` (``parse_number_list`` and
``check_recipients``). Import the public names from here, not from those modules.
"""

from jianmi_desktop.campaign.recipients.columns import HEADER_NAMES
from jianmi_desktop.campaign.recipients.files import read_recipients
from jianmi_desktop.campaign.recipients.model import ImportResult, RecipientFileError, RecipientReport, Row, RowList
from jianmi_desktop.campaign.recipients.validation import check_recipients, parse_number_list

__all__ = [
    "RecipientFileError",
    "Row",
    "RowList",
    "ImportResult",
    "RecipientReport",
    "read_recipients",
    "check_recipients",
    "parse_number_list",
    "HEADER_NAMES",
]
