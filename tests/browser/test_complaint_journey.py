"""A formal complaint from preparation to closing in the browser, with JavaScript on and off: the
registered manager prepares it, the responsible individual lodges it (holding the final report),
an inspectorate manager acknowledges it and assigns someone who was not on the inspection, the
investigator answers each point and responds, the manager closes it, and the provider sees the
history and where to go next. axe-core finds no violations on any page of the journey."""

import os

import pytest
from sqlalchemy import select

from portal.accounts.models import User
from portal.complaints import rules, services as complaint_services
from portal.core import clock
from portal.core.workdays import working_days_before
from portal.demo_report_texts import demo_content
from portal.extensions import db
from portal.inspection_reports import sending, services
from portal.inspections import rules as inspection_rules
from portal.inspections.models import Inspection, ProvisionalJudgement
from portal.providers.models import Setting
from tests.browser.helpers import check_accessibility, click_and_wait, sign_in
from tests.browser.test_report_journey import LEAD, RI, RM
from tests.files import pdf_bytes
from tests.inspection_reports.quality_support import assure

pytestmark = pytest.mark.browser

MANAGER = "manager@inspectorate.example"
INVESTIGATOR = "inspector.baker@inspectorate.example"
OTHER_RI = "ri@northgate.example"
OUTCOME = "An apology, and the paragraph about recruitment checks taken out of the report."
EARLIER = "With the lead inspector at the feedback meeting."
POINT_1 = "The inspector would not look at the recruitment file the manager offered on the second day."
POINT_2 = "The feedback meeting was cut short before the deputy manager could answer."
REASONS_1 = "The inspector should have looked at the file when it was offered."
ACTION_1 = "Guidance given to the inspector; the paragraph is reviewed."
REASONS_2 = "The notes of the meeting show it ran for its planned hour and the deputy manager spoke."
OVERALL = "We uphold one of your two points and have taken action on it."
SHOTS = os.environ.get("COMPLAINT_JOURNEY_SHOTS")  # a folder, to keep screenshots of the journey


def shot(page, name: str, js_on: bool) -> None:
    if SHOTS and js_on:
        os.makedirs(SHOTS, exist_ok=True)
        page.screenshot(full_page=True, path=os.path.join(SHOTS, f"{name}.png"))


@pytest.fixture
def draft_issued(live_app):
    """An ended full inspection of Oakfield House led by Priya Shah alone, its draft report issued
    just now, so the window for a complaint is open."""
    with live_app.app_context():
        now = clock.now()
        today = clock.today_uk(now)
        setting = db.session.scalar(select(Setting).where(Setting.urn == "SC100001"))
        lead = db.session.scalar(select(User).where(User.email == LEAD))
        inspection = Inspection(
            setting_id=setting.id,
            inspection_type=inspection_rules.FULL,
            status=inspection_rules.ENDED,
            announced=False,
            start_date=working_days_before(today, 5),
            end_date=working_days_before(today, 3),
            lead_inspector_id=lead.id,
            created_at=now,
        )
        inspection.provisional_judgements = [
            ProvisionalJudgement(area=area, grade=inspection_rules.GOOD)
            for area in (inspection_rules.OVERALL, inspection_rules.PROTECTED, inspection_rules.LEADERS)
        ]
        db.session.add(inspection)
        db.session.commit()
        report = services.start_report(inspection, lead, now)
        report.content = demo_content(inspection, inspection.provisional())
        db.session.commit()
        assure(report, now)  # R-QA-1
        sending.issue_draft(report, None, lead, now)
        assert inspection.draft_sent_at is not None
        return inspection.id


