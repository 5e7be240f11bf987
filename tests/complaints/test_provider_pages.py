"""The provider's pages for informal concerns and formal complaints (R-CMP-1..5, R-WD-2, R-ROLE-1)."""

import hashlib
import io
from datetime import UTC, date, datetime, timedelta

import pytest
from markupsafe import escape
from PIL import Image
from pypdf import PdfReader
from sqlalchemy import func, select

from portal.complaints import rules, services
from portal.complaints.models import Complaint, ComplaintPoint, InformalConcern, PointEvidence
from portal.core.storage import StoredFile
from portal.inspections import rules as inspection_rules
from tests.conftest import FROZEN
from tests.files import field, pdf_bytes, upload
from tests.pdf_structure import tagged

AFTER_WINDOW = datetime(2026, 11, 26, 0, 0, tzinfo=UTC)  # the draft issued at FROZEN closed at this instant
RESPONSE_TARGET = "11:59pm on Monday 4 January 2027"  # 30 working days after FROZEN, over Christmas and New Year


def count(db, model):
    return db.session.scalar(select(func.count()).select_from(model))


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "PNG")
    return buffer.getvalue()


def text_of(response) -> str:
    return response.get_data(as_text=True)


def post_point(client, complaint, what="The inspector arrived at 6am and woke the children.", point=None, **extra):
    rest = f"/points/{point.id}/edit" if point else "/points/new"
    return client.post(
        f"/complaints/{complaint.id}{rest}", data={"what_happened": what, **extra}, content_type="multipart/form-data"
    )


DETAILS = {
    "categories": ["conduct", "process"],
    "earlier_concerns": "Raised at feedback with the lead inspector.",
    "outcome_sought": "An apology and a review of the judgement.",
}


def test_the_inspection_page_explains_both_routes_and_lists_what_was_raised(client, login_as, world, complaints):
    inspection = complaints.reports.issued().inspection
    concern = complaints.concern(inspection, now=datetime(2026, 11, 6, 15, 0, tzinfo=UTC))
    prepared = complaints.prepared(inspection=inspection)
    lodged = services.lodge(complaints.prepared(inspection=inspection), world.ri, FROZEN)
    login_as(world.rm)
    page = text_of(client.get(f"/inspections/{inspection.id}/complaints"))
    assert "Concerns and complaints about this inspection" in page
    assert "an inspectorate manager who was not on the inspection" in page and "factual accuracy" in page
    assert "open for comments (until 11:59pm on Wednesday 25 November 2026)" in page
    assert "Informal concerns could be raised until 11:59pm on Monday 9 November 2026" in page
    assert "Raise an informal concern</a>" not in page
    assert concern.reference in page and "An inspector arrived at 6am" in page and "Awaiting reply" in page
    assert f'href="/complaints/{prepared.id}">Being prepared' in page
    assert f'href="/complaints/{lodged.id}">{lodged.reference}</a>' in page and "Received" in page
    assert f'action="/inspections/{inspection.id}/complaints/new"' in page
    show = text_of(client.get(f"/inspections/{inspection.id}"))
    assert f'href="/inspections/{inspection.id}/complaints">Concerns and complaints' in show
    draft = text_of(client.get(f"/inspections/{inspection.id}/report"))
    assert (
        f'you can <a class="govuk-link" href="/inspections/{inspection.id}/complaints">lodge a formal complaint'
        "</a> instead of, or as well as, commenting"
    ) in draft
    assert f"has responded to complaint {lodged.reference}" in draft


def test_concerns_and_complaints_are_not_offered_before_the_inspection_starts(client, login_as, world, make):
    announced = make.inspection(world.home, world.inspector, status=inspection_rules.ANNOUNCED, announced=True)
    login_as(world.rm)
    assert "Concerns and complaints" not in text_of(client.get(f"/inspections/{announced.id}"))
    assert "Concerns and complaints" in text_of(client.get(f"/inspections/{world.inspection.id}"))
    page = text_of(client.get(f"/inspections/{announced.id}/concerns/new"))
    assert "Informal concerns can be raised once the inspection has started" in page and "Send the concern" not in page


