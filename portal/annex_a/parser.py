"""Reading a returned Annex A spreadsheet (R-AXA-3): every problem at once, with sheet and cell.

The file is checked before openpyxl opens it: a real .xlsx archive, no macros, no encryption,
and a bounded size when unpacked, overall and part by part (a decompression bomb is refused
unread; core/office_archives.py finds macros by content type and relationship, not by name). Reading is
streamed (read-only mode) and bounded, so no file can make the request hold unbounded data.
"""

import zipfile
import zlib
from dataclasses import dataclass, field

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from portal.annex_a import rules
from portal.annex_a.schema import CATEGORIES, MAX_ROWS, TEMPLATE_VERSION, list_columns, sections_for
from portal.annex_a.spreadsheet import FIRST_ROW, LIST_FIRST_ROW, META_SHEET, YES, column_key, sheet_name
from portal.core import office_archives
from portal.core.storage import Spooled
from portal.core.uploads import MB
from portal.providers.models import Setting

MAX_WORKBOOK_BYTES = 5 * MB
MAX_UNPACKED_BYTES = 50 * MB
MAX_MEMBERS = 500
MAX_MEMBER_BYTES = 10 * MB  # no part of a filled template comes near; openpyxl reads each part whole
ODS = b"application/vnd.oasis.opendocument.spreadsheet"


class WorkbookRejected(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass
class Parsed:
    answers: dict = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def check_archive(spooled: Spooled) -> None:
    """Refuse anything but a plain, sane .xlsx before any spreadsheet code reads it."""
    if spooled.size == 0:
        raise WorkbookRejected("The selected file is empty")
    with spooled.open() as handle:
        head = handle.read(8)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise WorkbookRejected(
            "The selected file is password-protected or an old .xls file: remove the password and "
            "save it as an .xlsx spreadsheet"
        )
    if not head.startswith(b"PK\x03\x04"):
        raise WorkbookRejected("The selected file must be an .xlsx spreadsheet")
    try:
        with zipfile.ZipFile(spooled.path) as archive:
            if len(archive.infolist()) > MAX_MEMBERS:
                raise WorkbookRejected("The selected file is too large when unpacked: use the Annex A template")
            package = office_archives.Package(archive)
            package.check_sizes(MAX_UNPACKED_BYTES, MAX_MEMBER_BYTES, every_ratio=True)
            if "mimetype" in package and package.read("mimetype", cap=100).strip() == ODS:
                raise WorkbookRejected(
                    "The selected file is an OpenDocument spreadsheet (.ods): save it as an Excel workbook (.xlsx) "
                    "and try again"
                )
            # A workbook saved as .xlsm with no macro in it is read like any other.
            if office_archives.ooxml_has_macros(package, format_counts=False):
                raise WorkbookRejected(
                    "The selected file contains macros: save it as an .xlsx spreadsheet without macros and try again"
                )
            if "xl/workbook.xml" not in package:
                raise WorkbookRejected("The selected file must be an .xlsx spreadsheet")
            bad = archive.testzip()
            if bad is not None:
                raise WorkbookRejected("The selected file is damaged: save it again and try again")
    except WorkbookRejected:
        raise
    except office_archives.ArchiveRefused as refused:
        if refused.reason == office_archives.TOO_LARGE:
            raise WorkbookRejected(
                "The selected file could not be checked because part of it is too large when "
                "unpacked: use the Annex A template"
            ) from None
        raise WorkbookRejected("The selected file is damaged: save it again and try again") from None
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        OSError,
        EOFError,
        RuntimeError,
        KeyError,
        ValueError,
        NotImplementedError,
        zlib.error,
    ):
        raise WorkbookRejected("The selected file is damaged: save it again and try again") from None


def parse(spooled: Spooled, setting: Setting) -> Parsed:
    """The answers in a returned template, or every problem found, each with its sheet and cell."""
    check_archive(spooled)
    # Opened as file objects: openpyxl judges a path by its extension, and spooled files have none.
    with spooled.open() as formula_file, spooled.open() as value_file:
        try:
            formulas = load_workbook(formula_file, read_only=True, data_only=False)
            values = load_workbook(value_file, read_only=True, data_only=True)
        except Exception:  # noqa: BLE001  openpyxl raises many types for a damaged file
            raise WorkbookRejected("The selected file is damaged or is not an Annex A spreadsheet") from None
        try:
            return _read(formulas, values, setting)
        except WorkbookRejected:
            raise
        except Exception:  # noqa: BLE001  a malformed sheet must never crash the request
            raise WorkbookRejected("The selected file is damaged or is not an Annex A spreadsheet") from None
        finally:
            formulas.close()
            values.close()


