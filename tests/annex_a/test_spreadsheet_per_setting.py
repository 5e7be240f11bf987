"""The spreadsheet per setting type (R-AXA-3, R-AXA-6, R-AXA-7): each type's template has its
own sheets and case list, round-trips through openpyxl and through LibreOffice, and the parser
refuses personal data (R-AXA-5) with the sheet and cell, storing nothing."""

import io
import shutil
import subprocess
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from portal.annex_a.models import AnnexADraft
from tests.annex_a.answers import CH, RFC, SCH, STC, complete_answers
from tests.annex_a.test_spreadsheet import problems_of, template, upload
from tests.annex_a.workbooks import cell_of, edit, fill

TYPES = [CH, SCH, STC, RFC]


@pytest.fixture
def settings(make, world):
    return {
        CH: world.home,
        SCH: make.setting(world.provider, "SCH", name="Moor SCH"),
        STC: make.setting(world.provider, "STC", name="Gate STC"),
        RFC: make.setting(world.provider, "RFC", name="Elm Family Centre"),
    }


def stored(db, setting):
    db.session.expire_all()
    found = db.session.query(AnnexADraft).filter_by(setting_id=setting.id).one_or_none()
    return found.answers if found else None


@pytest.mark.parametrize("setting_type", TYPES, ids=lambda t: t.value)
def test_each_types_template_has_its_own_sheets(client, login_as, world, settings, setting_type):
    login_as(world.ri)
    workbook = load_workbook(io.BytesIO(template(client, settings[setting_type])))
    sheets = {
        CH: [
            "Instructions",
            "Who is completing this Annex A",
            "About the setting",
            "Leadership",
            "Children",
            "Education and health",
            "Staffing",
            "Contacts",
            "Case list",
            "_template",
        ],
        STC: [
            "Instructions",
            "Who is completing this Annex A",
            "About the setting",
            "Children",
            "Education and health",
            "Staffing",
            "Contacts",
            "Case list",
            "_template",
        ],
        RFC: [
            "Instructions",
            "Who is completing this Annex A",
            "About the setting",
            "Leadership",
            "Families",
            "Staffing",
            "Recruitment checks",
            "Contacts",
            "Case list",
            "_template",
        ],
    }
    sheets[SCH] = sheets[CH]
    assert workbook.sheetnames == sheets[setting_type]
    instructions = " ".join(str(c.value) for c in workbook["Instructions"]["A"] if c.value)
    if setting_type in (STC, RFC):
        assert "use counts only, not names, initials, dates of birth or addresses" in instructions
    else:
        assert "use initials or counts, not names, dates of birth or addresses" in instructions
    cases = workbook["Case list"]
    headings = [c.value for c in cases[2]]
    assert headings[0] == "Case reference" and ("Child's initials (optional)" in headings) == (
        setting_type in (CH, SCH)
    )
    assert {
        STC: "On remand",
        CH: "Recently moved in",
        SCH: "Far from the placing authority",
        RFC: "Nearing the end of the assessment",
    }[setting_type] in headings
    assert cases["A3"].number_format == "@" and cases.protection.sheet is True


@pytest.mark.parametrize("setting_type", TYPES, ids=lambda t: t.value)
def test_each_types_template_round_trips(client, login_as, world, db, settings, setting_type):
    setting = settings[setting_type]
    login_as(world.ri)
    answers = complete_answers(setting_type=setting_type, contacts=2, cases=3)
    response = upload(client, setting, fill(template(client, setting), answers))
    assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
    assert stored(db, setting) == answers
    again = load_workbook(io.BytesIO(template(client, setting)), read_only=True)
    assert [row[0] for row in again["Case list"].iter_rows(min_row=3, max_row=5, values_only=True)] == [
        case["reference"] for case in answers["cases"]
    ]


