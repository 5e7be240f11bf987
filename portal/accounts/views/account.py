"""Your account: who you are, where you are signed in, two-factor sign-in, recovery codes and
remembered browsers."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.accounts import services, session_records, sessions, twofactor
from portal.accounts.forms import ConfirmForm, SetUpCodeForm, TurnOffForm
from portal.accounts.roles import Role
from portal.accounts.session_records import UserSession
from portal.accounts.views import ALL_ROLES, bp
from portal.core import audit, clock
from portal.core.access import roles_required
from portal.core.formatting import uk_datetime
from portal.extensions import db, limiter

OPTIONAL_ROLES = tuple(role for role in Role if role not in twofactor.REQUIRED_ROLES)
WRONG_CODE = "The code is not correct or has already been used. Enter the code your app shows now"


@bp.route("/account")
@roles_required(*ALL_ROLES)
def account():
    now = clock.now()
    user = current_user._get_current_object()
    live = session_records.live_of(user.id, now, *sessions.lifetimes())
    key = sessions.current_key()
    signed_in = [(record, session_records.is_current(record, key)) for record in live]
    signed_in.sort(key=lambda pair: not pair[1])  # this browser first
    return render_template(
        "accounts/account.html",
        user=user,
        required=twofactor.is_required(user),
        devices=twofactor.remembered_devices(user, now),
        signed_in=signed_in,
        others=any(not current for _, current in signed_in),
        codes_left=twofactor.unused_recovery_codes(user) if user.two_factor_enabled else 0,
        form=ConfirmForm(),
    )


@bp.route("/account/sessions/end", methods=["POST"])
@roles_required(*ALL_ROLES)
def account_end_session():
    """End one of your own sessions, in whichever browser it is: its cookie never works again.
    Somebody else's session, or one that never was, is not found (R-ROLE-1)."""
    now = clock.now()
    user = current_user._get_current_object()
    raw = request.form.get("session_id", "")
    if not ConfirmForm().validate_on_submit() or not raw:
        return redirect(url_for("accounts.account"))
    record = db.session.get(UserSession, int(raw)) if raw.isdigit() and len(raw) <= 9 else None
    if record is None or record.user_id != user.id:
        abort(404)
    if session_records.is_current(record, sessions.current_key()):
        sessions.end()
        flash("You have signed out.", "success")
        return redirect(url_for("accounts.sign_in"))
    if record.ended_at is None:
        session_records.end(record, session_records.ENDED_ELSEWHERE, now)
        audit.record(user, "session_ended", record, now, after={"browser": record.label})
        db.session.commit()
    flash(f"{record.label}, signed in at {uk_datetime(record.created_at)}, is signed out.", "success")
    return redirect(url_for("accounts.account"))


@bp.route("/account/sessions/end-others", methods=["POST"])
@roles_required(*ALL_ROLES)
def account_end_other_sessions():
    now = clock.now()
    user = current_user._get_current_object()
    if not ConfirmForm().validate_on_submit():
        return redirect(url_for("accounts.account"))
    current = session_records.find(sessions.current_key())
    ended = session_records.end_all(
        user.id, session_records.ENDED_ELSEWHERE, now, keep_id=current.id if current is not None else None
    )
    audit.record(user, "other_sessions_ended", user, now, after={"sessions": ended})
    db.session.commit()
    flash("Every other browser is signed out. This one stays signed in.", "success")
    return redirect(url_for("accounts.account"))


@bp.route("/account/two-factor/set-up", methods=["GET", "POST"])
@limiter.limit("20 per minute", methods=["POST"])
@roles_required(*ALL_ROLES)
def account_set_up():
    """Turn two-factor on (optional roles), or set it up again after it was reset."""
    now = clock.now()
    user = current_user._get_current_object()
    if user.two_factor_enabled:
        return redirect(url_for("accounts.account"))
    form = SetUpCodeForm()
    if form.validate_on_submit():
        shown = sessions.set_up_secret_shown(user)
        codes = twofactor.confirm_set_up(user, form.code.data, now) if shown else None
        if codes is not None:
            sessions.mark_second_factor_done()
            return render_template(
                "accounts/recovery_codes.html", codes=codes, action=url_for("accounts.account"), form=None
            )
        form.code.errors.append(WRONG_CODE)
    details = twofactor.begin_set_up(user, now, fresh=not sessions.set_up_secret_shown(user))
    sessions.mark_set_up_secret_shown(user)
    return render_template("accounts/two_factor_set_up.html", form=form, details=details, signing_in=False)


@bp.route("/account/two-factor/turn-off", methods=["GET", "POST"])
@limiter.limit("20 per minute", methods=["POST"])
@roles_required(*OPTIONAL_ROLES)
def account_turn_off():
    """Only where two-factor is optional; a current code proves the phone is at hand."""
    now = clock.now()
    user = current_user._get_current_object()
    if not user.two_factor_enabled:
        return redirect(url_for("accounts.account"))
    form = TurnOffForm()
    if form.validate_on_submit():
        # Wrong codes count towards the sign-in waits, so an open session cannot guess one.
        if wait := services.wait_seconds(user.email, now):
            form.code.errors.append(services.wait_message(wait))
        elif twofactor.turn_off(user, form.code.data, now):
            flash("Two-factor sign-in is off. You can turn it on again at any time.", "success")
            return redirect(url_for("accounts.account"))
        else:
            wait = services.record_failure(user.email, now)
            form.code.errors.append(services.wait_message(wait) if wait else WRONG_CODE)
    return render_template("accounts/two_factor_turn_off.html", form=form)


@bp.route("/account/recovery-codes", methods=["POST"])
@roles_required(*ALL_ROLES)
def account_recovery_codes():
    now = clock.now()
    user = current_user._get_current_object()
    if not ConfirmForm().validate_on_submit() or not user.two_factor_enabled:
        return redirect(url_for("accounts.account"))
    codes = twofactor.new_recovery_codes(user, now)
    return render_template(
        "accounts/recovery_codes.html", codes=codes, action=url_for("accounts.account"), form=None, replaced=True
    )


@bp.route("/account/devices/forget", methods=["POST"])
@roles_required(*ALL_ROLES)
def account_forget_devices():
    now = clock.now()
    user = current_user._get_current_object()
    if not ConfirmForm().validate_on_submit():
        return redirect(url_for("accounts.account"))
    twofactor.forget_devices(user, user, now)
    flash("Every browser will ask for a code the next time you sign in.", "success")
    response = redirect(url_for("accounts.account"))
    response.delete_cookie(twofactor.device_cookie_name(user), path="/")
    return response
