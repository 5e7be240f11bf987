"""Managing the team's people: who may, another provider's people, changes, deactivation and the
last responsible individual, reactivation and two-factor resets (DOMAIN.md §1, R-ROLE-1, R-DR-2)."""

import pytest
from sqlalchemy import select

from portal.accounts.models import Invitation, SettingMembership
from portal.accounts.roles import Role
from portal.core.audit import AuditEvent
from portal.providers import team
from tests.conftest import FROZEN, PASSWORD

TEAM_PAGES = ["/provider/team", "/provider/team/invite"]


@pytest.mark.parametrize("who", ["rm", "ip", "inspector", "manager"])
def test_only_a_responsible_individual_uses_the_team_pages(client, login_as, world, who):
    login_as(getattr(world, who))
    for url in [*TEAM_PAGES, f"/provider/team/members/{world.rm.id}"]:
        assert client.get(url).status_code == 404, url
    assert client.post(f"/provider/team/members/{world.rm.id}/deactivate").status_code == 404
    assert world.rm.active


def test_the_team_page_lists_people_and_what_they_may_do(client, login_as, world, db):
    world.rm.submits_draft_comments = True
    world.rm_other.active = False
    world.rm_other.deactivated_at = FROZEN
    db.session.commit()
    login_as(world.ri)
    page = client.get("/provider/team").get_data(as_text=True)
    active, deactivated = page.split(">Deactivated users")  # the caption (the region around it is named so too)
    assert world.rm.name in active and world.home.name in active and world.rm_other.name in deactivated
    assert world.rival_rm.name not in page and world.rival_ri.name not in page
    assert "Manage your team" in client.get("/dashboard").get_data(as_text=True)


def test_another_providers_people_and_invitations_answer_404(client, login_as, world, db):
    invitation = team.invite(
        world.rival_ri, "Zed", "zed@example.com", "registered_manager", [world.rival_home.id], False, FROZEN
    )
    login_as(world.ri)
    for url in (
        f"/provider/team/members/{world.rival_rm.id}",
        f"/provider/team/members/{world.rival_rm.id}/deactivate",
        f"/provider/team/members/{world.inspector.id}",
        f"/provider/team/invitations/{invitation.id}",
        f"/provider/team/members/{world.rival_rm.id}/two-factor-reset",
    ):
        assert client.get(url).status_code == 404, url
    for url in (
        f"/provider/team/members/{world.rival_rm.id}/deactivate",
        f"/provider/team/members/{world.rival_rm.id}/reactivate",
        f"/provider/team/invitations/{invitation.id}/withdraw",
        f"/provider/team/invitations/{invitation.id}/resend",
    ):
        assert client.post(url).status_code == 404, url
    assert world.rival_rm.active and db.session.get(Invitation, invitation.id).withdrawn_at is None


def test_a_manager_is_moved_and_delegated(client, login_as, world, db):
    login_as(world.ri)
    response = client.post(
        f"/provider/team/members/{world.rm.id}",
        data={"role": "registered_manager", "settings": [str(world.other_home.id)], "submits_draft_comments": "y"},
    )
    assert response.status_code == 302
    db.session.refresh(world.rm)
    assert [m.setting_id for m in world.rm.memberships] == [world.other_home.id] and world.rm.submits_draft_comments
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "team_member_changed")) is not None


@pytest.mark.parametrize(
    "data, message",
    [
        ({"role": "registered_manager"}, "Select the settings they work at"),
        ({"role": "responsible_individual", "settings": ["HOME"]}, "Select registered manager or independent person"),
        ({"settings": ["HOME"]}, "Select registered manager or independent person"),
        ({"role": "registered_manager", "settings": ["RIVAL"]}, "Select settings from the list"),
        ({"role": "registered_manager", "settings": ["-1"]}, "Select settings from the list"),
    ],
)
def test_bad_changes_get_an_error_and_change_nothing(client, login_as, world, db, data, message):
    ids = {"HOME": str(world.home.id), "RIVAL": str(world.rival_home.id)}
    data = {k: [ids.get(v, v) for v in value] if isinstance(value, list) else value for k, value in data.items()}
    login_as(world.ri)
    response = client.post(f"/provider/team/members/{world.rm.id}", data=data)
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    db.session.refresh(world.rm)
    assert world.rm.role == Role.REGISTERED_MANAGER and [m.setting_id for m in world.rm.memberships] == [world.home.id]


def test_a_responsible_individual_is_not_edited_as_a_manager(world):
    other_ri = world.rival_ri
    with pytest.raises(team.TeamError):
        team.change(world.ri, world.ri, "registered_manager", [world.home.id], False, FROZEN)
    with pytest.raises(team.TeamError):  # another provider's responsible individual cannot either
        team.change(world.rm, other_ri, "registered_manager", [world.home.id], False, FROZEN)


