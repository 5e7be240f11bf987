"""An inspectorate manager opens the count of reports saying children are not effectively
safeguarded as the list of those reports, and one of them (issue 18), at 320 px with JavaScript
on and off; axe-core finds no violations and no page scrolls sideways."""

import re

import pytest

from tests.browser.helpers import check_accessibility, click_and_wait, sign_in

pytestmark = pytest.mark.browser
MANAGER = "manager@inspectorate.example"


def test_the_count_opens_as_the_list_of_reports(js, pages, live_server, axe_source):
    page, checker = pages

    def looked_at():
        assert check_accessibility(page, axe_source, checker) == [], page.url
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, page.url

    sign_in(page, live_server, MANAGER)
    page.goto(f"{live_server}/inspectorate/monitoring")
    count = page.locator("a:has-text('the opinion that children are not effectively safeguarded')")
    total = int(re.search(r"[\d,]+", count.inner_text()).group(0).replace(",", ""))
    assert total >= 1
    click_and_wait(page, "a:has-text('the opinion that children are not effectively safeguarded')")
    assert page.locator("h1").inner_text() == "Reports giving the opinion that children are not effectively safeguarded"
    listed = page.locator("#not-safeguarded-results tbody tr")
    assert listed.count() == min(total, 50)
    looked_at()
    reference = listed.first.locator("th a").inner_text()
    click_and_wait(page, f"a:has-text('{reference}')")
    assert reference in page.locator("main").inner_text()
    answer = page.locator(".govuk-summary-list__row", has_text="Children effectively safeguarded")
    assert answer.locator(".govuk-summary-list__value").inner_text().strip() == "No"
    looked_at()
    page.go_back()
    click_and_wait(page, "a:has-text('Back to monitoring reports')")
    assert page.url.endswith("/inspectorate/monitoring")
