"""The Annex A template never carries a formula typed by a user (R-AXA-3): every answer is written
as text, so ``=HYPERLINK(...)`` or ``=1+1`` is shown, not run, in the office suite of whoever
opens the template, and reads back into the portal exactly as it was typed."""

import csv
import io
import shutil
import subprocess

import pytest
from openpyxl import load_workbook

from portal.annex_a import services
from tests.annex_a.answers import complete_answers
from tests.annex_a.test_spreadsheet import draft, template, upload
from tests.conftest import FROZEN

DANGEROUS = ['=HYPERLINK("http://x","y")', "=1+1", "@SUM(A1)", "+1", "-1"]


def dangerous_answers() -> dict:
    """Complete answers whose free text (in sections not about children, so the privacy check
    lets them through, as it does in the web form) starts like a formula."""
    answers = complete_answers(contacts=2)
    answers["completed_by"] |= {"name": DANGEROUS[0], "job_title": DANGEROUS[1]}
    answers["setting"]["purpose"] = DANGEROUS[2]
    answers["leadership"] |= {"provider_name": DANGEROUS[3], "directors": DANGEROUS[4] + "\n=2+2"}
    answers["contacts"][0] |= {"name": DANGEROUS[1], "role": DANGEROUS[2], "organisation": DANGEROUS[0]}
    answers["contacts"][1] |= {"name": DANGEROUS[4], "role": DANGEROUS[3]}
    return answers


@pytest.fixture
def downloaded(client, login_as, world, db):
    login_as(world.rm)
    services.replace_draft(world.home, dangerous_answers(), world.rm, FROZEN, "annex-a.xlsx")
    return template(client, world.home)


def test_no_cell_of_the_template_is_a_formula(downloaded):
    workbook = load_workbook(io.BytesIO(downloaded))
    formulas = [
        (sheet.title, cell.coordinate, cell.value)
        for sheet in workbook
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]
    assert formulas == []
    texts = {
        cell.value: cell.data_type
        for sheet in workbook
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str) and cell.value[:1] in "=+-@"
    }
    assert set(DANGEROUS) <= set(texts) and set(texts.values()) == {"s"}


def test_what_was_typed_comes_back_exactly(downloaded, client, world, db):
    response = upload(client, world.home, downloaded)
    assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
    assert draft(db, world.home).answers == dangerous_answers()


def test_text_no_workbook_can_hold_does_not_break_the_download(client, login_as, world, db):
    """A vertical tab pasted into the web form cannot be stored in a workbook: it is left out, not a 500."""
    login_as(world.rm)
    answers = complete_answers()
    answers["setting"]["changes"] = "New kitchen\x0bin the summer"
    services.replace_draft(world.home, answers, world.rm, FROZEN, "annex-a.xlsx")
    workbook = load_workbook(io.BytesIO(template(client, world.home)))
    assert "New kitchenin the summer" in [row[2] for row in workbook["About the setting"].iter_rows(values_only=True)]


@pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice is not installed (make chromium installs libreoffice-calc-nogui)",
)
def test_a_real_office_suite_shows_the_text_and_computes_nothing(downloaded, tmp_path):
    source = tmp_path / "annex-a.xlsx"
    source.write_bytes(downloaded)
    out = tmp_path / "out"
    # Field 12 (-1) writes every sheet to its own file, annex-a-<sheet>.csv.
    done = subprocess.run(
        [
            "soffice",
            "--headless",
            "--norestore",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
            "--outdir",
            str(out),
            str(source),
        ],
        capture_output=True,
        timeout=180,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr

    def rows(sheet):
        return list(csv.reader(io.StringIO((out / f"annex-a-{sheet}.csv").read_text(encoding="utf-8"))))

    completing = {row[3]: row[2] for row in rows("Who is completing this Annex A")[1:] if len(row) > 3}
    assert completing["name"] == '=HYPERLINK("http://x","y")' and completing["job_title"] == "=1+1"
    setting = {row[3]: row[2] for row in rows("About the setting")[1:] if len(row) > 3}
    assert setting["purpose"] == "@SUM(A1)"
    leadership = {row[3]: row[2] for row in rows("Leadership")[1:] if len(row) > 3}
    assert leadership["provider_name"] == "+1" and leadership["directors"] == "-1\n=2+2"
    contacts = rows("Contacts")
    keys = contacts[0]
    first, second = (dict(zip(keys, row, strict=False)) for row in contacts[2:4])
    assert (first["name"], first["role"], first["organisation"]) == ("=1+1", "@SUM(A1)", '=HYPERLINK("http://x","y")')
    assert (second["name"], second["role"]) == ("-1", "+1")
