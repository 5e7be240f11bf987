"""The post-inspection timeline (R-TL-1..5): each step's target, actual date and whether it was met.

Pure functions over dates: every target comes from ``targets`` (counted by ``portal.core.workdays``),
so the timeline page, the timeliness list and the dashboards all use the same days. Nothing here
reads the database: whether a complaint holds the final (R-TL-5) is passed in as ``held``.
"""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from types import MappingProxyType

from portal.core.clock import UK, as_utc
from portal.core.formatting import uk_date
from portal.core.workdays import add_working_days, end_of_day, last_day, window_end
from portal.inspections import rules
from portal.inspections.rules import INSPECTION_TYPES, MONITORING, TYPES_BY_SETTING
from portal.providers.models import SettingType

INFORMAL_CONCERN_DAYS = 1  # R-CMP-5 / R-TL-1
COMMENT_WINDOW_DAYS = 5  # R-TL-2
PUBLICATION_DAYS = 5  # R-TL-3

# Working days from the inspection's end date to the last day of each target.
# R-TL-1 (S0 ¶100–102 and timetables; S2, S4 §"Timeframe"): full and assurance inspections of every
# setting type, and monitoring visits to SCH, CH and RFC. Seed conflict: S0 ¶100 gives STC drafts 19
# working days, everything else says 18: 18 for all (it meets 19 too).
R_TL_1_DAYS = MappingProxyType({"draft": 18, "final": 30})
# R-TL-4 (S0 ¶161): STC monitoring reports are published within 28 working days of the visit's end;
# the final by day 23 (28 less the 5 of R-TL-3) and the draft by day 17 are the portal's derived targets.
R_TL_4_DAYS = MappingProxyType({"draft": 17, "final": 23, "publication": 28})
# Keyed by (setting type, inspection type), for every type R-INSP-1 allows: R-TL-4 for STC
# monitoring visits, R-TL-1 for everything else.
TARGET_DAYS = {
    (setting_type, kind): R_TL_4_DAYS
    if (setting_type, kind) == (SettingType.SECURE_TRAINING_CENTRE, MONITORING)
    else R_TL_1_DAYS
    for setting_type, kinds in TYPES_BY_SETTING.items()
    for kind in kinds
}

WITHHELD = "withheld"  # R-PUB-2: the inspectorate decided not to publish this monitoring report
MET, MISSED, DUE, PENDING, OPEN, CLOSED, DONE, HELD = (
    "met",
    "missed",
    "due",
    "pending",
    "open",
    "closed",
    "done",
    "held",
)
PUBLISHED = "published"
STOPPED = "stopped"  # the inspection is no longer going ahead (deferred, withdrawn): nothing more is due
# The statuses of an inspection that goes on to a report. Any other (deferred, withdrawn, or one this
# module does not know yet) stops the timeline: what happened stays, nothing more is shown as due.
GOING_AHEAD = frozenset(
    {rules.ANNOUNCED, rules.SCHEDULED, rules.ON_SITE, rules.ENDED, rules.DRAFT_SENT, rules.FINAL_SENT}
)
_UNFINISHED = frozenset({DUE, PENDING, OPEN, HELD})


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    deadline: datetime | None  # the aware UTC instant the target closes (for an untargeted publication: its instant)
    actual: datetime | None
    status: str
    scheduled: datetime | None = None  # publication only: the instant the embargo ends, once the final is sent
    target_days: int | None = None  # the working days of the target, where it is one
    held_by: tuple[str, ...] = ()  # R-TL-5: why the target is suspended

    @property
    def target_day(self) -> date | None:
        """The last day of the target, in UK time."""
        return last_day(self.deadline) if self.deadline else None

    @property
    def is_target(self) -> bool:
        """False for a publication that has no target of its own: its date is simply when it happens."""
        return self.deadline is not None and not (self.key == PUBLISHED and self.target_days is None)


def target_days(setting_type: SettingType | str, inspection_type: str) -> MappingProxyType:
    """The day counts of R-TL-1 / R-TL-4 for this kind of inspection.

    A combination R-INSP-1 does not allow (kept from older records) is a full or assurance
    inspection, or a monitoring visit to a setting other than an STC: R-TL-1 covers it.
    """
    if inspection_type not in INSPECTION_TYPES:
        raise ValueError(f"unknown inspection type {inspection_type!r}")
    return TARGET_DAYS.get((SettingType(setting_type), inspection_type), R_TL_1_DAYS)


