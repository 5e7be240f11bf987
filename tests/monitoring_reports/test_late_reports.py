"""A late visit report (R-MON-1, R-MON-5) warns before it is sent and asks why; the receipt, the
sent page and the inspectorate's page show the reason."""

import io
from datetime import date, datetime

from pypdf import PdfReader
from sqlalchemy import func, select

from portal.core.clock import UK
from portal.monitoring_reports import rules
from portal.monitoring_reports.models import MonitoringReport, PendingSubmission
from tests.monitoring_reports.test_submission import visit_data

LATE_VISIT = ["14", "9", "2026"]  # due by the end of 31 October 2026; it is now 18 November


def test_the_deadline_rule():
    assert rules.last_day_in_time(date(2027, 3, 14)) == date(2027, 4, 30)
    assert not rules.is_late(date(2027, 3, 14), datetime(2027, 4, 30, 23, 59, tzinfo=UK))
    assert rules.is_late(date(2027, 3, 14), datetime(2027, 5, 1, 0, 0, tzinfo=UK))


def test_a_late_report_needs_a_reason_and_warns(client, login_as, world, db):
    login_as(world.ip)
    response = client.post(
        f"/settings/{world.home.id}/visit-reports/new",
        data=visit_data(visit_date=LATE_VISIT),
        content_type="multipart/form-data",
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "This report is late; the deadline was the end of Saturday 31 October 2026" in page
    assert "Enter why the report is late: the deadline was the end of Saturday 31 October 2026" in page
    assert db.session.scalar(select(func.count()).select_from(PendingSubmission)) == 0


def test_an_on_time_report_needs_no_reason(client, login_as, world):
    login_as(world.ip)
    response = client.post(
        f"/settings/{world.home.id}/visit-reports/new", data=visit_data(), content_type="multipart/form-data"
    )
    assert response.status_code == 302
    assert "This report is late" not in client.get(response.location).get_data(as_text=True)


def test_the_reason_is_shown_before_sending_on_the_receipt_and_to_the_inspectorate(client, login_as, world, db):
    login_as(world.ip)
    response = client.post(
        f"/settings/{world.home.id}/visit-reports/new",
        content_type="multipart/form-data",
        data=visit_data(visit_date=LATE_VISIT, late_reason="I was in hospital for a month"),
    )
    check = client.get(response.location).get_data(as_text=True)
    assert "This report is late; the deadline was the end of Saturday 31 October 2026" in check
    assert "I was in hospital for a month" in check
    sent = client.post(response.location, data={"confirm": "yes"})
    page = client.get(sent.location).get_data(as_text=True)
    assert "It was late: the deadline was the end of Saturday 31 October 2026" in page
    assert "I was in hospital for a month" in page
    report = db.session.scalar(select(MonitoringReport))
    receipt = PdfReader(io.BytesIO(client.get(f"/visit-reports/{report.id}/versions/1/receipt.pdf").data))
    text = " ".join(p.extract_text() for p in receipt.pages).replace("\n", " ")
    assert "Late" in text and "I was in hospital for a month" in text
    login_as(world.inspector)
    page = client.get(f"/inspectorate/visit-reports/{report.id}").get_data(as_text=True)
    assert "The deadline was the end of Saturday 31 October 2026" in page and "I was in hospital" in page


def test_a_correction_is_judged_late_by_when_the_report_first_arrived(client, login_as, world, make):
    """Correcting an on-time report later does not make it late, nor ask for a reason."""
    report = make.report(
        world.home, world.ip, visit_date=date(2026, 9, 14), received=datetime(2026, 10, 20, 10, tzinfo=UK)
    )
    login_as(world.ip)
    response = client.post(
        f"/visit-reports/{report.id}/correct",
        content_type="multipart/form-data",
        data=visit_data(visit_date=LATE_VISIT, reason="Spelling"),
    )
    assert response.status_code == 302
