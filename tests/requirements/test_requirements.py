"""Requirements followed to compliance (R-REQ-1) and compliance notices with their monitoring visit
(R-REQ-2..3): tracked when the final report is sent, the provider's evidence, the inspector's
finding with its reason, overdue on both sides; bad input answered and nothing stored."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from portal.core.outbox import OutboxMessage
from portal.providers.models import SettingType
from portal.requirements import queries, rules, services
from portal.requirements.models import (
    ComplianceNotice,
    Requirement,
    RequirementIsAppendOnly,
    RequirementUpdate,
)
from tests.conftest import FROZEN
from tests.files import field, pdf_bytes
from tests.inspection_reports.conftest import reports  # noqa: F401  (fixture)


def count(db, model):
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def requirement(reports, world, db):  # noqa: F811
    reports.final()
    return db.session.scalar(select(Requirement))


def test_each_requirement_of_a_final_report_is_tracked_with_its_date(requirement, world):
    assert requirement.setting_id == world.home.id and requirement.status == rules.OPEN
    assert requirement.comply_by == date(2027, 1, 31) and requirement.regulation == "14"
    assert requirement.text.startswith("Make sure every child's plan is reviewed.")
    assert requirement.paragraph > 0


def test_the_provider_sends_what_was_done_and_the_lead_inspector_is_told(client, login_as, world, db, requirement):
    login_as(world.rm)
    page = client.get(f"/settings/{world.home.id}/requirements").get_data(as_text=True)
    assert "Make sure every child" in page and "Open" in page
    empty = client.post(f"/requirements/{requirement.id}/evidence", data={"text": " "})
    assert "Enter what you have done to meet the requirement" in empty.get_data(as_text=True)
    assert count(db, RequirementUpdate) == 0
    sent = client.post(
        f"/requirements/{requirement.id}/evidence",
        data={"text": "Every plan was reviewed on 1 December.", "documents": field(pdf_bytes("Plans"), "plans.pdf")},
        content_type="multipart/form-data",
    )
    assert sent.status_code == 302
    db.session.expire_all()
    requirement = db.session.get(Requirement, requirement.id)
    assert requirement.status == rules.EVIDENCE_SENT
    assert requirement.updates[0].evidence[0].file.original_name == "plans.pdf"
    told = db.session.scalars(select(OutboxMessage).where(OutboxMessage.subject.startswith("Evidence sent"))).all()
    assert [m.recipient for m in told] == [world.inspector.email]


def test_met_needs_a_reason_and_only_the_owner_records_it(client, login_as, world, db, requirement):
    login_as(world.colleague)
    refused = client.post(f"/inspectorate/requirements/{requirement.id}/decision", data={"status": "met", "text": "x"})
    assert refused.status_code == 403
    login_as(world.inspector)
    page = client.post(f"/inspectorate/requirements/{requirement.id}/decision", data={"status": "met", "text": ""})
    assert "Enter the reason: what was seen, and when" in page.get_data(as_text=True)
    assert count(db, RequirementUpdate) == 0
    done = client.post(
        f"/inspectorate/requirements/{requirement.id}/decision",
        data={"status": "met", "text": "Seen at the visit of 2 December: every plan reviewed."},
    )
    assert done.status_code == 302
    db.session.expire_all()
    assert db.session.get(Requirement, requirement.id).status == rules.MET
    told = {
        m.recipient
        for m in db.session.scalars(select(OutboxMessage).where(OutboxMessage.subject.startswith("Requirement met")))
    }
    assert told == {world.rm.email, world.ri.email}
    login_as(world.rm)
    page = client.get(f"/requirements/{requirement.id}").get_data(as_text=True)
    assert "every plan reviewed" in page and "Tell the inspectorate what you have done" not in page


def test_an_overdue_requirement_shows_on_both_sides(client, login_as, world, db, requirement):
    requirement.comply_by = date(2026, 11, 10)  # its date has passed (the clock is 18 November 2026)
    db.session.commit()
    login_as(world.inspector)
    page = client.get("/inspectorate/requirements").get_data(as_text=True)
    assert "Overdue requirements" in page and f"/inspectorate/requirements/{requirement.id}" in page
    login_as(world.ri)
    assert "Overdue" in client.get(f"/settings/{world.home.id}/requirements").get_data(as_text=True)
    assert rules.is_overdue(rules.NOT_MET, date(2026, 11, 10), date(2026, 11, 11))
    assert not rules.is_overdue(rules.MET, date(2026, 11, 10), date(2026, 11, 11))


def test_an_update_is_never_rewritten(client, login_as, world, db, requirement):
    login_as(world.rm)
    client.post(f"/requirements/{requirement.id}/evidence", data={"text": "Done."})
    update = db.session.scalar(select(RequirementUpdate))
    update.text = "Something else"
    with pytest.raises(RequirementIsAppendOnly):
        db.session.commit()
    db.session.rollback()


def test_an_stc_final_report_tracks_no_requirement(reports, make, world, db):  # noqa: F811
    centre = make.setting(world.provider, SettingType.SECURE_TRAINING_CENTRE.value)
    inspection = reports.ended(setting=centre, kind="monitoring")
    reports.final(reports.returned(reports.issued(inspection)))
    assert count(db, Requirement) == 0  # R-RPT-6: recommendations only


NOTICE = {"regulation": "12(1)(a)", "actions": "Review every risk assessment.", "comply_by": ["4", "12", "2026"]}


def test_a_compliance_notice_sets_its_visit_within_five_working_days(client, login_as, world, db):
    login_as(world.manager)
    form = client.get(f"/inspectorate/settings/{world.home.id}/compliance-notices/new").get_data(as_text=True)
    key = form.split('name="key" type="hidden" value="')[1].split('"')[0]
    response = client.post(f"/inspectorate/settings/{world.home.id}/compliance-notices/new", data=NOTICE | {"key": key})
    assert response.status_code == 302
    again = client.post(f"/inspectorate/settings/{world.home.id}/compliance-notices/new", data=NOTICE | {"key": key})
    assert again.location == response.location and count(db, ComplianceNotice) == 1  # a double click
    notice = db.session.scalar(select(ComplianceNotice))
    assert notice.comply_by == date(2026, 12, 4) and notice.visit_due == date(2026, 12, 11)  # R-REQ-3
    told = {
        m.recipient
        for m in db.session.scalars(select(OutboxMessage).where(OutboxMessage.subject.startswith("Compliance notice")))
    }
    assert told == {world.rm.email, world.ri.email}
    login_as(world.rm)
    page = client.get(f"/compliance-notices/{notice.id}").get_data(as_text=True)
    assert "Friday 4 December 2026" in page and "partial action is not enough" in page
    assert notice.reference in client.get(f"/settings/{world.home.id}/requirements").get_data(as_text=True)
    login_as(world.inspector)
    assert notice.reference in client.get("/inspectorate/requirements").get_data(as_text=True)


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"comply_by": ["17", "11", "2026"]}, "The date to comply by must be in the future"),
        ({"comply_by": ["18", "11", "2026"]}, "The date to comply by must be in the future"),
        ({"comply_by": ["", "", ""]}, "Enter the date to comply by"),
        ({"regulation": ""}, "Enter the regulation the notice is about"),
        ({"actions": ""}, "Enter the actions the provider must take"),
    ],
)
def test_a_notice_with_bad_answers_is_refused_and_nothing_stored(client, login_as, world, db, overrides, message):
    login_as(world.manager)
    page = client.post(f"/inspectorate/settings/{world.home.id}/compliance-notices/new", data=NOTICE | overrides)
    assert "There is a problem" in page.get_data(as_text=True) and message in page.get_data(as_text=True)
    assert count(db, ComplianceNotice) == 0 and count(db, OutboxMessage) == 0


def test_only_a_manager_records_a_notice(client, login_as, world, db):
    login_as(world.inspector)
    assert client.post(f"/inspectorate/settings/{world.home.id}/compliance-notices/new", data=NOTICE).status_code == 404


def test_the_visit_is_recorded_after_the_date_with_its_finding(client, login_as, world, db, app):
    notice = services.record_notice(world.home, "k", "12", "Do it.", date(2026, 11, 20), world.manager, FROZEN)
    login_as(world.inspector)
    early = client.post(
        f"/inspectorate/compliance-notices/{notice.id}/visit",
        data={"visited_on": ["19", "11", "2026"], "met": "yes", "finding": "All done."},
    )
    assert "You can record the monitoring visit from Friday 20 November 2026" in early.get_data(as_text=True)
    assert "Record the visit</button>" not in client.get(f"/inspectorate/compliance-notices/{notice.id}").get_data(
        as_text=True
    )
    app.config["FROZEN_NOW"] = FROZEN + timedelta(days=6)  # Tuesday 24 November
    login_as(world.inspector)
    missing = client.post(
        f"/inspectorate/compliance-notices/{notice.id}/visit", data={"visited_on": ["23", "11", "2026"]}
    )
    assert "Select whether the notice was met" in missing.get_data(as_text=True)
    done = client.post(
        f"/inspectorate/compliance-notices/{notice.id}/visit",
        data={"visited_on": ["23", "11", "2026"], "met": "no", "finding": "Two assessments still out of date."},
    )
    assert done.status_code == 302
    db.session.expire_all()
    notice = db.session.get(ComplianceNotice, notice.id)
    assert notice.visited_on == date(2026, 11, 23) and notice.met is False
    login_as(world.rm)
    assert "not met" in client.get(f"/compliance-notices/{notice.id}").get_data(as_text=True)


def test_several_notices_share_a_visit_only_within_five_working_days_of_each():
    first, second, far = date(2026, 12, 1), date(2026, 12, 4), date(2026, 12, 15)
    assert rules.visits([second, first, far]) == [([first, second], date(2026, 12, 8)), ([far], date(2026, 12, 22))]
    assert rules.visits([first, first]) == [([first], date(2026, 12, 8))]  # one visit per date


def test_the_lead_inspector_is_reminded_of_the_visit_once_when_due_and_once_when_overdue(app, world, db):
    notice = services.record_notice(world.home, "k", "12", "Do it.", date(2026, 11, 20), world.manager, FROZEN)
    runner = app.test_cli_runner()

    def reminders():
        subjects = (
            select(OutboxMessage.recipient, OutboxMessage.subject)
            .where(OutboxMessage.subject.startswith("Monitoring visit"))
            .order_by(OutboxMessage.id)
        )
        return list(db.session.execute(subjects))

    assert "Queued 0 reminders of monitoring visits" in runner.invoke(args=["portal", "send-reminders"]).output
    app.config["FROZEN_NOW"] = FROZEN + timedelta(days=2)  # Friday 20 November: the date arrives
    runner.invoke(args=["portal", "send-reminders"])
    runner.invoke(args=["portal", "send-reminders"])
    assert reminders() == [(world.inspector.email, f"Monitoring visit due: {world.home.name} ({notice.reference})")]
    app.config["FROZEN_NOW"] = FROZEN + timedelta(days=10)  # Saturday 28 November: past Friday 27th
    runner.invoke(args=["portal", "send-reminders"])
    assert len(reminders()) == 2 and reminders()[1][1].startswith("Monitoring visit overdue")


def test_a_met_requirement_takes_no_further_finding(client, login_as, world, db, requirement):
    services.decide(requirement, "met", "Seen at the visit.", world.inspector, FROZEN)
    login_as(world.inspector)
    page = client.get(f"/inspectorate/requirements/{requirement.id}").get_data(as_text=True)
    assert "Record the finding" not in page
    again = client.post(
        f"/inspectorate/requirements/{requirement.id}/decision", data={"status": "not_met", "text": "x"}
    )
    assert "This requirement is already met" in again.get_data(as_text=True)
    assert count(db, RequirementUpdate) == 1


def test_notices_of_one_setting_within_five_working_days_share_a_visit(client, login_as, world, db):
    first = services.record_notice(world.home, "a", "12", "Do it.", date(2026, 12, 1), world.manager, FROZEN)
    second = services.record_notice(world.home, "b", "13", "And this.", date(2026, 12, 4), world.manager, FROZEN)
    later = services.record_notice(world.home, "c", "14", "Later.", date(2026, 12, 15), world.manager, FROZEN)
    other = services.record_notice(world.other_home, "d", "12", "Here too.", date(2026, 12, 1), world.manager, FROZEN)
    planned = queries.planned_visits([first, second, later, other])
    assert [(v.setting.id, [n.id for n in v.notices], v.due) for v in planned] == [
        (world.home.id, [first.id, second.id], date(2026, 12, 8)),
        (world.other_home.id, [other.id], date(2026, 12, 8)),
        (world.home.id, [later.id], date(2026, 12, 22)),
    ]
    login_as(world.manager)
    page = client.get("/inspectorate/requirements").get_data(as_text=True)
    assert page.count(f"{world.home.name}</strong>: visit by") == 2  # R-REQ-3
