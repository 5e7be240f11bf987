"""A notification's documents and receipts, returned byte for byte, never cached by shared caches."""

from flask import abort

from portal.core import downloads
from portal.notifications.models import Notification, NotificationVersion
from portal.notifications.pdf import receipt


def _version(notification: Notification, number: int) -> NotificationVersion:
    version = next((v for v in notification.versions if v.number == number), None)
    if version is None:
        abort(404)
    return version


def document_response(notification: Notification, number: int, document_id: int):
    document = next((d for d in _version(notification, number).documents if d.id == document_id), None)
    if document is None:
        abort(404)
    response = downloads.stored_file(document.file)
    response.headers["X-Content-SHA256"] = document.file.sha256
    return response


def receipt_response(notification: Notification, number: int):
    version = _version(notification, number)
    return downloads.generated(
        receipt(notification, version), "application/pdf", f"receipt-{notification.reference}-v{number}.pdf"
    )
