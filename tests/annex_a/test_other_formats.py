"""Spreadsheets saved in another format by a real office suite (issue 18): a macro-enabled
workbook (.xlsm) with no macro in it is read like an .xlsx; an OpenDocument spreadsheet (.ods) is
refused with what to do; a workbook with a VBA project is still refused."""

import io
import shutil
import subprocess
import zipfile

import pytest

from tests.annex_a.answers import complete_answers
from tests.annex_a.test_spreadsheet import draft, macro_workbook, problems_of, template, upload
from tests.annex_a.workbooks import fill

needs_libreoffice = pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice is not installed (make chromium installs libreoffice-calc-nogui)",
)


def saved_as(tmp_path, workbook: bytes, extension: str, office_filter: str) -> bytes:
    """The filled template opened in LibreOffice and saved in another format."""
    source = tmp_path / "annex-a.xlsx"
    source.write_bytes(workbook)
    out = tmp_path / "out"
    done = subprocess.run(
        [
            "soffice",
            "--headless",
            "--norestore",
            "--convert-to",
            f"{extension}:{office_filter}",
            "--outdir",
            out,
            source,
        ],
        capture_output=True,
        timeout=180,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    result = out / f"annex-a.{extension}"
    assert done.returncode == 0 and result.exists(), done.stderr
    return result.read_bytes()


@needs_libreoffice
def test_a_macro_free_xlsm_is_read_and_an_ods_is_refused_with_what_to_do(client, login_as, world, db, tmp_path):
    login_as(world.rm)
    answers = complete_answers(contacts=2)
    filled = fill(template(client, world.home), answers)
    xlsm = saved_as(tmp_path, filled, "xlsm", "Calc MS Excel 2007 VBA XML")
    with zipfile.ZipFile(io.BytesIO(xlsm)) as archive:  # the format says so, with no macro in it
        assert b"macroEnabled" in archive.read("[Content_Types].xml")
        assert not any("vba" in name.lower() for name in archive.namelist())
    ods = saved_as(tmp_path, filled, "ods", "calc8")
    page = problems_of(upload(client, world.home, ods, "annex-a.ods"), ".ods")
    assert "an OpenDocument spreadsheet (.ods): save it as an Excel workbook (.xlsx) and try again" in page
    assert draft(db, world.home) is None
    refused = problems_of(upload(client, world.home, macro_workbook(xlsm), "annex-a.xlsm"), "macros")
    assert "contains macros" in refused and draft(db, world.home) is None
    response = upload(client, world.home, xlsm, "annex-a.xlsm")
    assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
    assert draft(db, world.home).answers == answers
