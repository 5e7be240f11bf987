"""Filling the downloaded Annex A template programmatically, as a provider would in Excel."""

import io

from openpyxl import load_workbook

from portal.annex_a.schema import SECTIONS
from portal.annex_a.spreadsheet import LIST_FIRST_ROW, YES, sheet_name

CONTACT_FIRST_ROW = LIST_FIRST_ROW


def fill(template: bytes, answers: dict, contacts_rows: int | None = None) -> bytes:
    """Type ``answers`` into the template's cells, sheet by sheet, by the hidden keys."""
    workbook = load_workbook(io.BytesIO(template))
    for section in SECTIONS:
        if sheet_name(section) not in workbook.sheetnames:
            continue
        sheet = workbook[sheet_name(section)]
        if section.is_list:
            keys = [cell.value for cell in sheet[1]]
            for offset, row in enumerate(answers.get(section.key) or []):
                for column, key in enumerate(keys, start=1):
                    item, _, choice = (key or "").partition(":")
                    value = (YES if choice in (row.get(item) or []) else None) if choice else row.get(item)
                    sheet.cell(row=LIST_FIRST_ROW + offset, column=column, value=value)
            continue
        values = answers.get(section.key) or {}
        for row in range(2, sheet.max_row + 1):
            key = sheet.cell(row=row, column=4).value
            if key in values:
                sheet.cell(row=row, column=3, value=values[key])
    if contacts_rows:
        sheet = workbook["Contacts"]
        for row in range(LIST_FIRST_ROW, LIST_FIRST_ROW + contacts_rows):
            sheet.cell(row=row, column=1, value="Name")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def edit(workbook_bytes: bytes, change) -> bytes:
    workbook = load_workbook(io.BytesIO(workbook_bytes))
    change(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def cell_of(workbook_bytes: bytes, sheet: str, key: str) -> str:
    """The answer cell (like C7) of the item ``key`` on ``sheet``."""
    workbook = load_workbook(io.BytesIO(workbook_bytes), read_only=True)
    for number, row in enumerate(workbook[sheet].iter_rows(min_row=1, max_col=4, values_only=True), start=1):
        if row[3] == key:
            return f"C{number}"
    raise KeyError(key)
