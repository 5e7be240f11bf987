"""The report leaves the inspector: the draft issued to the provider, its comment window extended,
each comment answered and the final report sent (R-INSP-2, R-DR-1..5, R-TL-2, R-TL-3, R-CMP-2)."""

from datetime import date, datetime

from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.core import audit, outbox
from portal.core.formatting import deadline as deadline_text, uk_date
from portal.core.links import absolute_url
from portal.core.workdays import end_of_day, is_working_day, last_day
from portal.extensions import db
from portal.inspection_reports import final_changes, final_checks, final_sent, quality, rules
from portal.inspection_reports.models import CommentReturn, DraftComment, InspectionReport, WindowExtension
from portal.inspection_reports.services import ReportError, template_of
from portal.inspections import rules as inspection_rules, services as inspection_services
from portal.inspections.models import Inspection
from portal.inspections.timeline import publication_day, publication_instant
from portal.providers.people import responsible_people
from portal.providers.rules import accountable_title


def changed_judgements(report: InspectionReport) -> dict[str, tuple[str, str]]:
    """R-INSP-2 (and R-JUDGE-5: a monitoring visit's new judgement against what feedback said)."""
    return rules.changed_judgements(report.inspection.provisional(), report.content["judgements"])


def issue_problems(report: InspectionReport) -> list[tuple[str, str]]:
    """What stops the draft being issued, as (field, message) pairs."""
    inspection = report.inspection
    problems = [
        ("report", f"Write the section '{section.title}'")
        for section in rules.missing_sections(report.content, template_of(inspection))
    ]
    if inspection.status != inspection_rules.ENDED:
        problems.append(("report", "The end of the inspection must be recorded before the draft is issued"))
    problems += [("report", problem) for problem in quality.draft_problems(report)]  # R-QA-1, R-QA-2
    return problems


def issue_draft(report: InspectionReport, reasons: str | None, actor: User, now: datetime) -> None:
    """Send the draft: freeze it, open the window of R-TL-2 and tell the provider.

    R-INSP-2: when any judgement differs from the one given at feedback, the draft cannot be
    sent without the reasons, which the provider sees before the draft itself.
    """
    if report.status != rules.DRAFTING:
        raise ReportError("The draft has already been issued")
    problems = issue_problems(report)
    if problems:
        raise ReportError(problems[0][1], problems[0][0])
    changed = changed_judgements(report)
    reasons = (reasons or "").strip()
    if changed and not reasons:
        raise ReportError("Enter the reasons why the judgements differ from those given at feedback", "reasons")
    inspection = report.inspection
    rules.REPORT_STATES.move(report, rules.DRAFT_ISSUED)
    report.judgement_change_reasons = reasons if changed else None
    report.draft = rules.snapshot(report.content, template_of(inspection), now)
    report.issued_by_id = actor.id
    inspection_services.record_draft_sent(inspection, now)
    db.session.add(CommentReturn(report=report, status=rules.OPEN))
    audit.record(
        actor,
        "draft_issued",
        report,
        now,
        after={"window_ends_at": inspection.comment_window_ends_at.isoformat(), "changed_judgements": sorted(changed)},
    )
    tell_provider(
        inspection,
        f"Draft inspection report: {inspection.setting.name}",
        f"The draft report of the inspection of {inspection.setting.name} ({inspection.setting.urn}) is "
        f"ready for you to check.\n\n"
        + (
            "Some judgements differ from those given at feedback; the reasons are shown with the draft.\n\n"
            if changed
            else ""
        )
        + f"You can comment on it, or tell us you have no comments, until "
        f"{deadline_text(inspection.comment_window_ends_at)}. Your "
        f"{accountable_title(inspection.setting.setting_type)}, or someone they have delegated, "
        f"sends the comments.\n\n"
        f"Read the draft: {absolute_url('inspection_reports_provider.draft', inspection_id=inspection.id)}\n",
        now,
        report,
    )
    db.session.commit()


def tell_provider(inspection: Inspection, subject: str, body: str, now: datetime, related) -> None:
    """The setting's registered managers and the provider's responsible individuals."""
    for person in responsible_people(inspection.setting, include_visitors=False):
        outbox.queue(person, subject, body, now, related=related)


def extend_window(
    report: InspectionReport, last_day_of_window: date, reason: str, actor: User, now: datetime
) -> WindowExtension:
    """R-DR-3: the inspectorate may extend the window in exceptional circumstances, with a reason;
    extensions are an inspectorate manager's decision (DOMAIN.md §1). The new last day is a
    working day (R-WD-1), as every window the portal works out ends on one (R-TL-2)."""
    if actor.role != Role.INSPECTORATE_MANAGER:
        raise ReportError("Only an inspectorate manager can extend the window")
    inspection = report.inspection
    if report.status != rules.DRAFT_ISSUED or report.comment_return.status != rules.OPEN:
        raise ReportError("The window can only be extended while the provider's return is not yet sent")
    current_end = inspection.comment_window_ends_at
    if last_day_of_window <= last_day(current_end):
        raise ReportError(f"The new last day must be after {uk_date(last_day(current_end))}", "last_day")
    if not is_working_day(last_day_of_window):
        why = "at a weekend" if last_day_of_window.weekday() >= 5 else "a bank holiday in England"
        raise ReportError(f"The new last day must be a working day: {uk_date(last_day_of_window)} is {why}", "last_day")
    new_end = end_of_day(last_day_of_window)
    if new_end <= now:
        raise ReportError("The new last day must be today or in the future", "last_day")
    extension = WindowExtension(
        report_id=report.id,
        previous_end=current_end,
        new_end=new_end,
        reason=reason.strip(),
        extended_by_id=actor.id,
        extended_at=now,
    )
    db.session.add(extension)
    inspection.comment_window_ends_at = new_end
    audit.record(
        actor,
        "comment_window_extended",
        report,
        now,
        before={"ends_at": current_end.isoformat()},
        after={"ends_at": new_end.isoformat(), "reason": extension.reason},
    )
    tell_provider(
        inspection,
        f"More time to comment on the draft report: {inspection.setting.name}",
        f"The inspectorate has extended the time to comment on the draft report of "
        f"{inspection.setting.name}. You can now comment until {deadline_text(new_end)}.\n\n"
        f"Reason: {extension.reason}\n",
        now,
        report,
    )
    db.session.commit()
    return extension


