"""The Annex A spreadsheet template (R-AXA-3), built from the schema with openpyxl.

An instructions sheet, one sheet per section (answers in column C, the only unlocked cells),
drop-down lists where answers are fixed, a contacts table, and a hidden sheet recording the
template version and the setting's URN so the parser can refuse another version or setting.
"""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation

from portal.annex_a.schema import CHOICE, COUNT, MAX_CONTACTS, SECTIONS, TEMPLATE_VERSION, Section
from portal.providers.models import Setting

META_SHEET = "_template"
FIRST_ROW = 2          # row 1 holds the column headings
CONTACT_FIRST_ROW = 3  # row 1: hidden keys, row 2: headings
INPUT_FILL = PatternFill("solid", fgColor="FFF7BF")
BOLD = Font(bold=True)


def sheet_name(section: Section) -> str:
    return section.title[:31]


def build_template(setting: Setting, answers: dict) -> bytes:
    workbook = Workbook()
    instructions = workbook.active
    instructions.title = "Instructions"
    lines = [
        f"Annex A for {setting.name} ({setting.urn})",
        "",
        "Fill in the yellow cells in column C of each sheet. Other cells are locked.",
        "Enter numbers as whole numbers, like 3. Where a cell has a list, choose from it.",
        "Never enter children's names, dates of birth or addresses: children are described only by counts or initials.",
        "Do not rename, add or remove sheets. Type values rather than formulas.",
        "When you upload the file, every problem is listed at once with its sheet and cell.",
    ]
    for row, line in enumerate(lines, start=1):
        instructions.cell(row=row, column=1, value=line).font = BOLD if row == 1 else Font()
    instructions.column_dimensions["A"].width = 110
    instructions.protection.sheet = True

    for section in SECTIONS:
        sheet = workbook.create_sheet(sheet_name(section))
        if section.is_list:
            _contacts_sheet(sheet, section, answers.get(section.key) or [])
        else:
            _section_sheet(sheet, section, setting, answers.get(section.key) or {})

    meta = workbook.create_sheet(META_SHEET)
    meta["A1"], meta["B1"] = "template_version", TEMPLATE_VERSION
    meta["A2"], meta["B2"] = "urn", setting.urn
    meta.sheet_state = "veryHidden"
    meta.protection.sheet = True

    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _section_sheet(sheet, section: Section, setting: Setting, values: dict) -> None:
    for column, heading in enumerate(("Question", "Hint", "Answer", "Key"), start=1):
        sheet.cell(row=1, column=column, value=heading).font = BOLD
    numbers = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                             error="Enter a whole number, 0 or more", showErrorMessage=True)
    sheet.add_data_validation(numbers)
    for row, item in enumerate(section.items_for(setting.type_enum), start=FIRST_ROW):
        sheet.cell(row=row, column=1, value=item.label).alignment = Alignment(wrap_text=True)
        sheet.cell(row=row, column=2, value=item.hint).alignment = Alignment(wrap_text=True)
        answer = sheet.cell(row=row, column=3, value=values.get(item.key))
        answer.protection = Protection(locked=False)
        answer.fill = INPUT_FILL
        sheet.cell(row=row, column=4, value=item.key)
        if item.kind == COUNT:
            numbers.add(answer)
        elif item.kind == CHOICE:
            options = DataValidation(type="list", formula1='"' + ",".join(item.choices) + '"', allow_blank=True,
                                     error="Choose from the list", showErrorMessage=True)
            sheet.add_data_validation(options)
            options.add(answer)
    sheet.column_dimensions["A"].width = 55
    sheet.column_dimensions["B"].width = 45
    sheet.column_dimensions["C"].width = 40
    sheet.column_dimensions["D"].hidden = True
    sheet.protection.sheet = True


def _contacts_sheet(sheet, section: Section, contacts: list[dict]) -> None:
    for column, item in enumerate(section.list_items, start=1):
        sheet.cell(row=1, column=column, value=item.key)
        sheet.cell(row=2, column=column, value=item.label).font = BOLD
        sheet.column_dimensions[chr(64 + column)].width = 30
    sheet.row_dimensions[1].hidden = True
    for offset in range(MAX_CONTACTS):
        contact = contacts[offset] if offset < len(contacts) else {}
        for column, item in enumerate(section.list_items, start=1):
            cell = sheet.cell(row=CONTACT_FIRST_ROW + offset, column=column, value=contact.get(item.key))
            cell.protection = Protection(locked=False)
            if offset < 20:
                cell.fill = INPUT_FILL
    sheet.protection.sheet = True
