"""What a provider's dashboard shows for each setting: latest judgement and the next deadline."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from portal.accounts.models import User
from portal.core.access import visible_inspections, visible_settings
from portal.core.clock import UK
from portal.extensions import db
from portal.inspections import holds, timeline
from portal.inspections.models import Inspection
from portal.monitoring_reports import compliance
from portal.providers.models import Setting
from portal.reports import standing

# The steps of the timeline that a provider acts on or waits for, with what to call them.
PROVIDER_STEPS = {
    "informal_concerns": "Raise an informal concern about the inspection",
    "comments": "Comment on the draft report, or lodge a formal complaint",
    "draft_sent": "Draft report due from the inspectorate",
    "published": "Report published (under embargo until then)",
}


@dataclass(frozen=True)
class Deadline:
    what: str
    due: datetime
    inspection_id: int
    is_publication: bool = False


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


def next_deadline(inspections: list[Inspection], now: datetime) -> Deadline | None:
    """The earliest deadline still ahead that concerns the provider, on the targets of each kind of
    inspection (R-TL-1, R-TL-4). Publication counts once the final is sent: its day, not its target."""
    upcoming = []
    withheld = holds.withheld_many(inspections)  # R-PUB-2: no publication day to announce
    for inspection in inspections:
        for step in timeline.of(inspection, now, withheld=inspection.id in withheld):
            if step.key not in PROVIDER_STEPS:
                continue
            if step.key == timeline.PUBLISHED:
                if step.scheduled and step.scheduled > now:
                    upcoming.append(Deadline(PROVIDER_STEPS[step.key], step.scheduled, inspection.id,
                                             is_publication=True))
            elif step.deadline and step.deadline > now and step.status in (timeline.OPEN, timeline.DUE):
                upcoming.append(Deadline(PROVIDER_STEPS[step.key], step.deadline, inspection.id))
    return min(upcoming, key=lambda d: d.due, default=None)


def dashboard_rows(user: User, now: datetime) -> list[SettingRow]:
    settings = db.session.scalars(visible_settings(user).order_by(Setting.name)).all()
    inspections = db.session.scalars(visible_inspections(user)).all()
    by_setting: dict[int, list[Inspection]] = {}
    for inspection in inspections:
        by_setting.setdefault(inspection.setting_id, []).append(inspection)
    statuses = {c.setting.id: c for c in compliance.for_settings(list(settings), now)}
    standings = standing.for_settings(settings, now)
    return [_row(setting, by_setting.get(setting.id, []), now, statuses[setting.id], standings[setting.id])
            for setting in settings]


def setting_row(user: User, setting: Setting, now: datetime) -> SettingRow:
    return _row(setting, inspections_of(user, setting), now, compliance.for_setting(setting, now),
                latest_judgement(setting, now))


def _row(setting: Setting, inspections: list[Inspection], now: datetime, monitoring, judged) -> SettingRow:
    latest = max(inspections, key=lambda i: i.start_date, default=None)
    return SettingRow(setting, judged, latest, next_deadline(inspections, now), monitoring)


def today(now: datetime):
    return now.astimezone(UK).date()


def inspections_of(user: User, setting: Setting) -> list[Inspection]:
    return list(db.session.scalars(visible_inspections(user).where(Inspection.setting_id == setting.id)))


def find_setting_by_urn(urn: str) -> Setting | None:
    return db.session.scalar(select(Setting).where(Setting.urn == (urn or "").strip().upper()))
