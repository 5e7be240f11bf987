"""The inspectorate's side: acknowledge, assign an independent investigator, answer, respond, close."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.accounts.roles import Role
from portal.complaints import concerns, queries, rules, services
from portal.complaints.access import get_complaint_or_404, get_concern_or_404
from portal.complaints.forms import inspectorate as forms
from portal.complaints.services import ComplaintError
from portal.core import clock, contributions, downloads, paging
from portal.core.access import roles_required
from portal.core.forms import run_use_case
from portal.core.htmx import render, wants_fragment
from portal.inspections import rules as inspection_rules
from portal.inspections.services import inspectorate_staff
from portal.inspections.views.inspectorate import INSPECTION_PAGE

bp = Blueprint("complaints_inspectorate", __name__, url_prefix="/inspectorate")


@contributions.contributes(INSPECTION_PAGE)
def _on_the_inspection_page(inspection, user, now) -> dict:
    """Complaints and concerns are handled by managers; an inspector on the team must not see them (R-CMP-4)."""
    manager = user.role == Role.INSPECTORATE_MANAGER
    return {
        "complaints": queries.for_inspection(inspection) if manager else [],
        "concerns": concerns.for_inspection(inspection) if manager else [],
    }


INSPECTORATE = (Role.INSPECTOR, Role.INSPECTORATE_MANAGER)
CONCURRENT = "Someone else changed this complaint at the same moment. Check it and try again."


def _load(complaint_id: int):
    """A lodged complaint the user may see; one still being prepared is the provider's alone."""
    complaint = get_complaint_or_404(current_user, complaint_id)
    if complaint.status == rules.DRAFT:
        abort(404)
    return complaint


def _point(complaint, point_id: int):
    point = next((p for p in complaint.points if p.id == point_id), None)
    if point is None:
        abort(404)
    return point


def _to_complaint(complaint):
    return redirect(url_for(".show", complaint_id=complaint.id))


def _run(form, use_case, anchor: str = "#main-content") -> tuple[bool, list[dict]]:
    """Run one use case: a refusal goes on the field it names, or becomes a page-level problem."""
    return run_use_case(form, use_case, ComplaintError, CONCURRENT, anchor)


def _page(template: str, **context):
    return render_template(
        f"complaints/{template}",
        rules=rules,
        inspection_rules=inspection_rules,
        is_manager=current_user.role == Role.INSPECTORATE_MANAGER,
        **context,
    )


def _can_answer(complaint) -> bool:
    # Only managers and the investigator see the complaint at all (complaints.access), and both may answer.
    return complaint.status == rules.INVESTIGATING


@bp.route("/complaints")
@roles_required(*INSPECTORATE)
def index():
    """The lodged complaints 50 a page (``?page=``: not a number is page 1, past the end the last
    page), swapped in place by htmx; above them, the overdue ones and the concerns waiting for a
    reply, the first 50 of each with the count of all."""
    now = clock.now()
    manager = current_user.role == Role.INSPECTORATE_MANAGER
    whole_page = not wants_fragment()
    return render(
        "complaints/inspectorate_index.html",
        "complaints/_inspectorate_list.html",
        complaints=queries.lodged_visible_to(current_user, paging.page_number(request.args.get("page"))),
        overdue=queries.overdue(current_user, now) if whole_page else None,
        waiting=concerns.awaiting_reply() if whole_page and manager else None,
        now=now,
        rules=rules,
        is_manager=manager,
    )


def _show(complaint, now, problems=()):
    return _page(
        "inspectorate_show.html",
        complaint=complaint,
        inspection=complaint.inspection,
        history=queries.history(complaint),
        form=forms.ConfirmForm(),
        problems=list(problems),
        overdue=rules.is_overdue(complaint.status, complaint.response_due_at, now),
        can_answer=_can_answer(complaint),
    )


@bp.route("/complaints/<int:complaint_id>")
@roles_required(*INSPECTORATE)
def show(complaint_id: int):
    return _show(_load(complaint_id), clock.now())


@bp.route("/complaints/<int:complaint_id>/acknowledge", methods=["POST"])
@roles_required(Role.INSPECTORATE_MANAGER)
def acknowledge(complaint_id: int):
    now = clock.now()
    complaint = _load(complaint_id)
    form = forms.ConfirmForm()
    problems = []
    if form.validate_on_submit():
        done, problems = _run(form, lambda: services.acknowledge(complaint, current_user, now))
        if done:
            flash(f"Complaint {complaint.reference} is acknowledged and the provider has been told.", "success")
            return _to_complaint(complaint)
    return _show(complaint, now, problems or [{"text": "Reload the page and try again", "href": "#main-content"}])


