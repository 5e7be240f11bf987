"""Use cases of inspections: create (through check your answers), start, end with provisional
judgements, reschedule, withdraw when entered in error."""

import secrets
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Select, delete, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.core import audit, limits, outbox, paging
from portal.core.clock import today_uk
from portal.core.formatting import uk_date
from portal.core.links import absolute_url
from portal.core.use_cases import Refusal
from portal.extensions import db
from portal.inspections import notice, rules
from portal.inspections.access import provider_may_see, visible_inspections
from portal.inspections.models import (
    Inspection,
    InspectionTeamMember,
    PendingInspection,
    ProvisionalJudgement,
)
from portal.inspections.timeline import comment_deadline
from portal.providers.models import Setting
from portal.providers.people import responsible_people

REASON_MAX = limits.REASON_MAX
MANAGER_ONLY = "Only an inspectorate manager can withdraw an inspection"


class InspectionError(Refusal):
    """A use case refused for a reason the user can act on; ``field`` names the form field."""


class OverlapError(InspectionError):
    """A new inspection of a setting that already has an open one: ``existing`` is that one."""

    def __init__(self, message: str, existing: Inspection):
        super().__init__(message, "urn")
        self.existing = existing


@dataclass(frozen=True)
class NewInspection:
    setting: Setting
    inspection_type: str
    announced: bool
    start_date: date
    lead_inspector: User
    team: list[User]


def worklist(user: User) -> Select:
    """The open and finished inspections an inspectorate user works on (R-ROLE-1 scope), unordered
    and unloaded, for pages to count, order and cut; a withdrawn one is no longer work."""
    return visible_inspections(user).where(Inspection.status != rules.WITHDRAWN)


def worklist_page(user: User, number: int) -> paging.Page:
    """One page of the worklist, newest first, with each inspection's setting."""
    ordered = worklist(user).order_by(Inspection.start_date.desc(), Inspection.id.desc())
    return paging.paged(ordered.options(selectinload(Inspection.setting)), number)


def inspectorate_staff() -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .where(User.role.in_([Role.INSPECTOR, Role.INSPECTORATE_MANAGER]), User.active.is_(True))
            .order_by(User.name)
        )
    )


def open_inspection_overlapping(setting: Setting, start_date: date) -> Inspection | None:
    """An open inspection of ``setting`` (rules.OPEN: not withdrawn, final not sent) that has not
    ended before ``start_date``: a new one would duplicate it."""
    return db.session.scalar(
        select(Inspection)
        .where(
            Inspection.setting_id == setting.id,
            Inspection.status.in_(rules.OPEN),
            or_(Inspection.end_date.is_(None), Inspection.end_date >= start_date),
        )
        .order_by(Inspection.start_date.desc())
    )


def check_new_inspection(details: NewInspection, now: datetime) -> None:
    """Refuse what cannot be entered: a type the setting does not have (R-INSP-1), notice the
    framework does not allow (R-NOT-1), a start before it can be entered (an unannounced inspection
    is entered when it starts, an announced one the day it is announced) and a duplicate."""
    if details.inspection_type not in rules.TYPES_BY_SETTING[details.setting.type_enum]:
        raise InspectionError("Select a type of inspection that applies to this setting", "inspection_type")
    refused = notice.notice_error(details.setting.type_enum, details.inspection_type, details.announced)
    if refused:
        raise InspectionError(refused, "announced")
    too_early = notice.start_error(details.announced, details.start_date, today_uk(now))
    if too_early:
        raise InspectionError(too_early, "start_date")
    existing = open_inspection_overlapping(details.setting, details.start_date)
    if existing is not None:
        raise OverlapError(
            f"{details.setting.name} already has an open {rules.INSPECTION_TYPES[existing.inspection_type].lower()} "
            f"starting {uk_date(existing.start_date)}: use that inspection, or withdraw it if it was entered in error",
            existing,
        )


