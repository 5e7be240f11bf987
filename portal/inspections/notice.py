"""Which inspections are announced (R-NOT-1): pure, with no Flask and no database.

S0 ¶29: an STC full inspection is announced (4 days' notice), always; S0 ¶111: STC assurance
inspections are unannounced; S2, S4 §"Notice of inspection": every SCH, CH (by analogy) and RFC
inspection is unannounced; S0 ¶129, S2, S4 §"Monitoring visits": monitoring visits usually are,
but short notice may be given, so either is allowed.
"""

from portal.inspections.rules import FULL, MONITORING
from portal.providers.models import SettingType

ANNOUNCED_ONLY = "A full inspection of a secure training centre is always announced, with 4 days' notice"
UNANNOUNCED_ONLY = "This inspection is unannounced: only full inspections of secure training centres are announced"
HINT = ("Only full inspections of secure training centres are announced, and always are. Monitoring visits are "
        "usually unannounced, but short notice may be given. Every other inspection is unannounced.")


def notice_allowed(setting_type: SettingType, inspection_type: str) -> frozenset[bool]:
    """The values of "announced" that R-NOT-1 allows for this setting and type of inspection."""
    if inspection_type == MONITORING:
        return frozenset({True, False})
    if setting_type == SettingType.SECURE_TRAINING_CENTRE and inspection_type == FULL:
        return frozenset({True})
    return frozenset({False})


def notice_error(setting_type: SettingType, inspection_type: str, announced: bool) -> str | None:
    """What is wrong with ``announced`` for this inspection (R-NOT-1), or None."""
    if announced in notice_allowed(setting_type, inspection_type):
        return None
    return UNANNOUNCED_ONLY if announced else ANNOUNCED_ONLY
