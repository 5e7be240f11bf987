"""Friendly error pages: nothing a user types ever produces a bare error or a 500.

The 503 pages are drawn without the database: the signed-in user is not looked up (the header
shows no account), so a database that is down still gets a proper page, with Retry-After.
"""

import time

from flask import Flask, Response, g, jsonify, make_response, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError, TimeoutError as PoolTimeout

from portal.core.storage import StorageUnavailable
from portal.core.uploads import MAX_DOCUMENT_BYTES, MB
from portal.extensions import db, limiter, login_manager

RETRY_DATABASE_SECONDS = 120
RETRY_STORAGE_SECONDS = 300


def init_app(app: Flask) -> None:
    @app.errorhandler(404)
    def not_found(_error: Exception) -> tuple[str, int]:
        return render_template("errors/404.html"), 404

    @app.errorhandler(405)
    def method_not_allowed(_error: Exception) -> tuple[str, int]:
        return render_template("errors/404.html"), 405

    @app.errorhandler(CSRFError)
    def form_expired(_error: Exception) -> tuple[str, int]:
        return render_template("errors/form_expired.html"), 400

    @app.errorhandler(400)
    def bad_request(_error: Exception) -> tuple[str, int]:
        return render_template("errors/400.html"), 400

    @app.errorhandler(413)
    def too_large(_error: Exception) -> tuple[str, int]:
        """Says the limits: one document, and (where several are sent at once) all together."""
        together = request.max_content_length or app.config["MAX_CONTENT_LENGTH"]
        several = together > app.config["MAX_CONTENT_LENGTH"]
        return render_template(
            "errors/413.html", file_mb=MAX_DOCUMENT_BYTES // MB, together_mb=together // MB if several else None
        ), 413

    @app.errorhandler(429)
    def too_many(error: Exception) -> Response:
        seconds = retry_seconds(error)
        response = make_response(render_template("errors/429.html", wait=wait_words(seconds)), 429)
        response.headers["Retry-After"] = str(seconds)
        return response

    @app.errorhandler(OperationalError)
    @app.errorhandler(PoolTimeout)  # every connection busy: the same answer as a database that is down
    def database_unavailable(_error: Exception) -> Response:
        _forget_session()
        if request.endpoint == "site.health":
            return _unavailable(jsonify(status="unavailable", database="unreachable"), RETRY_DATABASE_SECONDS)
        return _unavailable(_page("errors/503.html"), RETRY_DATABASE_SECONDS)

    @app.errorhandler(StorageUnavailable)
    def storage_unavailable(_error: Exception) -> Response:
        _forget_session()
        return _unavailable(_page("errors/503_storage.html"), RETRY_STORAGE_SECONDS)

    @app.errorhandler(500)
    def server_error(_error: Exception) -> tuple[str, int]:
        # A failed statement leaves the session to be rolled back: the page's header reads the
        # signed-in user, which would fail again and leave a bare "Internal Server Error".
        _forget_session()
        return render_template("errors/500.html"), 500


def _forget_session() -> None:
    """Undo this request's unfinished writes; a dead connection is simply dropped."""
    try:
        db.session.rollback()
    except OperationalError:
        db.session.close()


def _page(template: str) -> str:
    g._login_user = login_manager.anonymous_user()  # never ask the database who is signed in
    return render_template(template)


def _unavailable(body: str | Response, seconds: int) -> Response:
    response = make_response(body, 503)
    response.headers["Retry-After"] = str(seconds)
    return response


def retry_seconds(error: Exception) -> int:
    """When the user may try again: from our own limit, or Flask-Limiter's for sign-in and resets."""
    seconds = getattr(error, "seconds", None)
    if seconds is None:
        current = limiter.current_limit
        seconds = int(current.reset_at - time.time()) if current else 60  # as Flask-Limiter's Retry-After
    return max(1, int(seconds))


def wait_words(seconds: int) -> str:
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = max(1, round(seconds / 60))
    return f"{minutes} minute{'s' if minutes != 1 else ''}"