def test_preparing_a_complaint_as_the_registered_manager(client, login_as, world, complaints, db):
    inspection = complaints.reports.issued().inspection
    login_as(world.rm)
    started = client.post(f"/inspections/{inspection.id}/complaints/new")
    complaint = db.session.scalar(select(Complaint))
    assert started.status_code == 302 and started.location.endswith(f"/complaints/{complaint.id}")
    page = text_of(client.get(f"/complaints/{complaint.id}"))
    assert "Prepare a formal complaint" in page and "No points yet." in page
    assert f'href="/complaints/{complaint.id}/details"' in page and f'href="/complaints/{complaint.id}/lodge"' in page
    refused = client.post(f"/complaints/{complaint.id}/details", data=DETAILS | {"categories": []})
    assert refused.status_code == 200 and "Select what the complaint is about" in text_of(refused)
    assert "<title>Error: " in text_of(refused)
    tampered = client.post(f"/complaints/{complaint.id}/details", data=DETAILS | {"categories": ["weather"]})
    assert tampered.status_code == 200 and "Select what the complaint is about" in text_of(tampered)
    no_outcome = client.post(f"/complaints/{complaint.id}/details", data=DETAILS | {"outcome_sought": " "})
    assert "Enter the outcome you are seeking" in text_of(no_outcome)
    db.session.refresh(complaint)
    assert complaint.categories == [] and complaint.outcome_sought is None
    saved = client.post(f"/complaints/{complaint.id}/details", data=DETAILS)
    assert saved.status_code == 302
    db.session.refresh(complaint)
    assert complaint.categories == ["conduct", "process"]
    form = text_of(client.get(f"/complaints/{complaint.id}/details"))
    assert 'value="conduct" checked' in form and "An apology and a review of the judgement." in form
    original = pdf_bytes("Timesheet")
    response = post_point(
        client, complaint, evidence=[field(original, "timesheet.pdf"), field(png_bytes(), "door.png")]
    )
    assert response.status_code == 302 and response.location.endswith(f"/complaints/{complaint.id}#point-1")
    point = db.session.scalar(select(ComplaintPoint))
    assert point.number == 1 and [e.file.original_name for e in point.evidence] == ["timesheet.pdf", "door.png"]
    page = text_of(client.get(f"/complaints/{complaint.id}"))
    assert "Point 1 has been saved" in page and "The conduct of the inspectors" in page
    assert "woke the children" in page and "door.png" in page and 'class="app-link-button govuk-link">Remove' in page
    download = client.get(f"/complaints/{complaint.id}/points/{point.id}/evidence/{point.evidence[0].file_id}")
    assert download.data == original and download.headers["Cache-Control"] == "private, no-store"
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert client.get(f"/complaints/{complaint.id}/points/{point.id}/evidence/999").status_code == 404
    changed = post_point(client, complaint, "Changed words.", point=point)
    db.session.refresh(point)
    assert changed.status_code == 302 and point.what_happened == "Changed words." and count(db, ComplaintPoint) == 1


@pytest.mark.parametrize(
    "what, extra, message",
    [
        ("   ", {}, "Enter what happened"),
        ("x" * 5001, {}, "What happened must be 5,000 characters or fewer"),
        (
            "Fine.",
            {"evidence": [field(pdf_bytes(), "good.pdf"), field(b"hello", "x.pdf")]},
            "x.pdf: The selected file must be a PDF, DOCX, ODT, JPEG or PNG",
        ),
        (
            "Fine.",
            {"evidence": field(b"%PDF-1.4\n" + b"0" * (20 * 1024 * 1024), "big.pdf")},
            "big.pdf: The selected file must be smaller than 20 MB",
        ),
    ],
)
def test_a_bad_point_is_refused_and_nothing_is_stored(client, login_as, world, complaints, db, what, extra, message):
    complaint = complaints.prepared(points=0)
    login_as(world.rm)
    response = post_point(client, complaint, what, **extra)
    page = text_of(response)
    assert response.status_code == 200 and message in page and "<title>Error: " in page
    assert 'enctype="multipart/form-data"' in page
    assert count(db, ComplaintPoint) == 0 and count(db, PointEvidence) == 0 and count(db, StoredFile) == 0


def test_removing_a_point_numbers_the_others_again(client, login_as, world, complaints, db):
    complaint = complaints.prepared(points=3)
    other = complaints.prepared(points=1)
    first, second = complaint.points[0].id, complaint.points[1].id
    login_as(world.ri)
    assert client.get(f"/complaints/{complaint.id}/points/{first}/remove").status_code == 405
    assert client.post(f"/complaints/{other.id}/points/{first}/remove").status_code == 404
    assert client.get(f"/complaints/{other.id}/points/{first}/edit").status_code == 404
    response = client.post(f"/complaints/{complaint.id}/points/{first}/remove")
    assert response.status_code == 302
    db.session.refresh(complaint)
    assert [(p.number, p.what_happened) for p in complaint.points] == [
        (1, "Point 2: what happened."),
        (2, "Point 3: what happened."),
    ]
    assert "Point 1 has been removed" in text_of(client.get(f"/complaints/{complaint.id}"))
    assert client.get(f"/complaints/{complaint.id}/points/{first}/edit").status_code == 404
    assert client.get(f"/complaints/{complaint.id}/points/{second}/edit").status_code == 200


