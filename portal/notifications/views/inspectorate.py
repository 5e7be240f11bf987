"""The inspectorate's side: the queue of notifications, each one read and triaged, and a setting's
notifications beside its visit reports and reviews."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.accounts.roles import Role
from portal.core import clock, contributions
from portal.core.access import roles_required
from portal.core.forms import run_use_case
from portal.core.htmx import render
from portal.inspections.views.inspectorate import OVERSIGHT_PAGE, SETTING_PAGE
from portal.monitoring_reports.access import get_monitored_setting_or_404
from portal.notifications import forms, queries, rules, services, shown
from portal.notifications.access import get_notification_or_404
from portal.notifications.services import NotificationRefused
from portal.notifications.views.files import document_response, receipt_response

bp = Blueprint("notifications_inspectorate", __name__, url_prefix="/inspectorate")
INSPECTORATE = (Role.INSPECTOR, Role.INSPECTORATE_MANAGER)


@contributions.contributes(SETTING_PAGE)
def _on_the_setting_page(setting, now) -> dict:
    """The setting's notifications over 12 months, read with its visit reports (R-NTF-1)."""
    notifications, total = queries.of_setting_this_year(setting, now)
    return {"notifications_this_year": notifications, "notifications_total": total}


@contributions.contributes(OVERSIGHT_PAGE)
def _on_the_oversight_page(setting_ids, chosen, now) -> dict:
    """R-NTF-1, R-MON-5: notifications over 12 months beside late reports, per setting shown, and
    how many of these settings' notifications wait for triage."""
    return {
        "notification_counts": queries.counts_by_setting(setting_ids, now),
        "notifications_waiting": queries.waiting_among(chosen),
    }


@bp.route("/notifications")
@roles_required(*INSPECTORATE)
def queue():
    enquiries, enquiries_total = queries.enquiries_without_outcome(current_user)
    return render(
        "notifications/queue.html",
        "notifications/_queue_results.html",
        waiting=queries.queue(current_user, request.args.get("page")),
        enquiries=enquiries,
        enquiries_total=enquiries_total,
        triaged=queries.recently_triaged(current_user),
        rules=rules,
    )


@bp.route("/settings/<int:setting_id>/notifications")
@roles_required(*INSPECTORATE)
def setting(setting_id: int):
    """Every notification of one setting, newest first, a page at a time."""
    place = get_monitored_setting_or_404(current_user, setting_id)
    return render_template(
        "notifications/inspectorate_setting.html",
        setting=place,
        page=queries.for_setting(current_user, place, request.args.get("page")),
        rules=rules,
    )


def _page(notification, form=None, problems=None, status=200):
    may_triage = services.may_triage(current_user, notification)
    if may_triage and form is None:
        form = forms.TriageForm(formdata=None, version=str(notification.latest_version))
    return render_template(
        "notifications/show.html",
        notification=notification,
        side="inspectorate",
        rules=rules,
        shown=shown,
        answers_of=shown.answers_of,
        form=form if may_triage else None,
        problems=problems or [],
        outcomes=queries.outcomes_of(notification),
    ), status


@bp.route("/notifications/<int:notification_id>")
@roles_required(*INSPECTORATE)
def show(notification_id: int):
    return _page(get_notification_or_404(current_user, notification_id))


@bp.route("/notifications/<int:notification_id>/triage", methods=["POST"])
@roles_required(*INSPECTORATE)
def triage(notification_id: int):
    notification = get_notification_or_404(current_user, notification_id)
    if not services.may_triage(current_user, notification):
        return render_template(
            "components/refused_page.html",
            why="Only the inspector it went to, the setting's lead inspector or an inspectorate manager can triage it.",
            back=url_for(".show", notification_id=notification.id),
            back_text=f"Back to notification {notification.reference}",
        ), 403
    form = forms.TriageForm()
    if not form.validate_on_submit():
        return _page(notification, form)
    version = form.version.data
    number = int(version) if version and version.isascii() and version.isdigit() and len(version) < 6 else 0
    done, problems = run_use_case(
        form,
        lambda: services.triage(notification, number, form.decision.data, form.note.data, current_user, clock.now()),
        NotificationRefused,
        "Someone else triaged this notification at the same moment. Read theirs and try again.",
    )
    if not done:
        return _page(notification, form, problems)
    flash("Your triage is recorded.", "success")
    return redirect(url_for(".show", notification_id=notification.id))


@bp.route("/notifications/<int:notification_id>/versions/<int:number>/receipt.pdf")
@roles_required(*INSPECTORATE)
def receipt(notification_id: int, number: int):
    return receipt_response(get_notification_or_404(current_user, notification_id), number)


@bp.route("/notifications/<int:notification_id>/versions/<int:number>/documents/<int:document_id>")
@roles_required(*INSPECTORATE)
def document(notification_id: int, number: int, document_id: int):
    return document_response(get_notification_or_404(current_user, notification_id), number, document_id)
