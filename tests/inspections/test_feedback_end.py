"""The end of the inspection: the judgements given at feedback go through check your answers
before they are recorded, once (issue 14); the limiting judgements are judged whenever the overall
grade is (R-JUDGE-1, R-JUDGE-2, R-JUDGE-5, R-JUDGE-6)."""

from datetime import date

from sqlalchemy import func, select

from portal.core.audit import AuditEvent
from portal.inspections import rules
from portal.inspections.models import ProvisionalJudgement
from portal.providers.models import SettingType

GOOD = {"overall": "good", "helped_protected": "good", "leaders_managers": "good"}
LIMITING = "the limiting judgements must be judged when the overall grade is"


def end_data(step=None, **judgements):
    return {"end_date": ["18", "11", "2026"]} | judgements | ({"step": step} if step else {})


def url_of(inspection):
    return f"/inspectorate/inspections/{inspection.id}/end"


def ended_events(db):
    return db.session.scalar(
        select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "inspection_ended")
    )


def test_the_judgements_are_checked_before_they_are_recorded(client, login_as, world, db):
    """Issue 14: the answers are shown back, with a Change for each, and only the check page records."""
    login_as(world.inspector)
    url = url_of(world.inspection)
    check = client.post(url, data=end_data(**GOOD | {"leaders_managers": "requires_improvement"}))
    page = check.get_data(as_text=True)
    assert check.status_code == 200 and "Check the end of the inspection and the judgements" in page
    assert "18 November 2026" in page and "Requires improvement to be good" in page
    assert page.count('value="change"') == 4 and 'name="step" value="record"' in page
    db.session.refresh(world.inspection)
    assert world.inspection.status == rules.ON_SITE and ended_events(db) == 0

    # Change: the form again, with the answers as given.
    back = client.post(url, data=end_data("change", **GOOD | {"leaders_managers": "requires_improvement"}))
    form = back.get_data(as_text=True)
    assert "Record the end of the inspection</h1>" in form
    assert 'value="requires_improvement" checked' in form

    recorded = client.post(url, data=end_data("record", **GOOD | {"leaders_managers": "requires_improvement"}))
    assert recorded.status_code == 302
    db.session.refresh(world.inspection)
    assert world.inspection.status == rules.ENDED and world.inspection.end_date == date(2026, 11, 18)
    assert world.inspection.provisional() == GOOD | {"leaders_managers": "requires_improvement"}


def test_a_repeated_post_records_once(client, login_as, world, db):
    """The check page's button pressed twice (or the page posted again later) records nothing more."""
    login_as(world.inspector)
    url = url_of(world.inspection)
    assert client.post(url, data=end_data("record", **GOOD)).status_code == 302
    again = client.post(url, data=end_data("record", **GOOD | {"overall": "outstanding"}))
    assert again.status_code == 302
    assert "already recorded" in client.get(again.location).get_data(as_text=True)
    db.session.refresh(world.inspection)
    assert world.inspection.provisional() == GOOD and ended_events(db) == 1
    assert db.session.scalar(select(func.count()).select_from(ProvisionalJudgement)) == 3


def test_refused_judgements_never_reach_the_check_page(client, login_as, world, db):
    """R-JUDGE-1 and R-JUDGE-2 are checked before the answers are shown back, and again on recording."""
    login_as(world.inspector)
    url = url_of(world.inspection)
    for step in (None, "record"):
        page = client.post(url, data=end_data(step, **GOOD | {"helped_protected": "inadequate"})).get_data(as_text=True)
        assert "There is a problem" in page and "must be inadequate when how well" in page
        assert "Check the end of the inspection" not in page
        page = client.post(url, data=end_data(step, **GOOD | {"end_date": ["1", "11", "2026"]})).get_data(as_text=True)
        assert "End date must be the same as or after the start date" in page
    db.session.refresh(world.inspection)
    assert world.inspection.status == rules.ON_SITE and ended_events(db) == 0


