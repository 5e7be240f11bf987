"""Sign-in, sign-out, throttling (more in test_sign_in_throttle.py), idle timeout and password reset."""

import re
from datetime import timedelta

from sqlalchemy import select

from portal import create_app
from portal.accounts.models import PasswordResetToken
from portal.core.audit import AuditEvent
from portal.core.outbox import OutboxMessage
from tests.conftest import PASSWORD, CheckedClient


def sign_in(client, email, password=PASSWORD, **kwargs):
    return client.post("/sign-in", data={"email": email, "password": password}, **kwargs)


def test_sign_in_and_out(client, world, db):
    response = sign_in(client, world.rm.email.upper())
    assert response.status_code == 302 and response.location == "/"
    assert client.get("/dashboard").status_code == 200
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "signed_in")).actor_id == world.rm.id
    client.post("/sign-out")
    assert client.get("/dashboard").status_code == 302


def test_session_cookie_is_secure_httponly_lax(client, world):
    response = sign_in(client, world.rm.email)
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_wrong_password_and_unknown_email_get_the_same_message(client, world):
    wrong = sign_in(client, world.rm.email, "not the password")
    unknown = sign_in(client, "nobody@example.com", "not the password")
    assert wrong.status_code == unknown.status_code == 200
    message = "Enter a correct e-mail address and password"
    assert message in wrong.get_data(as_text=True) and message in unknown.get_data(as_text=True)
    assert "<title>Error: Sign in" in wrong.get_data(as_text=True)


def test_empty_form_gets_govuk_errors(client):
    page = client.post("/sign-in", data={}).get_data(as_text=True)
    assert "There is a problem" in page
    assert "Enter your e-mail address" in page and "Enter your password" in page


def test_repeated_failures_slow_the_address_whether_or_not_the_account_exists(app, client, world):
    """After 3 failures each try waits (1 s, then 2 s, …), for a real address as for an unknown
    one; other addresses are unaffected, and once the wait is over the right password works.
    (It was a 15-minute lock of the address after 5 failures from anyone: accounts/throttle.py.)"""
    for email in (world.rm.email, "ghost@example.com"):
        for _ in range(3):
            sign_in(client, email, "wrong password")
        waiting = sign_in(client, email).get_data(as_text=True)  # even the right password is refused now
        assert "too many times. Wait 1 second before trying again." in waiting
    assert sign_in(client, world.ri.email).status_code == 302  # other addresses are unaffected
    client.post("/sign-out")
    app.config["FROZEN_NOW"] += timedelta(seconds=1)
    assert sign_in(client, world.rm.email).status_code == 302


def test_sign_in_is_rate_limited_per_client(app, world):
    limited = create_app(
        {
            key: app.config[key]
            for key in ("TESTING", "SQLALCHEMY_DATABASE_URI", "SECRET_KEY", "FROZEN_NOW", "_TEST_CSRF")
        }
        | {"RATELIMIT_ENABLED": True}
    )
    limited.test_client_class = CheckedClient
    client = limited.test_client()
    statuses = [sign_in(client, "ghost@example.com", "x").status_code for _ in range(21)]
    assert statuses[:20] == [200] * 20 and statuses[20] == 429


def test_next_only_goes_to_local_pages(client, world):
    assert sign_in(client, world.rm.email, query_string={"next": "https://evil.example/"}).location == "/"
    client.post("/sign-out")
    assert sign_in(client, world.rm.email, query_string={"next": "//evil.example"}).location == "/"
    client.post("/sign-out")
    assert sign_in(client, world.rm.email, query_string={"next": "/dashboard"}).location == "/dashboard"


def test_deactivated_user_cannot_sign_in(client, world, db):
    world.rm.active = False
    db.session.commit()
    assert sign_in(client, world.rm.email).status_code == 200


def test_idle_session_ends_after_30_minutes(app, client, login_as, world):
    login_as(world.rm)
    app.config["FROZEN_NOW"] += timedelta(minutes=29)
    assert client.get("/dashboard").status_code == 200  # activity refreshes the session
    app.config["FROZEN_NOW"] += timedelta(minutes=29)
    assert client.get("/dashboard").status_code == 200
    app.config["FROZEN_NOW"] += timedelta(minutes=31)
    response = client.get("/dashboard")
    assert response.status_code == 302 and response.location.startswith("/sign-in")
    page = client.get(response.location).get_data(as_text=True)
    assert "signed out because you had not done anything for 30 minutes" in page


