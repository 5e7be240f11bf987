"""Invitations to the provider's team: the form, the link in the e-mail, expiry, resend and
withdraw, and acceptance (DOMAIN.md §1, R-ROLE-1, R-DR-2)."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.accounts.models import Invitation, User
from portal.accounts.roles import Role
from portal.core.outbox import OutboxMessage
from tests.conftest import FROZEN

NEW_PASSWORD = "a brand new team password"


def invite_data(world, **changes):
    data = {
        "name": "Nina Patel",
        "email": "nina@example.com",
        "role": "registered_manager",
        "settings": [str(world.home.id)],
        "submits_draft_comments": "y",
        "step": "send",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def count(db, model):
    return db.session.scalar(select(func.count()).select_from(model))


def link_from_outbox(db, email="nina@example.com"):
    message = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.recipient == email).order_by(OutboxMessage.id.desc())
    ).first()
    return re.search(r"https?://\S+(/invitations/\S+)", message.body).group(1)


def test_invite_check_and_send_puts_a_working_link_in_the_outbox(client, login_as, world, db):
    login_as(world.ri)
    check = client.post("/provider/team/invite", data=invite_data(world, step=None))
    page = check.get_data(as_text=True)
    assert "Check the invitation before you send it" in page and world.home.name in page
    assert count(db, Invitation) == 0  # nothing stored before the check is confirmed
    sent = client.post("/provider/team/invite", data=invite_data(world))
    assert sent.status_code == 302 and "/sent" in sent.location
    assert "Invitation sent" in client.get(sent.location).get_data(as_text=True)
    invitation = db.session.scalar(select(Invitation))
    link = link_from_outbox(db)
    assert invitation.token_hash not in link  # only the sha256 is stored
    body = db.session.scalar(select(OutboxMessage)).body
    assert "Oak Care has invited you to the provider portal as a registered manager" in body
    client.post("/sign-out")
    page = client.get(link).get_data(as_text=True)
    assert "Join Oak Care" in page and world.home.name in page and "Registered manager".lower() in page
    done = client.post(link, data={"name": "Nina Patel", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 302 and "/sign-in" in done.location
    user = db.session.scalar(select(User).where(User.email == "nina@example.com"))
    assert user.role == Role.REGISTERED_MANAGER and user.submits_draft_comments
    assert [m.setting_id for m in user.memberships] == [world.home.id]
    assert db.session.get(Invitation, invitation.id).accepted_at == FROZEN


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"name": ""}, "Enter their full name"),
        ({"name": "x" * 201}, "Name must be 200 characters or fewer"),
        ({"email": ""}, "Enter their e-mail address"),
        ({"email": "not-an-address"}, "Enter an e-mail address in the correct format"),
        ({"email": "a" * 250 + "@example.com"}, "E-mail address must be 254 characters or fewer"),
        ({"role": None}, "Select registered manager or independent person"),
        ({"role": "responsible_individual"}, "Select registered manager or independent person"),
        ({"role": "inspector"}, "Select registered manager or independent person"),
        ({"settings": None}, "Select the settings they work at"),
        ({"settings": ["999999"]}, "Select settings from the list"),
        ({"settings": ["abc"]}, "Select settings from the list"),
    ],
)
def test_bad_invitations_get_a_govuk_error_and_store_nothing(client, login_as, world, db, changes, message):
    login_as(world.ri)
    for step in ("check", "send"):
        response = client.post("/provider/team/invite", data=invite_data(world, **changes, step=step))
        page = response.get_data(as_text=True)
        assert response.status_code == 200 and "govuk-error-summary" in page and message in page, step
    assert count(db, Invitation) == 0 and count(db, OutboxMessage) == 0


def test_another_providers_setting_posted_by_id_is_refused(client, login_as, world, db):
    login_as(world.ri)
    response = client.post("/provider/team/invite", data=invite_data(world, settings=[str(world.rival_home.id)]))
    assert "Select settings from the list" in response.get_data(as_text=True)
    assert count(db, Invitation) == 0


def test_an_address_with_an_account_is_refused_at_invite_time(client, login_as, world, db):
    login_as(world.ri)
    response = client.post("/provider/team/invite", data=invite_data(world, email=world.rival_rm.email.upper()))
    page = response.get_data(as_text=True)
    assert "already has an account" in page and "govuk-error-message" in page
    assert count(db, Invitation) == 0


def test_a_second_open_invitation_for_one_address_is_refused(client, login_as, world, db):
    login_as(world.ri)
    client.post("/provider/team/invite", data=invite_data(world))
    response = client.post("/provider/team/invite", data=invite_data(world))
    assert "already has an open invitation" in response.get_data(as_text=True)
    assert count(db, Invitation) == 1


def test_delegation_is_only_for_registered_managers(client, login_as, world, db):
    login_as(world.ri)
    client.post("/provider/team/invite", data=invite_data(world, role="independent_person"))
    assert db.session.scalar(select(Invitation)).submits_draft_comments is False


def sent_invitation(client, login_as, world, db):
    login_as(world.ri)
    client.post("/provider/team/invite", data=invite_data(world))
    link = link_from_outbox(db)
    client.post("/sign-out")
    return db.session.scalar(select(Invitation)), link


def test_the_link_works_until_the_instant_it_expires(app, client, login_as, world, db):
    invitation, link = sent_invitation(client, login_as, world, db)
    assert invitation.expires_at == FROZEN + timedelta(days=7)
    app.config["FROZEN_NOW"] = invitation.expires_at - timedelta(microseconds=1)
    assert client.get(link).status_code == 200
    app.config["FROZEN_NOW"] = invitation.expires_at
    expired = client.get(link)
    assert expired.status_code == 410 and "This invitation has expired" in expired.get_data(as_text=True)
    client.post(link, data={"name": "Nina", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert db.session.scalar(select(User).where(User.email == "nina@example.com")) is None


def test_the_link_works_once(client, login_as, world, db):
    _, link = sent_invitation(client, login_as, world, db)
    before = count(db, User)
    client.post(link, data={"name": "Nina", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    again = client.post(link, data={"name": "Nina", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert again.status_code == 410 and "already been used" in again.get_data(as_text=True)
    assert count(db, User) == before + 1


def test_withdrawn_and_resent_links_stop_working(client, login_as, world, db):
    invitation, first = sent_invitation(client, login_as, world, db)
    login_as(world.ri)
    assert client.post(f"/provider/team/invitations/{invitation.id}/resend").status_code == 302
    second = link_from_outbox(db)
    assert second != first
    assert client.get(first).status_code == 404 and client.get(second).status_code == 200
    client.post(f"/provider/team/invitations/{invitation.id}/withdraw")
    withdrawn = client.get(second)
    assert withdrawn.status_code == 410 and "withdrawn" in withdrawn.get_data(as_text=True)
    # A withdrawn invitation cannot be sent again.
    client.post(f"/provider/team/invitations/{invitation.id}/resend")
    assert client.get(second).status_code == 410


def test_unknown_links_get_a_clear_page(client):
    response = client.get("/invitations/" + "x" * 300)
    assert response.status_code == 404 and "This invitation link does not work" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "form, message",
    [
        ({"name": "", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD}, "Enter your full name"),
        ({"name": "Nina", "password": "short", "confirm": "short"}, "Password must be 12 characters or more"),
        ({"name": "Nina", "password": NEW_PASSWORD, "confirm": "different password"}, "Passwords must match"),
        (
            {"name": "Nina", "password": "nina-is-my-password", "confirm": "nina-is-my-password"},
            "Password must not contain your e-mail address",
        ),
    ],
)
def test_acceptance_answers_bad_input_with_an_error_and_creates_nothing(client, login_as, world, db, form, message):
    _, link = sent_invitation(client, login_as, world, db)
    response = client.post(link, data=form)
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    assert db.session.scalar(select(User).where(User.email == "nina@example.com")) is None


def test_an_account_made_meanwhile_is_refused_at_acceptance(client, login_as, world, db, make):
    _, link = sent_invitation(client, login_as, world, db)
    make.user(Role.REGISTERED_MANAGER, world.rival, email="nina@example.com")
    response = client.post(link, data={"name": "Nina", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert "already has an account" in response.get_data(as_text=True)
    assert db.session.scalar(select(Invitation)).accepted_at is None


def test_the_new_manager_signs_in_and_sees_only_their_setting(client, login_as, world, db):
    _, link = sent_invitation(client, login_as, world, db)
    client.post(link, data={"name": "Nina Patel", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    signed_in = client.post("/sign-in", data={"email": "nina@example.com", "password": NEW_PASSWORD})
    assert signed_in.status_code == 302
    page = client.get("/dashboard").get_data(as_text=True)
    assert world.home.name in page and world.other_home.name not in page


def test_the_inspectorate_outbox_never_shows_an_invitation_link(client, login_as, world, db):
    """Whoever reads the link could take the invited person's place (R-ROLE-1)."""
    _, link = sent_invitation(client, login_as, world, db)
    message = db.session.scalar(select(OutboxMessage))
    login_as(world.manager)
    page = client.get(f"/inspectorate/outbox/{message.id}").get_data(as_text=True)
    assert "one-time link" in page and "/invitations/" not in page and link not in page


