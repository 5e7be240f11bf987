"""The Annex A schema, declared once per setting type (DESIGN.md convention 5; R-AXA-6, R-AXA-7).

It drives the web form, the task list, the spreadsheet template and its parser, check your
answers, the comparison of versions and the PDF copy. Sections and items say which setting
types they apply to; the seeds give lines of enquiry, not fields (S0 ¶51, ¶70, ¶189; S2 and S4
§"Request for information…", §"Examining records…", §"Case tracking and sampling").

Keys are stable: stored drafts and returned versions (never rewritten) keep the keys they were
saved with, and answers under keys no longer asked for are shown as they were (``extra_answers``).
"""

from dataclasses import dataclass, field

from portal.core import limits
from portal.providers.models import SettingType

COUNT, TEXT, CHOICE, EMAIL, PHONE, INITIALS = "count", "text", "choice", "email", "phone", "initials"
REFERENCE, CATEGORIES = "reference", "categories"
CH, SCH = SettingType.CHILDRENS_HOME, SettingType.SECURE_CHILDRENS_HOME
STC, RFC = SettingType.SECURE_TRAINING_CENTRE, SettingType.RESIDENTIAL_FAMILY_CENTRE
ALL_TYPES = frozenset(SettingType)
HOMES = frozenset({CH, SCH})  # Children's Homes (England) Regulations 2015
CHILDREN_SETTINGS = frozenset({CH, SCH, STC})
SECURE = frozenset({SCH, STC})
NOT_STC = ALL_TYPES - {STC}
ONLY_RFC = frozenset({RFC})
TEMPLATE_VERSION = "2027.2"
MAX_CONTACTS = 200
MAX_ROWS = 200
MAX_TEXT = limits.REASON_MAX
YES_NO = ("Yes", "No")


@dataclass(frozen=True)
class Item:
    key: str
    label: str
    kind: str
    hint: str = ""
    required: bool = True
    choices: tuple[str, ...] = ()
    applies_to: frozenset = ALL_TYPES

    @property
    def one_line(self) -> bool:
        """A name, title or organisation: a single-line input, not a box for paragraphs."""
        return self.kind == TEXT and self.key in ONE_LINE


# The text answers that are a name or a title (GOV.UK: a text input sized to the answer).
ONE_LINE = frozenset({"name", "job_title", "manager_name", "provider_name", "ri_name", "role", "organisation"})


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    intro: str
    items: tuple[Item, ...] = ()
    is_list: bool = False
    list_items: tuple[Item, ...] = field(default_factory=tuple)
    applies_to: frozenset = ALL_TYPES
    # What is written here is about children or families: the privacy check applies (R-AXA-5).
    about_children: bool = False
    noun: str = "row"  # one row of a list: "contact", "case"
    required: bool = True  # a list that must have a row before returning
    sheet: str = ""  # the spreadsheet's sheet name, when the title is too long

    def items_for(self, setting_type: SettingType) -> tuple[Item, ...]:
        return tuple(item for item in self.items if setting_type in item.applies_to)

    def list_items_for(self, setting_type: SettingType) -> tuple[Item, ...]:
        return tuple(item for item in self.list_items if setting_type in item.applies_to)


SINCE = "since the last full inspection"
ONCE = "Each child counted once"
QUALIFICATION = ("Achieved", "Working towards it", "Not started")

