"""The inspectorate's dashboard and timeliness list a page at a time (issue 17): 50 a page, the
count of all, order from SQL, odd page numbers never an error, htmx swapping the list in place,
and the same statements for a page of a few inspections as for a page of many."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest

from portal.inspections import rules
from tests.monitoring_reports.test_queries import _queries


def _inspections(make, world, count, status=rules.ENDED, lead=None, first=date(2026, 1, 5)):
    """``count`` inspections of Oak House, a day apart, each ended on its first day."""
    return [
        make.inspection(
            world.home,
            lead or world.inspector,
            status=status,
            start=first + timedelta(days=n),
            end=first + timedelta(days=n) if status != rules.ON_SITE else None,
        )
        for n in range(count)
    ]


def _linked(page: str) -> list[int]:
    return [int(n) for n in re.findall(r'<a class="govuk-link" href="/inspectorate/inspections/(\d+)">', page)]


def test_the_dashboard_shows_fifty_inspections_a_page_newest_first(client, login_as, world, make):
    made = _inspections(make, world, 53, status=rules.ON_SITE)
    login_as(world.manager)
    first = client.get("/inspectorate/").get_data(as_text=True)
    # world: one more inspection of each provider (started 2 November 2026, the newest two).
    assert "Showing 1 to 50 of 55 inspections, newest first." in first
    newest = sorted(made, key=lambda i: i.start_date, reverse=True)
    assert _linked(first)[2:] == [i.id for i in newest[:48]]
    assert 'href="/inspectorate/?page=2"' in first and 'hx-target="#worklist"' in first
    second = client.get("/inspectorate/?page=2").get_data(as_text=True)
    assert _linked(second) == [i.id for i in newest[48:]]
    assert "Showing 51 to 55 of 55" in second and 'aria-current="page"' in second


def test_an_inspector_pages_only_their_own(client, login_as, world, make):
    _inspections(make, world, 52, status=rules.ON_SITE, lead=world.colleague)
    login_as(world.inspector)
    page = client.get("/inspectorate/").get_data(as_text=True)
    assert _linked(page) == [world.inspection.id] and "govuk-pagination" not in page


def test_htmx_gets_only_the_list(client, login_as, world, make):
    _inspections(make, world, 51, status=rules.ON_SITE)
    login_as(world.manager)
    response = client.get("/inspectorate/?page=2", headers={"HX-Request": "true", "HX-Target": "worklist"})
    fragment = response.get_data(as_text=True)
    assert "<html" not in fragment and "Showing 51 to 53 of 53" in fragment
    assert "HX-Request" in response.headers["Vary"]


@pytest.mark.parametrize("path", ["/inspectorate/", "/inspectorate/timeliness"])
@pytest.mark.parametrize("number", ["abc", "0", "-1", "999999", "1" * 40, "%00"])
def test_odd_page_numbers_show_a_page(client, login_as, world, make, path, number):
    _inspections(make, world, 3)
    login_as(world.manager)
    response = client.get(f"{path}?page={number}")
    assert response.status_code == 200
    # world: two inspections on site, listed on the dashboard but not ended, so not in the timeliness list.
    assert len(_linked(response.get_data(as_text=True))) == (5 if path == "/inspectorate/" else 3)


def test_the_timeliness_list_pages_at_risk_first_then_the_most_recently_ended(client, login_as, world, make):
    # Ended in January and never sent a draft: every one has missed its target, so is at risk.
    missed = _inspections(make, world, 30)
    done = [
        make.inspection(
            world.other_home,
            world.inspector,
            status=rules.FINAL_SENT,
            start=date(2026, 3, 2) + timedelta(days=n),
            end=date(2026, 3, 2) + timedelta(days=n),
            draft_sent_at=datetime(2026, 4, 1, tzinfo=UTC),
            final_sent_at=datetime(2026, 4, 20, tzinfo=UTC),
        )
        for n in range(30)
    ]
    login_as(world.manager)
    first = client.get("/inspectorate/timeliness").get_data(as_text=True)
    assert "30 inspections are at risk." in first
    assert "Showing 1 to 50 of 60 ended inspections" in first
    assert _linked(first) == [i.id for i in missed] + [i.id for i in reversed(done)][:20]
    second = client.get("/inspectorate/timeliness?page=2").get_data(as_text=True)
    assert _linked(second) == [i.id for i in reversed(done)][20:]
    assert first.count("At risk</strong>") == 30 and "At risk</strong>" not in second


def _finals(make, world, count):
    for n in range(count):
        day, sent = date(2026, 7, 1) + timedelta(days=n), datetime(2026, 8, 1, tzinfo=UTC)
        make.inspection(
            world.other_home,
            world.inspector,
            status=rules.FINAL_SENT,
            start=day,
            end=day,
            draft_sent_at=sent,
            final_sent_at=sent,
        )


@pytest.mark.parametrize("path", ["/inspectorate/", "/inspectorate/timeliness", "/inspectorate/monitoring"])
def test_statements_do_not_grow_with_the_inspections(client, login_as, world, make, path):
    _inspections(make, world, 3)
    _finals(make, world, 1)
    login_as(world.manager)
    _queries(client, path)  # warm: the user and the session's first reads
    few = _queries(client, path)
    _inspections(make, world, 70, first=date(2025, 6, 2))
    _inspections(make, world, 10, status=rules.ON_SITE, first=date(2026, 10, 1))
    _finals(make, world, 20)  # each asked once, with the others, whether it is published
    # Never more; fewer where a part of the page is empty (its related rows are then not asked for).
    assert _queries(client, path) <= few
