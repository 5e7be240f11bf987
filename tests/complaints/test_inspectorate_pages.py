"""The inspectorate's complaint pages: acknowledge, assign (R-CMP-4), answer each point and respond
(R-CMP-3), the hold on the final report (R-CMP-2), overdue targets, and informal concerns (R-CMP-5)."""

from datetime import timedelta

from bs4 import BeautifulSoup
from sqlalchemy import select

from portal.accounts.roles import Role
from portal.complaints import rules, services
from portal.complaints.models import Complaint, InformalConcern
from portal.core.outbox import OutboxMessage
from tests.conftest import FROZEN
from tests.files import pdf_bytes, upload

BASE = "/inspectorate"


def url(complaint, path=""):
    return f"{BASE}/complaints/{complaint.id}{path}"


def answer_url(complaint, point):
    return url(complaint, f"/points/{point.id}/answer")


def reload(db, complaint):
    db.session.expire_all()
    return db.session.get(Complaint, complaint.id)


def text_of(response, element_id):
    found = BeautifulSoup(response.get_data(as_text=True), "html.parser").find(id=element_id)
    return " ".join(found.get_text().split()) if found else None


def at(app, login_as, user, instant):
    """Move the clock and sign in again (a session idle for 30 minutes ends)."""
    app.config["FROZEN_NOW"] = instant
    login_as(user)


def messages_to(db, user, subject):
    return list(
        db.session.scalars(
            select(OutboxMessage).where(
                OutboxMessage.recipient_user_id == user.id, OutboxMessage.subject.startswith(subject)
            )
        )
    )


def test_a_complaint_goes_through_every_step_on_the_pages(client, login_as, world, complaints, db, app):
    complaint = complaints.lodged()
    login_as(world.manager)
    page = client.get(f"{BASE}/complaints").get_data(as_text=True)
    assert complaint.reference in page and 'href="/inspectorate/complaints"' in page
    page = client.get(url(complaint)).get_data(as_text=True)
    assert "Acknowledge</button>" in page and "Point 1: what happened." in page
    assert "The conduct of the inspectors" in page and "A review of the judgement on leadership." in page
    assert "Raised with the lead inspector at feedback." in page and world.inspector.name in page

    at(app, login_as, world.manager, FROZEN + timedelta(hours=1))
    assert client.post(url(complaint, "/acknowledge")).status_code == 302
    assert reload(db, complaint).status == rules.ACKNOWLEDGED
    assert messages_to(db, world.ri, "Your complaint has been acknowledged")
    page = client.get(url(complaint)).get_data(as_text=True)
    assert url(complaint, "/assign") in page and "Acknowledge</button>" not in page

    at(app, login_as, world.manager, FROZEN + timedelta(hours=2))
    response = client.post(url(complaint, "/assign"), data={"investigator": str(world.colleague.id)})
    assert response.status_code == 302
    assert reload(db, complaint).status == rules.INVESTIGATING and complaint.investigator_id == world.colleague.id

    at(app, login_as, world.colleague, FROZEN + timedelta(hours=3))
    for point in reload(db, complaint).points:
        assert answer_url(complaint, point) in client.get(url(complaint)).get_data(as_text=True)
        response = client.post(
            answer_url(complaint, point),
            data={"finding": rules.PARTLY, "reasons": f"Reasons for point {point.number}.", "action_taken": ""},
        )
        assert response.status_code == 302
    assert [p.finding for p in reload(db, complaint).points] == [rules.PARTLY, rules.PARTLY]
    assert not messages_to(db, world.ri, "The response to your complaint")
    at(app, login_as, world.colleague, FROZEN + timedelta(hours=4))
    response = client.post(url(complaint, "/respond"), data={"overall_response": "We looked at each point."})
    assert response.status_code == 302
    assert reload(db, complaint).status == rules.RESPONDED
    assert messages_to(db, world.ri, "The response to your complaint")
    assert "Close</button>" not in client.get(url(complaint)).get_data(as_text=True)  # a manager closes

    at(app, login_as, world.manager, FROZEN + timedelta(hours=5))
    assert "Close</button>" in client.get(url(complaint)).get_data(as_text=True)
    assert client.post(url(complaint, "/close")).status_code == 302
    assert reload(db, complaint).status == rules.CLOSED
    response = client.get(url(complaint))
    history = text_of(response, "history")
    for step, clock, who in [
        ("Lodged", "10:00am", world.ri),
        ("Acknowledged", "11:00am", world.manager),
        ("Investigator assigned", "midday", world.manager),
        ("Responded to", "2:00pm", world.colleague),
        ("Closed", "3:00pm", world.manager),
    ]:
        assert f"{step} {clock} on Wednesday 18 November 2026 {who.name}" in history, step
    page = response.get_data(as_text=True)
    assert "Reasons for point 2." in page and "We looked at each point." in page and "Partly upheld" in page
    assert text_of(response, "complaint-status") == "Closed"


