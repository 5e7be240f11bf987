"""The inspectorate's requirements and recommendations of a report: add, change, move up or down
and remove them (R-RPT-6, R-RPT-7). Plain forms and POSTs: every page works without JavaScript."""

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.accounts.roles import Role
from portal.core import clock
from portal.core.access import roles_required
from portal.core.forms import run_use_case
from portal.inspection_reports import improvements, rules, services, services_improvements as use_cases
from portal.inspection_reports.forms import improvements as forms
from portal.inspection_reports.improvements import KINDS
from portal.inspection_reports.services import ReportError
from portal.inspections.access import get_inspection_or_404

bp = Blueprint("inspection_reports_improvements", __name__, url_prefix="/inspectorate/inspections")
bp.add_app_template_global(improvements, "improvements")
INSPECTORATE = (Role.INSPECTOR, Role.INSPECTORATE_MANAGER)
CONCURRENT = "Someone else changed this report at the same moment. Check it and try again."
NOUN = {"requirements": "requirement", "recommendations": "recommendation"}


def _load(inspection_id: int, kind: str | None = None):
    """The inspection (404 outside the user's scope), its report (None before it is started)."""
    if kind is not None and kind not in KINDS:
        abort(404)
    inspection = get_inspection_or_404(current_user, inspection_id)
    return inspection, services.report_of(inspection)


def _to_list(inspection):
    return redirect(url_for("inspection_reports_inspectorate.overview", inspection_id=inspection.id) + "#improvements")


def _run(form, use_case) -> tuple[bool, list[dict]]:
    return run_use_case(form, use_case, ReportError, CONCURRENT)


def _page(template: str, inspection, report, **context):
    return render_template(
        f"inspection_reports/{template}",
        inspection=inspection,
        report=report,
        rules=rules,
        editable=report.status != rules.FINAL_SENT,
        **context,
    )


def _requirement_page(inspection, report, index: int | None, item: dict | None):
    setting_type = inspection.setting.type_enum
    form = forms.RequirementForm(setting_type=setting_type, end_date=inspection.end_date)
    if item is not None and not form.is_submitted():
        form.text.data, form.regulation.data = item["text"], item["regulation"]
        form.comply_by.data, form.key.data = date.fromisoformat(item["comply_by"]), improvements.item_key(item)
    problems = []
    if report.status != rules.FINAL_SENT and form.validate_on_submit():
        args = (form.text.data, form.regulation.data, form.comply_by.data, current_user, clock.now())
        done, problems = _run(
            form,
            lambda: (
                use_cases.add_requirement(report, *args)
                if index is None
                else use_cases.update_requirement(report, index, *args, expected=form.key.data or None)
            ),
        )
        if done:
            flash("The requirement is added." if index is None else f"Requirement {index + 1} is changed.", "success")
            return _to_list(inspection)
    title = "Add a requirement" if index is None else f"Change requirement {index + 1}"
    return _page(
        "improvement_requirement.html",
        inspection,
        report,
        form=form,
        problems=problems,
        title=title,
        instrument=improvements.requirement_instrument(setting_type),
    )


def _recommendation_page(inspection, report, index: int | None, item: dict | None):
    setting_type = inspection.setting.type_enum
    form = forms.recommendation_form(setting_type)()
    if not form.is_submitted():
        form.cites.data = next(iter(form.citations))
        if item is not None:
            form.cites.data = item.get("cites", improvements.CITES_GUIDE)
            for name in ("text", "guide_page", "guide_paragraph", "standard", "document", "section"):
                form[name].data = "" if item.get(name) is None else str(item[name])
            form.key.data = improvements.item_key(item)
    problems = []
    if report.status != rules.FINAL_SENT and form.validate_on_submit():
        fields, now = form.fields(), clock.now()
        done, problems = _run(
            form,
            lambda: (
                use_cases.add_recommendation(report, fields, current_user, now)
                if index is None
                else use_cases.update_recommendation(
                    report, index, fields, current_user, now, expected=form.key.data or None
                )
            ),
        )
        if done:
            flash(
                "The recommendation is added." if index is None else f"Recommendation {index + 1} is changed.",
                "success",
            )
            return _to_list(inspection)
    title = "Add a recommendation" if index is None else f"Change recommendation {index + 1}"
    return _page(
        "improvement_recommendation.html",
        inspection,
        report,
        form=form,
        problems=problems,
        title=title,
        reference=improvements.recommendation_reference(setting_type),
    )


