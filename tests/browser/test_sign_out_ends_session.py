"""Signing out ends the session on the server (issue 15): a page opened before sign-out, in another
tab or in another browser holding a copy of the cookies, lands on the sign-in page when refreshed
after it. And 'Your account' lists where you are signed in, at 320 px, with and without JavaScript."""

import os
from urllib.parse import urlsplit

import pytest

from tests.browser.helpers import check_accessibility, click_and_wait, sign_in

pytestmark = pytest.mark.browser

RM = "rm.oakfield@oakfield.example"
SHOTS = os.environ.get("SESSION_SHOTS")  # a folder, to keep the account page's screenshots


def test_a_page_opened_before_sign_out_lands_on_sign_in_after_it(contexts, live_server, js, axe_source):
    open_page, checker = contexts
    page = open_page(viewport={"width": 320, "height": 900})
    sign_in(page, live_server, RM)
    tab = page.context.new_page()  # another tab of the same browser
    tab.goto(f"{live_server}/dashboard")
    copy = open_page()  # another browser, given a copy of this one's cookies
    copy.context.add_cookies(page.context.cookies())
    copy.goto(f"{live_server}/dashboard")
    assert urlsplit(copy.url).path == "/dashboard" and urlsplit(tab.url).path == "/dashboard"

    page.goto(f"{live_server}/account")
    cards = page.locator(".govuk-summary-card")
    assert cards.count() >= 1 and "This browser" in cards.first.inner_text()  # the copy is the same session
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert check_accessibility(page, axe_source, checker) == []
    if SHOTS:
        os.makedirs(SHOTS, exist_ok=True)
        page.screenshot(full_page=True, path=os.path.join(SHOTS, f"account-{'js' if js else 'nojs'}.png"))

    click_and_wait(page, "button:has-text('Sign out')")
    assert urlsplit(page.url).path == "/sign-in"
    tab.reload()
    assert urlsplit(tab.url).path == "/sign-in"
    copy.reload()
    assert urlsplit(copy.url).path == "/sign-in"
    assert "This session has ended. Sign in again to continue." in copy.inner_text("main")
    copy.goto(f"{live_server}/account")  # and it stays ended
    assert urlsplit(copy.url).path == "/sign-in"


def test_ending_another_browsers_session_from_the_account_page(contexts, live_server, js, axe_source):
    open_page, checker = contexts
    here = open_page(viewport={"width": 320, "height": 900})
    sign_in(here, live_server, RM)
    here.goto(f"{live_server}/account")
    if here.locator("button:has-text('Sign out of all other browsers')").count():  # earlier tests' sessions
        click_and_wait(here, "button:has-text('Sign out of all other browsers')")
        assert "Every other browser is signed out" in here.inner_text(".govuk-notification-banner")
    there = open_page()
    sign_in(there, live_server, RM)
    here.goto(f"{live_server}/account")
    assert here.locator(".govuk-summary-card").count() == 2
    assert check_accessibility(here, axe_source, checker) == []
    assert here.evaluate("document.documentElement.scrollWidth") <= 320
    if SHOTS:
        here.screenshot(full_page=True, path=os.path.join(SHOTS, f"account-two-{'js' if js else 'nojs'}.png"))
    click_and_wait(here, "button:has-text('End this session')")
    assert urlsplit(here.url).path == "/account"
    assert "is signed out." in here.inner_text(".govuk-notification-banner")
    assert here.locator(".govuk-summary-card").count() == 1
    assert "You are not signed in anywhere else" in here.inner_text("main")
    assert check_accessibility(here, axe_source, checker) == []
    there.reload()
    assert urlsplit(there.url).path == "/sign-in"
    assert "This session was ended from another browser" in there.inner_text("main")
    here.goto(f"{live_server}/dashboard")
    assert urlsplit(here.url).path == "/dashboard"
