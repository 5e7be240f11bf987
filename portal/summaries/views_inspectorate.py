"""The inspector writes the summary with live advice, attaches adapted versions and recordings."""

from flask import Blueprint

bp = Blueprint("summaries_inspectorate", __name__, url_prefix="/inspectorate/inspections")


@bp.route("/<int:inspection_id>/summary")
def edit(inspection_id: int):
    raise NotImplementedError
