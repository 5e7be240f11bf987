"""The team page in pages (issue 17): 50 people a page, active first and each by name, counted in
SQL; the oldest invitations not yet accepted, capped with the count of all; odd page numbers never
an error; the same statements for one page of a few people or many; only the RI's own provider."""

import re
from datetime import timedelta

from portal.accounts.models import Invitation
from portal.accounts.roles import Role
from tests.conftest import FROZEN
from tests.providers.test_team_members import _statements

TEAM = "/provider/team"


def _people(make, world, count, prefix="Person", active=True, db=None):
    made = [
        make.user(Role.REGISTERED_MANAGER, world.provider, [world.home], name=f"{prefix} {n:03d}") for n in range(count)
    ]
    if not active:
        for person in made:
            person.active, person.deactivated_at = False, FROZEN
        db.session.commit()
    return made


def _invitations(db, world, count, start=0):
    for n in range(start, start + count):
        db.session.add(
            Invitation(
                provider_id=world.provider.id,
                email=f"invited{n:03d}@example.com",
                name=f"Invited {n:03d}",
                role=Role.REGISTERED_MANAGER.value,
                setting_ids=[world.home.id],
                token_hash=f"{n:064d}",
                invited_by_id=world.ri.id,
                created_at=FROZEN + timedelta(minutes=n),
                expires_at=FROZEN + timedelta(days=7),
            )
        )
    db.session.commit()


def _names_on(page: str) -> list[str]:
    return re.findall(r'href="/provider/team/members/\d+">([^<]+)</a>', page)


def _invited_on(page: str) -> list[str]:
    return re.findall(r'href="/provider/team/invitations/\d+">([^<]+)</a>', page)


def _expected_order(world, made) -> list[str]:
    everyone = [world.ri, world.rm, world.rm_other, world.ip, *made]
    return [p.name for p in sorted(everyone, key=lambda p: (not p.active, p.name, p.id))]


def test_fifty_people_a_page_active_first_each_by_name_with_the_count_of_all(client, login_as, world, make, db):
    made = _people(make, world, 50) + _people(make, world, 5, prefix="Gone", active=False, db=db)
    login_as(world.ri)
    first = client.get(TEAM).get_data(as_text=True)
    second = client.get(f"{TEAM}?page=2").get_data(as_text=True)
    assert "Showing 1 to 50 of 59 people." in first and "Showing 51 to 59 of 59 people." in second
    assert len(_names_on(first)) == 50 and len(_names_on(second)) == 9
    assert not set(_names_on(first)) & set(_names_on(second))
    assert _names_on(first) + _names_on(second) == _expected_order(world, made)
    assert "Deactivated users" not in first and "Deactivated users" in second
    assert 'href="/provider/team?page=2"' in first and 'rel="prev"' not in first
    assert 'href="/provider/team?page=1"' in second and 'aria-current="page"' in second
    assert '<span class="govuk-visually-hidden">, page 2 of 2</span>' in second
    assert 'aria-label="Pages of your team"' in first


def test_one_page_shows_no_pagination(client, login_as, world):
    login_as(world.ri)
    page = client.get(TEAM).get_data(as_text=True)
    assert "govuk-pagination" not in page and "Showing" not in page and "page 1 of" not in page


def test_odd_page_numbers_show_a_page_never_an_error(client, login_as, world, make):
    _people(make, world, 52)
    login_as(world.ri)
    for query in ("page=abc", "page=0", "page=-1", "page=999999", "page=99999999999999999999", "page=1.5", "page=%00"):
        assert client.get(f"{TEAM}?{query}").status_code == 200, query
    assert "Showing 51 to 56 of 56 people." in client.get(f"{TEAM}?page=999999").get_data(as_text=True)
    assert "Showing 1 to 50 of 56 people." in client.get(f"{TEAM}?page=abc").get_data(as_text=True)


def test_only_the_providers_own_people_on_every_page(client, login_as, world, make):
    _people(make, world, 51)
    for n in range(3):
        make.user(Role.REGISTERED_MANAGER, world.rival, [world.rival_home], name=f"Rival person {n}")
    login_as(world.ri)
    pages = [client.get(f"{TEAM}?page={n}").get_data(as_text=True) for n in (1, 2)]
    assert "of 55 people" in pages[0]
    for page in pages:
        assert "Rival" not in page and world.rival_rm.name not in page and world.rival_ri.name not in page


def test_the_oldest_invitations_are_shown_with_the_count_of_all(client, login_as, world, make, db):
    _invitations(db, world, 53)
    login_as(world.ri)
    page = client.get(TEAM).get_data(as_text=True)
    assert _invited_on(page) == [f"Invited {n:03d}" for n in range(50)]  # the ones to withdraw first
    assert "The oldest 50 of 53 are shown." in page
    _people(make, world, 50)
    assert _invited_on(client.get(f"{TEAM}?page=2").get_data(as_text=True)) == []  # listed with the first page


def test_a_few_invitations_are_all_shown_without_a_cap(client, login_as, world, db):
    _invitations(db, world, 3)
    login_as(world.ri)
    page = client.get(TEAM).get_data(as_text=True)
    assert _invited_on(page) == ["Invited 000", "Invited 001", "Invited 002"] and "The oldest" not in page


def test_one_page_costs_the_same_statements_for_a_few_people_or_many(client, login_as, world, make, db):
    _people(make, world, 1, prefix="Gone", active=False, db=db)
    _invitations(db, world, 1)
    login_as(world.ri)
    few = _statements(client, TEAM)
    _people(make, world, 80)
    _people(make, world, 30, prefix="Gone again", active=False, db=db)
    _invitations(db, world, 60, start=1)
    assert _statements(client, TEAM) == few
    later = _statements(client, f"{TEAM}?page=2")
    _people(make, world, 40)
    assert _statements(client, f"{TEAM}?page=2") == later


def test_the_page_reads_only_the_settings_its_people_and_invitations_name(client, login_as, world, make, db):
    """A provider of many homes: the settings nobody on the page works at are not read (issue 17)."""
    from sqlalchemy import event

    from portal.providers.models import Setting

    _people(make, world, 2)
    _invitations(db, world, 1)
    for n in range(40):
        make.setting(world.provider, "CH", name=f"Unnamed home {n:02d}")
    login_as(world.ri)
    home = world.home.name
    db.session.expunge_all()  # every setting the page needs is read from the database
    loaded = []

    def on_load(setting, _context):
        loaded.append(setting.name)

    event.listen(Setting, "load", on_load)
    try:
        page = client.get(TEAM).get_data(as_text=True)
    finally:
        event.remove(Setting, "load", on_load)
    assert home in page and "Unnamed home" not in page
    # the world's two homes, where its people work; none of the forty
    assert home in loaded and not [name for name in loaded if name.startswith("Unnamed")], loaded
