"""The inspectorate side of inspections: create (through check your answers), start, reschedule,
withdraw when entered in error, decide deferrals."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.accounts.roles import Role
from portal.core import clock, contributions, paging
from portal.core.access import roles_required
from portal.core.forms import error_summary, run_use_case, show_refusal
from portal.core.htmx import render
from portal.inspections import deferrals, notice, rules, services, timeline, timeliness
from portal.inspections.access import get_inspection_or_404
from portal.inspections.forms import inspection as forms
from portal.inspections.services import InspectionError
from portal.inspections.views.provider import timeline_of
from portal.providers.services import find_setting_by_urn

bp = Blueprint("inspections_inspectorate", __name__, url_prefix="/inspectorate")
INSPECTORATE = (Role.INSPECTOR, Role.INSPECTORATE_MANAGER)
# What the inspectorate's pages of an inspection and of a setting show from the capabilities built on
# inspections (its complaints, the setting's published judgement): core.contributions.
INSPECTION_PAGE, SETTING_PAGE = "inspectorate_inspection_page", "inspectorate_setting_page"
# The oversight of monitoring across settings, where notifications are counted beside late reports.
OVERSIGHT_PAGE = "inspectorate_oversight_page"
CONCURRENT = "Someone else changed this inspection at the same moment: check it and try again."


@bp.route("/timeliness")
@roles_required(*INSPECTORATE)
def timeliness_list():
    now = clock.now()
    listed = timeliness.page(services.worklist(current_user), now, paging.page_number(request.args.get("page")))
    return render(
        "inspections/timeliness.html",
        "inspections/_timeliness_rows.html",
        listed=listed,
        today=clock.today_uk(now),
        standard=timeline.R_TL_1_DAYS,
        stc_monitoring=timeline.R_TL_4_DAYS,
    )


@bp.route("/inspections/new", methods=["GET", "POST"])
@roles_required(*INSPECTORATE)
def new_inspection():
    """The answers of a new inspection, checked by the rules of entry before check your answers;
    ``?answers=<key>`` changes the answers kept for that page."""
    now = clock.now()
    staff = services.inspectorate_staff()
    form = forms.NewInspectionForm(staff=staff)
    problems: list = []
    existing = None
    if not form.is_submitted():
        kept = services.pending_for(current_user, request.args.get("answers", ""))
        if kept is not None:
            form.fill(services.answers_of(kept))
            form.answers_key.data = kept.key
        else:
            form.lead_inspector_id.data = str(current_user.id)
    if form.validate_on_submit():
        answers = form.answers()
        try:
            services.check_new_inspection(_details(answers, staff), now)
        except InspectionError as error:
            show_refusal(error, form, problems)
            existing = getattr(error, "existing", None)
            if existing is not None:  # the summary's link goes to the inspection this would duplicate
                problems = [
                    item | {"href": url_for(".show", inspection_id=existing.id)} if item["href"] == "#urn" else item
                    for item in error_summary(form)["errorList"]
                ]
        else:
            pending = services.keep_answers(current_user, answers, now, form.answers_key.data or None)
            return redirect(url_for(".check_new_inspection", answers_key=pending.key))
    return render_template("inspections/new.html", form=form, problems=problems, existing=existing)


def _details(answers: dict, staff) -> services.NewInspection:
    """The inspection the answers describe; a setting or person no longer there is refused."""
    setting = find_setting_by_urn(answers["urn"])
    if setting is None:
        raise InspectionError("Enter the URN of a registered setting, like SC123456", "urn")
    people = {str(person.id): person for person in staff}
    if answers["lead_inspector_id"] not in people:
        raise InspectionError("Select the lead inspector", "lead_inspector_id")
    if any(member not in people for member in answers["team"]):
        raise InspectionError("Select inspectors from the list", "team")
    return services.NewInspection(
        setting=setting,
        inspection_type=answers["inspection_type"],
        announced=answers["announced"] == "yes",
        start_date=answers["start_date"],
        lead_inspector=people[answers["lead_inspector_id"]],
        team=[people[member] for member in answers["team"]],
    )


def _anchor(field: str | None) -> str:
    """Where a Change link lands: a date on its day input."""
    return "start_date-day" if field == "start_date" else field or "urn"


@bp.route("/inspections/new/<answers_key>", methods=["GET", "POST"])
@roles_required(*INSPECTORATE)
def check_new_inspection(answers_key: str):
    """Check your answers, then create the inspection once, however often it is confirmed
    (DESIGN.md convention 7). Answers no longer kept lead back to the form."""
    now = clock.now()
    pending = services.pending_for(current_user, answers_key)
    made = services.inspection_for_key(answers_key) if pending is None else None
    if made is not None:
        return redirect(url_for(".show", inspection_id=made.id))
    if pending is None:
        flash("Those answers are no longer kept: enter the inspection again.", "important")
        return redirect(url_for(".new_inspection"))
    staff = services.inspectorate_staff()
    answers = services.answers_of(pending)
    form = forms.ConfirmNewInspectionForm()
    problems: list = []
    if form.validate_on_submit():
        try:
            inspection = services.confirm_pending(pending, _details(answers, staff), current_user, now)
        except InspectionError as error:
            inspection = services.inspection_for_key(answers_key)  # confirmed at the same moment elsewhere
            existing = getattr(error, "existing", None)
            href = (
                url_for(".show", inspection_id=existing.id)
                if existing is not None
                else url_for(".new_inspection", answers=answers_key) + f"#{_anchor(error.field)}"
            )
            show_refusal(error, None, problems, anchor=href)
        if inspection is not None:
            flash(f"Inspection of {inspection.setting.name} created.", "success")
            return redirect(url_for(".show", inspection_id=inspection.id))
    setting = find_setting_by_urn(answers["urn"])
    flags = (
        notice.notice_flags(setting.type_enum, answers["inspection_type"], now, answers["start_date"])
        if setting is not None and answers["announced"] == "yes"
        else []
    )
    people = {str(person.id): person for person in staff}
    return render_template(
        "inspections/new_check.html",
        form=form,
        pending=pending,
        answers=answers,
        setting=setting,
        lead=people.get(answers["lead_inspector_id"]),
        rules=rules,
        team=[people[member] for member in answers["team"] if member in people],
        problems=problems,
        flags=flags,
    )


@bp.route("/inspections/<int:inspection_id>")
@roles_required(*INSPECTORATE)
def show(inspection_id: int):
    now = clock.now()
    inspection = get_inspection_or_404(current_user, inspection_id)
    return render_template(
        "inspections/inspectorate_show.html",
        inspection=inspection,
        steps=timeline_of(inspection, now),
        rules=rules,
        today=clock.today_uk(now),
        **contributions.gather(INSPECTION_PAGE, inspection=inspection, user=current_user, now=now),
        **contributions.gather(SETTING_PAGE, setting=inspection.setting, now=now),
        may_withdraw=services.may_withdraw(inspection, current_user),
        notice_flags=notice.notice_flags(
            inspection.setting.type_enum, inspection.inspection_type, inspection.announced_at, inspection.start_date
        ),
    )


@bp.route("/inspections/<int:inspection_id>/start", methods=["GET", "POST"])
@roles_required(*INSPECTORATE)
def start(inspection_id: int):
    """An announced inspection, or an unannounced one rescheduled after a deferral, starts on site."""
    inspection = get_inspection_or_404(current_user, inspection_id)
    form = forms.StartOnSiteForm()
    if not form.is_submitted():
        form.start_date.data = inspection.start_date
    allowed = inspection.status in (rules.ANNOUNCED, rules.SCHEDULED)
    if allowed and form.validate_on_submit():
        done, _problems = run_use_case(
            form,
            lambda: services.start_on_site(inspection, form.start_date.data, current_user, clock.now()),
            InspectionError,
            CONCURRENT,
        )
        if done:
            flash("The inspection is now on site.", "success")
            return redirect(url_for(".show", inspection_id=inspection.id))
    return render_template(
        "inspections/date_step.html",
        form=form,
        inspection=inspection,
        title="Record the start on site",
        allowed=allowed,
        not_allowed="This inspection is not waiting to start.",
    )


@bp.route("/inspections/<int:inspection_id>/reschedule", methods=["GET", "POST"])
@roles_required(*INSPECTORATE)
def reschedule(inspection_id: int):
    inspection = get_inspection_or_404(current_user, inspection_id)
    form = forms.RescheduleForm()
    allowed = inspection.status == rules.DEFERRED
    if allowed and form.validate_on_submit():
        done, _problems = run_use_case(
            form,
            lambda: services.reschedule(inspection, form.start_date.data, current_user, clock.now()),
            InspectionError,
            CONCURRENT,
        )
        if done:
            flash(
                "The inspection has been rescheduled."
                + (
                    ""
                    if inspection.announced
                    else " It is unannounced: the provider will see it once you record its start on site."
                ),
                "success",
            )
            return redirect(url_for(".show", inspection_id=inspection.id))
    return render_template(
        "inspections/date_step.html",
        form=form,
        inspection=inspection,
        title="Reschedule the inspection",
        allowed=allowed,
        not_allowed="Only a deferred inspection can be rescheduled.",
    )


@bp.route("/inspections/<int:inspection_id>/withdraw", methods=["GET", "POST"])
@roles_required(*INSPECTORATE)
def withdraw(inspection_id: int):
    """An inspectorate manager withdraws an inspection entered in error, with a reason. An
    inspector is told who can, and a withdrawal they post is refused (403)."""
    inspection = get_inspection_or_404(current_user, inspection_id)
    manager = current_user.role == Role.INSPECTORATE_MANAGER
    form = forms.WithdrawForm()
    if form.is_submitted() and not manager:
        return render_template(
            "inspections/withdraw.html", form=form, inspection=inspection, manager=False, closed=None, rules=rules
        ), 403
    closed = (
        None
        if rules.INSPECTION_STATES.can(inspection.status, rules.WITHDRAWN)
        else services.withdraw_closed(inspection)
    )
    if manager and closed is None and form.validate_on_submit():
        told = []
        done, _problems = run_use_case(
            form,
            lambda: told.append(services.withdraw(inspection, form.reason.data, current_user, clock.now())),
            InspectionError,
            CONCURRENT,
        )
        if done:
            flash(
                "The inspection has been withdrawn."
                + (
                    " The provider has been told."
                    if told[0]
                    else " The provider had not been shown it, so they have not been told."
                ),
                "success",
            )
            return redirect(url_for(".show", inspection_id=inspection.id))
    return render_template(
        "inspections/withdraw.html", form=form, inspection=inspection, manager=manager, closed=closed, rules=rules
    )


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
        done, problems = run_use_case(
            form,
            lambda: deferrals.decide_deferral(
                deferral,
                grant,
                form.reason.data,
                current_user,
                clock.now(),
                ground=form.decision_ground.data if stc else None,
                partners=form.partners() if stc else None,
            ),
            InspectionError,
            "Someone else decided this request at the same moment.",
        )
        if done:
            flash("The decision has been recorded and the provider told.", "success")
            return redirect(url_for(".show", inspection_id=inspection.id))
    return render_template(
        "inspections/decide_deferral.html",
        form=form,
        inspection=inspection,
        deferral=deferral,
        grounds=deferrals.grounds_note(inspection),
        rules=rules,
        stc=stc,
        may_decide=may_decide,
        problems=problems,
        all_grounds=deferrals.ALL_GROUNDS,
    )


# The end of the inspection and the judgements given at feedback (recorded, checked, corrected).
