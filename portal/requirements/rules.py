"""Pure rules of requirements and compliance notices (R-REQ-1..3)."""

from datetime import date

from portal.inspections.rules import compliance_visit_due

OPEN, EVIDENCE_SENT, MET, NOT_MET = "open", "evidence_sent", "met", "not_met"
STATUSES = {
    OPEN: "Open",
    EVIDENCE_SENT: "Evidence sent",
    MET: "Met",
    NOT_MET: "Not met",
}
STATUS_TAGS = {OPEN: "grey", EVIDENCE_SENT: "blue", MET: "green", NOT_MET: "red"}
NOT_YET_MET = (OPEN, EVIDENCE_SENT, NOT_MET)
DECISIONS = {MET: "Met", NOT_MET: "Not met"}


def is_overdue(status: str, comply_by: date, today: date) -> bool:
    """R-REQ-1: a requirement not met by the end of its date is overdue, to both sides."""
    return status in NOT_YET_MET and comply_by < today


def notice_problem(comply_by: date, today: date) -> str | None:
    """R-REQ-2: a notice's date to comply is a date still to come."""
    if comply_by <= today:
        return "The date to comply by must be in the future"
    return None


def visit_due(comply_by: date) -> date:
    """R-REQ-3: the monitoring visit is within 5 working days of the notice's date (R-WD-2)."""
    return compliance_visit_due(comply_by)


def visits(comply_dates: list[date]) -> list[tuple[list[date], date]]:
    """R-REQ-3: the visits several notices need: one per date, combined only when every date of a
    visit is within 5 working days of the others (the visit is then due by the earliest date's
    last day). Each visit: the notices' dates it covers, and the last day for it."""
    planned: list[tuple[list[date], date]] = []
    for day in sorted(set(comply_dates)):
        if planned and day <= planned[-1][1] and all(day <= visit_due(d) for d in planned[-1][0]):
            planned[-1][0].append(day)
        else:
            planned.append(([day], visit_due(day)))
    return planned
