"""Timeliness for the inspectorate (R-TL-1): was each draft sent within 18 working days and each
final report within 30, and which inspections are at risk of missing either."""

from dataclasses import dataclass
from datetime import datetime

from portal.core.clock import UK
from portal.core.workdays import working_days_between
from portal.inspections import timeline
from portal.inspections.models import Inspection

AT_RISK_WORKING_DAYS = 3


@dataclass(frozen=True)
class Timeliness:
    inspection: Inspection
    draft: timeline.Step
    final: timeline.Step
    at_risk: bool


def _at_risk(step: timeline.Step, now: datetime) -> bool:
    """Not yet done, and missed or due within a few working days."""
    if step.status == timeline.MISSED and step.actual is None:
        return True
    if step.status != timeline.DUE:
        return False
    return working_days_between(now.astimezone(UK).date(), step.target_day) <= AT_RISK_WORKING_DAYS


def assess(inspections: list[Inspection], now: datetime) -> list[Timeliness]:
    """Ended inspections with their two report targets, those at risk first, then by end date."""
    rows = []
    for inspection in inspections:
        steps = {s.key: s for s in timeline.build(inspection.end_date, inspection.draft_sent_at,
                                                  inspection.comment_window_ends_at, inspection.comments_received_at,
                                                  inspection.final_sent_at, now)}
        if not steps:
            continue
        draft, final = steps["draft_sent"], steps["final_sent"]
        rows.append(Timeliness(inspection, draft, final, _at_risk(draft, now) or _at_risk(final, now)))
    return sorted(rows, key=lambda row: (not row.at_risk, row.inspection.end_date))
