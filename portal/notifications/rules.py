"""The kinds of notification a provider sends the inspectorate between inspections, declared once
as data (DOMAIN.md §10): which setting types send each, under which regulation, who sends it, and
what it must say.

R-NTF-7: a secure training centre sends none of these through the portal (its serious incidents
go to the YCS/MoJ, the local authority and the designated officer), nor does anyone notify
controlled-drug incidents here (they go to the NHS accountable officer).
"""

from dataclasses import dataclass, field

from portal.accounts.roles import Role
from portal.providers.models import SettingType

SCH, CH = SettingType.SECURE_CHILDRENS_HOME, SettingType.CHILDRENS_HOME
RFC = SettingType.RESIDENTIAL_FAMILY_CENTRE
STAFF = frozenset({Role.REGISTERED_MANAGER, Role.RESPONSIBLE_INDIVIDUAL})


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    rule: str  # the DOMAIN.md rule it carries out
    regulations: dict[SettingType, str | None]  # the setting types that send it, and under what
    senders: frozenset[Role] = STAFF
    about_children: bool = False  # says which children, by initials or a count, never by name
    follows: str | None = None  # the kind of notification it completes (linked to the original)
    document_required: bool = False
    notice_months: int | None = None  # given at least this long before (R-NTF-6)
    extra: tuple[str, ...] = field(default_factory=tuple)


KINDS = (
    Kind(
        "serious_event",
        "A serious event",
        "R-NTF-1",
        {SCH: "40", CH: "40", RFC: "26"},
        about_children=True,
    ),
    Kind(
        "enquiry_outcome",
        "The outcome of a child protection enquiry",
        "R-NTF-2",
        {SCH: "40", CH: "40", RFC: "26"},
        about_children=True,
        follows="serious_event",
    ),
    Kind(
        "manager_absence",
        "The manager will be absent for 28 days or more",
        "R-NTF-4",
        {SCH: "48", CH: "48", RFC: "27"},
        senders=frozenset({Role.RESPONSIBLE_INDIVIDUAL}),
    ),
    Kind(
        "manager_leaving",
        "The manager is leaving or has left",
        "R-NTF-4",
        {SCH: "49", CH: "49", RFC: "28"},
        senders=frozenset({Role.RESPONSIBLE_INDIVIDUAL}),
    ),
    Kind(
        "statement_of_purpose",
        "A changed statement of purpose",
        "R-NTF-5",
        {SCH: None, CH: None},
        document_required=True,
    ),
    Kind(
        "accommodating_again",
        "Children to be accommodated again after a no-children condition",
        "R-NTF-6",
        {SCH: None, CH: None, RFC: None},
        notice_months=3,
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
