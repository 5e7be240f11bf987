"""Sending a visit report or review: check your answers, declaration, receipt, once only (R-MON-1..6)."""

import io
import re
from datetime import date

from bs4 import BeautifulSoup
from pypdf import PdfReader
from sqlalchemy import func, select

from portal.core.audit import AuditEvent
from portal.core.outbox import OutboxMessage
from portal.core.storage import StoredFile
from portal.monitoring_reports.models import MonitoringReport, PendingSubmission, ReportVersion
from tests.files import docx_bytes, field, pdf_bytes
from tests.pdf_structure import tagged


def count(db, model):
    return db.session.scalar(select(func.count()).select_from(model))


def visit_data(document=None, **overrides):
    data = {
        "visit_date": ["14", "10", "2026"],
        "announced": "no",
        "spoke_to": ["children", "staff"],
        "records_inspected": "Daily logs, incident records",
        "premises_inspected": "Bedrooms, kitchen",
        "safeguarding": "yes",
        "wellbeing": "yes",
        "recommendations": "Update the missing-from-care plan",
        "conflict": "no",
        "serious_concern": "no",
        "document": document or field(pdf_bytes(), "october.pdf"),
    }
    return data | overrides


def send(client, setting, **overrides):
    response = client.post(
        f"/settings/{setting.id}/visit-reports/new", data=visit_data(**overrides), content_type="multipart/form-data"
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    check = response.location
    page = client.get(check).get_data(as_text=True)
    assert "Check your answers" in page
    return check


def test_independent_person_sends_a_visit_report(client, login_as, world, db):
    login_as(world.ip)
    check = send(client, world.home)
    assert count(db, MonitoringReport) == 0  # nothing is received before the declaration
    refused = client.post(check, data={}).get_data(as_text=True)
    assert "Confirm the declaration to send the report" in refused
    response = client.post(check, data={"confirm": "yes"})
    assert response.status_code == 302 and "/sent" in response.location
    report = db.session.scalar(select(MonitoringReport))
    version = report.current
    assert report.regulation == "44" and version.urn == world.home.urn and version.safeguarding_effective
    assert version.spoke_to == ["children", "staff"]
    page = client.get(response.location).get_data(as_text=True)
    assert report.reference in page and "Download your receipt" in page
    assert (
        f"We have sent a confirmation by e-mail to you and to the provider's responsible individual, {world.ri.name}."
        in page
    )
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "report_received")).entity_id == report.id
    assert count(db, PendingSubmission) == 0


def test_receipt_lists_reference_time_and_sha256(client, login_as, world, db):
    login_as(world.ip)
    client.post(send(client, world.home), data={"confirm": "yes"})
    report = db.session.scalar(select(MonitoringReport))
    response = client.get(f"/visit-reports/{report.id}/versions/1/receipt.pdf")
    assert response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    text = " ".join(page.extract_text() for page in reader.pages).replace("\n", " ")
    assert report.reference in text and report.current.file.sha256[:32] in text.replace(" ", "")
    assert "Wednesday 18 November 2026" in text
    assert reader.metadata.title == f"Receipt {report.reference}"
    structure = tagged(response.data)  # issue 18: a receipt a screen reader can read
    assert structure.roles[:2] == ["Document", "H1"] and "Table" in structure.roles
    assert structure.table_headers.count("TH Row") == structure.roles.count("TR")  # each fact has its label


def test_stored_file_is_returned_byte_for_byte(client, login_as, world, db):
    original = docx_bytes()
    login_as(world.rm)
    client.post(send(client, world.home, document=field(original, "visit.docx")), data={"confirm": "yes"})
    report = db.session.scalar(select(MonitoringReport))
    response = client.get(f"/visit-reports/{report.id}/versions/1/document")
    assert response.data == original
    assert (
        response.headers["Content-Disposition"].startswith("attachment")
        and "visit.docx" in response.headers["Content-Disposition"]
    )
    login_as(world.inspector)
    assert client.get(f"/inspectorate/visit-reports/{report.id}/versions/1/document").data == original


def test_double_submission_makes_one_report(client, login_as, world, db):
    login_as(world.ip)
    check = send(client, world.home)
    first = client.post(check, data={"confirm": "yes"})
    second = client.post(check, data={"confirm": "yes"})
    assert first.location == second.location
    assert count(db, MonitoringReport) == 1


