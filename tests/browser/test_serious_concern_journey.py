"""A serious concern in the browser, with JavaScript on and off (R-MON-3): the independent person
raises it; the setting's lead inspector sees the alert on the dashboard, records what was done
(at 320 px), and only then does the alert leave the dashboard. axe-core finds no violations."""

import re
from datetime import date
from pathlib import Path

import pytest

from portal.core.workdays import add_months
from tests.browser.helpers import check_accessibility, click_and_wait, sign_in
from tests.files import pdf_bytes

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp/shots-a")
LEAD = "inspector.shah@inspectorate.example"  # leads Oakfield House's and Maple Cottage's latest inspections


def _send_concern(page, base_url, document, axe_source, checker) -> str:
    """The visitor sends a visit report raising a serious concern; returns the report's id."""
    visit = add_months(date.today().replace(day=1), -1).replace(day=21)
    sign_in(page, base_url, "visitor@oakfield.example")
    click_and_wait(page, "a:has-text('Send a visit report') >> nth=0")
    page.fill("#visit_date-day", str(visit.day))
    page.fill("#visit_date-month", str(visit.month))
    page.fill("#visit_date-year", str(visit.year))
    page.check("input[name=announced][value=no]")
    page.check("input[name=spoke_to][value=children]")
    page.fill("#records_inspected", "Daily logs")
    page.fill("#premises_inspected", "Bedrooms")
    page.check("input[name=safeguarding][value=no]")
    page.check("input[name=wellbeing][value=no]")
    page.check("input[name=conflict][value=no]")
    page.check("input[name=serious_concern][value=yes]")
    page.fill("#serious_concern_details", "A child showed me bruises and said a staff member caused them.")
    page.set_input_files("#document", str(document))
    click_and_wait(page, "button:has-text('Continue')")
    assert "The inspector will be told about the serious concern" in page.content()
    assert check_accessibility(page, axe_source, checker) == []
    page.check("input[name=confirm][value=yes]")
    click_and_wait(page, "button:has-text('Send the report')")
    click_and_wait(page, "a:has-text('View the report')")
    return re.search(r"/visit-reports/(\d+)", page.url).group(1)


def test_the_lead_inspector_acts_on_a_serious_concern(contexts, pages, js, live_server, axe_source, tmp_path):
    open_page, checker = contexts
    document = tmp_path / "concern.pdf"
    document.write_bytes(pdf_bytes("Visit report with a serious concern"))
    report_id = _send_concern(open_page(), live_server, document, axe_source, checker)
    alert_link = f"a[href^='/inspectorate/visit-reports/{report_id}']"

    lead, narrow_checker = pages  # 320 px wide
    sign_in(lead, live_server, LEAD)
    lead.goto(f"{live_server}/inspectorate/")
    assert lead.locator(alert_link).count() == 1, "the alert is on the lead inspector's dashboard"
    assert "waiting for you to record what was done" in lead.content()
    assert check_accessibility(lead, axe_source, narrow_checker) == []

    click_and_wait(lead, alert_link)
    assert "Waiting for an action" in lead.content() and "Priya Shah" in lead.content()
    lead.check("input[name=kind][value=contacted]")
    click_and_wait(lead, "button:has-text('Record the action')")
    assert "There is a problem" in lead.content() and "Enter a note saying whom you contacted" in lead.content()
    assert check_accessibility(lead, axe_source, narrow_checker) == []
    SHOTS.mkdir(parents=True, exist_ok=True)
    lead.screenshot(path=str(SHOTS / f"concern-error-{'js' if js else 'nojs'}.png"), full_page=True)

    lead.check("input[name=kind][value=contacted]")
    lead.fill("#note", "Phoned the registered manager; the staff member is suspended and the LADO told.")
    click_and_wait(lead, "button:has-text('Record the action')")
    content = lead.content()
    assert "Action recorded" in content and "Serious concern: contacted the setting (version 1)" in content
    assert "the LADO told" in content
    assert check_accessibility(lead, axe_source, narrow_checker) == []
    lead.screenshot(path=str(SHOTS / f"concern-recorded-{'js' if js else 'nojs'}.png"), full_page=True)
    width = lead.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"the page scrolls sideways at 320 px ({width} px)"

    lead.goto(f"{live_server}/inspectorate/")
    assert lead.locator(alert_link).count() == 0, "the alert left the dashboard once an action was recorded"

    unrelated = open_page()
    sign_in(unrelated, live_server, "inspector.baker@inspectorate.example")
    unrelated.goto(f"{live_server}/inspectorate/visit-reports/{report_id}")
    assert "Record the action" not in unrelated.content() and "Only the owner" in unrelated.content()
