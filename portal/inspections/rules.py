"""Pure rules of inspections: types, judgements (R-INSP-1, R-JUDGE-1..3), status machines."""

from portal.core.states import StateMachine
from portal.providers.models import SettingType

FULL, ASSURANCE, MONITORING = "full", "assurance", "monitoring"
INSPECTION_TYPES = {FULL: "Full inspection", ASSURANCE: "Assurance inspection", MONITORING: "Monitoring visit"}

# R-INSP-1 and DOMAIN.md §2: which types each kind of setting can have.
TYPES_BY_SETTING = {
    SettingType.CHILDRENS_HOME: (FULL, MONITORING),
    SettingType.SECURE_CHILDRENS_HOME: (FULL, ASSURANCE, MONITORING),
    SettingType.SECURE_TRAINING_CENTRE: (FULL, ASSURANCE, MONITORING),
    SettingType.RESIDENTIAL_FAMILY_CENTRE: (FULL, MONITORING),
}

OUTSTANDING, GOOD, REQUIRES_IMPROVEMENT, INADEQUATE, NOT_JUDGED = (
    "outstanding", "good", "requires_improvement", "inadequate", "not_judged")
GRADES = {
    OUTSTANDING: "Outstanding",
    GOOD: "Good",
    REQUIRES_IMPROVEMENT: "Requires improvement to be good",
    INADEQUATE: "Inadequate",
    NOT_JUDGED: "Not judged",
}
SERIOUS, NO_SERIOUS = "serious_concerns", "no_serious_concerns"
ASSURANCE_GRADES = {
    SERIOUS: "Serious and/or widespread concerns",
    NO_SERIOUS: "No serious and/or widespread concerns",
}
ALL_GRADE_LABELS = GRADES | ASSURANCE_GRADES

OVERALL, PROTECTED, LEADERS = "overall", "helped_protected", "leaders_managers"
EDUCATION, HEALTH, RESETTLEMENT, ASSURANCE_AREA = "education", "health", "resettlement", "assurance"


def judgement_areas(setting_type: SettingType, inspection_type: str) -> dict[str, str]:
    """The judgement areas, in report order, with their labels (DOMAIN.md §3)."""
    if inspection_type == MONITORING:
        return {}
    if inspection_type == ASSURANCE:
        return {ASSURANCE_AREA: "Assurance judgement"}
    whom = "children and parents" if setting_type == SettingType.RESIDENTIAL_FAMILY_CENTRE else "children"
    areas = {
        OVERALL: f"Overall experiences and progress of {whom}",
        PROTECTED: "How well children are helped and protected",
        LEADERS: "The effectiveness of leaders and managers",
    }
    if setting_type == SettingType.SECURE_CHILDRENS_HOME:
        areas |= {EDUCATION: "Children's education and learning", HEALTH: "Children's health"}
    if setting_type == SettingType.SECURE_TRAINING_CENTRE:
        areas |= {EDUCATION: "Education and learning", HEALTH: "Health", RESETTLEMENT: "Resettlement"}
    return areas


def grade_choices(inspection_type: str) -> dict[str, str]:
    return ASSURANCE_GRADES if inspection_type == ASSURANCE else GRADES


_RANK = {OUTSTANDING: 1, GOOD: 2, REQUIRES_IMPROVEMENT: 3, INADEQUATE: 4}


def judgement_errors(judgements: dict[str, str], setting_type: SettingType, inspection_type: str) -> dict[str, str]:
    """Problems with a set of judgements, keyed by area; empty when they are consistent.

    R-JUDGE-1: "helped and protected" inadequate forces "overall" inadequate.
    R-JUDGE-2: "leaders and managers" inadequate caps "overall" at requires improvement.
    R-JUDGE-3: an assurance inspection has exactly one judgement of its own scale.
    """
    areas = judgement_areas(setting_type, inspection_type)
    allowed = grade_choices(inspection_type)
    errors = {}
    for area, label in areas.items():
        grade = judgements.get(area)
        if grade not in allowed:
            errors[area] = f"Select a judgement for {label.lower()}"
    unknown = set(judgements) - set(areas)
    for area in unknown:
        errors[area] = "This judgement does not apply to this inspection"
    if errors or inspection_type != FULL:
        return errors
    overall = judgements[OVERALL]
    if judgements[PROTECTED] == INADEQUATE and overall != INADEQUATE:
        errors[OVERALL] = ("Overall experiences and progress must be inadequate when how well "
                           "children are helped and protected is inadequate")
    elif judgements[LEADERS] == INADEQUATE and overall in (OUTSTANDING, GOOD):
        errors[OVERALL] = ("Overall experiences and progress cannot be better than requires "
                           "improvement to be good when the effectiveness of leaders and managers "
                           "is inadequate")
    return errors


# Inspection status (DESIGN.md convention 4). "Published" is not a status: a report is
# published when its publication date (R-TL-3) has come, so it can never appear early.
ANNOUNCED, ON_SITE, ENDED, DRAFT_SENT, FINAL_SENT, DEFERRED = (
    "announced", "on_site", "ended", "draft_sent", "final_sent", "deferred")
STATUS_LABELS = {
    ANNOUNCED: "Announced",
    ON_SITE: "On site",
    ENDED: "Ended: awaiting draft report",
    DRAFT_SENT: "Draft report sent",
    FINAL_SENT: "Final report sent",
    DEFERRED: "Deferred",
}
INSPECTION_STATES = StateMachine("inspection", {
    ANNOUNCED: frozenset({ON_SITE, DEFERRED}),
    ON_SITE: frozenset({ENDED, DEFERRED}),
    DEFERRED: frozenset({ANNOUNCED}),
    ENDED: frozenset({DRAFT_SENT}),
    DRAFT_SENT: frozenset({FINAL_SENT}),
    FINAL_SENT: frozenset(),
})

# Deferrals may be asked for only before the inspection has ended (R-INSP-3).
DEFERRABLE = frozenset({ANNOUNCED, ON_SITE})
REQUESTED, GRANTED, REFUSED = "requested", "granted", "refused"
DEFERRAL_LABELS = {REQUESTED: "Awaiting decision", GRANTED: "Granted", REFUSED: "Refused"}
DEFERRAL_STATES = StateMachine("deferral request", {
    REQUESTED: frozenset({GRANTED, REFUSED}),
    GRANTED: frozenset(),
    REFUSED: frozenset(),
})
