"""Pure rules of inspections: types, judgements (R-INSP-1, R-JUDGE-1..3), status machines."""

from datetime import date

from portal.core.states import StateMachine
from portal.core.workdays import add_working_days
from portal.providers.models import SettingType

FULL, ASSURANCE, MONITORING = "full", "assurance", "monitoring"
INSPECTION_TYPES = {FULL: "Full inspection", ASSURANCE: "Assurance inspection", MONITORING: "Monitoring visit"}

# R-INSP-1 and DOMAIN.md §2: which types each kind of setting can have (RFC: no assurance, S4).
TYPES_BY_SETTING = {
    SettingType.CHILDRENS_HOME: (FULL, ASSURANCE, MONITORING),
    SettingType.SECURE_CHILDRENS_HOME: (FULL, ASSURANCE, MONITORING),
    SettingType.SECURE_TRAINING_CENTRE: (FULL, ASSURANCE, MONITORING),
    SettingType.RESIDENTIAL_FAMILY_CENTRE: (FULL, MONITORING),
}

OUTSTANDING, GOOD, REQUIRES_IMPROVEMENT, INADEQUATE, NOT_JUDGED = (
    "outstanding",
    "good",
    "requires_improvement",
    "inadequate",
    "not_judged",
)
GRADES = {
    OUTSTANDING: "Outstanding",
    GOOD: "Good",
    REQUIRES_IMPROVEMENT: "Requires improvement to be good",
    INADEQUATE: "Inadequate",
    NOT_JUDGED: "Not judged",
}
SERIOUS, NO_SERIOUS = "serious_concerns", "no_serious_concerns"
# R-JUDGE-3: the STC framework says "serious and/or widespread" (S0 ¶126, ¶167); the SCCIF
# "serious or widespread" (S2 §"Types of inspection"), which children's homes follow.
ASSURANCE_GRADES = {
    SERIOUS: "Serious and/or widespread concerns",
    NO_SERIOUS: "No serious and/or widespread concerns",
}
SCCIF_ASSURANCE_GRADES = {
    SERIOUS: "Serious or widespread concerns",
    NO_SERIOUS: "No serious or widespread concerns",
}
ALL_GRADE_LABELS = GRADES | ASSURANCE_GRADES

OVERALL, PROTECTED, LEADERS = "overall", "helped_protected", "leaders_managers"
EDUCATION, HEALTH, RESETTLEMENT, ASSURANCE_AREA = "education", "health", "resettlement", "assurance"

# R-JUDGE-7: an STC monitoring visit gives no judgement; it records improvement or continued
# concern, and whether serious and/or widespread concerns were found (S0 ¶142).
IMPROVEMENT, CONTINUED_CONCERN = "improvement", "continued_concern"
MONITORING_PROGRESS = {
    IMPROVEMENT: "Improvement since the last inspection",
    CONTINUED_CONCERN: "Continued concern",
}


def judgement_areas(setting_type: SettingType, inspection_type: str) -> dict[str, str]:
    """The judgement areas, in report order, with their labels (DOMAIN.md §3).

    A monitoring visit has none unless it records a new judgement (R-JUDGE-5): then it has the
    areas of a full inspection, given by ``judgement_areas(setting_type, FULL)``.
    """
    if inspection_type == MONITORING:
        return {}
    if inspection_type == ASSURANCE:
        return {ASSURANCE_AREA: "Assurance judgement"}
    whom = "children and parents" if setting_type == SettingType.RESIDENTIAL_FAMILY_CENTRE else "children"
    areas = {
        OVERALL: f"Overall experiences and progress of {whom}",
        PROTECTED: f"How well {whom} are helped and protected",
        LEADERS: "The effectiveness of leaders and managers",
    }
    if setting_type == SettingType.SECURE_CHILDRENS_HOME:
        areas |= {EDUCATION: "Children's education and learning", HEALTH: "Children's health"}
    if setting_type == SettingType.SECURE_TRAINING_CENTRE:
        areas |= {EDUCATION: "Education and learning", HEALTH: "Health", RESETTLEMENT: "Resettlement"}
    return areas