def test_a_registered_manager_cannot_lodge(client, login_as, world, complaints, db):
    complaint = complaints.prepared()
    login_as(world.rm)
    page = text_of(client.get(f"/complaints/{complaint.id}/lodge"))
    assert "Your responsible individual lodges the complaint: they can find it ready here" in page
    assert "Point 2: what happened." in page and "Lodge the complaint" not in page
    response = client.post(f"/complaints/{complaint.id}/lodge", data={"confirm": "yes"})
    assert response.status_code == 200
    assert "Only a responsible individual can lodge a formal complaint" in text_of(response)
    db.session.refresh(complaint)
    assert complaint.status == rules.DRAFT and complaint.reference is None


def test_the_responsible_individual_lodges_once_and_gets_a_receipt(client, login_as, world, complaints, db):
    complaint = complaints.prepared()
    login_as(world.ri)
    page = text_of(client.get(f"/complaints/{complaint.id}/lodge"))
    assert "Check your complaint before lodging it" in page and "I confirm that this complaint is accurate" in page
    assert (
        f'href="/complaints/{complaint.id}/details"' in page and "Raised with the lead inspector at feedback." in page
    )
    refused = client.post(f"/complaints/{complaint.id}/lodge", data={})
    assert refused.status_code == 200 and "Confirm the declaration to lodge the complaint" in text_of(refused)
    assert db.session.scalar(select(Complaint)).status == rules.DRAFT
    first = client.post(f"/complaints/{complaint.id}/lodge", data={"confirm": "yes"})
    second = client.post(f"/complaints/{complaint.id}/lodge", data={"confirm": "yes"})
    assert first.status_code == second.status_code == 302
    assert first.location == second.location == f"/complaints/{complaint.id}/lodged"
    db.session.refresh(complaint)
    assert complaint.status == rules.RECEIVED and complaint.reference.startswith("CMP-") and count(db, Complaint) == 1
    panel = text_of(client.get(f"/complaints/{complaint.id}/lodged"))
    assert "govuk-panel" in panel and f"Your reference<br><strong>{complaint.reference}</strong>" in panel
    assert "10:00am on Wednesday 18 November 2026" in panel and RESPONSE_TARGET in panel
    assert f'href="/complaints/{complaint.id}/receipt.pdf"' in panel
    assert "We have sent a confirmation by e-mail to you." in panel  # the only responsible individual lodged it
    shown = text_of(client.get(f"/complaints/{complaint.id}"))
    assert f"Complaint {complaint.reference}" in shown and "Received" in shown and RESPONSE_TARGET in shown
    assert "This complaint holds the final report until it is responded to" in shown and "Overdue" not in shown
    assert "Lodged" in shown and world.ri.name in shown and "Remove" not in shown
    late = client.post(f"/complaints/{complaint.id}/details", data=DETAILS)
    assert late.status_code == 200 and f"This complaint was lodged ({complaint.reference})" in text_of(late)
    assert client.get(f"/complaints/{complaint.id}/lodge").location.endswith(f"/complaints/{complaint.id}/lodged")


def test_an_overdue_complaint_says_so(client, login_as, world, complaints, app):
    complaint = complaints.lodged()
    app.config["FROZEN_NOW"] = complaint.response_due_at + timedelta(minutes=1)
    login_as(world.rm)
    assert "Overdue" in text_of(client.get(f"/complaints/{complaint.id}"))


def test_a_complaint_with_no_points_cannot_be_lodged(client, login_as, world, complaints, db):
    complaint = complaints.prepared(points=0)
    login_as(world.ri)
    page = text_of(client.get(f"/complaints/{complaint.id}/lodge"))
    assert "Add at least one point to the complaint" in page and "Lodge the complaint" not in page
    response = client.post(f"/complaints/{complaint.id}/lodge", data={"confirm": "yes"})
    assert response.status_code == 200 and "Add at least one point to the complaint" in text_of(response)
    assert db.session.scalar(select(Complaint)).status == rules.DRAFT


