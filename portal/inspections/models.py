"""Inspections, their team, provisional judgements and deferral requests."""

from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.append_only import refuse_rewriting
from portal.extensions import Model

__all__ = [
    "DeferralRequest",
    "FeedbackJudgementCorrection",
    "Inspection",
    "InspectionTeamMember",
    "PendingInspection",
    "ProvisionalJudgement",
]


class Inspection(Model):
    __tablename__ = "inspections"
    __table_args__ = (
        # The worklists' order (newest first) and the timeliness list's (by end date), read a page at a time.
        Index("ix_inspections_start_date", "start_date"),
        Index("ix_inspections_end_date", "end_date"),
        # The few inspections whose final report is still to come: the timeliness list's "at risk".
        Index(
            "ix_inspections_final_outstanding",
            "draft_due_on",
            postgresql_where=text("final_sent_at IS NULL"),
            sqlite_where=text("final_sent_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    setting_id: Mapped[int] = mapped_column(ForeignKey("settings.id"), index=True)
    inspection_type: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    announced: Mapped[bool] = mapped_column(default=False)
    announced_at: Mapped[datetime | None]
    start_date: Mapped[date]
    end_date: Mapped[date | None]
    lead_inspector_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime]
    # Milestones of the post-inspection timeline (R-TL-1), written by the services of each step.
    draft_sent_at: Mapped[datetime | None]
    comment_window_ends_at: Mapped[datetime | None]
    comments_received_at: Mapped[datetime | None]
    final_sent_at: Mapped[datetime | None]
    # The last day of each report target (R-TL-1, R-TL-4), kept by ``report_targets`` from the end
    # date and the kind of inspection, so that lists order, count and page by them in SQL.
    draft_due_on: Mapped[date | None]
    final_due_on: Mapped[date | None]
    publication_due_on: Mapped[date | None]  # only where a publication target runs from the end (R-TL-4)
    # The check-your-answers key it was created from: a repeated POST finds this inspection.
    creation_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    # Withdrawn when entered in error (DESIGN.md convention 6): by whom, when, why, and from which status.
    withdrawn_at: Mapped[datetime | None]
    withdrawn_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    withdrawal_reason: Mapped[str | None] = mapped_column(Text)
    withdrawn_from: Mapped[str | None] = mapped_column(String(20))

    setting = relationship("Setting")
    lead_inspector = relationship("User", foreign_keys=[lead_inspector_id])
    withdrawn_by = relationship("User", foreign_keys=[withdrawn_by_id])
    team: Mapped[list["InspectionTeamMember"]] = relationship(back_populates="inspection", cascade="all, delete-orphan")
    provisional_judgements: Mapped[list["ProvisionalJudgement"]] = relationship(
        back_populates="inspection", cascade="all, delete-orphan", order_by="ProvisionalJudgement.id"
    )
    deferrals: Mapped[list["DeferralRequest"]] = relationship(
        back_populates="inspection", order_by="DeferralRequest.requested_at"
    )
    judgement_corrections: Mapped[list["FeedbackJudgementCorrection"]] = relationship(
        back_populates="inspection", order_by="FeedbackJudgementCorrection.number"
    )

    @property
    def team_user_ids(self) -> set[int]:
        return {self.lead_inspector_id} | {member.user_id for member in self.team}

    def provisional(self) -> dict[str, str]:
        """The judgements given at feedback as they stand: the newest correction's, if any (R-INSP-2)."""
        if self.judgement_corrections:
            return dict(self.judgement_corrections[-1].after)
        return {j.area: j.grade for j in self.provisional_judgements}


class PendingInspection(Model):
    """The answers of a new inspection waiting on the check-your-answers page: nothing is created,
    and nobody else sees them, until they are confirmed. Its key becomes the inspection's
    ``creation_key``, so confirming twice creates one inspection."""

    __tablename__ = "pending_inspections"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    answers: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime]


class InspectionTeamMember(Model):
    __tablename__ = "inspection_team_members"
    __table_args__ = (UniqueConstraint("inspection_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspections.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)

    inspection: Mapped[Inspection] = relationship(back_populates="team")
    user = relationship("User")


class ProvisionalJudgement(Model):
    """A judgement given at feedback, before the draft report (R-INSP-2 compares against it)."""

    __tablename__ = "provisional_judgements"
    __table_args__ = (UniqueConstraint("inspection_id", "area"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspections.id"), index=True)
    area: Mapped[str] = mapped_column(String(40))
    grade: Mapped[str] = mapped_column(String(40))

    inspection: Mapped[Inspection] = relationship(back_populates="provisional_judgements")


class DeferralRequest(Model):
    """A provider's request to defer an inspection, and the inspectorate's decision (R-INSP-3)."""

    __tablename__ = "deferral_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspections.id"), index=True)
    status: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text)
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    requested_at: Mapped[datetime]
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None]
    decision_reason: Mapped[str | None] = mapped_column(Text)
    # STC only (R-INSP-3, S0 ¶165-166): the ground the provider gives, the ground the decision
    # found, and the partner inspectorates' senior staff consulted, with what each said.
    ground: Mapped[str | None] = mapped_column(String(20))
    decision_ground: Mapped[str | None] = mapped_column(String(20))
    hmip_consulted: Mapped[str | None] = mapped_column(String(200))
    hmip_view: Mapped[str | None] = mapped_column(Text)
    cqc_consulted: Mapped[str | None] = mapped_column(String(200))
    cqc_view: Mapped[str | None] = mapped_column(Text)

    inspection: Mapped[Inspection] = relationship(back_populates="deferrals")
    requested_by = relationship("User", foreign_keys=[requested_by_id])
    decided_by = relationship("User", foreign_keys=[decided_by_id])


class FeedbackJudgementCorrection(Model):
    """A correction of the judgements given at feedback, made before the draft is sent: the set
    before and after, why, by whom and when. The rows given at feedback are never changed; the
    newest correction's ``after`` is the set in force (DESIGN.md convention 6, R-INSP-2)."""

    __tablename__ = "feedback_judgement_corrections"
    __table_args__ = (UniqueConstraint("inspection_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspections.id"), index=True)
    # 1, 2, ... per inspection: two corrections made from the same set cannot both be stored.
    number: Mapped[int]
    before: Mapped[dict] = mapped_column(JSON)
    after: Mapped[dict] = mapped_column(JSON)
    reason: Mapped[str] = mapped_column(Text)
    corrected_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    corrected_at: Mapped[datetime]

    inspection: Mapped[Inspection] = relationship(back_populates="judgement_corrections")
    corrected_by = relationship("User")

    def changes(self) -> dict[str, tuple[str | None, str | None]]:
        """Each area whose judgement this correction changed: (before, after)."""
        areas = list(self.before) + [area for area in self.after if area not in self.before]
        return {
            area: (self.before.get(area), self.after.get(area))
            for area in areas
            if self.before.get(area) != self.after.get(area)
        }


refuse_rewriting(
    FeedbackJudgementCorrection,
    ValueError,
    "a correction of feedback judgements is never changed: record a new one",
    "a correction of feedback judgements is never deleted",
)
