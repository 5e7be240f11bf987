"""Corrections of the judgements given at feedback (issue 14; DESIGN.md convention 6): with a
reason, until the draft report is sent, as a new audited record beside the judgements first
given; the provider is shown the change and told. ``Inspection.provisional()`` gives the set in
force, which R-INSP-2 compares the draft against."""

import pytest
from sqlalchemy import select

from portal.core.audit import AuditEvent
from portal.core.outbox import OutboxMessage
from portal.inspection_reports import sending as report_sending
from portal.inspections import feedback, rules
from portal.inspections.models import (
    FeedbackJudgementCorrection,
    InspectionTeamMember,
    ProvisionalJudgement,
)
from tests.conftest import FROZEN
from tests.inspection_reports.conftest import reports  # noqa: F401  (fixture)

GOOD = {"overall": "good", "helped_protected": "good", "leaders_managers": "good"}
RI_GRADE = "requires_improvement"
REASON = "Leaders and managers were recorded as good by mistake: feedback said requires improvement."


@pytest.fixture
def kit(request):
    """The report builders of tests/inspection_reports/conftest.py (ended, written, issued)."""
    return request.getfixturevalue("reports")


@pytest.fixture
def ended(kit):
    """An ended full inspection of a children's home, judged good in every area at feedback."""
    return kit.ended()


def url_of(inspection):
    return f"/inspectorate/inspections/{inspection.id}/feedback-judgements"


def data(step=None, based_on="0", reason=REASON, **judgements):
    judgements = judgements or (GOOD | {"leaders_managers": RI_GRADE, "overall": RI_GRADE})
    return judgements | {"reason": reason, "based_on": based_on} | ({"step": step} if step else {})


def corrections(db):
    return list(db.session.scalars(select(FeedbackJudgementCorrection)))


def test_a_correction_is_checked_then_recorded_beside_the_old_judgements(client, login_as, world, db, ended):
    login_as(world.inspector)
    url = url_of(ended)
    form = client.get(url).get_data(as_text=True)
    assert "Correct the judgements given at feedback" in form and "Recorded now: Good" in form
    assert 'value="good" checked' in form

    check = client.post(url, data=data()).get_data(as_text=True)
    assert "Check the correction before you record it" in check
    assert "Corrected from: Good" in check and "(unchanged)" in check and REASON in check
    assert corrections(db) == []

    assert client.post(url, data=data("record")).status_code == 302
    db.session.refresh(ended)
    [correction] = corrections(db)
    assert (
        correction.before == GOOD and correction.reason == REASON and correction.corrected_by_id == world.inspector.id
    )
    assert ended.provisional() == GOOD | {"leaders_managers": RI_GRADE, "overall": RI_GRADE}
    # The judgements first given are kept as they were.
    assert {
        j.area: j.grade
        for j in db.session.scalars(select(ProvisionalJudgement).where(ProvisionalJudgement.inspection_id == ended.id))
    } == GOOD
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "feedback_judgements_corrected"))
    assert event.entity_id == ended.id and event.actor_id == world.inspector.id
    assert event.before == {"provisional": GOOD} and event.after["reason"] == REASON
    assert event.after["provisional"]["overall"] == RI_GRADE


def test_the_provider_is_shown_the_correction_and_told(client, login_as, world, db, ended):
    login_as(world.inspector)
    assert client.post(url_of(ended), data=data("record")).status_code == 302
    told = {
        m.recipient
        for m in db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.subject.startswith("Judgements given at feedback corrected"))
        )
    }
    assert told == {world.rm.email, world.ri.email}  # not the other home's manager, nor the visitor
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == world.rm.email))
    assert "from Good to Requires improvement to be good" in message.body and REASON in message.body

    for person in (world.rm, world.ri):
        login_as(person)
        page = client.get(f"/inspections/{ended.id}").get_data(as_text=True)
        assert "Judgements given at feedback were corrected on" in page
        assert "The effectiveness of leaders and managers: from Good to Requires improvement to be good" in page
        assert 'Because: <span class="app-preserve-lines">' + REASON.replace("'", "&#39;") in page
        assert "Correct the judgements given at feedback</a>" not in page
    login_as(world.inspector)
    page = client.get(f"/inspectorate/inspections/{ended.id}").get_data(as_text=True)
    assert (
        "Judgements given at feedback were corrected on" in page
        and "Correct the judgements given at feedback</a>" in page
    )


def test_a_reason_is_required(client, login_as, world, db, ended):
    login_as(world.inspector)
    for step in (None, "record"):
        for reason, message in (
            ("", "Enter why the judgements are corrected"),
            ("   ", "Enter why the judgements are corrected"),
            ("x" * 2001, "Reason must be 2,000 characters or fewer"),
        ):
            response = client.post(url_of(ended), data=data(step, reason=reason))
            page = response.get_data(as_text=True)
            assert response.status_code == 200 and "There is a problem" in page and message in page
    assert corrections(db) == []


def test_a_correction_must_change_something_and_follow_the_judgement_rules(client, login_as, world, db, ended):
    """R-JUDGE-1, R-JUDGE-2 apply to the corrected set as to the first."""
    login_as(world.inspector)
    url = url_of(ended)
    cases = [
        (GOOD, feedback.NOTHING_CHANGED),
        (GOOD | {"helped_protected": "inadequate"}, "must be inadequate when how well"),
        (GOOD | {"leaders_managers": "inadequate"}, "cannot be better than requires improvement"),
    ]
    for judgements, message in cases:
        for step in (None, "record"):
            page = client.post(url, data=data(step, **judgements)).get_data(as_text=True)
            assert "There is a problem" in page and message in page, (judgements, step)
    assert corrections(db) == []