def test_changing_the_answers_goes_back_to_the_filled_form_and_sends_nothing(client, login_as, world, db):
    login_as(world.ri)
    response = client.post("/provider/team/invite", data=invite_data(world, step="change"))
    page = response.get_data(as_text=True)
    assert "Invite someone to your team" in page and 'value="nina@example.com"' in page
    assert "govuk-error-summary" not in page
    assert count(db, Invitation) == 0 and count(db, OutboxMessage) == 0


@pytest.mark.parametrize("meanwhile", ["withdrawn_at = :now", "token_hash = 'resent'"])
def test_an_invitation_withdrawn_or_resent_while_being_accepted_makes_no_account(
    client, login_as, world, db, meanwhile
):
    """The responsible individual withdraws (or sends again) while the invited person's request runs."""
    from sqlalchemy import event, text

    invitation, link = sent_invitation(client, login_as, world, db)
    client.post("/sign-out")
    raced = []

    def responsible_individual_acts(conn, cursor, statement, parameters, context, executemany):
        if not raced and statement.lstrip().upper().startswith("INSERT INTO USERS"):
            raced.append(True)
            with db.engine.connect() as other:
                other.execute(
                    text(f"UPDATE invitations SET {meanwhile} WHERE id = :id"), {"now": FROZEN, "id": invitation.id}
                )
                other.commit()

    event.listen(db.engine, "before_cursor_execute", responsible_individual_acts)
    try:
        response = client.post(link, data={"name": "Nina", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    finally:
        event.remove(db.engine, "before_cursor_execute", responsible_individual_acts)
    assert raced and response.status_code == 200
    assert "This invitation link no longer works" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.scalar(select(User).where(User.email == "nina@example.com")) is None
    assert db.session.get(Invitation, invitation.id).accepted_at is None


def test_an_invitation_accepted_while_being_withdrawn_is_not_reported_withdrawn(client, login_as, world, db):
    """The invited person joins while the responsible individual's withdrawal runs: it says so."""
    from sqlalchemy import event, text

    from portal.providers import team

    invitation, _ = sent_invitation(client, login_as, world, db)
    raced = []

    def invited_person_joins(conn, cursor, statement, parameters, context, executemany):
        if not raced and statement.lstrip().upper().startswith("UPDATE INVITATIONS"):
            raced.append(True)
            with db.engine.connect() as other:
                other.execute(
                    text("UPDATE invitations SET accepted_at = :now WHERE id = :id"),
                    {"now": FROZEN, "id": invitation.id},
                )
                other.commit()

    event.listen(db.engine, "before_cursor_execute", invited_person_joins)
    try:
        with pytest.raises(team.TeamError):
            team.withdraw(invitation, world.ri, FROZEN)
    finally:
        event.remove(db.engine, "before_cursor_execute", invited_person_joins)
    db.session.expire_all()
    assert raced and db.session.get(Invitation, invitation.id).withdrawn_at is None


def test_without_a_mail_server_the_link_is_shown_once_to_pass_on(app, client, login_as, world, db):
    """On the embedded default (no SMTP_HOST) nothing delivers the e-mail: the responsible
    individual is shown the link on the confirmation page, once, and again after a resend."""
    app.config["SMTP_HOST"] = ""
    login_as(world.ri)
    sent = client.post("/provider/team/invite", data=invite_data(world))
    page = client.get(sent.location).get_data(as_text=True)
    link = link_from_outbox(db)
    assert "No e-mail was sent" in page and link in page
    assert link not in client.get(sent.location).get_data(as_text=True)  # once only
    invitation = db.session.scalar(select(Invitation))
    after = client.post(f"/provider/team/invitations/{invitation.id}/resend")
    page = client.get(after.location).get_data(as_text=True)
    again = link_from_outbox(db)
    assert again != link and again in page and link not in page
    assert client.get(again).status_code == 200


def test_with_a_mail_server_the_link_is_only_in_the_e_mail(app, client, login_as, world, db):
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=9)  # nothing listens: the message waits
    login_as(world.ri)
    sent = client.post("/provider/team/invite", data=invite_data(world))
    page = client.get(sent.location).get_data(as_text=True)
    assert "No e-mail was sent" not in page and link_from_outbox(db) not in page
