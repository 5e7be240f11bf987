"""An independent person sends a visit report in the browser, with JavaScript on and off;
axe-core finds no violations on any page of the journey."""

from datetime import date

import pytest

from portal.core.workdays import add_months
from tests.browser.helpers import check_accessibility, click_and_wait, sign_in
from tests.files import pdf_bytes

pytestmark = pytest.mark.browser


@pytest.fixture(params=[True, False], ids=["js-on", "js-off"])
def journey_page(request, browser):
    context = browser.new_context(java_script_enabled=request.param)
    page = context.new_page()
    checker = None if request.param else browser.new_context().new_page()
    yield page, checker
    context.close()
    if checker:
        checker.context.close()


def test_send_a_visit_report(journey_page, live_server, axe_source, tmp_path):
    page, checker = journey_page
    document = tmp_path / "visit.pdf"
    document.write_bytes(pdf_bytes("Browser visit report"))
    visit = add_months(date.today().replace(day=1), -1).replace(day=20)

    sign_in(page, live_server, "visitor@oakfield.example")
    assert check_accessibility(page, axe_source, checker) == []
    click_and_wait(page, "a:has-text('Send a visit report') >> nth=0")
    assert "Send a regulation 44 visit report" in page.content()
    click_and_wait(page, "button:has-text('Continue')")
    assert "There is a problem" in page.content() and "Enter the date of the visit" in page.content()
    assert check_accessibility(page, axe_source, checker) == []

    page.fill("#visit_date-day", str(visit.day))
    page.fill("#visit_date-month", str(visit.month))
    page.fill("#visit_date-year", str(visit.year))
    page.check("input[name=announced][value=no]")
    page.check("input[name=spoke_to][value=children]")
    page.fill("#records_inspected", "Daily logs")
    page.fill("#premises_inspected", "Bedrooms")
    page.check("input[name=safeguarding][value=yes]")
    page.check("input[name=wellbeing][value=yes]")
    js = checker is None
    details = page.locator("#conflict_details")
    assert details.is_visible() is not js  # with JavaScript, revealed only once "Yes" is chosen
    page.check("input[name=conflict][value=yes]")
    assert details.is_visible()
    assert page.locator("input[name=conflict][value=yes]").get_attribute("aria-expanded") is None
    assert check_accessibility(page, axe_source, checker) == []  # the follow-up question shown
    page.check("input[name=conflict][value=no]")
    assert details.is_visible() is not js
    page.check("input[name=serious_concern][value=no]")
    page.set_input_files("#document", str(document))
    click_and_wait(page, "button:has-text('Continue')")
    assert "Check your answers before sending the report" in page.content()
    assert "visit.pdf" in page.content()
    assert check_accessibility(page, axe_source, checker) == []

    # A Change link goes back to its question with every answer kept, and the file too.
    click_and_wait(page, "a:has-text('Change records inspected')")
    assert page.url.endswith("#records_inspected") and page.input_value("#records_inspected") == "Daily logs"
    assert "Leave empty to keep visit.pdf" in page.content()
    assert check_accessibility(page, axe_source, checker) == []
    page.fill("#records_inspected", "Daily logs and the fire drill book")
    click_and_wait(page, "button:has-text('Continue')")
    assert "Check your answers before sending the report" in page.content()
    assert "Daily logs and the fire drill book" in page.content() and "visit.pdf" in page.content()

    page.check("input[name=confirm][value=yes]")
    click_and_wait(page, "button:has-text('Send the report')")
    assert "Report sent" in page.content() and "Your reference" in page.content()
    assert check_accessibility(page, axe_source, checker) == []
    reference = page.locator(".govuk-panel__body strong").inner_text()
    assert reference.startswith("VR-")

    click_and_wait(page, "a:has-text('View the report')")
    assert reference in page.content() and "Versions" in page.content()
    assert check_accessibility(page, axe_source, checker) == []
