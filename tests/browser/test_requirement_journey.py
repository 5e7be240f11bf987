"""Requirements followed to compliance and a compliance notice in the browser (R-REQ-1..3, issue
19), with JavaScript on and off: the registered manager tells the inspectorate what was done (an
empty answer refused); the lead inspector, at 320 px, finds the evidence and records the
requirement met, first without a reason (refused); an inspectorate manager records a compliance
notice (a past date refused) and sees its monitoring visit's last day. axe-core clean throughout."""

from datetime import date, timedelta
from pathlib import Path

import pytest

from portal.requirements.rules import visit_due
from tests.browser.helpers import check_accessibility, click_and_wait, lead_of, sign_in

pytestmark = pytest.mark.browser
SHOTS = Path("/tmp/shots-a")


def test_a_requirement_is_followed_to_met(contexts, pages, js, live_server, live_app, axe_source):
    setting = "Oakfield House" if js else "Riverside Family Centre"
    open_page, checker = contexts
    manager = open_page()
    sign_in(manager, live_server, "rm.oakfield@oakfield.example")
    click_and_wait(manager, f"a:has-text('{setting}') >> nth=0")
    click_and_wait(manager, "a:has-text('Requirements and compliance notices')")
    assert check_accessibility(manager, axe_source, checker) == []
    click_and_wait(manager, "a[href^='/requirements/'] >> nth=0")
    assert "Tell the inspectorate what you have done" in manager.content()
    click_and_wait(manager, "button:has-text('Send to the inspectorate')")
    assert "There is a problem" in manager.content() and "Enter what you have done" in manager.content()
    assert check_accessibility(manager, axe_source, checker) == []
    what = f"Every plan reviewed and signed off ({'with' if js else 'without'} JavaScript)."
    manager.fill("#text", what)
    click_and_wait(manager, "button:has-text('Send to the inspectorate')")
    assert "has been sent to the inspectorate" in manager.content() and what in manager.content()
    path = manager.url.split(live_server)[1]

    lead, narrow_checker = pages  # 320 px wide
    sign_in(lead, live_server, lead_of(live_app, setting))
    lead.goto(f"{live_server}/inspectorate/requirements")
    assert check_accessibility(lead, axe_source, narrow_checker) == []
    click_and_wait(lead, f"a[href='/inspectorate{path}']")
    assert what in lead.content()
    lead.check("input[name=status][value=met]")
    click_and_wait(lead, "button:has-text('Record the finding')")
    assert "There is a problem" in lead.content() and "Enter the reason" in lead.content()
    assert check_accessibility(lead, axe_source, narrow_checker) == []
    lead.check("input[name=status][value=met]")
    lead.fill("#text", "Seen at the visit: every plan reviewed.")
    click_and_wait(lead, "button:has-text('Record the finding')")
    assert "The finding is recorded" in lead.content()
    assert check_accessibility(lead, axe_source, narrow_checker) == []
    SHOTS.mkdir(parents=True, exist_ok=True)
    lead.screenshot(path=str(SHOTS / f"requirement-met-{'js' if js else 'nojs'}.png"), full_page=True)
    assert lead.evaluate("document.documentElement.scrollWidth") <= 320

    manager.goto(f"{live_server}{path}")
    assert "Seen at the visit: every plan reviewed." in manager.content()
    assert "Tell the inspectorate what you have done" not in manager.content()


def test_a_compliance_notice_sets_its_monitoring_visit(pages, js, live_server, axe_source):
    page, checker = pages  # 320 px wide
    setting = "Maple Cottage" if js else "Hillside Secure Children's Home"
    sign_in(page, live_server, "manager@inspectorate.example")
    page.goto(f"{live_server}/inspectorate/monitoring")
    click_and_wait(page, f'a:has-text("{setting}") >> nth=0')
    click_and_wait(page, "a:has-text('Record a compliance notice')")
    assert check_accessibility(page, axe_source, checker) == []
    yesterday, comply_by = date.today() - timedelta(days=1), date.today() + timedelta(days=21)
    page.fill("#regulation", "13(2)(b)")
    page.fill("#actions", "Train every member of staff in the home's behaviour management policy.")
    for part, value in (("day", yesterday.day), ("month", yesterday.month), ("year", yesterday.year)):
        page.fill(f"#comply_by-{part}", str(value))
    click_and_wait(page, "button:has-text('Record the compliance notice')")
    assert "The date to comply by must be in the future" in page.content()
    assert check_accessibility(page, axe_source, checker) == []
    for part, value in (("day", comply_by.day), ("month", comply_by.month), ("year", comply_by.year)):
        page.fill(f"#comply_by-{part}", str(value))
    click_and_wait(page, "button:has-text('Record the compliance notice')")
    content = page.content()
    assert "is recorded and the provider told" in content
    due = visit_due(comply_by)
    assert f"Due by {due:%A} {due.day} {due:%B %Y}" in content  # R-REQ-3
    assert check_accessibility(page, axe_source, checker) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
