"""Inspection reports: a working copy the inspector edits, frozen snapshots of the draft and the
final report as sent, the provider's comments with their responses, and window extensions."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, query_expression, relationship

from portal.extensions import Model, db

__all__ = ["CommentEvidence", "CommentReturn", "DraftComment", "InspectionReport", "WindowExtension"]


class InspectionReport(Model):
    """One report per inspection. ``content`` is the inspector's working copy; ``draft`` and
    ``final`` are what was sent, frozen when sent and never rewritten (DESIGN.md convention 6)."""

    __tablename__ = "inspection_reports"
    __table_args__ = (
        # The sent finals, newest first, counted and paged from this index alone on the public
        # search (publication.search): the wide report rows are read only for the page shown.
        Index(
            "ix_inspection_reports_sent_finals",
            "publish_at",
            "id",
            "inspection_id",
            postgresql_where=text("final IS NOT NULL"),
            sqlite_where=text("final IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspections.id"), unique=True)
    status: Mapped[str] = mapped_column(String(20))
    content: Mapped[dict] = mapped_column(JSON)
    judgement_change_reasons: Mapped[str | None] = mapped_column(Text)
    # Why judgements changed between the draft and the final report: set once, when the final is
    # sent, and shown to the provider with it (never in the published report).
    final_judgement_change_reasons: Mapped[str | None] = mapped_column(Text)
    draft: Mapped[dict | None] = mapped_column(JSON)
    final: Mapped[dict | None] = mapped_column(JSON)
    # R-TL-3: the instant the embargo ends; nothing is public before it.
    publish_at: Mapped[datetime | None] = mapped_column(index=True)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    final_sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # The final's judgements alone, where a list asks for them instead of the whole report
    # (publication.search); None wherever it was not asked for.
    final_judgements: Mapped[dict | None] = query_expression()
    # Optimistic lock: two inspectors saving at once cannot silently overwrite each other.
    version_id: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version_id}  # noqa: RUF012 - read once by SQLAlchemy when the class is made

    inspection = relationship("Inspection", backref=db.backref("report", uselist=False))
    comment_return: Mapped["CommentReturn | None"] = relationship(back_populates="report", uselist=False)
    comments: Mapped[list["DraftComment"]] = relationship(
        back_populates="report", order_by="(DraftComment.paragraph_number, DraftComment.id)"
    )
    extensions: Mapped[list["WindowExtension"]] = relationship(order_by="WindowExtension.extended_at")
    issued_by = relationship("User", foreign_keys=[issued_by_id])
    final_sent_by = relationship("User", foreign_keys=[final_sent_by_id])


class CommentReturn(Model):
    """The provider's one return on a draft (R-DR-2): open while comments are drafted, then
    submitted with its comments, or confirmed as having none."""

    __tablename__ = "comment_returns"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("inspection_reports.id"), unique=True)
    status: Mapped[str] = mapped_column(String(20))
    reference: Mapped[str | None] = mapped_column(String(20), unique=True)
    submitted_at: Mapped[datetime | None]
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # When a comment was last saved or deleted. Writing it moves the version below, so a comment
    # saved while the return is being sent makes one of the two fail even where rows cannot be
    # locked (SQLite), instead of slipping in unseen.
    changed_at: Mapped[datetime | None]
    # Two racing submissions: only the first update of this version commits.
    version_id: Mapped[int] = mapped_column(default=1)

    __mapper_args__ = {"version_id_col": version_id}  # noqa: RUF012 - read once by SQLAlchemy when the class is made

    report: Mapped[InspectionReport] = relationship(back_populates="comment_return")
    submitted_by = relationship("User")


class DraftComment(Model):
    """A comment on one numbered paragraph of the draft (R-DR-1), and the response (R-DR-4).

    ``client_key`` comes from the form, so saving as you type, a double click or a retried POST
    all update one comment instead of making several.
    """

    __tablename__ = "draft_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("inspection_reports.id"), index=True)
    client_key: Mapped[str] = mapped_column(String(64), unique=True)
    paragraph_number: Mapped[int]
    kind: Mapped[str] = mapped_column(String(30))
    text: Mapped[str] = mapped_column(Text)
    proposed_wording: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime]
    updated_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime]
    response: Mapped[str | None] = mapped_column(String(30))
    response_reason: Mapped[str | None] = mapped_column(Text)
    responded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    responded_at: Mapped[datetime | None]
    # R-DR-4: the draft's paragraph numbers an "accepted and amended" or "partly accepted"
    # response says the final report amends; frozen with the response when the final is sent.
    amended_paragraphs: Mapped[list | None] = mapped_column(JSON)

    report: Mapped[InspectionReport] = relationship(back_populates="comments")
    evidence: Mapped[list["CommentEvidence"]] = relationship(
        back_populates="comment", cascade="all, delete-orphan", order_by="CommentEvidence.id"
    )
    created_by = relationship("User", foreign_keys=[created_by_id])
    updated_by = relationship("User", foreign_keys=[updated_by_id])
    responded_by = relationship("User", foreign_keys=[responded_by_id])


class CommentEvidence(Model):
    __tablename__ = "comment_evidence"
    __table_args__ = (UniqueConstraint("comment_id", "file_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    comment_id: Mapped[int] = mapped_column(ForeignKey("draft_comments.id"), index=True)
    file_id: Mapped[int] = mapped_column(ForeignKey("stored_files.id"))

    comment: Mapped[DraftComment] = relationship(back_populates="evidence")
    file = relationship("StoredFile")


class WindowExtension(Model):
    """The inspectorate extended the comment window, with its reason (R-DR-3)."""

    __tablename__ = "window_extensions"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("inspection_reports.id"), index=True)
    previous_end: Mapped[datetime]
    new_end: Mapped[datetime]
    reason: Mapped[str] = mapped_column(Text)
    extended_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    extended_at: Mapped[datetime]

    extended_by = relationship("User")
