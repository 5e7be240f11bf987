"""The report templates: which sections a report has, per setting type × inspection type
(DOMAIN.md §11: R-RPT-1..5; DESIGN.md convention 5). Declared once as data; they drive the
inspector's forms, the provider's pages, the PDFs, the numbering and the published page.

Pure: no Flask, no database.
"""

from dataclasses import dataclass

from portal.accounts.roles import CQC, OFSTED_FES
from portal.inspections.rules import (
    ASSURANCE,
    EDUCATION,
    FULL,
    HEALTH,
    LEADERS,
    MONITORING,
    OVERALL,
    PROTECTED,
    RESETTLEMENT,
    TYPES_BY_SETTING,
    judgement_areas,
    may_give_monitoring_judgement,
)
from portal.providers.models import SettingType

CH, SCH, STC, RFC = (
    SettingType.CHILDRENS_HOME,
    SettingType.SECURE_CHILDRENS_HOME,
    SettingType.SECURE_TRAINING_CENTRE,
    SettingType.RESIDENTIAL_FAMILY_CENTRE,
)


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    hint: str
    kind: str = "text"  # text | judgements | improvements
    required: bool = True
    area: str | None = None  # the judgement area this narrative explains
    # R-RPT-2: the inspectorate whose inspector writes it (the lead inspector collates).
    contributor: str | None = None


@dataclass(frozen=True)
class ReportTemplate:
    setting_type: SettingType
    inspection_type: str
    title: str
    sections: tuple[Section, ...]

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)

    @property
    def text_sections(self) -> tuple[Section, ...]:
        return tuple(s for s in self.sections if s.kind == "text")

    @property
    def may_give_new_judgement(self) -> bool:
        """R-JUDGE-5: an SCH, CH or RFC monitoring visit may record a new judgement."""
        return self.inspection_type == MONITORING and may_give_monitoring_judgement(self.setting_type)

    @property
    def records_outcome(self) -> bool:
        """R-JUDGE-7: an STC monitoring visit records progress and concerns instead of a judgement."""
        return self.inspection_type == MONITORING and not may_give_monitoring_judgement(self.setting_type)

    @property
    def may_have_no_children(self) -> bool:
        """R-JUDGE-4: the first SCH inspection after registration with no children there (CH by
        analogy) is an assurance inspection with no judgement and a fixed statement (R-RPT-4)."""
        return self.inspection_type == ASSURANCE and self.setting_type in (SCH, CH)

    def areas(self, content: dict) -> dict[str, str]:
        """The judgement areas this report grades: a monitoring visit's only when it makes a new
        judgement (content["new_judgement"]), and then those of a full inspection; none at an
        assurance inspection with no children since registration (R-JUDGE-4)."""
        if self.may_have_no_children and content.get("no_children_since"):
            return {}
        if self.may_give_new_judgement:
            return judgement_areas(self.setting_type, FULL) if content.get("new_judgement") else {}
        return judgement_areas(self.setting_type, self.inspection_type)


def _whom(setting_type: SettingType) -> str:
    return "children and parents" if setting_type == RFC else "children"


def _service(setting_type):
    return Section(
        "service",
        "Information about this service",
        "Brief contextual information: what the "
        + ("centre is, the families it assesses" if setting_type == RFC else "setting is, who it cares for")
        + " and who runs it.",
    )


def _judgements(hint="Each judgement, with the standard sentence of the overall judgement."):
    return Section("judgements", "Judgements", hint, kind="judgements")


LAST_INSPECTION = Section(
    "last_inspection", "Date and judgement of last inspection", "The date and overall judgement of the last inspection."
)
ENFORCEMENT = Section(
    "enforcement",
    "Enforcement action since the last inspection",
    "A brief summary of any enforcement action since the last inspection; write 'None' if there was none.",
)
RECENT_HISTORY = Section("recent_history", "Recent inspection history", "Inspection judgements from recent years.")
THIS_INSPECTION = Section(
    "this_inspection",
    "Information about this inspection",
    "What was looked at, and the legal basis for the inspection.",
)
SERVICE_DETAILS = Section("service_details", "Service details", "Information on the provider running the service.")


