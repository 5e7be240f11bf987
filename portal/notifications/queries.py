"""The lists of notifications, each counted, ordered and cut in SQL: a setting's, the inspectorate's
queue, the enquiries still without an outcome (R-NTF-2), and the counts per setting over 12 months."""

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.core import paging
from portal.core.storage import StoredFile
from portal.extensions import db
from portal.notifications import rules
from portal.notifications.access import visible_notifications
from portal.notifications.models import Notification
from portal.providers.models import Setting

YEAR = timedelta(days=365)
CAPPED = 50  # a queue beside another list shows its oldest 50, with how many in all


def for_setting(user: User, setting: Setting, page_text: str | None) -> paging.Page:
    query = (
        visible_notifications(user)
        .where(Notification.setting_id == setting.id)
        .order_by(Notification.sent_at.desc(), Notification.id.desc())
    )
    return paging.paged(query, paging.page_number(page_text), 25)


def awaiting_outcome(user: User, setting: Setting) -> list[Notification]:
    """R-NTF-2: the setting's serious events whose child protection enquiry has no outcome yet."""
    query = (
        visible_notifications(user)
        .where(Notification.setting_id == setting.id, Notification.enquiry_open.is_(True))
        .order_by(Notification.sent_at)
        .limit(CAPPED)
    )
    return list(db.session.scalars(query))


def files(file_ids: list[int]) -> list[StoredFile]:
    if not file_ids:
        return []
    found = {f.id: f for f in db.session.scalars(select(StoredFile).where(StoredFile.id.in_(file_ids)))}
    return [found[i] for i in file_ids if i in found]


def outcomes_of(notification: Notification) -> list[Notification]:
    query = select(Notification).where(Notification.follows_id == notification.id).order_by(Notification.sent_at)
    return list(db.session.scalars(query))


def _mine(user: User):
    """An inspector's queue holds what went to them; a manager's everything, with what went to no
    one (a setting without a lead inspector) first among equals."""
    query = visible_notifications(user).options(selectinload(Notification.setting))
    if user.role == Role.INSPECTOR:
        query = query.where(Notification.owner_id == user.id)
    return query


def queue(user: User, page_text: str | None) -> paging.Page:
    """Not yet triaged: the most serious kinds first, then the longest waiting."""
    query = (
        _mine(user)
        .where(Notification.triaged_at.is_(None))
        .order_by(Notification.severity, Notification.sent_at, Notification.id)
    )
    return paging.paged(query, paging.page_number(page_text))


def enquiries_without_outcome(user: User) -> tuple[list[Notification], int]:
    """R-NTF-2: the enquiries to chase, oldest first, capped, and how many there are."""
    query = _mine(user).where(Notification.enquiry_open.is_(True)).order_by(Notification.sent_at, Notification.id)
    return list(db.session.scalars(query.limit(CAPPED))), paging.count(query)


def recently_triaged(user: User, shown: int = 20) -> list[Notification]:
    query = (
        _mine(user)
        .where(Notification.triaged_at.is_not(None))
        .order_by(Notification.triaged_at.desc(), Notification.id.desc())
        .limit(shown)
    )
    return list(db.session.scalars(query))


def of_setting_this_year(setting: Setting, now: datetime, shown: int = 20) -> tuple[list[Notification], int]:
    """A setting's notifications over the last 12 months, newest first, for the inspectorate's
    page of the setting beside its visit reports and reviews."""
    query = (
        select(Notification)
        .where(Notification.setting_id == setting.id, Notification.sent_at >= now - YEAR)
        .order_by(Notification.sent_at.desc(), Notification.id.desc())
    )
    return list(db.session.scalars(query.limit(shown))), paging.count(query)


def counts_by_setting(setting_ids: list[int], now: datetime) -> dict[int, int]:
    """How many notifications each setting sent over the last 12 months: one grouped statement
    for a page of settings, read from the (setting, sent) index."""
    if not setting_ids:
        return {}
    rows = db.session.execute(
        select(Notification.setting_id, func.count())
        .where(Notification.setting_id.in_(setting_ids), Notification.sent_at >= now - YEAR)
        .group_by(Notification.setting_id)
    )
    return {setting_id: number for setting_id, number in rows}


def waiting_among(chosen) -> int:
    """How many notifications of the settings ``chosen`` (a select of ids) wait for triage: read
    from the queue's index, so a year of history is never counted."""
    return paging.count(
        select(Notification.id).where(Notification.triaged_at.is_(None), Notification.setting_id.in_(chosen))
    )


def followed(user: User, report) -> list[Notification]:
    """The urgent concerns ``report`` followed (R-MON-3), among those ``user`` may see."""
    query = visible_notifications(user).where(Notification.visit_report_id == report.id).order_by(Notification.sent_at)
    return list(db.session.scalars(query))


def urgent_concerns_by(user: User, shown: int = 20) -> list[Notification]:
    """An independent person's own urgent concerns, newest first (R-MON-3)."""
    query = (
        visible_notifications(user)
        .options(selectinload(Notification.setting))
        .where(Notification.sent_by_id == user.id, Notification.kind == rules.URGENT)
        .order_by(Notification.sent_at.desc(), Notification.id.desc())
        .limit(shown)
    )
    return list(db.session.scalars(query))
