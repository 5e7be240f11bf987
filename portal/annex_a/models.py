"""Annex A drafts (kept ready), requests at an inspection, every returned version, and every
change of a request's due time."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint, event, inspect
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from portal.core.append_only import refuse_rewriting
from portal.extensions import Model

__all__ = ["AnnexADraft", "AnnexADueTimeChange", "AnnexARequest", "AnnexAVersion", "RecordIsFixed"]


class AnnexADraft(Model):
    """R-AXA-1: the setting's Annex A kept ready. It belongs to the setting, not to a person."""

    __tablename__ = "annex_a_drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    setting_id: Mapped[int] = mapped_column(ForeignKey("settings.id"), unique=True)
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime]
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    updated_by = relationship("User")


class AnnexARequest(Model):
    """R-AXA-2: the inspector's request for Annex A at an inspection. ``due_at`` is the due time in
    force; it moves only with an AnnexADueTimeChange in the same flush, which keeps the old one."""

    __tablename__ = "annex_a_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspections.id"), unique=True)
    status: Mapped[str] = mapped_column(String(20))
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    requested_at: Mapped[datetime]
    due_at: Mapped[datetime]
    override_reason: Mapped[str | None] = mapped_column(Text)

    inspection = relationship("Inspection")
    requested_by = relationship("User")
    versions: Mapped[list["AnnexAVersion"]] = relationship(back_populates="request", order_by="AnnexAVersion.number")
    due_time_changes: Mapped[list["AnnexADueTimeChange"]] = relationship(
        back_populates="request", order_by="AnnexADueTimeChange.id"
    )


class AnnexAVersion(Model):
    """R-AXA-4: a returned Annex A, never changed; the latest accepted one is current. ``due_at`` is
    the due time in force when it arrived and ``on_time`` was decided by it then (R-AXA-2): neither
    ever changes, whatever later happens to the request's due time."""

    __tablename__ = "annex_a_versions"
    __table_args__ = (UniqueConstraint("request_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("annex_a_requests.id"), index=True)
    number: Mapped[int]
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    submission_key: Mapped[str] = mapped_column(String(64), unique=True)
    answers: Mapped[dict] = mapped_column(JSON)
    route: Mapped[str] = mapped_column(String(20))  # web form or spreadsheet
    file_id: Mapped[int | None] = mapped_column(ForeignKey("stored_files.id"))
    submitted_at: Mapped[datetime]
    submitted_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    due_at: Mapped[datetime | None]  # None only for versions returned before it was kept
    on_time: Mapped[bool]
    status: Mapped[str] = mapped_column(String(20))
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    update_reason: Mapped[str | None] = mapped_column(Text)

    request: Mapped[AnnexARequest] = relationship(back_populates="versions")
    submitted_by = relationship("User", foreign_keys=[submitted_by_id])
    decided_by = relationship("User", foreign_keys=[decided_by_id])
    file = relationship("StoredFile")


class AnnexADueTimeChange(Model):
    """R-AXA-2: the inspector moved the due time of an open request, with a reason the provider
    sees; or asked for an updated version by a new time (kind ``update``). Never changed."""

    __tablename__ = "annex_a_due_time_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("annex_a_requests.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    old_due_at: Mapped[datetime]
    new_due_at: Mapped[datetime]
    reason: Mapped[str] = mapped_column(Text)
    changed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    changed_at: Mapped[datetime]

    request: Mapped[AnnexARequest] = relationship(back_populates="due_time_changes")
    changed_by = relationship("User")


class RecordIsFixed(Exception):
    """A stored record that the provider or the inspectorate was shown cannot be rewritten."""


FIXED_VERSION_FIELDS = (
    "request_id",
    "number",
    "submitted_at",
    "submitted_by_id",
    "due_at",
    "on_time",
    "route",
    "reference",
)


refuse_rewriting(
    AnnexADueTimeChange, RecordIsFixed, "a change of due time is never changed", "a change of due time is never deleted"
)


@event.listens_for(Session, "before_flush")
def _due_times_are_kept(session, _context, _instances):
    """A version's arrival, due time and on-time status are fixed; a request's due time moves only
    with the change that records the old one (DESIGN.md convention 6)."""
    for target in session.dirty:
        if isinstance(target, AnnexAVersion):
            state = inspect(target)
            moved = [name for name in FIXED_VERSION_FIELDS if state.attrs[name].history.has_changes()]
            if moved:
                raise RecordIsFixed(f"a returned Annex A keeps its {', '.join(moved)}")
        elif (
            isinstance(target, AnnexARequest)
            and inspect(target).attrs.due_at.history.has_changes()
            and not any(
                isinstance(new, AnnexADueTimeChange) and new.request is target and new.new_due_at == target.due_at
                for new in session.new
            )
        ):
            raise RecordIsFixed("an Annex A request's due time changes only with a recorded change")
