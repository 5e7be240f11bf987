"""The quality assurance pages (R-QA-1..3): GOV.UK errors that store nothing, the overview's panel
and the inspection's timeline."""

import pytest
from sqlalchemy import func, select

from portal.accounts.roles import Role
from portal.inspection_reports import rules
from portal.inspection_reports.comments import submit_return
from portal.inspection_reports.models_quality import QualityDisagreement, QualityRecord, ReportCopy
from portal.inspections import rules as inspection_rules
from tests.conftest import FROZEN
from tests.inspection_reports.quality_support import assure

TODAY = ["18", "11", "2026"]
TOMORROW = ["19", "11", "2026"]


def url(inspection, path=""):
    return f"/inspectorate/inspections/{inspection.id}/report{path}"


def count(db, model):
    return db.session.scalar(select(func.count()).select_from(model))


def error_page(response, *messages):
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "There is a problem" in page and "<title>Error: " in page
    for message in messages:
        assert message in page, message
    return page


@pytest.fixture
def stc_report(reports, make, world):
    setting = make.setting(world.provider, "STC", name="North Gate STC")
    return reports.written(reports.ended(setting=setting))


def test_r_qa_1_the_lead_inspector_is_told_and_a_check_posted_by_them_stores_nothing(
    client, login_as, world, reports, db
):
    report = reports.written()
    login_as(world.inspector)
    page = client.get(url(report.inspection, "/quality-assurance")).get_data(as_text=True)
    assert "cannot be recorded by the report&#39;s own inspector" in page and 'name="given_on"' not in page
    response = client.post(url(report.inspection, "/quality-assurance"), data={"given_on": TODAY})
    error_page(response, "Quality assurance cannot be recorded by the report&#39;s own inspector")
    assert count(db, QualityRecord) == 0


def test_r_qa_1_the_manager_records_the_check_with_gov_uk_errors_first(client, login_as, world, reports, db):
    report = reports.written()
    login_as(world.manager)
    page = client.get(url(report.inspection, "/quality-assurance")).get_data(as_text=True)
    assert "Record the quality check" in page and "Quality check by the inspector&#39;s manager" in page
    assert 'name="step"' not in page and 'name="given_by"' not in page  # one step, given by the recorder
    error_page(client.post(url(report.inspection, "/quality-assurance"), data={}), "Enter the date it was given")
    error_page(
        client.post(url(report.inspection, "/quality-assurance"), data={"given_on": TOMORROW}),
        "Date given must be today or in the past",
    )
    error_page(
        client.post(url(report.inspection, "/quality-assurance"), data={"given_on": ["31", "11", "2026"]}),
        "Date given must be a real date",
    )
    assert count(db, QualityRecord) == 0
    response = client.post(
        url(report.inspection, "/quality-assurance"),
        data={"given_on": TODAY, "notes": "Checked; two typing errors corrected."},
    )
    assert response.status_code == 302 and response.location.endswith("/report#quality")
    page = client.get(url(report.inspection)).get_data(as_text=True)
    assert "Quality check by the inspector&#39;s manager is recorded." in page
    assert f"recorded by {world.manager.name}" in page and "Checked; two typing errors corrected." in page
    assert count(db, QualityRecord) == 1


def test_r_qa_1_the_issue_page_waits_for_the_check(client, login_as, world, reports, db):
    report = reports.written()
    login_as(world.inspector)
    page = client.get(url(report.inspection, "/issue")).get_data(as_text=True)
    assert "Record the quality check by the inspector&#39;s manager" in page
    assert client.post(url(report.inspection, "/issue"), data={}).status_code == 200
    assert report.status == rules.DRAFTING
    assure(report)
    assert client.post(url(report.inspection, "/issue"), data={}).status_code == 302


def test_r_qa_1_a_monitoring_visits_review_says_it_covers_the_evidence_base(client, login_as, world, reports, make):
    setting = make.setting(world.provider, "SCH")
    report = reports.written(reports.ended(setting=setting, kind=inspection_rules.MONITORING))
    login_as(world.manager)
    page = client.get(url(report.inspection, "/quality-assurance")).get_data(as_text=True)
    assert '<h1 class="govuk-heading-l">Record the review of the monitoring report and its evidence base</h1>' in page
    assert "<strong>and its evidence base</strong>" in page


