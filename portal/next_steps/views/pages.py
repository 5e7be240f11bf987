"""The checklist on the inspectorate's page of an inspection, the steps that concern the provider
on its own page of it, and recording a step."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from portal.accounts.roles import Role
from portal.core import clock, contributions
from portal.core.access import roles_required
from portal.core.forms import run_use_case
from portal.inspections.access import get_inspection_or_404
from portal.inspections.views.inspectorate import INSPECTION_PAGE
from portal.inspections.views.provider import PROVIDER_INSPECTION_PAGE
from portal.next_steps import forms, rules, services
from portal.next_steps.services import StepRefused

bp = Blueprint("next_steps", __name__)


@contributions.contributes(INSPECTION_PAGE)
def _on_the_inspectorate_page(inspection, user, now) -> dict:
    """R-NEXT-1..7: the checklist, each step with its date and what was recorded."""
    return {
        "next_steps": services.checklist(inspection),
        "next_steps_recordable": services.may_record(user, inspection),
        "next_step_rules": rules,
    }


@contributions.contributes(PROVIDER_INSPECTION_PAGE)
def _on_the_provider_page(inspection, now) -> dict:
    """What the rules say goes to the provider, with its date and whether it was done."""
    return {"shared_next_steps": [item for item in services.checklist(inspection) if item.step.shared]}


@bp.route("/inspectorate/inspections/<int:judged_inspection_id>/next-steps/<step>", methods=["GET", "POST"])
@roles_required(Role.INSPECTOR, Role.INSPECTORATE_MANAGER)
def record(judged_inspection_id: int, step: str):
    """One step of the checklist of an inspection whose judgement started the next steps."""
    inspection = get_inspection_or_404(current_user, judged_inspection_id)
    item = next((i for i in services.checklist(inspection) if i.step.key == step), None)
    if item is None:
        abort(404)
    if not services.may_record(current_user, inspection):
        return render_template(
            "components/refused_page.html",
            why="Only the lead inspector, or an inspectorate manager, records the next steps.",
            back=url_for("inspections_inspectorate.show", inspection_id=inspection.id),
            back_text="Back to the inspection",
        ), 403
    form = forms.StepForm()
    problems: list = []
    if form.validate_on_submit():
        done, problems = run_use_case(
            form,
            lambda: services.record(
                inspection, step, form.outcome.data, form.done_on.data, form.note.data, current_user, clock.now()
            ),
            StepRefused,
            "Someone recorded this step at the same moment. Check the checklist.",
        )
        if done:
            flash("The step is recorded.", "success")
            return redirect(url_for("inspections_inspectorate.show", inspection_id=inspection.id) + "#next-steps")
    return render_template(
        "next_steps/record.html",
        inspection=inspection,
        item=item,
        form=form,
        problems=problems,
        today=clock.today_uk(),
    )
