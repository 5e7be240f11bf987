"""A setting's standing judgement (R-STAND-1, R-STAND-2): one rule for every page that shows it.

The standing judgement is the overall grade in the FINAL report of the setting's latest published
report with graded judgements: a full inspection, or a monitoring visit that recorded a new
judgement (R-JUDGE-5). Never the judgements given at feedback, a draft, a final still under
embargo or a withheld monitoring report (R-PUB-2) (S0 ¶95). Assurance inspections and monitoring
visits without a new judgement leave it as it is (S0 ¶122, ¶142); the latest of them is shown
beside it, dated.

``standing`` is the pure rule; ``for_settings`` reads what it needs for many settings in one query.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import load_only

from portal.core.clock import UK, as_utc
from portal.extensions import db
from portal.inspection_reports.models import InspectionReport
from portal.inspection_reports.publication import published_clause
from portal.inspections import rules as inspection_rules
from portal.inspections.models import Inspection
from portal.providers.models import Setting, SettingType

NOT_YET_JUDGED = "Not yet judged"
NO_ASSURANCE_JUDGEMENT = "No judgement given"  # R-JUDGE-4: first inspection, no children yet
NO_NEW_JUDGEMENT = "No new judgement"  # R-JUDGE-7, or R-JUDGE-5 without a change
# What the rule and the pages read of each inspection: its other columns are never loaded here.
_RULE_COLUMNS = (
    Inspection.id,
    Inspection.setting_id,
    Inspection.inspection_type,
    Inspection.start_date,
    Inspection.end_date,
)
_BATCH = 500  # settings per query: well inside every database's limit of bound parameters


@dataclass(frozen=True)
class Published:
    """What the rule needs of one published final report."""

    inspection: Inspection
    publish_at: datetime
    judgements: dict[str, str]


@dataclass(frozen=True)
class Outcome:
    """One published result: its label, the inspection it came from and when."""

    label: str
    inspection: Inspection
    inspected_on: date
    published_on: date

    @property
    def kind(self) -> str:
        return inspection_rules.INSPECTION_TYPES[self.inspection.inspection_type]


@dataclass(frozen=True)
class Standing:
    judgement: Outcome | None
    assurance: Outcome | None = None  # the latest assurance result after the judgement
    monitoring: Outcome | None = None  # the latest monitoring visit after it that gave no new judgement

    @property
    def label(self) -> str:
        return self.judgement.label if self.judgement else NOT_YET_JUDGED

    @property
    def beside(self) -> list[Outcome]:
        """The later results shown beside the standing judgement, newest first."""
        later = [outcome for outcome in (self.assurance, self.monitoring) if outcome]
        return sorted(later, key=lambda o: (o.inspected_on, o.published_on), reverse=True)


def assurance_label(setting_type: SettingType, grade: str) -> str:
    """R-JUDGE-3: an STC's assurance judgement says "and/or" (S0 ¶126), an SCH's or a CH's "or"
    (S2 §"Types of inspection")."""
    return inspection_rules.grade_label(grade, setting_type)


def _graded(item: Published) -> str | None:
    """The overall grade that this report sets as the standing judgement, if it sets one."""
    if item.inspection.inspection_type not in (inspection_rules.FULL, inspection_rules.MONITORING):
        return None
    grade = item.judgements.get(inspection_rules.OVERALL)
    return grade if grade in inspection_rules.GRADES and grade != inspection_rules.NOT_JUDGED else None


def _outcome(item: Published, label: str) -> Outcome:
    inspection = item.inspection
    return Outcome(
        label, inspection, inspection.end_date or inspection.start_date, as_utc(item.publish_at).astimezone(UK).date()
    )


def standing(setting_type: SettingType, published: Iterable[Published]) -> Standing:
    """R-STAND-1..2 over a setting's published final reports (in any order)."""
    ordered = sorted(
        published,
        key=lambda p: (p.inspection.end_date or p.inspection.start_date, as_utc(p.publish_at), p.inspection.id),
    )
    judgement = assurance = monitoring = None
    for item in ordered:
        grade = _graded(item)
        kind = item.inspection.inspection_type
        if grade:
            judgement = _outcome(item, inspection_rules.GRADES[grade])
            assurance = monitoring = None  # older results are not beside a newer judgement
        elif kind == inspection_rules.ASSURANCE:
            given = item.judgements.get(inspection_rules.ASSURANCE_AREA)
            assurance = _outcome(item, assurance_label(setting_type, given) if given else NO_ASSURANCE_JUDGEMENT)
        elif kind == inspection_rules.MONITORING:
            monitoring = _outcome(item, NO_NEW_JUDGEMENT)
    return Standing(judgement, assurance, monitoring)


def for_settings(settings: Iterable[Setting], now: datetime) -> dict[int, Standing]:
    """The standing judgement of each setting, keyed by id: one query per 500 settings, reading
    only the judgements of each final report, not its text."""
    settings = list(settings)
    found: dict[int, list[Published]] = {setting.id: [] for setting in settings}
    ids = list(found)
    for start in range(0, len(ids), _BATCH):
        query = (
            select(Inspection, InspectionReport.publish_at, InspectionReport.final["judgements"])
            .options(load_only(*_RULE_COLUMNS))
            .join(InspectionReport, InspectionReport.inspection_id == Inspection.id)
            .where(Inspection.setting_id.in_(ids[start : start + _BATCH]), *published_clause(now))
        )
        for inspection, publish_at, judgements in db.session.execute(query):
            found[inspection.setting_id].append(Published(inspection, publish_at, judgements or {}))
    return {setting.id: standing(setting.type_enum, found[setting.id]) for setting in settings}


def for_setting(setting: Setting, now: datetime) -> Standing:
    return for_settings([setting], now)[setting.id]
