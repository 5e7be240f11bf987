"""Requirements of final reports followed to compliance (R-REQ-1) and compliance notices (R-REQ-2..3)."""

from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.append_only import refuse_rewriting
from portal.extensions import Model

__all__ = ["ComplianceNotice", "Requirement", "RequirementEvidence", "RequirementUpdate"]


class Requirement(Model):
    """One requirement of a final report, as the report said it, with where it stands now.

    The text, regulation and date are copied from the final report when it is sent and never
    change; what the provider did and what the inspector found are ``RequirementUpdate`` rows.
    ``status`` is the latest of them, kept here so the overdue lists are one indexed statement.
    """

    __tablename__ = "requirements"
    __table_args__ = (
        UniqueConstraint("inspection_id", "paragraph"),
        # Overdue across England: those not yet met whose date has passed, oldest first.
        Index("ix_requirements_open_by_date", "status", "comply_by"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspections.id"))
    setting_id: Mapped[int] = mapped_column(ForeignKey("settings.id"), index=True)
    paragraph: Mapped[int]  # its numbered paragraph in the final report
    text: Mapped[str] = mapped_column(Text)
    regulation: Mapped[str] = mapped_column(String(40))
    comply_by: Mapped[date]
    status: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime]
    # Racing updates (a double click, two people at once): only one change of a version commits.
    version_id: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version_id}  # noqa: RUF012 - read once by SQLAlchemy when the class is made

    inspection = relationship("Inspection")
    setting = relationship("Setting")
    updates: Mapped[list["RequirementUpdate"]] = relationship(order_by="RequirementUpdate.id", viewonly=True)


class RequirementUpdate(Model):
    """What the provider did (with evidence), or what the inspector found (met or not, and why)."""

    __tablename__ = "requirement_updates"

    id: Mapped[int] = mapped_column(primary_key=True)
    requirement_id: Mapped[int] = mapped_column(ForeignKey("requirements.id"), index=True)
    status: Mapped[str] = mapped_column(String(20))  # where it stands after this update
    text: Mapped[str] = mapped_column(Text)
    actor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime]

    actor = relationship("User")
    evidence: Mapped[list["RequirementEvidence"]] = relationship(order_by="RequirementEvidence.id")


class RequirementEvidence(Model):
    __tablename__ = "requirement_evidence"
    __table_args__ = (UniqueConstraint("update_id", "file_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    update_id: Mapped[int] = mapped_column(ForeignKey("requirement_updates.id"), index=True)
    file_id: Mapped[int] = mapped_column(ForeignKey("stored_files.id"))

    file = relationship("StoredFile")


class ComplianceNotice(Model):
    """A compliance notice (R-REQ-2): the regulation breached, the actions, and the date by which
    the provider must fully comply; the monitoring visit is due within 5 working days after that
    date (R-REQ-3), and the visit's finding is recorded on the notice."""

    __tablename__ = "compliance_notices"
    __table_args__ = (Index("ix_compliance_notices_visit_due", "visited_on", "visit_due"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    setting_id: Mapped[int] = mapped_column(ForeignKey("settings.id"), index=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    submission_key: Mapped[str] = mapped_column(String(64), unique=True)
    regulation: Mapped[str] = mapped_column(String(40))
    actions: Mapped[str] = mapped_column(Text)
    comply_by: Mapped[date]
    visit_due: Mapped[date]
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime]
    visited_on: Mapped[date | None]
    met: Mapped[bool | None]
    finding: Mapped[str | None] = mapped_column(Text)
    visit_recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    visit_recorded_at: Mapped[datetime | None]
    version_id: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version_id}  # noqa: RUF012 - read once by SQLAlchemy when the class is made

    setting = relationship("Setting")
    recorded_by = relationship("User", foreign_keys=[recorded_by_id])
    visit_recorded_by = relationship("User", foreign_keys=[visit_recorded_by_id])


class RequirementIsAppendOnly(Exception):
    pass


refuse_rewriting(
    RequirementUpdate,
    RequirementIsAppendOnly,
    "an update of a requirement cannot be changed: add another",
    "an update of a requirement cannot be deleted",
)
