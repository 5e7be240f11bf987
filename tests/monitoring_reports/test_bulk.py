"""Bulk submission: every row checked first, nothing stored unless every row is valid; then each
report's answers, check your answers for all of them, one declaration and one receipt (issue 18)."""

import io

from bs4 import BeautifulSoup
from sqlalchemy import func, select

from portal.core.storage import StoredFile
from portal.monitoring_reports.models import MonitoringReport, PendingSubmission
from tests.files import field, pdf_bytes

KEY = "k" * 24


def count(db, model):
    return db.session.scalar(select(func.count()).select_from(model))


def post(client, documents, manifest=None, key=KEY):
    data = {"key": key, "documents": documents}
    if manifest is not None:
        data["manifest"] = (io.BytesIO(manifest.encode()), "manifest.csv")
    return client.post("/monitoring/bulk", data=data, content_type="multipart/form-data")


def test_bulk_by_file_names(client, login_as, world, db):
    login_as(world.ri)
    documents = [
        field(pdf_bytes("a"), f"{world.home.urn}_2026-09-10.pdf"),
        field(pdf_bytes("b"), f"{world.other_home.urn}_2026-10-03.pdf"),
    ]
    response = post(client, documents)
    assert response.status_code == 302 and count(db, MonitoringReport) == 0  # each waits for its answers
    waiting = sorted((p.setting_id, p.answers["visit_date"]) for p in db.session.scalars(select(PendingSubmission)))
    assert waiting == sorted([(world.home.id, "2026-09-10"), (world.other_home.id, "2026-10-03")])
    assert count(db, StoredFile) == 2


def test_bulk_with_manifest(client, login_as, world, db):
    login_as(world.ri)
    manifest = (
        f"urn,visit_date,file_name\n{world.home.urn},2026-09-10,sept.pdf\n{world.other_home.urn},03/10/2026,oct.pdf\n"
    )
    response = post(client, [field(pdf_bytes("a"), "sept.pdf"), field(pdf_bytes("b"), "oct.pdf")], manifest)
    page = client.get(response.location).get_data(as_text=True)
    assert "2 of 2 still need answers" in page and "sept.pdf" in page and "Saturday 3 October 2026" in page


def test_one_bad_row_stores_nothing_and_every_problem_is_named(client, login_as, world, db):
    login_as(world.ri)
    manifest = (
        "urn,visit_date,file_name\n"
        f"{world.home.urn},2026-09-10,good.pdf\n"
        f"{world.rival_home.urn},2026-09-10,rival.pdf\n"  # another provider's setting
        f"{world.home.urn},2026-02-30,baddate.pdf\n"
        f"{world.home.urn},2026-12-01,future.pdf\n"
        f"{world.home.urn},2026-09-11,missing.pdf\n"
        f"{world.home.urn},2026-09-12,empty.pdf\n"
    )
    documents = [
        field(pdf_bytes(), "good.pdf"),
        field(pdf_bytes(), "rival.pdf"),
        field(pdf_bytes(), "baddate.pdf"),
        field(pdf_bytes(), "future.pdf"),
        field(b"", "empty.pdf"),
        field(pdf_bytes(), "extra.pdf"),
    ]
    response = post(client, documents, manifest)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "There is a problem" in page
    for expected in (
        "Row 3: " + world.rival_home.urn + " is not the URN of one of your settings",
        "Row 4: the date of the visit must be a real date",
        "Row 5: date of the visit must be today or in the past",
        "Row 6: no file called missing.pdf was selected",
        "File empty.pdf: it is empty",
        "File extra.pdf: it is not listed in the manifest",
    ):
        assert expected in page, expected
    assert count(db, MonitoringReport) == 0 and count(db, StoredFile) == 0


def test_names_that_do_not_match_the_pattern(client, login_as, world, db):
    login_as(world.rm)
    response = post(client, [field(pdf_bytes(), f"{world.home.urn}_2026-09-10.pdf"), field(pdf_bytes(), "october.pdf")])
    assert "File october.pdf: name it like SC123456_2025-03-14.pdf" in response.get_data(as_text=True)
    assert count(db, MonitoringReport) == 0


def test_manifest_problems(client, login_as, world, db):
    login_as(world.ri)
    page = post(client, [field(pdf_bytes(), "a.pdf")], "urn,date\nSC1,2026-01-01\n").get_data(as_text=True)
    assert "must have the columns urn, visit_date and file_name" in page
    page = post(client, [field(pdf_bytes(), "a.pdf")], "urn,visit_date,file_name\n").get_data(as_text=True)
    assert "The manifest lists no reports" in page
    assert count(db, MonitoringReport) == 0


def test_a_repeated_bulk_post_does_not_store_twice(client, login_as, world, db):
    login_as(world.ri)
    documents = lambda: [field(pdf_bytes("a"), f"{world.home.urn}_2026-09-10.pdf")]  # noqa: E731
    first = post(client, documents())
    again = post(client, documents())
    assert first.location == again.location
    assert count(db, PendingSubmission) == 1


def test_nothing_selected(client, login_as, world):
    login_as(world.ri)
    page = client.post("/monitoring/bulk", data={"key": KEY}, content_type="multipart/form-data").get_data(as_text=True)
    assert "Select the report documents" in page


def test_each_problem_is_also_by_its_field_and_no_manifest_means_no_manifest_message(client, login_as, world):
    login_as(world.ri)
    page = BeautifulSoup(post(client, [field(pdf_bytes(), "badname.pdf")]).get_data(as_text=True), "html.parser")
    summary = page.select_one(".govuk-error-summary").get_text()
    assert "name it like SC123456_2025-03-14.pdf" in summary and "not listed in the manifest" not in summary
    assert "name it like SC123456_2025-03-14.pdf" in page.select_one("#documents-error").get_text()
