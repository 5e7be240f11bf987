"""The inspectorate's side: evidence to judge, overdue requirements, compliance notices and their visits."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.accounts.roles import Role
from portal.core import clock, contributions
from portal.core.access import roles_required
from portal.core.formatting import uk_date
from portal.core.forms import run_use_case
from portal.core.references import new_key
from portal.inspections import ownership
from portal.inspections.views.inspectorate import SETTING_PAGE
from portal.providers.access import get_setting_or_404
from portal.requirements import forms, queries, rules, services
from portal.requirements.access import get_notice_or_404, get_requirement_or_404
from portal.requirements.services import RequirementRefused
from portal.requirements.views.provider import CONCURRENT, evidence_file

bp = Blueprint("requirements_inspectorate", __name__, url_prefix="/inspectorate")
INSPECTORATE = (Role.INSPECTOR, Role.INSPECTORATE_MANAGER)


@contributions.contributes(SETTING_PAGE)
def _on_the_setting_page(setting, now) -> dict:
    """R-REQ-1, R-REQ-3: the setting's requirements not yet met and notices awaiting their visit."""
    requirements, notices = queries.of_setting_for_inspectorate(setting)
    return {"open_requirements": requirements, "notices_awaiting_visit": notices, "requirement_rules": rules}


@bp.route("/requirements")
@roles_required(*INSPECTORATE)
def index():
    today = clock.today_uk()
    return render_template(
        "requirements/inspectorate_index.html",
        waiting=queries.evidence_waiting(current_user),
        overdue=queries.overdue(current_user, today, request.args.get("page")),
        visits=queries.planned_visits(queries.visits_due(current_user)),
        today=today,
        rules=rules,
    )


def _page(requirement, form=None, problems=None):
    may_decide = services.may_decide(current_user, requirement)
    return render_template(
        "requirements/show.html",
        requirement=requirement,
        side="inspectorate",
        form=(form or forms.DecisionForm(formdata=None)) if may_decide else None,
        problems=problems or [],
        today=clock.today_uk(),
        rules=rules,
    )


@bp.route("/requirements/<int:requirement_id>")
@roles_required(*INSPECTORATE)
def show(requirement_id: int):
    return _page(get_requirement_or_404(current_user, requirement_id))


@bp.route("/requirements/<int:requirement_id>/decision", methods=["POST"])
@roles_required(*INSPECTORATE)
def decision(requirement_id: int):
    requirement = get_requirement_or_404(current_user, requirement_id)
    form = forms.DecisionForm()
    if requirement.status == rules.MET:
        return _page(requirement, None, [{"text": "This requirement is already met"}])
    if not services.may_decide(current_user, requirement):
        return _refused("Only the setting's lead inspector, or an inspectorate manager, can record this.")
    if not form.validate_on_submit():
        return _page(requirement, form)
    done, problems = run_use_case(
        form,
        lambda: services.decide(requirement, form.status.data, form.text.data, current_user, clock.now()),
        RequirementRefused,
        CONCURRENT,
    )
    if not done:
        return _page(requirement, form, problems)
    flash("The finding is recorded and the provider told.", "success")
    return redirect(url_for(".show", requirement_id=requirement.id))


def _refused(why: str):
    return render_template(
        "components/refused_page.html", why=why, back=url_for(".index"), back_text="Back to requirements"
    ), 403


@bp.route("/requirements/<int:requirement_id>/evidence/<int:evidence_id>")
@roles_required(*INSPECTORATE)
def document(requirement_id: int, evidence_id: int):
    return evidence_file(get_requirement_or_404(current_user, requirement_id), evidence_id)


@bp.route("/settings/<int:setting_id>/compliance-notices/new", methods=["GET", "POST"])
@roles_required(Role.INSPECTORATE_MANAGER)
def new_notice(setting_id: int):
    place = get_setting_or_404(current_user, setting_id)
    form = forms.NoticeForm()
    if not form.is_submitted():
        form.key.data = new_key()
    problems: list = []
    if form.validate_on_submit():
        made = []
        done, problems = run_use_case(
            form,
            lambda: made.append(
                services.record_notice(
                    place,
                    form.key.data or new_key(),
                    form.regulation.data,
                    form.actions.data,
                    form.comply_by.data,
                    current_user,
                    clock.now(),
                )
            ),
            RequirementRefused,
            "Someone recorded this notice at the same moment. Check the setting's notices.",
        )
        if done:
            flash(f"Compliance notice {made[0].reference} is recorded and the provider told.", "success")
            return redirect(url_for(".notice", notice_id=made[0].id))
    return render_template("requirements/notice_form.html", form=form, setting=place, problems=problems)


def _notice_page(notice, form=None, problems=None):
    # The visit checks compliance, so it is recorded once the date to comply by has come.
    may_record = (
        notice.visited_on is None
        and notice.comply_by <= clock.today_uk()
        and ownership.may_act(current_user, notice.setting)
    )
    return render_template(
        "requirements/notice.html",
        notice=notice,
        side="inspectorate",
        form=(form or forms.VisitForm(formdata=None)) if may_record else None,
        problems=problems or [],
        today=clock.today_uk(),
    )


@bp.route("/compliance-notices/<int:notice_id>")
@roles_required(*INSPECTORATE)
def notice(notice_id: int):
    return _notice_page(get_notice_or_404(current_user, notice_id))


@bp.route("/compliance-notices/<int:notice_id>/visit", methods=["POST"])
@roles_required(*INSPECTORATE)
def visit(notice_id: int):
    notice = get_notice_or_404(current_user, notice_id)
    if not ownership.may_act(current_user, notice.setting):
        return _refused("Only the setting's lead inspector, or an inspectorate manager, can record this.")
    if notice.comply_by > clock.today_uk():
        early = f"You can record the monitoring visit from {uk_date(notice.comply_by)}, the date to comply by"
        return _notice_page(notice, problems=[{"text": early}])
    form = forms.VisitForm()
    if not form.validate_on_submit():
        return _notice_page(notice, form)
    done, problems = run_use_case(
        form,
        lambda: services.record_visit(
            notice, form.visited_on.data, form.met.data, form.finding.data, current_user, clock.now()
        ),
        RequirementRefused,
        "Someone recorded this visit at the same moment. Check the notice.",
    )
    if not done:
        return _notice_page(notice, form, problems)
    flash("The visit is recorded.", "success")
    return redirect(url_for(".notice", notice_id=notice.id))
