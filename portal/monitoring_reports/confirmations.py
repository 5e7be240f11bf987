"""The confirmation e-mail of a visit report or review received (issue 18): to the person who sent
it and to the provider's responsible individuals, queued in the transaction that receives it, with
the reference and the link to the receipt that carries the file's SHA-256."""

from datetime import datetime

from portal.accounts.models import User
from portal.core import outbox
from portal.core.formatting import uk_date, uk_datetime
from portal.core.links import absolute_url
from portal.monitoring_reports.models import MonitoringReport, ReportVersion
from portal.monitoring_reports.pdf import KIND_TITLES
from portal.providers.people import confirmation_recipients


def _what(report: MonitoringReport) -> str:
    return f"regulation {report.regulation} {KIND_TITLES[report.kind]}"


def _described(report: MonitoringReport, version: ReportVersion) -> str:
    setting = report.setting
    dated = ""
    if version.visit_date:
        dated = f", visit of {uk_date(version.visit_date)}"
    elif version.completed_on:
        dated = f", completed {uk_date(version.completed_on)}"
    correction = f", a correction (version {version.number})" if version.number > 1 else ""
    return f"the {_what(report)} of {setting.name} ({setting.urn}){dated}{correction}"


def _receipt(report: MonitoringReport, version: ReportVersion) -> str:
    return absolute_url("monitoring_reports_provider.receipt", report_id=report.id, number=version.number)


def received(report: MonitoringReport, version: ReportVersion, sender: User, now: datetime) -> None:
    """One report or correction received."""
    body = (
        f"The inspectorate received {_described(report, version)}.\n\n"
        f"Received at {uk_datetime(now)}, sent by {sender.name}.\n"
        f"Your reference: {report.reference}\n\n"
        f"The receipt, with the file's SHA-256 fingerprint: {_receipt(report, version)}\n"
    )
    subject = f"Received: {_what(report)} for {report.setting.name} ({report.reference})"
    for person in confirmation_recipients(report.setting.provider_id, sender):
        outbox.queue(person, subject, body, now, related=report)


def received_in_bulk(reports: list[MonitoringReport], sender: User, now: datetime) -> None:
    """Reports a member of the provider's staff uploaded together: one message for all of them."""
    count = f"{len(reports)} visit report{'s' if len(reports) != 1 else ''}"
    body = (
        f"The inspectorate received {count} at {uk_datetime(now)}, uploaded together by {sender.name}.\n\n"
        + "\n".join(
            f"{report.reference}: {_described(report, report.versions[0])}.\n"
            f"Receipt, with the file's SHA-256 fingerprint: {_receipt(report, report.versions[0])}\n"
            for report in reports
        )
    )
    for person in confirmation_recipients(reports[0].setting.provider_id, sender):
        outbox.queue(person, f"Received: {count} uploaded together", body, now, related=reports[0])
