"""Providers keep Annex A ready, by web form or spreadsheet, and return it when asked."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.accounts.roles import Role
from portal.annex_a import forms, pages, rules, services, states
from portal.annex_a.access import get_annex_a_version_or_404
from portal.annex_a.schema import MAX_ROWS, section_for, sections_for
from portal.annex_a.spreadsheet import build_template
from portal.core import clock, downloads
from portal.core.access import roles_required
from portal.core.references import new_key
from portal.providers import privacy
from portal.providers.access import get_setting_or_404

bp = Blueprint("annex_a_provider", __name__, url_prefix="/settings/<int:setting_id>/annex-a")
STAFF = (Role.REGISTERED_MANAGER, Role.RESPONSIBLE_INDIVIDUAL)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _context(setting):
    draft = services.draft_of(setting)
    answers = draft.answers or {}
    sections = sections_for(setting.type_enum)
    return {
        "setting": setting,
        "draft": draft,
        "answers": answers,
        "sections": sections,
        "rules": rules,
        "states": states,
        "annex_request": services.open_request(setting),
        "versions": services.versions_of(setting),
        "statuses": {s.key: rules.section_status(s, answers, setting.type_enum) for s in sections},
        "checks": rules.consistency(answers, setting.capacity),
        "blocking": rules.ready_to_return(answers, setting.type_enum, setting.capacity),
    }


@bp.route("")
@roles_required(*STAFF)
def task_list(setting_id: int):
    setting = get_setting_or_404(current_user, setting_id)
    return render_template("annex_a/task_list.html", now=clock.now(), **_context(setting))


@bp.route("/sections/<section_key>", methods=["GET", "POST"])
@roles_required(*STAFF)
def section(setting_id: int, section_key: str):
    setting = get_setting_or_404(current_user, setting_id)
    section = section_for(setting.type_enum, section_key)
    if section is None or section.is_list:
        abort(404)
    items = section.items_for(setting.type_enum)
    form = forms.section_form(section, items, setting.type_enum)()
    if not form.is_submitted():
        saved = services.draft_of(setting).answers.get(section.key)
        saved = saved if isinstance(saved, dict) else {}
        for item in items:
            value = saved.get(item.key)
            getattr(form, item.key).data = "" if value is None else str(value)
    checking = request.args.get("from") == "check"  # a Change link of check your answers
    if form.validate_on_submit():
        services.save_section(setting, section.key, form.values(), current_user, clock.now())
        flash(f"{section.title}: saved.", "success")
        return redirect(url_for(".return_annex" if checking else ".task_list", setting_id=setting.id))
    return render_template(
        "annex_a/section.html",
        form=form,
        setting=setting,
        section=section,
        items=items,
        checking=checking,
        advice=privacy.advice(setting.type_enum),
    )


def _list_page(setting, key: str):
    """A list section (contacts, case list): the rows so far and a form to add one."""
    section = section_for(setting.type_enum, key)
    if section is None:
        abort(404)
    form = forms.list_form(section, setting.type_enum)()
    listed = list(services.draft_of(setting).answers.get(key) or [])
    checking = request.args.get("from") == "check"  # a Change link of check your answers
    if form.validate_on_submit():
        if len(listed) >= MAX_ROWS:
            getattr(form, form.items[0].key).errors.append(f"List {MAX_ROWS} {section.noun}s or fewer")
        else:
            services.save_section(setting, key, [*listed, form.values()], current_user, clock.now())
            flash(f"{section.noun.capitalize()} added.", "success")
            return redirect(url_for(f".{key}", setting_id=setting.id, **({"from": "check"} if checking else {})))
    return render_template(
        "annex_a/list.html",
        form=form,
        setting=setting,
        section=section,
        checking=checking,
        listed=listed,
        items=form.items,
        advice=privacy.advice(setting.type_enum),
    )


def _remove_row(setting_id: int, key: str, index: int):
    setting = get_setting_or_404(current_user, setting_id)
    if section_for(setting.type_enum, key) is None or not services.remove_row(
        setting, key, index, current_user, clock.now()
    ):
        abort(404)
    flash(f"{section_for(setting.type_enum, key).noun.capitalize()} removed.", "success")
    checking = {"from": "check"} if request.args.get("from") == "check" else {}
    return redirect(url_for(f".{key}", setting_id=setting.id, **checking))


@bp.route("/contacts", methods=["GET", "POST"])
@roles_required(*STAFF)
def contacts(setting_id: int):
    return _list_page(get_setting_or_404(current_user, setting_id), "contacts")


@bp.route("/contacts/<int:index>/remove", methods=["POST"])
@roles_required(*STAFF)
def remove_contact(setting_id: int, index: int):
    return _remove_row(setting_id, "contacts", index)


@bp.route("/cases", methods=["GET", "POST"])
@roles_required(*STAFF)
def cases(setting_id: int):
    """R-AXA-7: the case list inspectors pick tracked and sampled cases from."""
    return _list_page(get_setting_or_404(current_user, setting_id), "cases")


@bp.route("/cases/<int:index>/remove", methods=["POST"])
@roles_required(*STAFF)
def remove_case(setting_id: int, index: int):
    return _remove_row(setting_id, "cases", index)


@bp.route("/template.xlsx")
@roles_required(*STAFF)
def template(setting_id: int):
    setting = get_setting_or_404(current_user, setting_id)
    data = build_template(setting, services.draft_of(setting).answers or {})
    return downloads.generated(data, XLSX, f"annex-a-{setting.urn}.xlsx", inline=False)


@bp.route("/upload", methods=["GET", "POST"])
@roles_required(*STAFF)
def upload(setting_id: int):
    setting = get_setting_or_404(current_user, setting_id)
    form = forms.SpreadsheetForm()
    problems = []
    if form.validate_on_submit():
        result = services.load_spreadsheet(setting, form.workbook.data, current_user, clock.now())
        if result.problems:
            problems = [{"text": text, "href": "#workbook"} for text in result.problems]
        else:
            flash(
                "The spreadsheet has been checked and loaded. Review the answers, then return the Annex A.", "success"
            )
            return redirect(url_for(".task_list", setting_id=setting.id))
    return render_template("annex_a/upload.html", form=form, setting=setting, problems=problems)


@bp.route("/return", methods=["GET", "POST"])
@roles_required(*STAFF)
def return_annex(setting_id: int):
    setting = get_setting_or_404(current_user, setting_id)
    context = _context(setting)
    form = forms.ReturnForm()
    if not form.is_submitted():
        form.key.data = new_key()
    already = services.version_for_key(form.key.data or "")
    if already is not None and already.request.inspection.setting_id == setting.id:
        return redirect(url_for(".version", setting_id=setting.id, version_id=already.id, sent=1))
    if form.validate_on_submit():
        annex_request = context["annex_request"]
        if annex_request is None:
            form.confirm.errors.append("There is no request for this Annex A to answer")
        else:
            try:
                version = services.return_annex_a(
                    setting, annex_request, "web", form.key.data, current_user, clock.now()
                )
            except services.AnnexAError as error:
                form.confirm.errors.append(error.message)
            else:
                return redirect(url_for(".version", setting_id=setting.id, version_id=version.id, sent=1))
    return render_template("annex_a/return.html", form=form, **context)


@bp.route("/versions/<int:version_id>")
@roles_required(*STAFF)
def version(setting_id: int, version_id: int):
    setting = get_setting_or_404(current_user, setting_id)
    found = get_annex_a_version_or_404(current_user, version_id)
    if found.request.inspection.setting_id != setting.id:
        abort(404)
    return pages.version_page(found, setting, "provider")


@bp.route("/versions/<int:version_id>/annex-a.pdf")
@roles_required(*STAFF)
def version_pdf(setting_id: int, version_id: int):
    found = get_annex_a_version_or_404(current_user, version_id)
    if found.request.inspection.setting_id != setting_id:
        abort(404)
    return pages.version_pdf(found)
