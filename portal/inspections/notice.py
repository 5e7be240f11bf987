"""Which inspections are announced and when they may start (R-NOT-1, R-NOT-2): pure, with no
Flask and no database.

S0 ¶29: an STC full inspection is announced (4 days' notice), always; S0 ¶111: STC assurance
inspections are unannounced; S2, S4 §"Notice of inspection": every SCH, CH (by analogy) and RFC
inspection is unannounced; S0 ¶129, S2, S4 §"Monitoring visits": monitoring visits usually are,
but short notice may be given, so either is allowed.
"""

from datetime import date, datetime, time

from portal.core.clock import UK, as_utc
from portal.core.formatting import uk_date
from portal.inspections.rules import FULL, MONITORING
from portal.providers.models import SettingType

# R-NOT-2 (S0 ¶29-30): an STC full inspection's letter of notice goes by e-mail, usually by 09:00
# UK time, 4 days (weekends count) before the on-site start.
STC_NOTICE_DAYS = 4
STC_NOTICE_BY = time(9, 0)

ANNOUNCED_ONLY = "A full inspection of a secure training centre is always announced, with 4 days' notice"
UNANNOUNCED_ONLY = "This inspection is unannounced: only full inspections of secure training centres are announced"
HINT = (
    "Only full inspections of secure training centres are announced, and always are. Monitoring visits are "
    "usually unannounced, but short notice may be given. Every other inspection is unannounced."
)


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


def start_error(announced: bool, start_date: date, today: date) -> str | None:
    """R-NOT-1: an unannounced inspection is entered when it starts, so its start is today or
    before; an announced one is entered the day it is announced (``today``) and starts after it."""
    if not announced and start_date > today:
        return (
            "The start date of an unannounced inspection must be today or in the past: enter the "
            "inspection on its first day on site"
        )
    if announced and start_date <= today:
        return "The start date of an announced inspection must be after today, the day it is announced"
    return None


def started_error(announced_on: date | None, start_date: date, today: date) -> str | None:
    """The recorded start on site: never in the future, and after the day of the announcement."""
    if start_date > today:
        return "Start date must be today or in the past"
    if announced_on is not None and start_date <= announced_on:
        return f"Start date must be after {uk_date(announced_on)}, the day the inspection was announced"
    return None


def notice_flags(
    setting_type: SettingType, inspection_type: str, announced_at: datetime | None, start_date: date
) -> list[str]:
    """R-NOT-2: what differs from the usual STC full notice (4 days, by 09:00 UK time). The portal
    flags these for the inspectorate and the record; it does not refuse them."""
    if setting_type != SettingType.SECURE_TRAINING_CENTRE or inspection_type != FULL or announced_at is None:
        return []
    local = as_utc(announced_at).astimezone(UK)
    flags = []
    days = (start_date - local.date()).days
    if days != STC_NOTICE_DAYS:
        flags.append(
            f"The notice is {days} day{'' if days == 1 else 's'}: the letter of notice usually goes "
            f"{STC_NOTICE_DAYS} days (weekends count) before the start on site"
        )
    if local.time() > STC_NOTICE_BY:
        flags.append(f"The letter of notice is recorded at {local:%H:%M} UK time: it usually goes by 09:00")
    return flags
