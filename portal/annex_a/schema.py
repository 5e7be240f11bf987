"""The Annex A schema, declared once (DESIGN.md convention 5).

It drives the web form, the task list, the spreadsheet template and its parser, check your
answers, the comparison of versions and the PDF copy. DOMAIN.md §5 lists what it covers.
"""

from dataclasses import dataclass, field

from portal.providers.models import SettingType

COUNT, TEXT, CHOICE, EMAIL, PHONE, INITIALS = "count", "text", "choice", "email", "phone", "initials"
ALL_TYPES = frozenset(SettingType)
SECURE = frozenset({SettingType.SECURE_CHILDRENS_HOME, SettingType.SECURE_TRAINING_CENTRE})
NOT_STC = ALL_TYPES - {SettingType.SECURE_TRAINING_CENTRE}
TEMPLATE_VERSION = "2027.1"
MAX_CONTACTS = 200
MAX_TEXT = 2000


@dataclass(frozen=True)
class Item:
    key: str
    label: str
    kind: str
    hint: str = ""
    required: bool = True
    choices: tuple[str, ...] = ()
    applies_to: frozenset = ALL_TYPES


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    intro: str
    items: tuple[Item, ...] = ()
    is_list: bool = False
    list_items: tuple[Item, ...] = field(default_factory=tuple)

    def items_for(self, setting_type: SettingType) -> tuple[Item, ...]:
        return tuple(item for item in self.items if setting_type in item.applies_to)


SINCE = "since the last full inspection"
QUALIFICATION = ("Achieved", "Working towards it", "Not started")

SECTIONS = (
    Section("completed_by", "Who is completing this Annex A", "The person the inspectors can ask about it.", (
        Item("name", "Full name", TEXT),
        Item("job_title", "Job title", TEXT),
        Item("email", "E-mail address", EMAIL),
        Item("phone", "Telephone number", PHONE, "A UK number, like 0113 496 0000 or 07700 900 982"),
    )),
    Section("children", "Children", f"Counts {SINCE}. Never enter children's names, dates of birth or addresses.", (
        Item("admissions", "Admissions", COUNT, f"Children admitted {SINCE}"),
        Item("leavers", "Children who left", COUNT, f"Children who left {SINCE}"),
        Item("resident", "Children living here today", COUNT),
        Item("restraint_incidents", "Incidents of restraint", COUNT),
        Item("restraint_children", "Children involved in restraint", COUNT, "Each child counted once"),
        Item("missing_episodes", "Episodes of children missing or away without authorisation", COUNT),
        Item("missing_children", "Children who were missing or away without authorisation", COUNT,
             "Each child counted once"),
        Item("sexual_exploitation", "Children at risk of sexual exploitation", COUNT),
        Item("criminal_exploitation", "Children at risk of criminal exploitation", COUNT),
        Item("single_separations", "Single separations or locking in bedrooms outside bedtime", COUNT,
             applies_to=SECURE),
        Item("complaints", "Complaints received", COUNT),
        Item("notifications", "Notifications of serious events made to the inspectorate", COUNT),
        Item("at_risk_initials", "Initials of children currently at risk of exploitation", INITIALS,
             "Initials only, separated by commas, like AB, CD. Leave empty if none", required=False,
             applies_to=NOT_STC),
    )),
    Section("education_health", "Education and health", "How children's education and health needs are met.", (
        Item("education_provision", "Education provision", TEXT, "Where and how children are educated"),
        Item("not_in_education", "Children not in full-time education", COUNT),
        Item("health_provision", "Health provision", TEXT, "Including access to mental health services"),
        Item("mental_health_access", "Do children have timely access to mental health services?", CHOICE,
             choices=("Yes", "No", "Sometimes")),
    )),
    Section("staffing", "Staffing", "Care staff and the registered manager.", (
        Item("posts", "Care staff posts", COUNT, "Full-time equivalent posts, rounded to whole posts"),
        Item("vacancies", "Vacant posts", COUNT),
        Item("agency_shifts", "Shifts covered by agency staff in the last 3 months", COUNT),
        Item("care_staff", "Care staff employed", COUNT),
        Item("care_staff_qualified", "Care staff with the required qualification", COUNT,
             "Regulation 32 (children's homes) or its equivalent"),
        Item("care_staff_working_towards", "Care staff working towards it", COUNT),
        Item("manager_qualification", "The registered manager's qualification", CHOICE,
             "Level 5 diploma in leadership and management (regulation 28)", choices=QUALIFICATION),
    )),
    Section("contacts", "Contacts", "Placing authorities, social workers and other professionals the inspectors "
            "may call.", is_list=True, list_items=(
                Item("name", "Name", TEXT),
                Item("role", "Role", TEXT, "For example, social worker or independent reviewing officer"),
                Item("organisation", "Organisation", TEXT),
                Item("email", "E-mail address", EMAIL),
                Item("phone", "Telephone number", PHONE),
            )),
)

SECTION_BY_KEY = {section.key: section for section in SECTIONS}


def sections_for(setting_type: SettingType) -> tuple[Section, ...]:
    return SECTIONS


def item_key(section: Section, item: Item) -> str:
    """The flat key of an item in the stored answers: ``section.item``."""
    return f"{section.key}.{item.key}"
