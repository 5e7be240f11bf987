"""The inspectorate sends the report: the draft issued, the comment window extended (a manager),
each comment answered with its evidence at hand, and the final report sent (R-DR-1..5, R-TL-2..3)."""

from flask import abort, flash, url_for
from flask_login import current_user

from portal.accounts.roles import Role
from portal.core import clock, contributions, downloads
from portal.core.access import roles_required
from portal.core.formatting import deadline, uk_date
from portal.inspection_reports import final_changes, rules, sending, services
from portal.inspection_reports.forms import inspectorate as forms
from portal.inspection_reports.views.inspectorate import INSPECTORATE, bp, load_report, page, run, to_overview
from portal.inspections import timeline


@bp.route("/<int:inspection_id>/report/issue", methods=["GET", "POST"])
@roles_required(*INSPECTORATE)
def issue(inspection_id: int):
    now = clock.now()
    inspection, report = load_report(inspection_id)
    if report is None:
        return to_overview(inspection)
    form = forms.IssueForm()
    problems, allowed = [], report.status == rules.DRAFTING
    if allowed and form.validate_on_submit():
        done, problems = run(
            form, lambda: sending.issue_draft(report, form.reasons.data, current_user, now), anchor="#blocking"
        )
        if done:
            flash(
                f"The draft report has been sent to the provider. They can comment until "
                f"{deadline(inspection.comment_window_ends_at)}.",
                "success",
            )
            return to_overview(inspection)
    changed = sending.changed_judgements(report) if allowed else {}
    return page(
        "inspectorate_issue.html",
        inspection,
        report,
        form=form,
        problems=problems,
        allowed=allowed,
        blocking=[message for _field, message in sending.issue_problems(report)] if allowed else [],
        changed=changed,
        areas=services.report_areas(report),
        window_ends=timeline.comment_deadline(now),
    )


@bp.route("/<int:inspection_id>/report/extend", methods=["GET", "POST"])
@roles_required(Role.INSPECTORATE_MANAGER)
def extend(inspection_id: int):
    inspection, report = load_report(inspection_id)
    if report is None:
        return to_overview(inspection)
    form = forms.ExtendForm()
    returned = report.comment_return
    allowed = report.status == rules.DRAFT_ISSUED and returned is not None and returned.status == rules.OPEN
    problems = []
    if allowed and form.validate_on_submit():
        done, problems = run(
            form,
            lambda: sending.extend_window(report, form.last_day.data, form.reason.data, current_user, clock.now()),
        )
        if done:
            flash(f"The provider can now comment until {deadline(inspection.comment_window_ends_at)}.", "success")
            return to_overview(inspection)
    return page("inspectorate_extend.html", inspection, report, form=form, problems=problems, allowed=allowed)


def _sent_comment(report, comment_id: int):
    """A comment the provider has sent on this report; drafts still being written stay private."""
    returned = report.comment_return if report is not None else None
    comment = next((c for c in report.comments if c.id == comment_id), None) if report is not None else None
    if comment is None or returned is None or returned.status != rules.SUBMITTED:
        abort(404)
    return comment


@bp.route("/<int:inspection_id>/report/comments/<int:comment_id>/respond", methods=["GET", "POST"])
@roles_required(*INSPECTORATE)
def respond(inspection_id: int, comment_id: int):
    inspection, report = load_report(inspection_id)
    comment = _sent_comment(report, comment_id)
    form = forms.ResponseForm()
    if not form.is_submitted():
        form.response.data, form.reason.data = comment.response, comment.response_reason
        form.paragraphs.data = ", ".join(str(n) for n in comment.amended_paragraphs or [])
    problems, allowed = [], report.status == rules.DRAFT_ISSUED
    if allowed and form.validate_on_submit():
        done, problems = run(
            form,
            lambda: sending.respond(
                comment,
                form.response.data,
                form.reason.data,
                current_user,
                clock.now(),
                paragraphs=rules.paragraph_list(form.paragraphs.data),
            ),
        )
        if done:
            flash(f"Your response to the comment on paragraph {comment.paragraph_number} is saved.", "success")
            return to_overview(inspection)
    paragraph = next((p for p in report.draft["paragraphs"] if p["number"] == comment.paragraph_number), None)
    return page(
        "inspectorate_respond.html",
        inspection,
        report,
        form=form,
        comment=comment,
        paragraph=paragraph,
        problems=problems,
        allowed=allowed,
        amended_so_far=sorted(final_changes.amendments(report)),
        amended_rows=final_changes.amended_rows(report, comment),
    )


@bp.route("/<int:inspection_id>/report/comments/<int:comment_id>/evidence/<int:file_id>")
@roles_required(*INSPECTORATE)
def evidence(inspection_id: int, comment_id: int, file_id: int):
    _inspection, report = load_report(inspection_id)
    comment = _sent_comment(report, comment_id)
    item = next((e for e in comment.evidence if e.file_id == file_id), None)
    if item is None:
        abort(404)
    return downloads.stored_file(item.file)


FINAL_PAGE = "inspectorate_send_final_page"  # what goes with the final report (summaries contribute)
SUMMARY_PROBLEMS = ("Write the child-friendly summary", "Finish the child-friendly summary")  # summaries.services


def _blocking(inspection, report, now) -> list[dict]:
    """Every reason the final report cannot be sent yet, each linked to where it is put right."""
    links = {
        message: url_for(".respond", inspection_id=inspection.id, comment_id=comment.id)
        for comment, message in final_changes.unmatched_responses(report)
    }
    summary = url_for("summaries_inspectorate.edit", inspection_id=inspection.id)
    return [
        {
            "text": message,
            "href": links.get(message) or (summary if message.startswith(SUMMARY_PROBLEMS) else None),
        }
        for message in sending.final_problems(report, now)
    ]


@bp.route("/<int:inspection_id>/report/final", methods=["GET", "POST"])
@roles_required(*INSPECTORATE)
def final(inspection_id: int):
    now = clock.now()
    inspection, report = load_report(inspection_id)
    if report is None:
        return to_overview(inspection)
    form = forms.FinalForm()
    problems = []
    if form.validate_on_submit():
        done, problems = run(
            form, lambda: sending.send_final(report, current_user, now, form.reasons.data), anchor="#blocking"
        )
        if done:
            flash(
                f"The final report has been sent. It will be published on {uk_date(timeline.publication_day(now))}.",
                "success",
            )
            return to_overview(inspection)
    blocking = _blocking(inspection, report, now)
    if problems and blocking:  # refused: every reason in the error summary, linked (R-DR-4)
        problems = [{"text": item["text"], "href": item["href"] or "#blocking"} for item in blocking]
    returned = report.comment_return
    answered = sum(1 for c in report.comments if c.response) if returned and returned.status == rules.SUBMITTED else 0
    changed = final_changes.changed_judgements(report) if report.status == rules.DRAFT_ISSUED else {}
    return page(
        "inspectorate_final.html",
        inspection,
        report,
        form=form,
        problems=problems,
        blocking=blocking,
        answered=answered,
        publication_day=timeline.publication_day(now),
        changed=final_changes.judgement_rows(report, changed),
        **contributions.gather(FINAL_PAGE, inspection=inspection),
    )
