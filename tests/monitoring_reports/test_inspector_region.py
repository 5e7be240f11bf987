"""Who reads visit reports on the inspectorate's side (DOMAIN.md §1, issue 15): an inspector
the reports of settings in their region or on their inspections; an inspectorate manager all.
Anything else is not there for them: the report, its document and receipt, the setting's page,
the oversight lists and the filters answer as if it did not exist."""

import re

import pytest

from portal.accounts.roles import Role

NORTH_EAST = "North East"


@pytest.fixture
def places(make, world):
    """A Yorkshire home with a report (the world's), and a North East home with one that raises a
    serious concern; inspectors of each region, one with no region, one on the far home's inspection."""

    class Places:
        pass

    p = Places()
    p.near = world.home
    p.near_report = make.report(world.home, world.rm)
    p.far = make.setting(world.provider, "CH", name="Far Lodge", region=NORTH_EAST, local_authority="Durham")
    far_rm = make.user(Role.REGISTERED_MANAGER, world.provider, [p.far])
    p.far_report = make.report(
        p.far, far_rm, serious_concern=True, serious_concern_details="A child was left without supervision overnight."
    )
    p.yorkshire = make.user(Role.INSPECTOR)  # region of the world's settings
    p.north_east = make.user(Role.INSPECTOR, region=NORTH_EAST)
    p.nowhere = make.user(Role.INSPECTOR, region=None)
    p.visiting = make.user(Role.INSPECTOR, region=None)
    make.inspection(p.far, world.colleague, team=[p.visiting])
    return p


def _pages(report):
    return [
        f"/inspectorate/visit-reports/{report.id}",
        f"/inspectorate/visit-reports/{report.id}/versions/1/document",
        f"/inspectorate/visit-reports/{report.id}/versions/1/receipt.pdf",
        f"/inspectorate/monitoring/settings/{report.setting_id}",
    ]


def _statuses(client, login_as, user, report):
    login_as(user)
    return [client.get(url).status_code for url in _pages(report)]


def test_an_inspector_reads_the_reports_of_their_region_only(client, login_as, places):
    assert _statuses(client, login_as, places.yorkshire, places.near_report) == [200, 200, 200, 200]
    assert _statuses(client, login_as, places.yorkshire, places.far_report) == [404, 404, 404, 404]
    assert _statuses(client, login_as, places.north_east, places.far_report) == [200, 200, 200, 200]
    assert _statuses(client, login_as, places.north_east, places.near_report) == [404, 404, 404, 404]


def test_an_inspector_on_a_settings_inspection_reads_its_reports_whatever_their_region(
    client, login_as, places, world, db
):
    assert _statuses(client, login_as, places.visiting, places.far_report) == [200, 200, 200, 200]
    assert _statuses(client, login_as, places.visiting, places.near_report) == [404, 404, 404, 404]
    # The world's inspector leads the near home's inspection; the colleague leads the far one's.
    world.inspector.region = NORTH_EAST
    db.session.commit()
    assert _statuses(client, login_as, world.inspector, places.near_report) == [200, 200, 200, 200]
    world.colleague.region = None
    db.session.commit()
    assert _statuses(client, login_as, world.colleague, places.far_report) == [200, 200, 200, 200]


def test_an_inspector_with_no_region_reads_only_those_of_their_inspections(client, login_as, places):
    assert _statuses(client, login_as, places.nowhere, places.near_report) == [404, 404, 404, 404]
    assert _statuses(client, login_as, places.nowhere, places.far_report) == [404, 404, 404, 404]


def test_an_inspectorate_manager_reads_every_report(client, login_as, places, world):
    assert _statuses(client, login_as, world.manager, places.near_report) == [200, 200, 200, 200]
    assert _statuses(client, login_as, world.manager, places.far_report) == [200, 200, 200, 200]


def _settings_listed(page: str) -> set[str]:
    return set(re.findall(r'href="/inspectorate/monitoring/settings/\d+">([^<]+)</a>', page))