def _refusals(good: bytes, setting_type):
    """(change, expected message) pairs for one type's filled template."""

    def put(sheet, key, value):
        cell = cell_of(good, sheet, key)
        return lambda wb: wb[sheet].__setitem__(cell, value), f"Sheet '{sheet}', cell {cell}: "

    if setting_type == RFC:
        return [
            (*put("Families", "court_work", datetime(2014, 5, 12)), "must not include a date"),
            (*put("Families", "court_work", "Report for 2014-05-12"), "must not include a date"),
            (*put("Families", "court_work", "Amira O'Neil and her son"), "must not include a name"),
            (*put("Families", "court_work", "Report on JS"), "must not include initials"),
            (*put("About the setting", "purpose", "Flat 2, 3 High Street"), "must not include an address"),
            (*put("Families", "families_admitted", date(2014, 5, 12)), "must not include a date"),
        ]
    return [
        (*put("Children", "multi_agency_work", datetime(2014, 5, 12)), "must not include a date"),
        (*put("Education and health", "education_provision", "Started 2014-05-12"), "must not include a date"),
        (*put("Education and health", "health_provision", "12 May 2014 GP visit"), "must not include a date"),
        (*put("Children", "separation_oversight", "John Smith reviews it"), "must not include a name"),
        (*put("Children", "separation_oversight", "Kept at 14 Acacia Avenue"), "must not include an address"),
        (*put("Education and health", "health_provision", "GP at LS1 4AB"), "must not include a postcode"),
        (*put("Children", "admissions", datetime(2014, 5, 12)), "must not include a date"),
    ] + (
        [(*put("Children", "multi_agency_work", "AB has a plan"), "must not include initials")]
        if setting_type == STC
        else []
    )


@pytest.mark.parametrize("setting_type", TYPES, ids=lambda t: t.value)
def test_the_parser_refuses_personal_data_with_sheet_and_cell(client, login_as, world, db, settings, setting_type):
    """R-AXA-5: a date cell is never stored as ``2014-05-12 00:00:00``; ISO dates, names,
    addresses and postcodes are refused like the web form refuses them, with sheet and cell."""
    setting = settings[setting_type]
    login_as(world.ri)
    good = fill(template(client, setting), complete_answers(setting_type=setting_type))
    for change, where, message in _refusals(good, setting_type):
        page = problems_of(upload(client, setting, edit(good, change)), where).replace("&#39;", "'")
        assert f"{where}" in page and message in page, (where, message)
        assert stored(db, setting) is None, (where, message)


def test_the_case_list_sheet_refuses_what_identifies_a_child(client, login_as, world, db, settings):
    """R-AXA-7 with R-AXA-5: references only, "Yes" under a category, initials never for an STC."""
    setting = settings[STC]
    login_as(world.ri)
    good = fill(template(client, setting), complete_answers(setting_type=STC))
    cases = [
        (
            lambda wb: wb["Case list"].__setitem__("A3", datetime(2014, 5, 12)),
            "cell A3: Case reference must not include a date",
        ),
        (lambda wb: wb["Case list"].__setitem__("A3", "JS-1"), "cell A3: Case reference must not include initials"),
        (lambda wb: wb["Case list"].__setitem__("A3", "Jamie Smith"), "cell A3: Enter the case reference"),
        (lambda wb: wb["Case list"].__setitem__("B3", "maybe"), "cell B3: type Yes if the case is recently admitted"),
        (lambda wb: wb["Case list"].__setitem__("B4", "Yes"), "cell A4: enter the case's case reference"),
        (lambda wb: wb["Case list"].delete_cols(2), "Sheet 'Case list': columns have been moved or deleted"),
    ]
    for change, message in cases:
        page = problems_of(upload(client, setting, edit(good, change)), message).replace("&#39;", "'")
        assert message in page, message
        assert stored(db, setting) is None


@pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice is not installed (make chromium installs libreoffice-calc-nogui)",
)
@pytest.mark.parametrize("setting_type", [STC, RFC], ids=lambda t: t.value)
def test_a_real_office_suite_reads_and_saves_the_template(
    client, login_as, world, db, settings, setting_type, tmp_path
):
    """R-AXA-3: LibreOffice opens the filled template and saves it again as .xlsx; the portal reads
    what it saved exactly as it was filled in."""
    setting = settings[setting_type]
    login_as(world.ri)
    answers = complete_answers(setting_type=setting_type, contacts=2, cases=2)
    source = tmp_path / "annex-a.xlsx"
    source.write_bytes(fill(template(client, setting), answers))
    out = tmp_path / "out"
    done = subprocess.run(
        [
            "soffice",
            "--headless",
            "--norestore",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(out),
            str(source),
        ],
        capture_output=True,
        timeout=180,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0 and (out / "annex-a.xlsx").exists(), done.stderr
    resaved = (out / "annex-a.xlsx").read_bytes()
    assert resaved != source.read_bytes()
    response = upload(client, setting, resaved)
    assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
    assert stored(db, setting) == answers