def test_a_correction_after_the_draft_is_sent_is_refused(client, login_as, world, db, kit):
    report = kit.issued()
    inspection = report.inspection
    assert inspection.status == rules.DRAFT_SENT
    login_as(world.inspector)
    url = url_of(inspection)
    page = client.get(url).get_data(as_text=True)
    assert feedback.DRAFT_SENT_CLOSED in page and 'name="reason"' not in page
    response = client.post(url, data=data("record"))
    assert response.status_code == 200 and "There is a problem" in response.get_data(as_text=True)
    assert corrections(db) == []
    with pytest.raises(feedback.InspectionError, match="draft report has been sent"):
        feedback.correct(
            inspection, GOOD | {"overall": RI_GRADE, "leaders_managers": RI_GRADE}, REASON, 0, world.inspector, FROZEN
        )
    page = client.get(f"/inspectorate/inspections/{inspection.id}").get_data(as_text=True)
    assert "Correct the judgements given at feedback</a>" not in page


def test_r_insp_2_the_draft_is_compared_with_the_corrected_judgements(world, db, kit, ended):
    """A correction before the draft means a draft with those judgements needs no explanation, and
    one with the judgements first given does (portal/reports reads ``Inspection.provisional()``)."""
    corrected = GOOD | {"overall": RI_GRADE, "leaders_managers": RI_GRADE}
    feedback.correct(ended, corrected, REASON, 0, world.inspector, FROZEN)
    report = kit.written(ended)
    report.content = report.content | {"judgements": corrected}
    db.session.commit()
    assert report_sending.changed_judgements(report) == {}
    report.content = report.content | {"judgements": GOOD}
    assert set(report_sending.changed_judgements(report)) == {"overall", "leaders_managers"}


def test_only_the_inspection_team_or_a_manager_may_correct(client, login_as, world, db, ended):
    url = url_of(ended)
    for person in (world.colleague, world.rm, world.ri, world.ip):
        login_as(person)
        assert client.get(url).status_code == 404, person.role
        assert client.post(url, data=data("record")).status_code == 404, person.role
    assert corrections(db) == []
    db.session.add(InspectionTeamMember(inspection_id=ended.id, user_id=world.colleague.id))
    db.session.commit()
    login_as(world.colleague)
    assert client.post(url, data=data("record")).status_code == 302
    login_as(world.manager)
    assert (
        client.post(
            url,
            data=data(
                "record", based_on="1", reason="Overall was good after all.", **GOOD | {"leaders_managers": RI_GRADE}
            ),
        ).status_code
        == 302
    )
    assert [c.corrected_by_id for c in corrections(db)] == [world.colleague.id, world.manager.id]
    db.session.refresh(ended)
    assert ended.provisional() == GOOD | {"leaders_managers": RI_GRADE}


def test_a_repeated_post_records_once_and_a_stale_one_is_refused(client, login_as, world, db, ended):
    login_as(world.inspector)
    url = url_of(ended)
    assert client.post(url, data=data("record")).status_code == 302
    assert client.post(url, data=data("record")).status_code == 302  # the same, posted again
    assert len(corrections(db)) == 1
    stale = client.post(url, data=data("record", **GOOD | {"overall": "outstanding"}))
    assert "Someone else corrected these judgements" in stale.get_data(as_text=True)
    assert len(corrections(db)) == 1


def test_a_correction_is_never_rewritten(world, db, ended):
    correction = feedback.correct(
        ended, GOOD | {"overall": RI_GRADE, "leaders_managers": RI_GRADE}, REASON, 0, world.inspector, FROZEN
    )
    correction.reason = "Something else"
    with pytest.raises(ValueError, match="never changed"):
        db.session.commit()
    db.session.rollback()
    db.session.delete(db.session.get(FeedbackJudgementCorrection, correction.id))
    with pytest.raises(ValueError, match="never deleted"):
        db.session.commit()
    db.session.rollback()


def test_a_monitoring_visit_s_new_judgement_can_be_added_by_correction(client, login_as, world, db, make):
    """R-JUDGE-5: a new judgement given at feedback but left out when the end was recorded."""
    visit = make.inspection(world.home, world.inspector, kind=rules.MONITORING, status=rules.ENDED)
    login_as(world.inspector)
    url = url_of(visit)
    page = client.post(url, data=data("record", overall="good")).get_data(as_text=True)
    assert "the limiting judgements must be judged when the overall grade is" in page
    assert client.post(url, data=data("record", **GOOD)).status_code == 302
    db.session.refresh(visit)
    assert visit.provisional() == GOOD
    assert feedback.change_lines(visit, visit.judgement_corrections[0])[0].endswith("from No new judgement to Good")


def test_judgements_are_corrected_only_once_the_end_is_recorded(client, login_as, world, db):
    """An inspection still on site has no judgements given at feedback to correct yet."""
    login_as(world.inspector)
    url = url_of(world.inspection)
    assert feedback.NOT_ENDED in client.get(url).get_data(as_text=True)
    response = client.post(url, data=data("record"))
    assert response.status_code == 200 and feedback.NOT_ENDED in response.get_data(as_text=True)
    assert corrections(db) == []
