"""The PDF receipt of a notification: what was received, when, a copy of what it said, and each
document's SHA-256."""

from portal.core import pdf
from portal.core.formatting import uk_datetime
from portal.notifications import rules, shown
from portal.notifications.models import Notification, NotificationVersion


def receipt(notification: Notification, version: NotificationVersion) -> bytes:
    s = pdf.styles()
    setting = notification.setting
    kind = rules.KIND_BY_KEY[notification.kind]
    what = kind.label + (f" (regulation {notification.regulation})" if notification.regulation else "")
    rows = [
        ("Reference", notification.reference),
        ("Version", f"{version.number}" + (f" (update: {version.reason})" if version.reason else "")),
        ("What", what),
        ("Setting", f"{setting.name} ({version.urn})"),
        ("Provider", setting.provider.name),
        ("Received", uk_datetime(version.submitted_at)),
        ("Sent by", version.submitted_by.name),
    ]
    if notification.follows is not None:
        rows.append(("Outcome of", notification.follows.reference))
    rows += [
        (label, value or "Not given")
        for label, value, _ in shown.answer_rows(notification.kind, shown.answers_of(version))
    ]
    for number, document in enumerate(version.documents, start=1):
        rows.append((f"Document {number}", f"{document.file.original_name}, {document.file.size:,} bytes"))
        rows.append(("SHA-256", document.file.sha256))
    if not version.documents:
        rows.append(("Documents", "None"))
    fingerprints = (
        " The SHA-256 is each document's fingerprint: the inspectorate holds the files exactly as received and "
        "can show them again byte for byte."
        if version.documents
        else ""
    )
    story = [
        pdf.Paragraph("Receipt", s["h1"]),
        pdf.Paragraph(
            pdf.drawable(f"The inspectorate received this notification through the provider portal: {what.lower()}."),
            s["body"],
        ),
        pdf.facts_table(rows, s),
        pdf.Paragraph("Keep this receipt. It is a copy of what was sent." + fingerprints, s["small"]),
    ]
    return pdf.build(story, title=f"Receipt {notification.reference}", subject=what)
