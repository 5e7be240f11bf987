"""An inspection's next steps after an inadequate or serious-concern judgement (R-NEXT-1..7):
the checklist worked out from its judgement and feedback day, and each step recorded once."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.core import audit, clock, limits, outbox
from portal.core.links import absolute_url
from portal.core.use_cases import Refusal
from portal.extensions import db
from portal.inspection_reports import services as report_services
from portal.inspections import rules as inspection_rules
from portal.inspections.models import Inspection
from portal.next_steps import rules
from portal.next_steps.models import NextStepRecord
from portal.providers.people import responsible_people

NOTE_MAX = limits.REASON_MAX


class StepRefused(Refusal):
    pass


@dataclass(frozen=True)
class Item:
    step: rules.Step
    record: NextStepRecord | None

    def overdue(self, today: date) -> bool:
        return self.record is None and self.step.due is not None and self.step.due < today


def applies(inspection: Inspection) -> bool:
    if inspection.end_date is None or inspection.status == inspection_rules.WITHDRAWN:
        return False
    outcome = None
    if inspection.inspection_type == inspection_rules.MONITORING:
        report = report_services.report_of(inspection)
        outcome = (report.content or {}).get("outcome") if report is not None else None
    return rules.triggered(inspection.setting.type_enum, inspection.inspection_type, inspection.provisional(), outcome)


def checklist(inspection: Inspection) -> list[Item]:
    """The inspection's steps with what was recorded of each; empty when its judgement starts none."""
    if not applies(inspection):
        return []
    assert inspection.end_date is not None
    recorded = {
        r.step: r
        for r in db.session.scalars(select(NextStepRecord).where(NextStepRecord.inspection_id == inspection.id))
    }
    found = rules.steps(inspection.setting.type_enum, inspection.inspection_type, inspection.end_date)
    return [Item(step, recorded.get(step.key)) for step in found]


def may_record(user: User, inspection: Inspection) -> bool:
    return user.role == Role.INSPECTORATE_MANAGER or user.id == inspection.lead_inspector_id


def record(
    inspection: Inspection,
    key: str,
    outcome: str | None,
    done_on: date | None,
    note: str | None,
    actor: User,
    now: datetime,
) -> NextStepRecord:
    """Record one step once: done on a day that has come, or not needed with the reason. A step
    the provider sees is told to it."""
    if not may_record(actor, inspection):
        raise StepRefused("Only the lead inspector, or an inspectorate manager, records the next steps")
    item = next((i for i in checklist(inspection) if i.step.key == key), None)
    if item is None:
        raise StepRefused("This step is not one of this inspection's next steps")
    if item.record is not None:
        raise StepRefused("This step is already recorded")
    note = (note or "").strip() or None
    if outcome not in rules.OUTCOMES:
        raise StepRefused("Select whether the step is done or not needed", "outcome")
    if outcome == rules.DONE and done_on is None:
        raise StepRefused("Enter the date it was done", "done_on")
    if outcome == rules.DONE and done_on is not None and done_on > clock.today_uk(now):
        raise StepRefused("The date it was done must be today or in the past", "done_on")
    if outcome == rules.NOT_NEEDED and note is None:
        raise StepRefused("Enter why the step is not needed", "note")
    if note and len(note) > NOTE_MAX:
        raise StepRefused(f"The note must be {NOTE_MAX:,} characters or fewer", "note")
    row = NextStepRecord(
        inspection_id=inspection.id,
        step=key,
        outcome=outcome,
        done_on=done_on if outcome == rules.DONE else None,
        note=note,
        actor_id=actor.id,
        created_at=now,
    )
    db.session.add(row)
    try:
        db.session.flush()
    except IntegrityError:  # recorded at the same moment by someone else (a double click)
        db.session.rollback()
        raise StepRefused("This step is already recorded") from None
    audit.record(actor, "next_step_recorded", inspection, now, after={"step": key, "outcome": outcome, "note": note})
    if item.step.shared and outcome == rules.DONE:
        setting = inspection.setting
        link = absolute_url("inspections_provider.show", inspection_id=inspection.id)
        for person in responsible_people(setting, False):
            outbox.queue(
                person,
                f"After the inspection of {setting.name}: a next step is done",
                f"The inspectorate recorded a step that follows the judgement of the inspection of {setting.name} "
                f"({setting.urn}):\n\n{item.step.told or item.step.label}: done on {done_on:%-d %B %Y}.\n\n"
                f"See what happens next: {link}\n",
                now,
                related=inspection,
            )
    db.session.commit()
    return row
