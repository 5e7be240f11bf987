"""The provider's side of the draft: comments drafted by the setting's staff and one return sent by
the responsible individual or their delegate (R-DR-1..3). The server enforces the window."""

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.core import audit, evidence, outbox, references
from portal.core.formatting import deadline as deadline_text
from portal.core.links import absolute_url
from portal.extensions import db
from portal.inspection_reports import receipts, rules
from portal.inspection_reports.models import CommentEvidence, CommentReturn, DraftComment, InspectionReport
from portal.inspection_reports.services import ReportError
from portal.providers.rules import accountable_title


def window_open(report: InspectionReport, now: datetime) -> bool:
    return now < report.inspection.comment_window_ends_at


def closed_message(report: InspectionReport) -> str:
    return (
        f"The time to comment on this draft ended at {deadline_text(report.inspection.comment_window_ends_at)}. "
        f"Nothing more can be added, changed or sent."
    )


def _check_open(report: InspectionReport, now: datetime, locked: CommentReturn) -> None:
    """R-DR-3: refuse anything after the window, or after the return was sent."""
    if report.status != rules.DRAFT_ISSUED:
        raise ReportError("This draft is no longer open for comments")
    if locked.status != rules.OPEN:
        raise ReportError(
            f"Your comments were already sent ({locked.reference or 'no comments'}): "
            f"nothing more can be added or changed"
        )
    if not window_open(report, now):
        raise ReportError(closed_message(report))