def test_lodging_after_the_draft_window_waits_for_the_final_report(client, login_as, world, complaints, db, app):
    complaint = complaints.prepared()
    app.config["FROZEN_NOW"] = AFTER_WINDOW
    login_as(world.ri)
    message = "you can lodge a formal complaint once the final report is sent"
    assert message in text_of(client.get(f"/complaints/{complaint.id}/lodge"))
    assert message in text_of(client.get(f"/inspections/{complaint.inspection_id}/complaints"))
    response = client.post(f"/complaints/{complaint.id}/lodge", data={"confirm": "yes"})
    assert response.status_code == 200 and message in text_of(response)
    db.session.refresh(complaint)
    assert complaint.status == rules.DRAFT and complaint.reference is None


def test_after_the_final_report_a_complaint_can_be_lodged_and_holds_nothing(client, login_as, world, complaints, app):
    report = complaints.reports.final()
    complaint = complaints.prepared(inspection=report.inspection)
    app.config["FROZEN_NOW"] = AFTER_WINDOW
    login_as(world.ri)
    assert client.post(f"/complaints/{complaint.id}/lodge", data={"confirm": "yes"}).status_code == 302
    page = text_of(client.get(f"/complaints/{complaint.id}"))
    assert "Received" in page and "holds the final report" not in page


