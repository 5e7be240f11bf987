"""Monthly visit reports and quality-of-care reviews, each a series of immutable versions."""

from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint, event, text
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from portal.extensions import Model

__all__ = [
    "ConcernAction",
    "GapCount",
    "MonitoringReport",
    "PendingSubmission",
    "ReminderLog",
    "ReportVersion",
    "VisitReportResponse",
]


class MonitoringReport(Model):
    """One report as the provider sent it: a visit report (reg 44/25) or a review (reg 45/23).

    What it says lives in its versions; a correction adds a version and never rewrites one.
    """

    __tablename__ = "monitoring_reports"
    __table_args__ = (
        # A year of visits across England, each month's first arrival per setting, read from this
        # index alone (compliance._first_received): no version is joined, no old report read.
        Index("ix_monitoring_reports_visits", "kind", "current_visit_date", "setting_id", "received_at"),
        # A few settings' year of visits, counted again after a change (gaps.recount): one setting's
        # reports, not the year's across England.
        Index("ix_monitoring_reports_setting_visits", "setting_id", "kind", "current_visit_date", "received_at"),
        # Recent reviews across England, each setting's latest, read likewise (compliance._reviewed_since).
        Index("ix_monitoring_reports_reviews", "kind", "current_completed_on", "setting_id", "received_at"),
        # The few current opinions that children are not effectively safeguarded, counted without
        # reading the years of reports whose opinion is yes (oversight.build).
        Index(
            "ix_monitoring_reports_not_safeguarded",
            "setting_id",
            postgresql_where=text("current_safeguarding_effective IS false"),
            sqlite_where=text("current_safeguarding_effective IS false"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    setting_id: Mapped[int] = mapped_column(ForeignKey("settings.id"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    regulation: Mapped[str] = mapped_column(String(4))
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    received_at: Mapped[datetime] = mapped_column(index=True)
    submitted_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    latest_version: Mapped[int] = mapped_column(default=1)
    # What the current version says that lists across England count by, copied from that version
    # in the flush that adds it (``_current_answers_kept``; versions themselves never change): the
    # visit date (R-MON-1 counts a month by it), the review's completion date (R-MON-2) and the
    # opinion on safeguarding (R-MON-3).
    current_visit_date: Mapped[date | None]
    current_completed_on: Mapped[date | None]
    current_safeguarding_effective: Mapped[bool | None]

    setting = relationship("Setting")
    submitted_by = relationship("User", foreign_keys=[submitted_by_id])
    versions: Mapped[list["ReportVersion"]] = relationship(back_populates="report", order_by="ReportVersion.number")
    responses: Mapped[list["VisitReportResponse"]] = relationship(order_by="VisitReportResponse.id", viewonly=True)
    concern_actions: Mapped[list["ConcernAction"]] = relationship(order_by="ConcernAction.id", viewonly=True)

    @property
    def current(self) -> "ReportVersion":
        return next(v for v in self.versions if v.number == self.latest_version)

    @property
    def open_alert(self) -> "ReportVersion | None":
        """The version whose alert (a concern raised, or withdrawn) waits for an action, or None.

        The same rule as ``oversight.OPEN_ALERT`` in SQL: an action recorded on a version answers
        the alerts of that version and of every one before it (R-MON-3)."""
        alerts = [version for version in self.versions if version.concern_alert]
        acted = max((action.version_number for action in self.concern_actions), default=0)
        return alerts[-1] if alerts and alerts[-1].number > acted else None


class ReportVersion(Model):
    __tablename__ = "report_versions"
    __table_args__ = (
        UniqueConstraint("report_id", "number"),
        # A year of visits, and recent reviews, across England read from the index alone, and the
        # few opinions and concerns the inspectorate's page counts found without reading every version.
        Index("ix_report_versions_visit_date_report", "visit_date", "report_id", "number"),
        Index("ix_report_versions_completed_on_report", "completed_on", "report_id", "number"),
        Index("ix_report_versions_serious_concern", "serious_concern"),
        Index("ix_report_versions_safeguarding_effective", "safeguarding_effective"),
        Index("ix_report_versions_concern_alert", "concern_alert"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("monitoring_reports.id"), index=True)
    number: Mapped[int]
    submission_key: Mapped[str] = mapped_column(String(64), unique=True)
    submitted_at: Mapped[datetime]
    submitted_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str | None] = mapped_column(Text)  # why it replaces the one before
    file_id: Mapped[int] = mapped_column(ForeignKey("stored_files.id"))
    urn: Mapped[str] = mapped_column(String(8))  # R-MON-2, as it stood when sent
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
    # R-MON-3: this version raised the concern, or withdrew it, and so alerted the lead inspector,
    # who must record an action; a withdrawal always carries the author's reason.
    concern_alert: Mapped[bool] = mapped_column(default=False)
    concern_withdrawal_reason: Mapped[str | None] = mapped_column(Text)
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


class VisitReportResponse(Model):
    """The provider's answer to a visit report: kept beside it, never replacing what the visitor wrote."""

    __tablename__ = "visit_report_responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("monitoring_reports.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime]

    author = relationship("User")


class ConcernAction(Model):
    """What the inspectorate did about a serious-concern alert (R-MON-3), one row per action.

    ``version_number`` is the version the inspector saw when acting: it answers that version's
    alert and those before it, never one that arrived later."""

    __tablename__ = "concern_actions"
    __table_args__ = (Index("ix_concern_actions_report_version", "report_id", "version_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("monitoring_reports.id"))
    version_number: Mapped[int]
    kind: Mapped[str] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    actor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime]

    actor = relationship("User")


class PendingSubmission(Model):
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


class GapCount(Model):
    """A setting's months missing and late in the last 12 and whether its review is overdue, as they
    stood on ``counted_on`` (R-MON-5), so the list across England reads a row per setting rather than
    a year of visits. Counted again in the transaction of every change that moves them, and for
    every setting each night; ``counted_on`` is empty while a change is not yet counted (gaps.py)."""

    __tablename__ = "monitoring_gap_counts"

    setting_id: Mapped[int] = mapped_column(ForeignKey("settings.id"), primary_key=True)
    counted_on: Mapped[date | None] = mapped_column(index=True)
    missing: Mapped[int] = mapped_column(default=0)
    late: Mapped[int] = mapped_column(default=0)
    review_overdue: Mapped[bool] = mapped_column(default=False)

    setting = relationship("Setting")


class ReminderLog(Model):
    """One row per reminder sent, so running the reminders twice never sends twice."""

    __tablename__ = "reminder_logs"
    __table_args__ = (UniqueConstraint("setting_id", "kind", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    setting_id: Mapped[int] = mapped_column(ForeignKey("settings.id"))
    kind: Mapped[str] = mapped_column(String(30))
    period: Mapped[str] = mapped_column(String(20))
    sent_at: Mapped[datetime]


@event.listens_for(Session, "before_flush")
def _current_answers_kept(session, _context, _instances):
    """A report's ``current_…`` columns are its current version's, whichever way the version came
    (a form, a correction, a bulk upload): set when the version that becomes current is added."""
    for version in [added for added in session.new if isinstance(added, ReportVersion)]:
        report: MonitoringReport | None = version.report
        if report is None and version.report_id is not None:
            with session.no_autoflush:
                report = session.get(MonitoringReport, version.report_id)
        if report is not None and version.number == report.latest_version:
            report.current_visit_date = version.visit_date
            report.current_completed_on = version.completed_on
            report.current_safeguarding_effective = version.safeguarding_effective
