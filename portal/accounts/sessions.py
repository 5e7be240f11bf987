"""Signed-in sessions: loading the user, and signing out after 30 minutes without activity.

The last activity time is kept in the signed session cookie and checked on the server, so an
idle session ends even if the browser keeps its cookie.
"""

from flask import Flask, flash, redirect, request, session, url_for
from flask_login import current_user, logout_user

from portal.accounts.models import User
from portal.core import clock
from portal.extensions import db, login_manager

LAST_SEEN = "last_seen"


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
    return user if user is not None and user.is_active else None


def start(user: User) -> None:
    """Begin a fresh session for ``user`` (called after a successful sign-in)."""
    from flask_login import login_user

    session.clear()
    session.permanent = True
    login_user(user)
    session[LAST_SEEN] = clock.now().timestamp()


def end() -> None:
    logout_user()
    session.clear()


def init_app(app: Flask) -> None:
    @app.before_request
    def end_idle_sessions():
        if request.endpoint == "static" or not current_user.is_authenticated:
            return None
        idle_seconds = app.config["SESSION_IDLE_MINUTES"] * 60
        now = clock.now().timestamp()
        last_seen = session.get(LAST_SEEN)
        if last_seen is None or now - last_seen > idle_seconds:
            end()
            flash("You were signed out because you had not done anything for "
                  f"{app.config['SESSION_IDLE_MINUTES']} minutes. Sign in again to continue.", "timeout")
            return redirect(url_for("accounts.sign_in"))
        session[LAST_SEEN] = now
        return None

    @app.context_processor
    def session_timeout_settings():
        return {
            "session_idle_minutes": app.config["SESSION_IDLE_MINUTES"],
            "session_warning_minutes": app.config["SESSION_WARNING_MINUTES"],
        }
