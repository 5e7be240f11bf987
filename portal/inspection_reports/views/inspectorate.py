"""The inspectorate's side of the report: start it, write its sections, judgements and outcome, and
preview it. Issuing, the comment window, answers and the final are in ``views.sending``."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.accounts.roles import Role
from portal.core import clock, contributions
from portal.core.access import roles_required
from portal.core.forms import run_use_case
from portal.inspection_reports import rules, services, standing
from portal.inspection_reports.forms import inspectorate as forms
from portal.inspection_reports.services import ReportError
from portal.inspections import rules as inspection_rules, timeline
from portal.inspections.access import get_inspection_or_404
from portal.inspections.views.inspectorate import SETTING_PAGE

bp = Blueprint("inspection_reports_inspectorate", __name__, url_prefix="/inspectorate/inspections")


@contributions.contributes(SETTING_PAGE)
def _on_the_setting_page(setting, now) -> dict:
    """The setting's standing judgement, from published reports only (R-STAND-1..2)."""
    return {"standing": standing.for_setting(setting, now)}


INSPECTORATE = (Role.INSPECTOR, Role.INSPECTORATE_MANAGER)
CONCURRENT = "Someone else changed this report at the same moment. Check it and try again."


def load_report(inspection_id: int):
    """The inspection (404 outside the user's scope) and its report, or None before it is started."""
    inspection = get_inspection_or_404(current_user, inspection_id)
    return inspection, services.report_of(inspection)


def to_overview(inspection):
    return redirect(url_for(".overview", inspection_id=inspection.id))


def run(form, use_case, anchor: str = "#main-content") -> tuple[bool, list[dict]]:
    """Run one use case: a refusal goes on the field it names, or becomes a page-level problem."""
    return run_use_case(form, use_case, ReportError, CONCURRENT, anchor)


def page(template: str, inspection, report, **context):
    return render_template(
        f"inspection_reports/{template}",
        inspection=inspection,
        report=report,
        rules=rules,
        inspection_rules=inspection_rules,
        **context,
    )


def _count(items: list, noun: str) -> str:
    return f"{len(items)} {noun}{'s' if len(items) != 1 else ''}"


def _section_rows(inspection, report) -> list[dict]:
    """Each section of the report's template with whether it is written, for the overview's task list."""
    content, template = report.content, services.template_of(inspection)
    areas = template.areas(content)
    rows = []
    for section in template.sections:
        hint = None
        if section.kind == "judgements":
            href = url_for(".judgements", inspection_id=inspection.id)
            if template.records_outcome:
                outcome = content.get("outcome") or {}
                written = bool(outcome.get("progress") and outcome.get("concerns"))
                detail = "Recorded" if written else "No judgement at this visit: record the outcome"
            elif template.may_give_new_judgement and not content.get("new_judgement"):
                written = content.get("new_judgement") is False
                detail = "No new judgement" if written else "Say whether this visit makes a new judgement"
            else:
                given = [area for area in areas if content["judgements"].get(area)]
                written = bool(areas) and len(given) == len(areas)
                detail = "Written" if written else f"{len(given)} of {len(areas)} given"
        elif section.kind == "improvements":
            # Optional, so none is an answer; the list below it (_inspectorate_improvements.html)
            # names each; a short status keeps the task list within 320 px.
            items = content["requirements"] + content["recommendations"]
            written, detail, href = True, _count(items, "item") if items else "None", "#improvements"
        else:
            paragraphs = content["sections"].get(section.key, [])
            written = bool(paragraphs)
            detail = f"Written: {_count(paragraphs, 'paragraph')}" if paragraphs else "Not written"
            author = (content.get("contributors") or {}).get(section.key)
            if author:
                hint = f"Written by {author['name']}, {author['role']}"
            elif section.contributor:
                hint = f"A contribution from the {services.INSPECTORATE_NAMES[section.contributor]}"
            href = url_for(".section", inspection_id=inspection.id, report_section=section.key)
        rows.append({"section": section, "written": written, "detail": detail, "href": href, "hint": hint})
    return rows


@bp.route("/<int:inspection_id>/report")
@roles_required(*INSPECTORATE)
def overview(inspection_id: int):
    now = clock.now()
    inspection, report = load_report(inspection_id)
    if report is None:
        return page("inspectorate_overview.html", inspection, None, form=forms.ConfirmForm())
    published_on = timeline.publication_day(inspection.final_sent_at) if inspection.final_sent_at else None
    returned = report.comment_return
    comments = report.comments if returned is not None and returned.status == rules.SUBMITTED else []
    return page(
        "inspectorate_overview.html",
        inspection,
        report,
        rows=_section_rows(inspection, report),
        comments=comments,
        published_on=published_on,
        remove_form=forms.ConfirmForm(),
        window_open=bool(
            inspection.comment_window_ends_at
            and now < inspection.comment_window_ends_at
            and returned is not None
            and returned.status == rules.OPEN
        ),
    )


@bp.route("/<int:inspection_id>/report/start", methods=["POST"])
@roles_required(*INSPECTORATE)
def start(inspection_id: int):
    inspection, _report = load_report(inspection_id)
    form = forms.ConfirmForm()
    if form.validate_on_submit():
        try:
            services.start_report(inspection, current_user, clock.now())
        except ReportError as error:
            flash(error.message, "error")
        else:
            flash("You can now write the report.", "success")
    return to_overview(inspection)


