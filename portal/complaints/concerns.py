"""Informal concerns (R-CMP-5): raised until the end of the first working day after the inspection
ends, sent to inspectorate managers who were not on the inspection, answered by one of them."""

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.complaints.models import InformalConcern
from portal.complaints.services import ComplaintError, _text, inspectorate_managers
from portal.core import audit, outbox, paging
from portal.core.formatting import deadline as deadline_text
from portal.core.links import absolute_url
from portal.core.paging import Page
from portal.core.references import new_reference
from portal.extensions import db
from portal.inspections.models import Inspection
from portal.inspections.timeline import informal_concern_deadline
from portal.providers.people import responsible_people


def window_end(inspection: Inspection) -> datetime | None:
    return informal_concern_deadline(inspection.end_date) if inspection.end_date else None


def can_raise(inspection: Inspection, now: datetime) -> bool:
    """Open while the inspection is on site, and until the end of the first working day after it ends."""
    end = window_end(inspection)
    return inspection.status in ("on_site", "ended", "draft_sent", "final_sent") and (end is None or now < end)


def raise_problem(inspection: Inspection, now: datetime) -> str | None:
    if can_raise(inspection, now):
        return None
    end = window_end(inspection)
    if end is None:
        return "Informal concerns can be raised once the inspection has started"
    return (
        f"Informal concerns could be raised until {deadline_text(end)}. You can still lodge a formal "
        f"complaint when the draft report is sent"
    )


def independent_managers(inspection: Inspection) -> list[User]:
    """R-CMP-5: the concern goes to inspectorate managers who were not on the inspection."""
    return [m for m in inspectorate_managers() if m.id not in inspection.team_user_ids]


def raise_concern(inspection: Inspection, key: str, text: str, actor: User, now: datetime) -> InformalConcern:
    """Raise a concern once; the form's key makes a double click or a retry the same concern."""
    existing = db.session.scalar(select(InformalConcern).where(InformalConcern.submission_key == key))
    if existing is not None and existing.inspection_id == inspection.id:
        return existing
    problem = raise_problem(inspection, now)
    if problem:
        raise ComplaintError(problem, "text")
    text = _text(text, "your concern", "text")
    concern = InformalConcern(
        inspection_id=inspection.id,
        reference=new_reference("IC-"),
        submission_key=key,
        text=text,
        raised_by_id=actor.id,
        raised_at=now,
    )
    db.session.add(concern)
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        existing = db.session.scalar(select(InformalConcern).where(InformalConcern.submission_key == key))
        if existing is None or existing.inspection_id != inspection.id:
            raise ComplaintError("Reload the page and enter your concern again", "text") from None
        return existing
    audit.record(actor, "informal_concern_raised", concern, now, after={"reference": concern.reference, "text": text})
    setting = inspection.setting
    for manager in independent_managers(inspection):
        outbox.queue(
            manager,
            f"Informal concern {concern.reference}: {setting.name}",
            f"{setting.provider.name} has raised a concern about the inspection of {setting.name} "
            f"({setting.urn}):\n\n{text}\n\n{absolute_url('complaints_inspectorate.concern', concern_id=concern.id)}\n",
            now,
            related=concern,
        )
    db.session.commit()
    return concern


def reply(concern: InformalConcern, text: str, actor: User, now: datetime) -> None:
    """A manager who was not on the inspection replies; the provider is told."""
    if actor.role != Role.INSPECTORATE_MANAGER or actor.id in concern.inspection.team_user_ids:
        raise ComplaintError("Only an inspectorate manager who was not on the inspection can reply", "reply")
    if concern.reply is not None:
        raise ComplaintError("This concern has already been answered", "reply")
    concern.reply = _text(text, "your reply", "reply")
    concern.replied_by_id, concern.replied_at = actor.id, now
    audit.record(actor, "informal_concern_answered", concern, now, after={"reply": concern.reply})
    inspection = concern.inspection
    people = {p.id: p for p in responsible_people(inspection.setting, include_visitors=False)}
    people[concern.raised_by_id] = concern.raised_by
    for person in people.values():
        outbox.queue(
            person,
            f"Reply to your concern {concern.reference}",
            f"The inspectorate has replied to your concern about the inspection of {inspection.setting.name}."
            f"\n\n{absolute_url('complaints_provider.inspection', inspection_id=inspection.id)}\n",
            now,
            related=concern,
        )
    db.session.commit()


def awaiting_reply() -> Page:
    """Concerns no manager has replied to yet, oldest first: the first page of them (with each one's
    setting), and how many there are in all."""
    query = (
        select(InformalConcern)
        .where(InformalConcern.reply.is_(None))
        .options(joinedload(InformalConcern.inspection).joinedload(Inspection.setting))
        .order_by(InformalConcern.raised_at, InformalConcern.id)
    )
    return paging.paged(query, 1)


def for_inspection(inspection: Inspection) -> list[InformalConcern]:
    """The concerns raised about ``inspection``, oldest first."""
    return list(
        db.session.scalars(
            select(InformalConcern)
            .where(InformalConcern.inspection_id == inspection.id)
            .order_by(InformalConcern.raised_at, InformalConcern.id)
        )
    )
