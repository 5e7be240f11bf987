"""The provider's side of the draft report: read it, comment, send one return, read the final.

Comment pages are in ``views.comments``; they share this blueprint.
"""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.accounts.roles import Role
from portal.core import clock, contributions, downloads
from portal.core.access import roles_required
from portal.core.forms import show_refusal
from portal.core.workdays import last_day
from portal.inspection_reports import comments, final_changes, receipts, rules, services
from portal.inspection_reports.forms import provider as forms
from portal.inspection_reports.services import ReportError
from portal.inspections import rules as inspection_rules
from portal.inspections.access import get_inspection_or_404
from portal.inspections.timeline import publication_day
from portal.providers.rules import accountable_title

# What the provider's page of the draft shows from the capabilities built on reports (core.contributions):
# complaints that hold the final report (R-CMP-2).
PROVIDER_DRAFT_PAGE = "provider_draft_report_page"
bp = Blueprint("inspection_reports_provider", __name__, url_prefix="/inspections")
delegates_bp = Blueprint("inspection_reports_delegates", __name__)
STAFF = (Role.REGISTERED_MANAGER, Role.RESPONSIBLE_INDIVIDUAL)


def issued_report(inspection):
    """The report whose draft was sent to the provider; anything earlier is not theirs to see (R-DR-5)."""
    report = services.report_of(inspection)
    if report is None or report.draft is None:
        abort(404)
    return report


def comment_or_404(report, comment_id: int):
    comment = next((c for c in report.comments if c.id == comment_id), None)
    if comment is None:
        abort(404)
    return comment


def by_paragraph(report) -> dict[int, list]:
    grouped: dict[int, list] = {}
    for comment in report.comments:
        grouped.setdefault(comment.paragraph_number, []).append(comment)
    return grouped


def state(report, now) -> dict:
    """What every provider page about the draft needs to know about the window and the return."""
    returned = report.comment_return
    is_open = (
        report.status == rules.DRAFT_ISSUED and returned.status == rules.OPEN and comments.window_open(report, now)
    )
    ends = report.inspection.comment_window_ends_at
    return {
        "returned": returned,
        "is_open": is_open,
        "sent": returned.status != rules.OPEN,
        "closed": returned.status == rules.OPEN and not comments.window_open(report, now),
        "closed_message": comments.closed_message(report),
        "ends": ends,
        "last_day": last_day(ends),
        "ends_iso": clock.as_utc(ends).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "today": clock.today_uk(now),
        "may_submit": comments.may_submit(current_user),
    }


def changed_judgements(report) -> list[dict]:
    """R-INSP-2: the areas whose judgement in the draft differs from the one given at feedback."""
    inspection = report.inspection
    setting_type = inspection.setting.type_enum
    labels = inspection_rules.judgement_areas(setting_type, inspection_rules.FULL) | services.areas_of(inspection)
    changed = rules.changed_judgements(inspection.provisional(), report.draft["judgements"])
    return [
        {
            "area": labels.get(area, area),
            "before": inspection_rules.grade_label(before, setting_type) if before else "None given",
            "after": inspection_rules.grade_label(after, setting_type),
        }
        for area, (before, after) in changed.items()
    ]


@bp.route("/<int:inspection_id>/report")
@roles_required(*STAFF)
def draft(inspection_id: int):
    now = clock.now()
    inspection = get_inspection_or_404(current_user, inspection_id)
    report = services.report_of(inspection)
    if report is None or report.draft is None:
        return render_template("inspection_reports/provider_not_sent.html", inspection=inspection)
    context = {
        "inspection": inspection,
        "report": report,
        "rules": rules,
        "by_paragraph": by_paragraph(report),
        "snippet": forms.snippet,
        **state(report, now),
    }
    if report.final is not None:
        # Issue 14: judgements changed since the draft, with the reasons, and the paragraphs each
        # response amends; for the provider only, never in the published report.
        changed = final_changes.changed_judgements(report) if report.final_judgement_change_reasons else {}
        return render_template(
            "inspection_reports/provider_final.html",
            sections=rules.sections_of(report.final),
            changes=rules.changes(report.draft, report.final),
            final_changed=final_changes.judgement_rows(report, changed),
            amended={c.id: final_changes.amended_rows(report, c) for c in report.comments},
            publication_day=publication_day(inspection.final_sent_at),
            **context,
        )
    return render_template(
        "inspection_reports/provider_draft.html",
        sections=rules.sections_of(report.draft),
        changed=changed_judgements(report) if report.judgement_change_reasons else [],
        **contributions.gather(PROVIDER_DRAFT_PAGE, inspection=inspection),
        **context,
    )


