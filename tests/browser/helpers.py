"""Signing in through the real form, walking pages, and running axe-core on each."""

import time
from urllib.parse import urljoin, urlsplit

from portal.accounts.twofactor import device_cookie_name
from portal.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET

SKIP_PATHS = ("/sign-out", "/static/", "/healthz", "/document", ".pdf")


def click_and_wait(page, selector):
    """Click something that loads a new page, and wait until that page has loaded."""
    with page.expect_navigation(wait_until="load"):
        page.click(selector)


def sign_in(page, base_url, email, remember=True):
    """Sign a demo user in through the form; users whose role needs two-factor enter a code from
    the demo secret and, by default, have the browser remembered.

    A code is entered once per user and live portal: the portal's remembered-browser cookie it
    then sets is kept and given to every later context that signs the same user in there, so the
    password is still checked but no code is needed (and no wait for an unused 30-second step).
    The code path itself is covered by every first sign-in and by the two-factor journey."""
    if remember and (base_url, email) in _REMEMBERED:
        page.context.add_cookies([_REMEMBERED[(base_url, email)]])
    page.goto(f"{base_url}/sign-in")
    page.fill("#email", email)
    page.fill("#password", DEMO_PASSWORD)
    click_and_wait(page, "button:has-text('Sign in')")
    if urlsplit(page.url).path == "/sign-in/code":
        before = {cookie["name"]: cookie["value"] for cookie in page.context.cookies(base_url)}
        page.fill("#code", demo_code(email))
        if remember:
            page.check("#remember")
        click_and_wait(page, "button:has-text('Continue')")
        if remember:
            _keep_remembered_browser(page, base_url, email, before)
    assert "/sign-in" not in page.url, f"sign-in failed for {email}"


_REMEMBERED = {}  # (base_url, email) -> the remembered-browser cookie the portal set for them


def _keep_remembered_browser(page, base_url, email, before):
    for cookie in page.context.cookies(base_url):
        if cookie["name"].startswith(device_cookie_name("")) and before.get(cookie["name"]) != cookie["value"]:
            _REMEMBERED[(base_url, email)] = cookie


_LAST_STEP = {}


def fresh_code(secret, key):
    """A code the portal has not yet seen from ``key``'s user: a step is accepted once, so when
    this user's current step (and the next, which the portal accepts for clocks running a little
    fast) were used already, wait for a later one rather than reuse it."""
    import pyotp

    step = max(int(time.time()) // 30, _LAST_STEP.get(key, -1) + 1)
    while step > int(time.time()) // 30 + 1:
        time.sleep(1)
    _LAST_STEP[key] = step
    return pyotp.TOTP(secret).at(step * 30)


def demo_code(email):
    return fresh_code(DEMO_TOTP_SECRET, email)


def axe_violations(page, axe_source):
    """Run axe-core in the page (evaluated, so the page's CSP is not weakened for the test). Pages
    of the ``browser`` fixture's contexts have it already (chromium.AxeReadyBrowser)."""
    if page.evaluate("typeof axe === 'undefined'"):
        page.evaluate(axe_source)
    result = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    return [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in result]


def axe_violations_of_html(checker, url, html, axe_source):
    """axe-core on a page as it was rendered without JavaScript.

    JavaScript cannot run in a page whose context has it switched off, so the HTML that page
    received is served again, scripts removed, to ``checker`` (a page with JavaScript on) at the
    same URL, so its stylesheets load as before.
    """
    import re

    static = re.sub(r"<script\b[^>]*>.*?</script>", "", html, flags=re.DOTALL)
    checker.route(url, lambda route: route.fulfill(status=200, content_type="text/html", body=static))
    try:
        checker.goto(url)
        return axe_violations(checker, axe_source)
    finally:
        checker.unroute(url)


def same_site_links(page, base_url):
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    links = []
    for href in hrefs:
        url = urljoin(page.url, href).split("#")[0]
        if urlsplit(url).netloc == urlsplit(base_url).netloc and not any(p in url for p in SKIP_PATHS):
            links.append(url)
    return links


def check_accessibility(page, axe_source, checker=None):
    """axe-core on ``page``; pass ``checker`` when ``page`` has JavaScript off."""
    if checker is None:
        return axe_violations(page, axe_source)
    # Routes match the request's URL, which never carries the #fragment.
    return axe_violations_of_html(checker, page.url.split("#")[0], page.content(), axe_source)


def walk(page, base_url, start, axe_source, limit=25, checker=None):
    """Visit every page reachable by links from ``start`` (up to ``limit``); axe-check each."""
    seen, queue, problems = set(), [start], {}
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = page.goto(url)
        assert response.status < 500, f"{url} answered {response.status}"
        violations = check_accessibility(page, axe_source, checker)
        if violations:
            problems[url] = violations
        queue.extend(link for link in same_site_links(page, base_url) if link not in seen)
    return seen, problems


def lead_of(live_app, name: str) -> str:
    """The e-mail of whoever owns the setting's alerts and findings now (the lead of its latest
    inspection): other journeys on the same live portal may have added inspections since the demo."""
    from sqlalchemy import select

    from portal.extensions import db
    from portal.inspections import ownership
    from portal.providers.models import Setting

    with live_app.app_context():
        setting = db.session.scalar(select(Setting).where(Setting.name == name))
        return ownership.responsible_inspectors(setting)[0].email
