"""A decision not to publish a monitoring report (R-PUB-2): recorded once, never changed; and the
areas whose reports the public can search."""

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import Model, db

__all__ = ["NonPublication", "PublishedArea"]


class NonPublication(Model):
    """Exceptionally, a monitoring report is not published. For an STC the inspectorates decide
    with the Ministry of Justice's agreement (S0 ¶144); for an SCH, CH or RFC a regional director
    decides (S2, S4 §"Monitoring visit reports"). Who decided, who agreed and why are kept, with
    the inspectorate manager who recorded it. One per report: a second one is refused by the
    unique report id, and there is no way back to publishing it."""

    __tablename__ = "publication_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("inspection_reports.id"), unique=True)
    reason: Mapped[str] = mapped_column(Text)
    decided_by: Mapped[str] = mapped_column(String(200))
    # STC only (S0 ¶144): who at the Ministry of Justice agreed, and on what day.
    moj_agreed_by: Mapped[str | None] = mapped_column(String(200))
    moj_agreed_on: Mapped[date | None]
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime]

    report = relationship("InspectionReport", backref=db.backref("non_publication", uselist=False))
    recorded_by = relationship("User")


class PublishedArea(Model):
    """A local authority area, with its region, and when the first of its settings' reports that is
    published was (or will be) published: the public search's filter lists are the areas whose
    instant has come (``publication.filters``), about 150 rows however many settings there are.
    Kept in the transaction of every final report sent and every decision not to publish
    (``published_areas``); empty while no report of the area will be published."""

    __tablename__ = "published_areas"

    local_authority: Mapped[str] = mapped_column(String(120), primary_key=True)
    region: Mapped[str] = mapped_column(String(60), primary_key=True)
    since: Mapped[datetime | None]
