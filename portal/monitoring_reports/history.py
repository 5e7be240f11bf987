"""What happened to a report, in order, and what each version changed: the inspectorate reads
every version's own answers, never only the latest (R-MON-6, DESIGN.md convention 6)."""

from dataclasses import dataclass
from datetime import datetime

from portal.monitoring_reports import concerns
from portal.monitoring_reports.models import MonitoringReport, ReportVersion

# A report's page, provider's and inspectorate's: capabilities above add what they link to it (an
# independent person's urgent concern the report followed, R-MON-3).
VISIT_REPORT_PAGE = "visit_report_page"

ANSWER_LABELS = {
    "visit_date": "Date of the visit",
    "announced": "Announced",
    "spoke_to": "Spoke to",
    "spoke_to_details": "More about who they spoke to",
    "records_inspected": "Records inspected",
    "premises_inspected": "Premises inspected",
    "safeguarding_effective": "Children effectively safeguarded",
    "wellbeing_promoted": "Conduct promotes children's well-being",
    "recommendations": "Recommendations",
    "conflict_of_interest": "Conflict of interest",
    "serious_concern": "Serious concern",
    "serious_concern_details": "What the serious concerns are",
    "late_reason": "Why it is sent now",
    "period_start": "Start of the period reviewed",
    "period_end": "End of the period reviewed",
    "completed_on": "Review completed",
    "views_gathered": "Views gathered from",
    "actions": "Actions the provider intends to take",
    "file_id": "Document",
}


def changed(before: ReportVersion | None, after: ReportVersion) -> list[str]:
    """The answers ``after`` gives differently from ``before``, by their labels."""
    if before is None:
        return []
    return [label for field, label in ANSWER_LABELS.items() if getattr(before, field) != getattr(after, field)]


def changes_by_version(report: MonitoringReport) -> dict[int, list[str]]:
    previous, result = None, {}
    for version in report.versions:
        result[version.number] = changed(previous, version)
        previous = version
    return result


@dataclass(frozen=True)
class Event:
    at: datetime
    what: str
    by: str
    detail: str | None = None


def events(report: MonitoringReport, inspectorate: bool) -> list[Event]:
    """Versions, withdrawals and the provider's responses for everyone who may see the report;
    the inspectorate's actions on a concern for the inspectorate only."""
    found = []
    for version in report.versions:
        if version.number == 1:
            what = "Version 1 received" + (": it raises a serious concern" if version.serious_concern else "")
            found.append(Event(version.submitted_at, what, version.submitted_by.name))
            continue
        found.append(
            Event(
                version.submitted_at,
                f"Version {version.number} received: a correction",
                version.submitted_by.name,
                version.reason,
            )
        )
        if version.concern_withdrawal_reason:
            found.append(
                Event(
                    version.submitted_at,
                    f"Serious concern withdrawn in version {version.number}",
                    version.submitted_by.name,
                    version.concern_withdrawal_reason,
                )
            )
        elif version.concern_alert:
            found.append(
                Event(
                    version.submitted_at,
                    f"Serious concern raised in version {version.number}",
                    version.submitted_by.name,
                )
            )
    for response in report.responses:
        found.append(Event(response.created_at, "The provider responded", response.author.name, response.text))
    if inspectorate:
        for action in report.concern_actions:
            found.append(
                Event(
                    action.created_at,
                    f"Serious concern: {concerns.ACTION_LABELS[action.kind].lower()} (version {action.version_number})",
                    action.actor.name,
                    action.note,
                )
            )
    return sorted(found, key=lambda event: event.at)
