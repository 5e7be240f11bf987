"""Annex A due times that make sense (R-AXA-2, R-AXA-4; DESIGN.md convention 6): never already
passed when set, changed by the inspector only with a reason the provider is sent, and a return's
on-time status decided once, by the due time in force when it arrived."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from portal.annex_a import services, states
from portal.annex_a.models import AnnexADraft, AnnexADueTimeChange, AnnexARequest, AnnexAVersion, RecordIsFixed
from portal.core.audit import AuditEvent
from portal.core.outbox import OutboxMessage
from portal.inspections import rules as inspection_rules
from tests.annex_a.answers import complete_answers
from tests.conftest import FROZEN

UTC = UTC
FIVE_PM = datetime(2026, 11, 18, 17, 0, tzinfo=UTC)  # November: UK time is GMT


def request_url(world):
    return f"/inspectorate/inspections/{world.inspection.id}/annex-a"


def change_url(world):
    return f"/inspectorate/inspections/{world.inspection.id}/annex-a/due-time"


def when(day: int, clock: str, month: int = 11) -> dict:
    return {"due_date": [str(day), str(month), "2026"], "due_time": clock}


def requested(world, due=FIVE_PM) -> AnnexARequest:
    return services.request_annex_a(world.inspection, due, None, world.inspector, FROZEN)


def count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def returned(world, db, annex, at, key="key-1") -> AnnexAVersion:
    if db.session.scalar(select(AnnexADraft).where(AnnexADraft.setting_id == world.home.id)) is None:
        db.session.add(AnnexADraft(setting_id=world.home.id, answers=complete_answers(), updated_at=FROZEN))
        db.session.commit()
    return services.return_annex_a(world.home, annex, "web", key, world.rm, at)


# --- R-AXA-2: a due time already passed is refused -------------------------------------------


@pytest.mark.parametrize(
    "due, field, message",
    [
        (when(18, "09:30"), "due_time", "Due time must be later than now (10:00am on Wednesday 18 November 2026)"),
        (when(18, "10:00"), "due_time", "Due time must be later than now"),  # now is not after now
        (when(17, "17:00"), "due_date", "Due date must be today or in the future"),
    ],
)
def test_a_request_with_a_due_time_passed_is_refused(client, login_as, world, db, due, field, message):
    login_as(world.inspector)
    response = client.post(request_url(world), data=due)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and message in page and "govuk-error-summary" in page
    assert f'href="#{field}' in page
    assert count(db, AnnexARequest) == 0 and count(db, OutboxMessage) == 0


def test_a_request_due_later_today_is_accepted(client, login_as, world, db):
    login_as(world.inspector)
    assert client.post(request_url(world), data=when(18, "10:01")).status_code == 302
    assert db.session.scalar(select(AnnexARequest)).due_at == datetime(2026, 11, 18, 10, 1, tzinfo=UTC)


def test_stc_announced_after_17_00_the_inspector_picks_a_later_time(client, login_as, world, make, db, app):
    """R-AXA-2: the STC's 17:00 on the announcement day has passed when the inspector asks at
    17:30; the form proposes no time, says why, and refuses 17:00; a time tomorrow is accepted."""
    app.config["FROZEN_NOW"] = datetime(2026, 11, 18, 17, 30, tzinfo=UTC)
    stc = make.setting(world.provider, "STC", name="Gate STC")
    inspection = make.inspection(
        stc,
        world.inspector,
        status=inspection_rules.ANNOUNCED,
        start=date(2026, 11, 23),
        announced=True,
        announced_at=datetime(2026, 11, 18, 17, 15, tzinfo=UTC),
    )
    login_as(world.inspector)
    url = f"/inspectorate/inspections/{inspection.id}/annex-a"
    page = client.get(url).get_data(as_text=True)
    assert 'id="due_time" name="due_time" type="text" value=""' in page
    assert (
        "The framework&#39;s time for a secure training centre, 5:00pm on Wednesday 18 November 2026 (the day the "
        "inspection was announced), has passed: agree a later time with the provider and enter it."
    ) in page
    refused = client.post(url, data=when(18, "17:00")).get_data(as_text=True)
    assert "Due time must be later than now (5:30pm on Wednesday 18 November 2026)" in refused
    assert count(db, AnnexARequest) == 0
    assert client.post(url, data=when(19, "12:00")).status_code == 302
    assert services.request_for_inspection(inspection).due_at == datetime(2026, 11, 19, 12, 0, tzinfo=UTC)


def test_an_update_cannot_be_asked_for_by_a_time_passed(client, login_as, world, db):
    """R-AXA-4 with R-AXA-2: the new time of an updated version must be ahead too."""
    version = returned(world, db, requested(world), FROZEN)
    login_as(world.inspector)
    response = client.post(
        f"/inspectorate/annex-a/versions/{version.id}/update",
        data={"reason": "Counts do not match", **when(18, "08:00")},
    )
    assert response.status_code == 200 and "Due time must be later than now" in response.get_data(as_text=True)
    db.session.expire_all()
    assert version.status == states.RECEIVED and version.request.due_at == FIVE_PM
    assert count(db, AnnexADueTimeChange) == 0


# --- R-AXA-2: the inspector changes the due time, with a reason ---------------------------------


def test_a_change_is_recorded_audited_sent_and_shown_to_the_provider(client, login_as, world, db):
    requested(world)
    login_as(world.inspector)
    form = client.get(change_url(world)).get_data(as_text=True)
    assert 'It is due by <strong id="current-due">5:00pm on Wednesday 18 November 2026</strong>' in form
    response = client.post(
        change_url(world),
        data={
            **when(19, "12:00"),
            "reason": "The manager is at a strategy meeting this afternoon",
            "seen_due": FIVE_PM.isoformat(),
        },
    )
    assert response.status_code == 302
    change = db.session.scalar(select(AnnexADueTimeChange))
    assert (change.kind, change.old_due_at, change.new_due_at) == (
        "changed",
        FIVE_PM,
        datetime(2026, 11, 19, 12, 0, tzinfo=UTC),
    )
    assert (change.reason, change.changed_by_id, change.changed_at) == (
        "The manager is at a strategy meeting this afternoon",
        world.inspector.id,
        FROZEN,
    )
    assert change.request.due_at == change.new_due_at
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "annex_a_due_time_changed"))
    assert event.actor_id == world.inspector.id and event.before == {"due_at": FIVE_PM.isoformat()}
    assert event.after["reason"] == change.reason

    mails = db.session.scalars(select(OutboxMessage).where(OutboxMessage.subject.startswith("Annex A due time"))).all()
    assert {m.recipient for m in mails} == {world.rm.email, world.ri.email}  # as the request e-mail
    body = mails[0].body
    assert "It was due by 5:00pm on Wednesday 18 November 2026." in body
    assert "It is now due by midday on Thursday 19 November 2026." in body
    assert "Why:\nThe manager is at a strategy meeting this afternoon" in body
    assert f"/settings/{world.home.id}/annex-a" in body

    login_as(world.rm)
    page = client.get(f"/settings/{world.home.id}/annex-a").get_data(as_text=True)
    assert "by midday on Thursday 19 November 2026:" in page and "5:00pm on Wednesday 18 November 2026:" not in page
    assert "it was due by 5:00pm on Wednesday 18 November 2026. Why: The manager is at a strategy meeting" in page
    login_as(world.inspector)
    page = client.get(request_url(world)).get_data(as_text=True)
    history = page.split('id="due-time-history"')[1]
    assert "First due by 5:00pm on Wednesday 18 November 2026" in history
    assert "Changed to <strong>midday on Thursday 19 November 2026</strong>" in history
    assert world.inspector.name in history and "strategy meeting" in history


@pytest.mark.parametrize(
    "data, message",
    [
        ({**when(19, "12:00"), "reason": "   "}, "Enter why the due time is changing"),
        ({**when(18, "17:00"), "reason": "No change"}, "New due time must be different from the current one"),
        ({**when(18, "09:00"), "reason": "Earlier"}, "New due time must be later than now"),
        ({**when(17, "12:00"), "reason": "Earlier"}, "New due date must be today or in the future"),
        ({"due_date": ["", "", ""], "due_time": "", "reason": "Later"}, "Enter the new due date"),
        ({**when(19, "25:00"), "reason": "Later"}, "New due time must be a real time, like 17:00"),
        (
            {**when(19, "12:00"), "reason": "Later", "seen_due": "2026-11-18T16:00:00+00:00"},
            "The due time has just been changed to 5:00pm on Wednesday 18 November 2026",
        ),
    ],
)
def test_a_change_without_a_reason_or_a_new_time_ahead_is_refused(client, login_as, world, db, data, message):
    requested(world)
    login_as(world.inspector)
    response = client.post(change_url(world), data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and message in page and "govuk-error-summary" in page
    assert count(db, AnnexADueTimeChange) == 0 and db.session.scalar(select(AnnexARequest)).due_at == FIVE_PM
    assert not db.session.scalar(select(OutboxMessage).where(OutboxMessage.subject.startswith("Annex A due time")))


def test_every_problem_of_a_change_is_said_at_once(client, login_as, world, db):
    requested(world)
    login_as(world.inspector)
    page = client.post(change_url(world), data={**when(18, "09:00"), "reason": ""}).get_data(as_text=True)
    summary = page.split("govuk-error-summary__list")[1].split("</ul>")[0]
    assert "New due time must be later than now" in summary and "Enter why the due time is changing" in summary
    assert summary.index("New due time") < summary.index("Enter why")  # in the order of the form
    assert count(db, AnnexADueTimeChange) == 0


def test_no_change_after_a_return_or_its_acceptance(client, login_as, world, db):
    """R-AXA-2, R-AXA-4: once a return has arrived (and after it is accepted) its status is fixed;
    a new time comes only with a request for an updated version."""
    annex = requested(world)
    version = returned(world, db, annex, FROZEN)
    login_as(world.inspector)
    for status in (states.RETURNED, states.ACCEPTED):
        db.session.expire_all()
        assert version.request.status == status
        page = client.get(change_url(world)).get_data(as_text=True)
        assert "The due time can no longer be changed" in page and 'name="reason"' not in page
        assert "Change the due time" not in client.get(request_url(world)).get_data(as_text=True)
        assert client.post(change_url(world), data={**when(19, "12:00"), "reason": "Later"}).status_code == 200
        with pytest.raises(services.AnnexAError, match="can no longer be changed"):
            services.change_due_time(
                version.request, FIVE_PM + timedelta(days=1), "Later", None, world.inspector, FROZEN
            )
        db.session.rollback()
        assert count(db, AnnexADueTimeChange) == 0
        if status == states.RETURNED:
            services.accept(version, world.inspector, FROZEN)


# --- R-AXA-2: on time by the due time in force when the return arrived --------------------------


def test_a_return_between_the_old_and_the_new_due_time_is_on_time(world, db):
    annex = requested(world)
    services.change_due_time(
        annex, FIVE_PM + timedelta(hours=2), "Staff meeting", None, world.inspector, FIVE_PM - timedelta(hours=1)
    )
    version = returned(world, db, annex, FIVE_PM + timedelta(hours=1))  # 18:00: late by the old time
    assert version.on_time is True and version.due_at == FIVE_PM + timedelta(hours=2)


def test_a_return_keeps_the_status_it_arrived_with(client, login_as, world, db):
    annex = requested(world)
    late = returned(world, db, annex, FIVE_PM + timedelta(minutes=1))  # 17:01
    assert late.on_time is False and late.due_at == FIVE_PM
    services.request_update(
        late,
        "Restraint counts do not match",
        FIVE_PM + timedelta(days=2),
        world.inspector,
        FIVE_PM + timedelta(hours=1),
    )
    db.session.expire_all()
    assert late.on_time is False and late.due_at == FIVE_PM and annex.due_at == FIVE_PM + timedelta(days=2)
    update = db.session.scalar(select(AnnexADueTimeChange))
    assert (update.kind, update.old_due_at, update.reason) == ("update", FIVE_PM, "Restraint counts do not match")
    second = returned(world, db, annex, FIVE_PM + timedelta(days=1), key="key-2")
    assert second.on_time is True and second.due_at == FIVE_PM + timedelta(days=2)
    login_as(world.inspector)
    page = client.get(request_url(world)).get_data(as_text=True)
    assert "5:01pm on Wednesday 18 November 2026, late (due by 5:00pm on Wednesday 18 November 2026)" in page
    assert "on time (due by 5:00pm on Friday 20 November 2026)" in page
    login_as(world.rm)
    page = client.get(f"/settings/{world.home.id}/annex-a/versions/{late.id}").get_data(as_text=True)
    assert "late (due by 5:00pm on Wednesday 18 November 2026, the due time when it arrived)" in page


def test_the_records_cannot_be_rewritten(world, db):
    """DESIGN.md convention 6: a version's due time and status, a change, and a due time moved
    without a change are all refused by the ORM."""
    annex = requested(world)
    version = returned(world, db, annex, FIVE_PM + timedelta(minutes=1))
    for name, value in (("on_time", True), ("due_at", FIVE_PM + timedelta(hours=1)), ("submitted_at", FIVE_PM)):
        setattr(version, name, value)
        with pytest.raises(RecordIsFixed):
            db.session.commit()
        db.session.rollback()
    annex = db.session.get(AnnexARequest, annex.id)
    annex.due_at = FIVE_PM + timedelta(days=1)
    with pytest.raises(RecordIsFixed):
        db.session.commit()
    db.session.rollback()
    services.request_update(version, "Counts", FIVE_PM + timedelta(days=1), world.inspector, FROZEN)
    change = db.session.scalar(select(AnnexADueTimeChange))
    change.reason = "Something else"
    with pytest.raises(RecordIsFixed):
        db.session.commit()
    db.session.rollback()
    with pytest.raises(RecordIsFixed):
        db.session.delete(change)
        db.session.commit()
    db.session.rollback()
    db.session.expire_all()
    assert version.on_time is False and change.reason == "Counts"
