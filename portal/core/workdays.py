"""England working days and deadline windows: the one implementation of R-WD-1 and R-WD-2.

Bank holidays (with substitute days) come from the maintained ``holidays`` package, England
subdivision, never from a hand-written list.
"""

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache

import holidays

from portal.core.clock import UK


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def is_working_day(day: date) -> bool:
    """R-WD-1: Monday to Friday, except bank holidays in England (substitute days included)."""
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


@lru_cache(maxsize=8192)
def add_working_days(day: date, n: int) -> date:
    """R-WD-2: the n-th working day after ``day``; ``day`` itself never counts.

    ``n`` must be at least 1 (a window of no working days has no last day). Kept per (day, n):
    a list of fifty inspections works out each one's report targets, and walking the calendar a
    day at a time for each was most of the page's time; bank holidays do not change while the
    process runs (a new one comes with an upgrade of ``holidays``, hence a restart).
    """
    if n < 1:
        raise ValueError("n must be at least 1")
    current = day
    counted = 0
    while counted < n:
        current += timedelta(days=1)
        if is_working_day(current):
            counted += 1
    return current


def end_of_day(day: date) -> datetime:
    """The aware UTC instant at which ``day`` ends in England: 00:00 Europe/London the next day."""
    return datetime.combine(day + timedelta(days=1), time(0, 0), tzinfo=UK).astimezone(UTC)


def window_end(start: datetime, working_days: int) -> datetime:
    """R-WD-2: the aware UTC instant at which a window of ``working_days`` from ``start`` closes.

    The window counts from the first working day after ``start``'s calendar day in England and
    stays open until 00:00 Europe/London after its last working day. Anything received strictly
    before the returned instant is in time.
    """
    if start.tzinfo is None:
        raise ValueError("start must be timezone-aware")
    start_day = start.astimezone(UK).date()
    return end_of_day(add_working_days(start_day, working_days))


@lru_cache(maxsize=8192)
def working_days_between(start: date, end: date) -> int:
    """How many working days fall after ``start`` up to and including ``end`` (0 if none).

    This is the "in N working days" of a deadline on ``end`` seen on ``start``.
    """
    if end <= start:
        return 0
    count = 0
    current = start
    while current < end:
        current += timedelta(days=1)
        if is_working_day(current):
            count += 1
    return count


def working_days_before(day: date, n: int) -> date:
    """The n-th working day before ``day`` (``day`` itself never counts); for schedules and demo data."""
    if n < 1:
        raise ValueError("n must be at least 1")
    current = day
    counted = 0
    while counted < n:
        current -= timedelta(days=1)
        if is_working_day(current):
            counted += 1
    return current


def last_day(deadline: datetime) -> date:
    """The last calendar day in England on which something is in time for ``deadline``.

    The inverse of :func:`end_of_day` for a midnight deadline; otherwise the deadline's own day.
    """
    local = deadline.astimezone(UK)
    if local.time() == time(0, 0):
        return local.date() - timedelta(days=1)
    return local.date()


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (or earlier), or the month's last day when it has no such day
    (a review due six months after 31 August is due on the last day of February)."""
    index = day.year * 12 + (day.month - 1) + months
    first = date(index // 12, index % 12 + 1, 1)
    following = index + 1
    last_day = (date(following // 12, following % 12 + 1, 1) - timedelta(days=1)).day
    return first.replace(day=min(day.day, last_day))