def test_r_qa_2_the_stcs_quality_assurance_asks_which_step_and_who_gave_it(client, login_as, world, stc_report, db):
    inspection = stc_report.inspection
    login_as(world.manager)
    page = client.get(url(inspection, "/quality-assurance")).get_data(as_text=True)
    for title in (
        "Ofsted&#39;s quality assurance by a quality assurance manager",
        "Ofsted&#39;s internal consistency panel",
        "HMIP&#39;s quality assurance",
        "CQC&#39;s quality assurance",
    ):
        assert title in page
    error_page(
        client.post(url(inspection, "/quality-assurance"), data={"given_on": TODAY}),
        "Select which quality assurance you are recording",
    )
    error_page(
        client.post(url(inspection, "/quality-assurance"), data={"step": "hmip_qa", "given_on": TODAY}),
        "Enter the name of the person at HMIP who gave it",
    )
    error_page(
        client.post(
            url(inspection, "/quality-assurance"), data={"step": "sign_off_cqc", "given_on": TODAY, "given_by": "X"}
        ),
        "Select which quality assurance you are recording",
    )
    assert count(db, QualityRecord) == 0
    assert (
        client.post(
            url(inspection, "/quality-assurance"),
            data={"step": "hmip_qa", "given_on": TODAY, "given_by": "Sam Hughes, HMIP"},
        ).status_code
        == 302
    )
    page = client.get(url(inspection)).get_data(as_text=True)
    assert "Quality assurance and sign-off" in page and "given by Sam Hughes, HMIP" in page
    assert page.count("Not recorded") == 3 + 3


def test_r_qa_2_sign_off_before_the_draft_is_refused_with_a_gov_uk_error(client, login_as, world, stc_report, db):
    login_as(world.manager)
    page = client.get(url(stc_report.inspection, "/sign-off")).get_data(as_text=True)
    assert "A sign-off can be recorded once the draft report has been issued" in page and 'name="given_on"' not in page
    error_page(
        client.post(url(stc_report.inspection, "/sign-off"), data={"inspectorate": "ofsted", "given_on": TODAY}),
        "A sign-off can be recorded once the draft report has been issued",
    )
    assert count(db, QualityRecord) == 0


def test_r_qa_2_sign_offs_unknown_inspectorates_and_the_final(client, login_as, world, stc_report, db):
    assure(stc_report)
    from portal.inspection_reports import sending

    sending.issue_draft(stc_report, None, stc_report.inspection.lead_inspector, FROZEN)
    submit_return(stc_report, True, world.ri, FROZEN)
    inspection = stc_report.inspection
    login_as(world.manager)
    final = client.get(url(inspection, "/final")).get_data(as_text=True)
    assert "Record Ofsted&#39;s sign-off" in final and "Record CQC&#39;s sign-off" in final
    error_page(
        client.post(url(inspection, "/sign-off"), data={"inspectorate": "ofqual", "given_on": TODAY}),
        "Select the inspectorate that signed off the report",
    )
    error_page(
        client.post(
            url(inspection, "/sign-off"), data={"inspectorate": "cqc", "given_on": TOMORROW, "given_by": "Lena Ford"}
        ),
        "Date given must be today or in the past",
    )
    assert count(db, QualityRecord) == 4
    for inspectorate, who in (("ofsted", ""), ("hmip", "Sam Hughes"), ("cqc", "Lena Ford")):
        response = client.post(
            url(inspection, "/sign-off"), data={"inspectorate": inspectorate, "given_on": TODAY, "given_by": who}
        )
        assert response.status_code == 302
    final = client.get(url(inspection, "/final")).get_data(as_text=True)
    assert "sign-off" not in final.split('id="blocking"')[1].split("</ul>")[0]  # what still blocks is not QA
    login_as(inspection.lead_inspector)
    error_page(
        client.post(
            url(inspection, "/sign-off"), data={"inspectorate": "cqc", "given_on": TODAY, "given_by": "Lena Ford"}
        ),
        "A sign-off cannot be recorded by the report&#39;s own inspector",
    )
    assert count(db, QualityRecord) == 7


def test_r_qa_2_a_disagreement_is_recorded_with_its_escalation(client, login_as, world, stc_report, db):
    login_as(world.inspector)
    error_page(
        client.post(url(stc_report.inspection, "/disagreements/new"), data={"note": "Wording"}),
        "Enter the name of the Ofsted manager it went to",
        "Enter the name of the HMIP manager it went to",
    )
    assert count(db, QualityDisagreement) == 0
    response = client.post(
        url(stc_report.inspection, "/disagreements/new"),
        data={
            "note": "Whether the health section's finding is a recommendation",
            "ofsted_manager": "Helen Carter",
            "hmip_manager": "Sam Hughes",
            "cqc_manager": "Lena Ford",
        },
    )
    assert response.status_code == 302
    page = client.get(url(stc_report.inspection)).get_data(as_text=True)
    assert "Escalated to Helen Carter (Ofsted), Sam Hughes (HMIP) and Lena Ford (CQC)" in page


