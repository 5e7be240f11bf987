"""Every demo role signs in and walks the pages they can reach, with JavaScript on and off;
axe-core finds no violations on any of them (DESIGN.md "Tests")."""

import pytest

from tests.browser.helpers import check_accessibility, click_and_wait, sign_in, walk

pytestmark = pytest.mark.browser

ROLES = {
    "responsible individual": "ri@oakfield.example",
    "registered manager": "rm.oakfield@oakfield.example",
    "independent person": "visitor@oakfield.example",
    "inspector": "inspector.shah@inspectorate.example",
    "inspectorate manager": "manager@inspectorate.example",
}


@pytest.fixture(params=[True, False], ids=["js-on", "js-off"])
def page(request, browser):
    context = browser.new_context(java_script_enabled=request.param)
    page = context.new_page()
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.csp_errors = errors
    page.checker = None
    if not request.param:
        checker_context = browser.new_context()
        page.checker = checker_context.new_page()
    yield page
    context.close()
    if page.checker:
        page.checker.context.close()


def test_sign_in_page_is_accessible(page, live_server, axe_source):
    page.goto(f"{live_server}/sign-in")
    assert check_accessibility(page, axe_source, page.checker) == []
    click_and_wait(page, "button:has-text('Sign in')")
    assert "There is a problem" in page.content()
    assert check_accessibility(page, axe_source, page.checker) == []


@pytest.mark.parametrize("role", ROLES)
def test_each_role_walks_their_pages(page, live_server, axe_source, role):
    sign_in(page, live_server, ROLES[role])
    seen, problems = walk(page, live_server, page.url, axe_source, checker=page.checker)
    assert problems == {}, problems
    assert len(seen) >= 2 if role != "independent person" else len(seen) >= 1
    assert not [e for e in page.csp_errors if "Content Security Policy" in e]
