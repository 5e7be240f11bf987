"""Each kind of report through the real use cases: partner contributions (R-RPT-2), monitoring
visits with and without a new judgement (R-JUDGE-5), an STC monitoring visit's outcome
(R-JUDGE-7), assurance reports (R-RPT-3), and the pages that show them."""

from datetime import date

import pytest

from portal.accounts.roles import CQC, HMIP, OFSTED_FES, Role
from portal.inspection_reports import rules, sending, services
from portal.inspection_reports.services import ReportError
from portal.inspections import rules as inspection_rules
from tests.conftest import FROZEN


@pytest.fixture
def stc(world, make):
    return make.setting(world.provider, "STC", name="North Gate STC")


def ended(make, db, setting, lead, kind=inspection_rules.FULL, team=(), provisional=None):
    inspection = make.inspection(
        setting,
        lead,
        status=inspection_rules.ENDED,
        kind=kind,
        start=date(2026, 11, 2),
        end=date(2026, 11, 6),
        team=team,
        announced=kind == inspection_rules.FULL and setting.setting_type == "STC",
    )
    from portal.inspections.models import ProvisionalJudgement

    areas = provisional if provisional is not None else services.areas_of(inspection)
    inspection.provisional_judgements = [ProvisionalJudgement(area=a, grade=inspection_rules.GOOD) for a in areas]
    db.session.commit()
    return inspection


def test_r_rpt_2_a_partner_section_records_the_named_team_member_who_wrote_it(world, make, db, stc):
    """S0 ¶98: report-ready contributions to the health and education sections from the CQC
    inspector and the further education and skills HMI; the lead inspector collates."""
    cqc = make.user(Role.INSPECTOR, name="Chris Quinn", inspectorate=CQC)
    hmi = make.user(Role.INSPECTOR, name="Farah Ellis", inspectorate=OFSTED_FES)
    hmip = make.user(Role.INSPECTOR, name="Harry Price", inspectorate=HMIP)
    inspection = ended(make, db, stc, world.inspector, team=[cqc, hmi, hmip])
    report = services.start_report(inspection, world.inspector, FROZEN)
    health = services.template_of(inspection).section("health")
    assert services.contributors_for(inspection, health) == [cqc]

    with pytest.raises(ReportError) as refused:
        services.save_section(report, "health", "Text.", world.inspector, FROZEN, written_by_id=hmip.id)
    assert refused.value.field == "written_by"
    assert "health" not in report.content["sections"]

    services.save_section(
        report, "health", "Children see a nurse on arrival.", world.inspector, FROZEN, written_by_id=cqc.id
    )
    assert report.content["contributors"]["health"] == {
        "user_id": cqc.id,
        "name": "Chris Quinn",
        "inspectorate": CQC,
        "role": "CQC inspector",
    }
    paragraphs = rules.numbered(report.content, services.template_of(inspection))
    assert [p["contributor"]["name"] for p in paragraphs if p["section"] == "health"] == ["Chris Quinn"]


def test_r_rpt_2_without_the_partner_on_the_team_the_section_cannot_be_saved(world, make, db, stc):
    inspection = ended(make, db, stc, world.inspector)
    report = services.start_report(inspection, world.inspector, FROZEN)
    with pytest.raises(ReportError, match="Add the further education and skills HMI to the inspection team"):
        services.save_section(report, "education", "Text.", world.inspector, FROZEN)
    services.save_section(report, "service", "A centre for 60 children.", world.inspector, FROZEN)
    assert report.content["sections"] == {"service": ["A centre for 60 children."]}


def test_r_rpt_1_a_section_of_another_template_is_refused(world, make, db, stc):
    """An STC report has no enforcement section; a CH report has no resettlement."""
    inspection = ended(make, db, stc, world.inspector)
    report = services.start_report(inspection, world.inspector, FROZEN)
    with pytest.raises(ReportError):
        services.save_section(report, "enforcement", "None.", world.inspector, FROZEN)
    home = ended(make, db, world.home, world.inspector)
    home_report = services.start_report(home, world.inspector, FROZEN)
    with pytest.raises(ReportError):
        services.save_section(home_report, "resettlement", "Text.", world.inspector, FROZEN)


