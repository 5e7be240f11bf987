"""The provider's side: raise an informal concern, prepare and lodge a formal complaint, follow it."""

from flask import Blueprint

bp = Blueprint("complaints_provider", __name__)


@bp.route("/complaints/<int:complaint_id>")
def show(complaint_id: int):
    raise NotImplementedError


@bp.route("/inspections/<int:inspection_id>/complaints")
def inspection(inspection_id: int):
    raise NotImplementedError