def test_the_receipt_is_a_pdf_with_the_reference_and_fingerprints(client, login_as, world, complaints):
    evidence = pdf_bytes("Rota")
    complaint = complaints.lodged(files=[upload(evidence, "rota.pdf")])
    draft = complaints.prepared()
    login_as(world.rm)
    assert client.get(f"/complaints/{draft.id}/receipt.pdf").status_code == 404
    response = client.get(f"/complaints/{complaint.id}/receipt.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "private, no-store"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    flat = "".join(text.split())
    assert complaint.reference in text and complaint.inspection.setting.urn in text
    assert "rota.pdf" in text and hashlib.sha256(evidence).hexdigest() in flat
    assert "Point1" in flat and "Point2" in flat and "".join(RESPONSE_TARGET.split()) in flat
    assert "Theconductoftheinspectors" in flat and world.ri.name.replace(" ", "") in flat
    structure = tagged(response.data)  # issue 18
    assert structure.bookmarks == ["Receipt", "The points of the complaint"]
    assert structure.roles.count("TH") == structure.roles.count("TR") > 5


@pytest.mark.parametrize(
    "end, now, accepted, until",
    [
        (date(2026, 11, 20), datetime(2026, 11, 20, 15, 0), True, "Monday 23 November 2026"),
        (date(2026, 11, 20), datetime(2026, 11, 23, 23, 59), True, "Monday 23 November 2026"),
        (date(2026, 11, 20), datetime(2026, 11, 24, 0, 0), False, "Monday 23 November 2026"),
        (date(2026, 12, 24), datetime(2026, 12, 28, 12, 0), True, "Tuesday 29 December 2026"),
        (date(2026, 12, 24), datetime(2026, 12, 29, 23, 59), True, "Tuesday 29 December 2026"),
        (date(2026, 12, 24), datetime(2026, 12, 30, 0, 0), False, "Tuesday 29 December 2026"),
    ],
)
def test_an_informal_concern_until_the_end_of_the_first_working_day(
    client, login_as, world, make, db, app, end, now, accepted, until
):
    inspection = make.inspection(
        world.home, world.inspector, status=inspection_rules.ENDED, start=end - timedelta(days=2), end=end
    )
    app.config["FROZEN_NOW"] = now.replace(tzinfo=UTC)  # GMT: UK time is UTC in winter
    login_as(world.rm)
    page = text_of(client.get(f"/inspections/{inspection.id}/concerns/new"))
    assert f"11:59pm on {until}" in page and ("Send the concern" in page) == accepted
    response = client.post(
        f"/inspections/{inspection.id}/concerns/new",
        data={"key": "k" * 32, "text": "The inspector shouted at a member of staff."},
    )
    if accepted:
        assert response.status_code == 302 and count(db, InformalConcern) == 1
    else:
        assert response.status_code == 200 and count(db, InformalConcern) == 0
        assert f"Informal concerns could be raised until 11:59pm on {until}" in text_of(response)


def test_a_concern_posted_twice_is_one_concern(client, login_as, world, db):
    login_as(world.rm)
    new = f"/inspections/{world.inspection.id}/concerns/new"
    form = text_of(client.get(new))
    assert 'name="key" type="hidden" value="' in form and f'action="{new}"' in form
    empty = client.post(new, data={"key": "k" * 32, "text": "  "})
    assert empty.status_code == 200 and "Enter your concern" in text_of(empty)
    long = client.post(new, data={"key": "k" * 32, "text": "x" * 5001})
    assert "Your concern must be 5,000 characters or fewer" in text_of(long) and count(db, InformalConcern) == 0
    first = client.post(new, data={"key": "k" * 32, "text": "The inspector arrived during the night."})
    second = client.post(new, data={"key": "k" * 32, "text": "The inspector arrived during the night."})
    assert first.status_code == second.status_code == 302
    assert first.location.endswith(f"/inspections/{world.inspection.id}/complaints")
    concern = db.session.scalar(select(InformalConcern))
    assert count(db, InformalConcern) == 1 and concern.raised_by_id == world.rm.id
    page = text_of(client.get(first.location))
    assert f"Your reference is {concern.reference}" in page and "The inspector arrived during the night." in page


def test_answers_are_shown_only_once_the_inspectorate_has_responded(client, login_as, world, complaints):
    complaint = complaints.investigating()
    first, second = complaint.points
    services.answer_point(
        first, rules.UPHELD, "We agree the visit began too early.", "The team was reminded.", world.colleague, FROZEN
    )
    login_as(world.rm)
    page = text_of(client.get(f"/complaints/{complaint.id}"))
    assert "Under investigation" in page and "Investigator assigned" in page
    assert "We agree the visit began too early." not in page and "The team was reminded." not in page
    assert str(escape(rules.ADJUDICATOR)) not in page and "What you can do next" not in page
    services.answer_point(second, rules.NOT_UPHELD, "The records show otherwise.", None, world.colleague, FROZEN)
    services.respond(complaint, "We have looked at each point.", world.colleague, FROZEN)
    page = text_of(client.get(f"/complaints/{complaint.id}"))
    assert "Responded to" in page and "We agree the visit began too early." in page and "The team was reminded." in page
    assert ">Upheld<" in page and ">Not upheld<" in page and "The records show otherwise." in page
    assert "We have looked at each point." in page
    assert (
        page.index("We have looked at each point.")
        < page.index("What you can do next")
        < page.index(str(escape(rules.ADJUDICATOR)))
    )
    assert "holds the final report" not in page


def test_other_providers_other_settings_and_other_roles_get_404(client, login_as, world, complaints, app, db):
    draft = complaints.prepared(files=[upload(pdf_bytes(), "e.pdf")])
    point = draft.points[0]
    evidence = point.evidence[0].file_id
    lodged = complaints.lodged()
    inspection = draft.inspection
    gets = [
        f"/inspections/{inspection.id}/complaints",
        f"/inspections/{inspection.id}/concerns/new",
        f"/complaints/{draft.id}",
        f"/complaints/{draft.id}/details",
        f"/complaints/{draft.id}/points/new",
        f"/complaints/{draft.id}/points/{point.id}/edit",
        f"/complaints/{draft.id}/points/{point.id}/evidence/{evidence}",
        f"/complaints/{draft.id}/lodge",
        f"/complaints/{lodged.id}/lodged",
        f"/complaints/{lodged.id}/receipt.pdf",
    ]
    posts = [
        f"/inspections/{inspection.id}/complaints/new",
        f"/inspections/{inspection.id}/concerns/new",
        f"/complaints/{draft.id}/details",
        f"/complaints/{draft.id}/points/new",
        f"/complaints/{draft.id}/points/{point.id}/edit",
        f"/complaints/{draft.id}/points/{point.id}/remove",
        f"/complaints/{draft.id}/lodge",
    ]
    routes = {r.rule for r in app.url_map.iter_rules() if r.endpoint.startswith("complaints_provider.")}
    adapter = app.url_map.bind("localhost")
    covered = {
        adapter.match(path, method=method, return_rule=True)[0].rule
        for paths, method in ((gets, "GET"), (posts, "POST"))
        for path in paths
    }
    assert routes == covered, routes - covered
    data = DETAILS | {"what_happened": "Sneaky", "key": "s" * 32, "text": "Sneaky", "confirm": "yes"}
    for outsider in (world.rival_ri, world.rival_rm, world.rm_other, world.ip, world.inspector, world.manager):
        login_as(outsider)
        for path in gets:
            assert client.get(path).status_code == 404, (outsider.role, path)
        for path in posts:
            assert client.post(path, data=data).status_code == 404, (outsider.role, path)
    assert count(db, Complaint) == 2 and count(db, InformalConcern) == 0 and count(db, ComplaintPoint) == 4
    db.session.refresh(draft)
    assert draft.status == rules.DRAFT and draft.categories == ["conduct", "judgements"]
