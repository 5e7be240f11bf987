"""Pure rules of a report's requirements and recommendations (R-RPT-6, R-RPT-7, R-REQ-1).

What each setting type's items cite is data: the instrument whose regulations a requirement
names (SCH, CH: the Children's Homes (England) Regulations 2015; RFC: the Residential Family
Centres Regulations 2002; STC: none, S0 ¶155-159) and the documents a recommendation refers to.
Every item stores what it cites, so its text reads the same whatever the setting becomes; items
stored before they did (no ``instrument`` / ``cites`` key) read exactly as they always have.
This module imports nothing of ``portal.inspection_reports.rules``, which re-exports it.
"""

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date

from portal.core import limits
from portal.providers.models import SettingType

CH, SCH, STC, RFC = (
    SettingType.CHILDRENS_HOME,
    SettingType.SECURE_CHILDRENS_HOME,
    SettingType.SECURE_TRAINING_CENTRE,
    SettingType.RESIDENTIAL_FAMILY_CENTRE,
)

TEXT_MAX = limits.REASON_MAX  # a requirement's or recommendation's text
REGULATION_MAX = 40
PARAGRAPH_MAX = 20
SECTION_MAX = 60
KINDS = ("requirements", "recommendations")


@dataclass(frozen=True)
class Instrument:
    key: str
    title: str
    regulations: dict[str, str | None]  # number -> short title (None where not declared here)

    def regulation_title(self, number: str) -> str | None:
        return self.regulations.get(number)


def _numbered(last: int, titles: dict[int | str, str]) -> dict[str, str | None]:
    """Regulations 1..last (an instrument's regulations run without gaps), with the titles known,
    plus any inserted later ("21A")."""
    numbers = {str(n): None for n in range(1, last + 1)}
    numbers.update({str(k): v for k, v in titles.items()})
    return dict(sorted(numbers.items(), key=lambda kv: (int(re.match(r"\d+", kv[0]).group()), kv[0])))


# SI 2015/541, titles as printed on legislation.gov.uk (Part 1 to Part 7).
CH_REGULATIONS = Instrument(
    "ch_2015",
    "the Children's Homes (England) Regulations 2015",
    _numbered(
        53,
        {
            1: "Citation, commencement and application",
            2: "Interpretation",
            3: "Excepted establishments",
            4: "Quality standards for children's homes",
            5: "Engaging with the wider system to ensure children's needs are met",
            6: "The quality and purpose of care standard",
            7: "The children's views, wishes and feelings standard",
            8: "The education standard",
            9: "The enjoyment and achievement standard",
            10: "The health and well-being standard",
            11: "The positive relationships standard",
            12: "The protection of children standard",
            13: "The leadership and management standard",
            14: "The care planning standard",
            15: (
                "Duty to have regard to statements of standards published under section 23 of the "
                "Care Standards Act 2000"
            ),
            16: "Statement of purpose",
            17: "Placement plan for looked after child",
            18: "Placement plan for a child who is not looked after",
            19: "Behaviour management and discipline",
            20: "Restraint and deprivation of liberty",
            21: "Privacy and access",
            22: "Contact and access to communications",
            23: "Medicines",
            26: "Fitness of registered provider",
            27: "Appointment of manager",
            28: "Fitness of manager",
            32: "Fitness of workers",
            34: "Policies for the protection of children",
            35: "Behaviour management policies and records",
            36: "Children's case records",
            37: "Other records with respect to children's homes",
            40: "Notification of a serious event",
            41: "Notification with respect to children admitted into, or discharged from, a children's home",
            44: "Independent person: visits and reports",
            45: "Review of quality of care",
            46: "Review of premises",
            48: "Notice of absence",
            49: "Notice of changes",
            50: "Appointment of liquidators etc.",
        },
    ),
)

# SI 2002/3213 as amended (regulation 21A inserted in 2013: S4 §"Surveillance").
RFC_REGULATIONS = Instrument(
    "rfc_2002",
    "the Residential Family Centres Regulations 2002",
    _numbered(
        30,
        {
            1: "Citation, commencement and application",
            2: "Interpretation",
            3: "Excepted establishments",
            4: "Statement of purpose and resident's guide",
            5: "Fitness of registered provider",
            6: "Appointment of manager",
            7: "Fitness of manager",
            8: "Registered person: general requirements",
            9: "Notification of offences",
            10: "Health and welfare of residents",
            11: "Further requirements as to health and welfare",
            12: "Arrangements for the protection of children",
            13: "Placements",
            14: "Facilities and services",
            15: "Staffing of residential family centre",
            16: "Fitness of workers",
            17: "Employment of staff",
            18: "Staff views as to conduct of residential family centre",
            19: "Records",
            20: "Complaints",
            21: "Fitness of premises",
            "21A": "Surveillance",
            22: "Fire precautions",
            23: "Review of quality of care",
            24: "Financial position",
            25: "Visits by registered provider",
            26: "Notifiable events",
            27: "Notice of absence",
            28: "Notice of changes",
            29: "Appointment of liquidators etc.",
            30: "Death of registered person",
        },
    ),
)

