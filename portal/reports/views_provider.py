"""The provider's side of the draft report: read it, comment, send one return, read the final."""

from flask import Blueprint

bp = Blueprint("reports_provider", __name__, url_prefix="/inspections")


@bp.route("/<int:inspection_id>/report")
def draft(inspection_id: int):
    raise NotImplementedError
