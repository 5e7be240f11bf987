"""Pure rules of Annex A: answers checked item by item, privacy (R-AXA-5, through ``privacy``),
consistency, status (R-AXA-1)."""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from portal.annex_a.schema import (
    CATEGORIES,
    CHOICE,
    COUNT,
    EMAIL,
    INITIALS,
    MAX_TEXT,
    PHONE,
    REFERENCE,
    SECTION_BY_KEY,
    TEXT,
    Item,
    Section,
    sections_for,
)
from portal.core.clock import UK
from portal.providers import privacy
from portal.providers.models import SettingType

MAX_COUNT = 100_000
MAX_REFERENCE = 30
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE_PATTERN = re.compile(r"^(\+44\s?|0)\d[\d\s]{8,12}$")
INITIALS_PATTERN = re.compile(r"^[A-Z]{1,3}$")
REFERENCE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ./_-]*$")

NOT_STARTED, IN_PROGRESS, COMPLETED = "not_started", "in_progress", "completed"
STATUS_LABELS = {NOT_STARTED: "Not started", IN_PROGRESS: "In progress", COMPLETED: "Completed"}
ERROR, WARNING = "error", "warning"


class ItemProblem(ValueError):
    pass


def _about_children(section_key: str) -> bool:
    section = SECTION_BY_KEY.get(section_key)
    return section is None or section.about_children


def parse_item(item: Item, raw: Any, section_key: str = "", setting_type: SettingType | None = None) -> Any:
    """The stored value of one answer, or ItemProblem with a GOV.UK message. Empty is None.

    R-AXA-5: a date value (a spreadsheet date cell) is refused in every item, and what is written
    about children passes the one privacy check for ``setting_type`` (strictest when unknown)."""
    if isinstance(raw, (datetime, date, time)):
        raise ItemProblem(privacy.message(item.label, privacy.Finding(privacy.DATE, str(raw)), setting_type))
    if item.kind == CATEGORIES:
        return _categories(item, raw)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    label = item.label
    if item.kind == COUNT:
        return _count(label, raw)
    text = str(raw).strip()
    if len(text) > MAX_TEXT:
        raise ItemProblem(f"{label} must be {MAX_TEXT:,} characters or fewer")
    if item.kind == EMAIL and not EMAIL_PATTERN.match(text):
        raise ItemProblem(f"Enter {label.lower()} in the correct format, like name@example.com")
    if item.kind == PHONE and not PHONE_PATTERN.match(text.replace("(", "").replace(")", "").replace("-", " ")):
        raise ItemProblem(f"Enter {label.lower()} as a UK number, like 0113 496 0000")
    if item.kind == CHOICE and text not in item.choices:
        raise ItemProblem(f"Select {label.lower()} from the list")
    if item.kind == INITIALS:
        if privacy.counts_only(setting_type):
            raise ItemProblem(f"{label}: {privacy.advice(setting_type)}")
        parts = [part.strip().upper().replace(".", "") for part in text.split(",") if part.strip()]
        if not all(INITIALS_PATTERN.match(part) for part in parts):
            raise ItemProblem(f"{label} must be initials only, like AB, CD: never children's names")
        return ", ".join(parts)
    if item.kind == REFERENCE and (
        len(text) > MAX_REFERENCE or not REFERENCE_PATTERN.match(text) or not any(c.isdigit() for c in text)
    ):
        raise ItemProblem(f"Enter the {label.lower()} as your own reference of letters and numbers, like C-1042")
    if item.kind in (TEXT, REFERENCE) and _about_children(section_key):
        finding = privacy.find(text, setting_type)
        if finding:
            raise ItemProblem(privacy.message(label, finding, setting_type))
    return text


def _count(label: str, raw: object) -> int:
    if isinstance(raw, bool):
        raise ItemProblem(f"{label} must be a whole number, like 3")
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    try:
        value = int(str(raw).strip().replace(",", ""))
    except ValueError:
        raise ItemProblem(f"{label} must be a whole number, like 3") from None
    if value < 0:
        raise ItemProblem(f"{label} must be 0 or more")
    if value > MAX_COUNT:
        raise ItemProblem(f"{label} must be {MAX_COUNT:,} or fewer")
    return value


def _categories(item: Item, raw: str | Iterable[object] | None) -> list[str]:
    """R-AXA-7: the categories that apply, in the order the framework lists them."""
    chosen = [raw] if isinstance(raw, str) else list(raw or [])
    chosen = [str(c).strip() for c in chosen if str(c).strip()]
    unknown = [c for c in chosen if c not in item.choices]
    if unknown:
        raise ItemProblem(f"Select {item.label.lower()} from the list")
    return [choice for choice in item.choices if choice in chosen]


def section_status(section: Section, answers: dict[str, Any], setting_type: SettingType) -> str:
    """R-AXA-1: the task list's status, derived from the answers."""
    given = answers.get(section.key)
    if section.is_list:
        return COMPLETED if given else NOT_STARTED
    values = given if isinstance(given, dict) else {}
    items = section.items_for(setting_type)
    if not any(values.get(item.key) is not None for item in items):
        return NOT_STARTED
    if all(values.get(item.key) is not None for item in items if item.required):
        return COMPLETED
    return IN_PROGRESS


