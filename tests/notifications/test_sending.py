"""Sending a notification through its pages (R-NTF-1..6, issue 19): the kind, its own questions,
check your answers and the declaration; wholly stored (record, version, documents, audit, the lead
inspector's alert and the confirmations) or not at all; bad input answered and nothing kept."""

from io import BytesIO

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from portal.core.audit import AuditEvent
from portal.core.outbox import OutboxMessage
from portal.notifications import messages
from portal.notifications.models import Notification, NotificationDraft, NotificationVersion
from tests.core.test_outbox import smtp_server  # noqa: F401  (fixture)
from tests.files import field, pdf_bytes
from tests.pdf_structure import tagged

EVENT = {
    "on": ["16", "11", "2026"],
    "at": "21:40",
    "what": "A child left the home without permission and was found by the police two hours later.",
    "children": "One child, A.B.",
    "told": ["police", "placing_authority"],
    "action": "A return interview is booked; the risk assessment is reviewed.",
    "enquiry": "yes",
}


def count(db, model):
    return db.session.scalar(select(func.count()).select_from(model))


def write(client, setting, kind="serious_event", **overrides):
    return client.post(
        f"/settings/{setting.id}/notifications/new/{kind}",
        data=EVENT | overrides,
        content_type="multipart/form-data",
    )


def send(client, setting, kind="serious_event", **overrides) -> Notification:
    response = write(client, setting, kind, **overrides)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    check = response.location
    page = client.get(check).get_data(as_text=True)
    assert "Check your answers before sending the notification" in page
    sent = client.post(check, data={"confirm": "yes"})
    assert sent.status_code == 302 and "/sent" in sent.location
    return Notification.query.order_by(Notification.id.desc()).first()


def test_a_serious_event_is_sent_whole_and_its_lead_inspector_told(client, login_as, world, db):
    login_as(world.rm)
    choose = client.post(f"/settings/{world.home.id}/notifications/new", data={"kind": "serious_event"})
    assert choose.location.endswith(f"/settings/{world.home.id}/notifications/new/serious_event")
    notification = send(client, world.home)
    assert notification.regulation == "40" and notification.reference.startswith("NTF-")
    assert notification.owner_id == world.inspector.id  # R-NTF-1: the lead of its latest inspection
    assert notification.enquiry_open  # R-NTF-2: an outcome is owed
    version = notification.current
    assert version.answers["what"] == EVENT["what"] and version.answers["on"] == "2026-11-16"
    assert version.answers["told"] == ["police", "placing_authority"] and version.urn == world.home.urn
    assert count(db, NotificationDraft) == 0
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "notification_sent")).all()
    assert len(events) == 1 and events[0].actor_id == world.rm.id
    to = {m.recipient: m for m in db.session.scalars(select(OutboxMessage))}
    alert = to[world.inspector.email]
    assert alert.subject == f"Notification: A serious event at Oak House ({world.home.urn})"
    assert f"/inspectorate/notifications/{notification.id}" in alert.body
    assert EVENT["what"] not in alert.body and "A.B." not in alert.body  # what happened stays in the portal
    assert {world.rm.email, world.ri.email} <= set(to)  # the confirmations (issue 18)
    assert notification.reference in to[world.rm.email].body
    page = client.get(f"/notifications/{notification.id}/sent").get_data(as_text=True)
    assert notification.reference in page and "Download your receipt" in page


def test_the_receipt_is_a_tagged_copy_of_what_was_sent(client, login_as, world, db):
    login_as(world.rm)
    notification = send(client, world.home, documents=field(pdf_bytes("Incident log"), "log.pdf"))
    response = client.get(f"/notifications/{notification.id}/versions/1/receipt.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert tagged(response.data).roles[:2] == ["Document", "H1"]
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(response.data)).pages).replace("\n", " ")
    assert notification.reference in text and "log.pdf" in text
    assert notification.current.documents[0].file.sha256 in text.replace(" ", "")  # wrapped in its cell


def test_a_double_click_on_send_makes_one_notification(client, login_as, world, db):
    login_as(world.rm)
    check = write(client, world.home).location
    first = client.post(check, data={"confirm": "yes"})
    second = client.post(check, data={"confirm": "yes"})
    assert first.location == second.location
    assert count(db, Notification) == 1 and count(db, NotificationVersion) == 1


