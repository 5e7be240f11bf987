"""Use cases of complaints and concerns: the hold on the final report (R-CMP-2), the investigator's
independence (R-CMP-4), answers to each point (R-CMP-3), lodging once, and the concern window (R-CMP-5)."""

import threading
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from portal.accounts.models import User
from portal.complaints import concerns, queries, rules, services
from portal.complaints.models import Complaint, ComplaintPoint, InformalConcern
from portal.complaints.services import ComplaintError
from portal.core.clock import UK
from portal.core.outbox import OutboxMessage
from portal.extensions import db as _db
from portal.inspection_reports import sending as report_sending, services as report_services
from portal.inspection_reports.comments import submit_return
from portal.inspection_reports.services import ReportError
from portal.inspections.models import InspectionTeamMember
from tests.conftest import FROZEN


def count(db, model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_r_cmp_2_a_complaint_lodged_before_the_final_holds_it_until_responded(complaints, world, db):
    complaint = complaints.lodged()
    report = report_services.report_of(complaint.inspection)
    submit_return(report, True, world.ri, FROZEN)
    assert complaint.holds_final
    problem = (
        f"Formal complaint {complaint.reference} was lodged before the final report: it must be responded to first"
    )
    assert problem in report_sending.final_problems(report, FROZEN)
    with pytest.raises(ReportError, match=complaint.reference):
        report_sending.send_final(report, world.inspector, FROZEN)
    services.acknowledge(complaint, world.manager, FROZEN)
    services.assign(complaint, world.colleague, world.manager, FROZEN)
    assert problem in report_sending.final_problems(report, FROZEN)
    for point in complaint.points:
        services.answer_point(
            point, rules.PARTLY, "Partly: the feedback was rushed.", "Feedback to the team.", world.colleague, FROZEN
        )
    services.respond(complaint, "Each point is answered below.", world.colleague, FROZEN)
    assert report_sending.final_problems(report, FROZEN) == []
    report_sending.send_final(report, world.inspector, FROZEN)


def test_a_complaint_lodged_after_the_final_does_not_hold_anything(complaints, world):
    report = complaints.reports.final()
    complaint = complaints.prepared(report.inspection)
    services.lodge(complaint, world.ri, FROZEN)
    assert complaint.status == rules.RECEIVED and not complaint.holds_final


def test_r_cmp_4_nobody_from_the_inspection_team_investigates(complaints, world, make):
    from portal.accounts.roles import Role

    complaint = complaints.lodged()
    services.acknowledge(complaint, world.manager, FROZEN)
    assert world.inspector not in services.possible_investigators(complaint)
    with pytest.raises(ComplaintError, match="was on the inspection team") as refused:
        services.assign(complaint, world.inspector, world.manager, FROZEN)
    assert refused.value.field == "investigator" and complaint.status == rules.ACKNOWLEDGED
    with pytest.raises(ComplaintError, match="Only an inspectorate manager"):
        services.assign(complaint, world.colleague, world.colleague, FROZEN)
    with pytest.raises(ComplaintError, match="Select an investigator"):
        services.assign(complaint, world.rm, world.manager, FROZEN)
    services.assign(complaint, world.colleague, world.manager, FROZEN)
    assert complaint.investigator_id == world.colleague.id and complaint.status == rules.INVESTIGATING
    stranger = make.user(Role.INSPECTOR)
    with pytest.raises(ComplaintError, match="Only the investigator"):
        services.answer_point(complaint.points[0], rules.UPHELD, "Yes", None, stranger, FROZEN)


def test_r_cmp_3_every_point_is_answered_before_the_response(complaints, world, db):
    complaint = complaints.investigating()
    first, second = complaint.points
    with pytest.raises(ComplaintError, match="Select whether"):
        services.answer_point(first, "maybe", "Because", None, world.colleague, FROZEN)
    with pytest.raises(ComplaintError, match="Enter the reasons"):
        services.answer_point(first, rules.UPHELD, "  ", None, world.colleague, FROZEN)
    services.answer_point(
        first, rules.UPHELD, "The inspector should have waited.", "An apology.", world.colleague, FROZEN
    )
    with pytest.raises(ComplaintError, match="point 2 is not answered"):
        services.respond(complaint, "Overall.", world.colleague, FROZEN)
    services.answer_point(second, rules.NOT_UPHELD, "The judgement stands.", None, world.colleague, FROZEN)
    services.respond(complaint, "Overall.", world.colleague, FROZEN)
    services.close(complaint, world.manager, FROZEN)
    assert [step for step, _at, _who in queries.history(complaint)] == [
        "Lodged",
        "Acknowledged",
        "Investigator assigned",
        "Responded to",
        "Closed",
    ]
    for subject in (
        "Your complaint has been acknowledged",
        "The response to your complaint",
        "Your complaint is closed",
    ):
        told = {m.recipient for m in db.session.scalars(select(OutboxMessage)) if m.subject.startswith(subject)}
        assert told == {world.rm.email, world.ri.email}, subject


def test_preparing_a_complaint_stores_nothing_from_bad_input(complaints, world, db):
    complaint = complaints.prepared(points=0)
    for text, message in [("", "Enter what happened"), ("x" * 5001, "5,000 characters or fewer")]:
        with pytest.raises(ComplaintError, match=message):
            services.save_point(complaint, None, text, [], world.rm, FROZEN)
    with pytest.raises(ComplaintError, match="Select what the complaint is about"):
        services.save_details(complaint, ["nonsense"], None, "An outcome", world.rm, FROZEN)
    assert count(db, ComplaintPoint) == 0
    with pytest.raises(ComplaintError, match="at least one point"):
        services.lodge(complaint, world.ri, FROZEN)
    assert complaint.status == rules.DRAFT


def test_removing_a_point_numbers_the_rest_again(complaints, world):
    complaint = complaints.prepared(points=3)
    services.remove_point(complaint, complaint.points[0], world.rm, FROZEN)
    assert [(p.number, p.what_happened) for p in complaint.points] == [
        (1, "Point 2: what happened."),
        (2, "Point 3: what happened."),
    ]


def test_only_a_responsible_individual_lodges_and_only_within_r_cmp_1(complaints, world, app):
    complaint = complaints.prepared()
    with pytest.raises(ComplaintError, match="Only a responsible individual"):
        services.lodge(complaint, world.rm, FROZEN)
    closed = complaint.inspection.comment_window_ends_at
    with pytest.raises(ComplaintError, match="window has closed"):
        services.lodge(complaint, world.ri, closed)
    assert complaint.status == rules.DRAFT and complaint.reference is None
    services.lodge(complaint, world.ri, closed - timedelta(seconds=1))
    # 30 working days from Wednesday 25 November, across Christmas: the end of Monday 11 January 2027.
    assert complaint.response_due_at == datetime(2027, 1, 12, 0, 0, tzinfo=UK)


def test_racing_lodgings_of_one_complaint_make_one(app, db, complaints, world):
    complaint = complaints.prepared()
    complaint_id, ri_id = complaint.id, world.ri.id
    db.session.remove()
    references, errors = [], []
    barrier = threading.Barrier(3)

    def lodge():
        with app.app_context():
            try:
                mine = _db.session.get(Complaint, complaint_id)
                actor = _db.session.get(User, ri_id)
                barrier.wait(timeout=10)
                references.append(services.lodge(mine, actor, FROZEN).reference)
            except Exception as error:  # noqa: BLE001  (reported below)
                errors.append(repr(error))
            finally:
                _db.session.remove()

    threads = [threading.Thread(target=lodge) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == [] and len(references) == 3 and len(set(references)) == 1
    lodged = db.session.get(Complaint, complaint_id)
    assert lodged.reference == references[0]
    assert (
        db.session.scalar(
            select(func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.subject.startswith(f"Formal complaint {lodged.reference}"))
        )
        == 1
    )


@pytest.mark.parametrize(
    "ended, last_moment",
    [
        # Ended on a Friday: the weekend does not count, so the window runs to the end of Monday.
        (date(2026, 11, 20), datetime(2026, 11, 24, 0, 0, tzinfo=UK)),
        # Ended on Christmas Eve: Christmas Day and the substitute Boxing Day are not working days.
        (date(2026, 12, 24), datetime(2026, 12, 30, 0, 0, tzinfo=UK)),
    ],
)
def test_r_cmp_5_informal_concerns_until_the_end_of_the_next_working_day(
    complaints, world, make, db, ended, last_moment
):
    inspection = make.inspection(
        world.home, world.inspector, status="ended", start=ended - timedelta(days=2), end=ended
    )
    concern = complaints.concern(inspection, now=last_moment - timedelta(microseconds=1))
    assert concern.reference.startswith("IC-")
    with pytest.raises(ComplaintError, match="could be raised until 11:59pm"):
        complaints.concern(inspection, text="A second concern, too late.", now=last_moment)
    assert count(db, InformalConcern) == 1


def test_a_concern_goes_to_managers_not_on_the_inspection_and_is_raised_once(complaints, world, make, db):
    from portal.accounts.roles import Role

    on_team = make.user(Role.INSPECTORATE_MANAGER)
    inspection = make.inspection(world.home, world.inspector, status="ended", end=date(2026, 11, 17), team=[on_team])
    first = complaints.concern(inspection, key="same-form")
    again = complaints.concern(inspection, key="same-form")
    assert first.id == again.id and count(db, InformalConcern) == 1
    told = {m.recipient for m in db.session.scalars(select(OutboxMessage)) if m.subject.startswith("Informal concern")}
    assert told == {world.manager.email}
    with pytest.raises(ComplaintError, match="not on the inspection"):
        concerns.reply(first, "We will look into it.", on_team, FROZEN)
    concerns.reply(first, "We have spoken to the inspector.", world.manager, FROZEN)
    assert first.reply == "We have spoken to the inspector."


def test_r_cmp_4_a_manager_who_was_on_the_team_cannot_answer(complaints, world, make, db):
    from portal.accounts.roles import Role

    complaint = complaints.investigating()
    on_team = make.user(Role.INSPECTORATE_MANAGER)
    complaint.inspection.team.append(InspectionTeamMember(user_id=on_team.id))
    db.session.commit()
    with pytest.raises(ComplaintError, match="on the inspection team"):
        services.answer_point(complaint.points[0], rules.UPHELD, "Yes.", None, on_team, FROZEN)
    assert complaint.points[0].finding is None
