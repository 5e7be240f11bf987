"""Two-factor sign-in: set-up, codes, replay, recovery codes, remembered browsers, reset."""

import re
from datetime import timedelta

import pyotp
import pytest
from sqlalchemy import select

from portal.accounts import throttle, twofactor
from portal.accounts.models import RecoveryCode, TrustedDevice
from portal.core.audit import AuditEvent
from tests.conftest import FROZEN, PASSWORD


def enable(db, user, now=FROZEN):
    """Turn two-factor on for ``user`` through the real use cases; returns (totp, recovery codes)."""
    details = twofactor.begin_set_up(user, now)
    totp = pyotp.TOTP(details.secret)
    codes = twofactor.confirm_set_up(user, totp.at(now), now)
    assert codes is not None
    return totp, codes


def test_reset_clears_secret_codes_and_devices_with_an_audit_event(app, db, world):
    enable(db, world.inspector)
    twofactor.remember_device(world.inspector, "Firefox", FROZEN)
    twofactor.reset(world.inspector, world.manager, FROZEN)
    db.session.expire_all()
    assert not world.inspector.two_factor_enabled and world.inspector.totp_secret is None
    assert db.session.scalars(select(RecoveryCode).where(RecoveryCode.user_id == world.inspector.id)).all() == []
    assert db.session.scalars(select(TrustedDevice).where(TrustedDevice.user_id == world.inspector.id)).all() == []
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "two_factor_reset"))
    assert event.actor_id == world.manager.id and event.entity_id == world.inspector.id


def sign_in(client, user):
    return client.post("/sign-in", data={"email": user.email, "password": PASSWORD})


def enter_code(client, code, remember=False):
    data = {"code": code}
    if remember:
        data["remember"] = "y"
    return client.post("/sign-in/code", data=data)


def signed_in(client) -> bool:
    response = client.get("/account")
    return response.status_code == 200 and "Your account" in response.get_data(as_text=True)


def later(app, **delta):
    app.config["FROZEN_NOW"] = app.config["FROZEN_NOW"] + timedelta(**delta)
    return app.config["FROZEN_NOW"]


@pytest.mark.parametrize("attribute", ["inspector", "manager", "ri"])
def test_required_roles_set_up_before_signing_in(app, client, db, world, attribute):
    user = getattr(world, attribute)
    response = sign_in(client, user)
    assert response.location == "/sign-in/set-up"
    assert client.get("/dashboard").location == "/sign-in/code"  # not signed in, kept on its page
    page = client.get("/sign-in/set-up").get_data(as_text=True)
    db.session.refresh(user)
    details = twofactor.set_up_details(user)
    assert details.grouped_secret in page and 'role="img"' in page and "<title>QR code" in page
    assert "style" not in str(details.qr_svg)  # nothing the CSP (style-src 'self') would block
    assert "secret=" + details.secret in details.uri and "Provider%20portal" in details.uri
    codes_page = client.post("/sign-in/set-up", data={"code": pyotp.TOTP(details.secret).at(FROZEN)})
    text = codes_page.get_data(as_text=True)
    assert codes_page.status_code == 200 and "Save your recovery codes" in text
    assert text.count('class="app-recovery-code"') == twofactor.RECOVERY_CODE_COUNT
    assert not signed_in(client)
    done = client.post("/sign-in/recovery-codes-saved")
    assert done.location == "/" and signed_in(client)
    stored = db.session.scalars(select(RecoveryCode.code_hash).where(RecoveryCode.user_id == user.id)).all()
    assert len(stored) == 10 and all(len(digest) == 64 for digest in stored)
    assert all(digest not in text for digest in stored)


@pytest.mark.parametrize("attribute", ["rm", "ip"])
def test_optional_roles_sign_in_with_a_password_and_are_offered_two_factor(client, world, login_as, attribute):
    assert sign_in(client, getattr(world, attribute)).location == "/"
    page = client.get("/account").get_data(as_text=True)
    assert "Turn on two-factor sign-in" in page and "Off" in page


def test_set_up_with_a_wrong_or_malformed_code_stores_nothing(client, db, world):
    sign_in(client, world.inspector)
    client.get("/sign-in/set-up")
    wrong = client.post("/sign-in/set-up", data={"code": "000000"}).get_data(as_text=True)
    malformed = client.post("/sign-in/set-up", data={"code": "12ab"}).get_data(as_text=True)
    assert "The code is not correct" in wrong and "The code must be 6 digits" in malformed
    assert "There is a problem" in malformed
    db.session.refresh(world.inspector)
    assert not world.inspector.two_factor_enabled