def may_give_monitoring_judgement(setting_type: SettingType) -> bool:
    """R-JUDGE-5 (SCH, CH, RFC may record a new judgement at a monitoring visit); R-JUDGE-7 (STC never)."""
    return setting_type != SettingType.SECURE_TRAINING_CENTRE


def assurance_grades(setting_type: SettingType | None) -> dict[str, str]:
    """R-JUDGE-3: the two values of an assurance judgement, labelled as the setting's framework does."""
    return ASSURANCE_GRADES if setting_type in (None, SettingType.SECURE_TRAINING_CENTRE) else SCCIF_ASSURANCE_GRADES


def grade_choices(inspection_type: str, setting_type: SettingType | None = None) -> dict[str, str]:
    return assurance_grades(setting_type) if inspection_type == ASSURANCE else GRADES


def area_grades(setting_type: SettingType, inspection_type: str, area: str) -> dict[str, str]:
    """The grades an area may be given: "not judged" only for an SCH's education and health (R-JUDGE-6)."""
    grades = grade_choices(inspection_type, setting_type)
    if inspection_type != ASSURANCE and not may_be_not_judged(setting_type, area):
        grades = {key: label for key, label in grades.items() if key != NOT_JUDGED}
    return grades


def may_be_not_judged(setting_type: SettingType, area: str) -> bool:
    """R-JUDGE-6: SCH education and learning and/or health may be not judged at a full
    re-inspection after inadequate, if the case review so decided (S2 §"Subsequent inspection activity")."""
    return setting_type == SettingType.SECURE_CHILDRENS_HOME and area in (EDUCATION, HEALTH)


def grade_label(grade: str | None, setting_type: SettingType | None = None) -> str:
    """A stored grade as people read it, with the setting's own assurance wording (R-JUDGE-3)."""
    if grade in (SERIOUS, NO_SERIOUS):
        return assurance_grades(setting_type)[grade]
    return GRADES.get(grade, "Not recorded") if grade else "Not recorded"


_RANK = {OUTSTANDING: 1, GOOD: 2, REQUIRES_IMPROVEMENT: 3, INADEQUATE: 4}


def judgement_errors(judgements: dict[str, str], setting_type: SettingType, inspection_type: str) -> dict[str, str]:
    """Problems with a set of judgements, keyed by area; empty when they are consistent.

    R-JUDGE-1: "helped and protected" inadequate forces "overall" inadequate.
    R-JUDGE-2: "leaders and managers" inadequate caps "overall" at requires improvement.
    R-JUDGE-3: an assurance inspection has exactly one judgement of its own scale.
    R-JUDGE-5/7: a monitoring visit has none, or (not STC) a new judgement of every full area.
    R-JUDGE-6: only an SCH's education and health may be "not judged".
    The limiting judgements (helped and protected, leaders and managers) are judged whenever overall is.
    """
    if inspection_type == MONITORING:
        if not judgements:
            return {}
        if not may_give_monitoring_judgement(setting_type):
            return {area: "A monitoring visit of a secure training centre gives no judgement" for area in judgements}
        inspection_type = FULL
    areas = judgement_areas(setting_type, inspection_type)
    errors = {}
    for area, label in areas.items():
        grade = judgements.get(area)
        if grade not in area_grades(setting_type, inspection_type, area):
            errors[area] = (
                f"{label} must be judged: only a secure children's home's education and health can be not judged"
                if grade == NOT_JUDGED
                else f"Select a judgement for {label.lower()}"
            )
            if area in (PROTECTED, LEADERS) and judgements.get(OVERALL) in _RANK:
                errors[area] += ": the limiting judgements must be judged when the overall grade is"
    unknown = set(judgements) - set(areas)
    for area in unknown:
        errors[area] = "This judgement does not apply to this inspection"
    if errors or inspection_type != FULL:
        return errors
    overall = judgements[OVERALL]
    if judgements[PROTECTED] == INADEQUATE and overall != INADEQUATE:
        errors[OVERALL] = (
            "Overall experiences and progress must be inadequate when how well "
            "children are helped and protected is inadequate"
        )
    elif judgements[LEADERS] == INADEQUATE and overall in (OUTSTANDING, GOOD):
        errors[OVERALL] = (
            "Overall experiences and progress cannot be better than requires "
            "improvement to be good when the effectiveness of leaders and managers "
            "is inadequate"
        )
    return errors


