"""The confirmation e-mail of an Annex A returned (issue 18), with its reference and the link to
the copy of what was returned."""

from datetime import datetime

from portal.accounts.models import User
from portal.annex_a.models import AnnexAVersion
from portal.core import outbox
from portal.core.formatting import deadline as deadline_text, uk_datetime
from portal.core.links import absolute_url
from portal.providers.models import Setting
from portal.providers.people import confirmation_recipients


def returned(setting: Setting, version: AnnexAVersion, actor: User, now: datetime) -> None:
    """The sender and the provider's responsible individuals are told it arrived, in the
    transaction that receives it."""
    timing = "on time" if version.on_time else f"late: it was due by {deadline_text(version.due_at)}"
    copy_link = absolute_url("annex_a_provider.version_pdf", setting_id=setting.id, version_id=version.id)
    body = (
        f"The inspectorate received the Annex A of {setting.name} ({setting.urn}) at {uk_datetime(now)}, "
        f"returned by {actor.name}, {timing}.\n\n"
        f"Your reference: {version.reference} (version {version.number})\n\n"
        f"A copy of what was returned, as the inspector sees it: {copy_link}\n"
    )
    subject = f"Received: Annex A of {setting.name} ({version.reference})"
    for person in confirmation_recipients(setting.provider_id, actor):
        outbox.queue(person, subject, body, now, related=version)
