"""The responsible individual's dashboard at any size (R-MON-5, R-ROLE-1): a row per setting, read
in the same queries for two settings as for many with years of reports, and only their own."""

import re
from datetime import date, timedelta
from random import Random

from sqlalchemy import select

from portal.accounts.roles import Role
from portal.core.workdays import add_months
from portal.extensions import db
from portal.inspections import rules as inspection_rules
from portal.monitoring_reports import compliance, rules
from portal.providers.models import Setting
from tests.conftest import FROZEN
from tests.monitoring_reports.test_queries import _queries, _send_review


def _rows(page: str) -> list[str]:
    return re.findall(
        r'<th scope="row" class="govuk-table__header"><a class="govuk-link" href="/settings/\d+">([^<]+)</a>', page
    )


def _busy_setting(make, world, n):
    """A home with two years of monthly reports, a review and a finished inspection."""
    home = make.setting(world.provider, "CH", name=f"Busy home {n:02d}")
    manager = make.user(Role.REGISTERED_MANAGER, world.provider, [home])
    for months_ago in range(1, 25, 3):
        make.report(home, manager, visit_date=add_months(date(2026, 10, 5), -months_ago))
    _send_review(home, manager, date(2026, 6, 1), FROZEN - timedelta(days=160))
    make.inspection(home, world.inspector, status=inspection_rules.ON_SITE, start=date(2026, 9, 7))
    return home


def test_the_dashboard_reads_many_settings_in_the_same_queries(client, login_as, world, make):
    login_as(world.ri)
    few = _queries(client, "/dashboard")
    for n in range(6):
        _busy_setting(make, world, n)
    many = _queries(client, "/dashboard")
    assert few == many
    page = client.get("/dashboard").get_data(as_text=True)
    assert len(_rows(page)) == 8


def test_each_row_shows_what_its_own_reports_say(client, login_as, world, make):
    busy = _busy_setting(make, world, 1)
    login_as(world.ri)
    page = client.get("/dashboard").get_data(as_text=True)
    expected = compliance.for_setting(busy, FROZEN)
    page = page[page.index('id="settings"') :]  # the table, not the deadlines above it
    row = page[page.index(busy.name) :]
    row = row[: row.index("</tr>")]
    assert f"{expected.count(rules.MISSING)} months missing" in row
    assert "Next review due" in row and "Review overdue" not in row  # reviewed in June 2026
    oak = page[page.index("Oak House") :]
    oak = oak[: oak.index("</tr>")]
    assert "10 months missing" in oak and "Review overdue" in oak  # nothing sent; October not yet due


def test_another_providers_settings_never_appear(client, login_as, world, make):
    make.report(world.rival_home, world.rival_rm, visit_date=date(2026, 10, 5))
    login_as(world.ri)
    page = client.get("/dashboard").get_data(as_text=True)
    assert _rows(page) == ["Ash House", "Oak House"] and "Rival House" not in page
    assert client.get(f"/settings/{world.rival_home.id}").status_code == 404


def test_twenty_five_settings_a_page_by_name_with_the_count_of_all(client, login_as, world, make):
    for n in range(28):
        make.setting(world.provider, "CH", name=f"Home {n:02d}")
    login_as(world.ri)
    first = client.get("/dashboard").get_data(as_text=True)
    assert "Showing 1 to 25 of 30 settings, by name." in first
    assert _rows(first) == ["Ash House"] + [f"Home {n:02d}" for n in range(24)]
    assert 'href="/dashboard?page=2"' in first and 'hx-target="#settings-list"' in first
    second = client.get("/dashboard?page=2").get_data(as_text=True)
    assert _rows(second) == [f"Home {n:02d}" for n in range(24, 28)] + ["Oak House"]
    fragment = client.get("/dashboard?page=2", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "<html" not in fragment and _rows(fragment) == _rows(second)
    assert client.get("/dashboard?page=x").status_code == 200


def test_a_page_of_many_settings_costs_the_statements_of_a_page_of_few(client, login_as, world, make):
    login_as(world.ri)
    _queries(client, "/dashboard")
    few = _queries(client, "/dashboard")
    for n in range(30):
        make.setting(world.provider, "CH", name=f"Home {n:02d}")
    _busy_setting(make, world, 99)
    assert _queries(client, "/dashboard?page=2") == few


def test_the_soonest_reviews_read_in_sql_are_those_the_rule_finds_over_every_setting(world, make):
    """R-MON-4 on generated data: the settings ``soonest_reviews`` reads are the soonest due of all,
    as ``review_statuses`` over every setting orders them, with family centres on their own
    intervals and settings that never had a review counted from registration."""
    chance = Random(45)
    settings = []
    for n in range(18):
        kind = "RFC" if n % 3 == 0 else "CH"
        extra = {"review_interval_months": chance.choice((3, 6, 12))} if kind == "RFC" else {}
        home = make.setting(world.provider, kind, name=f"Reviewing {n:02d}", **extra)
        home.registered_on = date(2024, 1, 1) + timedelta(days=chance.randint(0, 600))
        if n % 4:
            manager = make.user(Role.REGISTERED_MANAGER, world.provider, [home])
            completed = date(2025, 6, 1) + timedelta(days=chance.randint(0, 500))
            _send_review(home, manager, completed, FROZEN - timedelta(days=1))
        settings.append(home)
    query = select(Setting).where(Setting.provider_id == world.provider.id, Setting.setting_type.in_(("CH", "RFC")))
    today = FROZEN.date()

    def soonest(pairs):
        return sorted((status.next_due, setting.id) for setting, status in pairs)[:6]

    every = db.session.scalars(query).all()
    assert len(every) > 6
    expected = soonest(zip(every, compliance.review_statuses(every, today), strict=True))
    chosen = compliance.soonest_reviews(query, today, 6)
    assert soonest(chosen) == expected
    assert len(chosen) < len(every)  # only a few settings per interval read, not every one
