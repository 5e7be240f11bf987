"""A responsible individual's team in the browser, with JavaScript on and off: the demo RI invites a
registered manager for one setting (meeting the form's errors first), the link is read from the
outbox, the invited person accepts it in a browser of their own, signs in and sees only that
setting; the RI deactivates them, and their open session ends. axe-core finds no violations on any
page of the journey."""

import os
import re
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from portal.core.outbox import OutboxMessage
from portal.extensions import db
from tests.browser.helpers import check_accessibility, click_and_wait, sign_in

pytestmark = pytest.mark.browser

RI = "ri@oakfield.example"
SETTING = "Maple Cottage"
PASSWORD = "maple cottage evenings"
SHOTS = os.environ.get("TEAM_JOURNEY_SHOTS")  # a folder, to keep screenshots of the journey


def shot(page, name: str, js_on: bool) -> None:
    if SHOTS and js_on:
        os.makedirs(SHOTS, exist_ok=True)
        page.screenshot(full_page=True, path=os.path.join(SHOTS, f"{name}.png"))


def invitation_path(live_app, email: str) -> str:
    with live_app.app_context():
        message = db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.recipient == email).order_by(OutboxMessage.id.desc())
        ).first()
        link = re.search(r"https?://\S+/invitations/\S+", message.body).group(0)
    return urlsplit(link).path


def test_invite_accept_and_deactivate(js, contexts, live_server, live_app, axe_source):
    open_page, checker = contexts
    email = f"new.manager.{'js' if js else 'nojs'}@oakfield.example"

    def checked(page):
        assert check_accessibility(page, axe_source, checker) == [], page.url

    ri = open_page()
    sign_in(ri, live_server, RI)
    ri.goto(f"{live_server}/dashboard")
    click_and_wait(ri, "a:has-text('Manage your team')")
    assert ri.locator("h1").inner_text() == "Your team"
    checked(ri)
    shot(ri, "team-list", js)
    click_and_wait(ri, "a:has-text('Invite someone')")
    click_and_wait(ri, "button:has-text('Continue')")
    summary = ri.locator(".govuk-error-summary li").all_inner_texts()
    assert summary == [
        "Enter their full name",
        "Enter their e-mail address",
        "Select registered manager or independent person",
        "Select the settings they work at",
    ]
    assert ri.title().startswith("Error:")
    checked(ri)
    shot(ri, "invite-errors", js)
    ri.fill("#name", "Sam Okafor")
    ri.fill("#email", email)
    ri.check("input[name=role][value=registered_manager]")
    ri.check(f"label:has-text('{SETTING}')")
    click_and_wait(ri, "button:has-text('Continue')")
    assert ri.locator("h1").inner_text() == "Check the invitation before you send it"
    assert SETTING in ri.locator(".govuk-summary-list").inner_text()
    checked(ri)
    shot(ri, "check", js)
    click_and_wait(ri, "button:has-text('Send invitation')")
    assert "Invitation sent" in ri.locator("h1").inner_text()
    checked(ri)

    newcomer = open_page()
    newcomer.goto(live_server + invitation_path(live_app, email))
    assert newcomer.locator("h1").inner_text() == "Join Oakfield Care Group"
    assert SETTING in newcomer.content()
    checked(newcomer)
    shot(newcomer, "accept", js)
    newcomer.fill("#password", PASSWORD)
    newcomer.fill("#confirm", PASSWORD + " typo")
    click_and_wait(newcomer, "button:has-text('Create account')")
    assert "Passwords must match" in newcomer.locator(".govuk-error-summary").inner_text()
    checked(newcomer)
    newcomer.fill("#password", PASSWORD)
    newcomer.fill("#confirm", PASSWORD)
    click_and_wait(newcomer, "button:has-text('Create account')")
    assert urlsplit(newcomer.url).path == "/sign-in"
    newcomer.fill("#email", email)
    newcomer.fill("#password", PASSWORD)
    click_and_wait(newcomer, "button:has-text('Sign in')")
    newcomer.goto(f"{live_server}/dashboard")
    settings = newcomer.locator("table.govuk-table tbody th a").all_inner_texts()
    assert settings == [SETTING]
    checked(newcomer)

    ri.goto(f"{live_server}/provider/team")
    click_and_wait(ri, "a:has-text('Sam Okafor')")
    assert ri.locator("h1").inner_text() == "Sam Okafor"
    checked(ri)
    shot(ri, "member", js)
    click_and_wait(ri, "a:has-text('Deactivate Sam Okafor')")
    assert ri.locator("h1").inner_text() == "Deactivate Sam Okafor"
    checked(ri)
    click_and_wait(ri, "button:has-text('Deactivate')")
    assert "can no longer sign in" in ri.content()
    checked(ri)

    newcomer.goto(f"{live_server}/dashboard")
    assert urlsplit(newcomer.url).path == "/sign-in"
