"""The inspectorate's list of settings with late or missing reports (R-MON-5), from counts kept per setting.

Counting the gaps from the reports (``compliance.derived_counts``) reads a year of every setting's
visits, so across England its cost grows with the number of settings. Instead each setting's counts
are kept in ``GapCount``: in the transaction of every change that can move them (a report sent or
corrected, a setting added or changed; the listeners below), and once a night for every setting,
because the months counted and a review's lateness move with the date (``recount-monitoring-gaps``,
docs/PRODUCTION.md). The list reads the counts made today and works out from the reports only those
that are not (a change not yet committed, a night the command did not run), so it is always right and
usually reads one row per setting. docs/ARCHITECTURE.md says why this and not a derived status only.
"""

from datetime import datetime
from typing import cast

from sqlalchemy import Table, bindparam, case, event, func, insert, or_, select, union_all
from sqlalchemy.orm import Session

from portal.core import clock
from portal.core.clock import UK
from portal.extensions import db
from portal.monitoring_reports import compliance
from portal.monitoring_reports.models import GapCount, MonitoringReport
from portal.providers.models import Setting

LIVE_AT_MOST = 200  # more settings not counted today than this: count every setting from its reports
BATCH = 500  # settings counted again in one statement, and by the nightly command in one transaction
_TOUCHED = "monitoring_gaps_touched"  # Session.info: settings whose counts this transaction moved

_ROW = cast(Table, GapCount.__table__)
_STORE = (
    _ROW.update()
    .where(_ROW.c.setting_id == bindparam("b_id"))
    .values(
        counted_on=bindparam("b_on"),
        missing=bindparam("b_missing"),
        late=bindparam("b_late"),
        review_overdue=bindparam("b_overdue"),
    )
)


@event.listens_for(Session, "before_flush")
def _row_for_each_new_setting(session: Session, _context, _instances) -> None:
    """Every setting has its row from the flush that adds it, empty until counted."""
    for setting in [added for added in session.new if isinstance(added, Setting)]:
        session.add(GapCount(setting=setting))


@event.listens_for(Session, "after_flush")
def _mark_touched(session: Session, _context) -> None:
    """A report or setting written in this flush leaves its setting's counts to be counted again at
    the commit; until then this transaction's own lists work them out from the reports."""
    touched = {
        target.setting_id if isinstance(target, MonitoringReport) else target.id
        for target in (*session.new, *session.dirty)
        if isinstance(target, MonitoringReport | Setting)
    } - {None}
    if touched:
        session.info.setdefault(_TOUCHED, set()).update(touched)


@event.listens_for(Session, "before_commit")
def _count_touched(session: Session) -> None:
    """The settings this transaction moved are counted again just before it commits. Their rows are
    locked first (PostgreSQL), in order, and counting starts once they are held, so it sees every
    report committed before: two writers of one setting count one after the other, the second with
    the first's report. Locked last, after anything else the transaction holds (the audit chain's
    head), so two writers never wait for each other in a circle. (The commit flushes after this
    event: flushed here, nothing written is left for it.)"""
    session.flush()
    touched = sorted(session.info.pop(_TOUCHED, set()))
    if not touched:
        return
    session.execute(
        select(_ROW.c.setting_id).where(_ROW.c.setting_id.in_(touched)).order_by(_ROW.c.setting_id).with_for_update()
    ).all()
    recount(session, touched, clock.now())


@event.listens_for(Session, "after_rollback")
def _forget_touched(session: Session) -> None:
    session.info.pop(_TOUCHED, None)


def recount(session: Session, setting_ids, now: datetime) -> None:
    """Store the counts of these settings as they stand at ``now`` (zero for settings that send no reports)."""
    today = now.astimezone(UK).date()
    ordered = sorted(setting_ids)
    for start in range(0, len(ordered), BATCH):
        chunk = ordered[start : start + BATCH]
        reporting = Setting.setting_type.in_(compliance.REPORTING_TYPES)
        counted = {
            row.id: row for row in session.execute(compliance.derived_counts(now, reporting, Setting.id.in_(chunk)))
        }
        rows = []
        for setting_id in chunk:
            found = counted.get(setting_id)
            missing, late, overdue = (found.missing, found.late, bool(found.overdue)) if found else (0, 0, False)
            rows.append({"b_id": setting_id, "b_on": today, "b_missing": missing, "b_late": late, "b_overdue": overdue})
        session.connection().execute(_STORE, rows)