def _lock_return(report: InspectionReport) -> CommentReturn:
    """Take the return's row lock, so a comment cannot slip in while the return is being sent."""
    return db.session.scalar(
        select(CommentReturn)
        .where(CommentReturn.report_id == report.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )


def comment_for_key(report: InspectionReport, key: str) -> DraftComment | None:
    return db.session.scalar(
        select(DraftComment).where(DraftComment.client_key == key, DraftComment.report_id == report.id)
    )


def save_comment(
    report: InspectionReport,
    key: str,
    paragraph_number: int,
    kind: str,
    text: str,
    proposed_wording: str | None,
    files: list,
    actor: User,
    now: datetime,
) -> DraftComment:
    """Add or update the comment with this form ``key`` (so autosave and retries make one comment).

    Evidence files are checked by content; a rejected file stores nothing at all.
    """
    locked = _lock_return(report)
    try:
        _check_open(report, now, locked)
        if paragraph_number not in rules.paragraph_numbers(report.draft):
            raise ReportError("Select a paragraph of the draft report", "paragraph")
        if kind not in rules.COMMENT_KINDS:
            raise ReportError("Select what kind of comment this is", "kind")
        text = (text or "").strip()
        if not text:
            raise ReportError("Enter your comment", "text")
        if len(text) > rules.TEXT_MAX:
            raise ReportError(f"Comment must be {rules.TEXT_MAX:,} characters or fewer", "text")
        proposed_wording = (proposed_wording or "").strip() or None
        if proposed_wording and len(proposed_wording) > rules.TEXT_MAX:
            raise ReportError(f"Proposed wording must be {rules.TEXT_MAX:,} characters or fewer", "proposed_wording")
        comment = comment_for_key(report, key)
        if comment is None and db.session.scalar(select(DraftComment.id).where(DraftComment.client_key == key)):
            raise ReportError("Reload the page and enter your comment again", "text")
        existing = len(comment.evidence) if comment else 0
        too_many = f"Select {evidence.MAX_FILES} evidence files or fewer"
        stored = evidence.receive(files, existing, now, ReportError, too_many)
        before = None
        if comment is None:
            comment = DraftComment(report_id=report.id, client_key=key, created_by_id=actor.id, created_at=now)
            db.session.add(comment)
        else:
            before = {"paragraph": comment.paragraph_number, "kind": comment.kind, "text": comment.text}
        comment.paragraph_number, comment.kind, comment.text = paragraph_number, kind, text
        comment.proposed_wording = proposed_wording
        comment.updated_by_id, comment.updated_at = actor.id, now
        comment.evidence.extend(CommentEvidence(file_id=record.id) for record in stored)
        locked.changed_at = now
        db.session.flush()
        audit.record(
            actor,
            "draft_comment_saved",
            comment,
            now,
            before=before,
            after={
                "paragraph": paragraph_number,
                "kind": kind,
                "text": text,
                "evidence": [record.sha256 for record in stored],
            },
        )
        db.session.commit()
    except StaleDataError:
        _lost_race(report, now)
    except BaseException:
        db.session.rollback()
        raise
    return comment


def _lost_race(report: InspectionReport, now: datetime):
    """The return changed while this change was made (it was sent, or another comment was saved):
    nothing of this change is kept, and the user is told why."""
    db.session.rollback()
    _check_open(report, now, _lock_return(report))
    db.session.rollback()
    raise ReportError("Someone else changed these comments at the same moment: nothing was saved. Try again")


def delete_comment(comment: DraftComment, actor: User, now: datetime) -> None:
    report = comment.report
    locked = _lock_return(report)
    try:
        _check_open(report, now, locked)
        audit.record(
            actor,
            "draft_comment_deleted",
            comment,
            now,
            before={"paragraph": comment.paragraph_number, "text": comment.text},
        )
        db.session.delete(comment)
        locked.changed_at = now
        db.session.commit()
    except StaleDataError:
        _lost_race(report, now)
    except BaseException:
        db.session.rollback()
        raise


def may_submit(user: User) -> bool:
    """R-DR-2: the responsible individual, or someone they have delegated it to."""
    return user.role == Role.RESPONSIBLE_INDIVIDUAL or (
        user.role == Role.REGISTERED_MANAGER and user.submits_draft_comments
    )


def submit_return(report: InspectionReport, no_comments: bool, actor: User, now: datetime) -> CommentReturn:
    """Send every comment as one return, or confirm there are none: wholly or not at all.

    Two submissions racing (a double click, two browsers) make one return: the row lock and the
    return's version let only one through, and the others are shown the receipt it made. A send
    that lost a race with a comment being saved starts again, so that comment goes with it.
    """
    if not may_submit(actor):
        raise ReportError(
            f"Only the {accountable_title(report.inspection.setting.setting_type)}, or someone they "
            "have delegated, can send the comments"
        )  # R-ROLE-2: an STC's director
    for attempt in range(3):
        try:
            return _submit(report, no_comments, actor, now)
        except (StaleDataError, IntegrityError):
            db.session.rollback()
            if attempt == 2:
                raise
        except BaseException:
            db.session.rollback()
            raise


def _submit(report: InspectionReport, no_comments: bool, actor: User, now: datetime) -> CommentReturn:
    locked = _lock_return(report)
    if locked.status != rules.OPEN:
        db.session.rollback()
        return locked
    _check_open(report, now, locked)
    comments = list(db.session.scalars(select(DraftComment).where(DraftComment.report_id == report.id)))
    count = len(comments)
    if no_comments and count:
        raise ReportError(
            f"You have {count} comment{'s' if count != 1 else ''} drafted: delete "
            f"{'them' if count != 1 else 'it'}, or send {'them' if count != 1 else 'it'}",
            "confirm",
        )
    if not no_comments and not count:
        raise ReportError("Add at least one comment, or confirm that you have no comments", "confirm")
    rules.RETURN_STATES.move(locked, rules.NO_COMMENTS if no_comments else rules.SUBMITTED)
    locked.reference, locked.submitted_at, locked.submitted_by_id = references.new_reference("DR-"), now, actor.id
    inspection = report.inspection
    inspection.comments_received_at = now
    audit.record(
        actor,
        "draft_comments_sent",
        locked,
        now,
        after={"reference": locked.reference, "status": locked.status, "comments": sorted(c.id for c in comments)},
    )
    lead = inspection.lead_inspector
    what = "confirmed it has no comments" if no_comments else f"sent {count} comment{'s' if count != 1 else ''}"
    outbox.queue(
        lead,
        f"Comments on the draft report: {inspection.setting.name}",
        f"{inspection.setting.provider.name} has {what} on the draft report of "
        f"{inspection.setting.name} ({inspection.setting.urn}). Reference {locked.reference}.\n\n"
        f"{absolute_url('inspection_reports_inspectorate.overview', inspection_id=inspection.id)}\n",
        now,
        related=report,
    )
    receipts.confirm(report, locked, actor, now)
    db.session.commit()
    return locked


def provider_managers(provider_id: int) -> list[User]:
    """The provider's active registered managers, who may be delegated to send the return."""
    return list(
        db.session.scalars(
            select(User)
            .where(User.provider_id == provider_id, User.role == Role.REGISTERED_MANAGER.value, User.active.is_(True))
            .order_by(User.name)
        )
    )


def set_delegates(provider_id: int, user_ids: set[int], actor: User, now: datetime) -> list[User]:
    """R-DR-2: the responsible individual chooses which registered managers may send the return.

    Only the provider's own registered managers are touched; ids of anyone else change nothing.
    """
    if actor.role != Role.RESPONSIBLE_INDIVIDUAL or actor.provider_id != provider_id:
        raise ReportError("Only a responsible individual of the provider can choose who sends the comments")
    managers = list(
        db.session.scalars(
            select(User)
            .where(User.provider_id == provider_id, User.role == Role.REGISTERED_MANAGER.value)
            .order_by(User.id)
        )
    )
    before = sorted(m.id for m in managers if m.submits_draft_comments)
    for manager in managers:
        manager.submits_draft_comments = manager.active and manager.id in user_ids
    after = sorted(m.id for m in managers if m.submits_draft_comments)
    audit.record(
        actor,
        "draft_comment_delegates_set",
        actor.provider,
        now,
        before={"delegates": before},
        after={"delegates": after},
    )
    db.session.commit()
    return [m for m in managers if m.submits_draft_comments]
