"""Notifications between inspections (DOMAIN.md §10), each a series of versions nobody rewrites,
the drafts waiting on check-your-answers, and the inspectorate's triage of each."""

from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.append_only import refuse_rewriting
from portal.extensions import Model

__all__ = ["Notification", "NotificationDocument", "NotificationDraft", "NotificationTriage", "NotificationVersion"]


class Notification(Model):
    """One notification as the provider sent it. What it says lives in its versions: an update
    (a later development, a correction) is a new version with its reason, never a rewrite.

    A few facts of the current version are kept on the row for the lists that count and order
    notifications in SQL: the day it is about, and whether a child protection enquiry still
    waits for its outcome (R-NTF-2). The current triage is kept likewise; every triage is a row
    of ``NotificationTriage``.
    """

    __tablename__ = "notifications"
    __table_args__ = (
        # The inspectorate's queue: those not yet triaged, most serious first, oldest first.
        Index("ix_notifications_queue", "triaged_at", "severity", "sent_at"),
        # A setting's notifications over 12 months (its page, the oversight page's counts).
        Index("ix_notifications_setting_sent", "setting_id", "sent_at"),
        # An inspector's own, most recently triaged first, without reading the year's others.
        Index("ix_notifications_owner_triaged", "owner_id", "triaged_at"),
        # R-NTF-2: the few enquiries still waiting for an outcome, oldest first.
        Index(
            "ix_notifications_enquiries_open",
            "sent_at",
            "id",
            postgresql_where=text("enquiry_open IS true"),
            sqlite_where=text("enquiry_open IS true"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    setting_id: Mapped[int] = mapped_column(ForeignKey("settings.id"))
    kind: Mapped[str] = mapped_column(String(30))
    severity: Mapped[int]  # the kind's place in the queue: 1 most serious (rules.Kind.severity)
    regulation: Mapped[str | None] = mapped_column(String(4))
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    sent_at: Mapped[datetime]
    sent_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    # The lead inspector it went to when it arrived; None: the inspectorate managers (no lead).
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # R-NTF-2: the outcome of an enquiry completes the serious event it follows.
    follows_id: Mapped[int | None] = mapped_column(ForeignKey("notifications.id"), index=True)
    # R-MON-3: the full visit report an independent person's urgent concern was followed by.
    visit_report_id: Mapped[int | None] = mapped_column(ForeignKey("monitoring_reports.id"), index=True)
    latest_version: Mapped[int] = mapped_column(default=1)
    current_on: Mapped[date]
    enquiry_open: Mapped[bool] = mapped_column(default=False)
    triaged_at: Mapped[datetime | None]
    triage_decision: Mapped[str | None] = mapped_column(String(30))
    # Racing triages or updates (two tabs, a double click): only one change of a version commits.
    version_id: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version_id}  # noqa: RUF012 - read once by SQLAlchemy when the class is made

    setting = relationship("Setting")
    sent_by = relationship("User", foreign_keys=[sent_by_id])
    owner = relationship("User", foreign_keys=[owner_id])
    follows = relationship("Notification", remote_side=[id], foreign_keys=[follows_id])
    visit_report = relationship("MonitoringReport")
    versions: Mapped[list["NotificationVersion"]] = relationship(
        back_populates="notification", order_by="NotificationVersion.number"
    )
    triages: Mapped[list["NotificationTriage"]] = relationship(order_by="NotificationTriage.id", viewonly=True)

    @property
    def current(self) -> "NotificationVersion":
        return next(v for v in self.versions if v.number == self.latest_version)


class NotificationVersion(Model):
    """What the provider said, as sent: every answer of the kind's form, and the reason for an update."""

    __tablename__ = "notification_versions"
    __table_args__ = (UniqueConstraint("notification_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    notification_id: Mapped[int] = mapped_column(ForeignKey("notifications.id"), index=True)
    number: Mapped[int]
    submission_key: Mapped[str] = mapped_column(String(64), unique=True)
    submitted_at: Mapped[datetime]
    submitted_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    urn: Mapped[str] = mapped_column(String(8))  # as it stood when sent
    reason: Mapped[str | None] = mapped_column(Text)  # what changed, for an update
    answers: Mapped[dict] = mapped_column(JSON)

    notification: Mapped[Notification] = relationship(back_populates="versions")
    submitted_by = relationship("User")
    documents: Mapped[list["NotificationDocument"]] = relationship(order_by="NotificationDocument.id")


class NotificationDocument(Model):
    __tablename__ = "notification_documents"
    __table_args__ = (UniqueConstraint("version_id", "file_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("notification_versions.id"), index=True)
    file_id: Mapped[int] = mapped_column(ForeignKey("stored_files.id"))

    file = relationship("StoredFile")


class NotificationTriage(Model):
    """What the inspectorate decided on reading a notification, with its note; a later triage is a
    new row, so the first decision stays visible."""

    __tablename__ = "notification_triages"

    id: Mapped[int] = mapped_column(primary_key=True)
    notification_id: Mapped[int] = mapped_column(ForeignKey("notifications.id"), index=True)
    version_number: Mapped[int]  # the version the inspector read
    decision: Mapped[str] = mapped_column(String(30))
    note: Mapped[str] = mapped_column(Text)
    actor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime]

    actor = relationship("User")


class NotificationDraft(Model):
    """Answers and documents waiting on the check-your-answers page: not a notification until sent.

    Its key becomes the version's submission key, so a repeated POST finds what the first made.
    """

    __tablename__ = "notification_drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    setting_id: Mapped[int] = mapped_column(ForeignKey("settings.id"))
    kind: Mapped[str] = mapped_column(String(30))
    notification_id: Mapped[int | None] = mapped_column(ForeignKey("notifications.id"))  # an update of
    follows_id: Mapped[int | None] = mapped_column(ForeignKey("notifications.id"))  # the outcome of
    answers: Mapped[dict] = mapped_column(JSON)
    file_ids: Mapped[list] = mapped_column(JSON)
    created_at: Mapped[datetime]

    setting = relationship("Setting")
    notification = relationship("Notification", foreign_keys=[notification_id])
    follows = relationship("Notification", foreign_keys=[follows_id])


class NotificationIsAppendOnly(Exception):
    pass


refuse_rewriting(
    NotificationVersion,
    NotificationIsAppendOnly,
    "a notification's version cannot be changed: send an update",
    "a notification's version cannot be deleted",
)
refuse_rewriting(
    NotificationTriage,
    NotificationIsAppendOnly,
    "a triage cannot be changed: record another",
    "a triage cannot be deleted",
)