def test_r_qa_3_a_copy_recorded_twice_says_it_was_already_recorded(client, login_as, world, stc_report, db):
    login_as(world.inspector)
    page = client.get(url(stc_report.inspection, "/copies/new")).get_data(as_text=True)
    assert "The draft report has not been sent yet" in page and 'name="sent_on"' not in page
    assure(stc_report)
    from portal.inspection_reports import sending

    sending.issue_draft(stc_report, None, stc_report.inspection.lead_inspector, FROZEN)
    page = client.get(url(stc_report.inspection, "/copies/new")).get_data(as_text=True)
    assert 'value="draft_moj" checked' in page and "The draft report to the Youth Custody Service (YCS)" in page
    data = {"copy": "draft_moj", "sent_on": TODAY}
    assert client.post(url(stc_report.inspection, "/copies/new"), data=data).status_code == 302
    error_page(
        client.post(url(stc_report.inspection, "/copies/new"), data=data),
        "The draft report to the Ministry of Justice (MoJ) was already recorded as sent on Wednesday 18 November 2026",
    )
    error_page(
        client.post(url(stc_report.inspection, "/copies/new"), data={"copy": "draft_ycs", "sent_on": TOMORROW}),
        "Date sent must be today or in the past",
    )
    assert count(db, ReportCopy) == 1
    overview = client.get(url(stc_report.inspection)).get_data(as_text=True)
    assert overview.count("Outstanding") == 1


def test_stc_only_pages_say_so_for_other_settings(client, login_as, world, reports, db):
    report = reports.issued()
    login_as(world.manager)
    for path, data in (
        ("/sign-off", {"inspectorate": "ofsted", "given_on": TODAY}),
        ("/copies/new", {"copy": "draft_moj", "sent_on": TODAY}),
        ("/disagreements/new", {"note": "x", "ofsted_manager": "a", "hmip_manager": "b", "cqc_manager": "c"}),
    ):
        assert "Only a secure training centre" in client.get(url(report.inspection, path)).get_data(as_text=True)
        error_page(client.post(url(report.inspection, path), data=data), "Only a secure training centre")
    assert count(db, QualityRecord) == 1 and count(db, ReportCopy) == 0 and count(db, QualityDisagreement) == 0


def test_pages_before_the_report_is_started_go_to_the_overview(client, login_as, world, reports):
    inspection = reports.ended()
    login_as(world.manager)
    for path in ("/quality-assurance", "/sign-off", "/copies/new", "/disagreements/new"):
        assert client.get(url(inspection, path)).status_code == 302


def test_inspectors_not_on_the_inspection_get_404(client, login_as, world, reports, make):
    report = reports.written()
    stranger = make.user(Role.INSPECTOR)
    login_as(stranger)
    for path in ("/quality-assurance", "/sign-off", "/copies/new", "/disagreements/new"):
        assert client.get(url(report.inspection, path)).status_code == 404
        assert client.post(url(report.inspection, path)).status_code == 404


def test_the_inspections_timeline_lists_what_was_recorded_and_what_is_still_to_come(
    client, login_as, world, stc_report
):
    login_as(world.inspector)
    page = client.get(f"/inspectorate/inspections/{stc_report.inspection.id}").get_data(as_text=True)
    assert "Quality assurance, sign-off and copies" in page and page.count("Not recorded") == 4 + 3 + 5
    assure(stc_report)
    page = client.get(f"/inspectorate/inspections/{stc_report.inspection.id}").get_data(as_text=True)
    assert "Given by Sam Hughes, HMIP" in page and "10:00am on Wednesday 18 November 2026" in page
    assert page.count("Not recorded") == 3 + 5


def test_a_childrens_homes_timeline_shows_its_check(client, login_as, world, reports):
    report = reports.issued()
    login_as(world.inspector)
    page = client.get(f"/inspectorate/inspections/{report.inspection.id}").get_data(as_text=True)
    assert 'id="quality-timeline"' in page and "Quality check by the inspector&#39;s manager" in page
    assert "Wednesday 18 November 2026" in page and "Copy:" not in page
