"""Filling the downloaded Annex A template programmatically, as a provider would in Excel."""

import io

from openpyxl import load_workbook

from portal.annex_a.schema import SECTIONS
from portal.annex_a.spreadsheet import CONTACT_FIRST_ROW, sheet_name


def fill(template: bytes, answers: dict, contacts_rows: int | None = None) -> bytes:
    workbook = load_workbook(io.BytesIO(template))
    for section in SECTIONS:
        sheet = workbook[sheet_name(section)]
        if section.is_list:
            for offset, contact in enumerate(answers.get(section.key) or []):
                for column, item in enumerate(section.list_items, start=1):
                    sheet.cell(row=CONTACT_FIRST_ROW + offset, column=column, value=contact.get(item.key))
            continue
        values = answers.get(section.key) or {}
        for row in range(2, sheet.max_row + 1):
            key = sheet.cell(row=row, column=4).value
            if key in values:
                sheet.cell(row=row, column=3, value=values[key])
    if contacts_rows:
        sheet = workbook["Contacts"]
        for row in range(CONTACT_FIRST_ROW, CONTACT_FIRST_ROW + contacts_rows):
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
