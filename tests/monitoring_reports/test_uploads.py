"""Uploaded documents are judged by their content (issue: bad input gets a clear answer)."""

import hashlib
import io
import zipfile

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from portal.core.storage import StoredFile
from portal.core.uploads import UploadRejected, safe_name
from portal.monitoring_reports.models import MonitoringReport
from tests.files import docx_bytes, encrypted_pdf_bytes, field, odt_bytes, owner_password_pdf_bytes, pdf_bytes
from tests.monitoring_reports.test_submission import visit_data


def post(client, world, data: bytes, name: str):
    return client.post(
        f"/settings/{world.home.id}/visit-reports/new",
        content_type="multipart/form-data",
        data=visit_data(document=field(data, name)),
    )


@pytest.mark.parametrize(
    "data, name, message",
    [
        (b"", "report.pdf", "The selected file is empty"),
        (b"GIF89a....", "report.pdf", "must be a PDF, DOCX or ODT"),
        (b"%PDF-1.7\nthis is not really a pdf", "report.pdf", "damaged and cannot be opened"),
        (None, "report.pdf", "password-protected"),  # encrypted PDF
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512,
            "report.docx",
            "password-protected or an old Word format",
        ),
        (b"PK\x03\x04 broken archive", "report.docx", "damaged and cannot be opened"),
        ("macros", "report.docm", "contains macros"),
        ("zip", "report.docx", "must be a PDF, DOCX or ODT"),  # a zip that is not a document
        (b"%PDF-1.4", "../../etc/passwd.pdf", "has a name with folder names in it"),
        (b"%PDF-1.4", "C:\\Users\\me\\report.pdf", "has a name with folder names in it"),
    ],
)
def test_bad_documents_are_refused_and_nothing_is_stored(client, login_as, world, db, data, name, message):
    if data is None:
        data = encrypted_pdf_bytes()
    elif data == "macros":
        data = docx_bytes(macros=True)
    elif data == "zip":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("photo.jpg", b"\xff\xd8")
        data = buffer.getvalue()
    login_as(world.rm)
    response = post(client, world, data, name)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(StoredFile)) == 0


def test_a_file_over_20_mb_is_refused(client, login_as, world, db):
    login_as(world.rm)
    big = pdf_bytes() + b"%" + b"0" * (20 * 1024 * 1024)
    response = post(client, world, big, "big.pdf")
    assert "must be smaller than 20 MB" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(StoredFile)) == 0


def test_a_disguised_name_does_not_matter_but_content_does(client, login_as, world, db):
    login_as(world.rm)
    for data, name in ((pdf_bytes(), "report.docx"), (odt_bytes(), "visit.odt"), (docx_bytes(), "visit")):
        assert post(client, world, data, name).status_code == 302
    types = sorted(f.content_type for f in db.session.scalars(select(StoredFile)))
    assert types == sorted(
        [
            "application/pdf",
            "application/vnd.oasis.opendocument.text",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ]
    )


def test_missing_document_is_asked_for(client, login_as, world, db):
    login_as(world.rm)
    data = visit_data()
    del data["document"]
    response = client.post(
        f"/settings/{world.home.id}/visit-reports/new", data=data, content_type="multipart/form-data"
    )
    assert "Select the report document" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(MonitoringReport)) == 0


def test_safe_name():
    assert safe_name("  report 1.pdf ") == "report 1.pdf"
    for bad in ("", "..", "a/b.pdf", "a\\b.pdf", "x\x00.pdf"):
        with pytest.raises(UploadRejected):
            safe_name(bad)


def test_a_pdf_that_opens_without_a_password_is_accepted_whatever_its_owner_password_guards(
    client, login_as, world, db
):
    """An owner password (printing or editing restricted, nothing needed to open it) is not a
    password-protected file: the inspectorate can read it. One needed to open it still refuses."""
    restricted = owner_password_pdf_bytes()
    assert PdfReader(io.BytesIO(restricted)).is_encrypted
    login_as(world.rm)
    assert post(client, world, restricted, "report.pdf").status_code == 302
    (stored,) = db.session.scalars(select(StoredFile))
    assert stored.content_type == "application/pdf" and stored.sha256 == hashlib.sha256(restricted).hexdigest()
    refused = post(client, world, encrypted_pdf_bytes(), "locked.pdf")
    assert "password-protected" in refused.get_data(as_text=True)
