"""The post-inspection timeline (R-TL-1..3): each step's target, actual date and whether it was met.

Pure functions over dates: every target comes from ``portal.core.workdays``.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from portal.core.clock import UK, as_utc
from portal.core.workdays import add_working_days, end_of_day, last_day, window_end

INFORMAL_CONCERN_DAYS = 1   # R-CMP-5 / R-TL-1
DRAFT_TARGET_DAYS = 18      # R-TL-1
COMMENT_WINDOW_DAYS = 5     # R-TL-2
FINAL_TARGET_DAYS = 30      # R-TL-1
PUBLICATION_DAYS = 5        # R-TL-3

MET, MISSED, DUE, PENDING, OPEN, CLOSED, DONE = "met", "missed", "due", "pending", "open", "closed", "done"


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    deadline: datetime | None   # the aware UTC instant the target closes
    actual: datetime | None
    status: str

    @property
    def target_day(self) -> date | None:
        """The last day of the target, in UK time."""
        return last_day(self.deadline) if self.deadline else None


def informal_concern_deadline(end_date: date) -> datetime:
    """R-CMP-5: concerns can be raised until the end of the first working day after the end."""
    return end_of_day(add_working_days(end_date, INFORMAL_CONCERN_DAYS))


def draft_deadline(end_date: date) -> datetime:
    """R-TL-1: the draft report is due within 18 working days of the end of the inspection."""
    return end_of_day(add_working_days(end_date, DRAFT_TARGET_DAYS))


def comment_deadline(draft_sent_at: datetime) -> datetime:
    """R-TL-2: comments within 5 working days of the draft being sent."""
    return window_end(as_utc(draft_sent_at), COMMENT_WINDOW_DAYS)


def final_deadline(end_date: date) -> datetime:
    """R-TL-1: the final report is due within 30 working days of the end of the inspection."""
    return end_of_day(add_working_days(end_date, FINAL_TARGET_DAYS))


def publication_day(final_sent_at: datetime) -> date:
    """R-TL-3: the report is published 5 working days after the final report is sent."""
    return add_working_days(as_utc(final_sent_at).astimezone(UK).date(), PUBLICATION_DAYS)


def publication_instant(final_sent_at: datetime) -> datetime:
    """The embargo ends at 00:00 UK time on the publication day."""
    day = publication_day(final_sent_at)
    return end_of_day(day - timedelta(days=1))


def _target_status(deadline: datetime, actual: datetime | None, now: datetime) -> str:
    if actual is not None:
        return MET if as_utc(actual) < deadline else MISSED
    return MISSED if now >= deadline else DUE


def build(end_date: date | None, draft_sent_at: datetime | None, comment_window_ends_at: datetime | None,
          comments_received_at: datetime | None, final_sent_at: datetime | None, now: datetime) -> list[Step]:
    """Every step of R-TL-1 for one inspection, as seen at ``now``."""
    if end_date is None:
        return []
    draft_sent_at, comments_received_at, final_sent_at = (
        as_utc(draft_sent_at), as_utc(comments_received_at), as_utc(final_sent_at))

    concern_end = informal_concern_deadline(end_date)
    steps = [Step("informal_concerns", "Provider may raise informal concerns", concern_end, None,
                  OPEN if now < concern_end else CLOSED)]

    draft_end = draft_deadline(end_date)
    steps.append(Step("draft_sent", "Draft report sent to provider", draft_end, draft_sent_at,
                      _target_status(draft_end, draft_sent_at, now)))

    if draft_sent_at is None:
        steps.append(Step("comments", "Provider comments on the draft, or lodges a formal complaint",
                          None, None, PENDING))
    else:
        window = as_utc(comment_window_ends_at) or comment_deadline(draft_sent_at)
        if comments_received_at is not None:
            status = DONE
        else:
            status = OPEN if now < window else CLOSED
        steps.append(Step("comments", "Provider comments on the draft, or lodges a formal complaint",
                          window, comments_received_at, status))

    final_end = final_deadline(end_date)
    steps.append(Step("final_sent", "Final report sent, with a response to every comment", final_end,
                      final_sent_at, _target_status(final_end, final_sent_at, now)))

    if final_sent_at is None:
        steps.append(Step("published", "Report published", None, None, PENDING))
    else:
        published = publication_instant(final_sent_at)
        steps.append(Step("published", "Report published", published,
                          published if now >= published else None, DONE if now >= published else DUE))
    return steps
