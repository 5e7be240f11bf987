"""The kinds of notification a provider sends the inspectorate between inspections, declared once
as data (DOMAIN.md §10): which setting types send each, under which regulation, who sends it, and
what it must say.

R-NTF-7: a secure training centre sends none of these through the portal (its serious incidents
go to the YCS/MoJ, the local authority and the designated officer), nor does anyone notify
controlled-drug incidents here (they go to the NHS accountable officer).
"""

from dataclasses import dataclass
from datetime import date, timedelta

from portal.accounts.roles import Role
from portal.core.workdays import add_months
from portal.providers.models import SettingType

SCH, CH = SettingType.SECURE_CHILDRENS_HOME, SettingType.CHILDRENS_HOME
RFC = SettingType.RESIDENTIAL_FAMILY_CENTRE
STAFF = frozenset({Role.REGISTERED_MANAGER, Role.RESPONSIBLE_INDIVIDUAL})
SENDERS = STAFF | {Role.INDEPENDENT_PERSON}  # an independent person sends urgent concerns (R-MON-3)


PAST, ANY, FUTURE = "past", "any", "future"
URGENT = "urgent_concern"  # an independent person's urgent concern (R-MON-3)  # which days the kind's date may be


@dataclass(frozen=True)
class When:
    """The day a notification is about: its question, hint, and which days it may be."""

    label: str
    hint: str
    days: str = PAST


@dataclass(frozen=True)
class Kind:
    """One kind of notification and the questions its form asks, beyond the day and what happened."""

    key: str
    label: str
    rule: str  # the DOMAIN.md rule it carries out
    regulations: dict[SettingType, str | None]  # the setting types that send it, and under what
    severity: int  # its place in the inspectorate's queue, 1 the most serious
    when: When
    what: str  # the question about what happened (or changes)
    what_missing: str  # its GOV.UK message when it is not answered
    senders: frozenset[Role] = STAFF
    about_children: bool = False  # asks which children, by initials or a count, never by name
    told: bool = False  # asks who else was told (police, placing authority, LADO)
    action: str | None = None  # asks what was done, with this question
    action_missing: str | None = None  # and its message when it is not answered
    intro: str = "Tell the inspectorate without delay. You can check your answers before you send them."
    enquiry: bool = False  # asks whether a child protection enquiry started (R-NTF-2)
    acting_manager: str | None = None  # asks who manages, with this question (a staff member's name)
    until: str | None = None  # asks a second, optional day (the manager's return)
    follows: str | None = None  # the kind of notification it completes (sent from that one's page)
    document_required: bool = False
    notice_months: int | None = None  # given at least this long before (R-NTF-6)
    notice_days: dict[SettingType, int] | None = None  # given at least this many days before (R-NTF-4)


KINDS = (
    Kind(
        "serious_event",
        "A serious event",
        "R-NTF-1",
        {SCH: "40", CH: "40", RFC: "26"},
        severity=1,
        when=When("When did it happen?", "For example, 27 11 2026"),
        what="What happened?",
        what_missing="Enter what happened",
        about_children=True,
        told=True,
        action="What has been done, and what happens next?",
        action_missing="Enter what has been done, and what happens next",
        enquiry=True,
    ),
    Kind(
        "urgent_concern",
        "An urgent concern about children's safety",
        "R-MON-3",
        {SCH: "44", CH: "44", RFC: "25"},
        severity=1,
        when=When("When did you see or hear what concerns you?", "For example, 27 11 2026"),
        what="What are your concerns about children's safety or welfare?",
        what_missing="Enter your concerns about children's safety or welfare",
        senders=frozenset({Role.INDEPENDENT_PERSON}),
        about_children=True,
        action="Who have you told, and what has been done so far?",
        action_missing="Enter who you have told, and what has been done so far",
        intro="Use this when you have serious concerns about children's safety or welfare: the inspector is told at "
        "once. Send your full visit report as usual afterwards, and link it to this concern.",
    ),
    Kind(
        "enquiry_outcome",
        "The outcome of a child protection enquiry",
        "R-NTF-2",
        {SCH: "40", CH: "40", RFC: "26"},
        severity=2,
        when=When("When was the outcome known?", "For example, 27 11 2026"),
        what="What was the outcome of the enquiry?",
        what_missing="Enter the outcome of the enquiry",
        about_children=True,
        action="What will the setting do now?",
        action_missing="Enter what the setting will do now",
        follows="serious_event",
    ),
    Kind(
        "manager_leaving",
        "The manager is leaving or has left",
        "R-NTF-4",
        {SCH: "49", CH: "49", RFC: "28"},
        severity=3,
        when=When("When does (or did) the manager leave?", "For example, 31 1 2027", ANY),
        what="What are the arrangements until a new manager is registered?",
        what_missing="Enter the arrangements until a new manager is registered",
        senders=frozenset({Role.RESPONSIBLE_INDIVIDUAL}),
        acting_manager="Who will manage the setting meanwhile?",
    ),
    Kind(
        "manager_absence",
        "The manager will be absent for 28 days or more",
        "R-NTF-4",
        {SCH: "48", CH: "48", RFC: "27"},
        severity=3,
        when=When("When does (or did) the absence start?", "For example, 4 1 2027", ANY),
        what="Why will the manager be absent, and what are the arrangements?",
        what_missing="Enter why the manager will be absent, and the arrangements",
        senders=frozenset({Role.RESPONSIBLE_INDIVIDUAL}),
        acting_manager="Who will manage the setting during the absence?",
        until="When is the manager expected back? (optional)",
        intro="Tell the inspectorate of a known absence at least 28 days before it starts (a family centre: "
        "within a week in an emergency). You can check your answers before you send them.",
        # RFC regulation 27: 28 days before a known absence (within a week in an emergency).
        notice_days={RFC: 28},
    ),
    Kind(
        "accommodating_again",
        "Children to be accommodated again after a no-children condition",
        "R-NTF-6",
        {SCH: None, CH: None, RFC: None},
        severity=4,
        when=When("When will the first child (or family) arrive?", "For example, 1 4 2027", FUTURE),
        what="Who is to be accommodated, and how is the setting ready for them?",
        what_missing="Enter who is to be accommodated, and how the setting is ready for them",
        notice_months=3,
        intro="Give at least 3 months' notice before the first child (or family) arrives. You can check your "
        "answers before you send them.",
    ),
    Kind(
        "statement_of_purpose",
        "A changed statement of purpose",
        "R-NTF-5",
        {SCH: None, CH: None},
        severity=5,
        when=When("When did the statement of purpose change?", "For example, 27 11 2026"),
        what="What has changed?",
        what_missing="Enter what has changed",
        document_required=True,
    ),
)
KIND_BY_KEY = {kind.key: kind for kind in KINDS}