def test_nothing_is_stored_when_the_alert_cannot_be_queued(client, login_as, world, db, monkeypatch):
    login_as(world.rm)
    check = write(client, world.home).location

    def broken(*_args):
        raise RuntimeError("outbox unavailable")

    monkeypatch.setattr(messages, "arrived", broken)
    with pytest.raises(RuntimeError):
        client.post(check, data={"confirm": "yes"})
    db.session.rollback()
    assert count(db, Notification) == count(db, NotificationVersion) == count(db, OutboxMessage) == 0
    assert count(db, NotificationDraft) == 1  # still waiting on the check page


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"on": ["19", "11", "2026"]}, "The date must be today or in the past"),
        ({"on": ["31", "2", "2026"]}, "The date must be a real date"),
        ({"on": ["", "", ""]}, "Enter the date"),
        ({"what": ""}, "Enter what happened"),
        ({"what": "Jamie ran off after tea."}, "What happened must not include a name"),
        ({"children": "Sophie Turner"}, "The children involved must not include a name"),
        ({"children": "One child, DOB 3/4/2012"}, "The children involved must not include a date"),
        ({"action": "He was born on 4 May 2011 so is 15"}, "What was done must not include a date"),
        ({"told": []}, "Select who else has been told, or &#39;No one else yet&#39;"),
        ({"told": ["none", "police"]}, "Select &#39;No one else yet&#39; on its own"),
        ({"told": ["the_press"]}, "Select who else has been told"),
        ({"at": "25:00"}, "Enter the time using the 24-hour clock"),
        ({"enquiry": ""}, "Select whether a child protection enquiry has started"),
    ],
)
def test_bad_answers_get_a_gov_uk_error_and_nothing_is_stored(client, login_as, world, db, overrides, message):
    login_as(world.rm)
    response = write(client, world.home, **overrides)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "There is a problem" in page and message in page
    assert count(db, NotificationDraft) == count(db, Notification) == 0


def test_a_date_written_about_the_event_is_not_taken_for_a_date_of_birth(client, login_as, world, db):
    login_as(world.rm)
    notification = send(client, world.home, what="On 16 November at 21:40 a child left without permission.")
    assert notification.current.answers["what"].startswith("On 16 November")


def test_a_family_centre_writes_counts_not_initials(client, login_as, world, make, db):
    centre = make.setting(world.provider, "RFC", name="Birch Family Centre")
    login_as(world.ri)
    page = write(client, centre, children="One parent, C.D.").get_data(as_text=True)
    assert "The children involved must not include initials: use counts only" in page
    assert send(client, centre, children="One parent and one baby").regulation == "26"  # R-NTF-1


@pytest.mark.parametrize(
    "setting_type, kind",
    [("RFC", "statement_of_purpose"), ("STC", "serious_event"), ("CH", "a_rumour"), ("CH", "enquiry_outcome")],
)
def test_a_kind_that_does_not_apply_is_refused_with_the_choice_again(
    client, login_as, world, make, db, setting_type, kind
):
    place = make.setting(world.provider, setting_type)
    login_as(world.ri)
    response = write(client, place, kind)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "There is a problem" in page and "that kind does not apply" in page
    chosen = client.post(f"/settings/{place.id}/notifications/new", data={"kind": kind})
    assert chosen.status_code == 200 and "Select what you need to tell the inspectorate" in chosen.get_data(
        as_text=True
    )
    assert count(db, NotificationDraft) == count(db, Notification) == 0


def test_a_secure_training_centre_is_told_where_its_incidents_go(client, login_as, world, make):
    centre = make.setting(world.provider, "STC", name="Elm STC")
    login_as(world.ri)
    page = client.get(f"/settings/{centre.id}/notifications").get_data(as_text=True)
    assert "does not notify serious incidents through this portal" in page  # R-NTF-7
    assert "Notify the inspectorate</a>" not in page


