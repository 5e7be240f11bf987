"""What must be done, outside the report itself, before its final can be sent.

Complaints and child-friendly summaries are built on inspection reports, so reports must not
import them; each registers a check here when imported: complaints R-CMP-2 (a complaint lodged
before the final report must be responded to first), summaries R-CFS-1..2 (the summary, and an
STC's recording, go with the final). ``order`` keeps the problems in a stable order on the page.
"""

from collections.abc import Callable

from portal.inspections.models import Inspection

Check = Callable[[Inspection], list[str]]  # problems, in the inspectorate's words
_CHECKS: dict[str, tuple[int, Check]] = {}


def register(order: int) -> Callable[[Check], Check]:
    """Add a check (once, however often its module is imported); a decorator."""

    def decorator(check: Check) -> Check:
        _CHECKS[f"{check.__module__}.{check.__qualname__}"] = (order, check)
        return check

    return decorator


def problems(inspection: Inspection) -> list[str]:
    """Every registered check's problems for ``inspection``, in their order."""
    return [problem for _order, check in sorted(_CHECKS.values(), key=lambda c: c[0]) for problem in check(inspection)]
