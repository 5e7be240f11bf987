"""The team pages: a responsible individual invites, changes, deactivates and reactivates the
provider's users; the invited person accepts on a public page reached from the e-mail."""

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user

from portal.accounts.roles import Role
from portal.core import clock, paging
from portal.core.access import public, roles_required
from portal.core.forms import show_refusal
from portal.providers import team, team_page
from portal.providers.forms_team import AcceptForm, ConfirmForm, InviteForm, MemberForm

bp = Blueprint("providers_team", __name__, url_prefix="/provider/team")
invitations_bp = Blueprint("providers_invitations", __name__)
RI = Role.RESPONSIBLE_INDIVIDUAL


@bp.route("")
@roles_required(RI)
def index():
    """The people 50 a page (``?page=``: not a number is page 1, past the end the last page)."""
    now = clock.now()
    shown = team_page.team_of(current_user.provider_id, paging.page_number(request.args.get("page")))
    return render_template(
        "providers/team/index.html",
        team=shown,
        settings=team_page.settings_named(current_user.provider_id, shown),
        roles=team.TEAM_ROLES,
        state_of=lambda invitation: team.state_of(invitation, now),
    )


@bp.route("/invite", methods=["GET", "POST"])
@roles_required(RI)
def invite():
    """Invite form, then check your answers (carried in hidden fields), then send."""
    now = clock.now()
    settings = team.provider_settings(current_user.provider_id)
    form = InviteForm(settings=settings)
    problems: list = []
    if form.validate_on_submit():
        if request.form.get("step") == "send":
            links = _links_to_pass_on()
            try:
                invitation = team.invite(
                    current_user,
                    form.name.data,
                    form.email.data,
                    form.role.data,
                    form.setting_ids(),
                    form.submits_draft_comments.data,
                    now,
                    links,
                )
            except team.TeamError as error:
                show_refusal(error, form, problems)
            else:
                _keep_link(invitation.id, links)
                return redirect(url_for(".sent", invitation_id=invitation.id))
        elif request.form.get("step") != "change":
            chosen = [s for s in settings if s.id in set(form.setting_ids())]
            return render_template("providers/team/check.html", form=form, chosen=chosen, roles=team.TEAM_ROLES)
    return render_template("providers/team/invite.html", form=form, problems=problems)


@bp.route("/invitations/<int:invitation_id>/sent")
@roles_required(RI)
def sent(invitation_id: int):
    invitation = team.invitation_or_404(current_user, invitation_id)
    return render_template(
        "providers/team/sent.html", invitation=invitation, roles=team.TEAM_ROLES, link=_kept_link(invitation.id)
    )


def _links_to_pass_on() -> list[str] | None:
    """With no mail server set (the embedded default) an invitation's link reaches nobody by
    e-mail: the responsible individual is shown it, once, to send on themselves."""
    return None if current_app.config.get("SMTP_HOST") else []


def _keep_link(invitation_id: int, links: list[str] | None) -> None:
    if links:
        session[f"invitation-link-{invitation_id}"] = links[-1]


def _kept_link(invitation_id: int) -> str | None:
    return session.pop(f"invitation-link-{invitation_id}", None)


@bp.route("/invitations/<int:invitation_id>")
@roles_required(RI)
def invitation(invitation_id: int):
    now = clock.now()
    found = team.invitation_or_404(current_user, invitation_id)
    return render_template(
        "providers/team/invitation.html",
        invitation=found,
        form=ConfirmForm(),
        state=team.state_of(found, now),
        link=_kept_link(found.id),
        roles=team.TEAM_ROLES,
        settings=team.settings_by_id(current_user.provider_id),
    )


@bp.route("/invitations/<int:invitation_id>/resend", methods=["POST"])
@roles_required(RI)
def resend(invitation_id: int):
    links = _links_to_pass_on()

    def send_again(invitation, actor, now):
        team.resend(invitation, actor, now, links)
        _keep_link(invitation.id, links)

    return _invitation_action(invitation_id, send_again, "Invitation sent again: the earlier link no longer works")


@bp.route("/invitations/<int:invitation_id>/withdraw", methods=["POST"])
@roles_required(RI)
def withdraw(invitation_id: int):
    return _invitation_action(invitation_id, team.withdraw, "Invitation withdrawn: its link no longer works")