@bp.route("/<int:inspection_id>/report/send", methods=["GET", "POST"])
@roles_required(*STAFF)
def send(inspection_id: int):
    now = clock.now()
    inspection = get_inspection_or_404(current_user, inspection_id)
    report = issued_report(inspection)
    form = forms.SendForm()
    problems: list = []
    # Someone who may not send is told so by the use case, whatever the form holds (R-DR-2).
    if form.is_submitted() and (not comments.may_submit(current_user) or form.validate()):
        try:
            comments.submit_return(report, form.no_comments, current_user, now)
        except ReportError as error:
            show_refusal(error, None, problems, field=form.confirm_field() if error.field == "confirm" else None)
        else:
            return redirect(url_for(".sent", inspection_id=inspection.id))
    return render_template(
        "inspection_reports/provider_send.html",
        inspection=inspection,
        report=report,
        form=form,
        problems=problems,
        rules=rules,
        **state(report, now),
    )


@bp.route("/<int:inspection_id>/report/sent")
@roles_required(*STAFF)
def sent(inspection_id: int):
    inspection = get_inspection_or_404(current_user, inspection_id)
    report = issued_report(inspection)
    if report.comment_return.status == rules.OPEN:
        return redirect(url_for(".draft", inspection_id=inspection.id))
    return render_template(
        "inspection_reports/provider_sent.html",
        inspection=inspection,
        report=report,
        returned=report.comment_return,
        rules=rules,
        accountable=accountable_title(inspection.setting.setting_type),
    )


@bp.route("/<int:inspection_id>/report/receipt.pdf")
@roles_required(*STAFF)
def receipt(inspection_id: int):
    """The receipt of the return, once it has been sent (none before: 404)."""
    inspection = get_inspection_or_404(current_user, inspection_id)
    report = issued_report(inspection)
    if report.comment_return is None or report.comment_return.status == rules.OPEN:
        abort(404)
    reference = report.comment_return.reference
    return downloads.generated(receipts.receipt(report), "application/pdf", f"receipt-{reference}.pdf")


@bp.route("/<int:inspection_id>/report/comments/<int:comment_id>/evidence/<int:file_id>")
@roles_required(*STAFF)
def evidence(inspection_id: int, comment_id: int, file_id: int):
    inspection = get_inspection_or_404(current_user, inspection_id)
    comment = comment_or_404(issued_report(inspection), comment_id)
    attached = next((e.file for e in comment.evidence if e.file_id == file_id), None)
    if attached is None:
        abort(404)
    return downloads.stored_file(attached)


@delegates_bp.route("/provider/draft-report-delegates", methods=["GET", "POST"])
@roles_required(Role.RESPONSIBLE_INDIVIDUAL)
def delegates():
    """R-DR-2: the responsible individual lets registered managers send the comments."""
    now = clock.now()
    managers = comments.provider_managers(current_user.provider_id)
    form = forms.DelegatesForm(managers=managers)
    if not form.is_submitted():
        form.managers.data = [str(m.id) for m in managers if m.submits_draft_comments]
    problems: list = []
    if form.validate_on_submit():
        try:
            comments.set_delegates(
                current_user.provider_id, {int(i) for i in form.managers.data or []}, current_user, now
            )
        except ReportError as error:
            show_refusal(error, form, problems)
        else:
            flash("Saved who can send comments on draft reports", "success")
            return redirect(url_for(".delegates"))
    return render_template(
        "inspection_reports/provider_delegates.html",
        form=form,
        managers=managers,
        problems=problems,
        back=request.args.get("inspection", type=int),
    )
