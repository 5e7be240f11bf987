"""Serious concerns stay raised, and their alerts have an owner (R-MON-3, R-MON-6, DESIGN.md
convention 6): a correction keeps the concern unless its author withdraws it with a reason, which
alerts the lead inspector again; only the lead inspector or a manager records what was done."""

from sqlalchemy import event, func, select

from portal.core.audit import AuditEvent
from portal.core.outbox import OutboxMessage
from portal.extensions import db as _db
from portal.inspections import ownership
from portal.monitoring_reports import concerns, oversight
from portal.monitoring_reports.models import ConcernAction, MonitoringReport, PendingSubmission
from tests.conftest import FROZEN
from tests.monitoring_reports.test_submission import visit_data

CONCERN = {"serious_concern": True, "serious_concern_details": "A child said staff hit them"}


def count(db, model):
    return db.session.scalar(select(func.count()).select_from(model))


def correct(client, report, **overrides):
    """Post a correction and send it; returns the form's response when it is refused."""
    data = (
        visit_data(
            reason="Typing error in the records",
            serious_concern="yes",
            serious_concern_details="A child said staff hit them",
        )
        | overrides
    )
    response = client.post(f"/visit-reports/{report.id}/correct", data=data, content_type="multipart/form-data")
    if response.status_code != 302:
        return response
    return client.post(response.location, data={"confirm": "yes"})


def alerts(db, subject):
    return db.session.scalars(select(OutboxMessage).where(OutboxMessage.subject.startswith(subject))).all()


def dashboard(client):
    return client.get("/inspectorate/").get_data(as_text=True)


def test_a_concern_survives_a_correction_by_its_author(client, login_as, world, make, db):
    report = make.report(world.home, world.ip, **CONCERN)
    login_as(world.ip)
    correct(client, report, records_inspected="Daily logs, incident records, restraint log")
    db.session.expire_all()
    report = db.session.get(MonitoringReport, report.id)
    assert report.latest_version == 2 and report.current.serious_concern
    assert report.current.serious_concern_details == "A child said staff hit them"
    assert len(alerts(db, "Serious concern:")) == 1  # no second alert for the same concern
    login_as(world.inspector)
    assert "raises serious concerns" in dashboard(client)


def test_the_service_keeps_a_concern_a_correction_does_not_mention(world, make, db):
    from portal.monitoring_reports import services
    from tests.files import pdf_bytes, upload

    report = make.report(world.home, world.ip, **CONCERN)
    answers = {"visit_date": report.current.visit_date, "reason": "New document"}
    pending = services.prepare(world.ip, world.home, "visit", answers, upload(pdf_bytes("v2")), FROZEN, report)
    services.submit(pending, world.ip, FROZEN)
    db.session.expire_all()
    assert db.session.get(MonitoringReport, report.id).current.serious_concern


def test_withdrawing_a_concern_needs_a_reason(client, login_as, world, make, db):
    report = make.report(world.home, world.ip, **CONCERN)
    login_as(world.ip)
    form = client.get(f"/visit-reports/{report.id}/correct").get_data(as_text=True)
    assert "If you are withdrawing the serious concern, why?" in form
    refused = correct(client, report, serious_concern="no")
    assert refused.status_code == 200
    assert "Enter why you are withdrawing the serious concern" in refused.get_data(as_text=True)
    assert count(db, PendingSubmission) == 0
    db.session.expire_all()
    assert db.session.get(MonitoringReport, report.id).latest_version == 1


