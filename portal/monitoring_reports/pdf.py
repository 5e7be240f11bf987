"""The PDF receipt of a monitoring report: what was received, when, and the file's sha256."""

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Table, TableStyle

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


def batch_receipt(reports: list[MonitoringReport]) -> bytes:
    """The receipt of visit reports sent together: when, by whom, and each report's reference,
    setting, visit, file and sha256 (the table's rows are the reports)."""
    s = pdf.styles(10)
    first = reports[0].versions[0]
    count = f"{len(reports)} visit report{'s' if len(reports) != 1 else ''}"
    rows = [[pdf.Paragraph(heading, s["label"]) for heading in ("Reference", "Setting", "Visit", "File and SHA-256")]]
    for report in reports:
        version = report.versions[0]
        concern = "<br/>Serious concern: the inspector was told" if version.serious_concern else ""
        rows.append(
            [
                pdf.Paragraph(pdf.drawable(report.reference), s["small"]),
                pdf.Paragraph(pdf.drawable(f"{report.setting.name} ({version.urn})"), s["small"]),
                pdf.Paragraph(pdf.drawable(uk_date(version.visit_date)), s["small"]),
                pdf.Paragraph(
                    pdf.drawable(f"{version.file.original_name}, {version.file.size:,} bytes\n{version.file.sha256}")
                    + concern,
                    s["small"],
                ),
            ]
        )
    table = Table(
        rows, colWidths=[28 * mm, 45 * mm, 32 * mm, 65 * mm], repeatRows=1, renderCB=pdf.TableTags(header_rows=1)
    )
    table.setStyle(
        TableStyle(
            [
                pdf.TABLE_FONT,
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.HexColor("#b1b4b6")),
            ]
        )
    )
    story = [
        pdf.Paragraph("Receipt", s["h1"]),
        pdf.Paragraph(
            pdf.drawable(
                f"The inspectorate received {count} through the provider portal at {uk_datetime(first.submitted_at)}, "
                f"sent together by {first.submitted_by.name} for {reports[0].setting.provider.name}."
            ),
            s["body"],
        ),
        table,
        pdf.Paragraph(
            "Keep this receipt. The SHA-256 is each file's fingerprint: the inspectorate holds the files "
            "exactly as received and can show them again byte for byte.",
            s["small"],
        ),
    ]
    return pdf.build(story, title=f"Receipt for {count}", subject=f"{count} sent together")
