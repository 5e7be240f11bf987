"""Times are shown in UK time, and deadlines as people read them (R-WD-2)."""

from datetime import UTC, date, datetime

from portal.core.formatting import deadline, in_working_days, uk_date, uk_datetime
from portal.core.workdays import window_end


def test_deadline_reads_as_1159pm_on_the_last_day():
    closes = window_end(datetime(2026, 12, 18, 10, 0, tzinfo=UTC), 5)
    assert deadline(closes) == "11:59pm on Tuesday 29 December 2026"


def test_times_are_shown_in_bst_in_summer_and_gmt_in_winter():
    assert uk_datetime(datetime(2027, 7, 1, 16, 0, tzinfo=UTC)) == "5:00pm on Thursday 1 July 2027"
    assert uk_datetime(datetime(2027, 1, 4, 16, 0, tzinfo=UTC)) == "4:00pm on Monday 4 January 2027"
    assert uk_date(datetime(2027, 6, 30, 23, 30, tzinfo=UTC)) == "Thursday 1 July 2027"


def test_in_working_days_wording():
    today = date(2026, 12, 24)
    assert in_working_days(date(2026, 12, 24), today) == "today"
    assert in_working_days(date(2026, 12, 29), today) == "in 1 working day"
    assert in_working_days(date(2026, 12, 31), today) == "in 3 working days"
    assert in_working_days(date(2026, 12, 22), today) == "2 working days ago"
