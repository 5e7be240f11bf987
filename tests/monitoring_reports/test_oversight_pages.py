"""The inspectorate's list of late and missing reports in pages (R-MON-5): 50 settings a page,
most months missing first, the count of all, filters kept from page to page, odd input never a 500,
and the same queries for one page of a few settings as for one page of many."""

import re
from datetime import date

from portal.monitoring_reports import gaps
from tests.conftest import FROZEN
from tests.monitoring_reports.test_queries import _queries


def _homes(make, world, count, prefix="Home"):
    """Settings with every month missing (none sends a report), named so their order is known."""
    return [make.setting(world.provider, "CH", name=f"{prefix} {n:03d}") for n in range(count)]


def _names_on(page: str) -> list[str]:
    return re.findall(r'class="govuk-link" href="/inspectorate/monitoring/settings/\d+">([^<]+)</a>', page)


def test_fifty_settings_a_page_with_the_count_of_all(client, login_as, world, make):
    _homes(make, world, 53)
    login_as(world.manager)
    first = client.get("/inspectorate/monitoring").get_data(as_text=True)
    # world: Oak House and Ash House (CH) and Rival House (SCH) have gaps too: 56 in all.
    assert "56 settings have a monthly report missing or late" in first
    assert "Showing 1 to 50, most months missing first." in first
    assert len(_names_on(first)) == 50
    assert 'class="govuk-pagination"' in first and 'rel="next"' in first and 'rel="prev"' not in first
    assert 'href="/inspectorate/monitoring?page=2"' in first
    second = client.get("/inspectorate/monitoring?page=2").get_data(as_text=True)
    assert "Showing 51 to 56" in second and len(_names_on(second)) == 6
    assert 'rel="prev"' in second and 'aria-current="page"' in second
    assert not set(_names_on(first)) & set(_names_on(second))


def test_the_most_missing_come_first(client, login_as, world, make):
    reporting = make.setting(world.provider, "CH", name="AAA sends most months")
    for month in range(1, 11):
        make.report(reporting, world.rm, visit_date=date(2026, month, 5))
    _homes(make, world, 3)
    login_as(world.manager)
    names = _names_on(client.get("/inspectorate/monitoring").get_data(as_text=True))
    assert names[-1] == "AAA sends most months"  # 1 month missing against 10 for the others
    assert names[:3] == ["Ash House", "Home 000", "Home 001"]  # ties by name


def test_filters_by_type_and_keeps_them_in_the_page_links(client, login_as, world, make):
    _homes(make, world, 60)
    family = make.setting(world.provider, "RFC", name="Family centre")
    login_as(world.manager)
    by_type = client.get("/inspectorate/monitoring?setting_type=RFC").get_data(as_text=True)
    assert _names_on(by_type) == [family.name] and "govuk-pagination" not in by_type
    assert '<option value="RFC" selected>' in by_type
    homes = client.get("/inspectorate/monitoring?setting_type=CH&region=Yorkshire+and+the+Humber").get_data(
        as_text=True
    )
    assert family.name not in homes
    assert "page=2" in homes and "setting_type=CH" in homes and "region=Yorkshire+and+the+Humber" in homes


def test_odd_input_shows_a_page_never_an_error(client, login_as, world, make):
    _homes(make, world, 55)
    login_as(world.manager)
    for query in (
        "page=abc",
        "page=-1",
        "page=0",
        "page=99999999999999999999",
        "page=1.5",
        "page=%C2%B2",
        "setting_type=STC",
        "setting_type=%27%3B--",
        "region=Nowhere",
        "page=%00",
    ):
        response = client.get(f"/inspectorate/monitoring?{query}")
        assert response.status_code == 200, query
    beyond = client.get("/inspectorate/monitoring?page=9").get_data(as_text=True)
    assert "Showing 51 to 58" in beyond  # past the end: the last page
    nowhere = client.get("/inspectorate/monitoring?region=Nowhere").get_data(as_text=True)
    assert "Every setting's reports are in, on time." in nowhere


def test_a_page_of_the_list_answers_htmx_with_the_results_only(client, login_as, world, make):
    _homes(make, world, 55)
    login_as(world.manager)
    fragment = client.get("/inspectorate/monitoring?page=2", headers={"HX-Request": "true"})
    body = fragment.get_data(as_text=True)
    assert fragment.status_code == 200 and "<h1" not in body and "Showing 51 to 58" in body
    assert 'hx-boost="true"' in body and 'hx-target="#oversight-results"' in body


def test_providers_cannot_open_the_list(client, login_as, world):
    for user in (world.ri, world.rm, world.rival_ri):
        login_as(user)
        assert client.get("/inspectorate/monitoring?page=2").status_code in (403, 404)


def test_one_page_costs_the_same_queries_for_a_few_settings_or_many(client, login_as, world, make):
    login_as(world.manager)
    few = _queries(client, "/inspectorate/monitoring")
    for home in _homes(make, world, 70):
        if home.name.endswith("5"):
            make.report(home, world.rm, visit_date=date(2026, 9, 5))
    make.setting(world.provider, "RFC", name="Family centre", review_interval_months=12)
    many = _queries(client, "/inspectorate/monitoring")
    later_page = _queries(client, "/inspectorate/monitoring?page=2&setting_type=CH")
    assert few == many == later_page