# Inspection status (DESIGN.md convention 4). "Published" is not a status: a report is
# published when its publication date (R-TL-3) has come, so it can never appear early.
# SCHEDULED: an unannounced inspection rescheduled after a deferral, not started yet; the provider
# sees nothing of it until it starts (R-NOT-1). WITHDRAWN: entered in error and withdrawn by an
# inspectorate manager, with a reason; possible until the draft report is sent, since after that
# the provider holds a report of it (DESIGN.md convention 6: the record stays, marked withdrawn).
ANNOUNCED, ON_SITE, ENDED, DRAFT_SENT, FINAL_SENT, DEFERRED = (
    "announced",
    "on_site",
    "ended",
    "draft_sent",
    "final_sent",
    "deferred",
)
SCHEDULED, WITHDRAWN = "scheduled", "withdrawn"
STATUS_LABELS = {
    ANNOUNCED: "Announced",
    ON_SITE: "On site",
    ENDED: "Ended: awaiting draft report",
    DRAFT_SENT: "Draft report sent",
    FINAL_SENT: "Final report sent",
    DEFERRED: "Deferred",
    SCHEDULED: "Rescheduled: not started",
    WITHDRAWN: "Withdrawn",
}
INSPECTION_STATES = StateMachine(
    "inspection",
    {
        ANNOUNCED: frozenset({ON_SITE, DEFERRED, WITHDRAWN}),
        ON_SITE: frozenset({ENDED, DEFERRED, WITHDRAWN}),
        DEFERRED: frozenset({ANNOUNCED, SCHEDULED, WITHDRAWN}),
        SCHEDULED: frozenset({ON_SITE, WITHDRAWN}),
        ENDED: frozenset({DRAFT_SENT, WITHDRAWN}),
        DRAFT_SENT: frozenset({FINAL_SENT}),
        FINAL_SENT: frozenset(),
        WITHDRAWN: frozenset(),
    },
)
# Open inspections: not withdrawn and the final report not sent. A new inspection of a setting
# that has one open (and not ended before the new one starts) is refused as a duplicate.
OPEN = frozenset({ANNOUNCED, ON_SITE, DEFERRED, SCHEDULED, ENDED, DRAFT_SENT})
# R-NOT-1: statuses the provider never sees (a rescheduled unannounced inspection before it starts).
HIDDEN_FROM_PROVIDER = frozenset({SCHEDULED})

# Deferrals may be asked for only before the inspection has ended (R-INSP-3).
DEFERRABLE = frozenset({ANNOUNCED, ON_SITE})
REQUESTED, GRANTED, REFUSED = "requested", "granted", "refused"
DEFERRAL_LABELS = {REQUESTED: "Awaiting decision", GRANTED: "Granted", REFUSED: "Refused"}
DEFERRAL_STATES = StateMachine(
    "deferral request",
    {
        REQUESTED: frozenset({GRANTED, REFUSED}),
        GRANTED: frozenset(),
        REFUSED: frozenset(),
    },
)


COMPLIANCE_VISIT_WORKING_DAYS = 5


def compliance_visit_due(notice_date: date) -> date:
    """R-REQ-3: the last day for the monitoring visit after a compliance notice's date for full
    compliance: the fifth working day after it (R-WD-2: the date itself never counts)."""
    return add_working_days(notice_date, COMPLIANCE_VISIT_WORKING_DAYS)
