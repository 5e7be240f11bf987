"""An inspector new to the portal sets up two-factor sign-in, saves recovery codes, signs in with
a code and remembers the browser, signs in without a code, then with a recovery code; with
JavaScript on and off, axe-core clean on every page."""

from pathlib import Path

import pytest

from portal.accounts.models import User
from portal.accounts.passwords import hash_password
from portal.accounts.roles import Role
from portal.core import clock
from portal.demo import DEMO_PASSWORD
from portal.extensions import db
from tests.browser.helpers import check_accessibility, click_and_wait, fresh_code

pytestmark = pytest.mark.browser
SCREENSHOTS = Path("/tmp/two-factor-screens")


@pytest.fixture(params=[True, False], ids=["js-on", "js-off"])
def journey(request, browser, live_app):
    email = f"new.inspector.{request.node.callspec.id}@inspectorate.example"
    with live_app.app_context():
        if db.session.query(User).filter_by(email=email).first() is None:
            db.session.add(
                User(
                    email=email,
                    name="Sam Newton",
                    role=Role.INSPECTOR.value,
                    active=True,
                    password_hash=hash_password(DEMO_PASSWORD),
                    created_at=clock.now(),
                )
            )
            db.session.commit()
    context = browser.new_context(java_script_enabled=request.param)
    page = context.new_page()
    checker = None if request.param else browser.new_context().new_page()
    yield page, checker, email, request.node.callspec.id
    context.close()
    if checker:
        checker.context.close()


def enter_password(page, base_url, email):
    page.goto(f"{base_url}/sign-in")
    page.fill("#email", email)
    page.fill("#password", DEMO_PASSWORD)
    click_and_wait(page, "button:has-text('Sign in')")


def sign_out(page):
    click_and_wait(page, "button:has-text('Sign out')")
    assert "/sign-in" in page.url


def test_two_factor_journey(journey, live_server, axe_source):
    page, checker, email, variant = journey
    SCREENSHOTS.mkdir(exist_ok=True)

    enter_password(page, live_server, email)
    assert page.url.endswith("/sign-in/set-up")
    assert page.locator("h1").inner_text() == "Set up two-factor sign-in"
    assert page.locator("svg[role=img] title").count() == 1
    assert check_accessibility(page, axe_source, checker) == []
    page.screenshot(path=SCREENSHOTS / f"set-up-{variant}.png", full_page=True)

    click_and_wait(page, "button:has-text('Turn on two-factor sign-in')")
    assert "There is a problem" in page.content() and "Enter the 6-digit code" in page.content()
    assert check_accessibility(page, axe_source, checker) == []

    secret = page.inner_text("#secret-key").replace(" ", "")
    page.fill("#code", fresh_code(secret, email))
    click_and_wait(page, "button:has-text('Turn on two-factor sign-in')")
    assert page.locator("h1").inner_text() == "Save your recovery codes"
    codes = page.locator(".app-recovery-code").all_inner_texts()
    assert len(codes) == 10 and len(set(codes)) == 10
    assert check_accessibility(page, axe_source, checker) == []
    page.screenshot(path=SCREENSHOTS / f"recovery-codes-{variant}.png", full_page=True)
    click_and_wait(page, "button:has-text('I have saved my recovery codes')")
    assert "/sign-in" not in page.url

    click_and_wait(page, "a:has-text('Your account')")
    assert "On since" in page.content() and "cannot be turned off" in page.content()
    assert check_accessibility(page, axe_source, checker) == []
    sign_out(page)

    enter_password(page, live_server, email)
    assert page.url.endswith("/sign-in/code")
    assert check_accessibility(page, axe_source, checker) == []
    page.screenshot(path=SCREENSHOTS / f"code-{variant}.png", full_page=True)
    page.fill("#code", "000000")
    click_and_wait(page, "button:has-text('Continue')")
    assert "The code is not correct" in page.content()
    assert check_accessibility(page, axe_source, checker) == []
    page.fill("#code", fresh_code(secret, email))
    page.check("#remember")
    click_and_wait(page, "button:has-text('Continue')")
    assert "/sign-in" not in page.url
    sign_out(page)

    enter_password(page, live_server, email)
    assert "/sign-in" not in page.url  # remembered: no code asked
    click_and_wait(page, "a:has-text('Your account')")
    assert "Forget all remembered browsers" in page.content()
    page.screenshot(path=SCREENSHOTS / f"account-{variant}.png", full_page=True)
    assert check_accessibility(page, axe_source, checker) == []
    click_and_wait(page, "button:has-text('Forget all remembered browsers')")
    assert "Every browser will ask for a code" in page.content()
    sign_out(page)

    enter_password(page, live_server, email)
    assert page.url.endswith("/sign-in/code")
    click_and_wait(page, "a:has-text('Use a recovery code instead')")
    assert check_accessibility(page, axe_source, checker) == []
    page.fill("#recovery_code", codes[0])
    click_and_wait(page, "button:has-text('Continue')")
    assert "/sign-in" not in page.url and "You have 9 left" in page.content()
    assert check_accessibility(page, axe_source, checker) == []
