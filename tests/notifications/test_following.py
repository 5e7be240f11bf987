"""After a notification is sent: its enquiry's outcome linked to it (R-NTF-2), updates as new
versions that leave the first words visible, and the inspectorate's queue and triage (issue 19)."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from portal.core.audit import AuditEvent
from portal.core.outbox import OutboxMessage
from portal.notifications import queries, services
from portal.notifications.models import Notification, NotificationIsAppendOnly, NotificationTriage
from tests.conftest import FROZEN
from tests.files import pdf_bytes, upload

OUTCOME = {
    "on": ["17", "11", "2026"],
    "what": "The strategy meeting found no further action was needed.",
    "children": "One child",
    "action": "The safety plan stays in place.",
}


def test_an_outcome_is_linked_to_its_event_and_closes_the_enquiry(make, client, login_as, world, db):
    event = make.notification(world.home, world.rm, on=date(2026, 11, 16))
    login_as(world.rm)
    page = client.get(f"/settings/{world.home.id}/notifications").get_data(as_text=True)
    assert "Enquiries waiting for their outcome" in page and event.reference in page
    response = client.post(f"/notifications/{event.id}/outcome", data=OUTCOME, content_type="multipart/form-data")
    assert response.status_code == 302
    client.post(response.location, data={"confirm": "yes"})
    db.session.expire_all()
    outcome = db.session.scalar(select(Notification).where(Notification.kind == "enquiry_outcome"))
    assert outcome.follows_id == event.id and outcome.regulation == "40"
    assert not db.session.get(Notification, event.id).enquiry_open
    page = client.get(f"/notifications/{event.id}").get_data(as_text=True)
    assert outcome.reference in page and "Send the outcome of the enquiry" not in page
    assert client.get(f"/notifications/{event.id}/outcome").status_code == 404  # only one is owed


def test_an_update_is_a_new_version_and_the_first_words_stay(make, client, login_as, world, db):
    event = make.notification(world.home, world.rm, on=date(2026, 11, 16))
    login_as(world.ri)
    form = client.get(f"/notifications/{event.id}/update").get_data(as_text=True)
    assert "A child went missing for two hours" in form  # the current answers, to change
    answers = {
        "reason": "The police have now interviewed the child.",
        "on": ["16", "11", "2026"],
        "what": "A child went missing for two hours; the police interviewed them the next day.",
        "children": "One child",
        "told": ["police", "lado"],
        "action": "Return interview held; LADO consulted.",
        "enquiry": "yes",
    }
    response = client.post(f"/notifications/{event.id}/update", data=answers, content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert "This updates notification" in client.get(response.location).get_data(as_text=True)
    client.post(response.location, data={"confirm": "yes"})
    db.session.expire_all()
    event = db.session.get(Notification, event.id)
    assert event.latest_version == 2 and len(event.versions) == 2
    assert event.versions[0].answers["what"] == "A child went missing for two hours and was found safe"
    assert (
        event.current.reason == "The police have now interviewed the child." and "reason" not in event.current.answers
    )
    page = client.get(f"/notifications/{event.id}").get_data(as_text=True)
    assert "Version 1, as first sent" in page and "A child went missing for two hours and was found safe" in page
    assert "the police interviewed them the next day" in page
    alerts = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.subject.startswith("Notification updated (version 2)"))
    ).all()
    assert [m.recipient for m in alerts] == [world.inspector.email]
    assert db.session.scalar(select(func.count()).where(AuditEvent.action == "notification_updated")) == 1


def test_a_sent_version_cannot_be_rewritten(make, world, db):
    event = make.notification(world.home, world.rm, on=date(2026, 11, 16))
    event.current.answers = {"what": "something else"}
    with pytest.raises(NotificationIsAppendOnly):
        db.session.commit()
    db.session.rollback()


def test_the_lead_inspector_triages_with_a_note_and_a_later_triage_keeps_the_first(make, client, login_as, world, db):
    event = make.notification(world.home, world.rm, on=date(2026, 11, 16))
    login_as(world.inspector)
    page = client.get(f"/inspectorate/notifications/{event.id}").get_data(as_text=True)
    assert "Record the triage" in page and "A child went missing" in page
    refused = client.post(
        f"/inspectorate/notifications/{event.id}/triage", data={"decision": "contact", "version": "1"}
    )
    assert "Enter a note on the decision" in refused.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(NotificationTriage)) == 0
    done = client.post(
        f"/inspectorate/notifications/{event.id}/triage",
        data={"decision": "contact", "note": "Called the manager: the plan is sound.", "version": "1"},
    )
    assert done.status_code == 302
    login_as(world.manager)
    client.post(
        f"/inspectorate/notifications/{event.id}/triage",
        data={"decision": "bring_forward", "note": "Third missing episode this quarter.", "version": "1"},
    )
    db.session.expire_all()
    event = db.session.get(Notification, event.id)
    assert [t.decision for t in event.triages] == ["contact", "bring_forward"]
    assert event.triage_decision == "bring_forward" and event.triaged_at == FROZEN
    page = client.get(f"/inspectorate/notifications/{event.id}").get_data(as_text=True)
    assert "Called the manager: the plan is sound." in page and "Third missing episode" in page
    login_as(world.rm)
    page = client.get(f"/notifications/{event.id}").get_data(as_text=True)
    assert "Read by the inspectorate" in page and "Called the manager" not in page  # notes are the inspectorate's


def test_only_the_owner_or_a_manager_triages(client, login_as, world, make, db):
    event = make.notification(world.home, world.rm, on=date(2026, 11, 16))
    login_as(world.colleague)  # sees the setting (same region) but it did not go to them
    assert client.get(f"/inspectorate/notifications/{event.id}").status_code == 200
    response = client.post(
        f"/inspectorate/notifications/{event.id}/triage", data={"decision": "refer", "note": "x", "version": "1"}
    )
    assert response.status_code == 403
    assert db.session.scalar(select(func.count()).select_from(NotificationTriage)) == 0


def test_the_queue_puts_the_most_serious_first_and_each_inspector_sees_their_own(client, login_as, world, make, db):
    sop = make.notification(
        world.home, world.rm, "statement_of_purpose", sent=FROZEN - timedelta(days=3), files=[_pdf()]
    )
    event = make.notification(world.home, world.rm, sent=FROZEN - timedelta(days=1))
    rival = make.notification(world.rival_home, world.rival_rm)
    login_as(world.inspector)
    page = queries.queue(world.inspector, None)
    assert [n.id for n in page.items] == [event.id, sop.id]  # a serious event before an older statement
    assert rival.owner_id == world.colleague.id
    html = client.get("/inspectorate/notifications").get_data(as_text=True)
    assert event.reference in html and rival.reference not in html
    enquiries, total = queries.enquiries_without_outcome(world.inspector)
    assert [n.id for n in enquiries] == [event.id] and total == 1
    login_as(world.manager)
    assert {n.id for n in queries.queue(world.manager, None).items} == {event.id, sop.id, rival.id}


def test_a_setting_without_a_lead_inspector_notifies_the_managers(world, make, db):
    notification = make.notification(world.other_home, world.ri)
    assert notification.owner_id is None
    alerted = db.session.scalars(
        select(OutboxMessage.recipient).where(OutboxMessage.subject.startswith("Notification:"))
    )
    assert list(alerted) == [world.manager.email]


def test_the_inspectorate_reads_a_settings_notifications_beside_its_reports(client, login_as, world, make, db):
    recent = make.notification(world.home, world.rm)
    old = make.notification(world.home, world.rm, sent=FROZEN - timedelta(days=400), on=date(2025, 10, 1))
    login_as(world.inspector)
    page = client.get(f"/inspectorate/monitoring/settings/{world.home.id}").get_data(as_text=True)
    assert "Notifications in the last 12 months" in page
    assert recent.reference in page and old.reference not in page
    assert queries.counts_by_setting([world.home.id, world.other_home.id], FROZEN) == {world.home.id: 1}


def _pdf():
    return upload(pdf_bytes("Statement of purpose"), "sop.pdf")


def test_the_oversight_page_counts_notifications_beside_late_reports(client, login_as, world, make, db):
    make.notification(world.home, world.rm)
    make.notification(world.home, world.rm, "statement_of_purpose", files=[_pdf()])
    make.notification(world.rival_home, world.rival_rm)
    login_as(world.manager)
    page = client.get("/inspectorate/monitoring").get_data(as_text=True)
    assert "3</strong> notifications from these settings wait for triage" in page
    row = page[page.index(f">{world.home.name}</a>") :]
    row = row[: row.index("</tr>")]
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">2</td>' in row
    filtered = client.get(f"/inspectorate/monitoring?local_authority={world.rival_home.local_authority}&region=x")
    assert "No notification from these settings waits for triage" in filtered.get_data(as_text=True)


def test_an_update_is_checked_like_the_rest_and_goes_back_to_the_queue(client, login_as, world, make, db):
    event = make.notification(world.home, world.rm, on=date(2026, 11, 16))
    services.triage(event, 1, "no_further_action", "Handled well.", world.inspector, FROZEN)
    answers = {
        "on": ["16", "11", "2026"],
        "what": "A child went missing for two hours and was found safe",
        "children": "One child",
        "told": ["police"],
        "action": "Return interview held",
        "enquiry": "yes",
    }
    login_as(world.rm)
    named = client.post(
        f"/notifications/{event.id}/update",
        data=answers | {"reason": "Jamie's social worker called back."},
        content_type="multipart/form-data",
    )
    assert "What has changed must not include a name" in named.get_data(as_text=True)
    sent = client.post(
        f"/notifications/{event.id}/update",
        data=answers | {"reason": "The social worker called back."},
        content_type="multipart/form-data",
    )
    assert "Send the update" in client.get(sent.location).get_data(as_text=True)
    client.post(sent.location, data={"confirm": "yes"})
    db.session.expire_all()
    assert db.session.get(Notification, event.id).triaged_at is None  # read again
    assert event.id in [n.id for n in queries.queue(world.inspector, None).items]
    login_as(world.inspector)
    page = client.get(f"/inspectorate/notifications/{event.id}").get_data(as_text=True)
    assert "Version 1 read; version 2 not yet" in page and "Handled well." in page


def test_a_second_outcome_of_one_enquiry_is_refused(client, login_as, world, make, db):
    event = make.notification(world.home, world.rm, on=date(2026, 11, 16))
    login_as(world.rm)
    first = client.post(f"/notifications/{event.id}/outcome", data=OUTCOME, content_type="multipart/form-data")
    second = client.post(f"/notifications/{event.id}/outcome", data=OUTCOME, content_type="multipart/form-data")
    client.post(first.location, data={"confirm": "yes"})
    refused = client.post(second.location, data={"confirm": "yes"})
    assert "has been sent already" in refused.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).where(Notification.kind == "enquiry_outcome")) == 1
