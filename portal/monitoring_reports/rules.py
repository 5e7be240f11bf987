"""Pure rules of monthly visit reports and quality-of-care reviews (R-MON-1..6)."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from portal.core import workdays
from portal.core.workdays import end_of_day
from portal.providers.models import SettingType

# DOMAIN.md §2: which regulation each kind of setting reports under; STCs send neither.
VISIT_REGULATION = {
    SettingType.CHILDRENS_HOME: "44",
    SettingType.SECURE_CHILDRENS_HOME: "44",
    SettingType.RESIDENTIAL_FAMILY_CENTRE: "25",
}
REVIEW_REGULATION = {
    SettingType.CHILDRENS_HOME: "45",
    SettingType.SECURE_CHILDRENS_HOME: "45",
    SettingType.RESIDENTIAL_FAMILY_CENTRE: "23",
}
REVIEW_DAYS = 28  # R-MON-4: the review report within 28 days of completing the review
DEFAULT_REVIEW_MONTHS = 6  # R-MON-4: a review at least every 6 months (RFC: the setting's interval)
BACKDATE_MONTHS = 12  # older visits need a reason

VISIT, REVIEW = "visit", "review"
ON_TIME, LATE, MISSING, NOT_YET_DUE, NOT_APPLICABLE = "on_time", "late", "missing", "not_yet_due", "not_applicable"
STATUS_LABELS = {
    ON_TIME: "On time",
    LATE: "Late",
    MISSING: "Missing",
    NOT_YET_DUE: "Not yet due",
    NOT_APPLICABLE: "Not registered",
}

SPOKE_TO = {
    "children": "Children",
    "parents": "Parents",
    "staff": "Staff",
    "children_in_private": "Children in private, with their consent",
}
VIEWS_GATHERED = {
    "children": "Children",
    "parents": "Parents",
    "placing_authorities": "Placing authorities",
    "staff": "Staff",
}


def visit_regulation(setting_type: SettingType) -> str | None:
    return VISIT_REGULATION.get(setting_type)


def review_regulation(setting_type: SettingType) -> str | None:
    return REVIEW_REGULATION.get(setting_type)


def _first_of_month(day: date, months_ahead: int) -> date:
    month_index = day.year * 12 + (day.month - 1) + months_ahead
    return date(month_index // 12, month_index % 12 + 1, 1)


def visit_report_due(visit_day: date) -> datetime:
    """R-MON-1: the instant the report of a visit becomes late: 00:00 UK time on the first day of
    the second month after the visit's month (in time until the end of the next month)."""
    return end_of_day(_first_of_month(visit_day, 2) - timedelta(days=1))


def last_day_in_time(visit_day: date) -> date:
    """R-MON-1: the last day, UK time, on which the report of a visit is in time."""
    return _first_of_month(visit_day, 2) - timedelta(days=1)


def is_late(visit_day: date, received_at: datetime) -> bool:
    """R-MON-1: received at or after the deadline instant."""
    return received_at >= visit_report_due(visit_day)


def review_report_due(completed_on: date) -> datetime:
    """R-MON-4: the review's report is due within 28 days of completing the review."""
    return end_of_day(completed_on + timedelta(days=REVIEW_DAYS))


def next_review_due(last_completed: date | None, registered_on: date, interval_months: int) -> date:
    """R-MON-4: the next review is due at most ``interval_months`` after the last one (or after
    registration, for a setting that has had none)."""
    return workdays.add_months(last_completed or registered_on, interval_months)


def review_interval(setting_type: SettingType, configured_months: int | None) -> int:
    """Regulation 45 reviews are six-monthly; regulation 23 uses the setting's own interval."""
    if setting_type == SettingType.RESIDENTIAL_FAMILY_CENTRE and configured_months:
        return configured_months
    return DEFAULT_REVIEW_MONTHS


def months_back(today: date, count: int = 12) -> list[date]:
    """The first days of the last ``count`` months, oldest first, ending with this month."""
    return [_first_of_month(today, -offset) for offset in range(count - 1, -1, -1)]


@dataclass(frozen=True)
class MonthStatus:
    month: date
    status: str
    due: datetime


def month_status(month: date, received: list[tuple[date, datetime]], registered_on: date, now: datetime) -> MonthStatus:
    """R-MON-5: a month is covered when at least one visit in it has a report; on time when the
    first report for a visit in that month arrived before that visit's due instant."""
    due = visit_report_due(month)
    if registered_on >= _first_of_month(month, 1):
        return MonthStatus(month, NOT_APPLICABLE, due)
    in_month = [(visit, at) for visit, at in received if (visit.year, visit.month) == (month.year, month.month)]
    if in_month:
        on_time = any(at < visit_report_due(visit) for visit, at in in_month)
        return MonthStatus(month, ON_TIME if on_time else LATE, due)
    return MonthStatus(month, MISSING if now >= due else NOT_YET_DUE, due)


def visit_date_problem(visit_day: date, today: date, registered_on: date, has_reason: bool) -> str | None:
    """What is wrong with a visit date, or None (issue: bad input)."""
    if visit_day > today:
        return "Date of the visit must be today or in the past"
    if visit_day < registered_on:
        registered = f"{registered_on.day} {registered_on:%B %Y}"
        return f"Date of the visit must be on or after the setting was registered ({registered})"
    if visit_day < workdays.add_months(today, -BACKDATE_MONTHS) and not has_reason:
        return "Enter why the report of a visit more than 12 months ago is being sent now"
    return None