INSTRUMENTS = {CH_REGULATIONS.key: CH_REGULATIONS, RFC_REGULATIONS.key: RFC_REGULATIONS}
# R-RPT-6: whose regulations a setting type's requirements cite; an STC has none (S0 ¶155-159).
REQUIREMENT_INSTRUMENT = {CH: CH_REGULATIONS, SCH: CH_REGULATIONS, RFC: RFC_REGULATIONS}

# R-RPT-7: the documents recommendations cite.
GUIDE = "Guide to the Children's Homes Regulations, including the quality standards"
NMS = "Residential Family Centres: National Minimum Standards"
STATUTORY_GUIDANCE = "statutory or practice guidance"
GUIDANCE = {  # titles as the seeds print them (S0 ¶157, S2 and S4 §"Recommendations", S2 §"Types of inspection")
    "working_together": "Working together to safeguard children",
    "missing": "Statutory guidance for children who run away or go missing from home or care",
    "secure_health": "Healthcare standards for children and young people in secure settings",
    "building_bridges": "Building bridges: a positive behaviour framework for the children and young people "
    "secure estate",
    "youth_justice": "Standards for children in the youth justice system",
    "keeping_safe": "Keeping children safe in education",
}
GUIDANCE_FOR = {
    CH: ("working_together", "missing"),
    SCH: ("working_together", "missing", "secure_health", "building_bridges", "youth_justice"),
    RFC: ("working_together", "missing"),
    STC: ("working_together", "secure_health", "building_bridges", "youth_justice", "keeping_safe"),
}
CITES_GUIDE, CITES_NMS, CITES_GUIDANCE = "guide", "nms", "guidance"
CITATION_LABELS = {
    CITES_GUIDE: f"The {GUIDE}",
    CITES_NMS: f"The {NMS}",
    CITES_GUIDANCE: "Other statutory or practice guidance",
}


def may_make_requirements(setting_type: SettingType) -> bool:
    """R-RPT-6: SCH, CH and RFC reports may carry requirements; an STC's carry recommendations only."""
    return SettingType(setting_type) in REQUIREMENT_INSTRUMENT


def requirement_instrument(setting_type: SettingType) -> Instrument | None:
    return REQUIREMENT_INSTRUMENT.get(SettingType(setting_type))


def recommendation_reference(setting_type: SettingType) -> str:
    """R-RPT-7: the document this setting type's recommendations cite (S2, S4 §"Recommendations"; S0 ¶157)."""
    return {CH: GUIDE, SCH: GUIDE, RFC: NMS, STC: STATUTORY_GUIDANCE}[SettingType(setting_type)]


def citation_choices(setting_type: SettingType) -> dict[str, str]:
    """What a recommendation may cite: the Guide or the NMS first, or other statutory guidance."""
    setting_type = SettingType(setting_type)
    main = {CH: CITES_GUIDE, SCH: CITES_GUIDE, RFC: CITES_NMS}.get(setting_type)
    return {key: CITATION_LABELS[key] for key in (main, CITES_GUIDANCE) if key}


def guidance_choices(setting_type: SettingType) -> dict[str, str]:
    return {key: GUIDANCE[key] for key in GUIDANCE_FOR[SettingType(setting_type)]}


