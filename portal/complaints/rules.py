"""Pure rules of complaints (DOMAIN.md §8): what a complaint can be about, when it can be lodged,
the answers to its points, its lifecycle, and its response target."""

from datetime import datetime

from portal.core import limits
from portal.core.states import StateMachine
from portal.core.workdays import window_end

TEXT_MAX = limits.TEXT_MAX
MAX_POINTS = 30
DEFAULT_RESPONSE_WORKING_DAYS = 30

CATEGORIES = {
    "conduct": "The conduct of the inspectors",
    "process": "How the inspection was carried out",
    "judgements": "The judgements or findings",
    "report": "The inspection report",
}

UPHELD, PARTLY, NOT_UPHELD = "upheld", "partly_upheld", "not_upheld"
FINDINGS = {UPHELD: "Upheld", PARTLY: "Partly upheld", NOT_UPHELD: "Not upheld"}

# R-CMP-3: received, acknowledged, under investigation, responded, closed; a draft comes first
# while the provider's staff prepare it.
DRAFT, RECEIVED, ACKNOWLEDGED, INVESTIGATING, RESPONDED, CLOSED = (
    "draft",
    "received",
    "acknowledged",
    "under_investigation",
    "responded",
    "closed",
)
STATUS_LABELS = {
    DRAFT: "Being prepared",
    RECEIVED: "Received",
    ACKNOWLEDGED: "Acknowledged",
    INVESTIGATING: "Under investigation",
    RESPONDED: "Responded to",
    CLOSED: "Closed",
}
COMPLAINT_STATES = StateMachine(
    "complaint",
    {
        DRAFT: frozenset({RECEIVED}),
        RECEIVED: frozenset({ACKNOWLEDGED}),
        ACKNOWLEDGED: frozenset({INVESTIGATING}),
        INVESTIGATING: frozenset({RESPONDED}),
        RESPONDED: frozenset({CLOSED}),
        CLOSED: frozenset(),
    },
)
# R-CMP-2: these hold a final report that has not been sent yet.
AWAITING_RESPONSE = frozenset({RECEIVED, ACKNOWLEDGED, INVESTIGATING})

ADJUDICATOR = (
    "If you are not satisfied with how your complaint was handled, you can ask the independent "
    "complaints adjudicator to review it within 3 months of this response. The adjudicator looks at "
    "how the inspectorate handled the complaint, not at the inspection's judgements."
)


def lodging_problem(
    draft_sent_at: datetime | None, window_ends_at: datetime | None, final_sent_at: datetime | None, now: datetime
) -> str | None:
    """R-CMP-1: a complaint can be lodged within the draft window, or once the final report is sent."""
    if final_sent_at is not None:
        return None
    if draft_sent_at is None:
        return (
            "A formal complaint can be lodged once the draft report is sent. Until then, you can raise an "
            "informal concern or contact the lead inspector"
        )
    if now >= window_ends_at:  # type: ignore[operator]  # a sent draft always has its window's end
        return "The draft report's window has closed: you can lodge a formal complaint once the final report is sent"
    return None


def response_due(lodged_at: datetime, working_days: int = DEFAULT_RESPONSE_WORKING_DAYS) -> datetime:
    """The response target: the end of the N-th working day after the complaint was received."""
    return window_end(lodged_at, working_days)


def is_overdue(status: str, response_due_at: datetime | None, now: datetime) -> bool:
    return status in AWAITING_RESPONSE and response_due_at is not None and now >= response_due_at
