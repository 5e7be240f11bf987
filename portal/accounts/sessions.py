"""Signed-in sessions: loading the user, the half-way state between a password and a code,
signing out after 30 minutes without activity, and refusing a session without its second factor.

Each signed-in session has a record on the server (portal/accounts/session_records.py) whose key
is in the signed cookie; every request checks it, so signing out, a password or two-factor reset,
deactivation, ending it from another browser, 12 hours after signing in and 30 minutes idle each
end it for good, whatever copy of the cookie is kept. The last activity time is also kept in the
cookie and checked on the server, so an idle session ends even if the browser keeps its cookie.
"""

from dataclasses import dataclass
from datetime import timedelta

from flask import Flask, current_app, flash, redirect, request, session, url_for
from flask.sessions import SecureCookieSessionInterface, SessionMixin
from flask_login import current_user, logout_user
from sqlalchemy.exc import SQLAlchemyError

from portal.accounts import session_records, twofactor
from portal.accounts.models import User
from portal.core import clock
from portal.extensions import db, login_manager

LAST_SEEN = "last_seen"
SIGNED_IN_AT = "signed_in_at"
SESSION_KEY = "session_key"
SECOND_FACTOR = "second_factor"
FACTOR_DONE = "done"
FACTOR_NOT_REQUIRED = "not_required"
PENDING = "two_factor_pending"
PENDING_SECONDS = 5 * 60
SET_UP_SHOWN = "two_factor_set_up_shown"
# What someone between their password and their code may open: nothing else.
PENDING_ENDPOINTS = frozenset(
    {
        "static",
        "accounts.sign_in",
        "accounts.sign_out",
        "accounts.two_factor_code",
        "accounts.two_factor_recovery",
        "accounts.two_factor_set_up",
        "accounts.two_factor_saved",
    }
)


class NoCookieOnStaticFiles(SecureCookieSessionInterface):
    """Static files neither refresh nor resend the session cookie: a cacheable stylesheet never
    carries someone's session, and an icon the browser fetches late cannot put a session back in a
    browser that has just signed out or cleared its cookies."""

    def should_set_cookie(self, app: Flask, session: SessionMixin) -> bool:
        return request.endpoint != "static" and super().should_set_cookie(app, session)


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
    return user if user is not None and user.is_active else None


def start(user: User, second_factor: str) -> None:
    """Begin a fresh session for ``user`` once sign-in is complete; ``second_factor`` records
    whether a code (or a remembered browser) was checked, or was not needed for this user."""
    from flask_login import login_user

    session.clear()
    session.permanent = True
    login_user(user)
    now = clock.now()
    session[SESSION_KEY] = session_records.begin(user.id, request.user_agent.string, now)
    db.session.commit()
    session[LAST_SEEN] = session[SIGNED_IN_AT] = now.timestamp()
    session[SECOND_FACTOR] = second_factor


def outlived(user: User) -> bool:
    """Whether this session began before the user's password or two-factor was reset."""
    valid_from = user.sessions_valid_from
    if valid_from is None:
        return False
    return float(session.get(SIGNED_IN_AT, 0)) < clock.as_utc(valid_from).timestamp()


def set_up_secret_shown(user: User) -> bool:
    """Whether this browser was shown the set-up secret the user holds now. A secret shown in
    another browser (perhaps to someone who learnt the password) is never this one's to confirm."""
    digest = twofactor.secret_digest(user)
    return digest is not None and session.get(SET_UP_SHOWN) == digest


def mark_set_up_secret_shown(user: User) -> None:
    session[SET_UP_SHOWN] = twofactor.secret_digest(user)


def mark_second_factor_done() -> None:
    """Someone signed in without two-factor has just turned it on."""
    session[SECOND_FACTOR] = FACTOR_DONE


def end(reason: str = session_records.SIGNED_OUT) -> None:
    """Sign this browser out and end its record, so no copy of its cookie works again. (A
    password or two-factor reset and a deactivation end all of a user's records:
    session_records.end_all, called by those services.)"""
    try:
        record = session_records.find(session.get(SESSION_KEY))
        if record is not None and str(record.user_id) == session.get("_user_id"):  # only its own
            session_records.end(record, reason, clock.now())
            db.session.commit()
    except SQLAlchemyError:  # the database is down: this browser's cookie goes all the same
        db.session.rollback()
        current_app.logger.exception("The session's record could not be ended")
    logout_user()
    session.clear()


def lifetimes(app: Flask | None = None) -> tuple[timedelta, timedelta]:
    """How long a session may sit idle, and how long it may last however active."""
    config = (app or current_app).config
    return (
        timedelta(minutes=config["SESSION_IDLE_MINUTES"]),
        timedelta(hours=config.get("SESSION_ABSOLUTE_HOURS", 12)),
    )


def current_key() -> str | None:
    return session.get(SESSION_KEY)


