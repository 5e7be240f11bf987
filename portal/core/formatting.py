"""How dates, times and deadlines read on the page: always UK time (GMT or BST as the date requires)."""

from datetime import date, datetime, time

from portal.core.clock import UK, as_utc
from portal.core.workdays import last_day, working_days_between


def uk_date(day: date | datetime | None) -> str:
    """'Tuesday 29 December 2026'."""
    if day is None:
        return ""
    if isinstance(day, datetime):
        day = as_utc(day).astimezone(UK).date()
    return f"{day:%A} {day.day} {day:%B %Y}"


def short_date(day: date | datetime | None) -> str:
    """'29 Dec 2026', for tables."""
    if day is None:
        return ""
    if isinstance(day, datetime):
        day = as_utc(day).astimezone(UK).date()
    return f"{day.day} {day:%b %Y}"


def _clock(t: time) -> str:
    hour = t.hour % 12 or 12
    suffix = "am" if t.hour < 12 else "pm"
    if t.hour == 12 and t.minute == 0:
        return "midday"
    return f"{hour}:{t.minute:02d}{suffix}"


def uk_datetime(instant: datetime | None) -> str:
    """'10:00am on Friday 18 December 2026' in UK time."""
    if instant is None:
        return ""
    local = as_utc(instant).astimezone(UK)
    return f"{_clock(local.time())} on {uk_date(local.date())}"


def deadline(instant: datetime | None) -> str:
    """A closing instant as people read it (R-WD-2).

    A window that closes at 00:00 UK time reads as '11:59pm on' the day before, the last day on
    which anything can still be received.
    """
    if instant is None:
        return ""
    instant = as_utc(instant)
    if instant.astimezone(UK).time() == time(0, 0):
        return f"11:59pm on {uk_date(last_day(instant))}"
    return uk_datetime(instant)


def in_working_days(target: date, today: date) -> str:
    """'today', 'in 1 working day', 'in 4 working days', or '3 working days ago'."""
    if target == today:
        return "today"
    if target > today:
        n = working_days_between(today, target)
        if n == 0:
            return "on the next working day"
        return f"in {n} working day{'s' if n != 1 else ''}"
    n = working_days_between(target, today)
    if n == 0:
        return "overdue"
    return f"{n} working day{'s' if n != 1 else ''} ago"
