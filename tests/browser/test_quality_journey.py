"""Quality assurance and sign-off of a secure training centre's full inspection in the browser,
from the inspectorate's side, with JavaScript on and off (R-QA-1..3; S0 ¶160, ¶163 and the
timetable after ¶106): the lead inspector cannot record the quality assurance herself and cannot
issue the draft before it; an inspectorate manager records Ofsted's QA, the consistency panel,
HMIP's and CQC's (naming who gave them), issues the draft, records its copies to the MoJ and YCS,
a disagreement that holds nothing up, the three sign-offs, sends the final and records its copies.
Everything shows on the inspection's timeline. axe-core finds no violations on any page, also at
320 px wide."""

import os
from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.accounts.models import User
from portal.core import clock
from portal.core.workdays import working_days_before
from portal.demo_reports import _voice_recording
from portal.extensions import db
from portal.inspection_reports import comments, sending, services
from portal.inspection_reports.models import InspectionReport
from portal.inspections import rules as inspection_rules
from portal.inspections.models import Inspection, InspectionTeamMember, ProvisionalJudgement
from portal.providers.models import Setting
from portal.summaries import services as summary_services
from tests.browser.helpers import check_accessibility, click_and_wait, sign_in
from tests.inspection_reports.conftest import written_content
from tests.summaries.conftest import good_sections

pytestmark = pytest.mark.browser

LEAD = "inspector.shah@inspectorate.example"
MANAGER = "manager@inspectorate.example"
DIRECTOR = "ri@northgate.example"
PARTNERS = ("inspector.hughes@hmip.example", "inspector.quinn@cqc.example", "inspector.ellis@inspectorate.example")
SHOTS = os.environ.get("QUALITY_JOURNEY_SHOTS")  # a folder, to keep screenshots of the journey


def shot(page, name: str, js_on: bool) -> None:
    """A full-page screenshot, and one 320 px wide."""
    if SHOTS and js_on:
        os.makedirs(SHOTS, exist_ok=True)
        page.screenshot(full_page=True, path=os.path.join(SHOTS, f"{name}.png"))
        size = page.viewport_size
        page.set_viewport_size({"width": 320, "height": 640})
        page.screenshot(full_page=True, path=os.path.join(SHOTS, f"{name}-320.png"))
        page.set_viewport_size(size)


@pytest.fixture
def stc_written(live_app):
    """An ended full inspection of Northgate STC led by Priya Shah with the HMIP, CQC and further
    education inspectors, its report written and not yet quality assured."""
    with live_app.app_context():
        now = clock.now()
        today = clock.today_uk(now)
        setting = db.session.scalar(select(Setting).where(Setting.urn == "SC200001"))
        lead = db.session.scalar(select(User).where(User.email == LEAD))
        team = list(db.session.scalars(select(User).where(User.email.in_(PARTNERS))))
        inspection = Inspection(
            setting_id=setting.id,
            inspection_type=inspection_rules.FULL,
            status=inspection_rules.ENDED,
            announced=True,
            announced_at=now,
            start_date=working_days_before(today, 8),
            end_date=working_days_before(today, 4),
            lead_inspector_id=lead.id,
            created_at=now,
        )
        inspection.team = [InspectionTeamMember(user_id=member.id) for member in team]
        areas = inspection_rules.judgement_areas(setting.type_enum, inspection_rules.FULL)
        inspection.provisional_judgements = [
            ProvisionalJudgement(area=area, grade=inspection_rules.GOOD) for area in areas
        ]
        db.session.add(inspection)
        db.session.commit()
        report = services.start_report(inspection, lead, now)
        report.content = written_content(areas, template=services.template_of(inspection))
        db.session.commit()
        return inspection.id


def _returned_with_summary(live_app, inspection_id: int) -> list[str]:
    """The director confirms there are no comments and the lead inspector writes the child-friendly
    summary with its recording (R-CFS-1, R-CFS-2): what still stops the final is the sign-offs."""
    with live_app.app_context():
        now = clock.now()
        report = db.session.scalar(select(InspectionReport).where(InspectionReport.inspection_id == inspection_id))
        director = db.session.scalar(select(User).where(User.email == DIRECTOR))
        comments.submit_return(report, True, director, now)
        summary_services.save(report.inspection, good_sections(), report.inspection.lead_inspector, now)
        _voice_recording(report.inspection, now)
        return sending.final_problems(report, now + timedelta(seconds=1))


