"""The published reports in pages (issue 17): 50 a page, newest first, counted in SQL; the search
and the filters kept in every page link; htmx swaps the results in place; odd page numbers never an
error; the same statements for one page of a few reports or many."""

import re
from datetime import timedelta

from portal.inspections import rules as inspection_rules
from tests.inspection_reports.publication_support import PUBLISH, graded, sent_final
from tests.monitoring_reports.test_queries import _queries

INDEX = "/published-reports/"
NOW = PUBLISH + timedelta(days=30)


def _published(app, db, make, world, count, start=0, at=None, **place):
    """``count`` settings with one published report each, the n-th published n minutes after PUBLISH
    (or all at ``at``), named so their order is known."""
    app.config["FROZEN_NOW"] = NOW
    for n in range(start, start + count):
        setting = make.setting(world.provider, "CH", name=f"Home {n:03d}", **place)
        sent_final(
            db,
            make,
            setting,
            world.inspector,
            judgements=graded(inspection_rules.GOOD),
            publish_at=at or PUBLISH + timedelta(minutes=n),
        )


def _names_on(page: str) -> list[str]:
    return re.findall(r'<a class="govuk-link" href="/published-reports/\d+">([^<]+)</a>', page)


def test_fifty_reports_a_page_newest_first_with_the_count_of_all(app, client, db, make, world):
    _published(app, db, make, world, 53)
    first = client.get(INDEX).get_data(as_text=True)
    second = client.get(f"{INDEX}?page=2").get_data(as_text=True)
    assert "53 reports, newest first" in first and "Showing 1 to 50 of 53 reports, newest first." in first
    assert "Showing 51 to 53 of 53 reports, newest first." in second
    assert _names_on(first) == [f"Home {n:03d}" for n in range(52, 2, -1)]
    assert _names_on(second) == ["Home 002", "Home 001", "Home 000"]
    assert 'href="/published-reports/?page=2"' in first and 'rel="prev"' not in first  # no empty filters
    assert 'rel="prev"' in second and 'aria-current="page"' in second
    assert '<span class="govuk-visually-hidden">, page 2 of 2</span>' in second
    assert 'aria-label="Pages of published reports"' in first


def test_reports_published_at_the_same_moment_are_never_on_two_pages(app, client, db, make, world):
    _published(app, db, make, world, 55, at=PUBLISH)
    pages = [_names_on(client.get(f"{INDEX}?page={n}").get_data(as_text=True)) for n in (1, 2)]
    assert pages[0] + pages[1] == [f"Home {n:03d}" for n in range(54, -1, -1)]


def test_the_filters_are_kept_in_every_page_link(app, client, db, make, world):
    _published(app, db, make, world, 52, local_authority="Cornwall", region="South West")
    _published(app, db, make, world, 5, start=100)  # Leeds, Yorkshire and the Humber
    first = client.get(f"{INDEX}?local_authority=Cornwall&region=South+West").get_data(as_text=True)
    assert "52 reports found" in first and len(_names_on(first)) == 50
    links = re.findall(r'href="(/published-reports/\?[^"]*page=[^"]*)"', first)
    assert links and all("local_authority=Cornwall" in link and "region=South+West" in link for link in links)
    assert all("q=" not in link for link in links)
    second = client.get(links[-1].replace("&amp;", "&")).get_data(as_text=True)
    assert _names_on(second) == ["Home 001", "Home 000"] and "Home 100" not in second


def test_the_urn_searched_is_kept_in_every_page_link(app, client, db, make, world):
    setting = make.setting(world.provider, "CH", name="Often inspected")
    app.config["FROZEN_NOW"] = NOW
    for n in range(51):
        sent_final(db, make, setting, world.inspector, publish_at=PUBLISH + timedelta(minutes=n))
    _published(app, db, make, world, 3)
    first = client.get(f"{INDEX}?q={setting.urn.lower()}").get_data(as_text=True)
    assert "51 reports found" in first and set(_names_on(first)) == {"Often inspected"}
    assert f'href="/published-reports/?page=2&amp;q={setting.urn.lower()}"' in first  # the search as typed
    second = client.get(f"{INDEX}?q={setting.urn}&page=2").get_data(as_text=True)
    assert _names_on(second) == ["Often inspected"] and "Showing 51 to 51 of 51" in second


def test_a_page_of_results_answers_htmx_with_the_results_only(app, client, db, make, world):
    _published(app, db, make, world, 52)
    fragment = client.get(f"{INDEX}?page=2", headers={"HX-Request": "true"})
    body = fragment.get_data(as_text=True)
    assert fragment.status_code == 200 and "<h1" not in body and "<form" not in body
    assert _names_on(body) == ["Home 001", "Home 000"] and "HX-Request" in fragment.headers.get("Vary", "")
    assert 'hx-boost="true"' in body and 'hx-target="#published-results"' in body
    whole = client.get(f"{INDEX}?page=2").get_data(as_text=True)
    assert "<h1" in whole and _names_on(whole) == ["Home 001", "Home 000"]


def test_odd_page_numbers_show_a_page_never_an_error(app, client, db, make, world):
    _published(app, db, make, world, 51)
    for query in (
        "page=abc",
        "page=0",
        "page=-1",
        "page=999999",
        "page=99999999999999999999",
        "page=%00",
        "page=%C2%B2",
    ):
        assert client.get(f"{INDEX}?{query}").status_code == 200, query
    assert "Showing 51 to 51 of 51" in client.get(f"{INDEX}?page=999999").get_data(as_text=True)
    assert "Showing 1 to 50 of 51" in client.get(f"{INDEX}?page=abc").get_data(as_text=True)
    postcode = client.get(f"{INDEX}?q=LS6+2QT&page=3").get_data(as_text=True)
    assert "No reports found" in postcode and "govuk-pagination" not in postcode


def test_one_page_costs_the_same_statements_for_a_few_reports_or_many(app, client, db, make, world):
    _published(app, db, make, world, 2)
    few = _queries(client, INDEX)
    _published(app, db, make, world, 80, start=10)
    _published(app, db, make, world, 60, start=200, local_authority="Cornwall", region="South West")
    assert _queries(client, INDEX) == few == _queries(client, f"{INDEX}?page=3")
    assert _queries(client, f"{INDEX}?region=South+West&page=2") == few


def _statements(client, path: str) -> list[str]:
    from sqlalchemy import event

    from portal.extensions import db as _db

    statements = []
    listener = lambda _conn, _cursor, statement, *_rest: statements.append(statement)  # noqa: E731
    event.listen(_db.engine, "before_cursor_execute", listener)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(_db.engine, "before_cursor_execute", listener)
    return statements


def test_the_count_reads_the_sent_finals_alone_and_the_page_never_the_report_texts(app, client, db, make, world):
    """At national scale the count of every published report is the costly part: without a search
    it reads the index of sent finals, not the inspections, settings or report texts (issue 17)."""
    _published(app, db, make, world, 3)
    statements = _statements(client, INDEX)
    count = next(s for s in statements if s.lstrip().upper().startswith("SELECT COUNT("))
    assert "FROM inspection_reports" in count and "JOIN" not in count  # no inspection, setting, eager load
    page = next(s for s in statements if "ORDER BY inspection_reports.publish_at DESC" in s)
    assert "inspection_reports.content" not in page and "inspection_reports.draft" not in page
    assert not re.search(r"(SELECT|,) inspection_reports\.final(,| FROM)", page)  # only the judgements inside it
    searched = _statements(client, f"{INDEX}?region=Yorkshire+and+the+Humber")
    assert "JOIN settings" in next(s for s in searched if s.lstrip().upper().startswith("SELECT COUNT("))
