"""Every submission of a provider ends with a confirmation e-mail (issue 18): to the person who sent
it and each active responsible individual of the provider, once each, with the reference and the
link to its receipt or copy; never to another provider; a repeated POST sends no second one."""

from datetime import date

from sqlalchemy import select

from portal.accounts.roles import Role
from portal.annex_a import services as annex_a_services
from portal.annex_a.models import AnnexARequest
from portal.core.outbox import OutboxMessage
from portal.monitoring_reports import services as monitoring
from tests.annex_a.answers import complete_answers
from tests.annex_a.test_return import request_annex, save_everything
from tests.complaints.conftest import ComplaintBuilder
from tests.conftest import FROZEN
from tests.files import field, pdf_bytes, upload
from tests.monitoring_reports.test_bulk import post as post_bulk
from tests.monitoring_reports.test_bulk_answers import answer


def received(db) -> dict[str, list[OutboxMessage]]:
    """The confirmations queued so far, by address."""
    found: dict[str, list[OutboxMessage]] = {}
    for message in db.session.scalars(select(OutboxMessage).where(OutboxMessage.subject.startswith("Received: "))):
        found.setdefault(message.recipient, []).append(message)
    return found


def test_a_visit_report_from_the_independent_person_and_its_correction(db, world, make):
    inactive = make.user(Role.RESPONSIBLE_INDIVIDUAL, world.provider)
    inactive.active = False
    db.session.commit()
    report = make.report(world.home, world.ip, visit_date=date(2026, 10, 14))
    sent = received(db)
    assert set(sent) == {world.ip.email, world.ri.email}
    (message,) = sent[world.ri.email]
    assert message.subject == f"Received: regulation 44 visit report for {world.home.name} ({report.reference})"
    assert f"sent by {world.ip.name}" in message.body and "visit of Wednesday 14 October 2026" in message.body
    assert f"/visit-reports/{report.id}/versions/1/receipt.pdf" in message.body
    pending = monitoring.prepare(
        world.ip,
        world.home,
        "visit",
        {"visit_date": date(2026, 10, 15), "reason": "The visit was on the 15th."},
        upload(pdf_bytes("corrected")),
        FROZEN,
        report=report,
    )
    monitoring.submit(pending, world.ip, FROZEN)
    corrected = received(db)[world.ri.email][-1]
    assert "a correction (version 2)" in corrected.body and "/versions/2/receipt.pdf" in corrected.body
    assert world.rival_ri.email not in received(db)


def test_reports_uploaded_together_get_one_message_each(client, login_as, db, world):
    login_as(world.rm)

    documents = [
        field(pdf_bytes("a"), f"{world.home.urn}_2026-10-14.pdf"),
        field(pdf_bytes("b"), f"{world.home.urn}_2026-11-03.pdf"),
    ]
    batch_page = post_bulk(client, documents).location
    for number in (1, 2):
        answer(client, batch_page, number)
    assert received(db) == {}  # nothing is received, nor confirmed, before it is sent
    sent_page = client.post(batch_page, data={"confirm": "yes"}).location
    client.post(batch_page, data={"confirm": "yes"})  # sent again: the first one's reports, no new message
    page = client.get(sent_page).get_data(as_text=True)
    assert "2 reports received" in page
    assert f"confirmation by e-mail to you and to the provider's responsible individual, {world.ri.name}." in page
    sent = received(db)
    assert set(sent) == {world.rm.email, world.ri.email} and all(len(m) == 1 for m in sent.values())
    (message,) = sent[world.rm.email]
    assert message.subject == "Received: 2 visit reports uploaded together"
    assert "visit of Wednesday 14 October 2026" in message.body and "visit of Tuesday 3 November 2026" in message.body
    assert message.body.count("/receipt.pdf") == 2


def test_an_annex_a_returned(client, login_as, db, world):
    login_as(world.rm)
    save_everything(client, world.home, complete_answers())
    request_annex(client, login_as, world)
    request = db.session.scalar(select(AnnexARequest))
    version = annex_a_services.return_annex_a(world.home, request, "web", "key-1", world.rm, FROZEN)
    annex_a_services.return_annex_a(world.home, request, "web", "key-1", world.rm, FROZEN)  # a double click
    sent = received(db)
    assert set(sent) == {world.rm.email, world.ri.email} and all(len(m) == 1 for m in sent.values())
    (message,) = sent[world.ri.email]
    assert message.subject == f"Received: Annex A of {world.home.name} ({version.reference})"
    assert f"returned by {world.rm.name}, on time" in message.body and "(version 1)" in message.body
    assert f"/settings/{world.home.id}/annex-a/versions/{version.id}/annex-a.pdf" in message.body


def test_a_formal_complaint_lodged(db, world, make):
    other_ri = make.user(Role.RESPONSIBLE_INDIVIDUAL, world.provider)
    complaint = ComplaintBuilder(db, make, world).lodged()
    sent = received(db)
    assert set(sent) == {world.ri.email, other_ri.email} and all(len(m) == 1 for m in sent.values())
    (message,) = sent[other_ri.email]
    assert message.subject == f"Received: formal complaint about {world.home.name} ({complaint.reference})"
    assert f"lodged by {world.ri.name}, with 2 points" in message.body
    assert f"/complaints/{complaint.id}/receipt.pdf" in message.body and "aims to respond by" in message.body