def create_inspection(
    details: NewInspection, actor: User, now: datetime, pending: PendingInspection | None = None
) -> Inspection:
    """An announced inspection starts as announced, at the time it is entered; an unannounced one
    is entered when it starts (R-NOT-1), so it is on site at once. Created from ``pending`` (the
    check-your-answers page), it carries that key, and a second confirmation finds it."""
    check_new_inspection(details, now)
    inspection = Inspection(
        setting_id=details.setting.id,
        inspection_type=details.inspection_type,
        status=rules.ANNOUNCED if details.announced else rules.ON_SITE,
        announced=details.announced,
        announced_at=now if details.announced else None,
        start_date=details.start_date,
        lead_inspector_id=details.lead_inspector.id,
        created_at=now,
        creation_key=pending.key if pending else None,
    )
    inspection.team = [
        InspectionTeamMember(user_id=member.id) for member in details.team if member.id != details.lead_inspector.id
    ]
    db.session.add(inspection)
    db.session.flush()
    flags = notice.notice_flags(
        details.setting.type_enum, details.inspection_type, inspection.announced_at, details.start_date
    )
    audit.record(
        actor,
        "inspection_created",
        inspection,
        now,
        after=_snapshot(inspection) | ({"notice_flags": flags} if flags else {}),
    )
    if pending is not None:
        db.session.execute(delete(PendingInspection).where(PendingInspection.id == pending.id))
    db.session.commit()
    return inspection


def confirm_pending(pending: PendingInspection, details: NewInspection, actor: User, now: datetime) -> Inspection:
    """Create the inspection of a check-your-answers page once, however often it is confirmed:
    the unique creation key lets only the first commit; the others find what it made."""
    key = pending.key
    try:
        return create_inspection(details, actor, now, pending)
    except IntegrityError:
        db.session.rollback()
        existing = inspection_for_key(key)
        if existing is None:
            raise
        return existing


def keep_answers(user: User, answers: dict, now: datetime, key: str | None = None) -> PendingInspection:
    """Keep the answers for the check-your-answers page; changing them keeps the same key."""
    pending = pending_for(user, key) if key else None
    if pending is None:
        pending = PendingInspection(key=secrets.token_urlsafe(24), user_id=user.id, created_at=now)
        db.session.add(pending)
    pending.answers = {name: value.isoformat() if isinstance(value, date) else value for name, value in answers.items()}
    db.session.commit()
    return pending


def pending_for(user: User, key: str) -> PendingInspection | None:
    return db.session.scalar(
        select(PendingInspection).where(PendingInspection.key == key, PendingInspection.user_id == user.id)
    )


def answers_of(pending: PendingInspection) -> dict:
    answers = dict(pending.answers)
    answers["start_date"] = date.fromisoformat(answers["start_date"])
    return answers


def inspection_for_key(key: str) -> Inspection | None:
    return db.session.scalar(select(Inspection).where(Inspection.creation_key == key))


def _snapshot(inspection: Inspection) -> dict:
    return {
        "status": inspection.status,
        "type": inspection.inspection_type,
        "setting_id": inspection.setting_id,
        "start_date": inspection.start_date.isoformat(),
        "end_date": inspection.end_date.isoformat() if inspection.end_date else None,
        "lead_inspector_id": inspection.lead_inspector_id,
        "team": sorted(member.user_id for member in inspection.team),
        "provisional": inspection.provisional(),
    }


def announced_on(inspection: Inspection) -> date | None:
    """The UK day an announced inspection was announced (R-NOT-1)."""
    return today_uk(inspection.announced_at) if inspection.announced and inspection.announced_at else None


def start_on_site(inspection: Inspection, start_date: date, actor: User, now: datetime) -> None:
    """An announced inspection, or an unannounced one rescheduled after a deferral, begins on
    site: never in the future, and after the day it was announced (R-NOT-1)."""
    refused = notice.started_error(announced_on(inspection), start_date, today_uk(now))
    if refused:
        raise InspectionError(refused, "start_date")
    before = _snapshot(inspection)
    rules.INSPECTION_STATES.move(inspection, rules.ON_SITE)
    inspection.start_date = start_date
    audit.record(actor, "inspection_started", inspection, now, before=before, after=_snapshot(inspection))
    db.session.commit()


def end_inspection(
    inspection: Inspection, end_date: date, judgements: dict[str, str], actor: User, now: datetime
) -> None:
    """Record the last day on site (the feedback day) and the provisional judgements given then."""
    if end_date < inspection.start_date:
        raise InspectionError("End date must be the same as or after the start date", "end_date")
    errors = rules.judgement_errors(judgements, inspection.setting.type_enum, inspection.inspection_type)
    if errors:
        area, message = next(iter(errors.items()))
        raise InspectionError(message, area)
    before = _snapshot(inspection)
    rules.INSPECTION_STATES.move(inspection, rules.ENDED)
    inspection.end_date = end_date
    inspection.provisional_judgements = [
        ProvisionalJudgement(area=area, grade=grade) for area, grade in judgements.items()
    ]
    audit.record(actor, "inspection_ended", inspection, now, before=before, after=_snapshot(inspection))
    db.session.commit()


