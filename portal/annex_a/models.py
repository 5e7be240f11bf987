"""Annex A drafts (kept ready), requests at an inspection, and every returned version."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db

__all__ = ["AnnexADraft", "AnnexARequest", "AnnexAVersion"]


class AnnexADraft(db.Model):
    """R-AXA-1: the setting's Annex A kept ready. It belongs to the setting, not to a person."""

    __tablename__ = "annex_a_drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    setting_id: Mapped[int] = mapped_column(ForeignKey("settings.id"), unique=True)
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime]
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    updated_by = relationship("User")


class AnnexARequest(db.Model):
    """R-AXA-2: the inspector's request for Annex A at an inspection, with its due time."""

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


class AnnexAVersion(db.Model):
    """R-AXA-4: a returned Annex A, never changed; the latest accepted one is current."""

    __tablename__ = "annex_a_versions"
    __table_args__ = (UniqueConstraint("request_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(ForeignKey("annex_a_requests.id"), index=True)
    number: Mapped[int]
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    submission_key: Mapped[str] = mapped_column(String(64), unique=True)
    answers: Mapped[dict] = mapped_column(JSON)
    route: Mapped[str] = mapped_column(String(20))            # web form or spreadsheet
    file_id: Mapped[int | None] = mapped_column(ForeignKey("stored_files.id"))
    submitted_at: Mapped[datetime]
    submitted_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    on_time: Mapped[bool]
    status: Mapped[str] = mapped_column(String(20))
    decided_at: Mapped[datetime | None]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    update_reason: Mapped[str | None] = mapped_column(Text)

    request: Mapped[AnnexARequest] = relationship(back_populates="versions")
    submitted_by = relationship("User", foreign_keys=[submitted_by_id])
    decided_by = relationship("User", foreign_keys=[decided_by_id])
    file = relationship("StoredFile")
