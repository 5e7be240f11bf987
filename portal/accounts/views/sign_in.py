"""Sign in, sign out, keep a session alive, and reset a forgotten password."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.accounts import services, sessions
from portal.accounts.forms import NewPasswordForm, PasswordResetRequestForm, SignInForm
from portal.accounts.views import ALL_ROLES, bp, two_factor as views_two_factor
from portal.core import clock, htmx
from portal.core.access import public, roles_required
from portal.core.links import local_path
from portal.extensions import limiter

BAD_CREDENTIALS = "Enter a correct e-mail address and password. Both are case-sensitive apart from the e-mail address."
# Where the exact wait is not at hand; the sign-in and code pages say how long (throttle.wait_message).


def _safe_next(target: str | None) -> str | None:
    """Only the portal's own pages: never another site, never a broken header (links.local_path)."""
    return local_path(target)


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit("20 per minute", methods=["POST"])
@public
def sign_in():
    if current_user.is_authenticated:
        return redirect(url_for("site.home"))
    if request.method == "GET":
        sessions.clear_pending()  # coming back to the first page starts again
    form = SignInForm()
    if form.validate_on_submit():
        now = clock.now()
        result = services.sign_in(form.email.data, form.password.data, now)
        if result.user is not None:
            return views_two_factor.after_password(result.user, _safe_next(request.args.get("next")), now)
        form.email.errors.append(services.wait_message(result.wait_seconds) if result.locked else BAD_CREDENTIALS)
    return render_template("accounts/sign_in.html", form=form)


@bp.route("/sign-out", methods=["POST"])
@public
def sign_out():
    sessions.end()
    flash("You have signed out.", "success")
    return redirect(url_for("accounts.sign_in"))


@bp.route("/session/keep-alive", methods=["POST"])
@roles_required(*ALL_ROLES)
def keep_alive():
    """Used by the timeout warning's "Stay signed in": any request refreshes the session."""
    if htmx.is_htmx() or request.accept_mimetypes.best == "application/json":
        return "", 204
    return redirect(_safe_next(request.form.get("next")) or url_for("site.home"))


@bp.route("/password-reset", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
@public
def request_password_reset():
    form = PasswordResetRequestForm()
    if form.validate_on_submit():
        services.ask_for_password_reset(form.email.data, clock.now())
        return redirect(url_for("accounts.password_reset_sent"))
    return render_template("accounts/password_reset_request.html", form=form)


@bp.route("/password-reset/sent")
@public
def password_reset_sent():
    return render_template("accounts/password_reset_sent.html")


@bp.route("/password-reset/<token>", methods=["GET", "POST"])
@limiter.limit("10 per minute", methods=["POST"])
@public
def reset_password(token: str):
    now = clock.now()
    reset = services.valid_reset_token(token, now)
    if reset is None:
        return render_template("accounts/password_reset_invalid.html"), 404
    form = NewPasswordForm(email=reset.user.email)
    if form.validate_on_submit():
        services.reset_password(reset, form.password.data, now)
        flash("Your password has been changed. Sign in with your new password.", "success")
        return redirect(url_for("accounts.sign_in"))
    return render_template("accounts/password_reset.html", form=form)