def test_only_the_responsible_individual_tells_of_the_manager(client, login_as, world, db):
    answers = {"on": ["4", "1", "2027"], "what": "Planned surgery and recovery.", "acting_manager": "Deputy manager"}
    login_as(world.rm)
    refused = client.post(f"/settings/{world.home.id}/notifications/new/manager_absence", data=answers)
    assert "that kind does not apply" in refused.get_data(as_text=True)
    login_as(world.ri)
    response = client.post(
        f"/settings/{world.home.id}/notifications/new/manager_absence",
        data=answers | {"until": ["1", "3", "2027"]},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302  # R-NTF-4: a known absence is told before it starts
    client.post(response.location, data={"confirm": "yes"})
    notification = Notification.query.one()
    assert notification.regulation == "48" and notification.current.answers["acting_manager"] == "Deputy manager"
    login_as(world.rm)
    assert client.get(f"/notifications/{notification.id}").status_code == 404  # what the RI said of the manager


def test_the_statement_of_purpose_needs_its_document(client, login_as, world, db):
    login_as(world.rm)
    answers = {"on": ["10", "11", "2026"], "what": "A new section on short breaks."}
    response = client.post(
        f"/settings/{world.home.id}/notifications/new/statement_of_purpose",
        data=answers,
        content_type="multipart/form-data",
    )
    assert "Select the new statement of purpose" in response.get_data(as_text=True)
    assert count(db, NotificationDraft) == 0
    response = client.post(
        f"/settings/{world.home.id}/notifications/new/statement_of_purpose",
        data=answers | {"documents": field(pdf_bytes("Statement of purpose"), "sop.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302  # R-NTF-5


def test_accommodating_again_with_less_than_three_months_notice_is_flagged_and_sent(client, login_as, world, db):
    login_as(world.ri)
    response = client.post(
        f"/settings/{world.home.id}/notifications/new/accommodating_again",
        data={
            "on": ["5", "1", "2027"],
            "what": "One child, aged 12, referred by the placing authority.",
            "children": "One child",
        },
        content_type="multipart/form-data",
    )
    check = client.get(response.location).get_data(as_text=True)
    assert "Less than 3 months&#39; notice (48 days)" in check  # R-NTF-6: flagged, not refused
    client.post(response.location, data={"confirm": "yes"})
    notification = Notification.query.one()
    assert "Less than 3 months" in client.get(f"/notifications/{notification.id}").get_data(as_text=True)


def test_a_change_link_brings_back_the_answers_and_keeps_the_document(client, login_as, world, db):
    login_as(world.rm)
    check = write(client, world.home, documents=field(pdf_bytes("Log"), "log.pdf")).location
    change = check.replace("/check", "/change")
    page = client.get(change).get_data(as_text=True)
    assert EVENT["what"] in page and 'value="21:40"' in page
    response = client.post(
        change, data=EVENT | {"what": "A child left without permission."}, content_type="multipart/form-data"
    )
    assert response.location == check
    page = client.get(check).get_data(as_text=True)
    assert "A child left without permission." in page and "log.pdf" in page
    client.post(check, data={"confirm": "yes"})
    assert Notification.query.one().current.documents[0].file.original_name == "log.pdf"


def test_the_declaration_must_be_confirmed(client, login_as, world, db):
    login_as(world.rm)
    check = write(client, world.home).location
    page = client.post(check, data={}).get_data(as_text=True)
    assert "Confirm the declaration to send the notification" in page
    assert count(db, Notification) == 0


def test_someone_elses_draft_is_not_found(client, login_as, world, db):
    login_as(world.rm)
    check = write(client, world.home).location
    login_as(world.ri)
    assert client.get(check).status_code == 404
    assert client.post(check, data={"confirm": "yes"}).status_code == 404
    assert count(db, Notification) == 0


def test_an_independent_person_chooses_no_kind_but_their_urgent_concern(client, login_as, world, db):
    login_as(world.ip)
    assert client.get(f"/settings/{world.home.id}/notifications/new").status_code == 404
    assert write(client, world.home).status_code == 404
    assert count(db, NotificationDraft) == count(db, Notification) == 0


def test_the_alert_reaches_the_lead_inspector_over_smtp(app, client, login_as, world, db, smtp_server):  # noqa: F811
    controller, inbox = smtp_server
    login_as(world.rm)
    notification = send(client, world.home)
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=controller.port)
    result = app.test_cli_runner().invoke(args=["portal", "send-outbox"])
    assert result.exit_code == 0, result.output
    alert = next(m for m in inbox.messages if m["To"] == world.inspector.email)
    assert alert["Subject"] == f"Notification: A serious event at Oak House ({world.home.urn})"
    body = alert.get_payload(decode=True).decode()
    assert f"/inspectorate/notifications/{notification.id}" in body and notification.reference in body
    assert {m["To"] for m in inbox.messages} >= {world.inspector.email, world.rm.email, world.ri.email}
