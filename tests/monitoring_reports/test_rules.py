"""R-MON-1, R-MON-4, R-MON-5: due dates and month statuses."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from portal.monitoring_reports import rules

UK = ZoneInfo("Europe/London")


@pytest.mark.parametrize(
    "visit, last_day",
    [
        (date(2027, 3, 14), date(2027, 4, 30)),  # the DOMAIN.md example
        (date(2027, 1, 31), date(2027, 2, 28)),  # the example: end of February
        (date(2028, 1, 31), date(2028, 2, 29)),  # leap year
        (date(2026, 11, 30), date(2026, 12, 31)),  # across the year end
        (date(2026, 12, 1), date(2027, 1, 31)),
        (date(2027, 2, 1), date(2027, 3, 31)),  # the clocks change on 28 March 2027: due instant in BST
    ],
)
def test_visit_report_due_at_the_end_of_the_next_month(visit, last_day):
    due = rules.visit_report_due(visit)
    assert due.tzinfo == UTC
    local = due.astimezone(UK)
    assert (local.hour, local.minute) == (0, 0)
    assert local.date() == last_day + timedelta(days=1)


def test_visit_report_due_in_bst_and_gmt():
    assert rules.visit_report_due(date(2027, 3, 14)) == datetime(2027, 4, 30, 23, 0, tzinfo=UTC)
    assert rules.visit_report_due(date(2026, 11, 14)) == datetime(2027, 1, 1, 0, 0, tzinfo=UTC)


def test_review_rules():
    assert rules.review_report_due(date(2027, 1, 10)) == datetime(2027, 2, 8, 0, 0, tzinfo=UTC)
    assert rules.next_review_due(date(2026, 8, 31), date(2020, 1, 1), 6) == date(2027, 2, 28)
    assert rules.next_review_due(None, date(2026, 5, 1), 6) == date(2026, 11, 1)
    assert rules.review_interval(rules.SettingType.RESIDENTIAL_FAMILY_CENTRE, 3) == 3
    assert rules.review_interval(rules.SettingType.CHILDRENS_HOME, 3) == 6


def test_regulations_per_setting_type():
    assert rules.visit_regulation(rules.SettingType.CHILDRENS_HOME) == "44"
    assert rules.visit_regulation(rules.SettingType.RESIDENTIAL_FAMILY_CENTRE) == "25"
    assert rules.review_regulation(rules.SettingType.RESIDENTIAL_FAMILY_CENTRE) == "23"
    assert rules.visit_regulation(rules.SettingType.SECURE_TRAINING_CENTRE) is None


NOW = datetime(2026, 11, 18, 12, 0, tzinfo=UTC)


def at(day: date, hour=12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UK)


def test_month_statuses():
    registered = date(2020, 1, 1)
    received = [
        (date(2026, 8, 10), at(date(2026, 9, 30), 23)),  # on time: 23:00 BST on the last day
        (date(2026, 7, 5), at(date(2026, 9, 1), 0)),  # late: 00:00 on the day after the deadline
        (date(2026, 10, 2), at(date(2026, 10, 20))),
    ]
    status = lambda month: rules.month_status(month, received, registered, NOW).status  # noqa: E731
    assert status(date(2026, 8, 1)) == rules.ON_TIME
    assert status(date(2026, 7, 1)) == rules.LATE
    assert status(date(2026, 9, 1)) == rules.MISSING  # due by the end of October
    assert status(date(2026, 10, 1)) == rules.ON_TIME
    assert status(date(2026, 11, 1)) == rules.NOT_YET_DUE
    assert rules.month_status(date(2026, 6, 1), received, date(2026, 7, 15), NOW).status == rules.NOT_APPLICABLE
    assert rules.month_status(date(2026, 7, 1), [], date(2026, 7, 15), NOW).status == rules.MISSING


def test_several_visits_in_a_month_cover_it_if_any_is_on_time():
    received = [(date(2026, 8, 1), at(date(2026, 10, 5))), (date(2026, 8, 20), at(date(2026, 9, 2)))]
    assert rules.month_status(date(2026, 8, 1), received, date(2020, 1, 1), NOW).status == rules.ON_TIME


def test_visit_date_problems():
    today = date(2026, 11, 18)
    registered = date(2024, 1, 10)
    assert "today or in the past" in rules.visit_date_problem(date(2026, 11, 19), today, registered, False)
    assert "registered" in rules.visit_date_problem(date(2024, 1, 9), today, registered, False)
    assert rules.visit_date_problem(date(2025, 11, 17), today, registered, False).startswith("Enter why")
    assert rules.visit_date_problem(date(2025, 11, 17), today, registered, True) is None
    assert rules.visit_date_problem(date(2025, 11, 18), today, registered, False) is None


def test_twelve_months_end_with_this_month():
    months = rules.months_back(date(2026, 11, 18))
    assert months[0] == date(2025, 12, 1) and months[-1] == date(2026, 11, 1) and len(months) == 12
