"""Queries per request do not grow with a setting's history (R-MON-5's grid and the report list).

A setting sends a visit report a month, so five years is sixty rows on its monitoring page; the
page must read them in a fixed number of queries, not one more per report. Counted, never timed.
"""

from datetime import date

from sqlalchemy import event

from portal.extensions import db as _db

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
    with client.session_transaction() as session:
        session["second_factor"] = "done"   # the inspectorate signs in with a code
    path = f"/inspectorate/monitoring/settings/{world.home.id}"
    few = _queries(client, path)
    _send_visits(make, world.home, world.rm, range(1, 9))
    many = _queries(client, path)
    assert few == many
