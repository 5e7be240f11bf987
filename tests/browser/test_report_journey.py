"""The inspection report from draft to publication in the browser, with JavaScript on and off:
the lead inspector issues the draft, the setting comments, the responsible individual sends the
return once, the inspector answers and sends the final report, and it is published on its day.
axe-core finds no violations on any page of the journey."""

import os
import re
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from portal.accounts.models import User
from portal.core import clock
from portal.core.clock import UK
from portal.core.workdays import working_days_before
from portal.demo_report_texts import demo_content
from portal.extensions import db
from portal.inspection_reports import sending, services
from portal.inspection_reports.models import CommentReturn, InspectionReport
from portal.inspections import rules as inspection_rules
from portal.inspections.models import Inspection, ProvisionalJudgement
from portal.providers.models import Setting
from tests.browser.helpers import check_accessibility, click_and_wait, sign_in
from tests.files import pdf_bytes
from tests.inspection_reports.quality_support import assure
from tests.pdf_structure import tagged

pytestmark = pytest.mark.browser

LEAD = "inspector.shah@inspectorate.example"
RM = "rm.oakfield@oakfield.example"
RI = "ri@oakfield.example"
MISSING = "this_inspection"
WRITTEN = (
    "Two inspectors visited the home over three days.\n\n"
    "Inspectors spoke to children, staff, parents and social workers, and read records."
)
COMMENT = "Checks for one of the two members of staff were completed before they started work."
PROPOSED = "Recruitment checks were not complete for one member of staff at the time of the inspection."
REASON = "The certificate shows the check was completed in time; the paragraph is amended."
AMENDED = "Recruitment checks were not complete for one member of staff when inspectors visited."
SHOTS = os.environ.get("REPORT_JOURNEY_SHOTS")  # a folder, to keep screenshots of the journey


def shot(page, name: str, js: bool) -> None:
    if SHOTS and js:
        os.makedirs(SHOTS, exist_ok=True)
        page.screenshot(full_page=True, path=os.path.join(SHOTS, f"{name}.png"))


@pytest.fixture
def ended_inspection(live_app):
    """An ended full inspection of Oakfield House led by Priya Shah, its report written but for one section."""
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
        good = inspection_rules.GOOD
        inspection.provisional_judgements = [
            ProvisionalJudgement(area=area, grade=good)
            for area in (inspection_rules.OVERALL, inspection_rules.PROTECTED, inspection_rules.LEADERS)
        ]
        db.session.add(inspection)
        db.session.commit()
        report = services.start_report(inspection, lead, now)
        content = demo_content(inspection, inspection.provisional())
        del content["sections"][MISSING]
        report.content = content
        db.session.commit()
        assure(report, now)  # R-QA-1: the check stands when the missing section is written after it
        return inspection.id


def _returns(live_app, inspection_id: int) -> list[str | None]:
    with live_app.app_context():
        report_id = db.session.scalar(
            select(InspectionReport.id).where(InspectionReport.inspection_id == inspection_id)
        )
        return list(db.session.scalars(select(CommentReturn.reference).where(CommentReturn.report_id == report_id)))


