"""The inspectorate's side of the report: write, issue, extend, answer comments, send the final."""

from flask import Blueprint

bp = Blueprint("reports_inspectorate", __name__, url_prefix="/inspectorate/inspections")


@bp.route("/<int:inspection_id>/report")
def overview(inspection_id: int):
    raise NotImplementedError
