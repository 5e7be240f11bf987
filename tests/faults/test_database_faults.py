"""The database refusing a commit, or down altogether: a 503 page, nothing half-stored.

The 503 page is drawn without the database (no lookup of the signed-in user), in the GOV.UK
layout, with Retry-After; /healthz answers 503 so a load balancer takes the instance out.
"""

import pytest
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import func, select

from portal import create_app
from portal.core.audit import AuditEvent
from portal.core.storage import StoredFile
from portal.monitoring_reports.models import MonitoringReport, PendingSubmission
from tests.conftest import CSRF_RAW, FROZEN, CheckedClient
from tests.monitoring_reports.test_submission import send, visit_data

UNAVAILABLE = "Sorry, the service is unavailable"
DOWN = "postgresql+psycopg://portal@127.0.0.1:1/portal?connect_timeout=2"  # nothing listens on port 1


def count(db, model):
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def refused_commits(db, monkeypatch):
    """Every COMMIT the database driver is asked for fails, as when the server goes away."""
    dialect = db.engine.dialect
    error = dialect.loaded_dbapi.OperationalError

    def refuse(connection):
        raise error("server closed the connection unexpectedly")

    def switch_on():
        monkeypatch.setattr(dialect, "do_commit", refuse)

    return switch_on


def assert_unavailable_page(response):
    page = response.get_data(as_text=True)
    assert response.status_code == 503 and int(response.headers["Retry-After"]) > 0
    assert f'<h1 class="govuk-heading-l">{UNAVAILABLE}</h1>' in page and "govuk-template" in page
    return page


def test_a_refused_commit_on_the_declaration_receives_nothing_and_can_be_sent_again(
    client, login_as, world, db, refused_commits, monkeypatch
):
    login_as(world.rm)
    check = send(client, world.home)
    refused_commits()
    assert_unavailable_page(client.post(check, data={"confirm": "yes"}))
    monkeypatch.undo()
    assert count(db, MonitoringReport) == 0 and count(db, PendingSubmission) == 1
    assert count(db, AuditEvent) == 0
    response = client.post(check, data={"confirm": "yes"})
    assert response.status_code == 302 and "/sent" in response.location
    assert count(db, MonitoringReport) == 1 and count(db, PendingSubmission) == 0


def test_a_refused_commit_on_the_first_page_keeps_no_record_of_the_document(
    client, login_as, world, db, refused_commits
):
    login_as(world.rm)
    refused_commits()
    response = client.post(
        f"/settings/{world.home.id}/visit-reports/new", content_type="multipart/form-data", data=visit_data()
    )
    assert_unavailable_page(response)
    assert count(db, StoredFile) == 0 and count(db, PendingSubmission) == 0


@pytest.fixture
def down_app(tmp_path):
    """A portal whose database does not answer at all."""
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": DOWN,
            "SECRET_KEY": "test-secret",
            "RATELIMIT_ENABLED": False,
            "FROZEN_NOW": FROZEN,
            "STORAGE_DIR": str(tmp_path / "files"),
            "SPOOL_DIR": str(tmp_path / "spool"),
        }
    )
    app.config["_TEST_CSRF"] = URLSafeTimedSerializer("test-secret", salt="wtf-csrf-token").dumps(CSRF_RAW)
    app.test_client_class = CheckedClient
    with app.app_context():
        yield app


def test_a_signed_in_page_says_the_service_is_unavailable_when_the_database_is_down(down_app):
    client = down_app.test_client()
    with client.session_transaction() as session:
        session.update({"_user_id": "1", "_fresh": True, "last_seen": FROZEN.timestamp(), "csrf_token": CSRF_RAW})
    page = assert_unavailable_page(client.get("/dashboard"))
    assert "Sign out" not in page  # drawn without asking the database who is signed in


def test_signing_in_says_the_service_is_unavailable_when_the_database_is_down(down_app):
    client = down_app.test_client()
    response = client.post("/sign-in", data={"email": "rm@oakfield.example", "password": "demo-portal-2026"})
    page = assert_unavailable_page(response)
    assert "Enter" not in page and "incorrect" not in page


def test_healthz_reports_the_database_down(down_app):
    response = down_app.test_client().get("/healthz")
    assert response.status_code == 503 and int(response.headers["Retry-After"]) > 0
    assert response.get_json() == {"status": "unavailable", "database": "unreachable"}


def test_healthz_reports_a_working_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_json()["status"] == "ok"


def test_every_connection_busy_answers_the_503_page(tmp_path, world, db):
    """A pool with one connection, held elsewhere: the request waits briefly, then says the
    service is unavailable instead of failing with a 500."""
    from tests.conftest import database_url, signed_in_session

    busy = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_url(tmp_path),
            "SECRET_KEY": "test-secret",
            "SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": 1, "max_overflow": 0, "pool_timeout": 0.2},
            "RATELIMIT_ENABLED": False,
            "FROZEN_NOW": FROZEN,
            "STORAGE_DIR": str(tmp_path / "files"),
            "SPOOL_DIR": str(tmp_path / "spool"),
        }
    )
    busy.test_client_class = CheckedClient
    client = busy.test_client()
    with client.session_transaction() as session:
        session.update(signed_in_session(world.rm, busy))
    with busy.app_context():
        from portal.extensions import db as busy_db

        held = busy_db.engine.connect()
        try:
            assert_unavailable_page(client.get("/dashboard"))
        finally:
            held.close()
        assert client.get("/dashboard").status_code == 200


def test_the_error_page_is_drawn_after_a_database_error(app, client, login_as, world, db, monkeypatch):
    """A database error that is not a lost connection (here the driver refusing a write as a
    programming error, during a flush) leaves the request's session to be rolled back: the 500 page
    does that first, so the user gets the GOV.UK page, still signed in, never a bare "Internal
    Server Error"."""
    app.config["PROPAGATE_EXCEPTIONS"] = False  # answer as production does, not raise into the test
    login_as(world.rm)
    check = send(client, world.home)
    dialect = db.engine.dialect

    execute = dialect.do_execute

    def refuse_writes(cursor, statement, parameters, context=None):
        if statement.lstrip().upper().startswith(("INSERT", "UPDATE")):
            raise dialect.loaded_dbapi.ProgrammingError("permission denied for table monitoring_reports")
        return execute(cursor, statement, parameters, context)

    monkeypatch.setattr(dialect, "do_execute", refuse_writes)
    response = client.post(check, data={"confirm": "yes"})
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert '<h1 class="govuk-heading-l">Sorry, there is a problem with the service</h1>' in page
    assert "govuk-template" in page and "Sign out" in page
    monkeypatch.undo()
    assert count(db, MonitoringReport) == 0 and count(db, PendingSubmission) == 1