def test_r_judge_5_a_monitoring_visit_may_record_a_new_judgement_with_its_reasons(world, make, db, reports):
    """S2 §"Subsequent inspection activity": a new judgement as at a full inspection, R-JUDGE-1/2 apply."""
    inspection = ended(make, db, world.home, world.inspector, kind=inspection_rules.MONITORING, provisional={})
    report = services.start_report(inspection, world.inspector, FROZEN)
    areas = inspection_rules.judgement_areas(world.home.type_enum, inspection_rules.FULL)
    with pytest.raises(ReportError, match="Select whether this visit makes a new judgement"):
        services.save_judgements(report, {}, world.inspector, FROZEN)
    bad = {area: inspection_rules.GOOD for area in areas} | {inspection_rules.PROTECTED: inspection_rules.INADEQUATE}
    with pytest.raises(ReportError, match="must be inadequate"):
        services.save_judgements(report, bad, world.inspector, FROZEN, new_judgement=True)
    with pytest.raises(ReportError, match="Select a judgement"):
        services.save_judgements(
            report, {inspection_rules.OVERALL: inspection_rules.GOOD}, world.inspector, FROZEN, new_judgement=True
        )
    assert "new_judgement" not in report.content

    improved = {area: inspection_rules.GOOD for area in areas}
    services.save_judgements(report, improved, world.inspector, FROZEN, new_judgement=True)
    assert services.report_areas(report) == areas
    # No judgement was given at feedback, so R-INSP-2 asks why the judgement differs.
    assert set(sending.changed_judgements(report)) == set(areas)


def test_r_judge_5_no_new_judgement_keeps_no_grades(world, make, db):
    inspection = ended(make, db, world.home, world.inspector, kind=inspection_rules.MONITORING, provisional={})
    report = services.start_report(inspection, world.inspector, FROZEN)
    services.save_judgements(
        report, {inspection_rules.OVERALL: inspection_rules.GOOD}, world.inspector, FROZEN, new_judgement=False
    )
    assert report.content["judgements"] == {} and report.content["new_judgement"] is False
    assert services.report_areas(report) == {}


def test_r_judge_7_an_stc_monitoring_visit_records_its_outcome(world, make, db, stc):
    """S0 ¶142: no judgement; improvement or continued concern, and serious and/or widespread concerns."""
    inspection = ended(make, db, stc, world.inspector, kind=inspection_rules.MONITORING)
    report = services.start_report(inspection, world.inspector, FROZEN)
    with pytest.raises(ReportError, match="no judgement"):
        services.save_judgements(report, {inspection_rules.OVERALL: inspection_rules.GOOD}, world.inspector, FROZEN)
    with pytest.raises(ReportError, match="improvement or continued concern"):
        services.save_outcome(report, "better", inspection_rules.NO_SERIOUS, world.inspector, FROZEN)
    assert "outcome" not in report.content
    services.save_outcome(report, inspection_rules.CONTINUED_CONCERN, inspection_rules.SERIOUS, world.inspector, FROZEN)
    paragraphs = [
        p for p in rules.numbered(report.content, services.template_of(inspection)) if p["section"] == "judgements"
    ]
    assert [p["text"] for p in paragraphs] == [
        "Progress: continued concern.",
        rules.standard_sentence(inspection_rules.SERIOUS, stc.type_enum),
    ]


def test_outcome_is_only_for_stc_monitoring(world, make, db):
    inspection = ended(make, db, world.home, world.inspector, kind=inspection_rules.MONITORING, provisional={})
    report = services.start_report(inspection, world.inspector, FROZEN)
    with pytest.raises(ReportError):
        services.save_outcome(
            report, inspection_rules.IMPROVEMENT, inspection_rules.NO_SERIOUS, world.inspector, FROZEN
        )


@pytest.mark.parametrize(
    "setting_type, kind",
    [
        ("SCH", inspection_rules.ASSURANCE),
        ("STC", inspection_rules.MONITORING),
        ("RFC", inspection_rules.MONITORING),
        ("STC", inspection_rules.FULL),
        ("CH", inspection_rules.ASSURANCE),
    ],
)
def test_each_kind_of_report_is_issued_with_its_own_sections(world, make, db, reports, setting_type, kind):
    setting = make.setting(world.provider, setting_type)
    grade = inspection_rules.NO_SERIOUS if kind == inspection_rules.ASSURANCE else inspection_rules.GOOD
    inspection = ended(make, db, setting, world.inspector, kind=kind)
    for judgement in inspection.provisional_judgements:
        judgement.grade = grade
    db.session.commit()
    report = reports.issued(inspection, grade=grade)
    sent = list(dict.fromkeys(p["section"] for p in report.draft["paragraphs"]))
    expected = [
        key
        for key, _ in rules.report_sections(setting.type_enum, kind)
        if key != "improvements" or report.content["requirements"] or report.content["recommendations"]
    ]
    if kind == inspection_rules.MONITORING and setting_type != "STC":
        expected.remove("judgements")  # no new judgement at this visit: nothing to list
    assert sent == expected
    assert report.draft["title"] == rules.template_for(setting.type_enum, kind).title


