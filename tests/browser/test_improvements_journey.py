"""A family centre's requirements and recommendations in the browser at 320 px, with JavaScript
on and off (R-RPT-6, R-RPT-7; S4 §"Requirements", §"Recommendations"): the lead inspector adds
requirements citing the Residential Family Centres Regulations 2002 (a regulation not in them is
refused), a recommendation citing the NMS, changes one, moves it up and removes another after the
confirmation page. axe-core finds no violations and no page scrolls sideways."""

import os
from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.accounts.models import User
from portal.core import clock
from portal.core.workdays import working_days_before
from portal.extensions import db
from portal.inspection_reports import services
from portal.inspections import rules as inspection_rules
from portal.inspections.models import Inspection
from portal.providers.models import Setting
from tests.browser.helpers import check_accessibility, click_and_wait, sign_in

pytestmark = pytest.mark.browser

LEAD = "inspector.shah@inspectorate.example"
SHOTS = os.environ.get("IMPROVEMENTS_JOURNEY_SHOTS")  # a folder, to keep screenshots of the journey


@pytest.fixture
def family_centre_report(live_app):
    """An ended full inspection of Riverside Family Centre led by Priya Shah, its report started."""
    with live_app.app_context():
        now = clock.now()
        today = clock.today_uk(now)
        setting = db.session.scalar(select(Setting).where(Setting.setting_type == "RFC"))
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
        db.session.add(inspection)
        db.session.commit()
        services.start_report(inspection, lead, now)
        return inspection.id, inspection.end_date + timedelta(days=40)


def test_a_family_centres_requirements_and_recommendations(js, pages, live_server, axe_source, family_centre_report):
    page, checker = pages
    inspection_id, comply_by = family_centre_report
    overview = f"{live_server}/inspectorate/inspections/{inspection_id}/report"
    step = iter(range(1, 100))

    def looked_at(name):
        assert check_accessibility(page, axe_source, checker) == [], page.url
        wide = page.evaluate("""() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > 321)
            .map(e => e.tagName + '.' + e.className + '#' + e.id + ' '
                + Math.round(e.getBoundingClientRect().right) + ' ' + (e.innerText||'').slice(0, 40))""")
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, (page.url, wide[:12])
        if SHOTS and js:
            os.makedirs(SHOTS, exist_ok=True)
            page.screenshot(full_page=True, path=os.path.join(SHOTS, f"{next(step):02}-{name}.png"))

    def add_requirement(text, regulation):
        click_and_wait(page, "a:has-text('Add a requirement')")
        page.fill("#text", text)
        page.fill("#regulation", regulation)
        page.fill("#comply_by-day", str(comply_by.day))
        page.fill("#comply_by-month", str(comply_by.month))
        page.fill("#comply_by-year", str(comply_by.year))
        click_and_wait(page, "button:has-text('Save the requirement')")

    sign_in(page, live_server, LEAD)
    page.goto(overview)
    assert "None." in page.locator("#no-requirements").inner_text()
    looked_at("overview-empty")

    add_requirement("Make sure every family's assessment plan is reviewed with them.", "44")
    assert "There is a problem" in page.content()
    assert "Regulation 44 is not a regulation of the Residential Family Centres Regulations 2002" in (
        page.locator(".govuk-error-summary").inner_text()
    )
    looked_at("requirement-refused")
    page.fill("#regulation", "16(2)")
    click_and_wait(page, "button:has-text('Save the requirement')")
    assert "The requirement is added." in page.content()
    add_requirement("Take up two references for every member of staff.", "17")
    requirements = page.locator("#requirements")
    assert "(Regulation 17 of the Residential Family Centres Regulations 2002.)" in requirements.inner_text()
    looked_at("overview-two-requirements")

    click_and_wait(page, "a:has-text('Add a recommendation')")
    looked_at("recommendation-form")
    page.check("input[name=cites][value=nms]")
    page.fill("#text", "Share each assessment's findings with parents as the work goes on.")
    page.fill("#standard", "12.3")
    click_and_wait(page, "button:has-text('Save the recommendation')")
    assert "('Residential Family Centres: National Minimum Standards', standard 12.3.)" in (
        page.locator("#recommendations").inner_text()
    )

    click_and_wait(page, "#requirements-2 a:has-text('Change')")
    assert page.locator("h1").inner_text() == "Change requirement 2"
    assert page.locator("#regulation").input_value() == "17"
    looked_at("requirement-change")
    page.fill("#regulation", "17(1)")
    click_and_wait(page, "button:has-text('Save the requirement')")
    assert "Requirement 2 is changed." in page.content()

    click_and_wait(page, "#requirements-2 button:has-text('Move up')")
    assert "Requirement 2 is now requirement 1." in page.content()
    assert "Regulation 17(1)" in page.locator("#requirements-1").inner_text()
    assert page.locator("#requirements-1 button:has-text('Move up')").count() == 0
    looked_at("overview-moved")

    click_and_wait(page, "#requirements-2 a:has-text('Remove')")
    assert page.locator("h1").inner_text() == "Remove requirement 2"
    assert "assessment plan" in page.locator("#item-text").inner_text()
    looked_at("remove-confirmation")
    click_and_wait(page, "button:has-text('Yes, remove this requirement')")
    assert "Requirement 2 is removed." in page.content()
    assert page.locator("#requirements > li").count() == 1
    assert "assessment plan" not in page.locator("#requirements").inner_text()
    looked_at("overview-after-removal")