def test_complaint_from_preparation_to_closing(js, contexts, live_server, axe_source, draft_issued, tmp_path):
    open_page, checker = contexts
    inspection_id = draft_issued
    evidence = tmp_path / "recruitment-file.pdf"
    evidence.write_bytes(pdf_bytes("Recruitment file"))

    def accessible(page):
        assert check_accessibility(page, axe_source, checker) == []

    def error_summary(page) -> str:
        page.wait_for_selector(".govuk-error-summary", timeout=5_000)
        return page.locator(".govuk-error-summary").inner_text()

    # 1. The registered manager prepares the complaint.
    rm = open_page()
    sign_in(rm, live_server, RM)
    accessible(rm)
    rm.goto(f"{live_server}/inspections/{inspection_id}")
    accessible(rm)
    click_and_wait(rm, "a:has-text('Concerns and complaints')")
    assert rm.locator("h1").inner_text() == "Concerns and complaints about this inspection"
    accessible(rm)
    click_and_wait(rm, "button:has-text('Prepare a formal complaint')")
    assert rm.locator("h1").inner_text() == "Prepare a formal complaint"
    complaint_url = rm.url
    assert "No points yet." in rm.content()
    accessible(rm)

    click_and_wait(rm, "a:has-text('Change'):has-text('what the complaint is about')")
    assert rm.locator("h1").inner_text() == "What the complaint is about"
    accessible(rm)
    click_and_wait(rm, "button:has-text('Save and continue')")
    summary = error_summary(rm)
    assert "Select what the complaint is about" in summary and "Enter the outcome you are seeking" in summary
    assert rm.title().startswith("Error:")
    accessible(rm)
    rm.get_by_label(rules.CATEGORIES["conduct"]).check()
    rm.get_by_label(rules.CATEGORIES["judgements"]).check()
    rm.fill("#earlier_concerns", EARLIER)
    rm.fill("#outcome_sought", OUTCOME)
    click_and_wait(rm, "button:has-text('Save and continue')")
    assert rm.url == complaint_url
    assert "What the complaint is about has been saved" in rm.content()
    about = rm.locator(".govuk-summary-card:has-text('What the complaint is about')").inner_text()
    assert rules.CATEGORIES["conduct"] in about and rules.CATEGORIES["judgements"] in about and OUTCOME in about
    accessible(rm)

    click_and_wait(rm, "a:has-text('Add a point')")
    assert rm.locator("h1").inner_text() == "Add a point to the complaint"
    accessible(rm)
    rm.fill("#what_happened", POINT_1)
    rm.set_input_files("#evidence", str(evidence))
    click_and_wait(rm, "button:has-text('Save the point')")
    assert "Point 1 has been saved" in rm.content()
    assert rm.url.endswith("#point-1")
    point_1 = rm.locator("#point-1").inner_text()
    assert POINT_1 in point_1 and "recruitment-file.pdf" in point_1
    accessible(rm)
    click_and_wait(rm, "a:has-text('Add a point')")
    rm.fill("#what_happened", POINT_2)
    click_and_wait(rm, "button:has-text('Save the point')")
    assert "Point 2 has been saved" in rm.content()
    assert POINT_2 in rm.locator("#point-2").inner_text()
    accessible(rm)
    shot(rm, "01-prepare", js)

    click_and_wait(rm, "a:has-text('Add a point')")
    click_and_wait(rm, "button:has-text('Save the point')")
    assert "Enter what happened" in error_summary(rm)
    assert rm.locator("#what_happened-error").count() == 1
    accessible(rm)
    click_and_wait(rm, "a.govuk-back-link")
    assert rm.url == complaint_url
    assert rm.locator("#point-3").count() == 0
    click_and_wait(rm, "a:has-text('Check and lodge')")
    assert rm.locator("h1").inner_text() == "Check your complaint before lodging it"
    assert "Your responsible individual lodges the complaint" in rm.content()
    assert rm.locator("button:has-text('Lodge the complaint')").count() == 0
    accessible(rm)

    # 2. The responsible individual checks the answers and lodges it.
    ri = open_page()
    sign_in(ri, live_server, RI)
    ri.goto(f"{live_server}/inspections/{inspection_id}")
    click_and_wait(ri, "a:has-text('Concerns and complaints')")
    accessible(ri)
    click_and_wait(ri, "a:has-text('Being prepared')")
    assert ri.url == complaint_url
    accessible(ri)
    click_and_wait(ri, "a:has-text('Check and lodge')")
    page_text = ri.content()
    for answer in (OUTCOME, EARLIER, POINT_1, POINT_2, "recruitment-file.pdf"):
        assert answer in page_text
    assert "The final report will not be sent until the inspectorate has responded" in page_text
    accessible(ri)
    shot(ri, "02-lodge", js)
    click_and_wait(ri, "button:has-text('Lodge the complaint')")
    assert "Confirm the declaration to lodge the complaint" in error_summary(ri)
    accessible(ri)
    ri.check("input[name=confirm][value=yes]")
    click_and_wait(ri, "button:has-text('Lodge the complaint')")
    assert ri.locator("h1").inner_text().strip() == "Complaint lodged"
    reference = ri.locator(".govuk-panel__body strong").inner_text()
    assert reference.startswith("CMP-")
    accessible(ri)
    shot(ri, "03-lodged", js)
    receipt_href = ri.locator("a:has-text('receipt (PDF)')").get_attribute("href")
    receipt = ri.request.get(f"{live_server}{receipt_href}")
    assert receipt.status == 200 and receipt.headers["content-type"] == "application/pdf"
    assert receipt.body().startswith(b"%PDF")
    ri.goto(f"{live_server}/inspections/{inspection_id}/report")
    assert ri.locator("h1").inner_text() == "Draft inspection report"
    assert (
        f"The final report will not be sent until the inspectorate has responded to complaint {reference}."
        in ri.locator(".govuk-inset-text").all_inner_texts()
    )
    accessible(ri)

    # 3. An inspectorate manager acknowledges it and assigns someone who was not on the inspection.
    manager = open_page()
    sign_in(manager, live_server, MANAGER)
    click_and_wait(manager, ".govuk-service-navigation a:text-is('Complaints')")
    assert manager.locator("h1").inner_text() == "Complaints"
    row = manager.locator(f"tr:has(a:text-is('{reference}'))")
    assert "Oakfield House" in row.inner_text() and "Received" in row.inner_text()
    assert "Holds the final report" in row.inner_text()
    accessible(manager)
    click_and_wait(manager, f"a:text-is('{reference}')")
    assert manager.locator("h1").inner_text() == f"Complaint {reference}"
    assert manager.locator("#hold-notice").count() == 1
    accessible(manager)
    click_and_wait(manager, "button:has-text('Acknowledge')")
    assert f"Complaint {reference} is acknowledged" in manager.content()
    assert manager.locator("#complaint-status").inner_text() == "Acknowledged"
    accessible(manager)
    shot(manager, "04-inspectorate-complaint", js)
    click_and_wait(manager, "a:has-text('Assign an investigator')")
    assert manager.locator("h1").inner_text() == "Assign an investigator"
    accessible(manager)
    manager.get_by_label("Priya Shah", exact=False).check()
    click_and_wait(manager, "button:has-text('Assign the investigator')")
    refusal = "Priya Shah was on the inspection team: select someone who was not"
    assert refusal in error_summary(manager)
    assert refusal in manager.locator("#investigator-error").inner_text()
    accessible(manager)
    shot(manager, "05-assign-error", js)
    manager.get_by_label("Tom Baker", exact=False).check()
    click_and_wait(manager, "button:has-text('Assign the investigator')")
    assert f"Tom Baker will investigate complaint {reference}" in manager.content()
    assert manager.locator("#investigator").inner_text() == "Tom Baker"
    assert manager.locator("#complaint-status").inner_text() == "Under investigation"
    accessible(manager)

    # 4. The investigator answers each point and sends the response.
    investigator = open_page()
    sign_in(investigator, live_server, INVESTIGATOR)
    click_and_wait(investigator, ".govuk-service-navigation a:text-is('Complaints')")
    accessible(investigator)
    click_and_wait(investigator, f"a:text-is('{reference}')")
    assert "recruitment-file.pdf" in investigator.locator("#point-1").inner_text()
    accessible(investigator)
    for number, finding, reasons, action in (
        (1, rules.UPHELD, REASONS_1, ACTION_1),
        (2, rules.NOT_UPHELD, REASONS_2, None),
    ):
        click_and_wait(investigator, f"#point-{number} a:has-text('Answer')")
        assert investigator.locator("h1").inner_text() == f"Answer point {number}"
        accessible(investigator)
        investigator.check(f"input[name=finding][value={finding}]")
        investigator.fill("#reasons", reasons)
        if action:
            investigator.fill("#action_taken", action)
            shot(investigator, "06-answer", js)
        click_and_wait(investigator, "button:has-text('Save the answer')")
        assert f"Your answer to point {number} is saved" in investigator.content()
        assert rules.FINDINGS[finding] in investigator.locator(f"#point-{number}").inner_text()
        accessible(investigator)
    click_and_wait(investigator, "a.govuk-button:has-text('Send the response')")
    assert investigator.locator("#unanswered").count() == 0
    accessible(investigator)
    investigator.fill("#overall_response", OVERALL)
    click_and_wait(investigator, "button:has-text('Send the response')")
    assert f"The response to complaint {reference} has been sent" in investigator.content()
    assert investigator.locator("#complaint-status").inner_text() == "Responded to"
    accessible(investigator)

    # 5. The manager closes it.
    manager.reload()
    click_and_wait(manager, "button:has-text('Close')")
    assert f"Complaint {reference} is closed" in manager.content()
    assert manager.locator("#complaint-status").inner_text() == "Closed"
    assert manager.locator("#history tbody tr").count() == 5
    accessible(manager)

    # 6. The responsible individual sees the history, each point's answer and where to go next.
    ri.goto(f"{live_server}/inspections/{inspection_id}/complaints")
    assert "Closed" in ri.locator(f"tr:has(a:text-is('{reference}'))").inner_text()
    accessible(ri)
    click_and_wait(ri, f"a:text-is('{reference}')")
    assert ri.locator("h1").inner_text() == f"Complaint {reference}"
    history = ri.locator("table:has(caption:has-text('Each step')) tbody tr")
    steps = [history.nth(i).locator("td").first.inner_text() for i in range(history.count())]
    assert steps == ["Lodged", "Acknowledged", "Investigator assigned", "Responded to", "Closed"]
    for i in range(history.count()):
        assert history.nth(i).locator("td").nth(1).inner_text().strip()
    point_1, point_2 = ri.locator("#point-1").inner_text(), ri.locator("#point-2").inner_text()
    assert POINT_1 in point_1 and "Upheld" in point_1 and REASONS_1 in point_1 and ACTION_1 in point_1
    assert POINT_2 in point_2 and "Not upheld" in point_2 and REASONS_2 in point_2
    assert OVERALL in ri.content()
    assert "independent complaints adjudicator" in ri.content()
    assert "The final report will not be sent" not in ri.content()
    accessible(ri)
    shot(ri, "07-provider-final", js)


def test_another_providers_responsible_individual_cannot_open_the_complaint(
    contexts, live_server, live_app, axe_source, draft_issued
):
    open_page, checker = contexts
    with live_app.app_context():
        now = clock.now()
        inspection = db.session.get(Inspection, draft_issued)
        rm = db.session.scalar(select(User).where(User.email == RM))
        ri = db.session.scalar(select(User).where(User.email == RI))
        complaint = complaint_services.start(inspection, rm, now)
        complaint_services.save_details(complaint, ["process"], None, OUTCOME, rm, now)
        complaint_services.save_point(complaint, None, POINT_1, [], rm, now)
        complaint_services.lodge(complaint, ri, now)
        complaint_id = complaint.id
    page = open_page()
    sign_in(page, live_server, OTHER_RI)
    for path in (f"/complaints/{complaint_id}", f"/complaints/{complaint_id}/receipt.pdf"):
        response = page.goto(f"{live_server}{path}")
        assert response.status == 404
        assert "Page not found" in page.content()
        assert "Oakfield House" not in page.content()
        assert check_accessibility(page, axe_source, checker) == []
