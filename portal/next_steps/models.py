"""What was done about each next step after an inadequate or serious-concern judgement (R-NEXT)."""

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.core.append_only import refuse_rewriting
from portal.extensions import Model

__all__ = ["NextStepRecord"]


class NextStepRecord(Model):
    """One step of an inspection's checklist, recorded done (on a day) or not needed (with why):
    once, by the lead inspector or a manager, and never rewritten."""

    __tablename__ = "next_step_records"
    __table_args__ = (UniqueConstraint("inspection_id", "step"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    inspection_id: Mapped[int] = mapped_column(ForeignKey("inspections.id"), index=True)
    step: Mapped[str] = mapped_column(String(40))
    outcome: Mapped[str] = mapped_column(String(20))
    done_on: Mapped[date | None]
    note: Mapped[str | None] = mapped_column(Text)
    actor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime]

    actor = relationship("User")


class NextStepIsAppendOnly(Exception):
    pass


refuse_rewriting(
    NextStepRecord,
    NextStepIsAppendOnly,
    "a next step once recorded cannot be changed",
    "a next step once recorded cannot be deleted",
)
