"""The Annex A spreadsheet template (R-AXA-3), built from the schema with openpyxl, per setting type.

An instructions sheet, one sheet per section this setting type is asked (answers in column C,
the only unlocked cells), drop-down lists where answers are fixed, a table for each list (the
contacts, and the case list with a "Yes" column per category, R-AXA-7), and a hidden sheet
recording the template version and the setting's URN so the parser can refuse another version
or setting. Answer cells are text-formatted so a typed date stays text for the privacy check to
refuse, rather than becoming a date the office suite reformats (R-AXA-5). Every cell is written
through ``sheet_cells.put``: an answer starting with ``=`` is text in the downloaded template,
never a formula that runs on a colleague's computer.
"""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from portal.annex_a.schema import CHOICE, COUNT, MAX_ROWS, TEMPLATE_VERSION, Section, list_columns, sections_for
from portal.core.sheet_cells import put
from portal.providers import privacy
from portal.providers.models import Setting, SettingType

META_SHEET = "_template"
FIRST_ROW = 2  # row 1 holds the column headings
LIST_FIRST_ROW = 3  # row 1: hidden keys, row 2: headings
CONTACT_FIRST_ROW = LIST_FIRST_ROW
YES = "Yes"
INPUT_FILL = PatternFill("solid", fgColor="FFF7BF")
BOLD = Font(bold=True)


def sheet_name(section: Section) -> str:
    return (section.sheet or section.title)[:31]


def column_key(column) -> str:
    return f"{column.item.key}:{column.choice}" if column.choice else column.item.key


def build_template(setting: Setting, answers: dict) -> bytes:
    setting_type = setting.type_enum
    workbook = Workbook()
    instructions = workbook.active
    instructions.title = "Instructions"
    advice = privacy.advice(setting_type)
    lines = [
        f"Annex A for {setting.name} ({setting.urn})",
        "",
        "Fill in the yellow cells in column C of each sheet. Other cells are locked.",
        "Enter numbers as whole numbers, like 3. Where a cell has a list, choose from it.",
        f"About children{' and parents' if setting_type == SettingType.RESIDENTIAL_FAMILY_CENTRE else ''}: "
        f"{advice}. Dates are refused.",
        "In the case list, give your own case reference and type Yes under each category that applies.",
        "Do not rename, add or remove sheets. Type values rather than formulas.",
        "When you upload the file, every problem is listed at once with its sheet and cell.",
    ]
    for row, line in enumerate(lines, start=1):
        put(instructions, row, 1, line).font = BOLD if row == 1 else Font()
    instructions.column_dimensions["A"].width = 110
    instructions.protection.sheet = True

    for section in sections_for(setting_type):
        sheet = workbook.create_sheet(sheet_name(section))
        if section.is_list:
            _list_sheet(sheet, section, setting, answers.get(section.key) or [])
        else:
            values = answers.get(section.key)
            _section_sheet(sheet, section, setting, values if isinstance(values, dict) else {})

    meta = workbook.create_sheet(META_SHEET)
    for row, (key, value) in enumerate((("template_version", TEMPLATE_VERSION), ("urn", setting.urn)), start=1):
        put(meta, row, 1, key)
        put(meta, row, 2, value)
    meta.sheet_state = "veryHidden"
    meta.protection.sheet = True

    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _section_sheet(sheet, section: Section, setting: Setting, values: dict) -> None:
    for column, heading in enumerate(("Question", "Hint", "Answer", "Key"), start=1):
        put(sheet, 1, column, heading).font = BOLD
    numbers = DataValidation(
        type="whole",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        error="Enter a whole number, 0 or more",
        showErrorMessage=True,
    )
    sheet.add_data_validation(numbers)
    for row, item in enumerate(section.items_for(setting.type_enum), start=FIRST_ROW):
        put(sheet, row, 1, item.label).alignment = Alignment(wrap_text=True)
        put(sheet, row, 2, item.hint).alignment = Alignment(wrap_text=True)
        answer = put(sheet, row, 3, values.get(item.key))
        answer.protection = Protection(locked=False)
        answer.fill = INPUT_FILL
        put(sheet, row, 4, item.key)
        if item.kind == COUNT:
            numbers.add(answer)
        else:
            answer.number_format = "@"
            if item.kind == CHOICE:
                options = DataValidation(
                    type="list",
                    formula1='"' + ",".join(item.choices) + '"',
                    allow_blank=True,
                    error="Choose from the list",
                    showErrorMessage=True,
                )
                sheet.add_data_validation(options)
                options.add(answer)
    sheet.column_dimensions["A"].width = 55
    sheet.column_dimensions["B"].width = 45
    sheet.column_dimensions["C"].width = 40
    sheet.column_dimensions["D"].hidden = True
    sheet.protection.sheet = True


def _list_sheet(sheet, section: Section, setting: Setting, rows: list[dict]) -> None:
    columns = list_columns(section, setting.type_enum)
    yes = DataValidation(
        type="list", formula1=f'"{YES}"', allow_blank=True, error="Type Yes, or leave it empty", showErrorMessage=True
    )
    sheet.add_data_validation(yes)
    for number, column in enumerate(columns, start=1):
        put(sheet, 1, number, column_key(column))
        heading = put(sheet, 2, number, column.heading)
        heading.font = BOLD
        heading.alignment = Alignment(wrap_text=True)
        sheet.column_dimensions[get_column_letter(number)].width = 18 if column.choice else 30
    sheet.row_dimensions[1].hidden = True
    for offset in range(MAX_ROWS):
        row = rows[offset] if offset < len(rows) else {}
        for number, column in enumerate(columns, start=1):
            if column.choice:
                value = YES if column.choice in (row.get(column.item.key) or []) else None
            else:
                value = row.get(column.item.key)
            cell = put(sheet, LIST_FIRST_ROW + offset, number, value)
            cell.protection = Protection(locked=False)
            cell.number_format = "@"
            if column.choice:
                yes.add(cell)
            if offset < 20:
                cell.fill = INPUT_FILL
    sheet.protection.sheet = True