def test_bad_visit_answers_get_errors_and_store_nothing(client, login_as, world, db):
    login_as(world.ip)
    cases = [
        ({"visit_date": ["19", "11", "2026"]}, "Date of the visit must be today or in the past"),
        ({"visit_date": ["31", "9", "2026"]}, "Date of the visit must be a real date"),
        ({"visit_date": ["1", "1", "2019"]}, "Date of the visit must be on or after the setting was registered"),
        ({"visit_date": ["1", "10", "2025"]}, "Enter why the report of a visit more than 12 months ago"),
        ({"safeguarding": ""}, "Select whether children are effectively safeguarded"),
        ({"records_inspected": ""}, "Enter which records the visitor inspected"),
        ({"conflict": "yes"}, "Describe the conflict of interest"),
        ({"serious_concern": "yes"}, "Enter what the serious concerns are"),
        ({"records_inspected": "x" * 5001}, "must be 5,000 characters or fewer"),
        ({"document": field(b"", "empty.pdf")}, "The selected file is empty"),
        ({"document": field(b"MZ\x90\x00 not a document", "report.pdf")}, "must be a PDF, DOCX or ODT"),
    ]
    for overrides, message in cases:
        response = client.post(
            f"/settings/{world.home.id}/visit-reports/new",
            data=visit_data(**overrides),
            content_type="multipart/form-data",
        )
        assert response.status_code == 200, overrides
        assert message in response.get_data(as_text=True), message
    assert count(db, PendingSubmission) == 0 and count(db, MonitoringReport) == 0 and count(db, StoredFile) == 0


def test_visit_over_twelve_months_ago_with_a_reason_is_accepted(client, login_as, world, db):
    login_as(world.rm)
    check = send(client, world.home, visit_date=["1", "10", "2025"], late_reason="Found in an old file")
    client.post(check, data={"confirm": "yes"})
    assert db.session.scalar(select(ReportVersion)).late_reason == "Found in an old file"


def test_serious_concern_alerts_the_lead_inspector_at_once(client, login_as, world, db):
    login_as(world.ip)
    check = send(client, world.home, serious_concern="yes", serious_concern_details="A child reported abuse")
    assert "The inspector will be told" in client.get(check).get_data(as_text=True)
    client.post(check, data={"confirm": "yes"})
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.subject.startswith("Serious concern")))
    assert message.recipient == world.inspector.email and "A child reported abuse" in message.body
    login_as(world.inspector)
    dashboard = client.get("/inspectorate/").get_data(as_text=True)
    assert "raises serious concerns" in dashboard and world.home.name in dashboard
    login_as(world.colleague)
    assert "raises serious concerns" not in client.get("/inspectorate/").get_data(as_text=True)
    login_as(world.inspector)
    report = db.session.scalar(select(MonitoringReport))
    client.post(f"/inspectorate/visit-reports/{report.id}/concern-actions", data={"version": "1", "kind": "seen"})
    assert "raises serious concerns" not in client.get("/inspectorate/").get_data(as_text=True)
    assert "Serious concern: seen (version 1)" in client.get(f"/inspectorate/visit-reports/{report.id}").get_data(
        as_text=True
    )


def test_serious_concerns_come_first_in_the_oversight(client, login_as, world, make):
    make.report(world.home, world.rm)
    concern = make.report(world.other_home, world.rm, serious_concern=True, serious_concern_details="Unsafe")
    later = make.report(world.other_home, world.rm, visit_date=date(2026, 11, 2))
    login_as(world.manager)
    page = client.get("/inspectorate/monitoring").get_data(as_text=True)
    assert page.index("Serious concerns") < page.index(concern.reference) < page.index("Settings with missing")
    setting_page = client.get(f"/inspectorate/monitoring/settings/{world.other_home.id}").get_data(as_text=True)
    assert setting_page.index(concern.reference) < setting_page.index(later.reference)


def test_correction_is_a_new_version_and_the_old_one_stays(client, login_as, world, db, make):
    original = pdf_bytes("first")
    report = make.report(world.home, world.ip, data=original)
    login_as(world.ip)
    page = client.get(f"/visit-reports/{report.id}/correct").get_data(as_text=True)
    assert "Daily" not in page and 'value="14"' in page  # starts from what was sent
    data = visit_data(
        document=field(pdf_bytes("second"), "corrected.pdf"), reason="Wrong safeguarding answer", safeguarding="no"
    )
    response = client.post(f"/visit-reports/{report.id}/correct", data=data, content_type="multipart/form-data")
    assert response.status_code == 302
    client.post(response.location, data={"confirm": "yes"})
    db.session.expire_all()
    report = db.session.get(MonitoringReport, report.id)
    assert report.latest_version == 2 and report.current.reason == "Wrong safeguarding answer"
    assert report.current.safeguarding_effective is False
    assert client.get(f"/visit-reports/{report.id}/versions/1/document").data == original
    assert client.get(f"/visit-reports/{report.id}/versions/2/document").data != original
    login_as(world.manager)
    history = client.get(f"/inspectorate/visit-reports/{report.id}").get_data(as_text=True)
    assert "Wrong safeguarding answer" in history and "First sent" in history


