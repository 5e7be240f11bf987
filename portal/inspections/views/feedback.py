"""The feedback pages of the inspectorate: the end of the inspection with the judgements given at
feedback, checked before they are recorded, and their correction until the draft report is sent.
The routes are on the inspectorate's inspection blueprint; without JavaScript every step is a form."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.core import clock
from portal.core.access import roles_required
from portal.core.forms import run_use_case
from portal.inspections import feedback, rules
from portal.inspections.access import get_inspection_or_404
from portal.inspections.forms import feedback as forms_feedback
from portal.inspections.forms.inspection import not_in_future
from portal.inspections.services import InspectionError
from portal.inspections.views.inspectorate import INSPECTORATE, bp

RECORD, CHANGE = "record", "change"
ALREADY_ENDED = "The end of the inspection and the judgements given at feedback were already recorded."


@bp.record_once
def _template_globals(state) -> None:
    """The corrections' history (templates/inspections/_feedback_corrections.html) serves both sides."""
    state.app.jinja_env.globals.update(
        feedback_change_lines=feedback.change_lines, feedback_may_correct=feedback.may_correct
    )


def _put_on_fields(form, problems: dict[str, str]) -> bool:
    """Each problem under its question; True when there were none."""
    for field, message in problems.items():
        form[field].errors = [*form[field].errors, message]
    return not problems


@bp.route("/inspections/<int:inspection_id>/end", methods=["GET", "POST"])
@roles_required(*INSPECTORATE)
def end(inspection_id: int):
    """The end date and judgements, then check your answers, then recorded once."""
    now = clock.now()
    inspection = get_inspection_or_404(current_user, inspection_id)
    asked = feedback.questions(inspection)
    form = forms_feedback.end_inspection_form(asked.areas, asked.grades_of, asked.optional)()
    allowed = inspection.status == rules.ON_SITE
    if not allowed and form.is_submitted() and inspection.status in feedback.ENDED_OR_LATER:
        flash(ALREADY_ENDED, "success")  # the check page's button pressed twice, or from a second tab
        return redirect(url_for(".show", inspection_id=inspection.id))
    problems = []
    step = request.form.get("step")
    if allowed and form.validate_on_submit(extra_validators={"end_date": [not_in_future(clock.today_uk(now))]}):
        judgements = feedback.answers_of(form, asked.areas)
        checked = _put_on_fields(
            form,
            feedback.judgement_problems(inspection, judgements)
            | (
                {"end_date": "End date must be the same as or after the start date"}
                if form.end_date.data < inspection.start_date
                else {}
            ),
        )
        if checked and step == RECORD:
            recorded = []
            done, problems = run_use_case(
                form,
                lambda: recorded.append(
                    feedback.record_end(inspection, form.end_date.data, judgements, current_user, now)
                ),
                InspectionError,
                ALREADY_ENDED,
            )
            if done:
                flash(
                    "The end of the inspection and the judgements given at feedback are recorded."
                    if recorded[0]
                    else ALREADY_ENDED,
                    "success",
                )
                return redirect(url_for(".show", inspection_id=inspection.id))
        elif checked and step != CHANGE:
            return render_template(
                "inspections/end_check.html", form=form, inspection=inspection, asked=asked, judgements=judgements
            )
    return render_template(
        "inspections/end.html",
        form=form,
        inspection=inspection,
        areas=asked.areas,
        allowed=allowed,
        optional=asked.optional,
        problems=problems,
    )


@bp.route("/inspections/<int:inspection_id>/feedback-judgements", methods=["GET", "POST"])
@roles_required(*INSPECTORATE)
def correct_judgements(inspection_id: int):
    """Correct the judgements given at feedback with a reason, until the draft is sent: the new
    judgements and reason, then check your answers (from → to), then recorded once and the provider told."""
    now = clock.now()
    inspection = get_inspection_or_404(current_user, inspection_id)
    asked = feedback.questions(inspection)
    form = forms_feedback.correction_form(asked.areas, asked.grades_of, asked.optional)()
    current = inspection.provisional()
    closed = feedback.correction_closed(inspection) or (None if asked.areas else "This visit gives no judgement.")
    problems = []
    if not form.is_submitted():
        for area in asked.areas:
            form[area].data = current.get(area)
        form.based_on.data = str(len(inspection.judgement_corrections))
    elif closed:
        problems = [{"text": closed, "href": "#main-content"}]
    elif form.validate_on_submit():
        judgements = feedback.answers_of(form, asked.areas)
        based_on = int(form.based_on.data) if (form.based_on.data or "").isdigit() else -1
        checked = _put_on_fields(form, feedback.judgement_problems(inspection, judgements))
        if checked and request.form.get("step") == RECORD:
            done, problems = run_use_case(
                form,
                lambda: feedback.correct(inspection, judgements, form.reason.data, based_on, current_user, now),
                InspectionError,
                feedback.CORRECTED_MEANWHILE,
            )
            if done:
                flash("The correction is recorded, and the provider has been told.", "success")
                return redirect(url_for(".show", inspection_id=inspection.id, _anchor="feedback-corrections"))
        elif checked and request.form.get("step") != CHANGE:
            if judgements == current:
                _put_on_fields(form, {next(iter(asked.areas)): feedback.NOTHING_CHANGED})
            else:
                return render_template(
                    "inspections/correct_check.html",
                    form=form,
                    inspection=inspection,
                    asked=asked,
                    judgements=judgements,
                    current=current,
                )
    return render_template(
        "inspections/correct_judgements.html",
        form=form,
        inspection=inspection,
        asked=asked,
        current=current,
        closed=closed,
        problems=problems,
    )