@bp.route("/<int:inspection_id>/report/requirements/new", methods=["GET", "POST"])
@roles_required(*INSPECTORATE)
def new_requirement(inspection_id: int):
    inspection, report = _load(inspection_id)
    if report is None:
        return _to_list(inspection)
    return _requirement_page(inspection, report, None, None)


@bp.route("/<int:inspection_id>/report/recommendations/new", methods=["GET", "POST"])
@roles_required(*INSPECTORATE)
def new_recommendation(inspection_id: int):
    inspection, report = _load(inspection_id)
    if report is None:
        return _to_list(inspection)
    return _recommendation_page(inspection, report, None, None)


@bp.route("/<int:inspection_id>/report/<kind>/<int:index>/edit", methods=["GET", "POST"])
@roles_required(*INSPECTORATE)
def edit_item(inspection_id: int, kind: str, index: int):
    inspection, report = _load(inspection_id, kind)
    item = use_cases.item_at(report, kind, index) if report is not None else None
    if item is None:
        abort(404)
    page = _requirement_page if kind == "requirements" else _recommendation_page
    return page(inspection, report, index, item)


@bp.route("/<int:inspection_id>/report/<kind>/<int:index>/move", methods=["POST"])
@roles_required(*INSPECTORATE)
def move_item(inspection_id: int, kind: str, index: int):
    """Move up or move down: a small form per item, so the order changes without JavaScript."""
    inspection, report = _load(inspection_id, kind)
    form = forms.MoveForm()
    if report is not None and form.validate_on_submit():
        direction = form.direction.data
        moved = []
        _done, problems = _run(
            None,
            lambda: moved.append(
                use_cases.move_item(
                    report, kind, index, direction, current_user, clock.now(), expected=form.key.data or None
                )
            ),
        )
        if moved and moved[0]:
            to = index + (1 if direction == use_cases.DOWN else -1)
            flash(f"{NOUN[kind].capitalize()} {index + 1} is now {NOUN[kind]} {to + 1}.", "success")
        for problem in problems:
            flash(problem["text"], "error")
    return _to_list(inspection)


@bp.route("/<int:inspection_id>/report/<kind>/<int:index>/remove", methods=["GET", "POST"])
@roles_required(*INSPECTORATE)
def remove_item(inspection_id: int, kind: str, index: int):
    """Remove after a confirmation page; an item no longer there changes nothing."""
    inspection, report = _load(inspection_id, kind)
    if report is None:
        return _to_list(inspection)
    item = use_cases.item_at(report, kind, index)
    form = forms.ConfirmForm()
    if request.method == "GET":
        if item is None:
            abort(404)
        form.key.data = improvements.item_key(item)
        return _page(
            "improvement_remove.html",
            inspection,
            report,
            form=form,
            kind=kind,
            index=index,
            item=item,
            noun=NOUN[kind],
            problems=[],
        )
    if form.validate_on_submit():
        removed = []
        _done, problems = _run(
            form,
            lambda: removed.append(
                use_cases.remove_item(report, kind, index, current_user, clock.now(), expected=form.key.data or None)
            ),
        )
        if removed and removed[0]:
            flash(f"{NOUN[kind].capitalize()} {index + 1} is removed.", "success")
        for problem in problems:
            flash(problem["text"], "error")
    return _to_list(inspection)