def test_someone_on_the_inspection_team_cannot_investigate(client, login_as, world, complaints, db):
    """R-CMP-4: everyone is listed, but the lead inspector is refused with the reason."""
    complaint = complaints.lodged()
    services.acknowledge(complaint, world.manager, FROZEN)
    login_as(world.manager)
    soup = BeautifulSoup(client.get(url(complaint, "/assign")).get_data(as_text=True), "html.parser")
    labels = [" ".join(label.get_text().split()) for label in soup.select(".govuk-radios__label")]
    assert f"{world.inspector.name}, inspector (on the inspection team)" in labels
    assert f"{world.colleague.name}, inspector" in labels and f"{world.manager.name}, inspectorate manager" in labels
    response = client.post(url(complaint, "/assign"), data={"investigator": str(world.inspector.id)})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "There is a problem" in page
    assert f"{world.inspector.name} was on the inspection team: select someone who was not" in page
    for value in ("999999", str(world.ri.id), "abc", ""):
        response = client.post(url(complaint, "/assign"), data={"investigator": value})
        page = response.get_data(as_text=True)
        assert response.status_code == 200 and page.count("Select an investigator</a>") == 1, value
    complaint = reload(db, complaint)
    assert complaint.status == rules.ACKNOWLEDGED and complaint.investigator_id is None
    assert not messages_to(db, world.inspector, "Complaint to investigate")
    login_as(world.colleague)
    assert client.get(url(complaint, "/assign")).status_code == 404


def test_the_response_waits_for_every_point(client, login_as, world, complaints, db):
    complaint = complaints.investigating()
    services.answer_point(complaint.points[0], rules.UPHELD, "Agreed.", None, world.colleague, FROZEN)
    login_as(world.colleague)
    response = client.get(url(complaint, "/respond"))
    assert "point 2 is not answered" in text_of(response, "unanswered")
    assert "Agreed." in response.get_data(as_text=True)
    response = client.post(url(complaint, "/respond"), data={"overall_response": "All looked at."})
    assert response.status_code == 200
    assert "Answer every point first: point 2 is not answered" in response.get_data(as_text=True)
    response = client.post(url(complaint, "/respond"), data={"overall_response": "  "})
    assert response.status_code == 200 and "Enter the overall response" in response.get_data(as_text=True)
    complaint = reload(db, complaint)
    assert complaint.status == rules.INVESTIGATING and complaint.overall_response is None
    assert not messages_to(db, world.ri, "The response to your complaint")


def test_an_answer_needs_a_finding_and_reasons(client, login_as, world, complaints, db):
    complaint = complaints.investigating()
    point = complaint.points[0]
    login_as(world.colleague)
    page = client.get(answer_url(complaint, point)).get_data(as_text=True)
    assert "Point 1: what happened." in page and "Partly upheld" in page
    good = {"finding": rules.UPHELD, "reasons": "The inspector arrived early.", "action_taken": ""}
    cases = [
        (good | {"finding": ""}, "Select whether the point is upheld"),
        (good | {"finding": "bogus"}, "Select whether the point is upheld"),
        (good | {"reasons": " "}, "Enter the reasons for the finding"),
        (good | {"reasons": "x" * 5001}, "Reasons must be 5,000 characters or fewer"),
        (good | {"action_taken": "x" * 5001}, "Action taken must be 5,000 characters or fewer"),
    ]
    for data, message in cases:
        response = client.post(answer_url(complaint, point), data=data)
        page = response.get_data(as_text=True)
        assert response.status_code == 200 and "There is a problem" in page and message in page, message
    db.session.refresh(point)
    assert point.finding is None and point.reasons is None and point.answered_at is None

    other = complaints.investigating()
    assert client.get(answer_url(complaint, other.points[0])).status_code == 404
    assert client.post(answer_url(complaint, other.points[0]), data=good).status_code == 404
    assert client.post(answer_url(complaint, point), data=good | {"reasons": "x" * 5000}).status_code == 302
    db.session.refresh(point)
    assert point.finding == rules.UPHELD and len(point.reasons) == 5000 and point.answered_by_id == world.colleague.id