def test_a_withdrawal_is_recorded_audited_and_alerts_the_lead_again(client, login_as, world, make, db):
    report = make.report(world.home, world.ip, **CONCERN)
    login_as(world.inspector)
    client.post(f"/inspectorate/visit-reports/{report.id}/concern-actions", data={"version": "1", "kind": "seen"})
    assert "raises serious concerns" not in dashboard(client)
    login_as(world.ip)
    correct(client, report, serious_concern="no", concern_withdrawal_reason="I misheard: it was another home")
    db.session.expire_all()
    report = db.session.get(MonitoringReport, report.id)
    assert not report.current.serious_concern
    assert report.current.concern_withdrawal_reason == "I misheard: it was another home"
    assert report.versions[0].serious_concern  # version 1 still says it
    (message,) = alerts(db, "Serious concern withdrawn")
    assert message.recipient == world.inspector.email and "I misheard" in message.body
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "serious_concern_withdrawn"))
    login_as(world.inspector)
    assert "the visitor withdrew the serious concern" in dashboard(client)  # re-opened
    page = client.get(f"/inspectorate/visit-reports/{report.id}").get_data(as_text=True)
    assert "Serious concern withdrawn in version 2" in page and "I misheard" in page


def test_every_version_keeps_its_own_answers_for_the_inspectorate(client, login_as, world, make):
    report = make.report(world.home, world.ip, safeguarding_effective=False, **CONCERN)
    login_as(world.ip)
    correct(client, report, serious_concern="no", safeguarding="yes", concern_withdrawal_reason="Resolved")
    login_as(world.manager)
    page = client.get(f"/inspectorate/visit-reports/{report.id}").get_data(as_text=True)
    version_1 = page[page.index('id="version-1-answers"') :]
    assert "Yes: A child said staff hit them" in version_1
    version_2 = page[page.index('id="version-2-answers"') : page.index('id="version-1-answers"')]
    assert "Changed from version 1:" in version_2 and "Children effectively safeguarded" in version_2
    assert "Serious concern" in version_2 and "Resolved" in version_2


def test_an_unrelated_inspector_cannot_act_on_an_alert(client, login_as, world, make, db):
    report = make.report(world.home, world.ip, **CONCERN)
    login_as(world.colleague)
    page = client.get(f"/inspectorate/visit-reports/{report.id}").get_data(as_text=True)
    assert "Record the action" not in page and "Only the owner" in page
    response = client.post(
        f"/inspectorate/visit-reports/{report.id}/concern-actions", data={"version": "1", "kind": "seen"}
    )
    assert response.status_code == 403
    assert count(db, ConcernAction) == 0
    login_as(world.inspector)
    assert "raises serious concerns" in dashboard(client)
    assert not concerns.may_act(world.colleague, report) and concerns.may_act(world.manager, report)


def test_the_alert_leaves_the_leads_dashboard_only_after_an_action(client, login_as, world, make, db):
    report = make.report(world.home, world.ip, **CONCERN)
    login_as(world.inspector)
    page = client.get(f"/inspectorate/visit-reports/{report.id}").get_data(as_text=True)
    assert "Waiting for an action" in page and world.inspector.name in page  # the owner is named
    assert "raises serious concerns" in dashboard(client)  # reading the report is not acting
    refused = client.post(
        f"/inspectorate/visit-reports/{report.id}/concern-actions",
        data={"version": "1", "kind": "contacted", "note": " "},
    )
    assert refused.status_code == 200 and "Enter a note saying whom you contacted" in refused.get_data(as_text=True)
    assert (
        client.post(f"/inspectorate/visit-reports/{report.id}/concern-actions", data={"version": "1"}).status_code
        == 200
    )
    assert count(db, ConcernAction) == 0 and "raises serious concerns" in dashboard(client)
    client.post(
        f"/inspectorate/visit-reports/{report.id}/concern-actions",
        data={"version": "1", "kind": "contacted", "note": "Spoke to the RM; child safe tonight"},
    )
    assert "raises serious concerns" not in dashboard(client)
    action = db.session.scalar(select(ConcernAction))
    assert (action.kind, action.actor_id, action.version_number) == ("contacted", world.inspector.id, 1)
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "serious_concern_action"))
    page = client.get(f"/inspectorate/visit-reports/{report.id}").get_data(as_text=True)
    assert "Serious concern: contacted the setting (version 1)" in page and "child safe tonight" in page
    login_as(world.rm)
    assert "child safe tonight" not in client.get(f"/visit-reports/{report.id}").get_data(as_text=True)


