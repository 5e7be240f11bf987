"""The receipt of a return on the draft report (R-DR-2, issue 18): a PDF of the comments as sent
with each evidence file's sha256, for the provider only and only once sent, and one confirmation
e-mail each to the person who sent it and to the provider's active responsible individuals."""

import hashlib
import io

from pypdf import PdfReader
from sqlalchemy import select

from portal.accounts.roles import Role
from portal.core.outbox import OutboxMessage
from portal.inspection_reports import rules
from portal.inspection_reports.comments import submit_return
from portal.inspection_reports.models import CommentReturn
from tests.conftest import FROZEN
from tests.files import pdf_bytes, upload
from tests.pdf_structure import tagged


def url(report, rest=""):
    return f"/inspections/{report.inspection_id}/report{rest}"


def text_of(response) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)


def confirmations(db, returned) -> dict[str, OutboxMessage]:
    messages = db.session.scalars(
        select(OutboxMessage).where(
            OutboxMessage.related_type == "CommentReturn", OutboxMessage.related_id == returned.id
        )
    )
    return {message.recipient: message for message in messages}


def test_the_receipt_holds_each_comment_as_sent_with_its_files_fingerprints(client, login_as, world, reports, db):
    report = reports.issued()
    evidence = pdf_bytes("Rota for November")
    reports.comment(
        report, paragraph=2, text="The rota shows two staff at night.", files=[upload(evidence, "rota.pdf")]
    )
    reports.comment(report, paragraph=5, text="Missing the new staff training.", kind=rules.MISSING)
    login_as(world.ri)
    assert client.get(url(report, "/receipt.pdf")).status_code == 404  # nothing sent yet
    assert client.post(url(report, "/send"), data={"choice": "comments", "confirm": "yes"}).status_code == 302
    returned = db.session.scalar(select(CommentReturn))
    sent = client.get(url(report, "/sent")).get_data(as_text=True)
    assert f'href="{url(report, "/receipt.pdf")}"' in sent and "Download your receipt (PDF)" in sent
    assert "We have sent a confirmation by e-mail to you." in sent  # the only responsible individual sent it
    response = client.get(url(report, "/receipt.pdf"))
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "private, no-store"
    flat = "".join(text_of(response).split())
    assert returned.reference in flat and world.home.urn in flat and "2comments" in flat
    assert "Comment1:paragraph2" in flat and "Therotashowstwostaffatnight." in flat
    assert "Comment2:paragraph5,informationmissingornotconsidered" in flat
    assert "rota.pdf" in flat and hashlib.sha256(evidence).hexdigest() in flat
    assert world.ri.name.replace(" ", "") in flat
    assert PdfReader(io.BytesIO(response.data)).metadata.title == f"Receipt {returned.reference}"
    structure = tagged(response.data)  # issue 18
    assert structure.bookmarks[0] == "Receipt" and structure.roles.count("H2") == 2  # a heading per comment


def test_no_comments_has_its_receipt_too(client, login_as, world, reports, db):
    report = reports.returned(comments=0)
    login_as(world.rm)
    flat = "".join(text_of(client.get(url(report, "/receipt.pdf"))).split())
    assert "None:theproviderconfirmedithasnocomments" in flat and "Comment1" not in flat
    page = client.get(url(report, "/sent")).get_data(as_text=True)
    assert f"e-mail to {world.ri.name}." in page  # the RM reads it: the RI sent it


def test_only_the_provider_of_the_setting_gets_the_receipt(client, login_as, world, reports):
    report = reports.returned(comments=1)
    for stranger in (world.rival_ri, world.rival_rm, world.inspector):
        login_as(stranger)
        assert client.get(url(report, "/receipt.pdf")).status_code in (403, 404)


def test_the_sender_and_each_active_responsible_individual_get_one_confirmation(world, reports, db, make):
    second = make.user(Role.RESPONSIBLE_INDIVIDUAL, world.provider)
    gone = make.user(Role.RESPONSIBLE_INDIVIDUAL, world.provider)
    gone.active = False
    world.rm.submits_draft_comments = True
    db.session.commit()
    report = reports.issued()
    reports.comment(report)
    returned = submit_return(report, False, world.rm, FROZEN)
    submit_return(report, False, world.rm, FROZEN)  # a double click: no second set of e-mails
    sent = confirmations(db, returned)
    assert set(sent) == {world.rm.email, world.ri.email, second.email}
    message = sent[world.ri.email]
    assert message.subject == f"Received: your return on the draft report of {world.home.name} ({returned.reference})"
    assert f"1 comment on the draft inspection report of {world.home.name} ({world.home.urn})" in message.body
    assert f"sent by {world.rm.name}" in message.body and url(report, "/receipt.pdf") in message.body
    assert world.rival_ri.email not in sent


def test_a_responsible_individual_who_sends_is_told_once(world, reports, db):
    report = reports.returned(comments=0)
    returned = report.comment_return
    sent = confirmations(db, returned)
    assert list(sent) == [world.ri.email]
    assert "confirmation that you have no comments" in sent[world.ri.email].body
