"""The provider's side: raise an informal concern, prepare and lodge a formal complaint, follow it.

Points, evidence, lodging and the receipt are in ``views.points``; they share this blueprint.
"""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user

from portal.accounts.roles import Role
from portal.complaints import concerns, queries, rules, services
from portal.complaints.access import get_complaint_or_404
from portal.complaints.forms import provider as forms
from portal.complaints.models import Complaint
from portal.complaints.services import ComplaintError
from portal.core import clock, contributions
from portal.core.access import roles_required
from portal.core.forms import show_refusal
from portal.core.references import new_key
from portal.inspection_reports.views.provider import PROVIDER_DRAFT_PAGE
from portal.inspections.access import get_inspection_or_404

bp = Blueprint("complaints_provider", __name__)


@contributions.contributes(PROVIDER_DRAFT_PAGE)
def _on_the_draft_page(inspection) -> dict:
    """R-CMP-2: the complaints that hold the final report, named on the provider's draft page."""
    return {"complaints_holding": queries.holding_final(inspection)}


STAFF = (Role.REGISTERED_MANAGER, Role.RESPONSIBLE_INDIVIDUAL)


@bp.route("/inspections/<int:inspection_id>/complaints")
@roles_required(*STAFF)
def inspection(inspection_id: int):
    now = clock.now()
    inspection = get_inspection_or_404(current_user, inspection_id)
    return render_template(
        "complaints/provider_inspection.html",
        inspection=inspection,
        rules=rules,
        concern_end=concerns.window_end(inspection),
        can_raise=concerns.can_raise(inspection, now),
        raise_problem=concerns.raise_problem(inspection, now),
        lodging_problem=services.lodging_problem(inspection, now),
        concerns=concerns.for_inspection(inspection),
        complaints=queries.provider_complaints(current_user, inspection),
        start_form=forms.StartForm(),
    )


@bp.route("/inspections/<int:inspection_id>/complaints/new", methods=["POST"])
@roles_required(*STAFF)
def start(inspection_id: int):
    """Any of the setting's staff can start preparing; whether it can be lodged is checked at lodging."""
    now = clock.now()
    inspection = get_inspection_or_404(current_user, inspection_id)
    if not forms.StartForm().validate_on_submit():
        return redirect(url_for(".inspection", inspection_id=inspection.id))
    complaint = services.start(inspection, current_user, now)
    return redirect(url_for(".show", complaint_id=complaint.id))


@bp.route("/inspections/<int:inspection_id>/concerns/new", methods=["GET", "POST"])
@roles_required(*STAFF)
def new_concern(inspection_id: int):
    now = clock.now()
    inspection = get_inspection_or_404(current_user, inspection_id)
    form = forms.ConcernForm()
    if not form.is_submitted():
        form.key.data = new_key()
    can_raise = concerns.can_raise(inspection, now)
    problems: list = []
    # After the window the use case gives its own message, whatever the form holds (R-CMP-5).
    if form.is_submitted() and (not can_raise or form.validate()):
        try:
            concern = concerns.raise_concern(inspection, form.key.data or "", form.text.data, current_user, now)
        except ComplaintError as error:
            show_refusal(error, form if can_raise else None, problems)
        else:
            flash(f"Your concern has been sent to the inspectorate. Your reference is {concern.reference}.", "success")
            return redirect(url_for(".inspection", inspection_id=inspection.id))
    return render_template(
        "complaints/provider_concern.html",
        inspection=inspection,
        form=form,
        problems=problems,
        can_raise=can_raise,
        raise_problem=concerns.raise_problem(inspection, now),
        concern_end=concerns.window_end(inspection),
        rules=rules,
    )


def render_complaint(complaint: Complaint, now, problems: list | None = None, status: int = 200):
    """The preparation page while the complaint is a draft; its progress once lodged."""
    inspection = complaint.inspection
    context = {"complaint": complaint, "inspection": inspection, "rules": rules, "problems": problems or []}
    if complaint.status == rules.DRAFT:
        return render_template(
            "complaints/provider_prepare.html", lodging_problem=services.lodging_problem(inspection, now), **context
        ), status
    return render_template(
        "complaints/provider_show.html",
        history=queries.history(complaint),
        overdue=rules.is_overdue(complaint.status, complaint.response_due_at, now),
        answered=complaint.status in (rules.RESPONDED, rules.CLOSED),
        **context,
    ), status


@bp.route("/complaints/<int:complaint_id>")
@roles_required(*STAFF)
def show(complaint_id: int):
    now = clock.now()
    return render_complaint(get_complaint_or_404(current_user, complaint_id), now)


@bp.route("/complaints/<int:complaint_id>/details", methods=["GET", "POST"])
@roles_required(*STAFF)
def details(complaint_id: int):
    now = clock.now()
    complaint = get_complaint_or_404(current_user, complaint_id)
    form = forms.DetailsForm()
    preparing = complaint.status == rules.DRAFT
    if not form.is_submitted():
        if not preparing:
            return redirect(url_for(".show", complaint_id=complaint.id))
        form.categories.data = list(complaint.categories or [])
        form.earlier_concerns.data, form.outcome_sought.data = complaint.earlier_concerns, complaint.outcome_sought
    problems: list = []
    if form.is_submitted() and (not preparing or form.validate()):
        try:
            services.save_details(
                complaint,
                form.categories.data or [],
                form.earlier_concerns.data,
                form.outcome_sought.data,
                current_user,
                now,
            )
        except ComplaintError as error:
            show_refusal(error, form if preparing else None, problems)
        else:
            flash("What the complaint is about has been saved", "success")
            return redirect(url_for(".show", complaint_id=complaint.id))
    return render_template(
        "complaints/provider_details.html",
        complaint=complaint,
        inspection=complaint.inspection,
        form=form,
        problems=problems,
        preparing=preparing,
        rules=rules,
    )
