"""Child-friendly summaries (R-CFS-1..3): the text and pictures, versions adapted for a child,
the provider's own translations, and voice recordings."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import Model, db

__all__ = ["AdaptationRequest", "ChildSummary", "SummaryFile"]


class ChildSummary(Model):
    """One summary per inspection, written by the lead inspector. It reaches the provider when the
    final report is sent, never before, and is never published (R-CFS-1)."""

    __tablename__ = "child_summaries"

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspections.id"), unique=True)
    # {section key: {"text": ..., "picture": pictogram key}}
    sections: Mapped[dict] = mapped_column(JSON)
    # Why there is no summary where one is expected (recorded instead of writing one).
    no_summary_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    updated_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))

    inspection = relationship("Inspection", backref=db.backref("child_summary", uselist=False))
    files: Mapped[list["SummaryFile"]] = relationship(back_populates="summary", order_by="SummaryFile.id")
    requests: Mapped[list["AdaptationRequest"]] = relationship(
        back_populates="summary", order_by="AdaptationRequest.id"
    )
    updated_by = relationship("User")


class SummaryFile(Model):
    """A file that goes with a summary: an adapted version or a voice recording the inspector
    attached, or a translation the provider keeps for its records."""

    __tablename__ = "summary_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    summary_id: Mapped[int] = mapped_column(ForeignKey("child_summaries.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    description: Mapped[str] = mapped_column(String(200))
    file_id: Mapped[int] = mapped_column(ForeignKey("stored_files.id"))
    request_id: Mapped[int | None] = mapped_column(ForeignKey("adaptation_requests.id"))
    added_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    added_at: Mapped[datetime]

    summary: Mapped[ChildSummary] = relationship(back_populates="files")
    file = relationship("StoredFile")
    added_by = relationship("User")


class AdaptationRequest(Model):
    """A request for a version adapted to a child's needs or language (R-CFS-2): the inspectorate
    asks the provider to adapt the summary (``adapter`` "provider"), or the provider asks the
    inspector for one (``adapter`` "inspectorate"). ``reason`` is what is needed."""

    __tablename__ = "adaptation_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    summary_id: Mapped[int] = mapped_column(ForeignKey("child_summaries.id"), index=True)
    # Who is asked to adapt the summary; the other side asked.
    adapter: Mapped[str] = mapped_column(String(12), default="inspectorate", server_default="inspectorate")
    reason: Mapped[str] = mapped_column(Text)
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    requested_at: Mapped[datetime]
    fulfilled_at: Mapped[datetime | None]

    summary: Mapped[ChildSummary] = relationship(back_populates="requests")
    requested_by = relationship("User")
