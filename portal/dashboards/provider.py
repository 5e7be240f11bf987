"""What a provider's dashboard shows for each setting: latest judgement and the next deadline."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from portal.accounts.models import User
from portal.annex_a import states as annex_a_states
from portal.annex_a.models import AnnexARequest
from portal.core import paging
from portal.core.clock import UK, as_utc
from portal.extensions import db
from portal.inspection_reports import standing
from portal.inspections import holds, timeline
from portal.inspections.access import visible_inspections
from portal.inspections.models import Inspection
from portal.monitoring_reports import compliance
from portal.providers.access import visible_settings
from portal.providers.models import Setting

# The steps of the timeline that a provider acts on or waits for, with what to call them.
PROVIDER_STEPS = {
    "informal_concerns": "Raise an informal concern about the inspection",
    "comments": "Comment on the draft report, or lodge a formal complaint",
    "draft_sent": "Draft report due from the inspectorate",
    "final_sent": "Final report due from the inspectorate",
    "published": "Report published (under embargo until then)",
}
ANNEX_A_DUE = "Send Annex A to the inspector"  # R-AXA-2
SETTINGS_PER_PAGE = 25  # each row reads a year of reports and every inspection of its setting
WAITED_FOR = ("draft_sent", "final_sent")  # the inspectorate's steps: overdue while not done


@dataclass(frozen=True)
class Deadline:
    what: str
    due: datetime | None  # None only for a final held by a complaint (R-TL-5): no date to give
    inspection_id: int
    is_publication: bool = False
    overdue: bool = False  # the time has passed and it has not happened yet
    annex_a_setting_id: int | None = None  # an Annex A request: links to the setting's Annex A
    held_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class SettingRow:
    setting: Setting
    latest_judgement: "standing.Standing"
    latest_inspection: Inspection | None
    next_deadline: Deadline | None
    monitoring: "compliance.Compliance | None" = None


def latest_judgement(setting: Setting, now: datetime) -> standing.Standing:
    """The setting's standing judgement (R-STAND-1..2): from published final reports only, never
    the judgements given at feedback; many settings at once go through ``standing.for_settings``."""
    return standing.for_setting(setting, now)


def open_annex_a_requests(inspections: list[Inspection]) -> dict[int, AnnexARequest]:
    """R-AXA-2: the Annex A each inspection asks for and has not yet received, in one query."""
    ids = [i.id for i in inspections if i.status in timeline.GOING_AHEAD]
    if not ids:
        return {}
    waiting = (annex_a_states.REQUESTED, annex_a_states.UPDATE_REQUESTED)
    return {
        r.inspection_id: r
        for r in db.session.scalars(
            select(AnnexARequest).where(AnnexARequest.inspection_id.in_(ids), AnnexARequest.status.in_(waiting))
        )
    }


def next_deadline(
    inspections: list[Inspection],
    now: datetime,
    held: dict[int, list[str]] | None = None,
    withheld: set[int] | None = None,
    annex_a: dict[int, AnnexARequest] | None = None,
) -> Deadline | None:
    """What the provider must do or is waiting for next, so that "Nothing due" is only ever true:
    an Annex A asked for (R-AXA-2), the informal concern and comment windows (R-CMP-5, R-TL-2), the
    draft and final the inspectorate owes (R-TL-1, R-TL-4; overdue ones first, a final held by a
    complaint without a date, R-TL-5) and the publication day once the final is sent (R-TL-3).
    ``held``, ``withheld`` and ``annex_a`` are read here when not given (many settings: read once)."""
    upcoming = deadlines_of(inspections, now, held, withheld, annex_a)
    return min(upcoming, key=lambda d: (d.due is None, d.due or now), default=None)


def deadlines_of(
    inspections: list[Inspection],
    now: datetime,
    held: dict[int, list[str]] | None = None,
    withheld: set[int] | None = None,
    annex_a: dict[int, AnnexARequest] | None = None,
) -> list[Deadline]:
    """Every deadline of ``inspections`` that ``next_deadline`` chooses from."""
    held = holds.holding_many(inspections) if held is None else held
    withheld = holds.withheld_many(inspections) if withheld is None else withheld  # R-PUB-2: no day
    annex_a = open_annex_a_requests(inspections) if annex_a is None else annex_a
    upcoming = []
    for inspection in inspections:
        request = annex_a.get(inspection.id)
        if request is not None:
            due = as_utc(request.due_at)
            upcoming.append(
                Deadline(ANNEX_A_DUE, due, inspection.id, overdue=due <= now, annex_a_setting_id=inspection.setting_id)
            )
        steps = timeline.of(inspection, now, held.get(inspection.id, ()), withheld=inspection.id in withheld)
        upcoming += [d for d in (_deadline(step, inspection, now) for step in steps) if d is not None]
    return upcoming


def _deadline(step: timeline.Step, inspection: Inspection, now: datetime) -> Deadline | None:
    if step.key not in PROVIDER_STEPS:
        return None
    what = PROVIDER_STEPS[step.key]
    if step.key == timeline.PUBLISHED:
        if step.scheduled and step.scheduled > now:
            return Deadline(what, step.scheduled, inspection.id, is_publication=True)
        return None
    if step.status == timeline.HELD:
        return Deadline("Final report held", None, inspection.id, held_by=step.held_by)
    if step.status in (timeline.OPEN, timeline.DUE) and step.deadline and step.deadline > now:
        return Deadline(what, step.deadline, inspection.id)
    later_happened = step.key == "draft_sent" and inspection.final_sent_at is not None
    if step.key in WAITED_FOR and step.status == timeline.MISSED and step.actual is None and not later_happened:
        return Deadline(what, step.deadline, inspection.id, overdue=True)
    return None


Lookups = tuple  # (held, withheld, annex_a) of a set of inspections, as ``next_deadline`` takes them


def lookups(inspections: list[Inspection]) -> Lookups:
    """The holds, withheld reports and Annex A requests of ``inspections``: one statement each."""
    return holds.holding_many(inspections), holds.withheld_many(inspections), open_annex_a_requests(inspections)


def dashboard_page(
    user: User, now: datetime, number: int, per_page: int = SETTINGS_PER_PAGE, also: Sequence[Inspection] = ()
) -> tuple[paging.Page, Lookups]:
    """One page of the user's settings by name, each with its standing judgement, next deadline and
    monthly reports: the settings counted and cut in SQL, then everything else read for those
    settings only, a fixed number of statements whatever the provider's size. The lookups are
    read for ``also`` (the inspections the next deadlines list) in the same statements and
    returned, so the page reads them once."""
    listed = paging.paged(visible_settings(user).order_by(Setting.name, Setting.id), number, per_page)
    settings = list(listed.items)
    ids = [setting.id for setting in settings]
    inspections = db.session.scalars(visible_inspections(user).where(Inspection.setting_id.in_(ids))).all()
    by_setting: dict[int, list[Inspection]] = {}
    for inspection in inspections:
        by_setting.setdefault(inspection.setting_id, []).append(inspection)
    statuses = {c.setting.id: c for c in compliance.for_settings(settings, now)}
    standings = standing.for_settings(settings, now)
    context = lookups(list({i.id: i for i in [*inspections, *also]}.values()))
    rows = [
        _row(setting, by_setting.get(setting.id, []), now, statuses[setting.id], standings[setting.id], context)
        for setting in settings
    ]
    return paging.Page(rows, listed.total, listed.page, per_page), context


def setting_row(user: User, setting: Setting, now: datetime) -> SettingRow:
    return _row(
        setting,
        inspections_of(user, setting),
        now,
        compliance.for_setting(setting, now),
        latest_judgement(setting, now),
    )


def _row(
    setting: Setting, inspections: list[Inspection], now: datetime, monitoring, judged, context=(None, None, None)
) -> SettingRow:
    latest = max(inspections, key=lambda i: i.start_date, default=None)
    return SettingRow(setting, judged, latest, next_deadline(inspections, now, *context), monitoring)


def today(now: datetime):
    return now.astimezone(UK).date()


def inspections_of(user: User, setting: Setting) -> list[Inspection]:
    return list(db.session.scalars(visible_inspections(user).where(Inspection.setting_id == setting.id)))
