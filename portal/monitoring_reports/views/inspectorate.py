"""The inspectorate side of monitoring reports: oversight, a setting's reports, serious concerns."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.accounts.roles import Role
from portal.core import clock, contributions, paging
from portal.core.access import roles_required
from portal.core.htmx import render
from portal.inspections import ownership
from portal.inspections.views.inspectorate import OVERSIGHT_PAGE, SETTING_PAGE
from portal.monitoring_reports import compliance, concerns, forms, history, oversight, rules, services
from portal.monitoring_reports.access import (
    get_monitored_setting_or_404,
    get_monitoring_report_or_404,
    monitored_settings,
)
from portal.monitoring_reports.documents import document_response, receipt_response
from portal.providers.models import SettingType

bp = Blueprint("monitoring_reports_inspectorate", __name__, url_prefix="/inspectorate")
INSPECTORATE = (Role.INSPECTOR, Role.INSPECTORATE_MANAGER)


@bp.route("/monitoring")
@roles_required(*INSPECTORATE)
def overview():
    """Filters are a GET form, so a filtered page can be bookmarked and works without JavaScript;
    an unknown type of setting is ignored, and a page that is not a number, or out of range,
    shows the nearest page instead of an error."""
    now = clock.now()
    region, authority, setting_type = _filters()
    view = oversight.build(
        region,
        authority,
        now,
        setting_type,
        paging.page_number(request.args.get("page")),
        within=monitored_settings(current_user),
    )
    return render(
        "monitoring_reports/oversight.html",
        "monitoring_reports/_oversight_results.html",
        view=view,
        rules=rules,
        region=region,
        authority=authority,
        setting_type=setting_type,
        setting_types=[SettingType(value) for value in compliance.REPORTING_TYPES],
        today=clock.today_uk(now),
        **contributions.gather(
            OVERSIGHT_PAGE,
            setting_ids=[status.setting.id for status in view.gap_page.statuses],
            chosen=view.chosen,
            now=now,
        ),
    )


def _filters() -> tuple[str | None, str | None, str | None]:
    """The oversight filters from the query string; an unknown type of setting is ignored."""
    setting_type = request.args.get("setting_type") or None
    if setting_type not in compliance.REPORTING_TYPES:
        setting_type = None
    return request.args.get("region") or None, request.args.get("local_authority") or None, setting_type


@bp.route("/monitoring/not-safeguarded")
@roles_required(*INSPECTORATE)
def not_safeguarded():
    """The reports behind the oversight page's count, with its filters, 50 a page."""
    region, authority, setting_type = _filters()
    reports = oversight.not_safeguarded(
        region,
        authority,
        setting_type,
        paging.page_number(request.args.get("page")),
        within=monitored_settings(current_user),
    )
    return render(
        "monitoring_reports/not_safeguarded.html",
        "monitoring_reports/_not_safeguarded_results.html",
        reports=reports,
        filters={"region": region, "local_authority": authority, "setting_type": setting_type},
        chosen=[c for c in (region, authority, SettingType(setting_type).label.lower() if setting_type else None) if c],
    )


@bp.route("/monitoring/settings/<int:setting_id>")
@roles_required(*INSPECTORATE)
def setting(setting_id: int):
    now = clock.now()
    place = get_monitored_setting_or_404(current_user, setting_id)
    return render_template(
        "monitoring_reports/inspectorate_setting.html",
        setting=place,
        rules=rules,
        status=compliance.for_setting(place, now),
        reports=services.reports_of(current_user, place),
        today=clock.today_uk(now),
        **contributions.gather(SETTING_PAGE, setting=place, now=now),
    )


def _report_page(report, action_form=None):
    may_act = concerns.may_act(current_user, report) and concerns.ever_alerted(report)
    if may_act and action_form is None:
        action_form = forms.ConcernActionForm(formdata=None, version=str(report.latest_version))
    return render_template(
        "monitoring_reports/report.html",
        report=report,
        rules=rules,
        side="inspectorate",
        form=action_form if may_act else None,
        may_act=may_act,
        owners=ownership.responsible_inspectors(report.setting),
        concerns=concerns,
        events=history.events(report, True),
        changes=history.changes_by_version(report),
        **contributions.gather(history.VISIT_REPORT_PAGE, report=report, user=current_user),
    )


@bp.route("/visit-reports/<int:report_id>")
@roles_required(*INSPECTORATE)
def report(report_id: int):
    return _report_page(get_monitoring_report_or_404(current_user, report_id))


@bp.route("/visit-reports/<int:report_id>/concern-actions", methods=["POST"])
@roles_required(*INSPECTORATE)
def concern_action(report_id: int):
    """R-MON-3: only the alert's owner (the setting's lead inspector) or a manager records what was
    done; anyone else is refused and nothing changes."""
    report = get_monitoring_report_or_404(current_user, report_id)
    if not concerns.may_act(current_user, report):
        why = (
            "Only the setting's lead inspector, or an inspectorate manager, can record what was done about "
            "this serious concern."
        )
        return render_template(
            "monitoring_reports/refused.html", report=report, why=why, back=url_for(".report", report_id=report.id)
        ), 403
    if not concerns.ever_alerted(report):
        abort(404)
    form = forms.ConcernActionForm()
    version = _version_number(form.version.data, report.latest_version)
    if form.validate_on_submit():
        concerns.record_action(report, version, form.kind.data, form.note.data, current_user, clock.now())
        flash("What you did about the serious concern is recorded.", "success")
        return redirect(url_for(".report", report_id=report.id))
    return _report_page(report, form)


def _version_number(text: str | None, latest: int) -> int:
    """The version the inspector saw when acting; anything else posted means the latest."""
    if text and text.isascii() and text.isdigit() and 1 <= int(text) <= latest:
        return int(text)
    return latest


@bp.route("/visit-reports/<int:report_id>/versions/<int:number>/document")
@roles_required(*INSPECTORATE)
def document(report_id: int, number: int):
    return document_response(get_monitoring_report_or_404(current_user, report_id), number)


@bp.route("/visit-reports/<int:report_id>/versions/<int:number>/receipt.pdf")
@roles_required(*INSPECTORATE)
def receipt(report_id: int, number: int):
    return receipt_response(get_monitoring_report_or_404(current_user, report_id), number)
