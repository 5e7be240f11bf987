"""Next steps after an inadequate or serious-concern judgement (R-NEXT-1..7): which judgements
start them, each setting type's steps with their dates, recorded once by the lead inspector or a
manager, and what concerns the provider shown to it."""

from datetime import date

import pytest
from sqlalchemy import func, select

from portal.core.outbox import OutboxMessage
from portal.inspections import rules as inspection_rules
from portal.inspections.models import ProvisionalJudgement
from portal.next_steps import rules, services
from portal.next_steps.models import NextStepRecord
from portal.providers.models import SettingType
from tests.inspection_reports.conftest import reports  # noqa: F401  (fixture)

SCH, CH = SettingType.SECURE_CHILDRENS_HOME, SettingType.CHILDRENS_HOME
RFC, STC = SettingType.RESIDENTIAL_FAMILY_CENTRE, SettingType.SECURE_TRAINING_CENTRE
INADEQUATE = {inspection_rules.OVERALL: inspection_rules.INADEQUATE}
FEEDBACK = date(2026, 11, 13)  # a Friday


@pytest.mark.parametrize(
    "setting_type, kind, judgements, outcome, starts",
    [
        (CH, "full", INADEQUATE, None, True),
        (CH, "full", {inspection_rules.OVERALL: inspection_rules.REQUIRES_IMPROVEMENT}, None, False),
        (SCH, "assurance", {inspection_rules.ASSURANCE_AREA: inspection_rules.SERIOUS}, None, True),  # R-NEXT-5
        (SCH, "assurance", {inspection_rules.ASSURANCE_AREA: inspection_rules.NO_SERIOUS}, None, False),
        (STC, "monitoring", {}, {"concerns": inspection_rules.SERIOUS}, True),  # R-NEXT-1
        (STC, "monitoring", {}, {"concerns": inspection_rules.NO_SERIOUS}, False),
        (RFC, "monitoring", INADEQUATE, None, True),  # a monitoring visit's new judgement
    ],
)
def test_which_judgements_start_the_next_steps(setting_type, kind, judgements, outcome, starts):
    assert rules.triggered(setting_type, kind, judgements, outcome) is starts


def _due(steps):
    return {step.key: step.due for step in steps}


def test_a_childrens_home_case_review_within_five_working_days_and_a_return_visit_in_six_to_eight_weeks():
    steps = rules.steps(CH, "full", FEEDBACK)
    due = _due(steps)
    assert due["case_review"] == date(2026, 11, 20) and due["dcs_email"] == date(2026, 11, 20)  # R-NEXT-4
    assert "dfe" not in due  # a children's home: without DfE and YCS (by analogy)
    visit = next(step for step in steps if step.key == "return_visit")
    assert (visit.window_from, visit.due) == (date(2026, 12, 25), date(2027, 1, 8)) and visit.shared  # R-NEXT-6
    assert due["full_reinspection"] == date(2027, 3, 5)
    assert next(step for step in steps if step.key == "commissioner").shared is False  # not forwarded


def test_a_secure_home_after_assurance_emails_by_the_end_of_the_next_working_day():
    due = _due(rules.steps(SCH, "assurance", FEEDBACK))
    assert due["dcs_email"] == date(2026, 11, 16)  # R-NEXT-5: Monday, the earlier of the two
    assert "dfe" in due


def test_an_stc_urgent_notification_within_seven_days_and_the_secretary_of_states_28():
    due = _due(rules.steps(STC, "full", FEEDBACK))
    assert due["urgent_published"] == date(2026, 11, 20) and due["urgent_letter"] == date(2026, 11, 19)  # R-NEXT-2
    assert due["secretary_of_state"] == date(2026, 12, 18)
    assert due["inspection_activity"] == date(2027, 1, 8) and due["review_meeting"] is None  # R-NEXT-3


def test_a_family_centre_reinspection_within_six_to_twelve_months():
    steps = rules.steps(RFC, "full", FEEDBACK)
    last = next(step for step in steps if step.key == "full_reinspection")
    assert (last.window_from, last.due) == (date(2027, 5, 13), date(2027, 11, 13))  # R-NEXT-7
    assert any("assessed there in the last 6 months" in step.label for step in steps)