def test_timeout_warning_is_on_signed_in_pages(client, login_as, world):
    login_as(world.rm)
    page = client.get("/dashboard").get_data(as_text=True)
    assert 'id="timeout-warning"' in page and 'data-warning-minutes="28"' in page


def test_keep_alive_refreshes_the_session(app, client, login_as, world):
    login_as(world.rm)
    app.config["FROZEN_NOW"] += timedelta(minutes=29)
    assert client.post("/session/keep-alive", headers={"HX-Request": "true"}).status_code == 204
    app.config["FROZEN_NOW"] += timedelta(minutes=29)
    assert client.get("/dashboard").status_code == 200


def ask_reset(client, email):
    """Ask for a link. The work is done once the answer has gone (services.ask_for_password_reset),
    which the test client marks by closing the response."""
    response = client.post("/password-reset", data={"email": email})
    response.close()
    return response


def reset_link(db, email):
    message = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.recipient == email).order_by(OutboxMessage.id.desc())
    ).first()
    return re.search(r"http://[^/]+(/password-reset/\S+)", message.body).group(1)


def test_password_reset_by_one_time_link(app, client, world, db):
    response = ask_reset(client, world.rm.email)
    assert response.location == "/password-reset/sent"
    path = reset_link(db, world.rm.email)
    assert client.get(path).status_code == 200
    short = client.post(path, data={"password": "short", "confirm": "short"}).get_data(as_text=True)
    assert "Password must be 12 characters or more" in short
    new = "a much longer new passphrase"
    assert client.post(path, data={"password": new, "confirm": new}).location == "/sign-in"
    assert sign_in(client, world.rm.email, new).status_code == 302
    client.post("/sign-out")
    assert client.get(path).status_code == 404  # used once only
    assert "expired or has been used" in client.post(path, data={"password": new, "confirm": new}).get_data(
        as_text=True
    )


def test_password_reset_link_expires(app, client, world, db):
    ask_reset(client, world.rm.email)
    path = reset_link(db, world.rm.email)
    app.config["FROZEN_NOW"] += timedelta(minutes=61)
    assert client.get(path).status_code == 404


def test_password_reset_says_nothing_about_unknown_addresses(client, world, db):
    known = client.post("/password-reset", data={"email": world.rm.email}, follow_redirects=True)
    unknown = client.post("/password-reset", data={"email": "ghost@example.com"}, follow_redirects=True)
    main = lambda r: r.get_data(as_text=True).split("<main", 1)[1].split("</main>", 1)[0]  # noqa: E731
    assert main(known) == main(unknown)
    assert known.status_code == unknown.status_code == 200
    assert db.session.scalar(select(PasswordResetToken).where(PasswordResetToken.user_id == world.rm.id))
    assert db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == "ghost@example.com")).all() == []


def test_password_reset_email_is_validated(client):
    page = client.post("/password-reset", data={"email": "not-an-email"}).get_data(as_text=True)
    assert "Enter an e-mail address in the correct format" in page


def test_outbox_view_hides_reset_links(client, login_as, world, db):
    ask_reset(client, world.rm.email)
    message = db.session.scalars(select(OutboxMessage)).first()
    login_as(world.manager)
    page = client.get(f"/inspectorate/outbox/{message.id}").get_data(as_text=True)
    assert "/password-reset/" not in page and "its text is not shown" in page


def test_keep_alive_without_javascript_returns_to_the_page(client, login_as, world):
    login_as(world.rm)
    response = client.post("/session/keep-alive", data={"next": "/dashboard"})
    assert response.status_code == 302 and response.location == "/dashboard"
    evil = client.post("/session/keep-alive", data={"next": "https://evil.example/"})
    assert evil.location == "/"


def test_a_reset_link_is_e_mailed_after_the_answer_so_its_time_says_nothing(app, client, world, db, monkeypatch):
    """Sending over SMTP takes a while: done before answering, a slow answer would tell anyone
    that the address has an account. The answer goes first, the e-mail straight after it."""
    from portal.core import outbox

    sent = []
    monkeypatch.setattr(outbox, "deliver_now", lambda message, config, now, timeout=10: sent.append(message.id))
    app.config["SMTP_HOST"] = "127.0.0.1"
    response = client.post("/password-reset", data={"email": world.rm.email})
    assert response.location == "/password-reset/sent" and sent == []
    response.close()
    assert len(sent) == 1
    unknown = client.post("/password-reset", data={"email": "ghost@example.com"})
    unknown.close()
    assert len(sent) == 1
