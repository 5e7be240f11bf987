"""Quality assurance, sign-off, disagreements and copies of a report (R-QA-1..3). Each row is
written once and never changed: recording a step again is a new row (DESIGN.md convention 6)."""

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import Model, db

__all__ = ["QualityDisagreement", "QualityRecord", "ReportCopy"]


class QualityRecord(Model):
    """A quality assurance step or a sign-off (``step``: a key of ``quality.ALL_STEPS``), with the
    fingerprint of the report's working copy when it was recorded."""

    __tablename__ = "report_quality_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("inspection_reports.id"), index=True)
    step: Mapped[str] = mapped_column(String(30))
    given_on: Mapped[date]
    # The person at a partner inspectorate who gave it (R-QA-2); None when it is the recorder's own.
    given_by: Mapped[str | None] = mapped_column(String(200))
    notes: Mapped[str | None] = mapped_column(Text)
    content_sha256: Mapped[str] = mapped_column(String(64))
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime]

    report = relationship(
        "InspectionReport",
        backref=db.backref("quality_records", order_by="(QualityRecord.recorded_at, QualityRecord.id)"),
    )
    recorded_by = relationship("User")


class QualityDisagreement(Model):
    """R-QA-2, S0 ¶163: a failure to agree goes to a manager of each inspectorate and does not
    delay publication, so it is a note, never a block."""

    __tablename__ = "report_quality_disagreements"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("inspection_reports.id"), index=True)
    note: Mapped[str] = mapped_column(Text)
    ofsted_manager: Mapped[str] = mapped_column(String(200))
    hmip_manager: Mapped[str] = mapped_column(String(200))
    cqc_manager: Mapped[str] = mapped_column(String(200))
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime]

    report = relationship(
        "InspectionReport",
        backref=db.backref(
            "quality_disagreements", order_by="(QualityDisagreement.recorded_at, QualityDisagreement.id)"
        ),
    )
    recorded_by = relationship("User")


class ReportCopy(Model):
    """R-QA-3: a copy of the draft or the final sent outside the portal. One per document and
    recipient: the unique constraint refuses a second even from two requests at once."""

    __tablename__ = "report_copies"
    __table_args__ = (UniqueConstraint("report_id", "document", "recipient"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("inspection_reports.id"), index=True)
    document: Mapped[str] = mapped_column(String(10))
    recipient: Mapped[str] = mapped_column(String(10))
    sent_on: Mapped[date]
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime]

    report = relationship(
        "InspectionReport", backref=db.backref("copies_sent", order_by="(ReportCopy.sent_on, ReportCopy.id)")
    )
    recorded_by = relationship("User")
