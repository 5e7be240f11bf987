"""A notification and its triage in the browser (R-NTF-1, issue 19), with JavaScript on and off:
Oakfield House's registered manager tells the inspectorate of a serious event (a child's name is
refused, a Change link used, the declaration made); its lead inspector, at 320 px, finds it first
in the queue and triages it with a note. axe-core finds no violations on any page."""

from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.browser.helpers import check_accessibility, click_and_wait, lead_of, sign_in

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp/shots-a")


def _notify(page, base_url, axe_source, checker, what: str) -> tuple[str, str]:
    """The registered manager sends a serious event; returns its reference and its page's path."""
    yesterday = date.today() - timedelta(days=1)
    sign_in(page, base_url, "rm.oakfield@oakfield.example")
    click_and_wait(page, "a:has-text('Oakfield House') >> nth=0")
    click_and_wait(page, "a:has-text('Notifications to the inspectorate')")
    assert check_accessibility(page, axe_source, checker) == []
    click_and_wait(page, "a:has-text('Notify the inspectorate')")
    assert check_accessibility(page, axe_source, checker) == []
    page.check("input[name=kind][value=serious_event]")
    click_and_wait(page, "button:has-text('Continue')")
    page.fill("#on-day", str(yesterday.day))
    page.fill("#on-month", str(yesterday.month))
    page.fill("#on-year", str(yesterday.year))
    page.fill("#at", "22:10")
    page.fill("#what", "Jamie hit another child during an argument at supper.")
    page.fill("#children", "Two children")
    page.check("input[name=told][value=placing_authority]")
    page.fill("#action", "Both children were checked by staff; the placing authorities were called that evening.")
    page.check("input[name=enquiry][value=no]")
    click_and_wait(page, "button:has-text('Continue')")
    content = page.content()
    assert "There is a problem" in content and "What happened must not include a name" in content
    assert check_accessibility(page, axe_source, checker) == []
    page.fill("#what", what)
    click_and_wait(page, "button:has-text('Continue')")
    assert "Check your answers before sending the notification" in page.content()
    assert check_accessibility(page, axe_source, checker) == []
    click_and_wait(page, "a[href$='#children']")
    page.fill("#children", "Two children, aged 13 and 15")
    click_and_wait(page, "button:has-text('Continue')")
    assert "Two children, aged 13 and 15" in page.content()
    page.check("input[name=confirm][value=yes]")
    click_and_wait(page, "button:has-text('Send the notification')")
    content = page.content()
    assert "Notification sent" in content and "has been told" in content
    assert check_accessibility(page, axe_source, checker) == []
    path = page.locator("a:has-text('View the notification')").get_attribute("href")
    return page.locator(".govuk-panel__body strong").inner_text(), path


def test_a_serious_event_is_notified_and_triaged(contexts, pages, js, live_server, live_app, axe_source):
    open_page, checker = contexts
    what = f"One child hit another during an argument at supper ({'with' if js else 'without'} JavaScript)."
    reference, path = _notify(open_page(), live_server, axe_source, checker, what)

    lead, narrow_checker = pages  # 320 px wide
    sign_in(lead, live_server, lead_of(live_app, "Oakfield House"))
    lead.goto(f"{live_server}/inspectorate/notifications")
    assert reference in lead.content()
    assert check_accessibility(lead, axe_source, narrow_checker) == []
    first = lead.locator("#queue-results tbody tr").first
    assert "A serious event" in first.inner_text(), "serious events lead the queue"
    click_and_wait(lead, f"#queue-results a[href='/inspectorate{path}']")
    assert what in lead.content()
    lead.check("input[name=decision][value=contact]")
    click_and_wait(lead, "button:has-text('Record the triage')")
    assert "There is a problem" in lead.content() and "Enter a note on the decision" in lead.content()
    assert check_accessibility(lead, axe_source, narrow_checker) == []
    lead.check("input[name=decision][value=contact]")
    lead.fill("#note", "Called the manager: both children's plans are updated; no pattern.")
    click_and_wait(lead, "button:has-text('Record the triage')")
    content = lead.content()
    assert "Your triage is recorded" in content and "Contact the provider" in content
    assert check_accessibility(lead, axe_source, narrow_checker) == []
    SHOTS.mkdir(parents=True, exist_ok=True)
    lead.screenshot(path=str(SHOTS / f"notification-triaged-{'js' if js else 'nojs'}.png"), full_page=True)
    width = lead.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"the page scrolls sideways at 320 px ({width} px)"
