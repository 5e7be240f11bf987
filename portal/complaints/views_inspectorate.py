"""The inspectorate's side: acknowledge, assign an independent investigator, answer, respond, close."""

from flask import Blueprint

bp = Blueprint("complaints_inspectorate", __name__, url_prefix="/inspectorate")


@bp.route("/complaints/<int:complaint_id>")
def show(complaint_id: int):
    raise NotImplementedError


@bp.route("/concerns/<int:concern_id>")
def concern(concern_id: int):
    raise NotImplementedError
