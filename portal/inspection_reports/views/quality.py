"""The inspectorate's quality assurance pages (R-QA-1..3): record a quality assurance step, a
sign-off, a disagreement and a copy sent. Every inspector who can see the inspection may open
them; the use cases say who may record what, so a refusal is a GOV.UK error, not a 404."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.accounts.roles import Role
from portal.core import clock
from portal.core.access import roles_required
from portal.core.forms import run_use_case
from portal.inspection_reports import quality, quality_services, rules, services
from portal.inspection_reports.forms import quality as forms
from portal.inspection_reports.services import ReportError
from portal.inspections.access import get_inspection_or_404

bp = Blueprint("inspection_reports_quality", __name__, url_prefix="/inspectorate/inspections")
INSPECTORATE = (Role.INSPECTOR, Role.INSPECTORATE_MANAGER)
CONCURRENT = "Someone else changed this report at the same moment. Check it and try again."


@bp.app_template_global()
def quality_panel(report):
    """For the report overview's panel (templates/inspection_reports/_quality_panel.html)."""
    return quality_services.panel(report)


@bp.app_template_global()
def quality_history(inspection):
    """For the inspection's timeline (templates/inspection_reports/_quality_timeline.html)."""
    return quality_services.history(services.report_of(inspection))


def _load(inspection_id: int):
    inspection = get_inspection_or_404(current_user, inspection_id)
    return inspection, services.report_of(inspection)


def _to_overview(inspection):
    return redirect(url_for("inspection_reports_inspectorate.overview", inspection_id=inspection.id) + "#quality")


def _attempt(form, blocked: str | None, use_case) -> tuple[bool, list[dict]]:
    """Run the use case for a POST. A POST the page would not offer (the wrong stage, the wrong
    person) gets the page's own reason as a GOV.UK error; the use case checks it again."""
    if request.method != "POST":
        return False, []
    if blocked:
        return False, [{"text": blocked, "href": "#main-content"}]
    if not form.validate_on_submit():
        return False, []
    return run_use_case(form, use_case, ReportError, CONCURRENT)


def _page(template: str, inspection, report, **context):
    return render_template(
        f"inspection_reports/{template}", inspection=inspection, report=report, rules=rules, quality=quality, **context
    )


@bp.route("/<int:inspection_id>/report/quality-assurance", methods=["GET", "POST"])
@roles_required(*INSPECTORATE)
def record_step(inspection_id: int):
    """R-QA-1 (the manager's check) and R-QA-2 (Ofsted, consistency panel, HMIP, CQC)."""
    inspection, report = _load(inspection_id)
    if report is None:
        return _to_overview(inspection)
    steps = quality.draft_steps(inspection.setting.type_enum, inspection.inspection_type)
    form = forms.QualityStepForm(steps=steps)
    if len(steps) == 1:
        form.step.data = steps[0].key  # the only step of this report: not asked, whatever is posted
        form.step.raw_data = [steps[0].key]
    closed = quality_services.step_problem(report, steps[0])
    refused = quality_services.recorder_problem(report, current_user)
    done, problems = _attempt(
        form,
        closed or refused,
        lambda: quality_services.record_quality_assurance(
            report, form.step.data, form.given_on.data, form.given_by.data, form.notes.data, current_user, clock.now()
        ),
    )
    if done:
        flash(f"{quality.ALL_STEPS[form.step.data].title} is recorded.", "success")
        return _to_overview(inspection)
    return _page(
        "quality_step.html",
        inspection,
        report,
        form=form,
        steps=steps,
        closed=closed,
        refused=refused,
        problems=problems,
        joint=quality.is_joint(inspection.setting.type_enum),
        monitoring=inspection.inspection_type == "monitoring",
    )


@bp.route("/<int:inspection_id>/report/sign-off", methods=["GET", "POST"])
@roles_required(*INSPECTORATE)
def sign_off(inspection_id: int):
    """R-QA-2: each inspectorate's sign-off before the final."""
    inspection, report = _load(inspection_id)
    if report is None:
        return _to_overview(inspection)
    form = forms.SignOffForm()
    joint = quality.is_joint(inspection.setting.type_enum)
    closed = quality_services.step_problem(report, quality.SIGN_OFFS["ofsted"]) if joint else quality_services.NOT_JOINT
    refused = quality_services.recorder_problem(report, current_user, "A sign-off")
    done, problems = _attempt(
        form,
        closed or refused,
        lambda: quality_services.record_sign_off(
            report,
            form.inspectorate.data,
            form.given_on.data,
            form.given_by.data,
            form.notes.data,
            current_user,
            clock.now(),
        ),
    )
    if done:
        flash(f"{quality.SIGN_OFFS[form.inspectorate.data].title} is recorded.", "success")
        return _to_overview(inspection)
    return _page(
        "quality_sign_off.html",
        inspection,
        report,
        form=form,
        joint=joint,
        closed=closed,
        refused=refused,
        problems=problems,
    )


@bp.route("/<int:inspection_id>/report/disagreements/new", methods=["GET", "POST"])
@roles_required(*INSPECTORATE)
def disagreement(inspection_id: int):
    """R-QA-2, S0 ¶163: a disagreement goes to a manager of each inspectorate, without delaying."""
    inspection, report = _load(inspection_id)
    if report is None:
        return _to_overview(inspection)
    form = forms.DisagreementForm()
    joint = quality.is_joint(inspection.setting.type_enum)
    closed = None if not joint else ("The final report has been sent" if report.status == rules.FINAL_SENT else None)
    managers = {"ofsted": form.ofsted_manager.data, "hmip": form.hmip_manager.data, "cqc": form.cqc_manager.data}
    done, problems = _attempt(
        form,
        closed if joint else quality_services.NOT_JOINT,
        lambda: quality_services.record_disagreement(report, form.note.data, managers, current_user, clock.now()),
    )
    if done:
        flash("The disagreement and its escalation are recorded. It does not hold up the report.", "success")
        return _to_overview(inspection)
    return _page(
        "quality_disagreement.html", inspection, report, form=form, problems=problems, joint=joint, closed=closed
    )


@bp.route("/<int:inspection_id>/report/copies/new", methods=["GET", "POST"])
@roles_required(*INSPECTORATE)
def copy(inspection_id: int):
    """R-QA-3: a copy of the draft or the final sent outside the portal."""
    inspection, report = _load(inspection_id)
    if report is None:
        return _to_overview(inspection)
    setting_type = inspection.setting.type_enum
    panel = quality_services.panel(report)
    form = forms.CopyForm(copies=quality.recorded_copies(setting_type))
    if not form.is_submitted() and panel["outstanding"]:
        form.copy.data = panel["outstanding"][0].key
    joint = quality.is_joint(setting_type)
    closed = None if not joint else (None if inspection.draft_sent_at else "The draft report has not been sent yet")
    done, problems = _attempt(
        form,
        closed if joint else quality_services.NOT_COPIED,
        lambda: quality_services.record_copy(report, form.copy.data, form.sent_on.data, current_user, clock.now()),
    )
    if done:
        chosen = next(c for c in quality.copies(setting_type) if c.key == form.copy.data)
        flash(f"{chosen.title}: the copy is recorded.", "success")
        return _to_overview(inspection)
    return _page(
        "quality_copy.html", inspection, report, form=form, problems=problems, panel=panel, joint=joint, closed=closed
    )
