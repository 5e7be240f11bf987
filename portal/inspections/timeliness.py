"""Timeliness for the inspectorate (R-TL-1, R-TL-4, R-TL-5): was each draft and final report sent
within its target for that kind of inspection, which inspections are at risk of missing one, and
which finals are held by a complaint (held, never at risk).

The list is read a page at a time: which inspections are at risk, how many, and their order come
from SQL (``report_targets.at_risk`` over the stored targets); only the page's rows get their
timeline worked out here."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, case, func
from sqlalchemy.orm import selectinload

from portal.core import paging
from portal.core.clock import UK
from portal.core.workdays import working_days_between
from portal.extensions import db
from portal.inspections import holds, report_targets, rules, timeline
from portal.inspections.models import Inspection


@dataclass(frozen=True)
class Timeliness:
    inspection: Inspection
    draft: timeline.Step
    final: timeline.Step
    at_risk: bool
    publication: timeline.Step | None = None  # only where a publication target runs from the end (R-TL-4)

    @property
    def kind(self) -> str:
        return rules.INSPECTION_TYPES[self.inspection.inspection_type]


def _at_risk(step: timeline.Step, now: datetime) -> bool:
    """Not yet done, and missed or due within a few working days; a held step is never at risk (R-TL-5)."""
    if step.status == timeline.MISSED and step.actual is None:
        return True
    if step.status != timeline.DUE:
        return False
    return working_days_between(now.astimezone(UK).date(), step.target_day) <= report_targets.AT_RISK_WORKING_DAYS


def assess(inspections: list[Inspection], now: datetime) -> list[Timeliness]:
    """Ended inspections with their report targets, in the order given; once the final is sent
    nothing is at risk any more."""
    held, withheld = holds.holding_many(inspections), holds.withheld_many(inspections)
    rows = []
    for inspection in inspections:
        steps = {s.key: s for s in timeline.of(inspection, now, held.get(inspection.id, []), inspection.id in withheld)}
        if not steps:
            continue
        draft, final, published = steps["draft_sent"], steps["final_sent"], steps[timeline.PUBLISHED]
        risky = inspection.final_sent_at is None and (_at_risk(draft, now) or _at_risk(final, now))
        rows.append(Timeliness(inspection, draft, final, risky, published if published.is_target else None))
    return rows


@dataclass(frozen=True)
class TimelinessPage(paging.Page):
    at_risk_total: int = 0


def page(worklist: Select, now: datetime, number: int, per_page: int = paging.PER_PAGE) -> TimelinessPage:
    """One page of the ended inspections of ``worklist``: those at risk first (the earliest ended,
    the most overdue, first), then the others, the most recently ended first. Four statements
    whatever the page: the two counts at once, the at-risk part and the rest (either may be empty)."""
    ended = worklist.where(Inspection.end_date.is_not(None)).order_by(None)
    risky = report_targets.at_risk(now)
    counted = ended.with_only_columns(func.count(), func.coalesce(func.sum(case((risky, 1), else_=0)), 0))
    total, at_risk_total = db.session.execute(counted).one()
    number = paging.clamp(number, total, per_page)
    start = (number - 1) * per_page
    first_part = max(0, min(per_page, at_risk_total - start))
    loaded = ended.options(selectinload(Inspection.setting))
    found = list(
        db.session.scalars(
            loaded.where(risky)
            .order_by(Inspection.end_date, Inspection.id)
            .offset(min(start, at_risk_total))
            .limit(first_part)
        )
    )
    found += db.session.scalars(
        loaded.where(~risky)
        .order_by(Inspection.end_date.desc(), Inspection.id.desc())
        .offset(max(0, start - at_risk_total))
        .limit(per_page - first_part)
    )
    return TimelinessPage(assess(found, now), total, number, per_page, at_risk_total)
