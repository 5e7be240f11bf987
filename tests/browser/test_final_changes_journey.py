"""The final report tells the truth about what changed since the draft, in the browser at 320 px,
with JavaScript on and off, axe-core clean on every page (issue 14; R-DR-4, R-INSP-2 by analogy):

the lead inspector answers a comment "accepted and amended" without saying which paragraph
(refused), then with it; a final sent from a page opened earlier, while the paragraph still reads as
in the draft, is refused with the comment linked in the error summary; the inspector amends the
paragraph, is asked the reasons for a judgement changed since the draft, and sends the final; the
registered manager reads the reasons and the paragraph amended beside the response.
"""

import os
from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.accounts.models import User
from portal.core import clock
from portal.core.workdays import working_days_before
from portal.demo_report_texts import demo_content
from portal.extensions import db
from portal.inspection_reports import rules, sending, services
from portal.inspection_reports.comments import save_comment, submit_return
from portal.inspections import rules as inspection_rules
from portal.inspections.models import Inspection, ProvisionalJudgement
from portal.providers.models import Setting
from tests.browser.helpers import check_accessibility, click_and_wait, sign_in
from tests.inspection_reports.quality_support import assure

pytestmark = pytest.mark.browser

LEAD = "inspector.shah@inspectorate.example"
RM = "rm.oakfield@oakfield.example"
RI = "ri@oakfield.example"
SHOTS = os.environ.get("FINAL_CHANGES_SHOTS", "/tmp/shots-d")
NARROW = {"width": 320, "height": 900}
COMMENT = "The home has four bedrooms, not five."
REASONS = "Leaders had not checked the recruitment records since the draft was written."


@pytest.fixture
def returned_report(live_app):
    """An Oakfield House inspection whose draft was commented on; leaders' judgement changed since."""
    with live_app.app_context():
        now = clock.now() - timedelta(days=1)
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
        assure(report, now)
        sending.issue_draft(report, None, lead, now)
        first = next(p for p in report.draft["paragraphs"] if p["section"] == "service")
        rm = db.session.scalar(select(User).where(User.email == RM))
        ri = db.session.scalar(select(User).where(User.email == RI))
        comment = save_comment(
            report, f"final-changes-{inspection.id}", first["number"], rules.FACTUAL, COMMENT, None, [], rm, now
        )
        submit_return(report, False, ri, now)
        judgements = dict(report.content["judgements"]) | {
            inspection_rules.LEADERS: inspection_rules.REQUIRES_IMPROVEMENT
        }
        services.save_judgements(report, judgements, lead, now)
        return inspection.id, comment.id, first["number"]


def test_comment_answered_with_its_paragraph_and_the_final_sent(js, browser, live_server, axe_source, returned_report):
    inspection_id, comment_id, number = returned_report
    base = f"{live_server}/inspectorate/inspections/{inspection_id}/report"
    respond_url, final_url = f"{base}/comments/{comment_id}/respond", f"{base}/final"
    opened = []

    def open_page(javascript=js):
        context = browser.new_context(java_script_enabled=javascript, viewport=NARROW)
        opened.append(context)
        return context.new_page()

    checker = None if js else open_page(True)

    def look(page, name):
        assert check_accessibility(page, axe_source, checker) == [], page.url
        assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"], page.url
        os.makedirs(SHOTS, exist_ok=True)
        page.screenshot(full_page=True, path=os.path.join(SHOTS, f"{name}-{'js' if js else 'nojs'}.png"))

    try:
        inspector = open_page()
        sign_in(inspector, live_server, LEAD)
        # 1. Not accepted first: the final can then be sent, so a page is left open on it.
        inspector.goto(respond_url)
        assert inspector.locator("h1").inner_text() == f"Respond to the comment on paragraph {number}"
        inspector.check("input[name=response][value=not_accepted]")
        inspector.fill("#reason", "The home has five bedrooms.")
        click_and_wait(inspector, "button:has-text('Save the response')")
        stale = inspector.context.new_page()
        stale.goto(final_url)
        assert stale.locator("#changed-judgements").count() == 1

        # 2. Accepted and amended without a paragraph is refused; with one it is saved.
        inspector.goto(respond_url)
        look(inspector, "01-respond")
        inspector.check("input[name=response][value=accepted]")
        inspector.fill("#paragraphs", "")
        inspector.fill("#reason", "The certificate says four bedrooms; the paragraph is amended.")
        click_and_wait(inspector, "button:has-text('Save the response')")
        assert inspector.locator(".govuk-error-summary").count() == 1
        assert "Enter the paragraph numbers of the draft" in inspector.locator("#paragraphs-error").inner_text()
        look(inspector, "02-respond-refused")
        inspector.fill("#paragraphs", str(number))
        click_and_wait(inspector, "button:has-text('Save the response')")
        assert f"Your response to the comment on paragraph {number} is saved" in inspector.content()
        assert f"Amends paragraph {number} of the draft" in inspector.locator(f"#comment-{comment_id}").inner_text()

        # 3. The page opened earlier sends while the paragraph is unchanged: refused, the comment linked.
        stale.fill("#reasons", REASONS)
        click_and_wait(stale, "button:has-text('Send the final report')")
        summary = stale.locator(".govuk-error-summary")
        assert summary.count() == 1
        link = summary.locator(f"a[href$='/comments/{comment_id}/respond']")
        assert f"paragraph {number} is unchanged since the draft" in link.inner_text()
        look(stale, "03-final-refused")
        click_and_wait(stale, f".govuk-error-summary a[href$='/comments/{comment_id}/respond']")
        assert stale.locator("h1").inner_text() == f"Respond to the comment on paragraph {number}"
        stale.close()

        # 4. The paragraph is amended; the final asks the reasons for the changed judgement, then goes.
        inspector.goto(f"{base}/sections/service")
        paragraphs = inspector.locator("#text").input_value().split("\n\n")
        paragraphs[0] += " It has four bedrooms."
        inspector.fill("#text", "\n\n".join(paragraphs))
        click_and_wait(inspector, "button:has-text('Save the section')")
        inspector.goto(final_url)
        assert "Requires improvement to be good" in inspector.locator("#changed-judgements").inner_text()
        look(inspector, "04-final")
        click_and_wait(inspector, "button:has-text('Send the final report')")
        assert "Enter the reasons why the judgements differ" in inspector.locator("#reasons-error").inner_text()
        look(inspector, "05-final-reasons-refused")
        inspector.fill("#reasons", REASONS)
        click_and_wait(inspector, "button:has-text('Send the final report')")
        assert "The final report has been sent" in inspector.content()

        # 5. The registered manager reads the reasons and the paragraph the response amends.
        manager = open_page()
        sign_in(manager, live_server, RM)
        manager.goto(f"{live_server}/inspections/{inspection_id}/report")
        assert manager.locator("h1").inner_text() == "Final inspection report"
        assert REASONS in manager.locator("#final-reasons").inner_text()
        beside = manager.locator(f"#paragraph-{number}").locator("xpath=../following-sibling::div[1]")
        assert "Our response: Accepted and amended" in beside.inner_text()
        assert f"now paragraph {number} of the final report" in beside.inner_text()
        assert "It has four bedrooms." in manager.locator(f"#paragraph-{number}").inner_text()
        look(manager, "06-provider-final")
    finally:
        for context in opened:
            context.close()
