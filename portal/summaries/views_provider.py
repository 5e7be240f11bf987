"""The provider reads the summary (HTML and PDF) once the final report is sent, asks for adapted
versions and keeps its own translations."""

from flask import Blueprint

bp = Blueprint("summaries_provider", __name__, url_prefix="/inspections")


@bp.route("/<int:inspection_id>/summary")
def show(inspection_id: int):
    raise NotImplementedError
