"""A monitoring report that is not published (R-PUB-2), in the browser with JavaScript on and off:
the inspectorate manager records the decision from the report's overview (a reason is required),
the registered manager sees it on the final report, and once the embargo would have ended the
public search still does not show the report, nor does its page exist. axe-core finds no
violations on any page of the journey; the pages are also looked at 320 px wide."""

import os
from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.accounts.models import User
from portal.core import clock
from portal.core.workdays import working_days_before
from portal.extensions import db
from portal.inspection_reports import rules
from portal.inspection_reports.models import CommentReturn, InspectionReport
from portal.inspections import rules as inspection_rules
from portal.inspections.models import Inspection
from portal.inspections.timeline import publication_instant
from portal.providers.models import Setting
from tests.browser.helpers import check_accessibility, click_and_wait, sign_in

pytestmark = pytest.mark.browser

MANAGER = "manager@inspectorate.example"
LEAD = "inspector.shah@inspectorate.example"
RM = "rm.oakfield@oakfield.example"
URN = "SC100001"
REASON = "Publishing now would identify a child at the centre of a police investigation."
SHOTS = os.environ.get("NON_PUBLICATION_SHOTS")  # a folder, to keep screenshots of the journey


def shot(page, name: str, js: bool, narrow: bool = True) -> None:
    """A screenshot at full width and at 320 px, when a folder is given; ``narrow`` pages must
    not scroll sideways at 320 px (the provider's dashboard, a six-column table, still does)."""
    if not (SHOTS and js):
        return
    os.makedirs(SHOTS, exist_ok=True)
    page.screenshot(full_page=True, path=os.path.join(SHOTS, f"{name}.png"))
    size = page.viewport_size
    page.set_viewport_size({"width": 320, "height": 640})
    assert not narrow or page.evaluate("document.documentElement.scrollWidth") <= 320, f"{name} is too wide"
    page.screenshot(full_page=True, path=os.path.join(SHOTS, f"{name}-320.png"))
    page.set_viewport_size(size)


@pytest.fixture
def monitoring_visit(live_app):
    """A monitoring visit to Oakfield House whose final report has just been sent: under embargo."""
    with live_app.app_context():
        now = clock.now()
        today = clock.today_uk(now)
        setting = db.session.scalar(select(Setting).where(Setting.urn == URN))
        lead = db.session.scalar(select(User).where(User.email == LEAD))
        inspection = Inspection(
            setting_id=setting.id,
            inspection_type=inspection_rules.MONITORING,
            status=inspection_rules.FINAL_SENT,
            announced=False,
            start_date=working_days_before(today, 12),
            end_date=working_days_before(today, 12),
            lead_inspector_id=lead.id,
            created_at=now,
            draft_sent_at=now - timedelta(days=7),
            comment_window_ends_at=now - timedelta(days=1),
            final_sent_at=now,
        )
        db.session.add(inspection)
        db.session.flush()
        final = {
            "paragraphs": [
                {
                    "number": 1,
                    "section": "purpose",
                    "title": "Purpose of the visit",
                    "text": "Inspectors visited to check the action taken on the requirements.",
                }
            ],
            "judgements": {},
            "sent_at": now.isoformat(),
        }
        report = InspectionReport(
            inspection_id=inspection.id,
            status=rules.FINAL_SENT,
            content=rules.empty_content(),
            draft=final,
            final=final,
            publish_at=publication_instant(now),
            created_at=now,
            updated_at=now,
            updated_by_id=lead.id,
            final_sent_by_id=lead.id,
        )
        db.session.add_all(
            [
                report,
                CommentReturn(
                    report=report, status=rules.NO_COMMENTS, submitted_at=now, reference=f"DR-NP{inspection.id:06d}"
                ),
            ]
        )
        db.session.commit()
        return inspection.id, clock.as_utc(report.publish_at)


def test_a_monitoring_report_that_is_not_published(js, contexts, live_server, live_app, axe_source, monitoring_visit):
    open_page, checker = contexts
    inspection_id, publish_at = monitoring_visit

    def accessible(page):
        assert check_accessibility(page, axe_source, checker) == []

    # 1. The inspectorate manager opens the decision from the report's overview.
    manager = open_page()
    sign_in(manager, live_server, MANAGER)
    manager.goto(f"{live_server}/inspectorate/inspections/{inspection_id}/report")
    assert "It will be published on" in manager.locator("#final-sent").inner_text()
    click_and_wait(manager, "#non-publication")
    assert manager.locator("h1").inner_text() == "Do not publish this monitoring report"
    assert "This cannot be undone" in manager.content()
    accessible(manager)
    shot(manager, "01-manager-form", js)

    # 2. Without a reason: a GOV.UK error, nothing recorded.
    manager.fill("#decided_by", "Sam Okafor, regional director")
    click_and_wait(manager, "button:has-text('Do not publish this report')")
    assert "Enter the reason the report is not published" in manager.locator(".govuk-error-summary").inner_text()
    assert manager.title().startswith("Error:")
    accessible(manager)
    shot(manager, "02-manager-error", js)

    # 3. With the reason: recorded, and a confirmation.
    manager.fill("#reason", REASON)
    click_and_wait(manager, "button:has-text('Do not publish this report')")
    assert manager.locator("h1").inner_text() == "This monitoring report will not be published"
    assert REASON in manager.locator("#not-published").inner_text()
    accessible(manager)
    shot(manager, "03-manager-recorded", js)

    # 4. The registered manager sees the decision on the final report.
    provider = open_page()
    sign_in(provider, live_server, RM)
    provider.goto(f"{live_server}/inspections/{inspection_id}/report")
    decision = provider.locator("#not-published").inner_text()
    assert "This report will not be published" in decision and REASON in decision
    assert "Sam Okafor, regional director" in decision
    assert "It will be published on" not in provider.content()
    accessible(provider)
    shot(provider, "04-provider-final", js)
    provider.goto(f"{live_server}/dashboard")
    row = provider.locator("tr", has_text="Oakfield House").inner_text()
    assert "Full inspection" in row  # R-STAND-2: the withheld visit changes nothing
    accessible(provider)
    shot(provider, "05-provider-dashboard", js, narrow=False)

    # 5. After the embargo would have ended, the public still cannot find or open it.
    public = open_page()
    try:
        live_app.config["FROZEN_NOW"] = publish_at + timedelta(hours=1)
        public.goto(f"{live_server}/published-reports/?q={URN}")
        assert public.locator("h1").inner_text() == "Published inspection reports"
        assert public.locator(f"a[href='/published-reports/{inspection_id}']").count() == 0
        accessible(public)
        shot(public, "06-public-search", js)
        assert public.goto(f"{live_server}/published-reports/{inspection_id}").status == 404
        accessible(public)
    finally:
        live_app.config["FROZEN_NOW"] = None
