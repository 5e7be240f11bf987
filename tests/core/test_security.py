"""Security headers, friendly error pages, CSRF expiry (DESIGN.md convention 9)."""

import re

from sqlalchemy import select

from portal.core.audit import AuditEvent, AuditIsAppendOnly, record
from tests.conftest import FROZEN


def test_security_headers_on_every_page(client):
    response = client.get("/sign-in")
    csp = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert re.search(r"script-src 'self' 'nonce-[\w-]+'", csp)
    assert "frame-ancestors 'none'" in csp
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_nonce_changes_every_request(client):
    nonce = lambda: re.search(r"'nonce-([\w-]+)'", client.get("/sign-in").headers["Content-Security-Policy"]).group(1)  # noqa: E731
    assert nonce() != nonce()


def test_no_gov_uk_branding(client):
    page = client.get("/sign-in").get_data(as_text=True)
    assert "GOV.UK" not in page and "govuk-logo" not in page and "crown" not in page.lower()


def test_assets_are_self_hosted(client):
    page = client.get("/sign-in").get_data(as_text=True)
    for src in re.findall(r'(?:src|href)="([^"]+)"', page):
        assert not src.startswith("http"), src
    assert client.get("/static/vendor/htmx.min.js").status_code == 200
    css = client.get("/static/dist/portal.css").get_data(as_text=True)
    assert "GDS Transport" not in css and "system-ui" in css


def test_expired_csrf_token_gets_a_friendly_page(client):
    response = client.post("/sign-in", data={"email": "a@b.c", "password": "x", "csrf_token": "expired"}, csrf=False)
    assert response.status_code == 400
    assert "Your form has expired" in response.get_data(as_text=True)


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404 and "Page not found" in response.get_data(as_text=True)


def test_database_down_gives_a_503_page(app, client, monkeypatch):
    from sqlalchemy.exc import OperationalError

    from portal.site import views

    def broken(*_args, **_kwargs):
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    monkeypatch.setattr(views.db.session, "execute", broken)
    response = client.get("/healthz")
    assert response.status_code == 503 and "unavailable" in response.get_data(as_text=True)


def test_audit_events_cannot_be_changed_or_deleted(db, world):
    event = record(world.rm, "something", world.home, FROZEN, after={"x": 1})
    db.session.commit()
    event.action = "rewritten"
    try:
        db.session.commit()
        raise AssertionError("an audit event was changed")
    except AuditIsAppendOnly:
        db.session.rollback()
    db.session.delete(db.session.scalar(select(AuditEvent)))
    try:
        db.session.commit()
        raise AssertionError("an audit event was deleted")
    except AuditIsAppendOnly:
        db.session.rollback()
    assert db.session.scalar(select(AuditEvent)).action == "something"


def test_requests_know_htmx_whatever_wraps_them(app):
    """htmx-flask's ``request.htmx`` survives the request classes the uploads and form parts add."""
    from htmx_flask.requests import HtmxAwareRequest

    assert issubclass(app.request_class, HtmxAwareRequest)
    with app.test_request_context("/", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}):
        from portal.core import htmx

        assert htmx.is_htmx() and not htmx.wants_fragment()
    with app.test_request_context("/", headers={"HX-Request": "true"}):
        assert htmx.is_htmx() and htmx.wants_fragment()
    with app.test_request_context("/"):
        assert not htmx.is_htmx() and not htmx.wants_fragment()