def _ended_message(reason: str, app: Flask) -> str:
    idle = (
        f"You were signed out because you had not done anything for {app.config['SESSION_IDLE_MINUTES']} "
        "minutes. Sign in again to continue."
    )
    hours = app.config.get("SESSION_ABSOLUTE_HOURS", 12)
    return {
        session_records.IDLE: idle,
        session_records.EXPIRED: f"You were signed out because you signed in more than {hours:g} "
        f"hour{'' if hours == 1 else 's'} ago. Sign in again to continue.",
        session_records.PASSWORD_RESET: RESET_MESSAGE,
        session_records.TWO_FACTOR_RESET: RESET_MESSAGE,
        session_records.ENDED_ELSEWHERE: "This session was ended from another browser. Sign in again to continue.",
    }.get(reason, "This session has ended. Sign in again to continue.")


RESET_MESSAGE = "Your password or two-factor sign-in was reset. Sign in again to continue."


@dataclass(frozen=True)
class Pending:
    """A password was accepted; the code (or the set-up) is still to come. Not signed in."""

    user: User
    stage: str  # "code", "set_up" or "recovery_codes"
    next_url: str | None


def begin_pending(user: User, stage: str, next_url: str | None, now) -> None:
    shown = session.get(SET_UP_SHOWN)  # this browser's own set-up secret stays its own
    session.clear()
    if shown:
        session[SET_UP_SHOWN] = shown
    session[PENDING] = {"user_id": user.id, "at": now.timestamp(), "stage": stage, "next": next_url}


def set_pending_stage(stage: str, now) -> None:
    """Move on to the next step, which has its own 5 minutes."""
    state = dict(session[PENDING])
    state["stage"] = stage
    state["at"] = now.timestamp()
    session[PENDING] = state


def pending(now) -> Pending | None:
    """The pending sign-in, if there is one and it is under 5 minutes old."""
    state = session.get(PENDING)
    if not isinstance(state, dict):
        return None
    user = load_user(str(state.get("user_id", "")))
    if user is None or now.timestamp() - float(state.get("at", 0)) > PENDING_SECONDS:
        return None
    return Pending(user, state.get("stage", "code"), state.get("next"))


def has_pending() -> bool:
    return PENDING in session


def clear_pending() -> None:
    session.pop(PENDING, None)


def _needs_second_factor(user: User) -> bool:
    return twofactor.is_required(user) or user.two_factor_enabled


def init_app(app: Flask) -> None:  # noqa: C901 - one hook per session check, each simple
    app.session_interface = NoCookieOnStaticFiles()

    @app.before_request
    def keep_pending_sign_ins_on_their_page():
        if has_pending() and request.endpoint not in PENDING_ENDPOINTS:
            return redirect(url_for("accounts.two_factor_code"))
        return None

    @app.before_request
    def end_sessions_without_their_second_factor():
        """Defence in depth: whatever path made this session, a user who needs two-factor
        has none without the mark that their code was checked."""
        if request.endpoint == "static" or not current_user.is_authenticated:
            return None
        if _needs_second_factor(current_user) and session.get(SECOND_FACTOR) != FACTOR_DONE:
            end(session_records.NO_SECOND_FACTOR)
            return redirect(url_for("accounts.sign_in"))
        return None

    @app.before_request
    def end_sessions_begun_before_a_reset():
        if request.endpoint == "static" or not current_user.is_authenticated:
            return None
        if outlived(current_user):
            end(session_records.PASSWORD_RESET)
            flash(RESET_MESSAGE, "timeout")
            return redirect(url_for("accounts.sign_in"))
        return None

    @app.before_request
    def end_sessions_the_server_has_ended():
        """A session lives only while its record on the server does: signed out, reset, ended from
        another browser, past its absolute lifetime or idle, it ends here and now."""
        if request.endpoint == "static" or not current_user.is_authenticated:
            return None
        now = clock.now()
        idle, lifetime = lifetimes(app)
        record = session_records.find(session.get(SESSION_KEY))
        reason = session_records.why_over(record, current_user.id, now, idle, lifetime)
        if reason is not None:
            end(reason)
            flash(_ended_message(reason, app), "timeout")
            return redirect(url_for("accounts.sign_in"))
        if session_records.touch(record, now):
            db.session.commit()
        return None

    @app.before_request
    def end_idle_sessions():
        if request.endpoint == "static" or not current_user.is_authenticated:
            return None
        idle_seconds = app.config["SESSION_IDLE_MINUTES"] * 60
        now = clock.now().timestamp()
        last_seen = session.get(LAST_SEEN)
        if last_seen is None or now - last_seen > idle_seconds:
            end(session_records.IDLE)
            flash(_ended_message(session_records.IDLE, app), "timeout")
            return redirect(url_for("accounts.sign_in"))
        session[LAST_SEEN] = now
        return None

    @app.context_processor
    def session_timeout_settings():
        return {
            "session_idle_minutes": app.config["SESSION_IDLE_MINUTES"],
            "session_warning_minutes": app.config["SESSION_WARNING_MINUTES"],
        }
