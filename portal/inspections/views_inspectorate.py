"""The inspectorate side of inspections: create, start, end with judgements, decide deferrals."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from portal.accounts.roles import Role
from portal.complaints import concerns as complaint_concerns
from portal.complaints import services as complaint_services
from portal.core import clock
from portal.core.access import get_inspection_or_404, roles_required
from portal.core.forms import run_use_case
from portal.inspections import deferrals, forms, holds, rules, services, timeline, timeliness
from portal.inspections.services import InspectionError
from portal.inspections.views_provider import timeline_of
from portal.monitoring_reports import oversight
from portal.providers.services import find_setting_by_urn
from portal.reports import standing

bp = Blueprint("inspections_inspectorate", __name__, url_prefix="/inspectorate")
INSPECTORATE = (Role.INSPECTOR, Role.INSPECTORATE_MANAGER)


@bp.route("/")
@roles_required(*INSPECTORATE)
def dashboard():
    now = clock.now()
    inspections = services.inspectorate_worklist(current_user)
    waiting = [d for i in inspections for d in i.deferrals if d.status == rules.REQUESTED]
    held = holds.holding_many(inspections)
    rows = [(i, _next_target(i, now, held.get(i.id, []))) for i in inspections]
    return render_template("inspections/inspectorate_dashboard.html", rows=rows, waiting=waiting,
                           today=clock.today_uk(now), rules=rules, concerns=oversight.concerns_for(current_user))


def _next_target(inspection, now, held):
    steps = [s for s in timeline_of(inspection, now, held) if s.key in ("draft_sent", "final_sent") and s.status == "due"]
    return steps[0] if steps else None


@bp.route("/timeliness")
@roles_required(*INSPECTORATE)
def timeliness_list():
    now = clock.now()
    rows = timeliness.assess(services.inspectorate_worklist(current_user), now)
    return render_template("inspections/timeliness.html", rows=rows, today=clock.today_uk(now),
                           standard=timeline.R_TL_1_DAYS, stc_monitoring=timeline.R_TL_4_DAYS)


@bp.route("/inspections/new", methods=["GET", "POST"])
@roles_required(*INSPECTORATE)
def new_inspection():
    staff = services.inspectorate_staff()
    form = forms.NewInspectionForm(staff=staff)
    if not form.is_submitted():
        form.lead_inspector_id.data = str(current_user.id)
    if form.validate_on_submit():
        setting = find_setting_by_urn(form.urn.data)
        people = {str(person.id): person for person in staff}
        if setting is None:
            form.urn.errors.append("Enter the URN of a registered setting, like SC123456")
        else:
            details = services.NewInspection(
                setting=setting, inspection_type=form.inspection_type.data, announced=form.announced.data == "yes",
                start_date=form.start_date.data, lead_inspector=people[form.lead_inspector_id.data],
                team=[people[member] for member in form.team.data or []])
            try:
                inspection = services.create_inspection(details, current_user, clock.now())
            except InspectionError as error:
                getattr(form, error.field).errors.append(error.message)
            else:
                flash(f"Inspection of {setting.name} created.", "success")
                return redirect(url_for(".show", inspection_id=inspection.id))
    return render_template("inspections/new.html", form=form)


@bp.route("/inspections/<int:inspection_id>")
@roles_required(*INSPECTORATE)
def show(inspection_id: int):
    now = clock.now()
    inspection = get_inspection_or_404(current_user, inspection_id)
    # Complaints and concerns are handled by managers; an inspector on the team must not see them (R-CMP-4).
    manager = current_user.role == Role.INSPECTORATE_MANAGER
    return render_template("inspections/inspectorate_show.html", inspection=inspection,
                           steps=timeline_of(inspection, now), rules=rules, today=clock.today_uk(now),
                           complaints=complaint_services.for_inspection(inspection) if manager else [],
                           concerns=complaint_concerns.for_inspection(inspection) if manager else [],
                           standing=standing.for_setting(inspection.setting, now))


@bp.route("/inspections/<int:inspection_id>/start", methods=["GET", "POST"])
@roles_required(*INSPECTORATE)
def start(inspection_id: int):
    inspection = get_inspection_or_404(current_user, inspection_id)
    form = forms.StartOnSiteForm()
    if not form.is_submitted():
        form.start_date.data = inspection.start_date
    if inspection.status == rules.ANNOUNCED and form.validate_on_submit():
        services.start_on_site(inspection, form.start_date.data, current_user, clock.now())
        flash("The inspection is now on site.", "success")
        return redirect(url_for(".show", inspection_id=inspection.id))
    return render_template("inspections/date_step.html", form=form, inspection=inspection,
                           title="Record the start on site", allowed=inspection.status == rules.ANNOUNCED,
                           not_allowed="This inspection is not waiting to start.")


@bp.route("/inspections/<int:inspection_id>/reschedule", methods=["GET", "POST"])
@roles_required(*INSPECTORATE)
def reschedule(inspection_id: int):
    inspection = get_inspection_or_404(current_user, inspection_id)
    form = forms.RescheduleForm()
    if inspection.status == rules.DEFERRED and form.validate_on_submit():
        services.reschedule(inspection, form.start_date.data, current_user, clock.now())
        flash("The inspection has been rescheduled.", "success")
        return redirect(url_for(".show", inspection_id=inspection.id))
    return render_template("inspections/date_step.html", form=form, inspection=inspection,
                           title="Reschedule the inspection", allowed=inspection.status == rules.DEFERRED,
                           not_allowed="Only a deferred inspection can be rescheduled.")


@bp.route("/inspections/<int:inspection_id>/deferrals/<int:deferral_id>", methods=["GET", "POST"])
@roles_required(*INSPECTORATE)
def decide_deferral(inspection_id: int, deferral_id: int):
    """R-INSP-3: an STC deferral is decided by an inspectorate manager with HMIP's and CQC's views;
    an inspector sees the request but not the form, and a posted decision is refused."""
    inspection = get_inspection_or_404(current_user, inspection_id)
    deferral = next((d for d in inspection.deferrals if d.id == deferral_id), None)
    if deferral is None:
        abort(404)
    stc = deferrals.is_stc(inspection)
    may_decide = deferrals.may_decide(inspection, current_user)
    form = (forms.StcDeferralDecisionForm if stc else forms.DeferralDecisionForm)()
    problems = []
    if form.is_submitted() and not may_decide:
        problems = [{"text": deferrals.MANAGER_ONLY, "href": "#main-content"}]
    elif deferral.status == rules.REQUESTED and form.validate_on_submit():
        grant = form.decision.data == "grant"
        done, problems = run_use_case(form, lambda: deferrals.decide_deferral(
            deferral, grant, form.reason.data, current_user, clock.now(),
            ground=form.decision_ground.data if stc else None, partners=form.partners() if stc else None),
            InspectionError, "Someone else decided this request at the same moment.")
        if done:
            flash("The decision has been recorded and the provider told.", "success")
            return redirect(url_for(".show", inspection_id=inspection.id))
    return render_template("inspections/decide_deferral.html", form=form, inspection=inspection,
                           deferral=deferral, grounds=deferrals.grounds_note(inspection), rules=rules, stc=stc,
                           may_decide=may_decide, problems=problems, all_grounds=deferrals.ALL_GROUNDS)


# The end of the inspection and the judgements given at feedback (recorded, checked, corrected).
from portal.inspections import views_feedback  # noqa: F401  (adds its routes to ``bp``)