def _narratives(setting_type: SettingType) -> tuple[Section, ...]:
    """One narrative section per judged area (R-RPT-1), with its contributor (R-RPT-2)."""
    areas = judgement_areas(setting_type, FULL)
    whom = _whom(setting_type)
    hints = {
        OVERALL: f"The text of the overall experiences and progress of {whom} judgement.",
        PROTECTED: f"The text of how well {whom} are helped and protected.",
        LEADERS: "The text of the effectiveness of leaders and managers.",
        EDUCATION: "Report-ready text from the further education and skills HMI.",
        HEALTH: "Report-ready text from the CQC inspector.",
        RESETTLEMENT: "The text of the resettlement judgement.",
    }
    keys = {
        OVERALL: "experiences",
        PROTECTED: "protected",
        LEADERS: "leaders",
        EDUCATION: "education",
        HEALTH: "health",
        RESETTLEMENT: "resettlement",
    }
    contributors = {EDUCATION: OFSTED_FES, HEALTH: CQC} if setting_type in (SCH, STC) else {}
    return tuple(
        Section(keys[area], label, hints[area], area=area, contributor=contributors.get(area))
        for area, label in areas.items()
    )


def _improvements(setting_type: SettingType, inspection_type: str) -> Section:
    """S2, S4 "Areas for improvement"; S0 ¶97: an STC's are recommendations only (R-RPT-6)."""
    if setting_type == STC:
        return Section(
            "improvements",
            "Areas for improvement",
            "Recommendations, each citing the statutory or practice guidance it relates to.",
            kind="improvements",
            required=False,
        )
    return Section(
        "improvements",
        "Areas for improvement",
        "Requirements (each citing a regulation and a date) and recommendations.",
        kind="improvements",
        required=False,
    )


def _full(setting_type: SettingType) -> tuple[Section, ...]:
    """R-RPT-1: S2 §"Content of the SCCIF report" (SCH, CH by analogy); S4's table (RFC: no
    "Judgements" summary or "Recent inspection history" required, but allowed); S0 ¶97 (STC:
    no enforcement section; areas for improvement before the judgements' text)."""
    if setting_type == STC:
        return (
            _service(STC),
            _judgements(),
            LAST_INSPECTION,
            RECENT_HISTORY,
            _improvements(STC, FULL),
            *_narratives(STC),
            THIS_INSPECTION,
            SERVICE_DETAILS,
        )
    history = (
        RECENT_HISTORY
        if setting_type != RFC
        else Section(RECENT_HISTORY.key, RECENT_HISTORY.title, RECENT_HISTORY.hint, required=False)
    )
    return (
        _service(setting_type),
        _judgements(),
        LAST_INSPECTION,
        ENFORCEMENT,
        history,
        *_narratives(setting_type),
        _improvements(setting_type, FULL),
        THIS_INSPECTION,
        SERVICE_DETAILS,
    )


def _assurance(setting_type: SettingType) -> tuple[Section, ...]:
    """R-RPT-3: a concise narrative (S0 ¶126–127; S2 §"Reporting findings at assurance inspections")."""
    concerns = "serious and/or widespread" if setting_type == STC else "serious or widespread"
    return (
        _judgements("The assurance judgement, with its standard sentence."),
        Section(
            "concerns",
            f"Whether there are {concerns} concerns",
            f"Whether inspectors identified {concerns} concerns from practice that places children at risk of "
            f"inadequate protection or significant harm, or leaves their welfare not safeguarded and promoted.",
        ),
        Section(
            "safe_cared_for",
            "Whether children are safe and well cared for",
            "Including any shortfalls in the quality of care and their impact on children's experiences.",
        ),
        Section(
            "leaders_improvement",
            "The effectiveness of leaders and managers and improvements since the last inspection",
            "Any improvements the provider has made, and their impact on children's safety and welfare.",
        ),
        _improvements(setting_type, ASSURANCE),
        SERVICE_DETAILS,
    )


