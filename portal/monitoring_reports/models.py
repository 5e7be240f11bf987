"""Monthly visit reports and quality-of-care reviews, each a series of immutable versions."""

from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db

__all__ = ["MonitoringReport", "ReportVersion", "PendingSubmission", "ReminderLog"]


class MonitoringReport(db.Model):
    """One report as the provider sent it: a visit report (reg 44/25) or a review (reg 45/23).

    What it says lives in its versions; a correction adds a version and never rewrites one.
    """

    __tablename__ = "monitoring_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    setting_id: Mapped[int] = mapped_column(ForeignKey("settings.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    regulation: Mapped[str] = mapped_column(String(4))
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    received_at: Mapped[datetime] = mapped_column(index=True)
    submitted_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    latest_version: Mapped[int] = mapped_column(default=1)
    concern_seen_at: Mapped[datetime | None]
    concern_seen_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    setting = relationship("Setting")
    submitted_by = relationship("User", foreign_keys=[submitted_by_id])
    concern_seen_by = relationship("User", foreign_keys=[concern_seen_by_id])
    versions: Mapped[list["ReportVersion"]] = relationship(back_populates="report", order_by="ReportVersion.number")

    @property
    def current(self) -> "ReportVersion":
        return next(v for v in self.versions if v.number == self.latest_version)


class ReportVersion(db.Model):
    __tablename__ = "report_versions"
    __table_args__ = (
        UniqueConstraint("report_id", "number"),
        # A year of visits, and recent reviews, across England read from the index alone, and the
        # few opinions and concerns the inspectorate's page counts found without reading every version.
        Index("ix_report_versions_visit_date_report", "visit_date", "report_id", "number"),
        Index("ix_report_versions_completed_on_report", "completed_on", "report_id", "number"),
        Index("ix_report_versions_serious_concern", "serious_concern"),
        Index("ix_report_versions_safeguarding_effective", "safeguarding_effective"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("monitoring_reports.id"), index=True)
    number: Mapped[int]
    submission_key: Mapped[str] = mapped_column(String(64), unique=True)
    submitted_at: Mapped[datetime]
    submitted_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str | None] = mapped_column(Text)          # why it replaces the one before
    file_id: Mapped[int] = mapped_column(ForeignKey("stored_files.id"))
    urn: Mapped[str] = mapped_column(String(8))                # R-MON-2, as it stood when sent
    # Visit reports (R-MON-6). Bulk uploads carry only the date and the document.
    visit_date: Mapped[date | None] = mapped_column(index=True)
    announced: Mapped[bool | None]
    spoke_to: Mapped[list | None] = mapped_column(JSON)
    spoke_to_details: Mapped[str | None] = mapped_column(Text)
    records_inspected: Mapped[str | None] = mapped_column(Text)
    premises_inspected: Mapped[str | None] = mapped_column(Text)
    safeguarding_effective: Mapped[bool | None]
    wellbeing_promoted: Mapped[bool | None]
    recommendations: Mapped[str | None] = mapped_column(Text)
    conflict_of_interest: Mapped[str | None] = mapped_column(Text)
    serious_concern: Mapped[bool] = mapped_column(default=False)
    serious_concern_details: Mapped[str | None] = mapped_column(Text)
    late_reason: Mapped[str | None] = mapped_column(Text)
    # Quality-of-care reviews (R-MON-4).
    period_start: Mapped[date | None]
    period_end: Mapped[date | None]
    completed_on: Mapped[date | None]
    views_gathered: Mapped[list | None] = mapped_column(JSON)
    actions: Mapped[str | None] = mapped_column(Text)

    report: Mapped[MonitoringReport] = relationship(back_populates="versions")
    file = relationship("StoredFile")
    submitted_by = relationship("User", foreign_keys=[submitted_by_id])


class PendingSubmission(db.Model):
    """Answers and document waiting on the check-your-answers page; not received until submitted.

    Its key becomes the version's submission key, so a repeated POST finds the report it made.
    """

    __tablename__ = "pending_submissions"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    setting_id: Mapped[int] = mapped_column(ForeignKey("settings.id"))
    kind: Mapped[str] = mapped_column(String(10))
    report_id: Mapped[int | None] = mapped_column(ForeignKey("monitoring_reports.id"))  # a correction of
    answers: Mapped[dict] = mapped_column(JSON)
    file_id: Mapped[int | None] = mapped_column(ForeignKey("stored_files.id"))
    created_at: Mapped[datetime]

    setting = relationship("Setting")
    file = relationship("StoredFile")
    report = relationship("MonitoringReport")


class ReminderLog(db.Model):
    """One row per reminder sent, so running the reminders twice never sends twice."""

    __tablename__ = "reminder_logs"
    __table_args__ = (UniqueConstraint("setting_id", "kind", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    setting_id: Mapped[int] = mapped_column(ForeignKey("settings.id"))
    kind: Mapped[str] = mapped_column(String(30))
    period: Mapped[str] = mapped_column(String(20))
    sent_at: Mapped[datetime]
