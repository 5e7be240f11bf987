"""Who is accountable for a setting, by setting type (R-ROLE-2): pure, no Flask, no database.

S0 has no registered manager or responsible individual for a secure training centre, only its
director (S0 ¶30, ¶105). The portal gives the director the responsible individual's powers
(one role, ``Role.RESPONSIBLE_INDIVIDUAL``) and only changes what it is called. STCs have no
independent person and no regulation 44/45 reports.
"""

from collections.abc import Iterable

from portal.providers.models import SettingType

RESPONSIBLE_INDIVIDUAL, DIRECTOR = "responsible individual", "director"
# The regions of England a setting is in, and an inspector works in (DOMAIN.md §1).
REGIONS = (
    "East Midlands",
    "East of England",
    "London",
    "North East",
    "North West",
    "South East",
    "South West",
    "West Midlands",
    "Yorkshire and the Humber",
)


def accountable_title(setting_type: SettingType | str) -> str:
    """R-ROLE-2: "director" for an STC, "responsible individual" for every other setting."""
    return DIRECTOR if SettingType(setting_type) == SettingType.SECURE_TRAINING_CENTRE else RESPONSIBLE_INDIVIDUAL


def provider_title(setting_types: Iterable[SettingType | str]) -> str:
    """The title of a provider's accountable people across its settings: one title when all its
    settings share it (a provider with no settings yet: responsible individual), both when mixed."""
    titles = {accountable_title(kind) for kind in setting_types}
    if len(titles) == 1:
        return titles.pop()
    if not titles:
        return RESPONSIBLE_INDIVIDUAL
    return f"{RESPONSIBLE_INDIVIDUAL} or {DIRECTOR}"


def has_independent_person(setting_type: SettingType | str) -> bool:
    """R-ROLE-2: an STC has no independent person (and no regulation 44/45 reports)."""
    return SettingType(setting_type) != SettingType.SECURE_TRAINING_CENTRE