def test_deactivation_ends_the_open_session_and_sign_in(app, client, login_as, world, db):
    rm_client = app.test_client()
    with rm_client.session_transaction() as session:
        from tests.conftest import signed_in_session

        session.update(signed_in_session(world.rm, app))
    assert rm_client.get("/dashboard").status_code == 200
    login_as(world.ri)
    page = client.get(f"/provider/team/members/{world.rm.id}/deactivate").get_data(as_text=True)
    assert "will be signed out at once" in page
    assert client.post(f"/provider/team/members/{world.rm.id}/deactivate").status_code == 302
    db.session.refresh(world.rm)
    assert world.rm.active is False and world.rm.deactivated_at == FROZEN
    ended = rm_client.get("/dashboard")
    assert ended.status_code == 302 and "/sign-in" in ended.location
    refused = app.test_client().post("/sign-in", data={"email": world.rm.email, "password": PASSWORD})
    assert refused.status_code == 200 and "/dashboard" not in (refused.location or "")
    assert client.post(f"/provider/team/members/{world.rm.id}/reactivate").status_code == 302
    db.session.refresh(world.rm)
    assert world.rm.active and world.rm.deactivated_at is None


def test_deactivation_clears_the_delegation(world, db):
    world.rm.submits_draft_comments = True
    db.session.commit()
    team.deactivate(world.rm, world.ri, FROZEN)
    assert world.rm.submits_draft_comments is False


def test_a_responsible_individual_cannot_deactivate_themselves_or_the_last_one(client, login_as, world, db, make):
    login_as(world.ri)
    response = client.post(f"/provider/team/members/{world.ri.id}/deactivate")
    assert response.status_code == 200 and "You cannot deactivate your own account" in response.get_data(as_text=True)
    db.session.refresh(world.ri)
    assert world.ri.active
    second = make.user(Role.RESPONSIBLE_INDIVIDUAL, world.provider)
    assert team.deactivation_problem(second, world.ri) is None
    team.deactivate(second, world.ri, FROZEN)
    # With the other one gone, world.ri is the last active one: nobody may deactivate them.
    assert team.deactivation_problem(world.ri, second) == (
        "The provider's last active responsible individual cannot be deactivated"
    )


def test_two_factor_reset_needs_it_turned_on(client, login_as, world, db):
    world.rm.totp_secret, world.rm.totp_confirmed_at = "JBSWY3DPEHPK3PXP", FROZEN
    db.session.commit()
    login_as(world.ri)
    assert "Two-factor sign-in" in client.get("/provider/team").get_data(as_text=True)
    assert client.get(f"/provider/team/members/{world.rm.id}/two-factor-reset").status_code == 200
    assert client.post(f"/provider/team/members/{world.rm.id}/two-factor-reset").status_code == 302
    db.session.refresh(world.rm)
    assert not world.rm.two_factor_enabled
    again = client.post(f"/provider/team/members/{world.rm.id}/two-factor-reset")
    assert "has not set up two-factor sign-in" in again.get_data(as_text=True)


def test_memberships_of_a_changed_user_are_not_duplicated(world, db):
    team.change(world.rm, world.ri, "independent_person", [world.home.id, world.other_home.id], True, FROZEN)
    rows = db.session.scalars(select(SettingMembership).where(SettingMembership.user_id == world.rm.id)).all()
    assert sorted(r.setting_id for r in rows) == sorted([world.home.id, world.other_home.id])
    assert world.rm.submits_draft_comments is False  # delegation is for registered managers only


def test_two_responsible_individuals_deactivating_each_other_at_once_leave_one_active(world, db, make):
    """The other one deactivates this actor while this request deactivates them: one stays active."""
    from sqlalchemy import event, text

    second = make.user(Role.RESPONSIBLE_INDIVIDUAL, world.provider)
    raced = []

    def other_request_deactivates_the_actor(conn, cursor, statement, parameters, context, executemany):
        if not raced and statement.lstrip().upper().startswith("UPDATE USERS"):
            raced.append(True)
            with db.engine.connect() as other:
                other.execute(text("UPDATE users SET active = :no WHERE id = :id"), {"no": False, "id": world.ri.id})
                other.commit()

    event.listen(db.engine, "before_cursor_execute", other_request_deactivates_the_actor)
    try:
        with pytest.raises(team.TeamError):
            team.deactivate(second, world.ri, FROZEN)
    finally:
        event.remove(db.engine, "before_cursor_execute", other_request_deactivates_the_actor)
    db.session.expire_all()
    assert raced and second.active


def _statements(client, path: str) -> int:
    from sqlalchemy import event

    from portal.extensions import db as _db

    statements = []
    listener = lambda *_args, **_kwargs: statements.append(1)  # noqa: E731
    event.listen(_db.engine, "before_cursor_execute", listener)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(_db.engine, "before_cursor_execute", listener)
    return len(statements)


def test_the_team_page_reads_everyones_settings_in_one_statement_however_many_people(client, login_as, world, make):
    """Issue 17 (no N+1): each person's settings come with the people, not one query per person."""
    login_as(world.ri)
    before = _statements(client, "/provider/team")
    for _ in range(12):
        make.user(Role.REGISTERED_MANAGER, world.provider, settings=[world.home])
    page = client.get("/provider/team").get_data(as_text=True)
    assert page.count(world.home.name) >= 13
    assert _statements(client, "/provider/team") == before
