"""Stored documents and receipts returned byte for byte, never cached by shared caches."""

from flask import abort

from portal.core import downloads
from portal.monitoring_reports.pdf import batch_receipt, receipt


def _version(report, number: int):
    version = next((v for v in report.versions if v.number == number), None)
    if version is None:
        abort(404)
    return version


def document_response(report, number: int):
    version = _version(report, number)
    response = downloads.stored_file(version.file)
    response.headers["X-Content-SHA256"] = version.file.sha256
    return response


def receipt_response(report, number: int):
    version = _version(report, number)
    return downloads.generated(
        receipt(report, version), "application/pdf", f"receipt-{report.reference}-v{version.number}.pdf"
    )


def batch_receipt_response(reports):
    """One receipt for visit reports sent together (issue 18)."""
    return downloads.generated(
        batch_receipt(reports), "application/pdf", f"receipt-{reports[0].reference}-and-others.pdf"
    )
