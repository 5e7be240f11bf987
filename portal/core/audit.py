"""Append-only audit events: every state change records who, what, when, before and after.

There is no code path that updates or deletes an audit row: the ORM refuses both.
"""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db


class AuditEvent(db.Model):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    action: Mapped[str] = mapped_column(String(80))
    entity_type: Mapped[str] = mapped_column(String(60))
    entity_id: Mapped[int | None] = mapped_column(index=True)
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)

    actor = relationship("User")


class AuditIsAppendOnly(Exception):
    pass


@event.listens_for(AuditEvent, "before_update")
def _refuse_update(_mapper, _connection, _target):
    raise AuditIsAppendOnly("audit events cannot be changed")


@event.listens_for(AuditEvent, "before_delete")
def _refuse_delete(_mapper, _connection, _target):
    raise AuditIsAppendOnly("audit events cannot be deleted")


def record(actor, action: str, entity, now: datetime, before: dict | None = None,
           after: dict | None = None) -> AuditEvent:
    """Add an audit event to the current transaction (the caller's service commits it)."""
    if entity is not None and getattr(entity, "id", None) is None:
        db.session.flush()
    audit_event = AuditEvent(
        at=now,
        actor_id=getattr(actor, "id", None),
        action=action,
        entity_type=type(entity).__name__ if entity is not None else "",
        entity_id=getattr(entity, "id", None),
        before=before,
        after=after,
    )
    db.session.add(audit_event)
    return audit_event