def test_code_page_accepts_spaces_and_refuses_wrong_malformed_and_replayed_codes(app, client, db, world):
    totp, _ = enable(db, world.inspector, FROZEN - timedelta(minutes=5))
    sign_in(client, world.inspector)
    assert client.get("/sign-in/code").status_code == 200
    assert "The code is not correct" in enter_code(client, "000000").get_data(as_text=True)
    assert "The code must be 6 digits" in enter_code(client, "12 34").get_data(as_text=True)
    code = totp.at(FROZEN)
    assert enter_code(client, f"{code[:3]} {code[3:]}").location == "/"
    client.post("/sign-out")
    sign_in(client, world.inspector)
    replay = enter_code(client, code)
    assert replay.status_code == 200 and "already been used" in replay.get_data(as_text=True)


@pytest.mark.parametrize("steps, accepted", [(-1, True), (1, True), (-2, False), (2, False)])
def test_codes_of_the_step_before_and_after_work_two_steps_away_do_not(db, world, steps, accepted):
    totp, _ = enable(db, world.inspector, FROZEN - timedelta(minutes=5))
    code = totp.at(FROZEN + timedelta(seconds=30 * steps))
    assert twofactor.verify_code(world.inspector, code, FROZEN) is accepted


def test_an_older_step_is_refused_once_a_newer_one_was_used(db, world):
    totp, _ = enable(db, world.inspector, FROZEN - timedelta(minutes=5))
    assert twofactor.verify_code(world.inspector, totp.at(FROZEN), FROZEN)
    assert not twofactor.verify_code(world.inspector, totp.at(FROZEN - timedelta(seconds=30)), FROZEN)


def test_pending_sign_in_expires_after_5_minutes(app, client, db, world):
    totp, _ = enable(db, world.inspector, FROZEN - timedelta(minutes=5))
    sign_in(client, world.inspector)
    now = later(app, minutes=5, seconds=1)
    response = enter_code(client, totp.at(now))
    assert response.location == "/sign-in"
    assert "more than 5 minutes" in client.get("/sign-in").get_data(as_text=True)
    assert not signed_in(client)


def test_pending_sign_in_cannot_open_other_pages(client, db, world):
    enable(db, world.inspector, FROZEN - timedelta(minutes=5))
    sign_in(client, world.inspector)
    for url in ("/", "/inspectorate/inspections", "/account", "/published-reports"):
        assert client.get(url).location == "/sign-in/code", url
    assert client.post("/session/keep-alive").location == "/sign-in/code"


def test_recovery_code_works_once(app, client, db, world):
    _, codes = enable(db, world.inspector, FROZEN - timedelta(minutes=5))
    sign_in(client, world.inspector)
    response = client.post("/sign-in/recovery-code", data={"recovery_code": codes[0].upper().replace("-", " ")})
    assert response.location == "/"
    assert "You have 9 left" in client.get("/", follow_redirects=True).get_data(as_text=True)
    assert signed_in(client)
    client.post("/sign-out")
    sign_in(client, world.inspector)
    again = client.post("/sign-in/recovery-code", data={"recovery_code": codes[0]})
    assert again.status_code == 200 and "already been used" in again.get_data(as_text=True)
    assert not signed_in(client)


def remember(app, client, db, user):
    """Sign ``user`` in with a code and tick "do not ask again"; returns the TOTP."""
    totp, _ = enable(db, user, FROZEN - timedelta(minutes=5))
    sign_in(client, user)
    response = enter_code(client, totp.at(FROZEN), remember=True)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "Secure" in cookie and "SameSite=Lax" in cookie and "Max-Age=2592000" in cookie
    client.post("/sign-out")
    return totp


@pytest.mark.parametrize("days, seconds, asked", [(29, 0, False), (30, -1, False), (30, 0, True), (31, 0, True)])
def test_remembered_browser_is_honoured_until_trusted_device_days(app, client, db, world, days, seconds, asked):
    remember(app, client, db, world.inspector)
    later(app, days=days, seconds=seconds)
    response = sign_in(client, world.inspector)
    assert response.location == ("/sign-in/code" if asked else "/")


def test_a_shorter_trusted_device_days_is_honoured(app, client, db, world):
    app.config["TRUSTED_DEVICE_DAYS"] = 7
    totp, _ = enable(db, world.inspector, FROZEN - timedelta(minutes=5))
    sign_in(client, world.inspector)
    assert "Max-Age=604800" in enter_code(client, totp.at(FROZEN), remember=True).headers["Set-Cookie"]
    client.post("/sign-out")
    later(app, days=7)
    assert sign_in(client, world.inspector).location == "/sign-in/code"


