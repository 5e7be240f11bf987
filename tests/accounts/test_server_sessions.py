"""Sessions that end on the server (issue 15, DESIGN.md convention 9): signing out, a password or
two-factor reset, deactivation, ending it from another browser, the absolute lifetime and idleness
each end a session for good, so a copy of its cookie taken before is refused at once."""

from datetime import timedelta

from sqlalchemy import func, select

from portal.accounts import services, session_records, twofactor
from portal.accounts.models import PasswordResetToken
from portal.accounts.session_records import UserSession
from portal.core.audit import AuditEvent
from portal.providers import team
from tests.conftest import FROZEN, PASSWORD

COOKIE = "portal_session"
CHROME = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
)
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.5 Mobile/15E148 Safari/604.1"
)


def row_counts(db) -> dict[str, int]:
    return {
        table.name: db.session.scalar(select(func.count()).select_from(table)) for table in db.metadata.sorted_tables
    }


def at(app, **delta):
    app.config["FROZEN_NOW"] = FROZEN + timedelta(**delta)
    return app.config["FROZEN_NOW"]


def sign_in(app, user, agent=CHROME):
    """A real sign-in through the form, in a browser of its own."""
    browser = app.test_client()
    response = browser.post("/sign-in", data={"email": user.email, "password": PASSWORD}, headers={"User-Agent": agent})
    assert response.status_code == 302 and "/sign-in" not in response.location
    return browser


def copy_of(app, browser):
    """Another client holding a copy of ``browser``'s session cookie, as a thief would."""
    thief = app.test_client()
    thief.set_cookie(COOKIE, browser.get_cookie(COOKIE).value)
    return thief


def assert_refused(browser, message):
    response = browser.get("/dashboard")
    assert response.status_code == 302 and response.location.startswith("/sign-in"), response.location
    page = browser.get(response.location).get_data(as_text=True)
    assert message in page
    again = browser.get("/dashboard")  # and it stays refused
    assert again.status_code == 302 and again.location.startswith("/sign-in")


def test_a_cookie_copied_before_sign_out_is_refused_after_it(app, world):
    browser = sign_in(app, world.rm)
    thief = copy_of(app, browser)
    assert thief.get("/dashboard").status_code == 200
    assert browser.post("/sign-out").location == "/sign-in"
    assert_refused(thief, "This session has ended. Sign in again to continue.")
    record = UserSession.query.one()
    assert record.ended_reason == session_records.SIGNED_OUT and record.ended_at == FROZEN


def test_a_cookie_without_a_session_record_is_refused(app, world, client):
    """A cookie signed before sessions had records (or whose record is gone) is not a session."""
    with client.session_transaction() as session:
        session.update(
            {
                "_user_id": str(world.rm.id),
                "_fresh": True,
                "last_seen": FROZEN.timestamp(),
                "signed_in_at": FROZEN.timestamp(),
                "second_factor": "done",
            }
        )
    assert_refused(client, "This session has ended")


def test_a_session_key_of_another_user_is_refused(app, world, client, login_as):
    login_as(world.ri)
    with client.session_transaction() as session:
        ri_key = session["session_key"]
    login_as(world.rm)
    with client.session_transaction() as session:
        session["session_key"] = ri_key
    assert_refused(client, "This session has ended")
    assert UserSession.query.filter_by(user_id=world.ri.id).one().ended_at is None  # not the cookie's to end


def test_a_password_reset_ends_every_session_of_the_user(app, world, db):
    browser, phone = sign_in(app, world.rm), sign_in(app, world.rm, IPHONE)
    thief = copy_of(app, browser)
    now = at(app, minutes=1)
    services.request_password_reset(world.rm.email, now)
    services.reset_password(db.session.scalars(select(PasswordResetToken)).one(), "a brand new long password", now)
    for each in (thief, phone):
        assert_refused(each, "was reset")
    assert {record.ended_reason for record in UserSession.query} == {session_records.PASSWORD_RESET}


