"""Visit reports sent in bulk say what a single one says (issue 18): each report's answers on its
own form, check your answers with every report, one declaration, one receipt and one e-mail."""

import io

from bs4 import BeautifulSoup
from pypdf import PdfReader
from sqlalchemy import select

from portal.core.audit import AuditEvent
from portal.core.outbox import OutboxMessage
from portal.monitoring_reports.models import MonitoringReport, PendingSubmission
from tests.files import field, pdf_bytes
from tests.monitoring_reports.test_bulk import count, post
from tests.monitoring_reports.test_submission import visit_data
from tests.pdf_structure import tagged


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def uploaded(client, world, contents=(b"a", b"b")):
    documents = [
        field(pdf_bytes(contents[0].decode()), f"{world.home.urn}_2026-10-14.pdf"),
        field(pdf_bytes(contents[1].decode()), f"{world.other_home.urn}_2026-11-03.pdf"),
    ]
    response = post(client, documents)
    assert response.status_code == 302
    return response.location


def answer(client, batch_page: str, number: int, **overrides):
    link = soup(client.get(batch_page)).select_one(f"#report-{number} .govuk-summary-card__actions a")
    path = link["href"].split("#")[0]
    form = soup(client.get(path))
    assert form.select_one("#visit_date-day")["value"] in ("14", "03", "3")  # the date from the file's name
    assert "Leave empty to keep" in form.get_text()
    data = visit_data(**overrides)
    del data["document"]  # the file uploaded in bulk is kept
    data["visit_date"] = [form.select_one(f"#visit_date-{part}")["value"] for part in ("day", "month", "year")]
    response = client.post(path, data=data, content_type="multipart/form-data")
    assert response.status_code == 302, soup(response).select_one(".govuk-error-summary")
    assert response.location.endswith(f"#report-{number}")


def test_each_report_gets_its_answers_then_one_declaration_sends_them_all(client, login_as, world, db):
    login_as(world.ri)
    batch_page = uploaded(client, world)
    page = soup(client.get(batch_page))
    assert "2 of 2 still need answers" in page.get_text()
    refused = soup(client.post(batch_page, data={"confirm": "yes"}))
    errors = [a["href"] for a in refused.select(".govuk-error-summary a")]
    assert errors == ["#report-1", "#report-2"] and count(db, MonitoringReport) == 0

    answer(client, batch_page, 1, records_inspected="Daily logs of October")
    answer(client, batch_page, 2, serious_concern="yes", serious_concern_details="A child was hurt")
    page = soup(client.get(batch_page))
    assert "still need" not in page.get_text()
    card = page.select_one("#report-1")
    assert "Daily logs of October" in card.get_text() and len(card.select(".govuk-summary-list__actions a")) == 12
    assert "A child was hurt" in page.select_one("#report-2").get_text()
    declaration = soup(client.post(batch_page, data={}))
    assert "Confirm the declaration to send the reports" in declaration.select_one(".govuk-error-summary").get_text()
    assert count(db, MonitoringReport) == 0

    before = count(db, OutboxMessage)
    sent = client.post(batch_page, data={"confirm": "yes"})
    assert sent.status_code == 302 and sent.location.endswith("/sent")
    again = client.post(batch_page, data={"confirm": "yes"})  # a double click
    assert again.status_code == 302 and again.location == sent.location
    reports = db.session.scalars(select(MonitoringReport).order_by(MonitoringReport.id)).all()
    assert len(reports) == 2 and count(db, PendingSubmission) == 0
    assert reports[0].current.records_inspected == "Daily logs of October"
    assert reports[0].current.safeguarding_effective is True and reports[0].current.spoke_to == ["children", "staff"]
    assert reports[1].current.serious_concern and reports[1].current.concern_alert
    messages = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()[before:]
    confirmations = [m for m in messages if m.subject == "Received: 2 visit reports uploaded together"]
    assert confirmations and all(m.subject.startswith(("Received: 2", "Serious concern")) for m in messages)
    assert len({m.recipient for m in confirmations}) == len(confirmations)  # one message each
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "report_received")).all()
    assert len(events) == 2 and all(e.after["bulk"] for e in events)

    page = client.get(sent.location).get_data(as_text=True)
    assert "2 reports received" in page and reports[0].reference in page
    receipt = client.get(sent.location.replace("/sent", "/receipt.pdf"))
    assert receipt.status_code == 200 and receipt.mimetype == "application/pdf"
    flat = "".join("".join(p.extract_text() for p in PdfReader(io.BytesIO(receipt.data)).pages).split())
    for report in reports:
        assert report.reference in flat and report.current.file.sha256 in flat
    structure = tagged(receipt.data)
    assert structure.table_headers.count("TH Column") == 4 and structure.roles.count("TR") == 3


def test_a_batch_is_only_its_senders(client, login_as, world, db):
    login_as(world.ri)
    batch_page = uploaded(client, world)
    key = db.session.scalars(select(PendingSubmission)).first().key
    assert client.get(f"/submissions/{key}/check").location.startswith(batch_page)  # sent with the batch only
    for other in (world.rm, world.rival_ri):
        login_as(other)
        assert client.get(batch_page).status_code == 404
        assert client.post(batch_page, data={"confirm": "yes"}).status_code == 404
        assert client.get(f"/submissions/{key}/change").status_code == 404
    assert count(db, MonitoringReport) == 0
    login_as(world.ri)
    for number in (1, 2):
        answer(client, batch_page, number)
    sent = client.post(batch_page, data={"confirm": "yes"}).location
    for other in (world.rm, world.rival_ri):
        login_as(other)
        assert client.get(sent).status_code == 404
        assert client.get(sent.replace("/sent", "/receipt.pdf")).status_code == 404
