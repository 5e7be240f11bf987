"""The confirmation e-mail of a formal complaint lodged (issue 18): to the person who lodged it and
the provider's other responsible individuals, with the reference, the response target and the
link to the receipt that carries each file's SHA-256."""

from datetime import datetime

from portal.accounts.models import User
from portal.complaints.models import Complaint
from portal.core import outbox
from portal.core.formatting import deadline as deadline_text, uk_datetime
from portal.core.links import absolute_url
from portal.providers.people import confirmation_recipients


def lodged(complaint: Complaint, actor: User, now: datetime) -> None:
    setting = complaint.inspection.setting
    points = len(complaint.points)
    held = " It holds the final report until the inspectorate has responded." if complaint.holds_final else ""
    body = (
        f"The inspectorate received the formal complaint about the inspection of {setting.name} "
        f"({setting.urn}) at {uk_datetime(now)}, lodged by {actor.name}, with {points} "
        f"point{'s' if points != 1 else ''}. The inspectorate aims to respond by "
        f"{deadline_text(complaint.response_due_at)}.{held}\n\n"
        f"Your reference: {complaint.reference}\n\n"
        f"The receipt, with each evidence file's SHA-256 fingerprint: "
        f"{absolute_url('complaints_provider.receipt_pdf', complaint_id=complaint.id)}\n"
    )
    subject = f"Received: formal complaint about {setting.name} ({complaint.reference})"
    for person in confirmation_recipients(setting.provider_id, actor):
        outbox.queue(person, subject, body, now, related=complaint)