def _record(page, step_label: str | None, given_by: str | None, today) -> None:
    if step_label:
        page.get_by_label(step_label, exact=True).check()
    page.fill("#given_on-day", str(today.day))
    page.fill("#given_on-month", str(today.month))
    page.fill("#given_on-year", str(today.year))
    if given_by is not None:
        page.fill("#given_by", given_by)


def test_stc_quality_assurance_sign_off_and_copies(js, contexts, live_server, live_app, axe_source, stc_written):
    open_page, checker = contexts
    inspection_id = stc_written
    overview_url = f"{live_server}/inspectorate/inspections/{inspection_id}/report"
    today = clock.today_uk()

    def accessible(page):
        assert check_accessibility(page, axe_source, checker) == []

    def error_summary(page) -> str:
        page.wait_for_selector(".govuk-error-summary", timeout=5_000)
        assert page.title().startswith("Error:")
        return page.locator(".govuk-error-summary").inner_text()

    # 1. The lead inspector sees what is needed, but cannot record it or issue the draft.
    lead = open_page()
    sign_in(lead, live_server, LEAD)
    lead.goto(overview_url)
    panel = lead.locator("#quality").locator("xpath=..").inner_text()
    assert "Quality assurance and sign-off" in panel
    assert lead.locator("#quality-consistency_panel").inner_text().strip() == "Not recorded"
    accessible(lead)
    shot(lead, "01-overview-before-qa", js)
    click_and_wait(lead, "a:has-text('Record quality assurance')")
    assert lead.locator("h1").inner_text() == "Record quality assurance"
    assert "cannot be recorded by the report's own inspector" in lead.locator("#not-recorded-here").inner_text()
    assert lead.locator("#given_on-day").count() == 0
    accessible(lead)
    lead.goto(f"{overview_url}/issue")
    blocking = lead.locator("#blocking").inner_text()
    for missing in (
        "Record Ofsted's quality assurance by a quality assurance manager",
        "Record Ofsted's internal consistency panel",
        "Record HMIP's quality assurance",
        "Record CQC's quality assurance",
    ):
        assert missing in blocking
    accessible(lead)

    # 2. The inspectorate manager records the four steps; mistakes get GOV.UK errors.
    manager = open_page()
    sign_in(manager, live_server, MANAGER)
    manager.goto(overview_url)
    click_and_wait(manager, "a:has-text('Record quality assurance')")
    click_and_wait(manager, "button:has-text('Record it')")
    summary = error_summary(manager)
    assert "Select which quality assurance you are recording" in summary and "Enter the date it was given" in summary
    accessible(manager)
    shot(manager, "02-qa-errors", js)
    _record(manager, "HMIP's quality assurance", "", today)
    click_and_wait(manager, "button:has-text('Record it')")
    assert "Enter the name of the person at HMIP who gave it" in error_summary(manager)
    accessible(manager)
    for label, who in (
        ("Ofsted's quality assurance by a quality assurance manager", None),
        ("Ofsted's internal consistency panel", None),
        ("HMIP's quality assurance", "Rhys Morgan, HMIP team leader"),
        ("CQC's quality assurance", "Dr Lena Ford, CQC inspection manager"),
    ):
        manager.goto(f"{overview_url}/quality-assurance")
        _record(manager, label, who, today)
        click_and_wait(manager, "button:has-text('Record it')")
        assert manager.url.split("#")[0] == overview_url
        assert f"{label} is recorded." in manager.content().replace("&#39;", "'").replace("&amp;", "&")
    assert "given by Rhys Morgan, HMIP team leader" in manager.locator("#quality-hmip_qa").inner_text()
    accessible(manager)
    shot(manager, "03-overview-after-qa", js)

    # 3. The draft can go; its copies to the MoJ and the YCS are recorded, once each.
    click_and_wait(manager, "a:has-text('Issue the draft')")
    click_and_wait(manager, "button:has-text('Issue the draft report')")
    assert "The draft report has been sent to the provider" in manager.content()
    assert "Outstanding" in manager.locator("#copy-draft_moj").inner_text()
    for copy in (
        "The draft report to the Ministry of Justice (MoJ)",
        "The draft report to the Ministry of Justice (MoJ)",
        "The draft report to the Youth Custody Service (YCS)",
    ):
        manager.goto(f"{overview_url}/copies/new")
        manager.get_by_label(copy, exact=True).check()
        manager.fill("#sent_on-day", str(today.day))
        manager.fill("#sent_on-month", str(today.month))
        manager.fill("#sent_on-year", str(today.year))
        click_and_wait(manager, "button:has-text('Record the copy')")
        if manager.url.split("#")[0] != overview_url:
            assert "was already recorded as sent on" in error_summary(manager)
            accessible(manager)
            shot(manager, "04-copy-already-recorded", js)
    assert "Sent" in manager.locator("#copy-draft_ycs").inner_text()

    # 4. The director returns no comments; only the three sign-offs stop the final.
    assert _returned_with_summary(live_app, inspection_id) == [
        "Record Ofsted's sign-off",
        "Record HMIP's sign-off",
        "Record CQC's sign-off",
    ]
    manager.goto(overview_url)
    click_and_wait(manager, "a:has-text('Record a disagreement')")
    manager.fill("#note", "HMIP and Ofsted disagree on the wording of the resettlement section.")
    manager.fill("#ofsted_manager", "Helen Carter, Ofsted")
    manager.fill("#hmip_manager", "Rhys Morgan, HMIP")
    click_and_wait(manager, "button:has-text('Record the disagreement')")
    assert "Enter the name of the CQC manager it went to" in error_summary(manager)
    accessible(manager)
    manager.fill("#cqc_manager", "Dr Lena Ford, CQC")
    click_and_wait(manager, "button:has-text('Record the disagreement')")
    assert "It does not hold up the report" in manager.locator("#quality-disagreements").inner_text()
    for inspectorate, who in (
        ("Ofsted", ""),
        ("HMIP", "Rhys Morgan, HMIP team leader"),
        ("CQC", "Dr Lena Ford, CQC inspection manager"),
    ):
        manager.goto(f"{overview_url}/sign-off")
        manager.get_by_label(inspectorate, exact=True).check()
        _record(manager, None, who, today)
        click_and_wait(manager, "button:has-text('Record the sign-off')")
        assert manager.url.split("#")[0] == overview_url
    accessible(manager)
    shot(manager, "05-overview-signed-off", js)

    # 5. The final goes; the portal sends the centre its copy; the others are recorded.
    click_and_wait(manager, "a.govuk-button:has-text('Send the final report')")
    click_and_wait(manager, "button:has-text('Send the final report')")
    assert "The final report has been sent" in manager.content()
    assert "by the portal" in manager.locator("#copy-final_stc").inner_text()
    for copy in (
        "The final report, under embargo, to the Ministry of Justice (MoJ)",
        "The final report, under embargo, to the Youth Custody Service (YCS)",
        "The final report, under embargo, to the Youth Justice Board (YJB)",
    ):
        manager.goto(f"{overview_url}/copies/new")
        manager.get_by_label(copy, exact=True).check()
        manager.fill("#sent_on-day", str(today.day))
        manager.fill("#sent_on-month", str(today.month))
        manager.fill("#sent_on-year", str(today.year))
        click_and_wait(manager, "button:has-text('Record the copy')")
        assert manager.url.split("#")[0] == overview_url
    assert manager.locator("#quality-copies").inner_text().count("Outstanding") == 0
    accessible(manager)

    # 6. The inspection's timeline lists every step, sign-off and copy, with who recorded it.
    manager.goto(f"{live_server}/inspectorate/inspections/{inspection_id}")
    timeline = manager.locator("#quality-timeline").inner_text()
    for entry in (
        "Ofsted's internal consistency panel",
        "Given by Rhys Morgan, HMIP team leader",
        "CQC's sign-off",
        "Copy: the draft report to the Youth Custody Service (YCS)",
        "Copy: the final report, under embargo, to the secure training centre, sent by the portal",
        "Disagreement escalated to a manager of each inspectorate",
        "Helen Carter",
    ):
        assert entry in timeline, entry
    assert "Not yet" not in timeline
    accessible(manager)
    shot(manager, "06-inspection-timeline", js)