def recount_all(now: datetime) -> int:
    """Count every setting again for the day of ``now``, a batch per transaction; returns how many.
    Rows a writer holds are passed over: that writer counts them as it commits."""
    session = db.session()
    session.execute(
        insert(_ROW).from_select(["setting_id"], select(Setting.id).where(Setting.id.not_in(select(_ROW.c.setting_id))))
    )
    session.commit()
    counted, last = 0, 0
    while True:
        batch = list(
            session.scalars(
                select(_ROW.c.setting_id)
                .where(_ROW.c.setting_id > last)
                .order_by(_ROW.c.setting_id)
                .limit(BATCH)
                .with_for_update(skip_locked=True)
            )
        )
        if not batch:
            return counted
        recount(session, batch, now)
        session.commit()
        counted, last = counted + len(batch), batch[-1]


def _not_counted_today(today) -> list[int] | None:
    """The settings whose counts are not today's (an index range each side of today, and the empty
    ones) or that this transaction has changed, or None when there are more than ``LIVE_AT_MOST``."""
    found = set(
        db.session.scalars(
            select(_ROW.c.setting_id)
            .where(or_(_ROW.c.counted_on.is_(None), _ROW.c.counted_on < today, _ROW.c.counted_on > today))
            .limit(LIVE_AT_MOST + 1)
        )
    ) | db.session().info.get(_TOUCHED, set())
    return None if len(found) > LIVE_AT_MOST else sorted(found)


def _counts(now: datetime, chosen: list):
    """Each chosen setting's counts at ``now``: as kept when counted today, otherwise from its reports."""
    stale = _not_counted_today(now.astimezone(UK).date())
    if stale is None:
        return compliance.derived_counts(now, *chosen).subquery()
    kept = (
        select(
            Setting.id.label("id"),
            Setting.name.label("name"),
            _ROW.c.missing.label("missing"),
            _ROW.c.late.label("late"),
            case((_ROW.c.review_overdue.is_(True), 1), else_=0).label("overdue"),
        )
        .join(_ROW, _ROW.c.setting_id == Setting.id)
        .where(*chosen)
    )
    if not stale:
        return kept.subquery()
    kept = kept.where(_ROW.c.setting_id.not_in(stale))
    return union_all(kept, compliance.derived_counts(now, *chosen, Setting.id.in_(stale))).subquery()


def page(
    now: datetime,
    region: str | None = None,
    local_authority: str | None = None,
    setting_type: str | None = None,
    page: int = 1,
    per_page: int = compliance.PER_PAGE,
    within=None,
) -> compliance.GapPage:
    """R-MON-5: the reporting settings with a month missing or late in the last 12, or an overdue
    review, most months missing first, then most late, then by name; one page of them."""
    counted = _counts(now, compliance.setting_filters(region, local_authority, setting_type, within))
    with_gaps = select(counted.c.id, func.count().over().label("total")).where(
        or_(counted.c.missing > 0, counted.c.late > 0, counted.c.overdue == 1)
    )
    ordered = with_gaps.order_by(counted.c.missing.desc(), counted.c.late.desc(), counted.c.name, counted.c.id)
    rows = db.session.execute(ordered.limit(per_page).offset((max(page, 1) - 1) * per_page)).all()
    if not rows and page > 1:  # past the last page: show the last one
        total = db.session.scalar(select(func.count()).select_from(with_gaps.subquery())) or 0
        page = max(1, -(-total // per_page))
        rows = db.session.execute(ordered.limit(per_page).offset((page - 1) * per_page)).all()
    page, total = max(page, 1), rows[0].total if rows else 0
    pages = max(1, -(-total // per_page))
    ids = [row.id for row in rows]
    settings = {s.id: s for s in db.session.scalars(select(Setting).where(Setting.id.in_(ids)))} if ids else {}
    return compliance.GapPage(compliance.for_settings([settings[i] for i in ids], now), total, page, pages, per_page)