def test_remembered_browser_does_nothing_for_another_user(app, client, db, world):
    remember(app, client, db, world.inspector)
    enable(db, world.colleague, FROZEN - timedelta(minutes=5))
    assert sign_in(client, world.colleague).location == "/sign-in/code"
    token = client.get_cookie(twofactor.device_cookie_name(world.inspector)).value
    assert not twofactor.is_remembered(world.colleague, token, FROZEN)


def test_forgetting_browsers_asks_for_a_code_again(app, client, db, world):
    remember(app, client, db, world.inspector)
    assert sign_in(client, world.inspector).location == "/"
    page = client.get("/account").get_data(as_text=True)
    assert "Remembered browsers" in page and "Forget all remembered browsers" in page
    client.post("/account/devices/forget")
    client.post("/sign-out")
    assert sign_in(client, world.inspector).location == "/sign-in/code"


def test_password_reset_forgets_remembered_browsers_and_still_asks_for_a_code(app, client, db, world):
    from portal.accounts import services

    remember(app, client, db, world.inspector)
    token = client.get_cookie(twofactor.device_cookie_name(world.inspector)).value
    services.request_password_reset(world.inspector.email, FROZEN)
    reset_token = db.session.scalars(select(services.PasswordResetToken)).one()
    services.reset_password(reset_token, "a brand new long password", FROZEN)
    assert not twofactor.is_remembered(world.inspector, token, FROZEN)
    response = client.post("/sign-in", data={"email": world.inspector.email, "password": "a brand new long password"})
    assert response.location == "/sign-in/code"


def test_required_roles_cannot_turn_two_factor_off(client, db, world, login_as):
    totp, _ = enable(db, world.ri, FROZEN - timedelta(minutes=5))
    login_as(world.ri)
    assert client.get("/account/two-factor/turn-off").status_code == 404
    assert client.post("/account/two-factor/turn-off", data={"code": totp.at(FROZEN)}).status_code == 404
    with pytest.raises(twofactor.TwoFactorError):
        twofactor.turn_off(world.ri, totp.at(FROZEN), FROZEN)
    db.session.refresh(world.ri)
    assert world.ri.two_factor_enabled
    assert "cannot be turned off" in client.get("/account").get_data(as_text=True)


def test_optional_role_turns_two_factor_on_and_off_on_the_account_page(client, db, world, login_as):
    login_as(world.rm)
    client.get("/account/two-factor/set-up")
    db.session.refresh(world.rm)
    totp = pyotp.TOTP(world.rm.totp_secret)
    page = client.post("/account/two-factor/set-up", data={"code": totp.at(FROZEN)}).get_data(as_text=True)
    assert "Save your recovery codes" in page
    assert "On since" in client.get("/account").get_data(as_text=True)
    wrong = client.post("/account/two-factor/turn-off", data={"code": totp.at(FROZEN)})  # already used
    assert "The code is not correct" in wrong.get_data(as_text=True)
    off = client.post("/account/two-factor/turn-off", data={"code": totp.at(FROZEN + timedelta(seconds=30))})
    assert off.location == "/account"
    db.session.refresh(world.rm)
    assert not world.rm.two_factor_enabled


def test_new_recovery_codes_replace_the_old_ones(client, db, world, login_as):
    _, old = enable(db, world.inspector, FROZEN - timedelta(minutes=5))
    login_as(world.inspector)
    page = client.post("/account/recovery-codes").get_data(as_text=True)
    assert "Your old recovery codes no longer work" in page
    assert not twofactor.use_recovery_code(world.inspector, old[0], FROZEN)


def test_repeated_wrong_codes_slow_the_address_down(app, client, db, world):
    """Three wrong codes and the next try waits, even with the right code (accounts/throttle.py)."""
    totp, _ = enable(db, world.inspector, FROZEN - timedelta(minutes=5))
    sign_in(client, world.inspector)
    for _ in range(throttle.setting("SIGN_IN_FREE_FAILURES")):
        page = enter_code(client, "000000").get_data(as_text=True)
    assert "too many times" in page
    assert "too many times" in enter_code(client, totp.at(FROZEN)).get_data(as_text=True)
    assert not signed_in(client)