def _uk(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def requirement_text(item: dict) -> str:
    """The requirement as printed (R-RPT-6): what to do, the regulation of its instrument, the date."""
    comply_by = date.fromisoformat(item["comply_by"])
    instrument = INSTRUMENTS.get(item.get("instrument"))
    of = f" of {instrument.title}" if instrument else ""
    return f"{item['text']} (Regulation {item['regulation']}{of}.) To be met by: {_uk(comply_by)}."


def recommendation_text(item: dict) -> str:
    """The recommendation as printed (R-RPT-7) with the document it cites."""
    cites = item.get("cites", CITES_GUIDE)
    if cites == CITES_NMS:
        return f"{item['text']} ('{NMS}', standard {item['standard']}.)"
    if cites == CITES_GUIDANCE:
        section = f", {item['section']}" if item.get("section") else ""
        return f"{item['text']} ('{GUIDANCE[item['document']]}'{section}.)"
    return f"{item['text']} ('{GUIDE}', page {item['guide_page']}, paragraph {item['guide_paragraph']}.)"


def item_text(kind: str, item: dict) -> str:
    return requirement_text(item) if kind == "requirements" else recommendation_text(item)


_REGULATION = re.compile(r"^(\d{1,3}[A-Z]?)((?:\([0-9A-Za-z]{1,6}\))*)$")
_STANDARD = re.compile(r"^\d{1,2}(\.\d{1,2})?$")
_PARAGRAPH = re.compile(r"^\d{1,3}(\.\d{1,3}){0,2}$")


def parse_regulation(typed: str) -> tuple[str, str] | None:
    """'Reg 12 (1)(a)' -> ('12', '12(1)(a)'): the regulation's number and the citation as printed."""
    compact = re.sub(r"\s+", "", typed or "")
    compact = re.sub(r"^(regulation|reg\.?)", "", compact, flags=re.I)
    compact = re.sub(r"^(\d{1,3})([a-z])(?![a-z])", lambda m: m[1] + m[2].upper(), compact)  # 21a -> 21A
    match = _REGULATION.match(compact)
    if match is None:
        return None
    return match[1], match[1] + match[2]


def _text_error(text: str, subject: str) -> str | None:
    text = (text or "").strip()
    if not text:
        return f"Enter the {subject.lower()}"
    if len(text) > TEXT_MAX:
        return f"{subject} must be {TEXT_MAX:,} characters or fewer"
    return None


def requirement_item(
    setting_type: SettingType, text: str, regulation: str, comply_by: date | None, end_date: date | None
) -> tuple[dict | None, dict[str, str]]:
    """A requirement to store, or the problems with it by field (R-RPT-6).

    The regulation must be one of the setting type's instrument; the date must come after the
    inspection's last day (it may fall before the report arrives: then it is given at feedback).
    """
    instrument = requirement_instrument(setting_type)
    if instrument is None:
        return None, {
            "": "A secure training centre's report carries recommendations only: make a recommendation instead"
        }
    errors = {}
    if message := _text_error(text, "Requirement"):
        errors["text"] = message
    typed = (regulation or "").strip()
    parsed = parse_regulation(typed)
    if not typed:
        errors["regulation"] = "Enter the regulation, like 12(1)(a)"
    elif len(typed) > REGULATION_MAX:
        errors["regulation"] = f"Regulation must be {REGULATION_MAX} characters or fewer"
    elif parsed is None:
        errors["regulation"] = "Enter the regulation as its number, like 12 or 12(1)(a)"
    elif parsed[0] not in instrument.regulations:
        errors["regulation"] = f"Regulation {parsed[0]} is not a regulation of {instrument.title}"
    if comply_by is None:
        errors["comply_by"] = "Enter the date by which to comply"
    elif end_date and comply_by <= end_date:
        errors["comply_by"] = f"Date to comply by must be after the last day of the inspection, {_uk(end_date)}"
    if errors:
        return None, errors
    return {
        "text": text.strip(),
        "regulation": parsed[1],
        "comply_by": comply_by.isoformat(),
        "instrument": instrument.key,
    }, {}


def recommendation_item(
    setting_type: SettingType,
    cites: str,
    text: str,
    guide_page: str = "",
    guide_paragraph: str = "",
    standard: str = "",
    document: str = "",
    section: str = "",
) -> tuple[dict | None, dict[str, str]]:
    """A recommendation to store, or the problems with it by field (R-RPT-7)."""
    errors = {}
    if message := _text_error(text, "Recommendation"):
        errors["text"] = message
    allowed = citation_choices(setting_type)
    item = {"text": (text or "").strip(), "cites": cites}
    if cites not in allowed:
        errors["cites"] = "Select what the recommendation refers to"
    elif cites == CITES_GUIDE:
        page, paragraph = (guide_page or "").strip(), (guide_paragraph or "").strip()
        if not page:
            errors["guide_page"] = "Enter the page of the guide"
        elif not (page.isascii() and page.isdigit()):
            errors["guide_page"] = "Page must be a whole number, like 45"
        elif not 1 <= int(page) <= 999:
            errors["guide_page"] = "Page must be between 1 and 999"
        if not paragraph:
            errors["guide_paragraph"] = "Enter the paragraph of the guide, like 9.7"
        elif len(paragraph) > PARAGRAPH_MAX or not _PARAGRAPH.match(paragraph):
            errors["guide_paragraph"] = "Enter the paragraph of the guide as numbers, like 9.7"
        if "guide_page" not in errors:
            item |= {"guide_page": int(page), "guide_paragraph": paragraph}
    elif cites == CITES_NMS:
        standard = (standard or "").strip()
        if not standard:
            errors["standard"] = "Enter the standard, like 12.3"
        elif not _STANDARD.match(standard):
            errors["standard"] = "Enter the standard as numbers, like 12 or 12.3"
        item["standard"] = standard
    else:
        section = " ".join((section or "").split())
        if document not in guidance_choices(setting_type):
            errors["document"] = "Select the guidance the recommendation refers to"
        if len(section) > SECTION_MAX:
            errors["section"] = f"Paragraph or section must be {SECTION_MAX} characters or fewer"
        item |= {"document": document, "section": section}
    return (None, errors) if errors else (item, {})


def item_key(item: dict) -> str:
    """A short fingerprint of an item, carried by its forms: an edit, move or removal is refused
    when the item at that place is no longer the one the page showed (someone changed the list)."""
    return hashlib.sha256(json.dumps(item, sort_keys=True).encode()).hexdigest()[:16]
