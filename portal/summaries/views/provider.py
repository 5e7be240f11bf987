"""The provider reads the summary (HTML and PDF) once the final report is sent, asks for adapted
versions and keeps its own translations.

Before the final report is sent, or where no summary was written, every page here answers 404,
exactly as for an inspection the user may not see (R-CFS-1, R-ROLE-1).
"""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.accounts.roles import Role
from portal.core import clock, downloads, uploads
from portal.core.access import roles_required
from portal.core.forms import show_refusal
from portal.core.request_size import accepts_up_to
from portal.inspections.access import get_inspection_or_404
from portal.summaries import rules, services
from portal.summaries.forms import provider as forms
from portal.summaries.pdf import summary_pdf
from portal.summaries.services import SummaryError

bp = Blueprint("summaries_provider", __name__, url_prefix="/inspections")
STAFF = (Role.REGISTERED_MANAGER, Role.RESPONSIBLE_INDIVIDUAL)
MAX_REQUEST_BYTES = uploads.MAX_DOCUMENT_BYTES + uploads.MB


def released_or_404(inspection_id: int):
    """The inspection and its summary, only once the summary has reached the provider (R-CFS-1)."""
    inspection = get_inspection_or_404(current_user, inspection_id)
    summary = services.summary_of(inspection)
    if summary is None or not summary.sections or not services.released(inspection):
        abort(404)
    return inspection, summary


@bp.route("/<int:inspection_id>/summary")
@roles_required(*STAFF)
def show(inspection_id: int):
    """The HTML version, for screen readers and for staff to read with children."""
    inspection, summary = released_or_404(inspection_id)
    return render_template(
        "summaries/provider_show.html",
        inspection=inspection,
        summary=summary,
        sections=summary.sections,
        rules=rules,
        file_kinds=services.FILE_KINDS,
        audio=services.AUDIO,
        asked_of_you=services.requests_to(summary, services.PROVIDER),
        your_requests=services.requests_to(summary, services.INSPECTORATE),
    )


def _pdf(inspection_id: int, large_print: bool):
    inspection, summary = released_or_404(inspection_id)
    name = f"child-friendly-summary{'-large-print' if large_print else ''}-{inspection.setting.urn}.pdf"
    return downloads.generated(summary_pdf(inspection, summary, large_print), "application/pdf", name)


@bp.route("/<int:inspection_id>/summary.pdf")
@roles_required(*STAFF)
def pdf(inspection_id: int):
    return _pdf(inspection_id, large_print=False)


@bp.route("/<int:inspection_id>/summary-large-print.pdf")
@roles_required(*STAFF)
def large_print_pdf(inspection_id: int):
    """The same summary at 24 pt, for children who need large print."""
    return _pdf(inspection_id, large_print=True)


@bp.route("/<int:inspection_id>/summary/files/<int:file_id>")
@roles_required(*STAFF)
def download(inspection_id: int, file_id: int):
    """A file that goes with the summary, byte for byte; a recording may play in the page."""
    _inspection, summary = released_or_404(inspection_id)
    attached = next((f.file for f in summary.files if f.file_id == file_id), None)
    if attached is None:
        abort(404)
    inline = request.args.get("inline") == "1" and attached.content_type.startswith("audio/")
    return downloads.stored_file(attached, inline=inline)


@bp.route("/<int:inspection_id>/summary/adaptation", methods=["GET", "POST"])
@roles_required(*STAFF)
def adaptation(inspection_id: int):
    """R-CFS-2: ask the inspector for a version adapted to a child's needs or language."""
    now = clock.now()
    inspection, _summary = released_or_404(inspection_id)
    form = forms.AdaptationForm()
    problems: list = []
    if form.validate_on_submit():
        try:
            services.request_adaptation(inspection, form.reason.data, current_user, now)
        except SummaryError as error:
            show_refusal(error, form, problems)
        else:
            flash("Your request for an adapted version has been sent to the lead inspector", "success")
            return redirect(url_for(".show", inspection_id=inspection.id))
    return render_template(
        "summaries/provider_adaptation.html",
        inspection=inspection,
        form=form,
        problems=problems,
        max_length=forms.REASON_MAX,
    )


@bp.route("/<int:inspection_id>/summary/translation", methods=["GET", "POST"])
@accepts_up_to(MAX_REQUEST_BYTES)
@roles_required(*STAFF)
def translation(inspection_id: int):
    """R-CFS-2: the provider keeps its own translated copy with the summary, for its records, or adds
    the adapted version the inspectorate asked for, which answers that request."""
    now = clock.now()
    inspection, summary = released_or_404(inspection_id)
    open_requests = services.open_requests_to(summary, services.PROVIDER)
    form = forms.TranslationForm()
    form.set_requests(open_requests, request.args.get("request"))
    problems: list = []
    if form.validate_on_submit():
        answering = form.chosen_request(open_requests)
        try:
            added = services.add_translation(
                inspection, form.upload.data, form.language.data, current_user, now, request=answering
            )
        except SummaryError as error:
            show_refusal(error, form, problems)
        else:
            answered = (
                " It answers the inspectorate's request, and the inspectorate has been told." if answering else ""
            )
            flash(f"'{added.description}' has been added.{answered}", "success")
            return redirect(
                url_for(".show", inspection_id=inspection.id) + ("#asked-of-you" if answering else "#files")
            )
    return render_template(
        "summaries/provider_translation.html",
        inspection=inspection,
        form=form,
        problems=problems,
        max_length=forms.LANGUAGE_MAX,
        answering=bool(open_requests),
    )
