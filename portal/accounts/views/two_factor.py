"""The second step of signing in: a code from the authenticator app, a recovery code, or setting
two-factor up where the role requires it. Until it is done the person is not signed in, and the
half-way state lasts 5 minutes per step."""

from flask import current_app, flash, redirect, render_template, request, url_for

from portal.accounts import services, sessions, twofactor
from portal.accounts.forms import ConfirmForm, RecoveryCodeForm, SetUpCodeForm, TwoFactorCodeForm
from portal.accounts.views import bp
from portal.core import clock
from portal.core.access import public
from portal.extensions import limiter

WRONG_CODE = "The code is not correct or has already been used. Enter the code your app shows now"
WRONG_RECOVERY_CODE = "The recovery code is not correct or has already been used"
EXPIRED = "You took more than 5 minutes to enter your code. Sign in again to continue."
STAGE_ENDPOINTS = {
    "code": "accounts.two_factor_code",
    "set_up": "accounts.two_factor_set_up",
    "recovery_codes": "accounts.two_factor_set_up",
}


def after_password(user, next_url: str | None, now):
    """Where a correct password leads: straight in, in through a remembered browser, or on to
    the code or set-up page."""
    if not user.two_factor_enabled and not twofactor.is_required(user):
        sessions.start(user, sessions.FACTOR_NOT_REQUIRED)
        return redirect(next_url or url_for("site.home"))
    if user.two_factor_enabled and twofactor.is_remembered(
        user, request.cookies.get(twofactor.device_cookie_name(user)), now
    ):
        return _complete(user, next_url, now)
    stage = "code" if user.two_factor_enabled else "set_up"
    sessions.begin_pending(user, stage, next_url, now)
    return redirect(url_for(STAGE_ENDPOINTS[stage]))


def _complete(user, next_url, now, remember: bool = False):
    services.complete_sign_in(user, now)
    sessions.start(user, sessions.FACTOR_DONE)
    response = redirect(next_url or url_for("site.home"))
    if remember:
        token, expires_at = twofactor.remember_device(user, describe_browser(request.user_agent.string), now)
        response.set_cookie(
            twofactor.device_cookie_name(user),
            token,
            expires=expires_at,
            max_age=twofactor.device_days() * 86400,
            path="/",
            httponly=True,
            samesite="Lax",
            secure=current_app.config.get("SESSION_COOKIE_SECURE", True),
        )
    return response


