"""Writing, saving as you type and deleting comments on the draft (R-DR-1, R-DR-3)."""

from flask import flash, make_response, redirect, render_template, request, url_for
from flask_login import current_user

from portal.core import clock, formatting
from portal.core.access import roles_required
from portal.core.evidence import MAX_REQUEST_BYTES as EVIDENCE_REQUEST_BYTES
from portal.core.forms import show_refusal
from portal.core.htmx import wants_fragment
from portal.core.references import new_key
from portal.core.request_size import accepts_up_to
from portal.inspection_reports import comments, rules
from portal.inspection_reports.forms import provider as forms
from portal.inspection_reports.services import ReportError
from portal.inspection_reports.views.provider import STAFF, bp, comment_or_404, issued_report, state
from portal.inspections.access import get_inspection_or_404

# Several evidence files may come at once, each up to the usual 20 MB (uploads.MAX_DOCUMENT_BYTES).
NOT_YET_FIELDS = ("paragraph", "kind", "text")


def _paragraph(report, value) -> dict | None:
    number = forms.number(value)
    return next((p for p in report.draft["paragraphs"] if p["number"] == number), None)


def _comment_page(inspection, report, comment=None):
    """The comment form, new or changing ``comment``; Save stores text and evidence together."""
    now = clock.now()
    form = forms.CommentForm(draft=report.draft)
    if not form.is_submitted():
        if comment is None:
            form.key.data = new_key()
            form.paragraph.data = request.args.get("paragraph", "")
        else:
            form.paragraph.data = str(comment.paragraph_number)
            form.kind.data, form.text.data = comment.kind, comment.text
            form.proposed_wording.data = comment.proposed_wording
    if comment is not None:
        form.key.data = comment.client_key  # a change always updates this comment, whatever was posted
    problems: list = []
    if form.validate_on_submit():
        try:
            comments.save_comment(
                report,
                form.key.data,
                form.paragraph_number(),
                form.kind.data,
                form.text.data,
                form.proposed_wording.data,
                request.files.getlist("evidence"),
                current_user,
                now,
            )
        except ReportError as error:
            show_refusal(error, form, problems)
        else:
            flash(
                f"Your comment on paragraph {form.paragraph_number()} has been saved. "
                f"It is sent to the inspectorate when you send your comments.",
                "success",
            )
            return redirect(url_for(".draft", inspection_id=inspection.id) + f"#paragraph-{form.paragraph_number()}")
    action = (
        url_for(".edit_comment", inspection_id=inspection.id, comment_id=comment.id)
        if comment
        else url_for(".new_comment", inspection_id=inspection.id)
    )
    return render_template(
        "inspection_reports/provider_comment.html",
        inspection=inspection,
        report=report,
        form=form,
        comment=comment,
        problems=problems,
        action=action,
        rules=rules,
        paragraph=_paragraph(report, form.paragraph.data),
        **state(report, now),
    )


@bp.route("/<int:inspection_id>/report/comments/new", methods=["GET", "POST"])
@accepts_up_to(EVIDENCE_REQUEST_BYTES)
@roles_required(*STAFF)
def new_comment(inspection_id: int):
    inspection = get_inspection_or_404(current_user, inspection_id)
    return _comment_page(inspection, issued_report(inspection))


@bp.route("/<int:inspection_id>/report/comments/<int:comment_id>/edit", methods=["GET", "POST"])
@accepts_up_to(EVIDENCE_REQUEST_BYTES)
@roles_required(*STAFF)
def edit_comment(inspection_id: int, comment_id: int):
    inspection = get_inspection_or_404(current_user, inspection_id)
    report = issued_report(inspection)
    return _comment_page(inspection, report, comment_or_404(report, comment_id))


@bp.route("/<int:inspection_id>/report/comments/autosave", methods=["POST"])
@roles_required(*STAFF)
def autosave(inspection_id: int):
    """Save as you type (htmx): the same key as the form, so it and Save make one comment.

    Answers a short status fragment; without htmx there is nothing to show, so back to the draft.
    """
    now = clock.now()
    inspection = get_inspection_or_404(current_user, inspection_id)
    report = issued_report(inspection)
    if not wants_fragment():
        response = redirect(url_for(".draft", inspection_id=inspection.id))
    else:
        form = forms.AutosaveForm()
        if not form.validate():
            status = "Not saved: " + next(iter(form.errors.values()))[0]
        else:
            try:
                comments.save_comment(
                    report,
                    form.key.data,
                    form.paragraph_number(),
                    form.kind.data or "",
                    form.text.data,
                    form.proposed_wording.data,
                    [],
                    current_user,
                    now,
                )
            except ReportError as error:
                status = (
                    f"Not saved yet: {error.message[0].lower()}{error.message[1:]}"
                    if error.field in NOT_YET_FIELDS and error.message.startswith(("Select", "Enter"))
                    else f"Not saved: {error.message}"
                )
            else:
                status = "Saved at " + formatting.uk_datetime(now).partition(" on ")[0]
        response = make_response(render_template("inspection_reports/_provider_autosave.html", status=status))
    response.headers.add("Vary", "HX-Request")
    return response


@bp.route("/<int:inspection_id>/report/comments/<int:comment_id>/delete", methods=["GET", "POST"])
@roles_required(*STAFF)
def delete_comment(inspection_id: int, comment_id: int):
    now = clock.now()
    inspection = get_inspection_or_404(current_user, inspection_id)
    report = issued_report(inspection)
    comment = comment_or_404(report, comment_id)
    form = forms.DeleteCommentForm()
    problems: list = []
    if form.validate_on_submit():
        number = comment.paragraph_number
        try:
            comments.delete_comment(comment, current_user, now)
        except ReportError as error:
            show_refusal(error, form, problems)
        else:
            flash(f"Your comment on paragraph {number} has been deleted", "success")
            return redirect(url_for(".draft", inspection_id=inspection.id))
    return render_template(
        "inspection_reports/provider_delete.html",
        inspection=inspection,
        report=report,
        comment=comment,
        form=form,
        problems=problems,
        rules=rules,
        **state(report, now),
    )