def _monitoring(setting_type: SettingType) -> tuple[Section, ...]:
    """R-RPT-5: S2, S4 §"Monitoring visit reports"; S0 ¶145–146 (STC: no judgement, R-JUDGE-7)."""
    purpose_hint = (
        "The issues monitored, as given when the visit was announced; when the setting was last "
        "visited and why; the reasons for and purpose of this visit"
        + ("; the number of compliance notices and their areas." if setting_type == RFC else ".")
    )
    sections = [
        Section("purpose", "The issues monitored and the purpose of this visit", purpose_hint),
        _judgements(
            "The new judgement, if this visit made one."
            if setting_type != STC
            else "Whether there was improvement or continued concern, and whether serious and/or "
            "widespread concerns were found."
        ),
    ]
    if setting_type != STC:
        sections.append(
            Section(
                "developments",
                "Significant developments and the provider's action",
                "The action the provider has taken on the requirements, and its impact.",
            )
        )
    sections += [
        Section(
            "progress",
            "Where progress has and has not been made",
            "Evaluate where progress has been made and where it has not. Use clear words for the level of concern.",
        ),
        Section(
            "continued_concerns",
            "The impact of continued concerns",
            "The impact on children of continued concerns, and what the inspectorate is doing about them.",
        ),
        Section(
            "further_action",
            "Further action needed",
            "Where and what further action is needed"
            + (", and when." if setting_type == STC else ".")
            + " Further enforcement may be called likely, never detailed.",
        ),
    ]
    if setting_type != STC:
        sections += [
            Section(
                "judgement_reasons",
                "Why the judgement changed or did not",
                "Why a new judgement has been made, or why the judgement will not be changed.",
            ),
            Section(
                "compliance_notices",
                "Compliance notices",
                "Whether each compliance notice was met; write 'None' if there were none.",
                required=False,
            ),
        ]
    sections += [_improvements(setting_type, MONITORING), SERVICE_DETAILS]
    return tuple(sections)


_TITLES = {FULL: "Inspection report", ASSURANCE: "Assurance inspection report", MONITORING: "Monitoring visit report"}
_BUILDERS = {FULL: _full, ASSURANCE: _assurance, MONITORING: _monitoring}

# Every allowed setting type × inspection type (R-INSP-1), declared once.
TEMPLATES: dict[tuple[SettingType, str], ReportTemplate] = {
    (setting_type, inspection_type): ReportTemplate(
        setting_type, inspection_type, _TITLES[inspection_type], _BUILDERS[inspection_type](setting_type)
    )
    for setting_type, types in TYPES_BY_SETTING.items()
    for inspection_type in types
}


def template_for(setting_type: SettingType, inspection_type: str) -> ReportTemplate:
    return TEMPLATES[(SettingType(setting_type), inspection_type)]


def report_sections(setting_type: SettingType, inspection_type: str) -> list[tuple[str, str]]:
    """``(key, title)`` of every section of that kind of report, in report order (R-RPT-1..5)."""
    return [(s.key, s.title) for s in template_for(setting_type, inspection_type).sections]


def no_children_statement(setting_type: SettingType, registered_on) -> str:
    """R-RPT-4: the statement S2 §"Inspections where no children are living in the home" requires,
    word for word, with the setting (CH by analogy) and its registration date filled in."""
    setting = setting_type.label.lower()
    return (
        f"The {setting} has not provided accommodation to children since its registration on "
        f"{registered_on.day} {registered_on:%B %Y}. This inspection focuses on whether the {setting} meets its "
        f"statutory requirements in order to maintain its registration and is ready to accept placements."
    )
