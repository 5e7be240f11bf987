"""Each kind of report in the browser as inspectors and providers use it, with JavaScript on and
off, axe-core clean on every page visited (R-RPT-1..5, R-JUDGE-3..5, R-INSP-2, R-QA-1, R-QA-2):

1. an STC full inspection (S0 ¶97–98, ¶160–163): partner inspectors' contributions, Ofsted's,
   HMIP's and CQC's quality assurance before the draft, the director reads it, three sign-offs
   before the final, published without the contributors' names;
2. an SCH assurance inspection (S2 §"Reporting findings at assurance inspections"): the concise
   sections and the SCCIF's "serious or widespread" wording;
3. an RFC monitoring visit that improves the judgement (S4 §"Monitoring visit reports"): the new
   judgement, refused without reasons when it differs from feedback, then issued with them.

Some pages are looked at 320 px wide, and must not scroll sideways.
"""

from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.accounts.models import User
from portal.accounts.roles import CQC, OFSTED_FES
from portal.core import clock
from portal.extensions import db
from portal.inspection_reports.models import InspectionReport
from portal.inspections import rules as inspection_rules
from portal.providers.models import SettingType
from portal.summaries import services as summary_services
from tests.browser.helpers import click_and_wait
from tests.browser.report_kinds_support import (
    LEAD,
    MANAGER,
    NARROW,
    Browsing,
    ended,
    error_text,
    expected_titles,
    fill_date,
    partner,
    record_step,
    section_titles,
    sign_off,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def browsing(browser, js, live_server, axe_source):
    opened = Browsing(browser, js, live_server, axe_source)
    yield opened
    opened.close()


# 1. A secure training centre's full inspection -----------------------------------------------

STC_WRITTEN = {
    "service": "Northgate is a secure training centre for up to 40 children aged 12 to 17.",
    "last_inspection": "The last full inspection found the centre good.",
    "recent_history": "Full inspection: good. Assurance inspection: no serious and/or widespread concerns.",
    "experiences": "Children are settled and make progress from their starting points.",
    "protected": "Staff know the risks to each child and act on them.",
    "leaders": "Leaders know the centre well and have improved its work with children.",
    "resettlement": "Plans for children's release start on arrival and involve their families.",
    "this_inspection": "Inspectors from Ofsted, HMIP and CQC visited the centre for five days.",
    "service_details": "Northgate Youth Services runs the centre under contract to the Youth Custody Service.",
}
HEALTH = "Children see a nurse on the day they arrive, and their health plans are reviewed every month."
EDUCATION = "Teaching is well planned and most children gain qualifications while they are at the centre."


@pytest.fixture
def stc_inspection(live_app):
    with live_app.app_context():
        now = clock.now()
        cqc = partner("Chris Quinn", CQC, now)
        hmi = partner("Farah Ellis", OFSTED_FES, now)
        db.session.commit()
        areas = inspection_rules.judgement_areas(SettingType.SECURE_TRAINING_CENTRE, inspection_rules.FULL)
        inspection = ended(
            "SC200001",
            inspection_rules.FULL,
            {a: inspection_rules.GOOD for a in areas},
            STC_WRITTEN,
            team=(cqc, hmi),
            now=now,
        )
        lead = db.session.get(User, inspection.lead_inspector_id)
        # R-CFS-1: an STC's final goes with a child-friendly summary or the reason there is none.
        summary_services.record_no_summary(
            inspection, "The children asked for a meeting with inspectors instead.", lead, now
        )
        return {
            "id": inspection.id,
            "cqc": (cqc.email, cqc.name),
            "hmi": (hmi.email, hmi.name),
            "today": clock.today_uk(now),
        }


def test_an_stc_full_inspection_with_partner_contributions_qa_and_sign_off(
    browsing, live_server, live_app, stc_inspection
):
    inspection_id, today = stc_inspection["id"], stc_inspection["today"]
    (cqc_email, cqc_name), (_hmi_email, hmi_name) = stc_inspection["cqc"], stc_inspection["hmi"]
    overview = f"{live_server}/inspectorate/inspections/{inspection_id}/report"
    looked_at = browsing.looked_at

    # The lead inspector's overview lists the STC template's sections (R-RPT-1), at 320 px.
    lead = browsing.person(LEAD, width=NARROW)
    lead.goto(overview)
    titles = section_titles(lead)
    assert titles == expected_titles(SettingType.SECURE_TRAINING_CENTRE, inspection_rules.FULL)
    assert "Resettlement" in titles and not any(t.startswith("Enforcement action") for t in titles)
    assert "A contribution from the CQC inspector" in lead.locator("#sections li:has(#status-health)").inner_text()
    looked_at(lead, "stc-overview-320")

    # R-RPT-2: the CQC inspector on the team signs in and writes "Health", recorded as its writer.
    partner = browsing.person(cqc_email)
    partner.goto(overview)
    click_and_wait(partner, "#sections a:has-text('Health')")
    assert partner.locator("legend:has-text('Who wrote this section?')").count() == 1
    assert partner.locator("input[name=written_by]").count() == 1  # only CQC inspectors on the team
    assert partner.locator("input[name=written_by]:checked + label").inner_text().strip() == cqc_name
    looked_at(partner, "stc-health-form")
    partner.fill("#text", HEALTH)
    click_and_wait(partner, "button:has-text('Save the section')")
    assert f"Written by {cqc_name}, CQC inspector" in partner.locator("#sections li:has(#status-health)").inner_text()

    # The lead collates "Education and learning" and must say who wrote it: the FE&S HMI.
    lead.goto(overview)
    click_and_wait(lead, "#sections a:has-text('Education and learning')")
    assert lead.locator("input[name=written_by] + label").all_inner_texts() == [hmi_name]
    lead.fill("#text", EDUCATION)
    click_and_wait(lead, "button:has-text('Save the section')")
    assert "Select who wrote this section" in lead.locator(".govuk-error-summary").inner_text()
    looked_at(lead, "stc-education-error-320")
    lead.check("input[name=written_by]")
    click_and_wait(lead, "button:has-text('Save the section')")
    assert f"Written by {hmi_name}, Ofsted further education and skills HMI" in (
        lead.locator("#sections li:has(#status-education)").inner_text()
    )

    click_and_wait(lead, "a:has-text('Preview the report')")
    text = lead.locator("main").inner_text()
    assert f"Contribution from the CQC inspector, {cqc_name}." in text and HEALTH in text
    assert f"Contribution from the Ofsted further education and skills HMI, {hmi_name}." in text
    assert "Enforcement action" not in text and "Resettlement" in text
    looked_at(lead, "stc-preview-320")

    # R-QA-2: no draft before Ofsted's QA, its consistency panel, HMIP's and CQC's.
    lead.goto(f"{overview}/issue")
    blocking = lead.locator("#blocking").inner_text()
    for missing in (
        "Record Ofsted's quality assurance by a quality assurance manager",
        "Record Ofsted's internal consistency panel",
        "Record HMIP's quality assurance",
        "Record CQC's quality assurance",
    ):
        assert missing in blocking
    assert lead.locator("button:has-text('Issue the draft report')").count() == 0
    looked_at(lead, "stc-issue-blocked-320")

    manager = browsing.person(MANAGER)
    manager.goto(overview)
    record_step(manager, "ofsted_qa", today)
    assert "is recorded" in manager.content()
    record_step(manager, "consistency_panel", today)
    record_step(manager, "hmip_qa", today)  # given at HMIP, so the name is asked
    assert "Enter the name of the person at HMIP who gave it" in manager.locator(".govuk-error-summary").inner_text()
    looked_at(manager, "stc-qa-error")
    manager.fill("#given_by", "Sam Hughes, HMIP inspection manager")
    click_and_wait(manager, "button:has-text('Record it')")
    record_step(manager, "cqc_qa", today, "Dr Lena Ford, CQC inspection manager")
    assert "Sam Hughes" in manager.locator("#quality-hmip_qa").inner_text()
    looked_at(manager, "stc-quality-panel")

    lead.goto(f"{overview}/issue")
    looked_at(lead, "stc-issue")
    click_and_wait(lead, "button:has-text('Issue the draft report')")
    assert lead.locator("#report-status").inner_text() == "Draft sent to the provider"

    # R-ROLE-2: the STC's director (the provider's RI) reads the draft with the contributions.
    director = browsing.person("ri@northgate.example")
    director.goto(f"{live_server}/inspections/{inspection_id}")
    looked_at(director, "stc-director-inspection")
    click_and_wait(director, "a:has-text('Draft and final report')")
    assert director.locator("h1").inner_text() == "Draft inspection report"
    draft = director.locator("main").inner_text()
    assert f"Contribution from the CQC inspector, {cqc_name}." in draft and HEALTH in draft
    assert f"Contribution from the Ofsted further education and skills HMI, {hmi_name}." in draft
    assert "Enforcement action" not in draft and "Resettlement" in draft
    looked_at(director, "stc-director-draft")
    click_and_wait(director, "a:has-text('Send your comments') >> nth=0")
    director.check("input[name=confirm_none]")
    click_and_wait(director, "button:has-text('Confirm we have no comments')")
    assert director.locator("h1").inner_text() == "No comments confirmed"
    looked_at(director, "stc-director-no-comments")

    # R-QA-2: no final before Ofsted's, HMIP's and CQC's sign-off of the report as it stands.
    lead.goto(f"{overview}/final")
    blocking = lead.locator("#blocking").inner_text()
    assert "Record Ofsted's sign-off" in blocking and "Record CQC's sign-off" in blocking
    looked_at(lead, "stc-final-blocked-320")
    manager.goto(overview)
    sign_off(manager, "ofsted", today, look=looked_at)
    sign_off(manager, "hmip", today, "Sam Hughes, HMIP inspection manager")
    sign_off(manager, "cqc", today, "Dr Lena Ford, CQC inspection manager")
    assert "Recorded" in manager.locator("#quality-sign_off_cqc").inner_text()
    looked_at(manager, "stc-signed-off")
    lead.goto(f"{overview}/final")
    assert "they confirmed they have no comments" in lead.locator("#blocking").inner_text()
    click_and_wait(lead, "button:has-text('Send the final report')")
    assert lead.locator("#report-status").inner_text().startswith("Final report sent: under embargo until")
    looked_at(lead, "stc-final-sent-320")

    # R-TL-3: published on its day, the contributions without their writers' names.
    with live_app.app_context():
        publish_at = clock.as_utc(
            db.session.scalar(
                select(InspectionReport.publish_at).where(InspectionReport.inspection_id == inspection_id)
            )
        )
    public = browsing._context(browsing.js, 1024)
    assert public.goto(f"{live_server}/published-reports/{inspection_id}").status == 404
    try:
        live_app.config["FROZEN_NOW"] = publish_at + timedelta(hours=1)
        public.goto(f"{live_server}/published-reports/{inspection_id}")
        published = public.locator("main").inner_text()
        assert "Contribution from the CQC inspector." in published and HEALTH in published
        assert cqc_name not in published and hmi_name not in published
        looked_at(public, "stc-published")
    finally:
        live_app.config["FROZEN_NOW"] = None


# 2. A secure children's home's assurance inspection ------------------------------------------

SCH_WRITTEN = {
    "leaders_improvement": "Leaders have acted on the last inspection's recommendations, and staff now review "
    "every restraint within a day.",
    "service_details": "Oakfield Care Group runs the home for up to 12 children.",
}
CONCERNS = "Inspectors identified no practice that places children at risk of harm."
SAFE = "Children are safe and well cared for; they say staff listen to them."
COMMENT = "The home has 12 beds, not 10."


@pytest.fixture
def sch_assurance(live_app):
    with live_app.app_context():
        now = clock.now()
        inspection = ended(
            "SC100002",
            inspection_rules.ASSURANCE,
            {inspection_rules.ASSURANCE_AREA: inspection_rules.NO_SERIOUS},
            SCH_WRITTEN,
            now=now,
        )
        return {"id": inspection.id, "today": clock.today_uk(now)}


def test_an_sch_assurance_inspection_has_the_concise_report(browsing, live_server, sch_assurance):
    inspection_id, today = sch_assurance["id"], sch_assurance["today"]
    overview = f"{live_server}/inspectorate/inspections/{inspection_id}/report"
    looked_at = browsing.looked_at

    # R-RPT-3: only the concise assurance sections.
    lead = browsing.person(LEAD)
    lead.goto(overview)
    titles = section_titles(lead)
    assert titles == expected_titles(SettingType.SECURE_CHILDRENS_HOME, inspection_rules.ASSURANCE)
    assert titles[:4] == [
        "Judgements",
        "Whether there are serious or widespread concerns",
        "Whether children are safe and well cared for",
        "The effectiveness of leaders and managers and improvements since the last inspection",
    ]
    assert not {
        "Information about this service",
        "Enforcement action since the last inspection",
        "How well children are helped and protected",
        "Information about this inspection",
    } & set(titles)
    looked_at(lead, "sch-overview")
    for title, text in (
        ("Whether there are serious or widespread concerns", CONCERNS),
        ("Whether children are safe and well cared for", SAFE),
    ):
        click_and_wait(lead, f"#sections a:has-text('{title}')")
        if text == CONCERNS:
            looked_at(lead, "sch-section-form")
        lead.fill("#text", text)
        click_and_wait(lead, "button:has-text('Save the section')")

    # R-JUDGE-4: asked whether children have lived there; R-JUDGE-3: the SCCIF's wording.
    click_and_wait(lead, "#sections a:has-text('Judgements')")
    assert lead.locator("legend:has-text('Have any children lived in the home since it was registered?')").count()
    labels = [label.strip() for label in lead.locator("input[name=assurance] + label").all_inner_texts()]
    assert labels == ["Serious or widespread concerns", "No serious or widespread concerns"]
    assert "and/or" not in lead.locator("main").inner_text()
    looked_at(lead, "sch-judgements")
    lead.check("input[name=children][value=yes]")
    click_and_wait(lead, "button:has-text('Save the answer')")
    assert "The answer is saved." in lead.content()
    lead.check("input[name=assurance][value=no_serious_concerns]")
    click_and_wait(lead, "button:has-text('Save the judgements')")
    assert "The judgements are saved." in lead.content()

    # R-QA-1: the report's own inspector cannot record the check; the manager does.
    lead.goto(f"{overview}/issue")
    assert "Record the quality check by the inspector's manager" in lead.locator("#blocking").inner_text()
    lead.goto(f"{overview}/quality-assurance")
    assert "cannot be recorded by the report's own inspector" in lead.locator("#not-recorded-here").inner_text()
    looked_at(lead, "sch-qa-refused")
    manager = browsing.person(MANAGER)
    manager.goto(overview)
    click_and_wait(manager, "a:has-text('Record the quality check')")
    assert manager.locator("h1").inner_text() == "Record the quality check"
    looked_at(manager, "sch-qa")
    fill_date(manager, "given_on", today)
    click_and_wait(manager, "button:has-text('Record it')")
    assert "is recorded" in manager.content(), error_text(manager)
    assert "Recorded" in manager.locator("#quality-manager_check").inner_text()

    lead.goto(f"{overview}/issue")
    click_and_wait(lead, "button:has-text('Issue the draft report')")
    assert lead.locator("#report-status").inner_text() == "Draft sent to the provider"

    # The registered manager reads the assurance report and comments; the RI sends the return.
    home = browsing.person("rm.hillside@oakfield.example")
    home.goto(f"{live_server}/inspections/{inspection_id}/report")
    contents = [t.strip() for t in home.locator("nav[aria-labelledby=contents-title] li").all_inner_texts()]
    assert contents == [
        t
        for t in expected_titles(SettingType.SECURE_CHILDRENS_HOME, inspection_rules.ASSURANCE)
        if t != "Areas for improvement"
    ]
    draft = home.locator("main").inner_text()
    assert "Assurance judgement: no serious or widespread concerns." in draft
    assert "Inspectors found no serious or widespread concerns about practice" in draft and SAFE in draft
    looked_at(home, "sch-provider-draft")
    click_and_wait(home, "#section-service_details ~ div a:has-text('Comment on paragraph')")
    looked_at(home, "sch-comment-form")
    home.check("input[name=kind][value=typing]")
    home.fill("#text", COMMENT)
    click_and_wait(home, "button:has-text('Save comment')")
    assert "has been saved" in home.content()

    individual = browsing.person("ri@oakfield.example")
    individual.goto(f"{live_server}/inspections/{inspection_id}/report/send")
    assert COMMENT in individual.content()
    looked_at(individual, "sch-send")
    individual.check("input[name=confirm][value=yes]")
    click_and_wait(individual, "button:has-text('Send the comments')")
    assert individual.locator("h1").inner_text() == "Comments sent"
    looked_at(individual, "sch-comments-sent")


# 3. A residential family centre's monitoring visit that improves the judgement ----------------

RFC_WRITTEN = {
    "developments": "The centre has recruited two family support workers and trained every member of staff.",
    "progress": "Assessments of parents now start within a week of a family's arrival.",
    "continued_concerns": "None remain.",
    "further_action": "No further action is needed.",
    "service_details": "Oakfield Care Group runs the centre for up to six families.",
}
PURPOSE = "This visit looked at the two compliance notices served after the last inspection."
WHY = "The centre has met both compliance notices, and families now receive timely and thorough assessments."
REASONS = "At feedback no new judgement was given; inspectors reviewed the evidence base after the visit."


@pytest.fixture
def rfc_monitoring(live_app):
    with live_app.app_context():
        now = clock.now()
        inspection = ended("SC100003", inspection_rules.MONITORING, {}, RFC_WRITTEN, now=now)
        return {"id": inspection.id, "today": clock.today_uk(now)}


def test_an_rfc_monitoring_visit_that_improves_the_judgement(browsing, live_server, rfc_monitoring):
    inspection_id, today = rfc_monitoring["id"], rfc_monitoring["today"]
    overview = f"{live_server}/inspectorate/inspections/{inspection_id}/report"
    looked_at = browsing.looked_at

    lead = browsing.person(LEAD)
    lead.goto(overview)
    titles = section_titles(lead)
    assert titles == expected_titles(SettingType.RESIDENTIAL_FAMILY_CENTRE, inspection_rules.MONITORING)
    assert "Say whether this visit makes a new judgement" in lead.locator("#status-judgements").inner_text()
    looked_at(lead, "rfc-overview")
    for title, text in (
        ("The issues monitored and the purpose of this visit", PURPOSE),
        ("Why the judgement changed or did not", WHY),
    ):
        click_and_wait(lead, f"#sections a:has-text('{title}')")
        if text == WHY:
            assert "R-JUDGE-5" not in lead.locator("main").inner_text(), "a rule id shown to the inspector"
            looked_at(lead, "rfc-section-form")
        lead.fill("#text", text)
        click_and_wait(lead, "button:has-text('Save the section')")

    # R-JUDGE-5: a new judgement, with the grades of a full inspection of a family centre.
    click_and_wait(lead, "#sections a:has-text('Judgements')")
    assert lead.locator("legend:has-text('Does this visit make a new judgement?')").count() == 1
    legends = lead.locator("form legend").all_inner_texts()
    assert [legend.strip() for legend in legends[1:]] == [
        "Overall experiences and progress of children and parents",
        "How well children and parents are helped and protected",
        "The effectiveness of leaders and managers",
    ]
    looked_at(lead, "rfc-judgements")
    lead.check("input[name=new_judgement][value=yes]")
    click_and_wait(lead, "button:has-text('Save the judgements')")
    assert "Select a judgement for overall experiences and progress of children and parents" in (
        lead.locator(".govuk-error-summary").inner_text()
    )
    looked_at(lead, "rfc-judgements-error")
    for area in (inspection_rules.OVERALL, inspection_rules.PROTECTED, inspection_rules.LEADERS):
        lead.check(f"input[name={area}][value={inspection_rules.GOOD}]")
    click_and_wait(lead, "button:has-text('Save the judgements')")
    assert lead.locator("#status-judgements").inner_text().strip() == "Written"

    # R-QA-1: at a monitoring visit the manager reviews the report and its evidence base.
    manager = browsing.person(MANAGER)
    manager.goto(overview)
    click_and_wait(manager, "a:has-text('Record the quality check')")
    assert manager.locator("h1").inner_text() == "Record the review of the monitoring report and its evidence base"
    looked_at(manager, "rfc-review")
    fill_date(manager, "given_on", today)
    click_and_wait(manager, "button:has-text('Record it')")

    # R-INSP-2: the new judgement differs from feedback, so the draft needs the reasons.
    lead.goto(f"{overview}/issue")
    assert "Good" in lead.locator("#changed-judgements").inner_text()
    click_and_wait(lead, "button:has-text('Issue the draft report')")
    assert "Enter the reasons why the judgements differ from those given at feedback" in (
        lead.locator(".govuk-error-summary").inner_text()
    )
    assert lead.locator("h1").inner_text() == "Issue the draft report"
    looked_at(lead, "rfc-issue-refused")
    lead.fill("#reasons", REASONS)
    click_and_wait(lead, "button:has-text('Issue the draft report')")
    assert lead.locator("#report-status").inner_text() == "Draft sent to the provider"

    # The registered manager reads the reasons and the monitoring report's sections, at 320 px.
    centre = browsing.person("rm.oakfield@oakfield.example", width=NARROW)
    centre.goto(f"{live_server}/inspections/{inspection_id}")
    click_and_wait(centre, "a:has-text('Draft and final report')")
    assert "The judgements in this draft differ from those given at feedback." in (
        centre.locator("#changed-judgements").inner_text()
    )
    page = centre.locator("main").inner_text()
    assert REASONS in page and "At feedback: None given. In this draft: Good." in page
    contents = [t.strip() for t in centre.locator("nav[aria-labelledby=contents-title] li").all_inner_texts()]
    assert contents[:2] == ["The issues monitored and the purpose of this visit", "Judgements"]
    assert "Why the judgement changed or did not" in contents
    assert "Overall experiences and progress of children and parents: good." in page and WHY in page
    assert "Enforcement action" not in page and "Information about this inspection" not in page
    looked_at(centre, "rfc-provider-draft-320")