def test_correction_needs_a_reason(client, login_as, world, make):
    report = make.report(world.home, world.ip)
    login_as(world.ip)
    response = client.post(f"/visit-reports/{report.id}/correct", data=visit_data(), content_type="multipart/form-data")
    assert "Enter why you are correcting this report" in response.get_data(as_text=True)


def review_data(**overrides):
    return {
        "period_start": ["1", "4", "2026"],
        "period_end": ["30", "9", "2026"],
        "completed_on": ["1", "11", "2026"],
        "views_gathered": ["children", "placing_authorities"],
        "actions": "Recruit two night staff",
        "document": field(pdf_bytes("review"), "review.pdf"),
    } | overrides


def test_registered_manager_sends_a_review(client, login_as, world, db):
    login_as(world.rm)
    for overrides, message in (
        ({"period_end": ["1", "3", "2026"]}, "End of the period must be the same as or after"),
        ({"views_gathered": []}, "Select whose views were gathered"),
        ({"completed_on": ["1", "12", "2026"]}, "must be today or in the past"),
        ({"actions": ""}, "Enter the actions the provider intends to take"),
    ):
        bad = client.post(
            f"/settings/{world.home.id}/reviews/new", content_type="multipart/form-data", data=review_data(**overrides)
        )
        assert message in bad.get_data(as_text=True), message
    response = client.post(
        f"/settings/{world.home.id}/reviews/new", data=review_data(), content_type="multipart/form-data"
    )
    client.post(response.location, data={"confirm": "yes"})
    report = db.session.scalar(select(MonitoringReport))
    assert (
        report.kind == "review"
        and report.regulation == "45"
        and report.current.views_gathered == ["children", "placing_authorities"]
    )
    page = client.get(f"/settings/{world.home.id}/monitoring").get_data(as_text=True)
    assert "Sunday 1 November 2026 (report received on time)" in page
    assert "Saturday 1 May 2027" in page  # the next review within 6 months


def test_secure_training_centre_sends_no_reports(client, login_as, world, make, db):
    stc = make.setting(world.provider, "STC", name="Gate STC")
    login_as(world.ri)
    assert client.get(f"/settings/{stc.id}/visit-reports/new").status_code == 404
    page = client.get(f"/settings/{stc.id}/monitoring").get_data(as_text=True)
    assert "do not send monthly visit reports" in page


def test_reference_format(make, world):
    report = make.report(world.home, world.rm)
    assert re.fullmatch(r"VR-[A-Z2-9]{8}", report.reference)


def test_unsent_answers_are_purged_after_a_week(app, client, login_as, world, db):
    from datetime import timedelta

    login_as(world.ip)
    send(client, world.home)
    runner = app.test_cli_runner()
    assert "Forgot 0 unsent reports" in runner.invoke(args=["portal", "purge-pending"]).output
    app.config["FROZEN_NOW"] += timedelta(days=8)
    assert "Forgot 1 unsent reports" in runner.invoke(args=["portal", "purge-pending"]).output
    assert count(db, PendingSubmission) == 0 and count(db, MonitoringReport) == 0


def test_a_follow_up_question_sits_under_the_answer_that_asks_for_it(client, login_as, world):
    """Issue 18 (GOV.UK conditional reveal): "Describe the conflict of interest" is revealed by
    "Yes"; the server hides it unless "Yes" was chosen; no radio carries aria-expanded."""
    login_as(world.ip)
    page = BeautifulSoup(client.get(f"/settings/{world.home.id}/visit-reports/new").data, "html.parser")
    for question, details in (("conflict", "conflict_details"), ("serious_concern", "serious_concern_details")):
        yes = page.select_one(f"input[name={question}][value=yes]")
        revealed = page.find(id=yes["data-app-reveal"])
        assert "govuk-radios__conditional" in revealed["class"] and revealed.find(id=details) is not None
        assert "govuk-radios__conditional--hidden" in revealed["class"]  # nothing chosen yet
        assert page.select_one(f"input[name={question}][value=no]").get("data-app-reveal") is None
    assert page.select("[data-aria-controls], [aria-expanded]") == []

    response = client.post(
        f"/settings/{world.home.id}/visit-reports/new",
        data=visit_data(conflict="yes", conflict_details=""),
        content_type="multipart/form-data",
    )
    again = BeautifulSoup(response.data, "html.parser")
    assert "Describe the conflict of interest" in again.select_one(".govuk-error-summary").get_text()
    shown = again.find(id=again.select_one("input[name=conflict][value=yes]")["data-app-reveal"])
    assert "govuk-radios__conditional--hidden" not in shown["class"]  # the chosen answer's question shows