def notification_kinds(setting_type: SettingType) -> list[str]:
    """The kinds a setting of ``setting_type`` notifies through the portal, in the order offered
    (R-NTF-1..6); none for a secure training centre (R-NTF-7)."""
    return [kind.key for kind in KINDS if setting_type in kind.regulations]


def regulation_of(kind: str, setting_type: SettingType) -> str | None:
    """The regulation the notification is made under for this setting type, if one is named."""
    return KIND_BY_KEY[kind].regulations.get(setting_type)


def asked(kind: str) -> set[str]:
    """The answers the kind's form asks for; anything else posted is not kept."""
    spec = KIND_BY_KEY[kind]
    optional = {
        "at": kind == "serious_event",
        "until": bool(spec.until),
        "children": spec.about_children,
        "told": spec.told,
        "told_details": spec.told,
        "action": bool(spec.action),
        "enquiry": spec.enquiry,
        "acting_manager": bool(spec.acting_manager),
    }
    return {"reason", "on", "what"} | {name for name, asks in optional.items() if asks}


def sent_by(kind: str, role: str) -> bool:
    """Whether someone in ``role`` sends this kind (R-NTF-4: the RI tells of the manager)."""
    return role in KIND_BY_KEY[kind].senders


def offered(setting_type: SettingType, role: str) -> list[str]:
    """The kinds offered when starting a notification: those ``role`` sends for the setting type,
    except those that complete another notification (sent from that one's page)."""
    return [k for k in notification_kinds(setting_type) if sent_by(k, role) and KIND_BY_KEY[k].follows is None]


def day_problem(kind: str, on: date, today: date) -> str | None:
    """Why ``on`` cannot be the kind's day: a serious event cannot have happened in the future,
    nor can children arrive in the past (the frameworks' tenses)."""
    days = KIND_BY_KEY[kind].when.days
    if days == PAST and on > today:
        return "The date must be today or in the past"
    if days == FUTURE and on <= today:
        return "The date must be in the future"
    return None


def short_notice(kind: str, setting_type: SettingType, on: date, sent_on: date) -> str | None:
    """The flag a notice given with less time than its rule asks carries (R-NTF-4, R-NTF-6),
    or None. It is sent all the same: a late notice is better than none."""
    found = KIND_BY_KEY[kind]
    if found.notice_months and on < add_months(sent_on, found.notice_months):
        return f"Less than {found.notice_months} months' notice ({(on - sent_on).days} days)"
    needed = (found.notice_days or {}).get(setting_type)
    if needed and on - sent_on < timedelta(days=needed):
        given = max((on - sent_on).days, 0)
        return f"Less than {needed} days' notice ({given} day{'s' if given != 1 else ''})"
    return None


# What the inspectorate decides on reading a notification (issue 19); each needs a note.
NO_FURTHER_ACTION, CONTACT_PROVIDER, BRING_FORWARD, REFER = "no_further_action", "contact", "bring_forward", "refer"
DECISIONS = {
    NO_FURTHER_ACTION: "No further action",
    CONTACT_PROVIDER: "Contact the provider",
    BRING_FORWARD: "Bring the next inspection forward",
    REFER: "Refer (for example to the local authority or the police)",
}

# Who else was told of a serious event (R-NTF-1; the Guide ¶14.16).
TOLD = {
    "police": "The police",
    "placing_authority": "The placing authority",
    "lado": "The local authority designated officer (LADO)",
    "local_authority": "The local authority where the setting is",
    "parents": "Parents or carers",
    "none": "No one else yet",
}
