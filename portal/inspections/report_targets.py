"""The report targets of R-TL-1 and R-TL-4 kept on each inspection, and "at risk" in SQL.

A target is a number of working days after the inspection's end, and working days need England's
bank holidays, which SQL does not know. The targets depend only on the end date, the kind of
inspection and the setting's type, so they are worked out here with ``timeline.targets`` (the same
days the timeline shows) and stored whenever one of those changes, in the flush that changes it.
What follows from them at a given moment (met, missed, due, at risk) is then plain comparison in
SQL, and the timeliness list orders, counts and pages in the database (docs/ARCHITECTURE.md).
"""

from datetime import date, datetime

from sqlalchemy import ColumnElement, and_, event, or_, select
from sqlalchemy.orm import Session, selectinload

from portal.core.clock import UK
from portal.core.workdays import add_working_days
from portal.extensions import db
from portal.inspections import holds, timeline
from portal.inspections.models import Inspection
from portal.providers.models import Setting

AT_RISK_WORKING_DAYS = 3  # a target due within this many working days and not yet met is at risk


def targets_of(inspection: Inspection, setting_type: str | None) -> tuple[date | None, date | None, date | None]:
    """(draft, final, publication) last days for this inspection; none before it has ended, or
    for a kind of inspection the timeline does not know."""
    if inspection.end_date is None or setting_type is None:
        return None, None, None
    try:
        last = timeline.targets(setting_type, inspection.inspection_type, inspection.end_date)
    except ValueError:
        return None, None, None
    return last["draft"], last["final"], last.get("publication")


@event.listens_for(Session, "before_flush")
def _keep_targets(session: Session, _context, _instances) -> None:
    """Every inspection added or changed leaves the flush with the targets its fields give."""
    changed = [target for target in (*session.new, *session.dirty) if isinstance(target, Inspection)]
    for inspection in changed:
        setting = inspection.setting
        if setting is None and inspection.setting_id is not None:
            with session.no_autoflush:
                setting = session.get(Setting, inspection.setting_id)
        due = targets_of(inspection, setting.setting_type if setting is not None else None)
        if due != (inspection.draft_due_on, inspection.final_due_on, inspection.publication_due_on):
            inspection.draft_due_on, inspection.final_due_on, inspection.publication_due_on = due


def recount() -> int:
    """Work every ended inspection's targets out again and store those that differ; returns how
    many changed. For after an upgrade of the ``holidays`` package: a newly announced bank holiday
    moves the targets of inspections that ended before it was known (docs/PRODUCTION.md)."""
    changed = 0
    ended = select(Inspection).where(Inspection.end_date.is_not(None)).options(selectinload(Inspection.setting))
    for inspection in db.session.scalars(ended.execution_options(yield_per=500)):
        due = targets_of(inspection, inspection.setting.setting_type)
        if due != (inspection.draft_due_on, inspection.final_due_on, inspection.publication_due_on):
            inspection.draft_due_on, inspection.final_due_on, inspection.publication_due_on = due
            changed += 1
    db.session.commit()
    return changed


def risk_bound(now: datetime) -> date:
    """The first day that is more than ``AT_RISK_WORKING_DAYS`` working days away: a target whose
    last day falls before it is at risk (or missed) while its report is not sent."""
    return add_working_days(now.astimezone(UK).date(), AT_RISK_WORKING_DAYS + 1)


def at_risk(now: datetime) -> ColumnElement[bool]:
    """``timeliness.Timeliness.at_risk`` in SQL: going ahead, the final not sent, and the draft not
    sent with its target near or missed, or the final's target near or missed without a hold (R-TL-5)."""
    bound = risk_bound(now)
    return and_(
        Inspection.status.in_(sorted(timeline.GOING_AHEAD)),
        Inspection.final_sent_at.is_(None),
        Inspection.draft_due_on.is_not(None),  # never NULL, so that NOT of this is its opposite
        Inspection.final_due_on.is_not(None),
        # Implied by what follows (a final's target is always after the draft's), and said so that
        # the database reads only the outstanding inspections whose targets are near, from an index.
        Inspection.draft_due_on < bound,
        or_(
            and_(Inspection.draft_sent_at.is_(None), Inspection.draft_due_on < bound),
            and_(Inspection.final_due_on < bound, ~holds.held_clause(Inspection.id)),
        ),
    )
