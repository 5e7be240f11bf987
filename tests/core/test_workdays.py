"""R-WD-1 and R-WD-2: England working days and deadline windows."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from portal.core.workdays import (
    add_working_days,
    end_of_day,
    is_working_day,
    last_day,
    window_end,
    working_days_before,
    working_days_between,
)

UK = ZoneInfo("Europe/London")


@pytest.mark.parametrize(
    "day, expected",
    [
        (date(2026, 12, 24), True),  # Thursday
        (date(2026, 12, 25), False),  # Christmas Day (Friday)
        (date(2026, 12, 26), False),  # Saturday (Boxing Day)
        (date(2026, 12, 28), False),  # substitute day for Boxing Day
        (date(2026, 12, 29), True),
        (date(2027, 12, 27), False),  # substitute day for Christmas Day 2027 (a Saturday)
        (date(2027, 12, 28), False),  # substitute day for Boxing Day 2027 (a Sunday)
        (date(2027, 12, 29), True),
        (date(2027, 3, 26), False),  # Good Friday 2027
        (date(2027, 3, 29), False),  # Easter Monday 2027
        (date(2027, 5, 3), False),  # Early May bank holiday
        (date(2027, 5, 31), False),  # Spring bank holiday
        (date(2027, 8, 30), False),  # Summer bank holiday (England, not Scotland's)
        (date(2027, 8, 2), True),  # Scotland's summer holiday is a working day in England
        (date(2026, 11, 21), False),  # Saturday
        (date(2026, 11, 22), False),  # Sunday
        (date(2026, 11, 23), True),  # Monday
    ],
)
def test_working_days_follow_england_calendar(day, expected):
    """R-WD-1."""
    assert is_working_day(day) is expected


def test_the_starting_day_never_counts_even_on_a_working_day():
    """R-WD-2: Monday + 1 working day is Tuesday."""
    assert add_working_days(date(2026, 11, 23), 1) == date(2026, 11, 24)


def test_counting_skips_weekends():
    assert add_working_days(date(2026, 11, 20), 1) == date(2026, 11, 23)  # Friday -> Monday
    assert add_working_days(date(2026, 11, 21), 1) == date(2026, 11, 23)  # Saturday -> Monday


def test_christmas_2026_example_from_the_domain():
    """DOMAIN.md §4: a draft sent 10:00 Friday 18 December 2026 is open until the end of Tuesday 29th."""
    sent = datetime(2026, 12, 18, 10, 0, tzinfo=UK)
    closes = window_end(sent, 5)
    assert closes == datetime(2026, 12, 30, 0, 0, tzinfo=UK)
    assert closes.tzinfo == UTC
    assert last_day(closes) == date(2026, 12, 29)


def test_christmas_2027_substitute_days():
    # Thursday 23 December 2027: 24th (Fri) counts, then 27th and 28th are substitute days.
    assert add_working_days(date(2027, 12, 23), 2) == date(2027, 12, 29)


def test_easter_2027():
    # Thursday 25 March 2027 + 1 working day skips Good Friday, the weekend and Easter Monday.
    assert add_working_days(date(2027, 3, 25), 1) == date(2027, 3, 30)


def test_may_bank_holidays_2027():
    assert add_working_days(date(2027, 4, 30), 1) == date(2027, 5, 4)
    assert add_working_days(date(2027, 5, 28), 1) == date(2027, 6, 1)


def test_window_sent_late_at_night_counts_from_the_uk_calendar_day():
    # 23:30 UTC on Monday 22 March 2027 is still Monday in the UK (GMT): the window counts from Tuesday.
    sent = datetime(2027, 3, 22, 23, 30, tzinfo=UTC)
    assert last_day(window_end(sent, 5)) == date(2027, 3, 31)
    # 23:30 UTC on Monday 29 March 2027 is 00:30 Tuesday in BST: the window counts from Wednesday.
    sent_bst = datetime(2027, 3, 29, 23, 30, tzinfo=UTC)
    assert last_day(window_end(sent_bst, 5)) == date(2027, 4, 6)


def test_window_closes_at_uk_midnight_in_bst_and_gmt():
    summer = window_end(datetime(2027, 6, 1, 9, 0, tzinfo=UK), 5)
    assert summer == datetime(2027, 6, 8, 23, 0, tzinfo=UTC)  # 00:00 BST
    winter = window_end(datetime(2027, 1, 11, 9, 0, tzinfo=UK), 5)
    assert winter == datetime(2027, 1, 19, 0, 0, tzinfo=UTC)  # 00:00 GMT


def test_window_across_the_clocks_going_back():
    # Clocks go back on Sunday 31 October 2027: the window's end is in GMT.
    closes = window_end(datetime(2027, 10, 27, 12, 0, tzinfo=UK), 5)
    assert closes == datetime(2027, 11, 4, 0, 0, tzinfo=UTC)
    assert closes.astimezone(UK).hour == 0


def test_month_end_and_leap_year():
    assert add_working_days(date(2028, 2, 28), 1) == date(2028, 2, 29)
    assert add_working_days(date(2027, 2, 26), 1) == date(2027, 3, 1)


def test_naive_start_is_refused():
    with pytest.raises(ValueError):
        window_end(datetime(2026, 12, 18, 10, 0), 5)


def test_zero_working_days_is_refused():
    with pytest.raises(ValueError):
        add_working_days(date(2026, 12, 18), 0)


def test_end_of_day_is_uk_midnight():
    assert end_of_day(date(2027, 7, 1)) == datetime(2027, 7, 1, 23, 0, tzinfo=UTC)


def test_counting_back_and_between():
    assert working_days_before(date(2026, 12, 29), 1) == date(2026, 12, 24)
    assert working_days_between(date(2026, 12, 24), date(2026, 12, 29)) == 1
    assert working_days_between(date(2026, 12, 29), date(2026, 12, 24)) == 0