def test_a_two_factor_reset_ends_every_session_of_the_user(app, world, login_as, client):
    login_as(world.inspector)
    assert client.get("/account").status_code == 200
    twofactor.reset(world.inspector, world.manager, at(app, minutes=1))
    assert_refused(client, "was reset")
    assert UserSession.query.one().ended_reason == session_records.TWO_FACTOR_RESET


def test_deactivation_ends_sessions_and_reactivation_brings_none_back(app, world, db):
    browser = sign_in(app, world.rm)
    thief = copy_of(app, browser)
    team.deactivate(world.rm, world.ri, at(app, minutes=1))
    assert thief.get("/dashboard").status_code == 302
    team.reactivate(db.session.get(type(world.rm), world.rm.id), world.ri, at(app, minutes=2))
    assert_refused(thief, "This session has ended")
    assert_refused(browser, "This session has ended")
    assert UserSession.query.one().ended_reason == session_records.DEACTIVATED


def test_a_session_ends_12_hours_after_signing_in_however_busy(app, world):
    browser = sign_in(app, world.rm)
    thief = copy_of(app, browser)
    for minutes in range(20, 12 * 60, 20):  # in use every 20 minutes, so never idle
        at(app, minutes=minutes)
        assert browser.get("/dashboard").status_code == 200, minutes
        assert thief.get("/dashboard").status_code == 200, minutes
    at(app, hours=12)
    assert_refused(thief, "You were signed out because you signed in more than 12 hours ago")
    assert_refused(browser, "signed in more than 12 hours ago")  # the record is ended for every copy
    assert UserSession.query.one().ended_reason == session_records.EXPIRED


def test_the_absolute_lifetime_is_a_setting(app, world):
    app.config["SESSION_ABSOLUTE_HOURS"] = 1
    browser = sign_in(app, world.rm)
    for minutes in (20, 40, 59):
        at(app, minutes=minutes)
        assert browser.get("/dashboard").status_code == 200
    at(app, minutes=60)
    assert_refused(browser, "signed in more than 1 hour ago")


def test_a_session_idle_on_the_server_ends_even_with_a_fresh_cookie(app, world):
    """The cookie's own last-seen time can be refreshed by whoever holds a copy; the server's
    record of the session is not, so 30 minutes without any use ends it for every copy."""
    browser = sign_in(app, world.rm)
    at(app, minutes=32)
    with browser.session_transaction() as session:
        session["last_seen"] = app.config["FROZEN_NOW"].timestamp()  # as if the cookie were fresh
    assert_refused(browser, "You were signed out because you had not done anything for 30 minutes")
    assert UserSession.query.one().ended_reason == session_records.IDLE


def test_the_cookies_idle_check_still_ends_the_session_and_its_record(app, world):
    browser = sign_in(app, world.rm)
    at(app, minutes=31)
    assert_refused(browser, "You were signed out because you had not done anything for 30 minutes")
    assert UserSession.query.one().ended_reason == session_records.IDLE


def test_last_seen_is_written_at_most_once_a_minute(app, world, db):
    browser = sign_in(app, world.rm)
    for seconds in (10, 30, 59):
        at(app, seconds=seconds)
        assert browser.get("/dashboard").status_code == 200
        assert db.session.scalar(select(UserSession.last_seen_at)) == FROZEN
    at(app, seconds=61)
    assert browser.get("/dashboard").status_code == 200
    assert db.session.scalar(select(UserSession.last_seen_at)) == FROZEN + timedelta(seconds=61)


def test_signing_in_records_the_browser_and_never_the_key(app, world, db):
    browser = sign_in(app, world.rm, IPHONE)
    with browser.session_transaction() as session:
        key = session["session_key"]
    record = UserSession.query.one()
    assert record.label == "Safari on iPhone" and record.user_agent == IPHONE
    assert key not in (record.key_hash, record.user_agent) and len(key) >= 40
    assert record.created_at == record.last_seen_at == FROZEN and record.ended_at is None


