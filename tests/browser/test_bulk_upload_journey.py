"""A registered manager sends visit reports in bulk in the browser (issue 18), at 320 px, with
JavaScript on and off: files checked, each report's answers on its own form, check your answers
with every report, one declaration, one receipt; axe-core clean on every page."""

from datetime import date

import pytest

from portal.core.workdays import add_months
from tests.browser.helpers import check_accessibility, click_and_wait, sign_in
from tests.files import pdf_bytes

pytestmark = pytest.mark.browser


def test_send_visit_reports_in_bulk(pages, js, live_server, axe_source, tmp_path):
    page, checker = pages
    visit = add_months(date.today().replace(day=1), -1).replace(day=22 if js else 23)
    document = tmp_path / f"SC100002_{visit.isoformat()}.pdf"
    document.write_bytes(pdf_bytes("Bulk visit report"))

    sign_in(page, live_server, "rm.hillside@oakfield.example")
    page.goto(f"{live_server}/monitoring/bulk")
    assert check_accessibility(page, axe_source, checker) == []
    page.set_input_files("#documents", str(document))
    click_and_wait(page, "button:has-text('Continue')")
    assert "Check the visit reports before sending them" in page.content()
    assert "1 of 1 still needs answers" in page.content() and document.name in page.content()
    assert check_accessibility(page, axe_source, checker) == []

    click_and_wait(page, "button:has-text('Send the 1 report')")  # nothing answered yet
    assert "There is a problem" in page.content() and "Give the answers of the report for" in page.content()
    click_and_wait(page, ".govuk-summary-card__actions a:has-text('Give the answers')")
    assert page.input_value("#visit_date-day") == str(visit.day)
    assert f"Leave empty to keep {document.name}" in page.content()
    page.check("input[name=announced][value=yes]")
    page.check("input[name=spoke_to][value=children]")
    page.fill("#records_inspected", "Daily logs and the complaints book")
    page.fill("#premises_inspected", "Bedrooms and garden")
    page.check("input[name=safeguarding][value=yes]")
    page.check("input[name=wellbeing][value=yes]")
    page.check("input[name=conflict][value=no]")
    page.check("input[name=serious_concern][value=no]")
    click_and_wait(page, "button:has-text('Continue')")
    assert "Daily logs and the complaints book" in page.content() and "still need" not in page.content()
    assert check_accessibility(page, axe_source, checker) == []

    page.check("input[name=confirm][value=yes]")
    click_and_wait(page, "button:has-text('Send the 1 report')")
    assert "Reports sent" in page.content() and "1 report received" in page.content()
    assert check_accessibility(page, axe_source, checker) == []
    receipt = page.locator("a:has-text('Download your receipt')").get_attribute("href")
    response = page.request.get(f"{live_server}{receipt}")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
