"""The store failing in the middle of a submission: the user is told, nothing is received (R-MON-1).

Two faults: the backend raising while it writes, and the S3-compatible server stopped. Either
way the user sees a GOV.UK error message or page, never a receipt, and no pending submission,
report or stored-file record is left behind.
"""

import pytest
from sqlalchemy import func, select

from portal.core import storage
from portal.core.storage import StorageUnavailable, StoredFile
from portal.monitoring_reports.models import MonitoringReport, PendingSubmission
from tests.faults.s3 import LoopbackS3, aws_credentials, use_s3  # noqa: F401  (fixture)
from tests.files import field, pdf_bytes
from tests.monitoring_reports.test_bulk import post as post_bulk
from tests.monitoring_reports.test_submission import send, visit_data

NOT_SAVED = "could not be saved just now, so nothing was sent"


def count(db, model):
    return db.session.scalar(select(func.count()).select_from(model))


def nothing_received(db):
    return (count(db, StoredFile), count(db, PendingSubmission), count(db, MonitoringReport)) == (0, 0, 0)


@pytest.fixture
def stopped_s3(app, aws_credentials, tmp_path):
    """The app on its own S3-compatible server, which is then stopped."""
    app.config["SPOOL_DIR"] = str(tmp_path / "spool")
    server = LoopbackS3()
    use_s3(app, server)
    server.stop()
    return server


@pytest.fixture
def failing_backend(app, monkeypatch, tmp_path):
    app.config["SPOOL_DIR"] = str(tmp_path / "spool")
    with app.app_context():
        backend = storage.backend()

    def put(spooled):
        with spooled.open() as handle:
            handle.read(1024)  # part-way through writing
        raise StorageUnavailable("the disk failed while writing")

    monkeypatch.setattr(backend, "put", put)
    return backend


@pytest.mark.parametrize("fault", ["failing_backend", "stopped_s3"])
def test_a_visit_report_whose_document_cannot_be_stored_is_not_received(
    request, fault, client, login_as, world, db, tmp_path
):
    request.getfixturevalue(fault)
    login_as(world.rm)
    response = client.post(
        f"/settings/{world.home.id}/visit-reports/new", content_type="multipart/form-data", data=visit_data()
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "There is a problem" in page and NOT_SAVED in page
    assert "Check your answers" not in page and "received" not in page
    assert nothing_received(db)
    assert list((tmp_path / "spool").iterdir()) == []


@pytest.mark.parametrize("fault", ["failing_backend", "stopped_s3"])
def test_a_bulk_upload_whose_store_fails_half_way_receives_nothing(request, fault, client, login_as, world, db):
    request.getfixturevalue(fault)
    login_as(world.ri)
    documents = [
        field(pdf_bytes("a"), f"{world.home.urn}_2026-09-10.pdf"),
        field(pdf_bytes("b"), f"{world.other_home.urn}_2026-10-03.pdf"),
    ]
    response = post_bulk(client, documents)
    page = response.get_data(as_text=True)
    assert response.status_code == 503 and response.headers["Retry-After"]
    assert "Sorry, the service is unavailable" in page and "it has not been received" in page
    assert "reports received" not in page
    assert nothing_received(db)


def test_a_bulk_upload_failing_on_its_second_file_keeps_nothing_of_the_first(
    app, client, login_as, world, db, monkeypatch, tmp_path
):
    app.config["SPOOL_DIR"] = str(tmp_path / "spool")
    with app.app_context():
        backend = storage.backend()
    real_put, calls = backend.put, []

    def put_once(spooled):
        calls.append(spooled.sha256)
        if len(calls) > 1:
            raise StorageUnavailable("the store went away")
        real_put(spooled)

    monkeypatch.setattr(backend, "put", put_once)
    login_as(world.ri)
    documents = [
        field(pdf_bytes("a"), f"{world.home.urn}_2026-09-10.pdf"),
        field(pdf_bytes("b"), f"{world.other_home.urn}_2026-10-03.pdf"),
    ]
    assert post_bulk(client, documents).status_code == 503
    assert len(calls) == 2 and nothing_received(db)


def test_a_document_cannot_be_opened_while_the_store_is_down(
    app, client, login_as, world, db, tmp_path, aws_credentials
):
    app.config["SPOOL_DIR"] = str(tmp_path / "spool")
    server = LoopbackS3()
    use_s3(app, server)
    login_as(world.rm)
    client.post(send(client, world.home), data={"confirm": "yes"})
    report = db.session.scalar(select(MonitoringReport))
    server.stop()
    response = client.get(f"/visit-reports/{report.id}/versions/1/document")
    assert response.status_code == 503 and "cannot save or open documents just now" in response.get_data(as_text=True)
