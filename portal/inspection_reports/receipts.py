"""What the provider keeps of its return on a draft report (R-DR-2, issue 18): a PDF receipt of the
comments as sent, each evidence file with its sha256, and a confirmation e-mail to the person who
sent it and to the provider's responsible individuals."""

from datetime import datetime

from portal.accounts.models import User
from portal.core import outbox, pdf
from portal.core.formatting import uk_date, uk_datetime
from portal.core.links import absolute_url
from portal.inspection_reports import rules
from portal.inspection_reports.models import CommentReturn, InspectionReport
from portal.inspections import rules as inspection_rules
from portal.providers.people import confirmation_recipients


def _counted(count: int) -> str:
    return f"{count} comment{'s' if count != 1 else ''}"


def _inspection_line(inspection) -> str:
    start, end = inspection.start_date, inspection.end_date
    dates = uk_date(start) if not end or end == start else f"{uk_date(start)} to {uk_date(end)}"
    return f"{inspection_rules.INSPECTION_TYPES[inspection.inspection_type]}, {dates}"


def receipt(report: InspectionReport) -> bytes:
    """The return as the inspectorate received it: the comments are frozen once sent (R-DR-2)."""
    returned = report.comment_return
    if returned is None or returned.status == rules.OPEN:
        raise ValueError("a receipt is only made of a return that has been sent")
    inspection = report.inspection
    setting = inspection.setting
    no_comments = returned.status == rules.NO_COMMENTS
    s = pdf.styles()
    rows = [
        ("Reference", returned.reference),
        ("Setting", f"{setting.name} ({setting.urn})"),
        ("Provider", setting.provider.name),
        ("Inspection", _inspection_line(inspection)),
        ("Draft report sent", uk_datetime(inspection.draft_sent_at)),
        ("Received", uk_datetime(returned.submitted_at)),
        ("Sent by", returned.submitted_by.name if returned.submitted_by else ""),
        (
            "Comments",
            "None: the provider confirmed it has no comments" if no_comments else _counted(len(report.comments)),
        ),
    ]
    what = "this confirmation that there are no comments" if no_comments else "these comments"
    story = [
        pdf.Paragraph("Receipt", s["h1"]),
        pdf.Paragraph(
            f"The inspectorate received {what} on the draft inspection report through the provider portal.",
            s["body"],
        ),
        pdf.facts_table(rows, s),
    ]
    for number, comment in enumerate(report.comments, start=1):
        kind = rules.COMMENT_KINDS.get(comment.kind, comment.kind)
        story.append(
            pdf.Paragraph(
                pdf.drawable(f"Comment {number}: paragraph {comment.paragraph_number}, {kind.lower()}"), s["h2"]
            )
        )
        story.append(pdf.Paragraph(pdf.drawable(comment.text), s["body"]))
        if comment.proposed_wording:
            story.append(pdf.Paragraph("Proposed wording", s["label"]))
            story.append(pdf.Paragraph(pdf.drawable(comment.proposed_wording), s["body"]))
        for item in comment.evidence:
            line = f"Evidence: {item.file.original_name}, {item.file.size:,} bytes, SHA-256 {item.file.sha256}"
            story.append(pdf.Paragraph(pdf.drawable(line), s["small"]))
    story.append(
        pdf.Paragraph(
            "Keep this receipt. The SHA-256 is each file's fingerprint: the inspectorate holds the files exactly "
            "as received and can show them again byte for byte. The inspectorate responds to each comment when "
            "it sends the final report.",
            s["small"],
        )
    )
    return pdf.build(
        story, title=f"Receipt {returned.reference}", subject=f"Return on the draft report: {setting.name}"
    )


def confirm(report: InspectionReport, returned: CommentReturn, sender: User, now: datetime) -> None:
    """Queue the confirmation, in the return's own transaction: to the sender and to each active
    responsible individual of the provider, once each."""
    inspection = report.inspection
    setting = inspection.setting
    count = len(report.comments)
    what = "confirmation that you have no comments" if returned.status == rules.NO_COMMENTS else _counted(count)
    by = sender.name
    body = (
        f"The inspectorate received your {what} on the draft inspection report of {setting.name} "
        f"({setting.urn}) at {uk_datetime(returned.submitted_at)}, sent by {by}.\n\n"
        f"Your reference: {returned.reference}\n\n"
        "The receipt, with each evidence file's SHA-256 fingerprint, is on the portal:\n"
        f"{absolute_url('inspection_reports_provider.receipt', inspection_id=inspection.id)}\n"
    )
    subject = f"Received: your return on the draft report of {setting.name} ({returned.reference})"
    for person in confirmation_recipients(setting.provider_id, sender):
        outbox.queue(person, subject, body, now, related=returned)
