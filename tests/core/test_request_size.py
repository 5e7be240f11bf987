"""Routes that take several documents at once accept more than the default request size, and
the larger limit applies before the CSRF check reads the body."""

from sqlalchemy import func, select

from portal.core import uploads
from portal.monitoring_reports.models import PendingSubmission
from tests.files import field, pdf_bytes

BULK = "monitoring_reports_provider.bulk_upload"


def padded_pdf(text: str, size: int) -> bytes:
    """A valid PDF of about ``size`` bytes: a comment before the end marker pads it."""
    body = pdf_bytes(text)
    return body + b"%" + b"x" * (size - len(body) - 2) + b"\n"


def test_bulk_upload_of_more_than_the_default_limit_is_received(app, client, login_as, world, db):
    login_as(world.ri)
    size = 12 * uploads.MB
    documents = [
        field(padded_pdf("a", size), f"{world.home.urn}_2026-09-10.pdf"),
        field(padded_pdf("b", size), f"{world.other_home.urn}_2026-10-03.pdf"),
    ]
    assert 2 * size > app.config["MAX_CONTENT_LENGTH"]
    response = client.post(
        "/monitoring/bulk", data={"key": "k" * 24, "documents": documents}, content_type="multipart/form-data"
    )
    assert response.status_code == 302  # both kept, each waiting for its report's answers
    assert db.session.scalar(select(func.count()).select_from(PendingSubmission)) == 2


def test_other_routes_keep_the_default_limit(app, client, login_as, world):
    login_as(world.ri)
    big = app.config["MAX_CONTENT_LENGTH"] + uploads.MB
    response = client.post(
        "/provider/draft-report-delegates", data={"note": "x" * big}, content_type="multipart/form-data"
    )
    assert response.status_code == 413


def test_the_too_large_page_states_the_limits(app, client, login_as, world, monkeypatch):
    """A page refused as too large says how large a file may be, and that nothing was kept."""
    login_as(world.ri)
    big = app.config["MAX_CONTENT_LENGTH"] + uploads.MB
    one = client.post("/provider/draft-report-delegates", data={"note": "x" * big}, content_type="multipart/form-data")
    page = one.get_data(as_text=True)
    assert one.status_code == 413 and "Each file must be smaller than 20 MB" in page
    assert "Nothing you sent has been saved" in page and "together" not in page
    # The bulk upload's own larger limit, made small here so the test sends little.
    view = app.view_functions[BULK]
    monkeypatch.setattr(view, "max_request_bytes", app.config["MAX_CONTENT_LENGTH"] + 2 * uploads.MB)
    more = "x" * (app.config["MAX_CONTENT_LENGTH"] + 3 * uploads.MB)
    bulk = client.post("/monitoring/bulk", data={"documents": more}, content_type="multipart/form-data")
    page = bulk.get_data(as_text=True)
    assert bulk.status_code == 413 and "all the files sent together must be smaller than 23 MB" in page
