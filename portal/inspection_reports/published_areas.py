"""The areas whose reports the public can search (R-PUB-2, R-PUB-4), kept as reports are sent and withheld.

The public search lists the local authorities and regions that have a published report. Asking
every setting whether it has one reads every setting and every sent final, so its cost grew with
England (docs/BENCHMARKS.md). ``PublishedArea`` keeps, per area, the instant its first report that
will be published is published: that changes only when a final report is sent (or its publication
instant moves), when a report is withheld, or when a setting moves area, each a write the listeners
below see. Passing time needs nothing: the list is the areas whose instant has come.
"""

from typing import cast

from sqlalchemy import Table, event, func, inspect, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from portal.extensions import db
from portal.inspection_reports import publication
from portal.inspection_reports.models import InspectionReport
from portal.inspection_reports.models_publication import NonPublication, PublishedArea
from portal.inspections.models import Inspection
from portal.providers.models import Setting

_TOUCHED = "published_areas_touched"  # Session.info: the areas this transaction may have moved
_EVERY = "published_areas_every"  # Session.info: a setting moved area, so every area is worked out again
_AREA = cast(Table, PublishedArea.__table__)


def _first_published(*where):
    """Per area, the earliest publication instant of a report to be published."""
    return (
        select(Setting.local_authority, Setting.region, func.min(InspectionReport.publish_at).label("since"))
        .join(Inspection, Inspection.setting_id == Setting.id)
        .join(InspectionReport, InspectionReport.inspection_id == Inspection.id)
        .where(*publication.to_be_published_clause(), InspectionReport.publish_at.is_not(None), *where)
        .group_by(Setting.local_authority, Setting.region)
    )


@event.listens_for(Session, "after_flush")
def _mark_touched(session: Session, _context) -> None:
    """The reports sent, moved or withheld in this flush: their areas are worked out at the commit."""
    touched = session.info.setdefault(_TOUCHED, set())
    for target in (*session.new, *session.dirty):
        if isinstance(target, InspectionReport):
            state = inspect(target).attrs
            sent = target in session.new and target.final is not None
            if sent or state.final.history.has_changes() or state.publish_at.history.has_changes():
                touched.add(target.id)
        elif isinstance(target, NonPublication):
            touched.add(target.report_id)
        elif isinstance(target, Setting) and target not in session.new:
            moved = inspect(target).attrs
            if moved.local_authority.history.has_changes() or moved.region.history.has_changes():
                # The area it left may not be known (an attribute set unread keeps no old value),
                # and settings move rarely: every area is worked out again at the commit.
                session.info[_EVERY] = True


@event.listens_for(Session, "before_commit")
def _count_touched(session: Session) -> None:
    """The areas of the reports this transaction touched are worked out again just before it
    commits. Each area's row is locked first (PostgreSQL), in order, and read once held, so the
    work sees every report committed before: writers of one area follow each other. Locked last,
    after anything else the transaction holds, so two writers never wait for each other in a
    circle. (The commit flushes after this event: flushed here, nothing written is left for it.)"""
    session.flush()
    report_ids = session.info.pop(_TOUCHED, set())
    if session.info.pop(_EVERY, False):
        _work_out_every_area(session)
        return
    if not report_ids:
        return
    connection = session.connection()
    areas = sorted(
        set(
            connection.execute(
                select(Setting.local_authority, Setting.region)
                .join(Inspection, Inspection.setting_id == Setting.id)
                .join(InspectionReport, InspectionReport.inspection_id == Inspection.id)
                .where(InspectionReport.id.in_(sorted(report_ids)))
            ).tuples()
        )
    )
    if not areas:
        return
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    rows = [{"local_authority": authority, "region": region} for authority, region in areas]
    connection.execute(dialect.insert(_AREA).on_conflict_do_nothing(), rows)
    for authority, region in areas:
        here = (_AREA.c.local_authority == authority, _AREA.c.region == region)
        connection.execute(select(_AREA.c.since).where(*here).with_for_update())
        row = connection.execute(
            _first_published(Setting.local_authority == authority, Setting.region == region)
        ).first()
        connection.execute(_AREA.update().where(*here).values(since=row.since if row else None))


@event.listens_for(Session, "after_rollback")
def _forget_touched(session: Session) -> None:
    session.info.pop(_TOUCHED, None)
    session.info.pop(_EVERY, None)


def _work_out_every_area(session: Session) -> None:
    connection = session.connection()
    connection.execute(_AREA.delete())
    connection.execute(_AREA.insert().from_select(["local_authority", "region", "since"], _first_published()))


def recount_all() -> None:
    """Every area worked out again from the reports (for a data set loaded in bulk)."""
    _work_out_every_area(db.session())
    db.session.commit()