@bp.route("/complaints/<int:complaint_id>/close", methods=["POST"])
@roles_required(Role.INSPECTORATE_MANAGER)
def close(complaint_id: int):
    now = clock.now()
    complaint = _load(complaint_id)
    form = forms.ConfirmForm()
    problems = []
    if form.validate_on_submit():
        done, problems = _run(form, lambda: services.close(complaint, current_user, now))
        if done:
            flash(f"Complaint {complaint.reference} is closed.", "success")
            return _to_complaint(complaint)
    return _show(complaint, now, problems or [{"text": "Reload the page and try again", "href": "#main-content"}])


@bp.route("/complaints/<int:complaint_id>/assign", methods=["GET", "POST"])
@roles_required(Role.INSPECTORATE_MANAGER)
def assign(complaint_id: int):
    now = clock.now()
    complaint = _load(complaint_id)
    staff = inspectorate_staff()
    form = forms.AssignForm(staff=staff, team_ids=complaint.inspection.team_user_ids)
    problems, allowed = [], complaint.status == rules.ACKNOWLEDGED
    if allowed and form.validate_on_submit():
        person = {str(p.id): p for p in staff}.get(form.investigator.data)
        done, problems = _run(form, lambda: services.assign(complaint, person, current_user, now))
        if done:
            flash(f"{person.name} will investigate complaint {complaint.reference}. They have been told.", "success")
            return _to_complaint(complaint)
    return _page(
        "inspectorate_assign.html",
        complaint=complaint,
        inspection=complaint.inspection,
        form=form,
        problems=problems,
        allowed=allowed,
    )


@bp.route("/complaints/<int:complaint_id>/points/<int:point_id>/answer", methods=["GET", "POST"])
@roles_required(*INSPECTORATE)
def answer(complaint_id: int, point_id: int):
    now = clock.now()
    complaint = _load(complaint_id)
    point = _point(complaint, point_id)
    form = forms.AnswerForm()
    if not form.is_submitted():
        form.finding.data, form.reasons.data, form.action_taken.data = point.finding, point.reasons, point.action_taken
    problems, allowed = [], _can_answer(complaint)
    if allowed and form.validate_on_submit():
        done, problems = _run(
            form,
            lambda: services.answer_point(
                point, form.finding.data, form.reasons.data, form.action_taken.data, current_user, now
            ),
        )
        if done:
            flash(f"Your answer to point {point.number} is saved.", "success")
            return _to_complaint(complaint)
    return _page(
        "inspectorate_answer.html",
        complaint=complaint,
        inspection=complaint.inspection,
        point=point,
        form=form,
        problems=problems,
        allowed=allowed,
    )


@bp.route("/complaints/<int:complaint_id>/respond", methods=["GET", "POST"])
@roles_required(*INSPECTORATE)
def respond(complaint_id: int):
    now = clock.now()
    complaint = _load(complaint_id)
    form = forms.RespondForm()
    problems, allowed = [], _can_answer(complaint)
    if allowed and form.validate_on_submit():
        done, problems = _run(form, lambda: services.respond(complaint, form.overall_response.data, current_user, now))
        if done:
            flash(f"The response to complaint {complaint.reference} has been sent to the provider.", "success")
            return _to_complaint(complaint)
    return _page(
        "inspectorate_respond.html",
        complaint=complaint,
        inspection=complaint.inspection,
        form=form,
        problems=problems,
        allowed=allowed,
        unanswered=[p for p in complaint.points if p.finding is None],
    )


@bp.route("/complaints/<int:complaint_id>/points/<int:point_id>/evidence/<int:file_id>")
@roles_required(*INSPECTORATE)
def evidence(complaint_id: int, point_id: int, file_id: int):
    point = _point(_load(complaint_id), point_id)
    item = next((e for e in point.evidence if e.file_id == file_id), None)
    if item is None:
        abort(404)
    return downloads.stored_file(item.file)


@bp.route("/concerns/<int:concern_id>", methods=["GET", "POST"])
@roles_required(Role.INSPECTORATE_MANAGER)
def concern(concern_id: int):
    now = clock.now()
    item = get_concern_or_404(current_user, concern_id)
    form = forms.ReplyForm()
    problems, allowed = [], item.reply is None
    if allowed and form.validate_on_submit():
        done, problems = _run(form, lambda: concerns.reply(item, form.reply.data, current_user, now))
        if done:
            flash(f"Your reply to concern {item.reference} has been sent to the provider.", "success")
            return redirect(url_for(".concern", concern_id=item.id))
    return _page(
        "inspectorate_concern.html",
        concern=item,
        inspection=item.inspection,
        form=form,
        problems=problems,
        allowed=allowed,
        on_team=current_user.id in item.inspection.team_user_ids,
    )