SECTIONS = (
    Section(
        "completed_by",
        "Who is completing this Annex A",
        "The person the inspectors can ask about it.",
        (
            Item("name", "Full name", TEXT),
            Item("job_title", "Job title", TEXT),
            Item("email", "E-mail address", EMAIL),
            Item("phone", "Telephone number", PHONE, "A UK number, like 0113 496 0000 or 07700 900 982"),
        ),
    ),
    Section(
        "setting",
        "About the setting",
        "What the setting offers today.",
        (
            Item(
                "purpose",
                "What the setting provides",
                TEXT,
                "A short summary of the statement of purpose: who it is for and what it offers",
            ),
            Item("places_available", "Places available today", COUNT, "Places that could be used today"),
            Item("units", "Units, houses or flats in use", COUNT, applies_to=SECURE | ONLY_RFC),
            Item(
                "ycs_contract",
                "Does the home have a contract with the Youth Custody Service?",
                CHOICE,
                choices=YES_NO,
                applies_to=frozenset({SCH}),
            ),
            Item(
                "changes",
                f"Significant changes {SINCE}",
                TEXT,
                "For example, building work or a change to the statement of purpose",
                required=False,
            ),
        ),
        about_children=True,
    ),
    Section(
        "leadership",
        "Manager, provider and responsible individual",
        "Who runs the setting and who is accountable for it.",
        (
            Item(
                "manager_name",
                "Registered manager's name",
                TEXT,
                "Or the person in charge, if there is no registered manager",
            ),
            Item(
                "manager_status",
                "Is the manager registered?",
                CHOICE,
                choices=("Registered", "Applied to register", "No registered manager"),
            ),
            Item("manager_email", "Manager's e-mail address", EMAIL),
            Item("provider_name", "Registered provider", TEXT, "The organisation or person registered"),
            Item("ri_name", "Responsible individual's name", TEXT),
            Item("ri_email", "Responsible individual's e-mail address", EMAIL),
            Item(
                "directors", "The provider's directors", TEXT, "Names, one a line. Leave empty if none", required=False
            ),
        ),
        applies_to=NOT_STC,
        sheet="Leadership",
    ),
    Section(
        "children",
        "Children",
        f"Counts {SINCE}.",
        (
            Item("admissions", "Admissions", COUNT, f"Children admitted {SINCE}"),
            Item("leavers", "Children who left", COUNT, f"Children who left {SINCE}"),
            Item("resident", "Children living here today", COUNT),
            Item("restraint_incidents", "Incidents of restraint", COUNT),
            Item("restraint_children", "Children involved in restraint", COUNT, ONCE),
            Item("missing_episodes", "Episodes of children missing or away without authorisation", COUNT),
            Item("missing_children", "Children who were missing or away without authorisation", COUNT, ONCE),
            Item(
                "rhi_offered",
                "Return home interviews offered after children had been missing",
                COUNT,
                "By the placing authority, after an episode",
            ),
            Item("rhi_not_offered", "Episodes after which no return home interview was offered", COUNT),
            Item("sexual_exploitation", "Children at risk of sexual exploitation", COUNT),
            Item("criminal_exploitation", "Children at risk of criminal exploitation", COUNT),
            Item("extremism", "Children at risk of radicalisation or extremism", COUNT),
            Item(
                "multi_agency_plans",
                "Children at risk of exploitation or extremism with a multi-agency plan",
                COUNT,
                ONCE,
            ),
            Item(
                "multi_agency_work",
                "How you work with other agencies for children at risk",
                TEXT,
                "For example, strategy meetings, and what the placing authorities do",
            ),
            Item("single_separations", "Single separations or locking in bedrooms outside bedtime", COUNT),
            Item("separation_children", "Children separated or locked in their bedrooms outside bedtime", COUNT, ONCE),
            Item(
                "separation_oversight",
                "How managers oversee separations",
                TEXT,
                "Who reviews each one, how soon, and how they check the legal criteria were met",
            ),
            Item("complaints", "Complaints received", COUNT),
            Item("notifications", "Notifications of serious events made to the inspectorate", COUNT),
            Item(
                "at_risk_initials",
                "Initials of children currently at risk of exploitation",
                INITIALS,
                "Initials only, separated by commas, like AB, CD. Leave empty if none",
                required=False,
                applies_to=HOMES,
            ),
        ),
        applies_to=CHILDREN_SETTINGS,
        about_children=True,
    ),
    Section(
        "families",
        "Families",
        f"Counts {SINCE}, of families: children and parents.",
        (
            Item("families_admitted", "Families admitted", COUNT, f"Families who arrived {SINCE}"),
            Item("parents_admitted", "Parents admitted", COUNT),
            Item("children_admitted", "Children admitted with their parents", COUNT),
            Item("families_left", "Families who left", COUNT),
            Item("families_left_early", "Families who left before their assessment was completed", COUNT),
            Item("families_resident", "Families living here today", COUNT),
            Item("parents_resident", "Parents living here today", COUNT),
            Item("children_resident", "Children living here today", COUNT),
            Item("assessments_started", "Assessments started", COUNT),
            Item("assessments_completed", "Assessments completed", COUNT),
            Item(
                "court_reports",
                "Reports written for the court",
                COUNT,
                "Final assessment reports for court proceedings",
            ),
            Item(
                "court_work",
                "How the centre works with the court and placing authorities",
                TEXT,
                "For example, court instructions and how reports reach the court on time",
            ),
            Item("complaints", "Complaints received", COUNT),
            Item(
                "notifications",
                "Notifications of serious events made to the inspectorate",
                COUNT,
                "Under regulation 26",
            ),
        ),
        applies_to=ONLY_RFC,
        about_children=True,
    ),
    Section(
        "education_health",
        "Education and health",
        "How children's education and health needs are met.",
        (
            Item("education_provision", "Education provision", TEXT, "Where and how children are educated"),
            Item("not_in_education", "Children not in full-time education", COUNT),
            Item(
                "education_not_as_planned",
                "Children not receiving the education their plan sets out",
                COUNT,
                "Their education, health and care plan, or personal education plan",
            ),
            Item("health_provision", "Health provision", TEXT, "Including access to mental health services"),
            Item(
                "mental_health_access",
                "Do children have timely access to mental health services?",
                CHOICE,
                choices=("Yes", "No", "Sometimes"),
            ),
            Item("health_not_as_planned", "Children waiting for healthcare their plan says they need", COUNT),
        ),
        applies_to=CHILDREN_SETTINGS,
        about_children=True,
    ),
    Section(
        "staffing",
        "Staffing",
        "Staff posts, vacancies and agency staff.",
        (
            Item(
                "posts",
                "Care staff posts",
                COUNT,
                "Full-time equivalent posts, rounded to whole posts",
                applies_to=CHILDREN_SETTINGS,
            ),
            Item(
                "posts",
                "Staff posts working with families",
                COUNT,
                "Full-time equivalent posts, rounded to whole posts",
                applies_to=ONLY_RFC,
            ),
            Item("vacancies", "Vacant posts", COUNT),
            Item("agency_shifts", "Shifts covered by agency staff in the last 3 months", COUNT),
            Item("care_staff", "Care staff employed", COUNT, applies_to=HOMES),
            Item(
                "care_staff_qualified",
                "Care staff with the required qualification",
                COUNT,
                "Regulation 32 of the Children's Homes (England) Regulations 2015",
                applies_to=HOMES,
            ),
            Item("care_staff_working_towards", "Care staff working towards it", COUNT, applies_to=HOMES),
            Item(
                "manager_qualification",
                "The registered manager's qualification",
                CHOICE,
                "Level 5 diploma in leadership and management (regulation 28)",
                choices=QUALIFICATION,
                applies_to=HOMES,
            ),
        ),
    ),
    Section(
        "recruitment",
        "Recruitment checks",
        "Regulations 16 and 17 of the Residential Family Centres "
        "Regulations 2002: staff are fit to work with families.",
        (
            Item("staff_employed", "Staff employed", COUNT),
            Item("staff_recruited", f"Staff recruited {SINCE}", COUNT),
            Item(
                "checks_complete",
                "Of those, staff whose every required check was completed before they started",
                COUNT,
                "The checks regulation 17 and schedule 2 require, including the DBS check",
            ),
            Item("dbs_update_service", "Do you use the DBS update service?", CHOICE, choices=YES_NO),
            Item(
                "records_kept",
                "Where are recruitment records kept?",
                CHOICE,
                choices=("At the centre", "Elsewhere, with a list of the checks at the centre"),
            ),
        ),
        applies_to=ONLY_RFC,
    ),
    Section(
        "contacts",
        "Contacts",
        "Placing authorities, social workers and other professionals the inspectors may call.",
        is_list=True,
        noun="contact",
        list_items=(
            Item("name", "Name", TEXT),
            Item("role", "Role", TEXT, "For example, social worker or independent reviewing officer"),
            Item("organisation", "Organisation", TEXT),
            Item("email", "E-mail address", EMAIL),
            Item("phone", "Telephone number", PHONE),
        ),
    ),
    Section(
        "cases",
        "Case list",
        "Every current or recent case the inspectors may choose to track or sample, with "
        "your own case reference and the categories that apply.",
        is_list=True,
        noun="case",
        required=False,
        about_children=True,
        list_items=(
            Item("reference", "Case reference", REFERENCE, "Your own reference, like C-1042: never a name"),
            Item("initials", "Child's initials (optional)", INITIALS, "Like AB", required=False, applies_to=HOMES),
            Item(
                "categories",
                "Categories that apply",
                CATEGORIES,
                "Select all that apply",
                required=False,
                applies_to=frozenset({STC}),
                choices=(
                    "Recently admitted",
                    "Long sentence",
                    "Short sentence",
                    "On remand",
                    "Ready to transfer or leave",
                    "At risk of self-harm",
                ),
            ),
            Item(
                "categories",
                "Categories that apply",
                CATEGORIES,
                "Select all that apply",
                required=False,
                applies_to=HOMES,
                choices=(
                    "Recently moved in",
                    "Preparing to leave or transfer",
                    "Recently left",
                    "Absconded since the last inspection",
                    "At risk of exploitation",
                    "At risk of suicide or self-harm",
                    "Far from the placing authority",
                ),
            ),
            Item(
                "categories",
                "Categories that apply",
                CATEGORIES,
                "Select all that apply",
                required=False,
                applies_to=ONLY_RFC,
                choices=(
                    "Recently arrived",
                    "Home a long way from the centre",
                    "Nearing the end of the assessment",
                    "Last court report written",
                ),
            ),
        ),
    ),
)

