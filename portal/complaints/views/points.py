"""A complaint's numbered points and their evidence, lodging it once, and its receipt (R-CMP-1, R-CMP-3)."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.accounts.roles import Role
from portal.complaints import rules, services
from portal.complaints.access import get_complaint_or_404
from portal.complaints.forms import provider as forms
from portal.complaints.pdf import receipt
from portal.complaints.services import ComplaintError
from portal.complaints.views.provider import STAFF, bp, render_complaint
from portal.core import clock, downloads
from portal.core.access import roles_required
from portal.core.evidence import MAX_REQUEST_BYTES as EVIDENCE_REQUEST_BYTES
from portal.core.forms import show_refusal
from portal.core.request_size import accepts_up_to

# Several evidence files may come at once, each up to the usual 20 MB (uploads.MAX_DOCUMENT_BYTES).


def point_or_404(complaint, point_id: int):
    point = next((p for p in complaint.points if p.id == point_id), None)
    if point is None:
        abort(404)
    return point


def _point_page(complaint, point=None):
    """Add a point, or change ``point``; its text and new evidence are saved together or not at all."""
    now = clock.now()
    form = forms.PointForm()
    preparing = complaint.status == rules.DRAFT
    if not form.is_submitted():
        if not preparing:
            return redirect(url_for(".show", complaint_id=complaint.id))
        if point is not None:
            form.what_happened.data = point.what_happened
    problems: list = []
    if form.is_submitted() and (not preparing or form.validate()):
        try:
            saved = services.save_point(
                complaint, point, form.what_happened.data, request.files.getlist("evidence"), current_user, now
            )
        except ComplaintError as error:
            show_refusal(error, form if preparing else None, problems)
        else:
            flash(f"Point {saved.number} has been saved", "success")
            return redirect(url_for(".show", complaint_id=complaint.id) + f"#point-{saved.number}")
    action = (
        url_for(".edit_point", complaint_id=complaint.id, point_id=point.id)
        if point
        else url_for(".new_point", complaint_id=complaint.id)
    )
    return render_template(
        "complaints/provider_point.html",
        complaint=complaint,
        inspection=complaint.inspection,
        point=point,
        form=form,
        problems=problems,
        action=action,
        preparing=preparing,
        rules=rules,
    )


@bp.route("/complaints/<int:complaint_id>/points/new", methods=["GET", "POST"])
@accepts_up_to(EVIDENCE_REQUEST_BYTES)
@roles_required(*STAFF)
def new_point(complaint_id: int):
    return _point_page(get_complaint_or_404(current_user, complaint_id))


@bp.route("/complaints/<int:complaint_id>/points/<int:point_id>/edit", methods=["GET", "POST"])
@accepts_up_to(EVIDENCE_REQUEST_BYTES)
@roles_required(*STAFF)
def edit_point(complaint_id: int, point_id: int):
    complaint = get_complaint_or_404(current_user, complaint_id)
    return _point_page(complaint, point_or_404(complaint, point_id))


@bp.route("/complaints/<int:complaint_id>/points/<int:point_id>/remove", methods=["POST"])
@roles_required(*STAFF)
def remove_point(complaint_id: int, point_id: int):
    """Later points are numbered again, so the provider always sees 1, 2, 3…"""
    now = clock.now()
    complaint = get_complaint_or_404(current_user, complaint_id)
    point = point_or_404(complaint, point_id)
    number = point.number
    try:
        services.remove_point(complaint, point, current_user, now)
    except ComplaintError as error:
        problems: list = []
        show_refusal(error, None, problems)
        return render_complaint(complaint, now, problems)
    flash(f"Point {number} has been removed", "success")
    return redirect(url_for(".show", complaint_id=complaint.id))


@bp.route("/complaints/<int:complaint_id>/points/<int:point_id>/evidence/<int:file_id>")
@roles_required(*STAFF)
def evidence(complaint_id: int, point_id: int, file_id: int):
    complaint = get_complaint_or_404(current_user, complaint_id)
    point = point_or_404(complaint, point_id)
    attached = next((e.file for e in point.evidence if e.file_id == file_id), None)
    if attached is None:
        abort(404)
    return downloads.stored_file(attached)


@bp.route("/complaints/<int:complaint_id>/lodge", methods=["GET", "POST"])
@roles_required(*STAFF)
def lodge(complaint_id: int):
    """Check your answers, then the responsible individual lodges the complaint once (R-CMP-1)."""
    now = clock.now()
    complaint = get_complaint_or_404(current_user, complaint_id)
    form = forms.LodgeForm()
    if not form.is_submitted() and complaint.status != rules.DRAFT:
        return redirect(url_for(".lodged", complaint_id=complaint.id))
    lodge_problems = services.lodge_problems(complaint, now) if complaint.status == rules.DRAFT else []
    may_lodge = current_user.role == Role.RESPONSIBLE_INDIVIDUAL
    form_shown = may_lodge and not lodge_problems and complaint.status == rules.DRAFT
    problems: list = []
    # Someone who may not lodge, or a complaint that cannot be, gets the use case's own message.
    if form.is_submitted() and (not form_shown or form.validate()):
        try:
            lodged = services.lodge(complaint, current_user, now)
        except ComplaintError as error:
            show_refusal(error, form if form_shown else None, problems)
        else:
            return redirect(url_for(".lodged", complaint_id=lodged.id))
    return render_template(
        "complaints/provider_lodge.html",
        complaint=complaint,
        inspection=complaint.inspection,
        form=form,
        problems=problems,
        lodge_problems=lodge_problems,
        may_lodge=may_lodge,
        rules=rules,
    )


@bp.route("/complaints/<int:complaint_id>/lodged")
@roles_required(*STAFF)
def lodged(complaint_id: int):
    complaint = get_complaint_or_404(current_user, complaint_id)
    if complaint.status == rules.DRAFT:
        return redirect(url_for(".lodge", complaint_id=complaint.id))
    return render_template(
        "complaints/provider_lodged.html", complaint=complaint, inspection=complaint.inspection, rules=rules
    )


@bp.route("/complaints/<int:complaint_id>/receipt.pdf")
@roles_required(*STAFF)
def receipt_pdf(complaint_id: int):
    complaint = get_complaint_or_404(current_user, complaint_id)
    if complaint.status == rules.DRAFT:
        abort(404)
    return downloads.generated(receipt(complaint), "application/pdf", f"receipt-{complaint.reference}.pdf")
