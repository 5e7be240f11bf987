"""What follows from a final report once it is sent, for the capabilities built on reports.

Requirements are followed to compliance by a capability above this one (R-REQ-1), which must
not be imported here; it registers a step when imported, run in the transaction that sends the
final report, so the report and what follows from it are kept together or not at all.
"""

from collections.abc import Callable
from datetime import datetime

from portal.inspection_reports.models import InspectionReport

Step = Callable[[InspectionReport, datetime], None]
_STEPS: dict[str, Step] = {}


def register(step: Step) -> Step:
    """Add a step (once, however often its module is imported); a decorator."""
    _STEPS[f"{step.__module__}.{step.__qualname__}"] = step
    return step


def run(report: InspectionReport, now: datetime) -> None:
    for step in _STEPS.values():
        step(report, now)
