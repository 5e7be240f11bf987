"""A person's name is one line with no link (OWASP ASVS 5.1.3; DESIGN.md convention 9): the name
an RI types for an invitee goes into an e-mail sent to any address, so every place a name is
typed (the invitation, accepting it, the create-user command) refuses line breaks, hidden
characters and web addresses with a GOV.UK error, and e-mails put any name on one line."""

import pytest
from sqlalchemy import func, select

from portal.accounts.models import Invitation, User
from portal.core.forms import NAME_NO_LINKS, NAME_ONE_LINE, person_name_problem
from portal.core.outbox import OutboxMessage, one_line, queue
from portal.providers import team
from tests.conftest import FROZEN
from tests.providers.test_team import NEW_PASSWORD, invite_data, sent_invitation

LINE_BREAKS = [
    "Nina\r\nClick here",
    "Nina\nPatel",
    "Nina\rPatel",
    "Nina\tPatel",
    "Nina\u202ePatel",
    "Nina\u2028Patel",
    "Nina\u2029Patel",
    "Nina\x00Patel",
    "Nina\x85Patel",
    "Nina\u200bPatel",
]
LINKS = [
    "Nina https://evil.example/login",
    "Nina http://x",
    "www.evil.example",
    "Nina (evil.example)",
    "EVIL.CO.UK",
    "nina@evil.example",
    "Nina evil\u3002com",
    "Nina ftp://files",
]
NAMES = [
    "Nina Patel",
    "J.R. Hartley",
    "J.R.R. Tolkien",
    "St. John Rivers",
    "Mary-Ann O'Neil",
    "Zoë Ægir",
    "Siobhán Ní Bhriain",
    "\u0645\u062d\u0645\u062f\u200c\u0631\u0636\u0627",
    "Smith, J.",
    "Li Na",
]


@pytest.mark.parametrize("name", LINE_BREAKS)
def test_line_breaks_and_hidden_characters_are_refused(name):
    assert person_name_problem(name) == NAME_ONE_LINE


@pytest.mark.parametrize("name", LINKS)
def test_web_addresses_are_refused(name):
    assert person_name_problem(name) == NAME_NO_LINKS


@pytest.mark.parametrize("name", NAMES)
def test_names_are_kept(name):
    assert person_name_problem(name) is None


def test_names_are_at_most_200_characters():
    assert person_name_problem("x" * 200) is None
    assert person_name_problem("x" * 201) == "Name must be 200 characters or fewer"


def count(db, model):
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize(
    "name, message",
    [
        ("Nina\r\nClick https://evil.example", NAME_ONE_LINE),
        ("Nina\u202eetaP", NAME_ONE_LINE),
        ("Nina, see evil.example", NAME_NO_LINKS),
    ],
)
def test_the_invitation_form_refuses_the_name_and_sends_nothing(client, login_as, world, db, name, message):
    login_as(world.ri)
    for step in ("check", "send"):
        response = client.post("/provider/team/invite", data=invite_data(world, name=name, step=step))
        page = response.get_data(as_text=True)
        assert response.status_code == 200 and "govuk-error-summary" in page and message in page, step
        assert 'href="#name"' in page
    assert count(db, Invitation) == 0 and count(db, OutboxMessage) == 0


@pytest.mark.parametrize("name", ["Nina\nPatel", "Nina www.evil.example"])
def test_accepting_refuses_the_name_and_creates_no_account(client, login_as, world, db, name):
    _, link = sent_invitation(client, login_as, world, db)
    response = client.post(link, data={"name": name, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "govuk-error-summary" in page
    assert person_name_problem(name) in page
    assert db.session.scalar(select(User).where(User.email == "nina@example.com")) is None


def test_the_service_refuses_what_the_form_would(app, world, db):
    """Whatever calls the use case, not only the form: the name never reaches an e-mail."""
    with pytest.raises(team.TeamError) as refused:
        team.invite(
            world.ri,
            "Nina\r\nhttps://evil.example",
            "nina@example.com",
            "registered_manager",
            [world.home.id],
            False,
            FROZEN,
        )
    assert refused.value.field == "name"
    db.session.rollback()
    assert count(db, Invitation) == 0 and count(db, OutboxMessage) == 0


def test_the_invitation_e_mail_has_the_name_on_one_line(app, world, db):
    invitation = team.invite(
        world.ri, "  Nina   Patel ", "nina@example.com", "registered_manager", [world.home.id], False, FROZEN
    )
    assert invitation.name == "Nina Patel"
    invitation.name = "Nina\r\nPatel\tSmith"  # a name stored before names were checked
    db.session.commit()
    team.resend(invitation, world.ri, FROZEN)
    body = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id.desc())).first().body
    assert body.startswith("Dear Nina Patel Smith,\n\n")


def test_e_mail_subjects_are_one_line(app, db):
    message = queue("someone@example.com", "Join Evil\r\nBcc: all@example.com", "Body\n", FROZEN)
    assert message.subject == "Join Evil Bcc: all@example.com"
    assert one_line("A\u2028B\u202eC\x00 \u200cD") == "A B C \u200cD"


@pytest.mark.parametrize(
    "name, message", [("Nina\nPatel", NAME_ONE_LINE), ("Nina evil.example", NAME_NO_LINKS), ("   ", "Enter a name")]
)
def test_create_user_refuses_the_name(app, db, name, message):
    result = app.test_cli_runner().invoke(
        args=[
            "portal",
            "create-user",
            "--email",
            "new@example.com",
            "--name",
            name,
            "--role",
            "inspector",
            "--password",
            "a long enough password",
        ]
    )
    assert result.exit_code != 0 and message in result.output
    assert db.session.scalar(select(User).where(User.email == "new@example.com")) is None


def test_create_user_keeps_a_good_name(app, db):
    result = app.test_cli_runner().invoke(
        args=[
            "portal",
            "create-user",
            "--email",
            "new@example.com",
            "--name",
            " J.R.  Hartley ",
            "--role",
            "inspector",
            "--password",
            "a long enough password",
        ]
    )
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(User).where(User.email == "new@example.com")).name == "J.R. Hartley"
