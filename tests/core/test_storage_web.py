"""A visit report sent through the web with its document kept in an S3-compatible store (R-MON-1),
and downloaded back byte for byte; another provider's user cannot reach it."""

import io
import os
import zipfile

from sqlalchemy import select

from portal.monitoring_reports.models import MonitoringReport
from tests.faults.s3 import aws_credentials, s3_server, use_s3  # noqa: F401  (fixtures)
from tests.files import field
from tests.monitoring_reports.test_submission import send


def large_docx() -> bytes:
    """A real DOCX of about 600 KB, more than a request keeps in memory."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/media/photo.bin", os.urandom(600_000))
    return buffer.getvalue()


def test_a_report_sent_through_the_web_is_kept_in_s3_and_returned_byte_for_byte(
    app, client, login_as, world, db, s3_server, aws_credentials, tmp_path
):
    app.config["SPOOL_DIR"] = str(tmp_path / "spool")
    bucket = use_s3(app, s3_server)
    original = large_docx()
    login_as(world.rm)
    response = client.post(
        send(client, world.home, document=field(original, "october visit.docx")), data={"confirm": "yes"}
    )
    assert response.status_code == 302 and "/sent" in response.location
    report = db.session.scalar(select(MonitoringReport))
    sha256 = report.current.file.sha256
    held = s3_server.client().get_object(Bucket=bucket, Key=f"files/{sha256}")
    assert held["Body"].read() == original and held["Metadata"]["sha256"] == sha256
    assert not (tmp_path / "files").exists()  # nothing went to the local folder
    assert list((tmp_path / "spool").iterdir()) == []  # nor stayed in the spool folder

    download = client.get(f"/visit-reports/{report.id}/versions/1/document")
    assert download.status_code == 200 and download.data == original
    assert "october visit.docx" in download.headers["Content-Disposition"]
    login_as(world.rival_rm)
    assert client.get(f"/visit-reports/{report.id}/versions/1/document").status_code == 404
    assert app.test_cli_runner().invoke(args=["portal", "verify-files"]).exit_code == 0
