"""Cells of the spreadsheets the portal writes: what a user typed is only ever text.

openpyxl turns any string starting with ``=`` into a live formula, so Annex A text such as
``=HYPERLINK("http://x","y")`` would run in the office suite of whoever downloads the template.
Every cell the portal writes goes through :func:`put`, which stores strings as strings (an
inline string, ``t="inlineStr"``): the office suite shows the characters and computes nothing,
whatever they start with (``=``, ``+``, ``-``, ``@``, a tab or a line break), and openpyxl reads
the same characters back (XML turns a carriage return into a line feed; other control characters,
which no workbook can hold, are left out). Numbers stay numbers.

The portal writes no CSV files. If it ever does, a value starting with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return must be prefixed with ``'`` (OWASP, CSV injection): a CSV has
no cell types for an office suite to respect.
"""

from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell, MergedCell
from openpyxl.worksheet.worksheet import Worksheet


def put(sheet: Worksheet, row: int, column: int, value: Any) -> Cell | MergedCell:
    """Write ``value`` into the cell; a string is stored as text, never as a formula."""
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, str):
        # Control characters other than tab and line breaks cannot be kept in a workbook at all.
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.data_type = "s"
    else:
        cell.value = value
    return cell