def test_inspectorate_pages_follow_the_template(client, login_as, world, make, db, stc):
    cqc = make.user(Role.INSPECTOR, name="Chris Quinn", inspectorate=CQC)
    inspection = ended(make, db, stc, world.inspector, team=[cqc])
    services.start_report(inspection, world.inspector, FROZEN)
    login_as(world.inspector)
    page = client.get(f"/inspectorate/inspections/{inspection.id}/report").get_data(as_text=True)
    assert "Resettlement" in page and "Enforcement action" not in page
    assert "A contribution from the CQC inspector" in page
    assert client.get(f"/inspectorate/inspections/{inspection.id}/report/sections/enforcement").status_code == 404
    form = client.get(f"/inspectorate/inspections/{inspection.id}/report/sections/health").get_data(as_text=True)
    assert "Who wrote this section?" in form and "Chris Quinn" in form
    answer = client.post(
        f"/inspectorate/inspections/{inspection.id}/report/sections/health", data={"text": "Health text."}
    )
    assert answer.status_code == 200 and "Select who wrote this section" in answer.get_data(as_text=True)
    assert "health" not in services.report_of(inspection).content["sections"]
    done = client.post(
        f"/inspectorate/inspections/{inspection.id}/report/sections/health",
        data={"text": "Health text.", "written_by": str(cqc.id)},
    )
    assert done.status_code == 302
    assert services.report_of(inspection).content["contributors"]["health"]["name"] == "Chris Quinn"


def test_monitoring_judgement_page_asks_for_a_new_judgement_first(client, login_as, world, make, db):
    inspection = ended(make, db, world.home, world.inspector, kind=inspection_rules.MONITORING, provisional={})
    services.start_report(inspection, world.inspector, FROZEN)
    login_as(world.inspector)
    url = f"/inspectorate/inspections/{inspection.id}/report/judgements"
    assert "Does this visit make a new judgement?" in client.get(url).get_data(as_text=True)
    answer = client.post(url, data={})
    assert answer.status_code == 200 and "Select whether this visit makes a new judgement" in answer.get_data(
        as_text=True
    )
    assert client.post(url, data={"new_judgement": "no"}).status_code == 302
    assert services.report_of(inspection).content["new_judgement"] is False


def test_stc_monitoring_judgement_page_records_the_outcome(client, login_as, world, make, db, stc):
    inspection = ended(make, db, stc, world.inspector, kind=inspection_rules.MONITORING)
    services.start_report(inspection, world.inspector, FROZEN)
    login_as(world.inspector)
    url = f"/inspectorate/inspections/{inspection.id}/report/judgements"
    page = client.get(url).get_data(as_text=True)
    assert "Outcome of the monitoring visit" in page and "Continued concern" in page
    answer = client.post(url, data={"progress": inspection_rules.IMPROVEMENT})
    assert "Select whether serious and/or widespread concerns were found" in answer.get_data(as_text=True)
    assert (
        client.post(
            url, data={"progress": inspection_rules.IMPROVEMENT, "concerns": inspection_rules.NO_SERIOUS}
        ).status_code
        == 302
    )
    assert services.report_of(inspection).content["outcome"] == {
        "progress": inspection_rules.IMPROVEMENT,
        "concerns": inspection_rules.NO_SERIOUS,
    }


def test_r_judge_4_no_children_since_registration_makes_no_judgement_and_says_so(world, make, db, client, login_as):
    """S2 §"Inspections where no children are living in the home": the assurance template, no
    judgement, and the fixed statement (R-RPT-4)."""
    sch = make.setting(world.provider, "SCH", name="New Secure Home")
    inspection = ended(make, db, sch, world.inspector, kind=inspection_rules.ASSURANCE, provisional={})
    report = services.start_report(inspection, world.inspector, FROZEN)
    login_as(world.inspector)
    url = f"/inspectorate/inspections/{inspection.id}/report/no-children"
    answer = client.post(url, data={})
    assert answer.status_code == 200
    assert "Select whether any children have lived in the home since it was registered" in answer.get_data(as_text=True)
    assert "no_children_since" not in services.report_of(inspection).content
    assert client.post(url, data={"children": "no"}).status_code == 302
    report = services.report_of(inspection)
    assert services.report_areas(report) == {}
    with pytest.raises(ReportError, match="makes no judgement"):
        services.save_judgements(
            report, {inspection_rules.ASSURANCE_AREA: inspection_rules.NO_SERIOUS}, world.inspector, FROZEN
        )
    paragraphs = rules.numbered(report.content, services.template_of(inspection))
    assert paragraphs[0]["text"] == (
        "The secure children's home has not provided accommodation to children since its registration on "
        "1 January 2020. This inspection focuses on whether the secure children's home meets its statutory "
        "requirements in order to maintain its registration and is ready to accept placements."
    )
    assert "judgements" not in [s.key for s in rules.missing_sections(report.content, services.template_of(inspection))]
    # A full inspection has no such answer: the post goes back to the judgements and stores nothing.
    full = ended(make, db, sch, world.inspector)
    started = services.start_report(full, world.inspector, FROZEN)
    answer = client.post(f"/inspectorate/inspections/{full.id}/report/no-children", data={"children": "no"})
    assert answer.status_code == 302 and answer.location.endswith(
        f"/inspectorate/inspections/{full.id}/report/judgements"
    )
    assert "no_children_since" not in services.report_of(full).content and started.id