def test_report_from_draft_to_publication(js, contexts, live_server, live_app, axe_source, ended_inspection, tmp_path):
    open_page, checker = contexts
    inspection_id = ended_inspection
    overview_url = f"{live_server}/inspectorate/inspections/{inspection_id}/report"
    draft_url = f"{live_server}/inspections/{inspection_id}/report"
    evidence = tmp_path / "dbs-certificate.pdf"
    evidence.write_bytes(pdf_bytes("DBS certificate"))

    def accessible(page):
        assert check_accessibility(page, axe_source, checker) == []

    # 1. The lead inspector writes the missing section, previews and issues the draft.
    inspector = open_page()
    sign_in(inspector, live_server, LEAD)
    accessible(inspector)
    inspector.goto(overview_url)
    assert inspector.locator("h1").inner_text() == "Draft and final report"
    assert "Not written" in inspector.locator(f"#status-{MISSING}").inner_text()
    accessible(inspector)
    shot(inspector, "01-inspector-overview", js)
    click_and_wait(inspector, "#sections a:has-text('Information about this inspection')")
    accessible(inspector)
    inspector.fill("#text", WRITTEN)
    click_and_wait(inspector, "button:has-text('Save the section')")
    assert "is saved" in inspector.content()
    assert "Written: 2 paragraphs" in inspector.locator(f"#status-{MISSING}").inner_text()
    accessible(inspector)
    click_and_wait(inspector, "a:has-text('Preview the report')")
    assert "Two inspectors visited the home" in inspector.content()
    accessible(inspector)
    inspector.goto(overview_url)
    click_and_wait(inspector, "a:has-text('Issue the draft')")
    assert inspector.locator("h1").inner_text() == "Issue the draft report"
    accessible(inspector)
    shot(inspector, "02-issue", js)
    click_and_wait(inspector, "button:has-text('Issue the draft report')")
    assert "The draft report has been sent to the provider" in inspector.content()
    window_end = inspector.locator("#window-end").inner_text()
    assert window_end and "(closed)" not in window_end
    assert inspector.locator("#report-status").inner_text() == "Draft sent to the provider"
    accessible(inspector)

    # 2. The registered manager reads the draft and comments on a paragraph, with evidence.
    manager = open_page()
    sign_in(manager, live_server, RM)
    manager.goto(f"{live_server}/inspections/{inspection_id}")
    accessible(manager)
    click_and_wait(manager, "a:has-text('Draft and final report')")
    assert manager.locator("h1").inner_text() == "Draft inspection report"
    accessible(manager)
    manager.click("nav a[href='#section-protected']")
    manager.wait_for_url(re.compile(r"#section-protected$"), timeout=5_000)
    link = manager.locator(
        "xpath=//h2[@id='section-protected']/following::a[starts-with(normalize-space(), 'Comment on paragraph')][2]"
    )
    number = int(link.inner_text().rsplit(" ", 1)[1])
    assert "Recruitment checks were not complete" in manager.locator(f"#paragraph-{number}").inner_text()
    with manager.expect_navigation(wait_until="load"):
        link.click()
    assert manager.locator("h1").inner_text() == "Comment on the draft report"
    assert manager.locator("#paragraph").input_value() == str(number)
    accessible(manager)
    manager.check("input[name=kind][value=factual]")
    manager.fill("#proposed_wording", PROPOSED)
    if js:
        manager.fill("#text", COMMENT)
        manager.wait_for_selector("#autosave-status:has-text('Saved at')", timeout=10_000)
        shot(manager, "04-comment-form", js)
        manager.goto(draft_url)
        beside = manager.locator(f"#paragraph-{number}").locator("xpath=../following-sibling::div[1]")
        assert COMMENT in beside.inner_text() and PROPOSED in beside.inner_text()
        accessible(manager)
        click_and_wait(manager, f"a:has-text('Change'):has-text('on paragraph {number}')")
        assert manager.locator("#text").input_value() == COMMENT
        accessible(manager)
    else:
        manager.fill("#text", COMMENT)
    manager.set_input_files("#evidence", str(evidence))
    click_and_wait(manager, "button:has-text('Save comment')")
    assert f"Your comment on paragraph {number} has been saved" in manager.content()
    assert manager.url.endswith(f"#paragraph-{number}")
    beside = manager.locator(f"#paragraph-{number}").locator("xpath=../following-sibling::div[1]")
    assert COMMENT in beside.inner_text() and "dbs-certificate.pdf" in beside.inner_text()
    assert manager.locator("#your-comments ~ .app-table-region table tbody tr").count() == 1
    accessible(manager)
    shot(manager, "03-provider-draft", js)

    # 3. The responsible individual sends the return, once.
    individual = open_page()
    sign_in(individual, live_server, RI)
    individual.goto(f"{live_server}/inspections/{inspection_id}")
    click_and_wait(individual, "a:has-text('Draft and final report')")
    accessible(individual)
    click_and_wait(individual, "a:has-text('Send your comments') >> nth=0")
    assert individual.locator("h1").inner_text() == "Check your comments before sending them"
    assert COMMENT in individual.content() and "dbs-certificate.pdf" in individual.content()
    accessible(individual)
    shot(individual, "05-send", js)
    token = individual.locator("form:has(button:has-text('Send the comments')) input[name=csrf_token]").input_value()
    click_and_wait(individual, "button:has-text('Send the comments')")
    assert "Declaration" in individual.content() and "Confirm the declaration" in individual.content()
    accessible(individual)
    individual.check("input[name=confirm][value=yes]")
    click_and_wait(individual, "button:has-text('Send the comments')")
    assert individual.locator("h1").inner_text() == "Comments sent"
    reference = individual.locator(".govuk-panel__body strong").inner_text()
    assert reference.startswith("DR-")
    accessible(individual)
    shot(individual, "06-confirmation", js)
    receipt_href = individual.locator("a:has-text('Download your receipt (PDF)')").get_attribute("href")
    receipt = individual.context.request.get(f"{live_server}{receipt_href}")
    assert receipt.status == 200 and receipt.headers["content-type"] == "application/pdf"
    assert tagged(receipt.body()).bookmarks[0] == "Receipt"

    # The same form posted again (as the browser does when going back to resend it) makes no new return.
    again = individual.context.request.post(
        f"{draft_url}/send", form={"csrf_token": token, "choice": "comments", "confirm": "yes"}
    )
    assert again.ok and reference in again.text()
    individual.goto(f"{draft_url}/send")
    assert individual.locator("button:has-text('Send the comments')").count() == 0
    assert reference in individual.content()
    accessible(individual)
    assert _returns(live_app, inspection_id) == [reference]

    # 4. The lead inspector answers the comment, amends the paragraph and sends the final report.
    inspector.goto(overview_url)
    assert reference in inspector.locator("#return-status").inner_text()
    assert COMMENT in inspector.locator("#comments ~ .govuk-summary-card").inner_text()
    accessible(inspector)
    click_and_wait(inspector, "#comments ~ .govuk-summary-card a:has-text('Respond')")
    assert inspector.locator("h1").inner_text() == f"Respond to the comment on paragraph {number}"
    assert "dbs-certificate.pdf" in inspector.content()
    accessible(inspector)
    assert inspector.locator("legend:has-text('Your response')").count() == 1
    shot(inspector, "07-respond", js)
    inspector.check("input[name=response][value=accepted]")
    inspector.fill("#paragraphs", str(number))  # R-DR-4: the paragraph the final amends
    inspector.fill("#reason", REASON)
    click_and_wait(inspector, "button:has-text('Save the response')")
    assert f"Your response to the comment on paragraph {number} is saved" in inspector.content()
    accessible(inspector)
    click_and_wait(inspector, "#sections a:has-text('How well children are helped and protected')")
    text = inspector.locator("#text").input_value()
    assert "Recruitment checks were not complete for two members of staff" in text
    inspector.fill("#text", re.sub(r"Recruitment checks were not complete.*", AMENDED, text))
    accessible(inspector)
    click_and_wait(inspector, "button:has-text('Save the section')")
    click_and_wait(inspector, "a.govuk-button:has-text('Send the final report')")
    assert inspector.locator("h1").inner_text() == "Send the final report"
    assert "with your responses to their 1 comment" in inspector.content()
    accessible(inspector)
    click_and_wait(inspector, "button:has-text('Send the final report')")
    assert "The final report has been sent" in inspector.content()
    assert inspector.locator("#report-status").inner_text().startswith("Final report sent: under embargo until")
    accessible(inspector)

    # 5. The registered manager reads the final report with the response and what changed.
    manager.goto(f"{live_server}/inspections/{inspection_id}")
    click_and_wait(manager, "a:has-text('Draft and final report')")
    assert manager.locator("h1").inner_text() == "Final inspection report"
    beside = manager.locator(f"#paragraph-{number}").locator("xpath=../following-sibling::div[1]")
    assert COMMENT in beside.inner_text()
    assert "Our response: Accepted and amended" in beside.inner_text() and REASON in beside.inner_text()
    assert AMENDED in manager.locator(f"#paragraph-{number}").inner_text()
    assert f"now paragraph {number} of the final report" in beside.inner_text()
    manager.click("a[href='#changes']")
    manager.wait_for_url(re.compile(r"#changes$"), timeout=5_000)
    changes = manager.locator("#changes-list").inner_text()
    assert AMENDED in changes and "two members of staff" in changes
    accessible(manager)
    shot(manager, "08-provider-final", js)
    final_pdf = manager.context.request.get(f"{live_server}/inspections/{inspection_id}/report.pdf")
    assert final_pdf.status == 200 and "Your comments and our responses" in tagged(final_pdf.body()).bookmarks

    # 6. Published only once its day has come, and without the comments.
    with live_app.app_context():
        publish_at = clock.as_utc(
            db.session.scalar(
                select(InspectionReport.publish_at).where(InspectionReport.inspection_id == inspection_id)
            )
        )
    public = open_page()
    public.goto(f"{live_server}/published-reports")
    assert public.locator("h1").inner_text() == "Published inspection reports"
    assert public.locator(f"a[href='/published-reports/{inspection_id}']").count() == 0
    assert public.goto(f"{live_server}/published-reports/{inspection_id}").status == 404
    accessible(public)
    try:
        live_app.config["FROZEN_NOW"] = publish_at + timedelta(hours=1)
        public.goto(f"{live_server}/published-reports")
        assert public.locator(f"a[href='/published-reports/{inspection_id}']").count() == 1
        accessible(public)
        shot(public, "09-public-list", js)
        click_and_wait(public, f"a[href='/published-reports/{inspection_id}']")
        assert public.locator("h1").inner_text() == "Oakfield House"
        page_text = public.content()
        assert AMENDED in page_text and "Two inspectors visited the home" in page_text
        for private in (COMMENT, PROPOSED, REASON, "dbs-certificate.pdf"):
            assert private not in page_text
        accessible(public)
        shot(public, "10-public-report", js)
    finally:
        live_app.config["FROZEN_NOW"] = None


def test_another_providers_manager_cannot_open_the_draft(contexts, live_server, live_app, axe_source, ended_inspection):
    open_page, checker = contexts
    with live_app.app_context():
        report = db.session.scalar(select(InspectionReport).where(InspectionReport.inspection_id == ended_inspection))
        lead = db.session.scalar(select(User).where(User.email == LEAD))
        content = services._copy(report)
        content["sections"][MISSING] = ["Inspectors spoke to children and staff."]
        report.content = content
        db.session.commit()
        sending.issue_draft(report, None, lead, datetime.now(UK))
    page = open_page()
    sign_in(page, live_server, "rm@northgate.example")
    for url in (
        f"{live_server}/inspections/{ended_inspection}/report",
        f"{live_server}/inspections/{ended_inspection}/report/send",
    ):
        response = page.goto(url)
        assert response.status == 404
        assert "Page not found" in page.content()
        assert "Oakfield House" not in page.content()
        assert check_accessibility(page, axe_source, checker) == []
