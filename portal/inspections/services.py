"""Use cases of inspections: create, start, end with provisional judgements, reschedule."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.core import audit
from portal.extensions import db
from portal.inspections import notice, rules
from portal.inspections.models import Inspection, InspectionTeamMember, ProvisionalJudgement
from portal.providers.models import Setting


class InspectionError(Exception):
    """A use case refused for a reason the user can act on; ``field`` names the form field."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class NewInspection:
    setting: Setting
    inspection_type: str
    announced: bool
    start_date: date
    lead_inspector: User
    team: list[User]


def inspectorate_worklist(user: User) -> list[Inspection]:
    """The inspections an inspectorate user works on, newest first (R-ROLE-1 scope)."""
    from portal.core.access import visible_inspections

    return list(db.session.scalars(visible_inspections(user).options(
        selectinload(Inspection.setting), selectinload(Inspection.deferrals)).order_by(Inspection.start_date.desc())))


def inspectorate_staff() -> list[User]:
    return list(db.session.scalars(select(User).where(
        User.role.in_([Role.INSPECTOR, Role.INSPECTORATE_MANAGER]), User.active.is_(True)).order_by(User.name)))


def create_inspection(details: NewInspection, actor: User, now: datetime) -> Inspection:
    """An announced inspection starts as announced; an unannounced one is entered when it starts
    (DOMAIN.md §3), so it is on site at once. Only what R-NOT-1 allows may be announced."""
    if details.inspection_type not in rules.TYPES_BY_SETTING[details.setting.type_enum]:
        raise InspectionError("Select a type of inspection that applies to this setting", "inspection_type")
    refused = notice.notice_error(details.setting.type_enum, details.inspection_type, details.announced)
    if refused:
        raise InspectionError(refused, "announced")  # R-NOT-1
    inspection = Inspection(
        setting_id=details.setting.id,
        inspection_type=details.inspection_type,
        status=rules.ANNOUNCED if details.announced else rules.ON_SITE,
        announced=details.announced,
        announced_at=now if details.announced else None,
        start_date=details.start_date,
        lead_inspector_id=details.lead_inspector.id,
        created_at=now,
    )
    inspection.team = [InspectionTeamMember(user_id=member.id) for member in details.team
                       if member.id != details.lead_inspector.id]
    db.session.add(inspection)
    db.session.flush()
    audit.record(actor, "inspection_created", inspection, now, after=_snapshot(inspection))
    db.session.commit()
    return inspection


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


def start_on_site(inspection: Inspection, start_date: date, actor: User, now: datetime) -> None:
    """An announced inspection begins on site."""
    before = _snapshot(inspection)
    rules.INSPECTION_STATES.move(inspection, rules.ON_SITE)
    inspection.start_date = start_date
    audit.record(actor, "inspection_started", inspection, now, before=before, after=_snapshot(inspection))
    db.session.commit()


def end_inspection(inspection: Inspection, end_date: date, judgements: dict[str, str], actor: User,
                   now: datetime) -> None:
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
    inspection.provisional_judgements = [ProvisionalJudgement(area=area, grade=grade)
                                         for area, grade in judgements.items()]
    audit.record(actor, "inspection_ended", inspection, now, before=before, after=_snapshot(inspection))
    db.session.commit()


def reschedule(inspection: Inspection, start_date: date, actor: User, now: datetime) -> None:
    """A deferred inspection gets a new start date and is announced again."""
    before = _snapshot(inspection)
    rules.INSPECTION_STATES.move(inspection, rules.ANNOUNCED)
    inspection.start_date = start_date
    inspection.announced = True
    inspection.announced_at = now
    audit.record(actor, "inspection_rescheduled", inspection, now, before=before, after=_snapshot(inspection))
    db.session.commit()


def record_draft_sent(inspection: Inspection, sent_at: datetime) -> None:
    """Milestone for the timeline, written by the draft report's issuing use case."""
    from portal.inspections.timeline import comment_deadline

    rules.INSPECTION_STATES.move(inspection, rules.DRAFT_SENT)
    inspection.draft_sent_at = sent_at
    inspection.comment_window_ends_at = comment_deadline(sent_at)


def record_final_sent(inspection: Inspection, sent_at: datetime) -> None:
    """Milestone for the timeline, written by the final report's sending use case."""
    rules.INSPECTION_STATES.move(inspection, rules.FINAL_SENT)
    inspection.final_sent_at = sent_at
