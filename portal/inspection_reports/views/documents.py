"""The report's PDFs for the provider's staff and the inspectorate (R-DR-5, R-ROLE-1)."""

from flask import Blueprint, abort, request
from flask_login import current_user

from portal.accounts.roles import Role
from portal.core import clock
from portal.core.access import roles_required
from portal.inspection_reports import services
from portal.inspection_reports.documents import VERSIONS, preview_pdf_response, report_pdf_response
from portal.inspections.access import get_inspection_or_404

bp = Blueprint("inspection_reports_documents", __name__)
PROVIDER_STAFF = (Role.REGISTERED_MANAGER, Role.RESPONSIBLE_INDIVIDUAL)
INSPECTORATE = (Role.INSPECTOR, Role.INSPECTORATE_MANAGER)


def _version(report, allowed: tuple[str, ...]) -> str:
    """``?version=``, by default the final report once sent, else the draft; anything else is 404."""
    default = "final" if report is not None and report.final is not None else "draft"
    which = request.args.get("version", default)
    if which not in allowed:
        abort(404)
    return which


@bp.route("/inspections/<int:inspection_id>/report.pdf")
@roles_required(*PROVIDER_STAFF)
def provider_pdf(inspection_id: int):
    inspection = get_inspection_or_404(current_user, inspection_id)
    report = services.report_of(inspection)
    return report_pdf_response(inspection, report, _version(report, VERSIONS), clock.now())


@bp.route("/inspectorate/inspections/<int:inspection_id>/report.pdf")
@roles_required(*INSPECTORATE)
def inspectorate_pdf(inspection_id: int):
    now = clock.now()
    inspection = get_inspection_or_404(current_user, inspection_id)
    report = services.report_of(inspection)
    which = _version(report, (*VERSIONS, "preview"))
    if which == "preview":
        return preview_pdf_response(inspection, report, now)
    return report_pdf_response(inspection, report, which, now)