@bp.route("/<int:inspection_id>/report/sections/<report_section>", methods=["GET", "POST"])
@roles_required(*INSPECTORATE)
def section(inspection_id: int, report_section: str):
    inspection, report = load_report(inspection_id)
    section_ = services.template_of(inspection).section(report_section)
    if section_ is None or section_.kind != "text":
        abort(404)
    if report is None:
        return to_overview(inspection)
    people = services.contributors_for(inspection, section_)
    form = forms.section_form({person.id: person.name for person in people})()
    author = (report.content.get("contributors") or {}).get(section_.key)
    if not form.is_submitted():
        form.text.data = "\n\n".join(report.content["sections"].get(section_.key, []))
        if people:
            chosen = author["user_id"] if author else (current_user.id if current_user in people else None)
            form.written_by.data = str(chosen) if chosen else None
    problems, allowed = [], report.status != rules.FINAL_SENT
    if allowed and form.validate_on_submit():
        written_by = int(form.written_by.data) if people else None
        done, problems = run(
            form,
            lambda: services.save_section(
                report, section_.key, form.text.data or "", current_user, clock.now(), written_by
            ),
        )
        if done:
            flash(f"'{section_.title}' is saved.", "success")
            return to_overview(inspection)
    if section_.contributor and not people and allowed:
        problems = problems or [
            {
                "text": f"Add the {services.INSPECTORATE_NAMES[section_.contributor]} to the "
                f"inspection team: '{section_.title}' is their contribution",
                "href": "#text",
            }
        ]
    return page(
        "inspectorate_section.html",
        inspection,
        report,
        form=form,
        section=section_,
        problems=problems,
        allowed=allowed and (not section_.contributor or bool(people)),
        author=author,
        contributor_name=services.INSPECTORATE_NAMES.get(section_.contributor or ""),
    )


@bp.route("/<int:inspection_id>/report/judgements", methods=["GET", "POST"])
@roles_required(*INSPECTORATE)
def judgements(inspection_id: int):
    inspection, report = load_report(inspection_id)
    if report is None:
        return to_overview(inspection)
    template = services.template_of(inspection)
    setting_type = inspection.setting.type_enum
    if template.records_outcome:
        return _outcome(inspection, report)
    children_form, problems = forms.NoChildrenForm(), []
    if template.may_have_no_children:
        if not children_form.is_submitted() or request.endpoint != "inspection_reports_inspectorate.no_children":
            # Never preselected (GOV.UK radios): "no" shows only once the inspector has said so.
            children_form.children.data = "no" if report.content.get("no_children_since") else None
        elif children_form.validate_on_submit():
            done, problems = run(
                children_form,
                lambda: services.record_no_children(
                    report, children_form.children.data == "no", current_user, clock.now()
                ),
            )
            if done:
                flash("The answer is saved.", "success")
                return redirect(url_for(".judgements", inspection_id=inspection.id))
    asks_new = template.may_give_new_judgement
    areas = (
        inspection_rules.judgement_areas(setting_type, inspection_rules.FULL)
        if asks_new
        else services.areas_of(inspection)
    )
    form = forms.judgements_form(
        areas,
        lambda area: inspection_rules.area_grades(
            setting_type, inspection_rules.FULL if asks_new else inspection.inspection_type, area
        ),
        asks_new,
    )()
    if not form.is_submitted() or request.endpoint != "inspection_reports_inspectorate.judgements":
        for area in areas:
            form[area].data = report.content["judgements"].get(area)
        if asks_new and report.content.get("new_judgement") is not None:
            form.new_judgement.data = "yes" if report.content["new_judgement"] else "no"
    allowed = report.status != rules.FINAL_SENT and bool(areas)
    if allowed and request.endpoint == "inspection_reports_inspectorate.judgements" and form.validate_on_submit():
        new_judgement = form.new_judgement.data == "yes" if asks_new else None
        given = {area: form[area].data for area in areas if form[area].data}
        done, problems = run(
            form, lambda: services.save_judgements(report, given, current_user, clock.now(), new_judgement)
        )
        if done:
            flash("The judgements are saved.", "success")
            return to_overview(inspection)
    return page(
        "inspectorate_judgements.html",
        inspection,
        report,
        form=form,
        areas=areas,
        asks_new=asks_new,
        provisional=inspection.provisional(),
        problems=problems,
        allowed=allowed,
        children_form=children_form if template.may_have_no_children else None,
        no_children=bool(report.content.get("no_children_since")),
    )


@bp.route("/<int:inspection_id>/report/no-children", methods=["POST"])
@roles_required(*INSPECTORATE)
def no_children(inspection_id: int):
    """R-JUDGE-4: the answer goes with the judgements page, which shows any error."""
    inspection, report = load_report(inspection_id)
    if report is None or not services.template_of(inspection).may_have_no_children:
        return redirect(url_for(".judgements", inspection_id=inspection.id))
    return judgements(inspection_id)


def _outcome(inspection, report):
    """R-JUDGE-7: an STC monitoring visit's outcome, on the judgements page's address."""
    form = forms.OutcomeForm()
    outcome = report.content.get("outcome") or {}
    if not form.is_submitted():
        form.progress.data, form.concerns.data = outcome.get("progress"), outcome.get("concerns")
    problems, allowed = [], report.status != rules.FINAL_SENT
    if allowed and form.validate_on_submit():
        done, problems = run(
            form,
            lambda: services.save_outcome(report, form.progress.data, form.concerns.data, current_user, clock.now()),
        )
        if done:
            flash("The outcome of the visit is saved.", "success")
            return to_overview(inspection)
    return page("inspectorate_outcome.html", inspection, report, form=form, problems=problems, allowed=allowed)


@bp.route("/<int:inspection_id>/report/preview")
@roles_required(*INSPECTORATE)
def preview(inspection_id: int):
    inspection, report = load_report(inspection_id)
    if report is None:
        return to_overview(inspection)
    paragraphs = rules.numbered(report.content, services.template_of(inspection))
    return page("inspectorate_preview.html", inspection, report, sections=rules.sections_of({"paragraphs": paragraphs}))
