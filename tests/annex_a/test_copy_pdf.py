"""The PDF copy of a returned Annex A (R-AXA-6): tagged for screen readers, every section a table
with its headings, and an e-mail address kept whole in the contacts table (issue 18)."""

import io
from datetime import timedelta
from types import SimpleNamespace

from pypdf import PdfReader

from portal.annex_a import pdf as annex_pdf
from portal.annex_a.schema import sections_for
from portal.providers.models import SettingType
from tests.annex_a.answers import complete_answers
from tests.conftest import FROZEN
from tests.pdf_structure import tagged

ADDRESS = "duty.team@leeds.example"


def a_copy(setting_type=SettingType.CHILDRENS_HOME, contacts: int = 3, file=None) -> bytes:
    answers = complete_answers(contacts=contacts, setting_type=setting_type)
    for contact in answers["contacts"]:
        contact["email"] = ADDRESS
    version = SimpleNamespace(
        number=2,
        reference="AXA-2026-0042",
        submitted_at=FROZEN,
        due_at=FROZEN + timedelta(hours=3),
        submitted_by=SimpleNamespace(name="Marcus Reid"),
        on_time=True,
        answers=answers,
        file=file,
    )
    setting = SimpleNamespace(type_enum=setting_type, name="Hillside House", urn="SC123456")
    return annex_pdf.copy(version, setting)


def test_each_section_is_a_table_with_its_headings_and_the_copy_is_tagged():
    structure = tagged(a_copy())
    sections = sections_for(SettingType.CHILDRENS_HOME)
    assert structure.roles.count("Table") == len(sections)
    assert structure.roles.count("H2") == len(sections)
    lists = [s for s in sections if s.is_list]
    assert lists  # the contacts: their column headings head the table
    columns = sum(len(s.list_items_for(SettingType.CHILDRENS_HOME)) for s in lists)
    assert structure.table_headers.count("TH Column") == columns
    rows = sum(len(s.items_for(SettingType.CHILDRENS_HOME)) for s in sections if not s.is_list)
    assert structure.table_headers.count("TH Row") == rows  # each question heads its answer
    assert structure.bookmarks == ["Annex A", *[s.title for s in sections]]


def test_an_e_mail_address_that_fits_its_column_is_never_broken_across_lines():
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(a_copy())).pages)
    assert text.count(ADDRESS) == 3, text


def test_a_copy_for_a_secure_training_centre_has_its_own_sections_and_is_tagged_too():
    structure = tagged(a_copy(SettingType.SECURE_TRAINING_CENTRE))
    assert structure.roles.count("Table") == len(sections_for(SettingType.SECURE_TRAINING_CENTRE))


def test_a_copy_returned_as_a_spreadsheet_names_the_file_and_its_fingerprint():
    sheet = SimpleNamespace(original_name="annex-a.xlsx", size=18_204, sha256="ab" * 32)
    text = "".join("".join(page.extract_text() for page in PdfReader(io.BytesIO(a_copy(file=sheet))).pages).split())
    assert "annex-a.xlsx(18,204bytes)" in text and "ab" * 32 in text
    assert "spreadsheet" not in "".join(page.extract_text() for page in PdfReader(io.BytesIO(a_copy())).pages)