def test_a_session_of_a_required_role_without_its_second_factor_is_ended(client, world, login_as):
    login_as(world.inspector)
    with client.session_transaction() as session:
        session.pop("second_factor")
    assert client.get("/account").location == "/sign-in"
    assert client.get("/account").location.startswith("/sign-in?next=")  # the session is gone


def test_reset_by_the_command_line(app, db, world):
    enable(db, world.inspector)
    result = app.test_cli_runner().invoke(args=["portal", "reset-two-factor", "--email", world.inspector.email.upper()])
    assert result.exit_code == 0, result.output
    assert "set it up again" in result.output
    db.session.expire_all()
    assert not world.inspector.two_factor_enabled
    unknown = app.test_cli_runner().invoke(args=["portal", "reset-two-factor", "--email", "nobody@example.com"])
    assert unknown.exit_code != 0 and "No account" in unknown.output


def test_reset_user_must_set_up_again(client, db, world):
    enable(db, world.inspector)
    twofactor.reset(world.inspector, None, FROZEN)
    assert sign_in(client, world.inspector).location == "/sign-in/set-up"


def test_set_up_finished_in_another_browser_asks_for_a_code_instead(client, db, world):
    sign_in(client, world.inspector)
    totp, _ = enable(db, world.inspector, FROZEN - timedelta(minutes=1))
    assert client.get("/sign-in/set-up").location == "/sign-in/code"
    assert enter_code(client, totp.at(FROZEN + timedelta(seconds=30))).location == "/"


def test_another_users_session_cannot_use_account_pages_of_someone_else(client, db, world, login_as):
    """R-ROLE-1: the account pages only ever show and change the signed-in user's own account."""
    enable(db, world.rival_ri, FROZEN - timedelta(minutes=5))
    twofactor.remember_device(world.rival_ri, "Rival's browser", FROZEN)
    login_as(world.ri)
    page = client.get("/account").get_data(as_text=True)
    assert world.rival_ri.email not in page and "Rival's browser" not in page
    client.post("/account/devices/forget")
    assert len(twofactor.remembered_devices(world.rival_ri, FROZEN)) == 1


@pytest.mark.parametrize("typed", ["", "   ", "１２３４５６", "12345", "1234567", "x" * 5000, "12\x003456", "<b>1</b>"])
def test_odd_input_gets_a_govuk_error_never_a_500(client, db, world, typed):
    enable(db, world.inspector, FROZEN - timedelta(minutes=5))
    sign_in(client, world.inspector)
    for url, field in (("/sign-in/code", "code"), ("/sign-in/recovery-code", "recovery_code")):
        response = client.post(url, data={field: typed})
        assert response.status_code == 200 and "There is a problem" in response.get_data(as_text=True)
    assert not signed_in(client)


def test_a_recovery_code_spent_by_a_racing_request_does_not_sign_in_again(app, db, world):
    """Two requests with one recovery code: the other spends it after this one looked it up."""
    from sqlalchemy import event, text

    _, codes = enable(db, world.inspector)
    digest = twofactor._sha256(twofactor.normalise_recovery_code(codes[0]))
    raced = []

    def other_request_spends_it(conn, cursor, statement, parameters, context, executemany):
        if not raced and statement.lstrip().upper().startswith("UPDATE RECOVERY_CODES"):
            raced.append(True)
            with db.engine.connect() as other:
                other.execute(
                    text("UPDATE recovery_codes SET used_at = :now WHERE code_hash = :digest"),
                    {"now": FROZEN, "digest": digest},
                )
                other.commit()

    event.listen(db.engine, "before_cursor_execute", other_request_spends_it)
    try:
        spent = twofactor.use_recovery_code(world.inspector, codes[0], FROZEN)
    finally:
        event.remove(db.engine, "before_cursor_execute", other_request_spends_it)
    assert raced and spent is False


def test_a_code_used_by_a_racing_request_does_not_sign_in_again(app, db, world):
    """Two requests with one code: the other uses its time step after this one read the last step used."""
    from sqlalchemy import event, text

    totp, _ = enable(db, world.inspector, FROZEN - timedelta(minutes=5))
    step = int(FROZEN.timestamp()) // twofactor.STEP_SECONDS
    raced = []

    def other_request_uses_it(conn, cursor, statement, parameters, context, executemany):
        if not raced and statement.lstrip().upper().startswith("UPDATE USERS"):
            raced.append(True)
            with db.engine.connect() as other:
                other.execute(
                    text("UPDATE users SET totp_last_step = :step WHERE id = :id"),
                    {"step": step, "id": world.inspector.id},
                )
                other.commit()

    event.listen(db.engine, "before_cursor_execute", other_request_uses_it)
    try:
        accepted = twofactor.verify_code(world.inspector, totp.at(FROZEN), FROZEN)
    finally:
        event.remove(db.engine, "before_cursor_execute", other_request_uses_it)
    assert raced and accepted is False