def describe_browser(agent: str) -> str:
    """A short name for the account page's list, like "Firefox on Windows"."""
    browsers = (("Edg/", "Edge"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"), ("Safari/", "Safari"))
    systems = (
        ("iPhone", "iPhone"),
        ("iPad", "iPad"),
        ("Android", "Android"),
        ("Windows", "Windows"),
        ("Mac OS X", "macOS"),
        ("Linux", "Linux"),
    )
    browser = next((name for marker, name in browsers if marker in agent), "A browser")
    system = next((name for marker, name in systems if marker in agent), None)
    return f"{browser} on {system}" if system else browser


def _pending_at(expected: tuple[str, ...], now):
    """The pending sign-in when it is at one of ``expected`` steps, else where to go instead."""
    pending = sessions.pending(now)
    if pending is None:
        if sessions.has_pending():
            sessions.clear_pending()
            flash(EXPIRED, "timeout")
        return None, redirect(url_for("accounts.sign_in"))
    if pending.stage not in expected:
        return None, redirect(url_for(STAGE_ENDPOINTS[pending.stage]))
    return pending, None


def _refuse(form, field, user, now):
    """A wrong code counts against the address like a wrong password."""
    wait = services.record_failure(user.email, now)
    form[field].errors.append(
        services.wait_message(wait) if wait else (WRONG_CODE if field == "code" else WRONG_RECOVERY_CODE)
    )


@bp.route("/sign-in/code", methods=["GET", "POST"])
@limiter.limit("20 per minute", methods=["POST"])
@public
def two_factor_code():
    now = clock.now()
    pending, elsewhere = _pending_at(("code",), now)
    if elsewhere:
        return elsewhere
    form = TwoFactorCodeForm()
    if form.validate_on_submit():
        user = pending.user
        if wait := services.wait_seconds(user.email, now):
            form.code.errors.append(services.wait_message(wait))
        elif twofactor.verify_code(user, form.code.data, now):
            return _complete(user, pending.next_url, now, remember=form.remember.data)
        else:
            _refuse(form, "code", user, now)
    return render_template("accounts/two_factor_code.html", form=form, days=twofactor.device_days())


@bp.route("/sign-in/recovery-code", methods=["GET", "POST"])
@limiter.limit("20 per minute", methods=["POST"])
@public
def two_factor_recovery():
    now = clock.now()
    pending, elsewhere = _pending_at(("code",), now)
    if elsewhere:
        return elsewhere
    form = RecoveryCodeForm()
    if form.validate_on_submit():
        user = pending.user
        if wait := services.wait_seconds(user.email, now):
            form.recovery_code.errors.append(services.wait_message(wait))
        elif twofactor.use_recovery_code(user, form.recovery_code.data, now):
            left = twofactor.unused_recovery_codes(user)
            response = _complete(user, pending.next_url, now)
            flash(
                f"You signed in with a recovery code. You have {left} left: make new ones on your account page "
                "if you are running out.",
                "success",
            )
            return response
        else:
            _refuse(form, "recovery_code", user, now)
    return render_template("accounts/two_factor_recovery.html", form=form)


@bp.route("/sign-in/set-up", methods=["GET", "POST"])
@limiter.limit("20 per minute", methods=["POST"])
@public
def two_factor_set_up():
    """Required roles set two-factor up before their first sign-in completes."""
    now = clock.now()
    pending, elsewhere = _pending_at(("set_up", "recovery_codes"), now)
    if elsewhere:
        return elsewhere
    user = pending.user
    if pending.stage == "recovery_codes" and not user.two_factor_enabled:
        return _set_up_again(now)
    if pending.stage == "set_up" and user.two_factor_enabled:
        # Set up meanwhile in another browser: the code is what is needed now.
        sessions.set_pending_stage("code", now)
        return redirect(url_for("accounts.two_factor_code"))
    if pending.stage == "recovery_codes":
        # The codes were shown once; coming back makes new ones, and the old ones stop working.
        return _show_codes(twofactor.new_recovery_codes(user, now))
    form = SetUpCodeForm()
    if form.validate_on_submit():
        if wait := services.wait_seconds(user.email, now):
            form.code.errors.append(services.wait_message(wait))
        else:
            shown = sessions.set_up_secret_shown(user)
            codes = twofactor.confirm_set_up(user, form.code.data, now) if shown else None
            if codes is not None:
                sessions.set_pending_stage("recovery_codes", now)
                return _show_codes(codes)
            _refuse(form, "code", user, now)
    details = twofactor.begin_set_up(user, now, fresh=not sessions.set_up_secret_shown(user))
    sessions.mark_set_up_secret_shown(user)
    return render_template("accounts/two_factor_set_up.html", form=form, details=details, signing_in=True)


def _show_codes(codes):
    return render_template(
        "accounts/recovery_codes.html", codes=codes, form=ConfirmForm(), action=url_for("accounts.two_factor_saved")
    )


@bp.route("/sign-in/recovery-codes-saved", methods=["POST"])
@limiter.limit("20 per minute")
@public
def two_factor_saved():
    now = clock.now()
    pending, elsewhere = _pending_at(("recovery_codes",), now)
    if elsewhere:
        return elsewhere
    if not pending.user.two_factor_enabled:
        return _set_up_again(now)
    if not ConfirmForm().validate_on_submit():
        return redirect(url_for("accounts.two_factor_set_up"))
    return _complete(pending.user, pending.next_url, now)


def _set_up_again(now):
    """Two-factor was reset (a lost phone) after the first code: set-up starts again."""
    sessions.set_pending_stage("set_up", now)
    return redirect(url_for("accounts.two_factor_set_up"))