def targets(setting_type: SettingType | str, inspection_type: str, end_date: date) -> dict[str, date]:
    """R-TL-1, R-TL-4: the last UK day of each target counted from the inspection's end date (R-WD-2).

    Keys "draft" and "final", and "publication" where a publication target runs from the end date
    (STC monitoring visits).
    """
    return {key: add_working_days(end_date, days) for key, days in target_days(setting_type, inspection_type).items()}


def informal_concern_deadline(end_date: date) -> datetime:
    """R-CMP-5: concerns can be raised until the end of the first working day after the end."""
    return end_of_day(add_working_days(end_date, INFORMAL_CONCERN_DAYS))


def comment_deadline(draft_sent_at: datetime) -> datetime:
    """R-TL-2: comments within 5 working days of the draft being sent."""
    return window_end(as_utc(draft_sent_at), COMMENT_WINDOW_DAYS)


def publication_day(final_sent_at: datetime) -> date:
    """R-TL-3: the report is published 5 working days after the final report is sent."""
    return add_working_days(as_utc(final_sent_at).astimezone(UK).date(), PUBLICATION_DAYS)


def publication_instant(final_sent_at: datetime) -> datetime:
    """The embargo ends at 00:00 UK time on the publication day."""
    day = publication_day(final_sent_at)
    return end_of_day(day - timedelta(days=1))


def _target_status(deadline: datetime, actual: datetime | None, now: datetime, held: bool = False) -> str:
    if actual is not None:
        return MET if as_utc(actual) < deadline else MISSED
    if held:
        return HELD  # R-TL-5: suspended, never missed while the hold lasts
    return MISSED if now >= deadline else DUE


def build(
    setting_type: SettingType | str,
    inspection_type: str,
    end_date: date | None,
    draft_sent_at: datetime | None,
    comment_window_ends_at: datetime | None,
    comments_received_at: datetime | None,
    final_sent_at: datetime | None,
    now: datetime,
    held: Sequence[str] = (),
    withheld: bool = False,
    status: str | None = None,
) -> list[Step]:
    """Every step of R-TL-1 (R-TL-4 for STC monitoring visits) for one inspection, as seen at ``now``.

    ``held`` gives the reasons a final report is held (R-TL-5, from ``holds.holding``): while the
    final is not sent, its target and any publication target show as held instead of due or missed.
    ``withheld``: the report is not published (R-PUB-2), so no publication day is announced.
    ``status``: the inspection's status; one outside ``GOING_AHEAD`` stops every step not yet done.
    """
    if end_date is None:
        return []
    steps = _build(
        setting_type,
        inspection_type,
        end_date,
        draft_sent_at,
        comment_window_ends_at,
        comments_received_at,
        final_sent_at,
        now,
        held,
        withheld,
    )
    if status is None or status in GOING_AHEAD:
        return steps
    return [_stopped(step) for step in steps]


def _stopped(step: Step) -> Step:
    """A step that had not happened when the inspection stopped: never due, open or missed."""
    if step.actual is None and (step.status in _UNFINISHED or step.status == MISSED):
        return replace(step, status=STOPPED, scheduled=None, held_by=())
    return step


