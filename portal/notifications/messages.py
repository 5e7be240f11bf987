"""The e-mails a notification sends, queued in the transaction that receives it: the alert to
the inspector who owns it (R-NTF-1: at once) and the confirmation to the sender and the
provider's responsible individuals (issue 18), each with a link and the reference.

What happened is never written into an e-mail: it is about children, and an e-mail leaves the
portal's access rules behind. The alert names the kind, the setting and the day, and links to it.
"""

from datetime import datetime

from sqlalchemy import select

from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.core import outbox
from portal.core.formatting import uk_date, uk_datetime
from portal.core.links import absolute_url
from portal.core.outbox import OutboxMessage
from portal.extensions import db
from portal.notifications import rules
from portal.notifications.models import Notification, NotificationVersion
from portal.providers.people import confirmation_recipients


def owners(notification: Notification) -> list[User]:
    """The inspector it went to, or every active inspectorate manager when it went to none."""
    if notification.owner_id is not None and notification.owner.is_active:
        return [notification.owner]
    return list(db.session.scalars(select(User).where(User.role == Role.INSPECTORATE_MANAGER, User.active.is_(True))))


def _what(notification: Notification) -> str:
    kind = rules.KIND_BY_KEY[notification.kind]
    under = f" (regulation {notification.regulation})" if notification.regulation else ""
    return f"{kind.label.lower()}{under}"


def arrived(notification: Notification, version: NotificationVersion, now: datetime) -> list[OutboxMessage]:
    setting = notification.setting
    update = f"Notification updated (version {version.number})" if version.number > 1 else "Notification"
    link = absolute_url("notifications_inspectorate.show", notification_id=notification.id)
    body = (
        f"{update}, {notification.reference}, from {setting.name} ({setting.urn}): {_what(notification)}, "
        f"about {uk_date(notification.current_on)}, received at {uk_datetime(now)}.\n\n"
        f"Read it and record your triage: {link}\n"
    )
    subject = f"{update}: {rules.KIND_BY_KEY[notification.kind].label} at {setting.name} ({setting.urn})"
    return [outbox.queue(person, subject, body, now, related=notification) for person in owners(notification)]


def confirmed(notification: Notification, version: NotificationVersion, sender: User, now: datetime) -> None:
    setting = notification.setting
    update = f"version {version.number} (an update) of " if version.number > 1 else ""
    receipt = absolute_url("notifications_provider.receipt", notification_id=notification.id, number=version.number)
    body = (
        f"The inspectorate received the {update}notification of {_what(notification)} for {setting.name} "
        f"({setting.urn}) at {uk_datetime(now)}, sent by {sender.name}.\n\n"
        f"Your reference: {notification.reference}\n\n"
        f"The receipt, with a copy of what was sent and each document's SHA-256 fingerprint: {receipt}\n"
    )
    subject = f"Received: notification for {setting.name} ({notification.reference})"
    # An independent person's urgent concern is confirmed to them alone (access.VISITORS_OWN).
    told = [sender] if sender.role == Role.INDEPENDENT_PERSON else confirmation_recipients(setting.provider_id, sender)
    for person in told:
        outbox.queue(person, subject, body, now, related=notification)
