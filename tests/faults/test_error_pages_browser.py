"""The pages a fault shows (429, 503 without the database, 503 without the store) pass axe-core
in Chromium, with the portal's own stylesheets."""

import threading

import pytest
from werkzeug.serving import make_server

from portal.core import storage
from portal.core.storage import StorageUnavailable
from tests.browser.helpers import axe_violations_of_html
from tests.core.test_rate_limits import limit_uploads, post_visit
from tests.files import field, pdf_bytes
from tests.monitoring_reports.test_bulk import post as post_bulk

pytestmark = pytest.mark.browser


@pytest.fixture
def served(app):
    """The test app on loopback, so the checked pages load their stylesheets as in production."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def too_many_page(app, client, login_as, world, monkeypatch, db):
    limit_uploads(app, "1 per minute")
    login_as(world.rm)
    post_visit(client, world)
    return post_visit(client, world)


def store_down_page(app, client, login_as, world, monkeypatch, db):
    with app.app_context():
        backend = storage.backend()
    monkeypatch.setattr(backend, "put", lambda spooled: (_ for _ in ()).throw(StorageUnavailable("down")))
    login_as(world.ri)
    return post_bulk(client, [field(pdf_bytes("a"), f"{world.home.urn}_2026-09-10.pdf")])


def database_down_page(app, client, login_as, world, monkeypatch, db):
    dialect = db.engine.dialect

    def refuse(connection):
        raise dialect.loaded_dbapi.OperationalError("server closed the connection unexpectedly")

    login_as(world.rm)
    monkeypatch.setattr(dialect, "do_commit", refuse)
    response = post_visit(client, world)
    monkeypatch.undo()
    return response


@pytest.mark.parametrize("make_page, status", [(too_many_page, 429), (store_down_page, 503), (database_down_page, 503)])
def test_fault_pages_pass_axe(
    make_page, status, app, client, login_as, world, monkeypatch, db, served, browser, axe_source
):
    response = make_page(app, client, login_as, world, monkeypatch, db)
    assert response.status_code == status
    page = browser.new_page()
    try:
        assert axe_violations_of_html(page, f"{served}/fault-page", response.get_data(as_text=True), axe_source) == []
    finally:
        page.close()
