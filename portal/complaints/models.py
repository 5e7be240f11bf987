"""Formal complaints (R-CMP-1..4), their numbered points and evidence, and informal concerns (R-CMP-5)."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import Model

__all__ = ["Complaint", "ComplaintPoint", "InformalConcern", "PointEvidence"]


class Complaint(Model):
    """A formal complaint: prepared by the provider's staff, lodged once by a responsible
    individual, then acknowledged, investigated, responded to point by point, and closed.

    Each step's time and person are kept on the record; the audit holds every change too.
    """

    __tablename__ = "complaints"

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspections.id"), index=True)
    status: Mapped[str] = mapped_column(String(30))
    reference: Mapped[str | None] = mapped_column(String(20), unique=True)
    categories: Mapped[list] = mapped_column(JSON)
    earlier_concerns: Mapped[str | None] = mapped_column(Text)
    outcome_sought: Mapped[str | None] = mapped_column(Text)
    prepared_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    lodged_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    lodged_at: Mapped[datetime | None] = mapped_column(index=True)
    # R-CMP-2: lodged before the final report was sent, so it holds that report until responded to.
    holds_final: Mapped[bool] = mapped_column(default=False)
    response_due_at: Mapped[datetime | None]
    acknowledged_at: Mapped[datetime | None]
    acknowledged_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    investigator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    assigned_at: Mapped[datetime | None]
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    overall_response: Mapped[str | None] = mapped_column(Text)
    responded_at: Mapped[datetime | None]
    responded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    closed_at: Mapped[datetime | None]
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Racing lodgings (a double click, two browsers): only one update of this version commits.
    version_id: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version_id}  # noqa: RUF012 - read once by SQLAlchemy when the class is made

    inspection = relationship("Inspection")
    points: Mapped[list["ComplaintPoint"]] = relationship(
        back_populates="complaint", cascade="all, delete-orphan", order_by="ComplaintPoint.number"
    )
    prepared_by = relationship("User", foreign_keys=[prepared_by_id])
    lodged_by = relationship("User", foreign_keys=[lodged_by_id])
    acknowledged_by = relationship("User", foreign_keys=[acknowledged_by_id])
    investigator = relationship("User", foreign_keys=[investigator_id])
    assigned_by = relationship("User", foreign_keys=[assigned_by_id])
    responded_by = relationship("User", foreign_keys=[responded_by_id])
    closed_by = relationship("User", foreign_keys=[closed_by_id])


class ComplaintPoint(Model):
    """One numbered point of a complaint and its own answer (R-CMP-3)."""

    __tablename__ = "complaint_points"
    __table_args__ = (UniqueConstraint("complaint_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id"), index=True)
    number: Mapped[int]
    what_happened: Mapped[str] = mapped_column(Text)
    finding: Mapped[str | None] = mapped_column(String(20))
    reasons: Mapped[str | None] = mapped_column(Text)
    action_taken: Mapped[str | None] = mapped_column(Text)
    answered_at: Mapped[datetime | None]
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    complaint: Mapped[Complaint] = relationship(back_populates="points")
    evidence: Mapped[list["PointEvidence"]] = relationship(
        back_populates="point", cascade="all, delete-orphan", order_by="PointEvidence.id"
    )
    answered_by = relationship("User")


class PointEvidence(Model):
    __tablename__ = "complaint_point_evidence"
    __table_args__ = (UniqueConstraint("point_id", "file_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    point_id: Mapped[int] = mapped_column(ForeignKey("complaint_points.id"), index=True)
    file_id: Mapped[int] = mapped_column(ForeignKey("stored_files.id"))

    point: Mapped[ComplaintPoint] = relationship(back_populates="evidence")
    file = relationship("StoredFile")


class InformalConcern(Model):
    """A concern raised right after the inspection (R-CMP-5), answered by a manager not on it."""

    __tablename__ = "informal_concerns"

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspections.id"), index=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    submission_key: Mapped[str] = mapped_column(String(64), unique=True)
    text: Mapped[str] = mapped_column(Text)
    raised_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    raised_at: Mapped[datetime]
    reply: Mapped[str | None] = mapped_column(Text)
    replied_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    replied_at: Mapped[datetime | None]

    inspection = relationship("Inspection")
    raised_by = relationship("User", foreign_keys=[raised_by_id])
    replied_by = relationship("User", foreign_keys=[replied_by_id])
