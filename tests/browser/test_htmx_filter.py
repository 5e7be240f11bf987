"""With JavaScript, choosing a region on the oversight page swaps in the results without a page
load (htmx), keeps the address in step, and stays accessible; without it, the Filter button works."""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import axe_violations, click_and_wait, sign_in

pytestmark = pytest.mark.browser


def test_oversight_filter_with_htmx(browser, live_server, axe_source):
    context = browser.new_context()
    page = context.new_page()
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    sign_in(page, live_server, "manager@inspectorate.example")
    page.goto(f"{live_server}/inspectorate/monitoring")
    assert "Hillside Secure Children" in page.inner_text("#oversight-results")
    page.evaluate("window.__loadedOnce = true")  # gone if the page reloads
    with page.expect_response(lambda r: "/inspectorate/monitoring?" in r.url and r.request.headers.get("hx-request")):
        page.select_option("#region", "North East")
    # expect() polls from outside the page: a polled string would be eval'd in the page and refused by its CSP
    expect(page.locator("#oversight-results")).not_to_contain_text("Hillside")
    assert page.evaluate("window.__loadedOnce") is True
    assert "region=North%20East" in page.url or "region=North+East" in page.url
    assert "Elm Lodge" in page.inner_text("#oversight-results")
    assert axe_violations(page, axe_source) == []
    assert not [e for e in errors if "Content Security Policy" in e]
    context.close()


def test_oversight_filter_without_javascript(browser, live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, live_server, "manager@inspectorate.example")
    page.goto(f"{live_server}/inspectorate/monitoring")
    page.select_option("#region", "North East")
    click_and_wait(page, "button:has-text('Filter')")
    assert "region=North+East" in page.url and "Hillside" not in page.inner_text("#oversight-results")
    context.close()