def test_a_new_concern_on_a_later_version_reopens_the_alert(client, login_as, world, make, db):
    report = make.report(world.home, world.ip, **CONCERN)
    login_as(world.manager)
    client.post(f"/inspectorate/visit-reports/{report.id}/concern-actions", data={"version": "1", "kind": "seen"})
    login_as(world.ip)
    correct(client, report, serious_concern="no", concern_withdrawal_reason="Resolved")
    login_as(world.inspector)
    client.post(f"/inspectorate/visit-reports/{report.id}/concern-actions", data={"version": "2", "kind": "seen"})
    assert oversight.concerns_for(world.inspector).items == []
    login_as(world.ip)
    correct(client, report, serious_concern_details="It happened again")
    assert len(alerts(db, "Serious concern:")) == 2
    assert [r.id for r in oversight.concerns_for(world.inspector).items] == [report.id]


def test_an_action_on_an_older_version_does_not_answer_a_newer_alert(world, make, db):
    report = make.report(world.home, world.ip, **CONCERN)
    from portal.monitoring_reports.models import ReportVersion

    later = ReportVersion(
        report=report,
        number=2,
        submission_key="k2",
        submitted_at=FROZEN,
        submitted_by_id=world.ip.id,
        file_id=report.current.file_id,
        urn=world.home.urn,
        serious_concern=False,
        concern_alert=True,
        concern_withdrawal_reason="Resolved",
    )
    report.latest_version = 2
    db.session.add(later)
    db.session.commit()
    concerns.record_action(report, 1, "seen", None, world.inspector, FROZEN)
    assert [r.id for r in oversight.concerns_for(world.inspector).items] == [report.id]
    assert report.open_alert.number == 2


def test_the_dashboard_finds_alerts_in_one_query_however_many(client, login_as, world, make):
    """The banner's reports, with their settings, versions and actions: a fixed number of queries."""

    def queries():
        statements = []
        listener = lambda *_args, **_kwargs: statements.append(1)  # noqa: E731
        event.listen(_db.engine, "before_cursor_execute", listener)
        try:
            oversight.concerns_for(world.inspector)
        finally:
            event.remove(_db.engine, "before_cursor_execute", listener)
        return len(statements)

    make.report(world.home, world.ip, **CONCERN)
    few = queries()
    for day in range(1, 6):
        from datetime import date

        make.report(world.home, world.ip, visit_date=date(2026, 9, day), **CONCERN)
    # One query counts the alerts and one finds the newest; then their settings, versions and actions
    # (and the user, reloaded).
    assert queries() == few <= 6


def test_alerts_with_no_lead_go_to_the_managers(world, make, db):
    report = make.report(world.other_home, world.rm, **CONCERN)
    assert [u.id for u in ownership.responsible_inspectors(world.other_home)] == [world.manager.id]
    assert alerts(db, "Serious concern:")[0].recipient == world.manager.email
    assert [r.id for r in oversight.concerns_for(world.manager).items] == [report.id]
    assert oversight.concerns_for(world.inspector).items == []


def test_a_withdrawn_inspection_gives_its_lead_no_alerts(world, make, db):
    """An inspection withdrawn as entered in error never happened: the alert goes to the lead of the
    setting's latest inspection still standing, or to the managers when none is left (R-MON-3)."""
    from datetime import date

    from portal.inspections import rules as inspection_rules

    mistaken = make.inspection(world.other_home, world.colleague, start=date(2026, 11, 20))
    mistaken.status = inspection_rules.WITHDRAWN
    db.session.commit()
    report = make.report(world.other_home, world.rm, **CONCERN)
    assert [u.id for u in ownership.responsible_inspectors(world.other_home)] == [world.manager.id]
    assert oversight.concerns_for(world.colleague).items == []
    assert not concerns.may_act(world.colleague, report)
    assert [r.id for r in oversight.concerns_for(world.manager).items] == [report.id]
