"""An inspectorate manager withdraws an inspection entered in error (DESIGN.md convention 6):
with a reason, audited, nothing deleted; the provider is told if they could see it, and sees it
marked withdrawn; it leaves the worklist and no longer blocks a new inspection of the setting."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from portal.core.audit import AuditEvent
from portal.core.outbox import OutboxMessage
from portal.inspections import rules, services
from portal.inspections.models import Inspection
from portal.inspections.services import InspectionError
from tests.conftest import FROZEN


def count(db, model):
    return db.session.scalar(select(func.count()).select_from(model))


def url(inspection) -> str:
    return f"/inspectorate/inspections/{inspection.id}/withdraw"


def test_a_manager_withdraws_with_a_reason_audited_and_the_provider_told(client, login_as, world, db):
    inspection = world.inspection
    login_as(world.manager)
    show = client.get(f"/inspectorate/inspections/{inspection.id}").get_data(as_text=True)
    assert f'href="{url(inspection)}"' in show
    page = client.post(url(inspection), data={"reason": "   "}).get_data(as_text=True)
    assert "There is a problem" in page and "Enter why the inspection is being withdrawn" in page
    too_long = client.post(url(inspection), data={"reason": "x" * 2001}).get_data(as_text=True)
    assert "Reason must be 2,000 characters or fewer" in too_long
    db.session.refresh(inspection)
    assert inspection.status == rules.ON_SITE and count(db, OutboxMessage) == 0

    response = client.post(url(inspection), data={"reason": "Entered for Oak House instead of Ash House"})
    assert response.status_code == 302
    db.session.expire_all()
    inspection = db.session.get(Inspection, inspection.id)  # still there: nothing is deleted
    assert inspection.status == rules.WITHDRAWN and inspection.withdrawn_from == rules.ON_SITE
    assert inspection.withdrawn_by_id == world.manager.id and inspection.withdrawn_at is not None
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "inspection_withdrawn"))
    assert event.actor_id == world.manager.id and event.entity_id == inspection.id
    assert event.before["status"] == rules.ON_SITE and event.after["status"] == rules.WITHDRAWN
    assert event.after["reason"] == "Entered for Oak House instead of Ash House" and event.after["provider_told"]
    mails = list(db.session.scalars(select(OutboxMessage)))
    assert {m.recipient for m in mails} == {world.rm.email, world.ri.email}  # not rm_other: not their home
    assert all(
        "Entered for Oak House instead of Ash House" in m.body and m.subject.startswith("Inspection withdrawn")
        for m in mails
    )

    assert "Withdrawn: entered in error" in client.get(f"/inspectorate/inspections/{inspection.id}").get_data(
        as_text=True
    )
    dashboard = client.get("/inspectorate/").get_data(as_text=True)
    assert f'/inspectorate/inspections/{inspection.id}"' not in dashboard  # left the worklist
    again = client.post(url(inspection), data={"reason": "Again"})
    assert again.status_code == 200 and "already been withdrawn" in again.get_data(as_text=True)
    assert (
        db.session.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "inspection_withdrawn")
        )
        == 1
    )

    login_as(world.rm)
    provider = client.get(f"/inspections/{inspection.id}").get_data(as_text=True)
    assert "Withdrawn: entered in error" in provider and "Entered for Oak House instead of Ash House" in provider
    assert world.manager.name not in provider
    setting = client.get(f"/settings/{world.home.id}").get_data(as_text=True)
    assert "Withdrawn" in setting


def test_an_inspector_sees_no_withdraw_button_and_is_refused(client, login_as, world, db):
    login_as(world.inspector)  # the lead inspector, but not a manager
    show = client.get(f"/inspectorate/inspections/{world.inspection.id}").get_data(as_text=True)
    assert url(world.inspection) not in show
    assert "Only an inspectorate manager can withdraw" in client.get(url(world.inspection)).get_data(as_text=True)
    response = client.post(url(world.inspection), data={"reason": "I entered it twice"})
    assert response.status_code == 403
    db.session.refresh(world.inspection)
    assert world.inspection.status == rules.ON_SITE and count(db, OutboxMessage) == 0
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "inspection_withdrawn")) is None


def test_the_service_refuses_anyone_but_a_manager(world, db):
    with pytest.raises(InspectionError, match="Only an inspectorate manager"):
        services.withdraw(world.inspection, "Twice", world.inspector, FROZEN)
    assert world.inspection.status == rules.ON_SITE


def test_a_withdrawn_inspection_no_longer_blocks_a_new_one(client, login_as, world, db):
    login_as(world.manager)
    data = {
        "urn": world.home.urn,
        "inspection_type": "full",
        "announced": "no",
        "start_date": ["18", "11", "2026"],
        "lead_inspector_id": str(world.inspector.id),
    }
    assert "already has an open" in client.post("/inspectorate/inspections/new", data=data).get_data(as_text=True)
    services.withdraw(world.inspection, "Entered with the wrong start date", world.manager, FROZEN)
    check = client.post("/inspectorate/inspections/new", data=data)
    assert check.status_code == 302
    assert client.post(check.location).status_code == 302
    statuses = [i.status for i in db.session.scalars(select(Inspection).where(Inspection.setting_id == world.home.id))]
    assert sorted(statuses) == [rules.ON_SITE, rules.WITHDRAWN]


def test_no_withdrawal_once_the_draft_is_sent(client, login_as, world, db):
    world.inspection.status, world.inspection.end_date = rules.DRAFT_SENT, date(2026, 11, 6)
    world.inspection.draft_sent_at = datetime(2026, 11, 16, 12, 0, tzinfo=UTC)
    db.session.commit()
    login_as(world.manager)
    assert url(world.inspection) not in client.get(f"/inspectorate/inspections/{world.inspection.id}").get_data(
        as_text=True
    )
    page = client.get(url(world.inspection)).get_data(as_text=True)
    assert "can no longer be withdrawn: its draft report has been sent" in page and 'name="reason"' not in page
    assert client.post(url(world.inspection), data={"reason": "Too late"}).status_code == 200
    db.session.refresh(world.inspection)
    assert world.inspection.status == rules.DRAFT_SENT


def test_an_ended_inspection_can_be_withdrawn_before_its_draft(world, db):
    world.inspection.status, world.inspection.end_date = rules.ENDED, date(2026, 11, 6)
    db.session.commit()
    assert services.withdraw(world.inspection, "A duplicate of inspection 7", world.manager, FROZEN) is True
    assert world.inspection.status == rules.WITHDRAWN and world.inspection.withdrawn_from == rules.ENDED


def test_a_rescheduled_unannounced_inspection_withdrawn_stays_unseen(client, login_as, world, db):
    """R-NOT-1: the provider could not see it, so they are not told and still see nothing of it."""
    world.inspection.status = rules.DEFERRED
    db.session.commit()
    services.reschedule(world.inspection, date(2026, 11, 25), world.inspector, FROZEN)
    assert services.withdraw(world.inspection, "Rescheduled for the wrong home", world.manager, FROZEN) is False
    assert count(db, OutboxMessage) == 0
    login_as(world.rm)
    assert client.get(f"/inspections/{world.inspection.id}").status_code == 404


def test_a_withdrawn_inspection_never_says_its_end_or_judgements_are_still_to_come(client, login_as, world, db):
    """Every status is true: an inspection withdrawn while on site will have no last day on site, no
    judgements at feedback and no timeline, and its pages say so rather than "Not recorded yet"."""
    services.withdraw(world.inspection, "Entered for the wrong home", world.manager, FROZEN)
    for person, page in (
        (world.rm, f"/inspections/{world.inspection.id}"),
        (world.manager, f"/inspectorate/inspections/{world.inspection.id}"),
    ):
        login_as(person)
        html = client.get(page).get_data(as_text=True)
        assert "None: the inspection was withdrawn" in html
        assert "There is no timeline: the inspection was withdrawn." in html
        assert "Not recorded yet" not in html and "Recorded at the end of the inspection." not in html
        assert "The timeline starts when" not in html
