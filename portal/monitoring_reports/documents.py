"""Stored documents and receipts returned byte for byte, never cached by shared caches."""

from flask import abort, send_file
from io import BytesIO

from portal.core import storage
from portal.monitoring_reports.pdf import receipt


def _version(report, number: int):
    version = next((v for v in report.versions if v.number == number), None)
    if version is None:
        abort(404)
    return version


def document_response(report, number: int):
    version = _version(report, number)
    response = send_file(storage.open_stored(version.file), mimetype=version.file.content_type, as_attachment=True,
                         download_name=version.file.original_name, max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-SHA256"] = version.file.sha256
    return response


def receipt_response(report, number: int):
    version = _version(report, number)
    response = send_file(BytesIO(receipt(report, version)), mimetype="application/pdf", as_attachment=False,
                         download_name=f"receipt-{report.reference}-v{version.number}.pdf", max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    return response
