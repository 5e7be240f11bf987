"""No cache keeps a confidential file (DESIGN.md convention 9, R-DR-5): every route that sends a
file or a generated document answers ``Cache-Control: private, no-store``, so a browser keeps no
copy on disk once its user has signed out.

The routes are found from the app's URL map, not listed by hand: each GET route is requested with
the access matrix's real objects (tests/test_access.py), as every role allowed to use it, and every
answer that is neither a page (text/html, which portal/core/security.py already marks no-store)
nor a redirect must be private and not stored.

Public routes are the one exception, and only for a published report: the final report as sent,
once its embargo has ended, is open to everyone (R-PUB-1), so a shared cache may keep it for five
minutes (``public, max-age=300``). Any other file or document a public route sends must still be
``private, no-store``; the health check's JSON (``/healthz``, which says only whether the portal
is up) is not a document.
"""

from datetime import timedelta

from portal.core import downloads
from portal.core.access import ACCESS_ATTRIBUTE
from portal.core.clock import as_utc
from tests.inspection_reports.conftest import reports  # noqa: F401  (fixture)
from tests.test_access import ROLE_USERS, objects, routes, url_for_rule  # noqa: F401  (objects: fixture)

PUBLISHED = {"inspection_reports_public.pdf"}
# Routes known to send a file with the access matrix's objects: the walk must reach each of them,
# so it cannot pass by checking nothing.
KNOWN_FILES = {"annex_a_provider.template", "annex_a_provider.version_pdf", "annex_a_inspectorate.version_pdf"}


def _is_a_file(response) -> bool:
    return response.status_code < 300 and response.mimetype not in ("text/html", None, "")


def test_every_confidential_file_is_private_and_not_stored(app, client, login_as, world, objects):  # noqa: F811
    sent, wrong = set(), []
    for rule, view in routes(app):
        allowed = getattr(view, ACCESS_ATTRIBUTE)
        if "GET" not in rule.methods or allowed == "public" or rule.endpoint == "static":
            continue
        url = url_for_rule(rule, objects)
        for role, attribute in ROLE_USERS.items():
            if role not in allowed:
                continue
            login_as(getattr(world, attribute))
            response = client.get(url)
            if not _is_a_file(response):
                continue
            sent.add(rule.endpoint)
            if response.headers.get("Cache-Control") != downloads.PRIVATE:
                wrong.append((rule.endpoint, role.value, response.mimetype, response.headers.get("Cache-Control")))
    assert wrong == []
    assert sent >= KNOWN_FILES, KNOWN_FILES - sent
    assert len(sent) >= 8, sent


def test_public_routes_cache_only_published_reports(app, world, objects):  # noqa: F811
    # The day after the embargo of world.inspection's final report ends, so it is published.
    app.config["FROZEN_NOW"] = as_utc(world.inspection.report.publish_at) + timedelta(days=1)
    stranger, checked = app.test_client(), []
    for rule, view in routes(app):
        if "GET" not in rule.methods or getattr(view, ACCESS_ATTRIBUTE) != "public" or rule.endpoint == "static":
            continue
        response = stranger.get(url_for_rule(rule, objects))
        if not _is_a_file(response) or response.mimetype == "application/json":
            continue
        checked.append(rule.endpoint)
        expected = downloads.PUBLIC if rule.endpoint in PUBLISHED else downloads.PRIVATE
        assert response.headers.get("Cache-Control") == expected, (rule.rule, response.mimetype)
    assert checked == ["inspection_reports_public.pdf"]
