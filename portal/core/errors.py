"""Friendly error pages: nothing a user types ever produces a bare error or a 500."""

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError

from portal.extensions import db


def init_app(app: Flask) -> None:
    @app.errorhandler(404)
    def not_found(_error):
        return render_template("errors/404.html"), 404

    @app.errorhandler(405)
    def method_not_allowed(_error):
        return render_template("errors/404.html"), 405

    @app.errorhandler(CSRFError)
    def form_expired(_error):
        return render_template("errors/form_expired.html"), 400

    @app.errorhandler(400)
    def bad_request(_error):
        return render_template("errors/400.html"), 400

    @app.errorhandler(413)
    def too_large(_error):
        return render_template("errors/413.html"), 413

    @app.errorhandler(429)
    def too_many(_error):
        return render_template("errors/429.html"), 429

    @app.errorhandler(OperationalError)
    def database_unavailable(_error):
        db.session.rollback()
        return render_template("errors/503.html"), 503

    @app.errorhandler(500)
    def server_error(_error):
        return render_template("errors/500.html"), 500
