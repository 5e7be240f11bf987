"""The inspectorate requests Annex A at an inspection, accepts it or asks for an update, and
compares versions."""

from datetime import datetime, time

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.accounts.roles import Role
from portal.annex_a import forms, pages, rules, services, states
from portal.annex_a.access import get_annex_a_version_or_404
from portal.core import clock
from portal.core.access import roles_required
from portal.core.clock import UK
from portal.core.formatting import uk_datetime
from portal.core.forms import run_use_case
from portal.inspections.access import get_inspection_or_404
from portal.providers.models import SettingType

bp = Blueprint("annex_a_inspectorate", __name__, url_prefix="/inspectorate")
INSPECTORATE = (Role.INSPECTOR, Role.INSPECTORATE_MANAGER)


def _due(form) -> datetime:
    hours, minutes = form.due_time.parsed
    return datetime.combine(form.due_date.data, time(hours, minutes), tzinfo=UK)


def _with_due_problem(form, now, subject: str = "Due") -> None:
    """When the form is refused for another answer, say at once too that the time given has passed."""
    if (
        form.is_submitted()
        and form.errors
        and form.due_date.data
        and not form.due_date.errors
        and not form.due_time.errors
        and hasattr(form.due_time, "parsed")
    ):
        problem = services.due_problem(_due(form), now, subject)
        if problem:
            getattr(form, problem[0]).errors.append(problem[1])


def _passed(inspection, default: datetime) -> str:
    """Which R-AXA-2 default has gone by, said as the inspector knows it."""
    when = uk_datetime(default)
    if inspection.setting.type_enum == SettingType.SECURE_TRAINING_CENTRE and inspection.announced_at:
        return f"The framework's time for a secure training centre, {when} (the day the inspection was announced),"
    return f"The usual time, {when} (the first day on site),"


@bp.route("/inspections/<int:inspection_id>/annex-a", methods=["GET", "POST"])
@roles_required(*INSPECTORATE)
def inspection(inspection_id: int):
    found = get_inspection_or_404(current_user, inspection_id)
    annex = services.request_for_inspection(found)
    form = forms.RequestForm()
    now = clock.now()
    default = rules.default_due(found.inspection_type, found.setting.type_enum, found.announced_at, found.start_date)
    proposed = rules.proposed_due(default, now)
    if proposed is None:
        form.due_time.description = (
            f"In UK time, like 17:00. {_passed(found, default)} has passed: agree a later "
            "time with the provider and enter it."
        )
    if annex is None and not form.is_submitted():
        day = proposed or now
        form.due_date.data = day.astimezone(UK).date()
        form.due_time.data = proposed.astimezone(UK).strftime("%H:%M") if proposed else ""
    problems = []
    if annex is None and form.validate_on_submit():
        done, problems = run_use_case(
            form,
            lambda: services.request_annex_a(found, _due(form), form.override_reason.data, current_user, now),
            services.AnnexAError,
            "",
        )
        if done:
            flash("Annex A requested. The provider has been told.", "success")
            return redirect(url_for(".inspection", inspection_id=found.id))
    _with_due_problem(form, now)
    versions = list(reversed(annex.versions)) if annex else []
    comparison = None
    if len(versions) >= 2:
        by_number = {v.number: v for v in versions}
        old = by_number.get(request.args.get("from", type=int)) or versions[1]
        new = by_number.get(request.args.get("to", type=int)) or versions[0]
        comparison = (old, new, services.compare(old, new, found.setting.type_enum))
    return render_template(
        "annex_a/inspectorate.html",
        inspection=found,
        annex=annex,
        form=form,
        versions=versions,
        comparison=comparison,
        states=states,
        full=found.inspection_type == "full",
        problems=problems,
        changeable=bool(annex) and annex.status in states.DUE_TIME_CHANGEABLE,
    )


@bp.route("/annex-a/versions/<int:version_id>")
@roles_required(*INSPECTORATE)
def version(version_id: int):
    found = get_annex_a_version_or_404(current_user, version_id)
    setting = found.request.inspection.setting
    return pages.version_page(found, setting, "inspectorate")


@bp.route("/annex-a/versions/<int:version_id>/annex-a.pdf")
@roles_required(*INSPECTORATE)
def version_pdf(version_id: int):
    found = get_annex_a_version_or_404(current_user, version_id)
    return pages.version_pdf(found)


@bp.route("/annex-a/versions/<int:version_id>/accept", methods=["POST"])
@roles_required(*INSPECTORATE)
def accept(version_id: int):
    found = get_annex_a_version_or_404(current_user, version_id)
    if not states.VERSION_STATES.can(found.status, states.ACCEPTED):
        flash("This version cannot be accepted now.", "important")
    else:
        services.accept(found, current_user, clock.now())
        flash(f"Version {found.number} accepted: it is now the current Annex A.", "success")
    return redirect(url_for(".inspection", inspection_id=found.request.inspection_id))


@bp.route("/annex-a/versions/<int:version_id>/update", methods=["GET", "POST"])
@roles_required(*INSPECTORATE)
def ask_update(version_id: int):
    found = get_annex_a_version_or_404(current_user, version_id)
    form = forms.UpdateRequestForm()
    allowed = states.VERSION_STATES.can(found.status, states.UPDATE_REQUESTED)
    if allowed and form.validate_on_submit():
        done, _ = run_use_case(
            form,
            lambda: services.request_update(found, form.reason.data, _due(form), current_user, clock.now()),
            services.AnnexAError,
            "",
        )
        if done:
            flash("An updated version has been requested. The provider has been told.", "success")
            return redirect(url_for(".inspection", inspection_id=found.request.inspection_id))
    _with_due_problem(form, clock.now())
    return render_template("annex_a/ask_update.html", form=form, version=found, allowed=allowed)


@bp.route("/inspections/<int:inspection_id>/annex-a/due-time", methods=["GET", "POST"])
@roles_required(*INSPECTORATE)
def change_due_time(inspection_id: int):
    """R-AXA-2: move the due time of an open request, with a reason the provider is sent."""
    found = get_inspection_or_404(current_user, inspection_id)
    annex = services.request_for_inspection(found)
    if annex is None:
        flash("Annex A has not been requested at this inspection yet.", "important")
        return redirect(url_for(".inspection", inspection_id=found.id))
    form = forms.DueTimeChangeForm()
    allowed = annex.status in states.DUE_TIME_CHANGEABLE
    if not form.is_submitted():
        form.seen_due.data = annex.due_at.isoformat()
    problems, now = [], clock.now()
    if allowed and form.validate_on_submit():
        done, problems = run_use_case(
            form,
            lambda: services.change_due_time(
                annex, _due(form), form.reason.data, _seen(form.seen_due.data), current_user, now
            ),
            services.AnnexAError,
            "The due time has just been changed: check it and try again",
        )
        if done:
            flash("The due time has been changed. The provider has been told.", "success")
            return redirect(url_for(".inspection", inspection_id=found.id))
    if allowed:
        _with_due_problem(form, now, "New due")
    return render_template(
        "annex_a/change_due_time.html",
        form=form,
        inspection=found,
        annex=annex,
        allowed=allowed,
        problems=problems,
        states=states,
    )


def _seen(value: str | None) -> datetime | None:
    """The due time the form was shown with, to tell a change made meanwhile by someone else."""
    try:
        return datetime.fromisoformat(value) if value else None
    except ValueError:
        return None
