"""The PDF receipt of a monitoring report: what was received, when, and the file's sha256."""

from portal.core import pdf
from portal.core.formatting import uk_date, uk_datetime
from portal.monitoring_reports import rules
from portal.monitoring_reports.models import MonitoringReport, ReportVersion

KIND_TITLES = {rules.VISIT: "visit report", rules.REVIEW: "quality-of-care review"}


def receipt(report: MonitoringReport, version: ReportVersion) -> bytes:
    s = pdf.styles()
    setting = report.setting
    what = f"Regulation {report.regulation} {KIND_TITLES[report.kind]}"
    rows = [
        ("Reference", report.reference),
        ("Version", f"{version.number}" + (f" (correction: {version.reason})" if version.reason else "")),
        ("What", what),
        ("Setting", f"{setting.name} ({version.urn})"),
        ("Provider", setting.provider.name),
    ]
    if version.visit_date:
        rows.append(("Date of the visit", uk_date(version.visit_date)))
    if version.completed_on:
        rows.append(("Review completed", uk_date(version.completed_on)))
    rows += [
        ("Received", uk_datetime(version.submitted_at)),
        ("Sent by", version.submitted_by.name),
        ("File", version.file.original_name),
        ("Size", f"{version.file.size:,} bytes"),
        ("SHA-256", version.file.sha256),
    ]
    first = report.versions[0]
    if report.kind == rules.VISIT and first.visit_date and rules.is_late(first.visit_date, report.received_at):
        deadline = uk_date(rules.last_day_in_time(first.visit_date))
        rows.append(("Late", f"The deadline was the end of {deadline}. Reason given: {version.late_reason or 'none'}"))
    if version.serious_concern:
        rows.append(("Serious concern", "Yes: the inspector was told when it was received"))
    elif version.concern_withdrawal_reason:
        rows.append(("Serious concern", f"Withdrawn: {version.concern_withdrawal_reason}"))
    story = [
        pdf.Paragraph("Receipt", s["h1"]),
        pdf.Paragraph(
            pdf.drawable(f"The inspectorate received this {what.lower()} through the provider portal."), s["body"]
        ),
        pdf.facts_table(rows, s),
        pdf.Paragraph(
            "Keep this receipt. The SHA-256 is the file's fingerprint: the inspectorate holds the file "
            "exactly as received and can show it again byte for byte.",
            s["small"],
        ),
    ]
    return pdf.build(story, title=f"Receipt {report.reference}", subject=what)