def _build(
    setting_type,
    inspection_type,
    end_date,
    draft_sent_at,
    comment_window_ends_at,
    comments_received_at,
    final_sent_at,
    now,
    held,
    withheld,
) -> list[Step]:
    draft_sent_at, comments_received_at, final_sent_at = (
        as_utc(draft_sent_at),
        as_utc(comments_received_at),
        as_utc(final_sent_at),
    )
    days = target_days(setting_type, inspection_type)
    last = targets(setting_type, inspection_type, end_date)
    held_by = tuple(dict.fromkeys(held)) if final_sent_at is None else ()

    concern_end = informal_concern_deadline(end_date)
    steps = [
        Step(
            "informal_concerns",
            "Provider may raise informal concerns",
            concern_end,
            None,
            OPEN if now < concern_end else CLOSED,
        )
    ]

    draft_end = end_of_day(last["draft"])
    steps.append(
        Step(
            "draft_sent",
            "Draft report sent to provider",
            draft_end,
            draft_sent_at,
            _target_status(draft_end, draft_sent_at, now),
            target_days=days["draft"],
        )
    )

    if draft_sent_at is None:
        steps.append(
            Step("comments", "Provider comments on the draft, or lodges a formal complaint", None, None, PENDING)
        )
    else:
        window = as_utc(comment_window_ends_at) or comment_deadline(draft_sent_at)
        status = DONE if comments_received_at is not None else (OPEN if now < window else CLOSED)
        steps.append(
            Step(
                "comments",
                "Provider comments on the draft, or lodges a formal complaint",
                window,
                comments_received_at,
                status,
            )
        )

    final_end = end_of_day(last["final"])
    steps.append(
        Step(
            "final_sent",
            "Final report sent, with a response to every comment",
            final_end,
            final_sent_at,
            _target_status(final_end, final_sent_at, now, bool(held_by)),
            target_days=days["final"],
            held_by=held_by,
        )
    )
    if withheld:
        steps.append(Step(PUBLISHED, "Report published", None, None, WITHHELD))
    else:
        steps.append(_publication(last.get("publication"), days.get("publication"), final_sent_at, now, held_by))
    return steps


def _publication(
    target: date | None, days: int | None, final_sent_at: datetime | None, now: datetime, held_by: tuple[str, ...]
) -> Step:
    """R-TL-3: published when the embargo ends; where R-TL-4 sets a target, met or missed against it."""
    title = "Report published"
    scheduled = publication_instant(final_sent_at) if final_sent_at is not None else None
    happened = scheduled if scheduled is not None and now >= scheduled else None
    if target is None:
        if scheduled is None:
            return Step(PUBLISHED, title, None, None, HELD if held_by else PENDING, held_by=held_by)
        return Step(PUBLISHED, title, scheduled, happened, DONE if happened else DUE, scheduled=scheduled)
    deadline = end_of_day(target)
    if happened is not None:
        status = MET if happened < deadline else MISSED
    elif held_by:
        status = HELD
    else:
        status = MISSED if now >= deadline else DUE
    return Step(PUBLISHED, title, deadline, happened, status, scheduled=scheduled, target_days=days, held_by=held_by)


def of(inspection, now: datetime, held: Sequence[str] = (), withheld: bool = False) -> list[Step]:
    """``build`` over an inspection's own fields; ``held`` as ``holds.holding(inspection)`` returns
    it, ``withheld`` as ``holds.withheld(inspection)``."""
    return build(
        inspection.setting.type_enum,
        inspection.inspection_type,
        inspection.end_date,
        inspection.draft_sent_at,
        inspection.comment_window_ends_at,
        inspection.comments_received_at,
        inspection.final_sent_at,
        now,
        held,
        withheld,
        inspection.status,
    )


def is_published(inspection, now: datetime, withheld: bool = False) -> bool:
    """R-PUB-1, R-TL-3: the final was sent and its embargo has ended; never a withheld report (R-PUB-2)."""
    sent = as_utc(inspection.final_sent_at)
    return (
        sent is not None and not withheld and inspection.status == rules.FINAL_SENT and now >= publication_instant(sent)
    )


def status_label(inspection, now: datetime, withheld: bool = False) -> str:
    """The inspection's status as people read it, true at ``now``: "Published" once the embargo has
    ended (R-TL-3), never "Final report sent" for a published report; "not published" for a
    withheld one (R-PUB-2); a status this module does not know is named, never an error."""
    if inspection.status == rules.FINAL_SENT and inspection.final_sent_at is not None:
        if withheld:
            return "Final report sent: not published"
        if is_published(inspection, now):
            return f"Published {uk_date(publication_day(inspection.final_sent_at))}"
        return f"Final report sent: under embargo until {uk_date(publication_day(inspection.final_sent_at))}"
    return rules.STATUS_LABELS.get(inspection.status) or (inspection.status or "Unknown").replace("_", " ").capitalize()


def next_target(steps: list[Step]) -> Step | None:
    """The inspectorate's next report target (R-TL-1, R-TL-4): the draft or final not yet sent, due
    or already missed (an overdue one is never shown as "None"); a held final (R-TL-5) is not one."""
    return next(
        (s for s in steps if s.key in ("draft_sent", "final_sent") and s.actual is None and s.status in (DUE, MISSED)),
        None,
    )