def _invitation_action(invitation_id: int, action, done: str):
    now = clock.now()
    found = team.invitation_or_404(current_user, invitation_id)
    if ConfirmForm().validate_on_submit():
        try:
            action(found, current_user, now)
        except team.TeamError as error:
            flash(error.message, "error")
        else:
            flash(done, "success")
    return redirect(url_for(".invitation", invitation_id=found.id))


@bp.route("/members/<int:member_id>", methods=["GET", "POST"])
@roles_required(RI)
def member(member_id: int):
    now = clock.now()
    person = team.member_or_404(current_user, member_id)
    settings = team.provider_settings(current_user.provider_id)
    form = MemberForm(settings=settings)
    problems: list = []
    if not form.is_submitted():
        form.role.data = person.role
        form.settings.data = [str(m.setting_id) for m in person.memberships]
        form.submits_draft_comments.data = person.submits_draft_comments
    elif form.validate_on_submit():
        try:
            team.change(person, current_user, form.role.data, form.setting_ids(), form.submits_draft_comments.data, now)
        except team.TeamError as error:
            show_refusal(error, form, problems)
        else:
            flash(f"Saved the changes to {person.name}", "success")
            return redirect(url_for(".member", member_id=person.id))
    return render_template(
        "providers/team/member.html",
        person=person,
        form=form,
        problems=problems,
        editable=person.role in team.TEAM_ROLES,
        action_form=ConfirmForm(),
        settings=team.settings_by_id(current_user.provider_id),
        deactivation_problem=team.deactivation_problem(person, current_user),
    )


def _confirm_then(member_id: int, use_case, success: str, template: str, **context):
    """A confirmation page for an action on a member: on a confirmed post run ``use_case`` and go
    back to the member's page, or show why it was refused."""
    now = clock.now()
    person = team.member_or_404(current_user, member_id)
    form = ConfirmForm()
    problems: list = []
    if form.validate_on_submit():
        try:
            use_case(person, current_user, now)
        except team.TeamError as error:
            problems.append({"text": error.message})
        else:
            flash(success.format(name=person.name), "success")
            return redirect(url_for(".member", member_id=person.id))
    extra = {key: value(person) for key, value in context.items()}
    return render_template(template, person=person, form=form, problems=problems, **extra)


@bp.route("/members/<int:member_id>/deactivate", methods=["GET", "POST"])
@roles_required(RI)
def deactivate(member_id: int):
    """Confirmation first: deactivating ends the person's sessions at once."""
    return _confirm_then(
        member_id,
        team.deactivate,
        "{name} is deactivated: they can no longer sign in",
        "providers/team/deactivate.html",
        problem=lambda person: team.deactivation_problem(person, current_user),
    )


@bp.route("/members/<int:member_id>/reactivate", methods=["POST"])
@roles_required(RI)
def reactivate(member_id: int):
    now = clock.now()
    person = team.member_or_404(current_user, member_id)
    if ConfirmForm().validate_on_submit():
        try:
            team.reactivate(person, current_user, now)
        except team.TeamError as error:
            flash(error.message, "error")
        else:
            flash(f"{person.name} is active again and can sign in", "success")
    return redirect(url_for(".member", member_id=person.id))


@bp.route("/members/<int:member_id>/two-factor-reset", methods=["GET", "POST"])
@roles_required(RI)
def reset_two_factor(member_id: int):
    return _confirm_then(
        member_id,
        team.reset_two_factor,
        "Two-factor sign-in reset: {name} sets it up again at their next sign-in",
        "providers/team/reset_two_factor.html",
    )


@invitations_bp.route("/invitations/<secret>", methods=["GET", "POST"])
@public
def accept(secret: str):
    """The invited person's page: who invited them, as what, and their password."""
    now = clock.now()
    found = team.invitation_by_secret(secret)
    state = team.state_of(found, now) if found is not None else None
    if state != team.OPEN:
        return render_template("providers/team/invitation_invalid.html", state=state), 404 if state is None else 410
    form = AcceptForm(email=found.email)
    if not form.is_submitted():
        form.name.data = found.name
    problems: list = []
    if form.validate_on_submit():
        try:
            team.accept(found, form.name.data, form.password.data, now)
        except team.TeamError as error:
            problems.append({"text": error.message})
        else:
            flash("Your account is ready: sign in with your e-mail address and new password", "success")
            return redirect(url_for("accounts.sign_in"))
    settings = [s for s in team.provider_settings(found.provider_id) if s.id in set(found.setting_ids)]
    return render_template(
        "providers/team/accept.html",
        invitation=found,
        form=form,
        problems=problems,
        settings=settings,
        roles=team.TEAM_ROLES,
    )
