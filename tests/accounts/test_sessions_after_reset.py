"""A password reset or a two-factor reset ends every session begun before it, so a session on a
stolen phone or laptop does not outlive the remedy; sessions begun after it carry on."""

from datetime import timedelta

from sqlalchemy import select

from portal.accounts import services, twofactor
from portal.accounts.models import PasswordResetToken
from tests.conftest import FROZEN


def later(app, minutes):
    app.config["FROZEN_NOW"] = FROZEN + timedelta(minutes=minutes)
    return app.config["FROZEN_NOW"]


def test_a_password_reset_ends_sessions_begun_before_it(app, client, db, world, login_as):
    login_as(world.rm)
    assert client.get("/dashboard").status_code == 200
    now = later(app, 1)
    services.request_password_reset(world.rm.email, now)
    token = db.session.scalars(select(PasswordResetToken)).one()
    services.reset_password(token, "a brand new long password", now)
    response = client.get("/dashboard")
    assert response.status_code == 302 and response.location.startswith("/sign-in")
    assert "was reset" in client.get(response.location).get_data(as_text=True)
    assert client.get("/dashboard").status_code == 302  # the old session stays ended


def test_a_two_factor_reset_ends_sessions_begun_before_it(app, client, db, world, login_as):
    login_as(world.inspector)
    assert client.get("/account").status_code == 200
    twofactor.reset(world.inspector, world.manager, later(app, 1))
    assert client.get("/account").status_code == 302


def test_sessions_begun_after_a_reset_carry_on(app, client, db, world, login_as):
    now = later(app, 1)
    services.request_password_reset(world.rm.email, now)
    services.reset_password(db.session.scalars(select(PasswordResetToken)).one(), "a brand new long password", now)
    later(app, 2)
    response = client.post("/sign-in", data={"email": world.rm.email, "password": "a brand new long password"})
    assert response.status_code == 302
    assert client.get("/dashboard").status_code == 200


def test_other_users_sessions_are_untouched(app, client, db, world, login_as):
    login_as(world.ri)
    twofactor.reset(world.inspector, world.manager, later(app, 1))
    assert client.get("/dashboard").status_code == 200
