"""Slow clients cannot exhaust the workers behind the shipped nginx configuration (DESIGN.md convention 9).

deploy/nginx/portal.conf, rendered as docs/PRODUCTION.md says, runs here in front of the repo's
gunicorn.conf.py with one worker of two threads. 32 clients dribbling a POST to /sign-in a byte a
second (eight of them dribbling the headers themselves) leave the sign-in page and a static file
answered within a second each; the header dribblers are cut off by client_header_timeout; none of
their requests reaches gunicorn; a 20 MB upload still arrives whole. Without nginx, eight such
clients leave the same gunicorn answering nobody. The bound of a second is what a person waits for
a page, not a benchmark.
"""

import re
import time

import pytest
import requests
from bs4 import BeautifulSoup

from portal import create_app
from portal.core import uploads
from portal.core.templating import asset_names
from portal.extensions import db
from tests.multiprocess import nginx_stack
from tests.multiprocess.nginx_stack import SERVER_NAME, nginx_and_gunicorn, slow_sign_ins, status_before_body, timed_get

pytestmark = [
    pytest.mark.nginx,
    pytest.mark.skipif(
        nginx_stack.find_nginx() is None,
        reason="nginx is not installed: `make chromium` installs Debian's nginx package",
    ),
]

MiB = 1024 * 1024
SLOW_CLIENTS, HEADER_DRIBBLERS = 32, 8
HEADER_TIMEOUT = 10  # client_header_timeout in deploy/nginx/portal.conf
PROBLEM = "There is a problem"
SECRET = "Zq3-x_9aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789ab"


@pytest.fixture(scope="module")
def portal_app(tmp_path_factory):
    """An SQLite database with every table (made as the suite's schema is), and the app's routes.
    SQLite whatever TEST_DATABASE_URL says: what is tested here is the proxy, not the database."""
    folder = tmp_path_factory.mktemp("nginx")
    url = f"sqlite:///{folder / 'portal.db'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "schema"})
    with app.app_context():
        db.create_all()
        db.engine.dispose()
    return app, folder, url


@pytest.fixture(scope="module")
def stack(portal_app):
    _app, folder, url = portal_app
    with nginx_and_gunicorn(folder, url, threads=2) as running:
        yield running


def sign_in_posts(stack) -> int:
    return stack.read(stack.gunicorn_access_log).count('"POST /sign-in"')


def test_normal_requests_are_answered_within_a_second_while_32_clients_dribble(stack):
    tls, posts_before = stack.tls_context(), sign_in_posts(stack)
    clients = slow_sign_ins(stack.https_port, SLOW_CLIENTS, HEADER_DRIBBLERS, tls)
    header_dribblers, body_dribblers = clients[:HEADER_DRIBBLERS], clients[HEADER_DRIBBLERS:]
    latencies = []
    try:
        deadline = time.monotonic() + HEADER_TIMEOUT + 4
        while time.monotonic() < deadline and any(c.open for c in header_dribblers):
            for client in clients:
                client.tick()
            for path in ("/sign-in", "/static/js/portal.mjs"):
                try:
                    seconds, response = timed_get(stack.https + path, verify=str(stack.certificate), timeout=3)
                except requests.Timeout:
                    pytest.fail(f"GET {path} had no answer within 3 s while {SLOW_CLIENTS} clients dribbled")
                assert response.status_code == 200, (path, response.status_code)
                latencies.append((round(seconds, 3), path))
            time.sleep(max(0.0, 1 - (time.monotonic() - clients[-1].started) % 1))
        for client in clients:
            client.tick()
    finally:
        for client in clients:
            client.close()

    closures = [(round(c.closed_at - c.started, 1), repr(c.error)) for c in clients if not c.open]
    assert len(latencies) >= HEADER_TIMEOUT, (latencies, closures)  # a request a second or so throughout
    assert all(seconds < 1 for seconds, _path in latencies), sorted(latencies, reverse=True)[:5]
    # The header dribblers were dropped by nginx once client_header_timeout had passed, unanswered...
    assert all(not c.open and c.answer == b"" for c in header_dribblers), closures
    assert all(HEADER_TIMEOUT - 1 <= c.closed_at - c.started <= HEADER_TIMEOUT + 3 for c in header_dribblers), closures
    # ...while a body that keeps coming, however slowly, is still being taken in.
    assert all(c.open for c in body_dribblers), closures
    time.sleep(0.5)
    assert sign_in_posts(stack) == posts_before, "nginx passed an unfinished request to gunicorn"