def reschedule(inspection: Inspection, start_date: date, actor: User, now: datetime) -> None:
    """A deferred inspection gets a new start date. An announced one is announced again, now, and
    starts after today; an unannounced one stays unannounced (R-NOT-1): it waits, unseen by the
    provider, until the inspector records its start on site."""
    today = today_uk(now)
    if inspection.announced and start_date <= today:
        raise InspectionError(
            "The new start date must be after today, the day the inspection is announced again", "start_date"
        )
    if not inspection.announced and start_date < today:
        raise InspectionError("The new start date must be today or in the future", "start_date")
    before = _snapshot(inspection)
    rules.INSPECTION_STATES.move(inspection, rules.ANNOUNCED if inspection.announced else rules.SCHEDULED)
    inspection.start_date = start_date
    if inspection.announced:
        inspection.announced_at = now
    audit.record(actor, "inspection_rescheduled", inspection, now, before=before, after=_snapshot(inspection))
    db.session.commit()


def may_withdraw(inspection: Inspection, user: User) -> bool:
    return user.role == Role.INSPECTORATE_MANAGER and rules.INSPECTION_STATES.can(inspection.status, rules.WITHDRAWN)


def withdraw(inspection: Inspection, reason: str, actor: User, now: datetime) -> bool:
    """Withdraw an inspection entered in error: an inspectorate manager, with a reason, until the
    draft report is sent. Nothing is deleted: the record stays, marked withdrawn, and the audit
    event holds it as it was (DESIGN.md convention 6). The provider's staff are told if they could
    see it (R-NOT-1: not an unannounced one before it started); it then shows to them as withdrawn,
    with the reason. Returns whether the provider was told."""

    if actor.role != Role.INSPECTORATE_MANAGER:
        raise InspectionError(MANAGER_ONLY)
    if not rules.INSPECTION_STATES.can(inspection.status, rules.WITHDRAWN):
        raise InspectionError(withdraw_closed(inspection), "reason")
    reason = (reason or "").strip()
    if not reason:
        raise InspectionError("Enter why the inspection is being withdrawn", "reason")
    if len(reason) > REASON_MAX:
        raise InspectionError(f"Reason must be {REASON_MAX:,} characters or fewer", "reason")
    shown = (
        db.session.scalar(provider_may_see(select(Inspection.id).where(Inspection.id == inspection.id), today_uk(now)))
        is not None
    )
    before = _snapshot(inspection)
    inspection.withdrawn_from = inspection.status
    rules.INSPECTION_STATES.move(inspection, rules.WITHDRAWN)
    inspection.withdrawn_at, inspection.withdrawn_by_id, inspection.withdrawal_reason = now, actor.id, reason
    audit.record(
        actor,
        "inspection_withdrawn",
        inspection,
        now,
        before=before,
        after=_snapshot(inspection) | {"reason": reason, "provider_told": shown},
    )
    if shown:
        _tell_provider_of_withdrawal(inspection, now)
    db.session.commit()
    return shown


def withdraw_closed(inspection: Inspection) -> str:
    if inspection.status == rules.WITHDRAWN:
        return "This inspection has already been withdrawn"
    return "This inspection can no longer be withdrawn: its draft report has been sent to the provider"


def _tell_provider_of_withdrawal(inspection: Inspection, now: datetime) -> None:

    setting = inspection.setting
    kind = rules.INSPECTION_TYPES[inspection.inspection_type].lower()
    for person in responsible_people(setting, include_visitors=False):
        outbox.queue(
            person,
            f"Inspection withdrawn: {setting.name} ({setting.urn})",
            f"The {kind} of {setting.name} ({setting.urn}) starting {uk_date(inspection.start_date)} has "
            f"been withdrawn by the inspectorate: it was entered in error.\n\n"
            f"Reason:\n{inspection.withdrawal_reason}\n\nSee it in the portal: "
            f"{absolute_url('inspections_provider.show', inspection_id=inspection.id)}\n",
            now,
            related=inspection,
        )


def record_draft_sent(inspection: Inspection, sent_at: datetime) -> None:
    """Milestone for the timeline, written by the draft report's issuing use case."""

    rules.INSPECTION_STATES.move(inspection, rules.DRAFT_SENT)
    inspection.draft_sent_at = sent_at
    inspection.comment_window_ends_at = comment_deadline(sent_at)


def record_final_sent(inspection: Inspection, sent_at: datetime) -> None:
    """Milestone for the timeline, written by the final report's sending use case."""
    rules.INSPECTION_STATES.move(inspection, rules.FINAL_SENT)
    inspection.final_sent_at = sent_at
