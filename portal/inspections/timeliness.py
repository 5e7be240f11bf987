"""Timeliness for the inspectorate (R-TL-1, R-TL-4, R-TL-5): was each draft and final report sent
within its target for that kind of inspection, which inspections are at risk of missing one, and
which finals are held by a complaint (held, never at risk)."""

from dataclasses import dataclass
from datetime import datetime

from portal.core.clock import UK
from portal.core.workdays import working_days_between
from portal.inspections import holds, rules, timeline
from portal.inspections.models import Inspection

AT_RISK_WORKING_DAYS = 3


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
    return working_days_between(now.astimezone(UK).date(), step.target_day) <= AT_RISK_WORKING_DAYS


def assess(inspections: list[Inspection], now: datetime) -> list[Timeliness]:
    """Ended inspections with their report targets, those at risk first, then by end date."""
    held, withheld = holds.holding_many(inspections), holds.withheld_many(inspections)
    rows = []
    for inspection in inspections:
        steps = {s.key: s for s in timeline.of(inspection, now, held.get(inspection.id, []), inspection.id in withheld)}
        if not steps:
            continue
        draft, final, published = steps["draft_sent"], steps["final_sent"], steps[timeline.PUBLISHED]
        rows.append(
            Timeliness(
                inspection,
                draft,
                final,
                _at_risk(draft, now) or _at_risk(final, now),
                published if published.is_target else None,
            )
        )
    return sorted(rows, key=lambda row: (not row.at_risk, row.inspection.end_date))