def test_only_the_investigator_among_inspectors_sees_the_complaint(client, login_as, world, complaints, make, db):
    """The lead inspector and other inspectors cannot see it; the investigator can answer."""
    complaint = complaints.investigating()
    point = complaint.points[0]
    stranger = make.user(Role.INSPECTOR)
    pages = [url(complaint), url(complaint, "/respond"), answer_url(complaint, point)]
    for inspector in (world.inspector, stranger):
        login_as(inspector)
        for address in pages:
            assert client.get(address).status_code == 404, (inspector.name, address)
        assert (
            client.post(answer_url(complaint, point), data={"finding": rules.UPHELD, "reasons": "x"}).status_code == 404
        )
        assert complaint.reference not in client.get(f"{BASE}/complaints").get_data(as_text=True)
    login_as(world.colleague)
    page = client.get(f"{BASE}/complaints").get_data(as_text=True)
    assert complaint.reference in page and "Complaints you investigate" in page
    assert (
        client.post(answer_url(complaint, point), data={"finding": rules.NOT_UPHELD, "reasons": "Fine."}).status_code
        == 302
    )
    assert reload(db, complaint).points[0].finding == rules.NOT_UPHELD


def test_a_complaint_being_prepared_is_the_providers_alone(client, login_as, world, complaints):
    complaint = complaints.prepared(files=[upload(pdf_bytes(), "notes.pdf")])
    point = complaint.points[0]
    login_as(world.manager)
    for address in (
        url(complaint),
        url(complaint, "/assign"),
        url(complaint, "/respond"),
        answer_url(complaint, point),
        url(complaint, f"/points/{point.id}/evidence/{point.evidence[0].file_id}"),
    ):
        assert client.get(address).status_code == 404, address
    assert client.post(url(complaint, "/acknowledge")).status_code == 404
    assert "Point 1: what happened." not in client.get(f"{BASE}/complaints").get_data(as_text=True)


def test_overdue_complaints_are_listed_first(client, login_as, world, complaints, app):
    """R-CMP-3: a complaint past its response target and not responded to is overdue."""
    late = complaints.lodged()
    on_time = complaints.lodged(now=FROZEN + timedelta(days=3))
    at(app, login_as, world.manager, late.response_due_at - timedelta(seconds=1))
    response = client.get(f"{BASE}/complaints")
    assert text_of(response, "overdue-list") is None and "govuk-tag--red" not in response.get_data(as_text=True)
    at(app, login_as, world.manager, late.response_due_at)
    response = client.get(f"{BASE}/complaints")
    overdue = text_of(response, "overdue-list")
    assert late.reference in overdue and on_time.reference not in overdue
    assert response.get_data(as_text=True).count(">Overdue</strong>") == 1
    assert "Overdue</strong>" in client.get(url(late)).get_data(as_text=True)
    assert "Overdue</strong>" not in client.get(url(on_time)).get_data(as_text=True)
    at(app, login_as, world.colleague, late.response_due_at)  # investigates neither
    assert text_of(client.get(f"{BASE}/complaints"), "overdue-list") is None


def test_a_complaint_before_the_final_report_holds_it_until_responded(client, login_as, world, complaints):
    """R-CMP-2."""
    holding = complaints.lodged()
    done = complaints.responded()
    login_as(world.manager)
    assert "cannot be sent until the complaint has been responded to" in text_of(
        client.get(url(holding)), "hold-notice"
    )
    assert text_of(client.get(url(done)), "hold-notice") is None
    assert client.get(f"{BASE}/complaints").get_data(as_text=True).count("Holds the final report") == 1


def test_acknowledging_twice_is_refused_and_manager_actions_are_managers(client, login_as, world, complaints, db):
    complaint = complaints.lodged()
    login_as(world.manager)
    assert client.post(url(complaint, "/acknowledge")).status_code == 302
    response = client.post(url(complaint, "/acknowledge"))
    assert response.status_code == 200 and "already been acknowledged" in response.get_data(as_text=True)
    assert len(messages_to(db, world.ri, "Your complaint has been acknowledged")) == 1
    investigating = complaints.investigating()
    response = client.post(url(investigating, "/close"))
    assert response.status_code == 200 and "closed once it has been responded to" in response.get_data(as_text=True)
    responded = complaints.responded()
    login_as(world.colleague)
    assert client.post(url(responded, "/close")).status_code == 404
    assert reload(db, responded).status == rules.RESPONDED


