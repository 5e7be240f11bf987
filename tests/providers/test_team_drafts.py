"""Work in progress belongs to the setting, not to the person, so an absence never blocks a
return: after the registered manager who started a draft is deactivated, another manager of
the setting or the responsible individual opens, finishes and sends it (R-AXA-1, R-DR-2, R-CMP-1)."""

import pytest
from sqlalchemy import select

from portal.accounts.roles import Role
from portal.annex_a.models import AnnexAVersion
from portal.complaints import rules as complaint_rules, services as complaint_services
from portal.inspection_reports import rules as report_rules
from portal.providers import team
from tests.annex_a.answers import complete_answers
from tests.annex_a.test_return import request_annex, save_everything
from tests.conftest import FROZEN
from tests.inspection_reports.conftest import reports  # noqa: F401  (fixture)


@pytest.fixture
def colleague(make, world):
    """A second registered manager of world.home."""
    return make.user(Role.REGISTERED_MANAGER, world.provider, [world.home])


def leaves(world):
    team.deactivate(world.rm, world.ri, FROZEN)
    assert not world.rm.active


@pytest.mark.parametrize("finisher", ["colleague", "ri"])
def test_an_annex_a_draft_is_finished_by_someone_else(client, login_as, world, db, colleague, finisher):
    answers = complete_answers(contacts=1)
    login_as(world.rm)
    save_everything(client, world.home, answers)
    leaves(world)
    request_annex(client, login_as, world)
    login_as(colleague if finisher == "colleague" else world.ri)
    form = client.get(f"/settings/{world.home.id}/annex-a/return").get_data(as_text=True)
    key = form.split('name="key"')[1].split('value="')[1].split('"')[0]
    sent = client.post(f"/settings/{world.home.id}/annex-a/return", data={"key": key, "confirm": "yes"})
    assert sent.status_code == 302
    version = db.session.scalar(select(AnnexAVersion))
    assert version.answers == answers and version.submitted_by_id != world.rm.id


@pytest.mark.parametrize("finisher", ["colleague", "ri"])
def test_draft_report_comments_are_edited_and_sent_by_someone_else(
    client, login_as, world, db, reports, colleague, finisher
):
    report = reports.issued()
    comment = reports.comment(report, user=world.rm)
    leaves(world)
    person = colleague if finisher == "colleague" else world.ri
    if finisher == "colleague":  # R-DR-2: a delegated manager sends it
        team.change(colleague, world.ri, "registered_manager", [world.home.id], True, FROZEN)
    inspection = report.inspection
    login_as(person)
    edit = client.get(f"/inspections/{inspection.id}/report/comments/{comment.id}/edit")
    assert edit.status_code == 200 and comment.text in edit.get_data(as_text=True)
    response = client.post(f"/inspections/{inspection.id}/report/send", data={"choice": "comments", "confirm": "yes"})
    assert response.status_code == 302
    db.session.refresh(report)
    assert report.comment_return.status == report_rules.SUBMITTED
    assert report.comment_return.submitted_by_id == person.id


def test_a_complaint_prepared_by_someone_who_left_is_finished_and_lodged(
    client, login_as, world, db, reports, colleague
):
    inspection = reports.ended(lead=world.colleague)
    reports.issued(inspection)
    complaint = complaint_services.start(inspection, world.rm, FROZEN)
    complaint_services.save_details(complaint, ["process"], None, "An apology", world.rm, FROZEN)
    leaves(world)
    login_as(colleague)
    assert client.get(f"/complaints/{complaint.id}").status_code == 200
    point = client.post(f"/complaints/{complaint.id}/points/new", data={"what_happened": "What happened"})
    assert point.status_code == 302
    login_as(world.ri)
    client.post(f"/complaints/{complaint.id}/lodge", data={"confirm": "yes"})
    db.session.refresh(complaint)
    assert complaint.status == complaint_rules.RECEIVED


def test_a_months_visit_report_is_sent_by_a_colleague_when_the_visitor_leaves(world, make, db):
    """A monitoring report has no saved draft: the check-your-answers step is the sender's own
    (its declaration is theirs), so a colleague simply sends the month's report themselves."""
    team.deactivate(world.ip, world.ri, FROZEN)
    report = make.report(world.home, world.rm)
    assert report.setting_id == world.home.id and report.submitted_by_id == world.rm.id