def test_browser_labels():
    assert session_records.browser_label(CHROME) == "Chrome on Windows"
    assert session_records.browser_label(IPHONE) == "Safari on iPhone"
    assert (
        session_records.browser_label(
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:133.0) Gecko/20100101 Firefox/133.0"
        )
        == "Firefox on macOS"
    )
    assert session_records.browser_label(CHROME + " Edg/131.0.0.0") == "Edge on Windows"
    assert session_records.browser_label("") == "A browser"
    assert session_records.browser_label(None) == "A browser"
    assert len(session_records.browser_label("x" * 5000)) <= session_records.LABEL_LENGTH


def test_a_very_long_user_agent_is_kept_short(app, world):
    sign_in(app, world.rm, "Mozilla/5.0 " + "A" * 5000)
    assert len(UserSession.query.one().user_agent) == session_records.USER_AGENT_LENGTH


def test_ending_sessions_loses_nothing_saved(app, world, make, db):
    """Drafts and everything else saved stay: ending a session only marks its record."""
    make.report(world.home, world.rm)
    browser, other = sign_in(app, world.rm), sign_in(app, world.rm, IPHONE)
    before = row_counts(db)
    record = UserSession.query.filter_by(label="Safari on iPhone").one()
    browser.post("/account/sessions/end", data={"session_id": str(record.id)})
    other.post("/sign-out")
    assert row_counts(db) == before | {"audit_events": before["audit_events"] + 1}


def test_the_event_is_audited(app, world):
    browser = sign_in(app, world.rm)
    sign_in(app, world.rm, IPHONE)
    record = UserSession.query.filter_by(label="Safari on iPhone").one()
    browser.post("/account/sessions/end", data={"session_id": str(record.id)})
    event = AuditEvent.query.filter_by(action="session_ended").one()
    assert (event.actor_id, event.entity_type, event.entity_id) == (world.rm.id, "UserSession", record.id)
    assert event.after == {"browser": "Safari on iPhone"}


def test_purging_forgets_only_sessions_over_a_month_past_their_end(app, world, db):
    lifetime = timedelta(hours=12)
    *_, live = (sign_in(app, world.rm) for _ in range(4))
    records = db.session.scalars(select(UserSession).order_by(UserSession.id)).all()[-4:]
    session_records.end(records[0], session_records.SIGNED_OUT, FROZEN - timedelta(days=31))
    session_records.end(records[1], session_records.SIGNED_OUT, FROZEN - timedelta(days=29))
    records[2].created_at = FROZEN - timedelta(days=30) - lifetime - timedelta(minutes=1)  # never ended
    db.session.commit()
    ids = [record.id for record in records]
    kept = {ids[1], ids[3]}
    result = app.test_cli_runner().invoke(args=["portal", "purge-sessions"])
    assert result.exit_code == 0 and "Forgot 2 ended sessions." in result.output
    left = set(db.session.scalars(select(UserSession.id).where(UserSession.id.in_(ids))))
    assert left == kept
    assert live.get("/dashboard").status_code == 200  # the live session goes on


def test_static_files_neither_refresh_nor_resend_the_session_cookie(app, world):
    """A page refreshes the cookie (30 minutes idle from now); an icon or stylesheet does not, so
    it never carries a session and one fetched late cannot restore a session after sign-out."""
    browser = sign_in(app, world.rm)
    page = browser.get("/dashboard")
    assert page.status_code == 200 and any(c.startswith(f"{COOKIE}=") for c in page.headers.getlist("Set-Cookie"))
    icon = browser.get("/static/vendor/govuk/assets/images/favicon.svg")
    assert icon.status_code == 200 and icon.headers.getlist("Set-Cookie") == []
    assert browser.post("/sign-out").location == "/sign-in"
    browser.get("/static/vendor/govuk/assets/images/favicon.svg")
    assert browser.get("/dashboard").location.startswith("/sign-in")