def respond(
    comment: DraftComment, response: str, reason: str, actor: User, now: datetime, paragraphs: list[int] | None = None
) -> None:
    """R-DR-4: the inspectorate answers each comment the provider sent, with a reason; "accepted
    and amended" and "partly accepted" name the draft's paragraphs the final report amends."""
    report = comment.report
    if report.status != rules.DRAFT_ISSUED or report.comment_return.status != rules.SUBMITTED:
        raise ReportError("Comments can be answered once the provider has sent them, until the final report is sent")
    if response not in rules.RESPONSES:
        raise ReportError("Select your response to the comment", "response")
    numbers = sorted(set(paragraphs or []))
    problem = final_changes.paragraphs_problem(report, response, numbers)
    if problem:
        raise ReportError(problem, "paragraphs")
    reason = (reason or "").strip()
    if not reason:
        raise ReportError("Enter the reason for your response", "reason")
    before = {"response": comment.response, "reason": comment.response_reason, "paragraphs": comment.amended_paragraphs}
    comment.response, comment.response_reason = response, reason
    comment.amended_paragraphs = numbers or None
    comment.responded_by_id, comment.responded_at = actor.id, now
    audit.record(
        actor,
        "comment_answered",
        comment,
        now,
        before=before,
        after={"response": response, "reason": reason, "paragraphs": numbers or None},
    )
    db.session.commit()


def final_problems(report: InspectionReport, now: datetime) -> list[str]:
    """What stops the final report being sent (R-DR-3, R-DR-4, R-CMP-2, R-CFS-1)."""
    inspection = report.inspection
    problems = []
    if report.status != rules.DRAFT_ISSUED:
        return [
            "The draft report has not been issued"
            if report.status == rules.DRAFTING
            else "The final report has already been sent"
        ]
    returned = report.comment_return.status
    if returned == rules.OPEN and now < inspection.comment_window_ends_at:
        problems.append(f"The provider can comment until {deadline_text(inspection.comment_window_ends_at)}")
    if returned == rules.SUBMITTED:
        unanswered = [c for c in report.comments if c.response is None]
        if unanswered:
            problems.append(f"Answer every comment: {len(unanswered)} not answered yet")
        problems += [message for _comment, message in final_changes.unmatched_responses(report)]  # R-DR-4
    problems += final_checks.problems(inspection)  # R-CMP-2, R-CFS-1..2
    problems += [
        f"Write the section '{s.title}'" for s in rules.missing_sections(report.content, template_of(inspection))
    ]
    errors = inspection_rules.judgement_errors(
        report.content["judgements"], inspection.setting.type_enum, inspection.inspection_type
    )
    problems += list(errors.values())
    problems += quality.final_problems(report)  # R-QA-2
    return problems


class FinalRefused(ReportError):
    """The final report cannot be sent: every reason, for the error summary."""

    def __init__(self, problems: list[str]):
        super().__init__(problems[0])
        self.problems = problems


def send_final(report: InspectionReport, actor: User, now: datetime, reasons: str | None = None) -> None:
    """Freeze the final report, set its publication (R-TL-3) and send it with every response.

    A judgement that differs from the draft as sent needs the reasons, kept with the final report
    and shown to the provider with it (issue 14, as R-INSP-2 for feedback → draft).
    """
    problems = final_problems(report, now)
    if problems:
        raise FinalRefused(problems)
    changed = final_changes.changed_judgements(report)
    reasons = (reasons or "").strip()
    if changed and not reasons:
        raise ReportError("Enter the reasons why the judgements differ from those in the draft report", "reasons")
    if len(reasons) > rules.TEXT_MAX:
        raise ReportError(f"Reasons must be {rules.TEXT_MAX:,} characters or fewer", "reasons")
    inspection = report.inspection
    rules.REPORT_STATES.move(report, rules.FINAL_SENT)
    report.final = rules.snapshot(report.content, template_of(inspection), now)
    report.final_judgement_change_reasons = reasons if changed else None
    report.final_sent_by_id = actor.id
    report.publish_at = publication_instant(now)
    inspection_services.record_final_sent(inspection, now)
    final_sent.run(report, now)  # R-REQ-1: its requirements become tracked items
    audit.record(
        actor,
        "final_report_sent",
        report,
        now,
        after={
            "publish_at": report.publish_at.isoformat(),
            "changed_judgements": sorted(changed),
            "reasons": report.final_judgement_change_reasons,
        },
    )
    tell_provider(
        inspection,
        f"Final inspection report: {inspection.setting.name}",
        f"The final report of the inspection of {inspection.setting.name} ({inspection.setting.urn}) has "
        f"been sent, with the inspectorate's response to each of your comments.\n\n"
        + (
            "Some judgements differ from those in the draft; the reasons are shown with the final report.\n\n"
            if changed
            else ""
        )
        + f"It will be published on {uk_date(publication_day(now))} "
        f"and is confidential until then.\n\n"
        f"Read it: {absolute_url('inspection_reports_provider.draft', inspection_id=inspection.id)}\n",
        now,
        report,
    )
    db.session.commit()
