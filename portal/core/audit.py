"""Append-only audit events: every state change records who, what, when, before and after.

There is no code path that updates or deletes an audit row: the ORM refuses both. Each event
also carries the sha256 of the one before it and of itself, so a row changed or removed outside
the portal (straight in the database) breaks the chain, and ``verify`` names the first broken link.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import JSON, CursorResult, ForeignKey, String, insert, select, update
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.append_only import refuse_rewriting
from portal.extensions import Model, db

GENESIS = "0" * 64


class AuditEvent(Model):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    action: Mapped[str] = mapped_column(String(80))
    entity_type: Mapped[str] = mapped_column(String(60))
    entity_id: Mapped[int | None] = mapped_column(index=True)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    hash: Mapped[str | None] = mapped_column(String(64), unique=True)

    actor = relationship("User")


class AuditChainHead(Model):
    """One row: the hash of the newest event. Writing it first in a transaction serialises the
    chain (a row lock on PostgreSQL, the write lock on SQLite), so concurrent events never fork it."""

    __tablename__ = "audit_chain_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    last_hash: Mapped[str] = mapped_column(String(64))
    length: Mapped[int] = mapped_column(default=0)


class AuditIsAppendOnly(Exception):
    pass


refuse_rewriting(AuditEvent, AuditIsAppendOnly, "audit events cannot be changed", "audit events cannot be deleted")


def record(
    actor: object | None,
    action: str,
    entity: object | None,
    now: datetime,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
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
    _link(audit_event)
    db.session.add(audit_event)
    return audit_event


def digest(prev_hash: str | None, audit_event: AuditEvent) -> str:
    """The sha256 of an event's content and the hash before it, over a canonical JSON form."""
    content = {
        "prev": prev_hash,
        "at": audit_event.at.isoformat(),
        "actor": audit_event.actor_id,
        "action": audit_event.action,
        "entity_type": audit_event.entity_type,
        "entity_id": audit_event.entity_id,
        "before": audit_event.before,
        "after": audit_event.after,
    }
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _link(audit_event: AuditEvent) -> None:
    """Chain the event to the newest one. The head row is written before it is read, so the
    transaction holds the chain until it commits; a rollback leaves the chain as it was."""
    moved = cast(
        CursorResult[Any],
        db.session.execute(
            update(AuditChainHead).where(AuditChainHead.id == 1).values(length=AuditChainHead.length + 1)
        ),
    )
    if moved.rowcount == 0:
        db.session.execute(insert(AuditChainHead).values(id=1, last_hash=GENESIS, length=1))
    prev_hash = db.session.scalar(select(AuditChainHead.last_hash).where(AuditChainHead.id == 1))
    audit_event.at = audit_event.at.astimezone(UTC)
    audit_event.prev_hash = prev_hash
    audit_event.hash = digest(prev_hash, audit_event)
    db.session.execute(update(AuditChainHead).where(AuditChainHead.id == 1).values(last_hash=audit_event.hash))


@dataclass(frozen=True)
class ChainCheck:
    checked: int
    broken_at: int | None = None
    reason: str | None = None


def verify(batch: int = 1000) -> ChainCheck:
    """Walk the chain in order; the first event whose link or content does not match is reported.

    Events from before the chain existed (no hash) are skipped; the chain starts at the first
    hashed event. A removed event shows as the next event pointing at a hash nobody has.
    """
    expected_prev, checked, last_id = None, 0, 0
    while True:
        rows = list(
            db.session.scalars(
                select(AuditEvent)
                .where(AuditEvent.id > last_id, AuditEvent.hash.is_not(None))
                .order_by(AuditEvent.id)
                .limit(batch)
            )
        )
        if not rows:
            break
        for row in rows:
            if expected_prev is not None and row.prev_hash != expected_prev:
                return ChainCheck(
                    checked, row.id, "it does not follow the event before it (an event was removed or inserted)"
                )
            if digest(row.prev_hash, row) != row.hash:
                return ChainCheck(checked, row.id, "its content was changed after it was recorded")
            expected_prev, checked, last_id = row.hash, checked + 1, row.id
        db.session.expunge_all()
    head = db.session.scalar(select(AuditChainHead.last_hash).where(AuditChainHead.id == 1))
    if head is not None and expected_prev is not None and head != expected_prev:
        return ChainCheck(checked, None, "the newest events were removed")
    return ChainCheck(checked)