def _read(formulas, values, setting: Setting) -> Parsed:
    result = Parsed()
    if META_SHEET not in values.sheetnames:
        raise WorkbookRejected("The selected file is not the Annex A template: download the template from this page")
    meta = {row[0]: row[1] for row in values[META_SHEET].iter_rows(min_row=1, max_row=5, max_col=2, values_only=True)}
    if str(meta.get("template_version")) != TEMPLATE_VERSION:
        raise WorkbookRejected(
            "The selected file is an old version of the template: download the template again "
            "and copy your answers into it"
        )
    if str(meta.get("urn")) != setting.urn:
        raise WorkbookRejected(
            f"The selected file is the template of another setting ({meta.get('urn')}): download "
            f"the template for {setting.urn}"
        )
    sections = sections_for(setting.type_enum)
    missing = [sheet_name(s) for s in sections if sheet_name(s) not in values.sheetnames]
    if missing:
        raise WorkbookRejected(
            f"The selected file is missing the sheets: {', '.join(missing)}. Download the template again"
        )
    for section in sections:
        name = sheet_name(section)
        reader = _list_section if section.is_list else _section
        reader(section, formulas[name], values[name], setting, result)
    for check in rules.consistency(result.answers, setting.capacity):
        if check.severity == rules.ERROR:
            result.problems.append(check.message)
    return result


def _cell_value(formula_value, cached_value, where: str, result: Parsed):
    if isinstance(formula_value, str) and formula_value.startswith("="):
        if cached_value is None:
            result.problems.append(f"{where}: has a formula without a value. Type the answer instead of a formula")
            return None
        return cached_value
    return formula_value


def _section(section, formulas, values, setting, result: Parsed) -> None:
    items = section.items_for(setting.type_enum)
    rows = zip(
        formulas.iter_rows(min_row=FIRST_ROW, max_row=FIRST_ROW + len(items) - 1, max_col=4, values_only=True),
        values.iter_rows(min_row=FIRST_ROW, max_row=FIRST_ROW + len(items) - 1, max_col=4, values_only=True),
        strict=False,
    )
    answers = {}
    for row_number, (item, (formula_row, value_row)) in enumerate(zip(items, rows, strict=False), start=FIRST_ROW):
        where = f"Sheet '{formulas.title}', cell C{row_number}"
        if (formula_row[3] if len(formula_row) > 3 else None) != item.key:
            result.problems.append(
                f"Sheet '{formulas.title}': rows have been moved or deleted. Download the template again"
            )
            return
        raw = _cell_value(formula_row[2], value_row[2], where, result)
        try:
            answers[item.key] = rules.parse_item(item, raw, section.key, setting.type_enum)
        except rules.ItemProblem as problem:
            result.problems.append(f"{where}: {problem}")
    result.answers[section.key] = answers


def _list_section(section, formulas, values, setting, result: Parsed) -> None:
    """A list sheet (contacts, case list): one row per entry; a case's categories are "Yes" cells."""
    columns = list_columns(section, setting.type_enum)
    width = len(columns)
    last = LIST_FIRST_ROW + MAX_ROWS - 1
    keys = next(formulas.iter_rows(min_row=1, max_row=1, max_col=width, values_only=True), ())
    if tuple(keys) != tuple(column_key(column) for column in columns):
        result.problems.append(
            f"Sheet '{formulas.title}': columns have been moved or deleted. Download the template again"
        )
        return
    entries = []
    rows = zip(
        formulas.iter_rows(min_row=LIST_FIRST_ROW, max_row=last, max_col=width, values_only=True),
        values.iter_rows(min_row=LIST_FIRST_ROW, max_row=last, max_col=width, values_only=True),
        strict=False,
    )
    for row_number, (formula_row, value_row) in enumerate(rows, start=LIST_FIRST_ROW):
        if not any(v not in (None, "") for v in formula_row):
            continue
        raw_entry, chosen = {}, {}
        for number, column in enumerate(columns):
            where = f"Sheet '{formulas.title}', cell {get_column_letter(number + 1)}{row_number}"
            raw = _cell_value(
                formula_row[number] if number < len(formula_row) else None,
                value_row[number] if number < len(value_row) else None,
                where,
                result,
            )
            if column.choice is None:
                raw_entry[column.item.key] = (raw, where)
            elif raw in (None, ""):
                continue
            elif raw is True or (isinstance(raw, str) and raw.strip().lower() in ("yes", "y", "x")):
                chosen.setdefault(column.item.key, []).append(column.choice)
            else:
                result.problems.append(f"{where}: type {YES} if the case is {column.choice.lower()}, or leave it empty")
        entry = {}
        for item in section.list_items_for(setting.type_enum):
            if item.kind == CATEGORIES:
                entry[item.key] = chosen.get(item.key, [])
                continue
            raw, where = raw_entry.get(item.key, (None, ""))
            try:
                value = rules.parse_item(item, raw, section.key, setting.type_enum)
            except rules.ItemProblem as problem:
                result.problems.append(f"{where}: {problem}")
                continue
            if value is None and item.required:
                result.problems.append(f"{where}: enter the {section.noun}'s {item.label.lower()}")
            entry[item.key] = value
        entries.append(entry)
    beyond = formulas.iter_rows(min_row=last + 1, max_row=last + 100, max_col=width, values_only=True)
    if any(any(v not in (None, "") for v in row) for row in beyond):
        result.problems.append(f"Sheet '{formulas.title}': list {MAX_ROWS} {section.noun}s or fewer")
    result.answers[section.key] = entries