def logged_line(stack, text: str) -> str:
    """The last line of nginx's access log holding ``text`` (written once the answer has gone)."""
    deadline = time.monotonic() + 5
    while True:
        lines = [line for line in stack.read(stack.nginx_access_log).splitlines() if text in line]
        if lines or time.monotonic() > deadline:
            assert lines, f"no {text} in nginx's access log"
            return lines[-1]
        time.sleep(0.1)


def multipart(fields: list[tuple[str, str | bytes]], boundary: str = "portal-test-boundary") -> tuple[bytes, str]:
    """A form body with its parts in this order (bytes values are sent as files)."""
    body = b""
    for name, value in fields:
        if isinstance(value, bytes):
            body += (
                (
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{name}.bin"\r\n'
                    "Content-Type: application/octet-stream\r\n\r\n"
                ).encode()
                + value
                + b"\r\n"
            )
        else:
            body += f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
    return body + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def test_a_20_mb_upload_arrives_whole(stack):
    """A 20 MB file goes through nginx to the portal, which reads it to its very last part: the
    CSRF token after the file is accepted and the form answers with its own error summary."""
    browser, verify = requests.Session(), str(stack.certificate)  # per request: REQUESTS_CA_BUNDLE beats Session.verify
    page = browser.get(stack.https + "/sign-in", timeout=10, verify=verify)
    token = BeautifulSoup(page.text, "html.parser").find("input", {"name": "csrf_token"})["value"]
    body, content_type = multipart(
        [
            ("document", b"%PDF" + b"x" * (uploads.MAX_DOCUMENT_BYTES - 4)),
            ("email", "nobody@example.org"),
            ("password", "not the password"),
            ("csrf_token", token),
        ]
    )
    response = browser.post(
        stack.https + "/sign-in",
        data=body,
        timeout=60,
        verify=verify,
        headers={"Content-Type": content_type, "Referer": stack.https + "/sign-in"},
    )

    assert response.status_code == 200, response.text[:1000]
    assert PROBLEM in response.text and "nonce-" in response.headers["Content-Security-Policy"]
    assert int(re.search(r"in:(\d+)", logged_line(stack, '"POST /sign-in" 200')).group(1)) > uploads.MAX_DOCUMENT_BYTES


def body_limits(app) -> list[tuple[str, int]]:
    """Every route that accepts more than the default, as a path, and the bytes it accepts."""
    limits = [("/sign-in", app.config["MAX_CONTENT_LENGTH"])]
    for rule in app.url_map.iter_rules():
        limit = getattr(app.view_functions[rule.endpoint], "max_request_bytes", None)
        if limit and "POST" in rule.methods:
            limits.append((re.sub(r"<(?:\w+:)?\w+>", "1", rule.rule), limit))
    return limits


def test_each_route_may_send_what_the_portal_accepts_and_at_most_1_mib_more(stack, portal_app):
    """client_max_body_size matches the portal's limits route by route (request_size.accepts_up_to):
    nginx never cuts off a body the portal would take, and refuses one far beyond it before it is sent."""
    app, tls = portal_app[0], stack.tls_context()
    limits = body_limits(app)
    assert len(limits) > 5, limits
    answers = {
        (path, limit): (
            status_before_body(stack.https_port, tls, path, limit),
            status_before_body(stack.https_port, tls, path, limit + MiB + 1),
        )
        for path, limit in limits
    }
    assert all(within == b"HTTP/1.1 100 Continue" for within, _ in answers.values()), answers
    assert all(beyond.startswith(b"HTTP/1.1 413") for _, beyond in answers.values()), answers


