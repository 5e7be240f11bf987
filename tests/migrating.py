"""Running the app's migrations against a database of a test's own."""

from contextlib import contextmanager

from sqlalchemy import create_engine


@contextmanager
def migrating(app, url: str):
    """An engine on ``url``, which the app's migrations (flask_migrate.upgrade/downgrade) run
    against meanwhile; the app's own database comes back afterwards."""
    engines = app.extensions["sqlalchemy"]._app_engines[app]
    saved, original = dict(engines), app.config["SQLALCHEMY_DATABASE_URI"]
    engines.clear()
    engines[None] = create_engine(url)
    app.config["SQLALCHEMY_DATABASE_URI"] = url
    try:
        yield engines[None]
    finally:
        engines[None].dispose()
        engines.clear()
        engines.update(saved)
        app.config["SQLALCHEMY_DATABASE_URI"] = original