SECTION_BY_KEY = {section.key: section for section in SECTIONS}


def sections_for(setting_type: SettingType) -> tuple[Section, ...]:
    """R-AXA-6: the sections this setting type's framework asks for, in order."""
    return tuple(section for section in SECTIONS if setting_type in section.applies_to)


def section_for(setting_type: SettingType, key: str) -> Section | None:
    section = SECTION_BY_KEY.get(key)
    return section if section is not None and setting_type in section.applies_to else None


def item_key(section: Section, item: Item) -> str:
    """The flat key of an item in the stored answers: ``section.item``."""
    return f"{section.key}.{item.key}"


@dataclass(frozen=True)
class Column:
    """One spreadsheet column of a list section: an item, or one category of a categories item."""

    item: Item
    heading: str
    choice: str | None = None


def list_columns(section: Section, setting_type: SettingType) -> tuple[Column, ...]:
    columns = []
    for item in section.list_items_for(setting_type):
        if item.kind == CATEGORIES:
            columns += [Column(item, choice, choice) for choice in item.choices]
        else:
            columns.append(Column(item, item.label))
    return tuple(columns)


def extra_answers(answers: dict, setting_type: SettingType) -> list[tuple[str, str]]:
    """Answers kept under keys this setting type is no longer asked (an older version of the
    form): shown as they were, never dropped and never rewritten."""
    asked = {
        section.key: {item.key for item in section.items_for(setting_type)}
        for section in sections_for(setting_type)
        if not section.is_list
    }
    lists = {section.key for section in sections_for(setting_type) if section.is_list}
    extra = []
    for key, value in (answers or {}).items():
        if key in lists:
            continue
        if isinstance(value, dict):
            known = asked.get(key, set())
            extra += [
                (f"{key.replace('_', ' ').capitalize()}: {item.replace('_', ' ')}", _shown(v))
                for item, v in value.items()
                if item not in known and v not in (None, "")
            ]
        elif value not in (None, "", [], {}):
            extra.append((key.replace("_", " ").capitalize(), _shown(value)))
    return extra


def asked_only(answers: dict, setting_type: SettingType) -> dict:
    """The answers to what this setting type is asked, nothing else: what a new version holds,
    so an answer a type may not give (an RFC's or STC's initials under an older form, R-AXA-5)
    is never carried into a version returned now."""
    kept = {}
    for section in sections_for(setting_type):
        given = (answers or {}).get(section.key)
        if section.is_list:
            keys = {item.key for item in section.list_items_for(setting_type)}
            if isinstance(given, list):
                kept[section.key] = [
                    {k: v for k, v in row.items() if k in keys} for row in given if isinstance(row, dict)
                ]
        elif isinstance(given, dict):
            keys = {item.key for item in section.items_for(setting_type)}
            kept[section.key] = {k: v for k, v in given.items() if k in keys}
    return kept


def _shown(value) -> str:
    if isinstance(value, list):
        return "; ".join(_shown(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items())
    return str(value)