@dataclass(frozen=True)
class Check:
    severity: str
    where: str  # "section.item"
    message: str


def _value(answers: dict[str, Any], section: str, item: str) -> Any:
    return (answers.get(section) or {}).get(item)


def consistency(answers: dict[str, Any], capacity: int) -> list[Check]:
    """Checks inspectors value: errors stop a return, warnings ask the provider to look again."""
    checks = []

    def pair(section: str, part: str, whole: str, message: str, severity: str = ERROR) -> None:
        a, b = _value(answers, section, part), _value(answers, section, whole)
        if a is not None and b is not None and a > b:
            checks.append(Check(severity, f"{section}.{part}", message))

    pair(
        "children",
        "restraint_children",
        "restraint_incidents",
        "Children involved in restraint cannot be more than the incidents of restraint",
    )
    pair(
        "children",
        "missing_children",
        "missing_episodes",
        "Children who were missing cannot be more than the episodes of children missing",
    )
    pair("staffing", "vacancies", "posts", "Vacant posts cannot be more than the staff posts")
    pair(
        "children",
        "separation_children",
        "single_separations",
        "Children separated cannot be more than the separations",
    )
    pair(
        "children",
        "rhi_not_offered",
        "missing_episodes",
        "Episodes with no return home interview cannot be more than the episodes of children missing",
    )
    pair(
        "families",
        "families_left_early",
        "families_left",
        "Families who left before their assessment cannot be more than the families who left",
    )
    pair(
        "recruitment",
        "checks_complete",
        "staff_recruited",
        "Staff with every check completed cannot be more than the staff recruited",
    )
    pair(
        "recruitment",
        "staff_recruited",
        "staff_employed",
        "Staff recruited since the last full inspection cannot be more than the staff employed",
        WARNING,
    )
    families = _value(answers, "families", "families_resident")
    if families is not None and capacity and families > capacity:
        checks.append(
            Check(
                ERROR,
                "families.families_resident",
                f"Families living here today cannot be more than the registered capacity of {capacity}",
            )
        )
    resident = _value(answers, "children", "resident")
    if resident is not None and capacity and resident > capacity:
        checks.append(
            Check(
                ERROR,
                "children.resident",
                f"Children living here today cannot be more than the registered capacity of {capacity}",
            )
        )
    staff = _value(answers, "staffing", "care_staff")
    qualified = _value(answers, "staffing", "care_staff_qualified") or 0
    working = _value(answers, "staffing", "care_staff_working_towards") or 0
    if staff is not None and qualified + working > staff:
        checks.append(
            Check(
                ERROR,
                "staffing.care_staff_qualified",
                "Care staff qualified and working towards it cannot add up to more than the care staff employed",
            )
        )
    admissions, leavers = _value(answers, "children", "admissions"), _value(answers, "children", "leavers")
    if admissions is not None and leavers is not None and resident is not None and leavers > admissions + resident:
        checks.append(
            Check(WARNING, "children.leavers", "More children left than were admitted or live here: check the counts")
        )
    for key in ("sexual_exploitation", "criminal_exploitation"):
        value = _value(answers, "children", key)
        if value is not None and resident is not None and admissions is not None and value > resident + admissions:
            checks.append(
                Check(
                    WARNING,
                    f"children.{key}",
                    "More children at risk than lived here since the last inspection: check the count",
                )
            )
    return checks


def ready_to_return(answers: dict[str, Any], setting_type: SettingType, capacity: int) -> list[str]:
    """What stops this Annex A from being returned; empty when it can be."""
    problems = [
        f"Complete the section: {section.title}"
        for section in sections_for(setting_type)
        if (not section.is_list or section.required) and section_status(section, answers, setting_type) != COMPLETED
    ]
    problems += [check.message for check in consistency(answers, capacity) if check.severity == ERROR]
    return problems


def default_due(
    inspection_type: str, setting_type: SettingType, announced_at: datetime | None, start: date
) -> datetime:
    """R-AXA-2: for an STC, 17:00 UK time on the day the inspection is announced; otherwise a time
    agreed on site, proposed here as 17:00 on the first day on site."""
    day = (
        announced_at.astimezone(UK).date()
        if (setting_type == SettingType.SECURE_TRAINING_CENTRE and announced_at)
        else start
    )
    return datetime.combine(day, time(17, 0), tzinfo=UK)


def proposed_due(default: datetime, now: datetime) -> datetime | None:
    """The due time the request form starts with: R-AXA-2's default while it is still ahead; once it
    has passed (an STC announced after 17:00, an inspection on site for days) none, so that the
    inspector agrees and enters a later time rather than brand the provider late from the start."""
    return default if is_ahead(default, now) else None


def is_ahead(due_at: datetime, now: datetime) -> bool:
    """R-AXA-2: a due time must be after the moment it is set, or the provider is late at once."""
    return due_at > now


def is_on_time(returned_at: datetime, due_at: datetime) -> bool:
    """Returned at or before the due time in force when it arrived (an STC's return at 17:01 is late)."""
    return returned_at <= due_at
