"""The GOV.UK timeout warning: with JavaScript on, a dialog warns before the idle sign-out and
"Stay signed in" keeps the session."""

import pytest

from tests.browser.helpers import axe_violations, sign_in

pytestmark = pytest.mark.browser


def test_timeout_warning_appears_and_stay_signed_in_keeps_the_session(browser, live_server, live_app, axe_source):
    live_app.config["SESSION_WARNING_MINUTES"] = 0.02  # about a second, for the test
    try:
        context = browser.new_context()
        page = context.new_page()
        sign_in(page, live_server, "rm.oakfield@oakfield.example")
        dialog = page.locator("#timeout-warning")
        dialog.wait_for(state="visible", timeout=10_000)
        assert "You’re about to be signed out" in dialog.inner_text()
        assert axe_violations(page, axe_source) == []
        with page.expect_response(lambda r: "/session/keep-alive" in r.url) as keep_alive:
            page.click("#timeout-warning button:has-text('Stay signed in')")
        assert keep_alive.value.status == 204
        assert not page.locator("#timeout-warning").is_visible()
        context.close()
    finally:
        live_app.config["SESSION_WARNING_MINUTES"] = 28