def test_two_factor_reset_while_the_recovery_codes_are_shown_sends_back_to_set_up(app, client, db, world):
    """Reset (a lost phone) between the first code and "I have saved my recovery codes": neither
    coming back to the codes nor going on signs in or fails; set-up starts again."""
    sign_in(client, world.ri)
    client.get("/sign-in/set-up")
    db.session.refresh(world.ri)
    client.post("/sign-in/set-up", data={"code": pyotp.TOTP(world.ri.totp_secret).at(FROZEN)})
    twofactor.reset(world.ri, None, FROZEN)
    again = client.get("/sign-in/set-up")
    assert again.status_code == 302 and again.location == "/sign-in/set-up"
    assert "Set up two-factor sign-in" in client.get("/sign-in/set-up").get_data(as_text=True)
    sign_in(client, world.ri)
    client.get("/sign-in/set-up")
    db.session.refresh(world.ri)
    client.post("/sign-in/set-up", data={"code": pyotp.TOTP(world.ri.totp_secret).at(FROZEN)})
    twofactor.reset(world.ri, None, FROZEN)
    saved = client.post("/sign-in/recovery-codes-saved")
    assert saved.location == "/sign-in/set-up" and not signed_in(client)


def test_a_set_up_key_seen_in_another_browser_is_never_the_one_confirmed(app, db, world):
    """Someone who has the password opens the set-up page and leaves. When the owner sets
    two-factor up later, their app gets a key of their own, not the one that person saw."""
    other, owner = app.test_client(), app.test_client()
    sign_in(other, world.ri)
    other.get("/sign-in/set-up")
    db.session.refresh(world.ri)
    seen = world.ri.totp_secret
    sign_in(owner, world.ri)
    owner.get("/sign-in/set-up")
    owner.get("/sign-in/set-up")  # reloading keeps this browser's key
    db.session.refresh(world.ri)
    mine = world.ri.totp_secret
    assert mine != seen
    assert twofactor.set_up_details(world.ri).grouped_secret in owner.get("/sign-in/set-up").get_data(as_text=True)
    owner.post("/sign-in/set-up", data={"code": pyotp.TOTP(mine).at(FROZEN)})
    db.session.refresh(world.ri)
    assert world.ri.two_factor_enabled and world.ri.totp_secret == mine
    # A code from the seen key, posted by the other browser afterwards, is asked for as a sign-in code and fails.
    other.post("/sign-in/set-up", data={"code": pyotp.TOTP(seen).at(FROZEN + timedelta(seconds=30))})
    refused = enter_code(other, pyotp.TOTP(seen).at(FROZEN + timedelta(seconds=30)))
    assert refused.status_code == 200 and not signed_in(other)


def test_a_code_from_a_key_this_browser_was_not_shown_turns_nothing_on(app, db, world):
    other, owner = app.test_client(), app.test_client()
    sign_in(other, world.ri)
    other.get("/sign-in/set-up")
    sign_in(owner, world.ri)
    owner.get("/sign-in/set-up")
    db.session.refresh(world.ri)
    # The owner's key, if it were learnt somehow, posted from a browser that was shown another one.
    refused = other.post("/sign-in/set-up", data={"code": pyotp.TOTP(world.ri.totp_secret).at(FROZEN)})
    assert refused.status_code == 200 and "not correct" in refused.get_data(as_text=True)
    db.session.refresh(world.ri)
    assert not world.ri.two_factor_enabled


def test_wrong_codes_to_turn_two_factor_off_count_towards_the_waits(app, client, db, world, login_as):
    """A session left open is not enough to guess a code away: wrong codes slow it like at sign-in."""
    totp, _ = enable(db, world.rm, FROZEN - timedelta(minutes=5))
    login_as(world.rm)
    for _ in range(throttle.setting("SIGN_IN_FREE_FAILURES")):
        client.post("/account/two-factor/turn-off", data={"code": "000000"})
    locked = client.post("/account/two-factor/turn-off", data={"code": totp.at(FROZEN)})
    assert locked.status_code == 200 and "too many times" in locked.get_data(as_text=True)
    assert re.search(r"Wait \d+ seconds? before trying again", locked.get_data(as_text=True))  # how long, exactly
    db.session.refresh(world.rm)
    assert world.rm.two_factor_enabled