def test_the_portal_is_told_the_client_address_and_logs_hide_one_time_links(stack):
    forged = "203.0.113.7"
    _, response = timed_get(
        stack.https + "/healthz", verify=str(stack.certificate), headers={"X-Forwarded-For": forged}
    )
    assert response.status_code == 200
    for path in (f"/password-reset/{SECRET}", f"/invitations/{SECRET}?from=mail", "/password-reset/sent"):
        timed_get(
            stack.https + path,
            verify=str(stack.certificate),
            headers={"Referer": f"https://{SERVER_NAME}/password-reset/{SECRET}"},
        )
    logged_line(stack, '"GET /password-reset/sent"')  # the last of them, so all are logged by now

    gunicorn_log = stack.read(stack.gunicorn_access_log)
    assert re.search(r'^127\.0\.0\.1 127\.0\.0\.1 "GET /healthz" 200', gunicorn_log, re.M), gunicorn_log[-2000:]
    assert forged not in gunicorn_log  # TRUSTED_PROXY_COUNT=1 reads the address nginx wrote
    nginx_log = stack.read(stack.nginx_access_log)
    assert SECRET not in nginx_log and "?from=mail" not in nginx_log
    assert '"GET /password-reset/[hidden]"' in nginx_log and '"GET /invitations/[hidden]"' in nginx_log
    assert '"GET /password-reset/sent"' in nginx_log

    plain = requests.get(f"http://127.0.0.1:{stack.http_port}/sign-in?next=/account", allow_redirects=False, timeout=10)
    assert plain.status_code == 301 and plain.headers["Location"] == f"https://{SERVER_NAME}/sign-in?next=/account"


def test_static_files_are_compressed_and_only_fingerprinted_ones_are_kept_for_a_year(stack):
    # The stylesheet the pages link, under the name the asset build gave it (static/dist/manifest.json).
    fingerprinted = asset_names(str(stack.static))["dist/portal.css"]
    verify = str(stack.certificate)

    _, script = timed_get(stack.https + "/static/js/portal.mjs", verify=verify)
    _, kept = timed_get(stack.https + f"/static/{fingerprinted}", verify=verify)
    _, plain = timed_get(stack.https + "/static/dist/portal.css", verify=verify)
    _, again = timed_get(
        stack.https + "/static/js/portal.mjs", verify=verify, headers={"If-None-Match": script.headers["ETag"]}
    )

    assert script.headers["Content-Type"] == "text/javascript"  # a module script of any other type is refused
    assert script.headers["Content-Encoding"] == "gzip" and kept.headers["Content-Encoding"] == "gzip"
    assert kept.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert script.headers["Cache-Control"] == plain.headers["Cache-Control"] == "no-cache"
    assert again.status_code == 304
    assert all(r.headers["X-Content-Type-Options"] == "nosniff" for r in (script, kept, plain))
    _, page = timed_get(stack.https + "/sign-in", verify=verify)
    assert "Content-Encoding" not in page.headers  # pages are not compressed (BREACH)


def test_without_nginx_eight_slow_clients_leave_gunicorn_answering_nobody(stack):
    """Why the proxy is required: gunicorn's threads wait on the slow clients themselves, and its
    timeout does not end them (a gthread worker's main loop keeps telling the arbiter it is alive)."""
    clients = slow_sign_ins(stack.gunicorn_port, 8, 2)
    try:
        time.sleep(0.5)
        for client in clients:
            client.tick()
        with pytest.raises(requests.Timeout):
            requests.get(stack.direct + "/sign-in", timeout=1.5)
        assert all(c.open for c in clients)
    finally:
        for client in clients:
            client.close()
    # Once they go, gunicorn answers again.
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            if requests.get(stack.direct + "/healthz", timeout=2).ok:
                break
        except requests.RequestException:
            pass
    else:
        pytest.fail("gunicorn did not recover after the slow clients left")