def test_the_oversight_lists_hold_only_the_inspectors_settings(client, login_as, places, world):
    login_as(places.yorkshire)
    page = client.get("/inspectorate/monitoring").get_data(as_text=True)
    assert "Far Lodge" not in page and "Oak House" in _settings_listed(page)
    assert "A child was left without supervision" not in page  # the far home's serious concern
    assert f'<option value="{NORTH_EAST}"' not in page and "Durham" not in page  # nor its filters
    assert "in your region, Yorkshire and the Humber, and on your inspections" in page
    # Filtering to another region shows nothing of it either.
    filtered = client.get("/inspectorate/monitoring?region=North+East&local_authority=Durham").get_data(as_text=True)
    assert "Far Lodge" not in filtered

    login_as(places.north_east)
    page = client.get("/inspectorate/monitoring").get_data(as_text=True)
    assert "Far Lodge" in page and "Oak House" not in page and "Rival House" not in page
    assert "raises serious concerns" in page or "serious concern" in page.lower()

    login_as(world.manager)
    page = client.get("/inspectorate/monitoring").get_data(as_text=True)
    assert {"Far Lodge", "Oak House", "Rival House"} <= _settings_listed(page)
    assert "on your inspections" not in page


def test_the_demo_inspectors_have_regions_and_partners_none(db):
    from portal import demo
    from tests.conftest import FROZEN

    settings = demo._providers_and_settings(FROZEN.date())
    users = demo._users(settings, FROZEN)
    assert users["inspector.shah@inspectorate.example"].region == "Yorkshire and the Humber"
    assert users["inspector.baker@inspectorate.example"].region == NORTH_EAST
    assert {users[email].region for email in demo.INSPECTORATE_OF} == {None}
    regions = {setting.region for setting in settings.values()}
    assert set(demo.REGION_OF.values()) <= regions


def _cli(app, *args):
    return app.test_cli_runner().invoke(args=["portal", *args])


def test_an_inspector_is_given_a_region_when_created_and_moved_later(app, db):
    from sqlalchemy import select

    from portal.accounts.models import User
    from portal.core.audit import AuditEvent

    made = _cli(
        app,
        "create-user",
        "--email",
        "new.inspector@example.com",
        "--name",
        "Nia Jones",
        "--role",
        "inspector",
        "--region",
        NORTH_EAST,
        "--password",
        "a long enough password",
    )
    assert made.exit_code == 0, made.output
    user = db.session.scalar(select(User).where(User.email == "new.inspector@example.com"))
    assert user.region == NORTH_EAST
    moved = _cli(app, "set-region", "--email", "new.inspector@example.com", "--region", "London")
    assert moved.exit_code == 0, moved.output
    db.session.refresh(user)
    assert user.region == "London"
    changed = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "inspector_region_changed"))
    assert changed.before == {"region": NORTH_EAST} and changed.after == {"region": "London"}
    assert _cli(app, "set-region", "--email", "new.inspector@example.com").exit_code == 0
    db.session.refresh(user)
    assert user.region is None


def test_a_region_is_one_of_englands_and_only_for_inspectors(app, db, world):
    from sqlalchemy import select

    from portal.accounts.models import User

    unknown = _cli(
        app,
        "create-user",
        "--email",
        "a@example.com",
        "--name",
        "Al Grey",
        "--role",
        "inspector",
        "--region",
        "Narnia",
        "--password",
        "a long enough password",
    )
    assert unknown.exit_code != 0 and "Narnia" in unknown.output
    manager = _cli(
        app,
        "create-user",
        "--email",
        "b@example.com",
        "--name",
        "Bo Grey",
        "--role",
        "inspectorate_manager",
        "--region",
        "London",
        "--password",
        "a long enough password",
    )
    assert manager.exit_code != 0 and "Only inspectors have a region" in manager.output
    assert db.session.scalar(select(User).where(User.email.in_(["a@example.com", "b@example.com"]))) is None
    not_inspector = _cli(app, "set-region", "--email", world.manager.email, "--region", "London")
    assert not_inspector.exit_code != 0 and "No inspector" in not_inspector.output


def test_an_inspectors_account_page_says_whose_visit_reports_they_read(client, login_as, places, world):
    login_as(places.north_east)
    assert "Settings in North East and on your inspections" in client.get("/account").get_data(as_text=True)
    login_as(places.nowhere)
    page = client.get("/account").get_data(as_text=True)
    assert "Visit reports you read" in page and "Settings on your inspections" in page
    login_as(world.manager)
    assert "Visit reports you read" not in client.get("/account").get_data(as_text=True)