def test_evidence_is_downloaded_from_its_own_point_only(client, login_as, world, complaints):
    evidence = pdf_bytes("Timesheet")
    complaint = complaints.lodged(files=[upload(evidence, "timesheet.pdf")])
    point, second = complaint.points
    file_id = point.evidence[0].file_id
    login_as(world.manager)
    assert "timesheet.pdf" in client.get(url(complaint)).get_data(as_text=True)
    download = client.get(url(complaint, f"/points/{point.id}/evidence/{file_id}"))
    assert download.status_code == 200 and download.data == evidence
    assert download.headers["Cache-Control"] == "private, no-store"
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert client.get(url(complaint, f"/points/{second.id}/evidence/{file_id}")).status_code == 404
    other = complaints.lodged()
    assert client.get(url(other, f"/points/{point.id}/evidence/{file_id}")).status_code == 404
    assert client.get(url(complaint, f"/points/{point.id}/evidence/999999")).status_code == 404


def test_a_concern_is_answered_by_a_manager_who_was_not_on_the_inspection(
    client, login_as, world, complaints, make, db
):
    """R-CMP-5."""
    inspection = make.inspection(world.home, world.inspector, team=[world.manager])
    concern = complaints.concern(inspection)
    address = f"{BASE}/concerns/{concern.id}"
    login_as(world.manager)
    assert concern.reference in text_of(client.get(f"{BASE}/complaints"), "concern-list")
    response = client.get(address)
    assert "woke the children" in response.get_data(as_text=True) and text_of(response, "on-team")
    response = client.post(address, data={"reply": "We will look into it."})
    page = response.get_data(as_text=True)
    assert (
        response.status_code == 200 and "Only an inspectorate manager who was not on the inspection can reply" in page
    )
    assert db.session.get(InformalConcern, concern.id).reply is None

    other = make.user(Role.INSPECTORATE_MANAGER)
    login_as(other)
    response = client.post(address, data={"reply": ""})
    assert response.status_code == 200 and "Enter your reply" in response.get_data(as_text=True)
    assert client.post(address, data={"reply": "We will look into it."}).status_code == 302
    db.session.expire_all()
    assert db.session.get(InformalConcern, concern.id).replied_by_id == other.id
    response = client.get(address)
    assert text_of(response, "reply-text") == "We will look into it." and "<textarea" not in response.get_data(
        as_text=True
    )
    assert text_of(client.get(f"{BASE}/complaints"), "concern-list") is None
    assert messages_to(db, world.ri, f"Reply to your concern {concern.reference}")
    login_as(world.colleague)
    assert client.get(address).status_code == 404


def test_the_inspection_page_lists_complaints_and_concerns_for_managers(client, login_as, world, complaints):
    complaint = complaints.lodged()
    draft = complaints.prepared(inspection=complaint.inspection)
    concern = complaints.concern(complaint.inspection, now=FROZEN - timedelta(days=9))  # the day after it ended
    address = f"{BASE}/inspections/{complaint.inspection_id}"
    login_as(world.manager)
    listed = text_of(client.get(address), "complaints")
    assert f"complaint {complaint.reference}" in listed and f"concern {concern.reference}" in listed
    assert listed.count("complaint ") == 1 and draft.id != complaint.id
    login_as(world.inspector)
    response = client.get(address)
    assert response.status_code == 200 and text_of(response, "complaints") is None


def test_provider_users_get_404_on_every_page(client, login_as, world, complaints):
    """R-ROLE-1."""
    complaint = complaints.investigating(files=[upload(pdf_bytes(), "notes.pdf")])
    point = complaint.points[0]
    concern = complaints.concern(world.inspection)
    gets = [
        f"{BASE}/complaints",
        url(complaint),
        url(complaint, "/assign"),
        url(complaint, "/respond"),
        answer_url(complaint, point),
        url(complaint, f"/points/{point.id}/evidence/{point.evidence[0].file_id}"),
        f"{BASE}/concerns/{concern.id}",
    ]
    posts = [
        url(complaint, "/acknowledge"),
        url(complaint, "/close"),
        url(complaint, "/assign"),
        url(complaint, "/respond"),
        answer_url(complaint, point),
        f"{BASE}/concerns/{concern.id}",
    ]
    for user in (world.ri, world.rm, world.ip, world.rival_ri):
        login_as(user)
        for address in gets:
            assert client.get(address).status_code == 404, (user.role, address)
        for address in posts:
            assert client.post(address, data={"reply": "x"}).status_code == 404, (user.role, address)
