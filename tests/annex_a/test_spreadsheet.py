"""The spreadsheet route (R-AXA-3): the template round-trips, and every kind of bad file gets a
specific message and stores nothing."""

import io
import zipfile

from openpyxl import load_workbook

from portal.annex_a.models import AnnexADraft
from tests.annex_a.answers import complete_answers
from tests.annex_a.workbooks import cell_of, edit, fill
from tests.files import field


def template(client, setting) -> bytes:
    response = client.get(f"/settings/{setting.id}/annex-a/template.xlsx")
    assert response.status_code == 200 and response.mimetype.endswith("spreadsheetml.sheet")
    return response.data


def upload(client, setting, data: bytes, name: str = "annex-a.xlsx"):
    return client.post(
        f"/settings/{setting.id}/annex-a/upload",
        data={"workbook": field(data, name)},
        content_type="multipart/form-data",
    )


def draft(db, setting):
    db.session.expire_all()
    return db.session.query(AnnexADraft).filter_by(setting_id=setting.id).one_or_none()


def test_template_round_trips(client, login_as, world, db):
    login_as(world.rm)
    answers = complete_answers(contacts=3)
    response = upload(client, world.home, fill(template(client, world.home), answers))
    assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
    assert draft(db, world.home).answers == answers
    # Downloading again gives a template that already holds those answers.
    again = load_workbook(io.BytesIO(template(client, world.home)), read_only=True)
    assert [row[2] for row in again["Children"].iter_rows(min_row=2, max_row=3, values_only=True)] == [3, 2]


def test_template_is_protected_with_dropdowns_and_a_hidden_version(client, login_as, world):
    login_as(world.rm)
    workbook = load_workbook(io.BytesIO(template(client, world.home)))
    assert workbook.sheetnames[0] == "Instructions"
    staffing = workbook["Staffing"]
    assert staffing.protection.sheet is True
    assert staffing["C2"].protection.locked is False and staffing["A2"].protection.locked is True
    assert any(
        '"Achieved,Working towards it,Not started"' in (v.formula1 or "")
        for v in staffing.data_validations.dataValidation
    )
    assert workbook["_template"].sheet_state == "veryHidden"


def problems_of(response, expected: str = "") -> str:
    assert response.status_code == 200, expected
    page = response.get_data(as_text=True)
    assert "There is a problem" in page
    return page


def bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (60 * 1024 * 1024))
    return buffer.getvalue()


def macro_workbook(good: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(good))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for member in source.infolist():
            archive.writestr(member, source.read(member.filename))
        archive.writestr("xl/vbaProject.bin", b"\x00" * 64)
    return buffer.getvalue()


def test_bad_files_get_specific_messages_and_change_nothing(client, login_as, world, db, make):
    login_as(world.rm)
    good = fill(template(client, world.home), complete_answers())
    login_as(world.ri)
    other_setting = fill(template(client, world.other_home), complete_answers())
    login_as(world.rm)
    initials_cell = cell_of(good, "Children", "at_risk_initials")
    cases = [
        (b"just some text", "annex-a.xlsx", "must be an .xlsx spreadsheet"),
        (b"", "annex-a.xlsx", "The selected file is empty"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "annex-a.xlsx", "password-protected or an old .xls"),
        (good[: len(good) // 2], "annex-a.xlsx", "damaged"),
        (macro_workbook(good), "annex-a.xlsm", "contains macros"),
        (bomb(), "annex-a.xlsx", "too large when unpacked"),
        (other_setting, "annex-a.xlsx", "template of another setting"),
        (
            edit(good, lambda wb: wb["_template"].__setitem__("B1", "2019.1")),
            "annex-a.xlsx",
            "old version of the template",
        ),
        (edit(good, lambda wb: wb.remove(wb["Staffing"])), "annex-a.xlsx", "missing the sheets: Staffing"),
        (
            edit(good, lambda wb: wb["Children"].__setitem__("C2", "three")),
            "annex-a.xlsx",
            "Sheet &#39;Children&#39;, cell C2: Admissions must be a whole number",
        ),
        (
            edit(good, lambda wb: wb["Children"].__setitem__("C3", -2)),
            "annex-a.xlsx",
            "Sheet &#39;Children&#39;, cell C3: Children who left must be 0 or more",
        ),
        (
            edit(good, lambda wb: wb["Children"].__setitem__("C4", "=2+2")),
            "annex-a.xlsx",
            "cell C4: has a formula without a value",
        ),
        (
            fill(template(client, world.home), complete_answers(), contacts_rows=100_000),
            "annex-a.xlsx",
            "list 200 contacts or fewer",
        ),
        (
            edit(good, lambda wb: wb["Children"].__setitem__(initials_cell, "Jamie Smith")),
            "annex-a.xlsx",
            "initials only",
        ),
    ]
    for data, name, message in cases:
        page = problems_of(upload(client, world.home, data, name), message)
        assert message in page, message
        assert draft(db, world.home) is None, message


def test_every_problem_is_reported_at_once(client, login_as, world, db):
    login_as(world.rm)
    good = fill(template(client, world.home), complete_answers())

    def break_several(workbook):
        workbook["Children"]["C2"] = "lots"
        workbook["Staffing"]["C2"] = -1
        workbook["Contacts"]["D3"] = "not-an-email"

    page = problems_of(upload(client, world.home, edit(good, break_several)))
    for expected in (
        "cell C2: Admissions must be a whole number",
        "cell C2: Care staff posts must be 0 or more",
        "cell D3: Enter e-mail address in the correct format",
    ):
        assert expected in page.replace("&#39;", "'"), expected
