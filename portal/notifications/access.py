"""Who may read and send notifications (R-ROLE-1, DOMAIN.md §1, §10)."""

from flask import abort
from sqlalchemy import Select, or_, select

from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.core.access import one_or_404
from portal.inspections.access import inspector_settings
from portal.notifications import rules
from portal.notifications.models import Notification
from portal.providers.access import get_setting_or_404, visible_settings
from portal.providers.models import Setting

# Kinds only a responsible individual sends (the manager's absence or departure): their own
# business with the inspectorate, not shown to the registered manager they are about.
RI_ONLY = [kind.key for kind in rules.KINDS if kind.senders == {Role.RESPONSIBLE_INDIVIDUAL}]
# An independent person's urgent concern (R-MON-3) is theirs and the inspectorate's: it may be
# about the staff themselves, so the provider's people do not see it.
VISITORS_OWN = [kind.key for kind in rules.KINDS if kind.senders == {Role.INDEPENDENT_PERSON}]


def visible_notifications(user: User) -> Select:
    """An inspectorate manager sees every notification; an inspector those sent to them and those
    of the settings in their region or on their inspections; a responsible individual those of
    their provider's settings; a registered manager those of their settings except what the RI
    said of the manager; neither sees an independent person's urgent concern, which only its
    author sees."""
    query = select(Notification)
    if user.role == Role.INSPECTORATE_MANAGER:
        return query
    if user.role == Role.INSPECTOR:
        return query.where(or_(Notification.owner_id == user.id, Notification.setting_id.in_(inspector_settings(user))))
    query = query.where(Notification.setting_id.in_(visible_settings(user).with_only_columns(Setting.id)))
    if user.role == Role.INDEPENDENT_PERSON:
        return query.where(Notification.sent_by_id == user.id, Notification.kind.in_(VISITORS_OWN))
    query = query.where(Notification.kind.not_in(VISITORS_OWN))
    if user.role != Role.RESPONSIBLE_INDIVIDUAL:
        query = query.where(Notification.kind.not_in(RI_ONLY))
    return query


def get_notification_or_404(user: User, notification_id: int) -> Notification:
    return one_or_404(visible_notifications(user).where(Notification.id == notification_id))


def get_notifying_setting_or_404(user: User, setting_id: int) -> Setting:
    """A setting ``user`` may notify about: one they may see (an independent person, one they visit)."""
    if user.role not in rules.SENDERS:
        abort(404)
    return get_setting_or_404(user, setting_id)