def test_a_monitoring_visit_may_give_no_judgement_but_not_an_overall_one_alone(client, login_as, world, db, make):
    """R-JUDGE-5: the questions of a children's home's monitoring visit are optional; an overall grade
    needs both limiting judgements (R-JUDGE-6: they are never "not judged")."""
    visit = make.inspection(world.other_home, world.inspector, kind=rules.MONITORING)
    login_as(world.inspector)
    url = url_of(visit)
    cases = [
        ({"overall": "good"}, LIMITING),
        (
            {"overall": "good", "helped_protected": "not_judged", "leaders_managers": "not_judged"},
            "Select a judgement for how well children are helped and protected",
        ),
        ({"overall": "good", "helped_protected": "good"}, "Select a judgement for the effectiveness of leaders"),
        ({"helped_protected": "good", "leaders_managers": "good"}, "Select a judgement for overall experiences"),
        ({"overall": "good", "helped_protected": "inadequate", "leaders_managers": "good"}, "must be inadequate"),
    ]
    for judgements, message in cases:
        for step in (None, "record"):
            response = client.post(url, data=end_data(step, **judgements))
            page = response.get_data(as_text=True)
            assert response.status_code == 200 and "There is a problem" in page, judgements
            assert message in page, (judgements, message)
    db.session.refresh(visit)
    assert visit.status == rules.ON_SITE and visit.provisional() == {}

    check = client.post(url, data=end_data()).get_data(as_text=True)
    assert "Check the end of the inspection" in check and "No new judgement" in check
    assert client.post(url, data=end_data("record")).status_code == 302
    db.session.refresh(visit)
    assert visit.status == rules.ENDED and visit.provisional() == {}


def test_a_monitoring_visit_with_a_new_judgement_records_it(client, login_as, world, db, make):
    visit = make.inspection(world.other_home, world.inspector, kind=rules.MONITORING)
    login_as(world.inspector)
    assert client.post(url_of(visit), data=end_data("record", **GOOD)).status_code == 302
    db.session.refresh(visit)
    assert visit.provisional() == GOOD


def test_r_judge_6_full_inspections_refuse_not_judged_except_an_sch_education_and_health(
    client, login_as, world, db, make
):
    login_as(world.inspector)
    refused = client.post(
        url_of(world.inspection),
        data=end_data("record", overall="good", helped_protected="not_judged", leaders_managers="not_judged"),
    ).get_data(as_text=True)
    assert "Select a judgement for how well children are helped and protected" in refused
    secure = make.inspection(make.setting(world.provider, "SCH"), world.inspector)
    sch = GOOD | {"education": "not_judged", "health": "not_judged"}
    assert client.post(url_of(secure), data=end_data("record", **sch)).status_code == 302
    db.session.refresh(secure)
    assert secure.provisional() == sch


def test_rules_name_the_limiting_judgements_when_overall_is_graded():
    """R-JUDGE-5 with R-JUDGE-1/2/6: the rule itself, for every caller (the end page, corrections)."""
    errors = rules.judgement_errors({"overall": "good"}, SettingType.CHILDRENS_HOME, rules.MONITORING)
    assert set(errors) == {"helped_protected", "leaders_managers"}
    assert all(LIMITING in message for message in errors.values())
    not_judged = {"overall": "good", "helped_protected": "not_judged", "leaders_managers": "not_judged"}
    for kind in (rules.FULL, rules.MONITORING):
        errors = rules.judgement_errors(not_judged, SettingType.RESIDENTIAL_FAMILY_CENTRE, kind)
        assert set(errors) == {"helped_protected", "leaders_managers"}, kind
    assert rules.judgement_errors({}, SettingType.CHILDRENS_HOME, rules.MONITORING) == {}


def test_an_inspector_not_on_the_inspection_cannot_end_it(client, login_as, world, db):
    login_as(world.colleague)
    url = url_of(world.inspection)
    assert client.get(url).status_code == 404
    assert client.post(url, data=end_data("record", **GOOD)).status_code == 404
    db.session.refresh(world.inspection)
    assert world.inspection.status == rules.ON_SITE