@pytest.fixture
def judged(world, make, db):
    inspection = make.inspection(world.home, world.inspector, status=inspection_rules.ENDED, end=FEEDBACK)
    inspection.provisional_judgements = [
        ProvisionalJudgement(area=area, grade=inspection_rules.INADEQUATE)
        for area in inspection_rules.judgement_areas(CH, "full")
    ]
    db.session.commit()
    return inspection


def test_the_lead_inspector_records_each_step_once_and_the_provider_sees_what_concerns_it(
    client, login_as, world, db, judged
):
    login_as(world.inspector)
    page = client.get(f"/inspectorate/inspections/{judged.id}").get_data(as_text=True)
    assert "Next steps after the judgement" in page and "Case review, within 5 working days" in page
    url = f"/inspectorate/inspections/{judged.id}/next-steps/dcs_email"
    missing = client.post(url, data={"outcome": "done"})
    assert "Enter the date it was done" in missing.get_data(as_text=True)
    future = client.post(url, data={"outcome": "done", "done_on": ["19", "11", "2026"]})
    assert "must be today or in the past" in future.get_data(as_text=True)
    no_reason = client.post(url, data={"outcome": "not_needed"})
    assert "Enter why the step is not needed" in no_reason.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(NextStepRecord)) == 0
    done = client.post(url, data={"outcome": "done", "done_on": ["17", "11", "2026"], "note": "Sent to Leeds DCS"})
    assert done.status_code == 302
    again = client.post(url, data={"outcome": "done", "done_on": ["17", "11", "2026"]})
    assert "already recorded" in again.get_data(as_text=True)
    told = db.session.scalars(
        select(OutboxMessage.recipient).where(OutboxMessage.subject.startswith("After the inspection"))
    )
    assert set(told) == {world.rm.email, world.ri.email}
    login_as(world.rm)
    page = client.get(f"/inspections/{judged.id}").get_data(as_text=True)
    assert "What happens next" in page and "Done on Tuesday 17 November 2026" in page
    assert "Children&#39;s Commissioner" not in page  # not forwarded to the provider


def test_only_the_lead_or_a_manager_records(client, login_as, world, db, judged):
    login_as(world.colleague)
    assert client.get(f"/inspectorate/inspections/{judged.id}/next-steps/debrief").status_code == 404  # not theirs
    login_as(world.manager)
    assert client.get(f"/inspectorate/inspections/{judged.id}/next-steps/debrief").status_code == 200
    assert client.get(f"/inspectorate/inspections/{judged.id}/next-steps/unknown").status_code == 404


def test_a_good_judgement_has_no_checklist(world, db):
    assert services.checklist(world.inspection) == []


def test_the_lead_inspector_is_reminded_once_of_each_step_due_and_not_recorded(app, world, db, judged):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["portal", "send-reminders"])
    assert "Queued 1 reminders of next steps" in first.output, first.output  # the debrief, on 13 November
    assert "Queued 0 reminders of next steps" in runner.invoke(args=["portal", "send-reminders"]).output
    sent = db.session.scalars(select(OutboxMessage).where(OutboxMessage.subject.startswith("Next step due")))
    assert [(m.recipient, "Post-inspection debrief" in m.body) for m in sent] == [(world.inspector.email, True)]


def test_an_stc_monitoring_visit_starts_them_from_the_concerns_its_report_records(reports, make, world, db):  # noqa: F811
    centre = make.setting(world.provider, STC.value)
    report = reports.written(reports.ended(setting=centre, kind="monitoring"))
    assert services.checklist(report.inspection) == []  # no serious concerns recorded
    report.content = report.content | {"outcome": {**report.content["outcome"], "concerns": inspection_rules.SERIOUS}}
    db.session.commit()
    steps = [item.step.key for item in services.checklist(report.inspection)]
    assert steps[:3] == ["senior_managers", "moj_told", "chief_inspectors"] and "urgent_published" in steps