def test_the_count_and_the_pages_agree(db, world, make):
    _homes(make, world, 12)
    first = gaps.page(FROZEN, per_page=5)
    last = gaps.page(FROZEN, page=3, per_page=5)
    assert (first.total, first.pages, first.first, first.last) == (15, 3, 1, 5)
    assert (last.page, last.first, last.last, len(last.statuses)) == (3, 11, 15, 5)


def test_the_count_of_not_safeguarded_opinions_reads_each_reports_current_version(client, login_as, world, make):
    """R-MON-3: the page counts reports whose current version gives the opinion, among the settings
    chosen; a correction to "yes" takes its report out of the count, a correction to "no" puts one in."""
    from portal.monitoring_reports import services
    from tests.files import pdf_bytes, upload

    first = make.report(world.home, world.ip, safeguarding_effective=False)
    make.report(world.home, world.ip, visit_date=date(2026, 9, 14), safeguarding_effective=False)
    later = make.report(world.home, world.ip, visit_date=date(2026, 8, 14), safeguarding_effective=True)
    login_as(world.manager)

    def count(path="/inspectorate/monitoring"):
        page = client.get(path).get_data(as_text=True)
        if "No report gives the opinion that children are not effectively safeguarded" in page:
            return 0
        return int(re.search(r"<strong>(\d+)</strong> reports? gives? the opinion", page).group(1))

    assert count() == 2
    assert count(f"/inspectorate/monitoring?region={world.home.region}x") == 0

    def correct(report, safe):
        answers = {"visit_date": report.current.visit_date, "safeguarding_effective": safe, "reason": "Wrong answer"}
        pending = services.prepare(world.ip, world.home, "visit", answers, upload(pdf_bytes()), FROZEN, report)
        services.submit(pending, world.ip, FROZEN)

    correct(first, True)
    assert count() == 1
    correct(later, False)
    assert count() == 2


def test_the_count_of_not_safeguarded_opinions_opens_as_the_list_of_those_reports(client, login_as, world, make, db):
    """The count is a link to the reports behind it, with the same filters; 50 a page, newest
    first; an inspector sees only those of the settings they oversee; providers never."""
    leeds = [make.setting(world.provider, "CH", name=f"Leeds home {n:02d}") for n in range(3)]
    cornwall = make.setting(world.provider, "CH", name="Cornwall home", local_authority="Cornwall", region="South West")
    reports = [
        make.report(setting, world.rm, visit_date=date(2026, month, 3), safeguarding_effective=False)
        for setting in leeds
        for month in range(1, 11)
    ]  # 30, received in this order
    make.report(cornwall, world.rm, visit_date=date(2026, 10, 2), safeguarding_effective=False)
    make.report(leeds[0], world.rm, visit_date=date(2026, 11, 2), safeguarding_effective=True)
    for n, report in enumerate(reports):  # 30 reports received a minute apart, the last newest
        report.received_at = FROZEN.replace(hour=8, minute=n)
    db.session.commit()
    login_as(world.manager)
    oversight_page = client.get("/inspectorate/monitoring?region=Yorkshire+and+the+Humber").get_data(as_text=True)
    link = "/inspectorate/monitoring/not-safeguarded?region=Yorkshire+and+the+Humber"
    assert f'href="{link}"' in oversight_page and "<strong>30</strong> reports give the opinion" in oversight_page
    page = client.get(link).get_data(as_text=True)
    assert "30 reports give this opinion." in page and "in the settings you filtered: Yorkshire and the Humber" in page
    shown = re.findall(r'href="/inspectorate/visit-reports/(\d+)">', page)
    assert shown == [str(r.id) for r in reversed(reports)]
    assert "Cornwall home" not in page
    everywhere = client.get("/inspectorate/monitoring/not-safeguarded").get_data(as_text=True)
    assert "31 reports give this opinion." in everywhere and "Cornwall home" in everywhere
    fragment = client.get(f"{link}&page=1", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "<html" not in fragment and "30 reports give this opinion." in fragment
    assert client.get("/inspectorate/monitoring/not-safeguarded?page=x&setting_type=nonsense").status_code == 200
    for outsider in (world.rm, world.ri):
        login_as(outsider)
        assert client.get("/inspectorate/monitoring/not-safeguarded").status_code in (403, 404)


def test_the_not_safeguarded_list_pages_by_fifty(client, login_as, world, make):
    for month in range(1, 13):
        for day in (3, 4, 5, 6, 7):
            make.report(
                world.home,
                world.rm,
                visit_date=date(2026 if month < 12 else 2025, month, day),
                safeguarding_effective=False,
            )
    login_as(world.manager)
    first = client.get("/inspectorate/monitoring/not-safeguarded").get_data(as_text=True)
    second = client.get("/inspectorate/monitoring/not-safeguarded?page=2").get_data(as_text=True)
    assert "Showing 1 to 50 of 60 reports, newest first." in first and 'rel="next"' in first
    assert "Showing 51 to 60 of 60 reports, newest first." in second
    ids = [re.findall(r'href="/inspectorate/visit-reports/(\d+)">', page) for page in (first, second)]
    assert len(ids[0]) == 50 and len(ids[1]) == 10 and not set(ids[0]) & set(ids[1])
