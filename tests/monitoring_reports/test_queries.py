"""Queries per request do not grow with the data (R-MON-4, R-MON-5): counted, never timed.

A setting sends a visit report a month, so five years is sixty rows on its monitoring page, and
the inspectorate's list spans every setting in England; each page must read them in a fixed
number of queries, not one more per report or per setting.
"""

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import event

from portal.extensions import db as _db
from portal.monitoring_reports import compliance, services
from tests.files import pdf_bytes, upload


def _at(year, month, day):
    return datetime(year, month, day, 10, tzinfo=UTC)


def _queries(client, path: str) -> int:
    statements = []
    listener = lambda *_args, **_kwargs: statements.append(1)  # noqa: E731
    event.listen(_db.engine, "before_cursor_execute", listener)
    try:
        response = client.get(path)
    finally:
        event.remove(_db.engine, "before_cursor_execute", listener)
    assert response.status_code == 200
    return len(statements)


def _send_visits(make, setting, user, months):
    for month in months:
        make.report(setting, user, visit_date=date(2026, month, 5))


def _send_review(setting, user, completed_on, received):
    """A quality-of-care review received through the real use cases."""
    answers = {
        "period_start": completed_on - timedelta(days=180),
        "period_end": completed_on,
        "completed_on": completed_on,
        "views_gathered": ["children"],
        "actions": "Update the plan.",
    }
    pending = services.prepare(user, setting, "review", answers, upload(pdf_bytes("review")), received)
    return services.submit(pending, user, received)


def test_provider_monitoring_page_reads_any_number_of_reports_in_the_same_queries(client, login_as, world, make):
    _send_visits(make, world.home, world.rm, [9, 10])
    login_as(world.rm)
    path = f"/settings/{world.home.id}/monitoring"
    few = _queries(client, path)
    _send_visits(make, world.home, world.rm, range(1, 9))
    many = _queries(client, path)
    assert few == many


def test_inspectorate_setting_page_reads_any_number_of_reports_in_the_same_queries(client, login_as, world, make):
    _send_visits(make, world.home, world.rm, [9, 10])
    login_as(world.manager)
    path = f"/inspectorate/monitoring/settings/{world.home.id}"
    few = _queries(client, path)
    _send_visits(make, world.home, world.rm, range(1, 9))
    many = _queries(client, path)
    assert few == many


def test_oversight_reads_any_number_of_settings_and_reports_in_the_same_queries(client, login_as, world, make):
    _send_visits(make, world.home, world.rm, [9])
    login_as(world.manager)
    few = _queries(client, "/inspectorate/monitoring")
    for _ in range(3):
        home = make.setting(world.provider, "CH")
        manager = make.user(world.rm.role_enum, world.provider, [home])
        _send_visits(make, home, manager, [7, 8, 9])
        _send_review(home, manager, date(2026, 5, 10), _at(2026, 5, 20))
    many = _queries(client, "/inspectorate/monitoring")
    assert few == many


def test_the_latest_review_is_found_among_years_of_them(db, world):
    """R-MON-4: the review status reads the most recent completion, whatever arrived last."""
    _send_review(world.home, world.rm, date(2026, 5, 10), _at(2026, 5, 20))
    _send_review(world.home, world.rm, date(2025, 11, 10), _at(2026, 6, 1))  # an older review sent late
    _send_review(world.home, world.rm, date(2025, 5, 10), _at(2025, 5, 20))
    status = compliance.for_setting(world.home, _at(2026, 11, 18)).review
    assert status.last_completed == date(2026, 5, 10) and status.last_received == _at(2026, 5, 20)
    assert status.last_on_time is True
