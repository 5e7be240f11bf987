"""The PDF receipt of a formal complaint: what was lodged, when, by whom, and each file's sha256 (R-CMP-1)."""

from portal.complaints import rules
from portal.complaints.models import Complaint
from portal.core import pdf
from portal.core.formatting import deadline, uk_date, uk_datetime

POINT_EXTRACT = 300


def extract(text: str, length: int = POINT_EXTRACT) -> str:
    return text if len(text) <= length else text[:length].rstrip() + "…"


def _dates(inspection) -> str:
    start, end = inspection.start_date, inspection.end_date
    if start and end and start != end:
        return f"{uk_date(start)} to {uk_date(end)}"
    return uk_date(start or end) or "Not recorded"


def receipt(complaint: Complaint) -> bytes:
    s = pdf.styles()
    inspection = complaint.inspection
    setting = inspection.setting
    rows = [
        ("Reference", complaint.reference),
        ("Setting", f"{setting.name} ({setting.urn})"),
        ("Provider", setting.provider.name),
        ("Inspection", _dates(inspection)),
        ("About", "; ".join(rules.CATEGORIES.get(c, c) for c in complaint.categories)),
        ("Concerns raised earlier", complaint.earlier_concerns or "None given"),
        ("Outcome sought", complaint.outcome_sought or ""),
        ("Lodged", uk_datetime(complaint.lodged_at)),
        ("Lodged by", complaint.lodged_by.name if complaint.lodged_by else ""),
        ("Response target", deadline(complaint.response_due_at)),
    ]
    if complaint.holds_final:
        rows.append(("Final report", "Held until the inspectorate has responded to this complaint"))
    story = [
        pdf.Paragraph("Receipt", s["h1"]),
        pdf.Paragraph("The inspectorate received this formal complaint through the provider portal.", s["body"]),
        pdf.facts_table(rows, s),
        pdf.Paragraph("The points of the complaint", s["h2"]),
    ]
    for point in complaint.points:
        story.append(pdf.Paragraph(pdf.drawable(f"Point {point.number}"), s["label"]))
        story.append(pdf.Paragraph(pdf.drawable(extract(point.what_happened)), s["body"]))
        for item in point.evidence:
            story.append(
                pdf.Paragraph(
                    pdf.drawable(
                        f"Evidence: {item.file.original_name}, {item.file.size:,} bytes, SHA-256 {item.file.sha256}"
                    ),
                    s["small"],
                )
            )
    story.append(
        pdf.Paragraph(
            "Keep this receipt. The SHA-256 is each file's fingerprint: the inspectorate holds the "
            "files exactly as received and can show them again byte for byte.",
            s["small"],
        )
    )
    return pdf.build(story, title=f"Receipt {complaint.reference}", subject="Formal complaint")
