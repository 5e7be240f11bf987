"""Compliance at a glance (R-MON-5): each setting's last 12 months of visit reports, and its
quality-of-care review status, computed from few queries whatever the number of settings."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import and_, func, select

from portal.core.clock import UK
from portal.extensions import db
from portal.monitoring_reports import rules
from portal.monitoring_reports.models import MonitoringReport, ReportVersion
from portal.providers.models import Setting

CURRENT = and_(ReportVersion.report_id == MonitoringReport.id, ReportVersion.number == MonitoringReport.latest_version)


@dataclass(frozen=True)
class ReviewStatus:
    applies: bool
    regulation: str | None
    last_completed: date | None
    last_received: datetime | None
    last_on_time: bool | None
    next_due: date | None
    overdue: bool


@dataclass(frozen=True)
class Compliance:
    setting: Setting
    applies: bool
    regulation: str | None
    months: list[rules.MonthStatus]
    review: ReviewStatus

    def count(self, status: str) -> int:
        return sum(1 for month in self.months if month.status == status)

    @property
    def next_visit_due(self) -> rules.MonthStatus | None:
        """The earliest month still open for a report (not yet due and not covered)."""
        return next((m for m in self.months if m.status == rules.NOT_YET_DUE), None)


def _visits(setting_ids: list[int], since: date) -> dict[int, list[tuple[date, datetime]]]:
    rows = db.session.execute(
        select(MonitoringReport.setting_id, ReportVersion.visit_date, MonitoringReport.received_at)
        .join(ReportVersion, CURRENT)
        .where(MonitoringReport.kind == rules.VISIT, MonitoringReport.setting_id.in_(setting_ids),
               ReportVersion.visit_date >= since)
    ).all()
    visits: dict[int, list] = {}
    for setting_id, visit_date, received_at in rows:
        visits.setdefault(setting_id, []).append((visit_date, received_at))
    return visits


def _latest_reviews(setting_ids: list[int]) -> dict[int, tuple[date, datetime]]:
    """Each setting's most recent review, found in SQL: years of reviews are never loaded."""
    latest_completed = (
        select(MonitoringReport.setting_id, func.max(ReportVersion.completed_on).label("completed_on"))
        .join(ReportVersion, CURRENT)
        .where(MonitoringReport.kind == rules.REVIEW, MonitoringReport.setting_id.in_(setting_ids))
        .group_by(MonitoringReport.setting_id).subquery())
    rows = db.session.execute(
        select(MonitoringReport.setting_id, ReportVersion.completed_on, MonitoringReport.received_at)
        .join(ReportVersion, CURRENT)
        .join(latest_completed, and_(latest_completed.c.setting_id == MonitoringReport.setting_id,
                                     latest_completed.c.completed_on == ReportVersion.completed_on))
        .where(MonitoringReport.kind == rules.REVIEW)
        .order_by(MonitoringReport.received_at)
    ).all()
    latest: dict[int, tuple[date, datetime]] = {}
    for setting_id, completed_on, received_at in rows:
        latest.setdefault(setting_id, (completed_on, received_at))   # the first received, if two share a date
    return latest


def for_settings(settings: list[Setting], now: datetime) -> list[Compliance]:
    today = now.astimezone(UK).date()
    months = rules.months_back(today)
    ids = [s.id for s in settings]
    visits = _visits(ids, months[0]) if ids else {}
    reviews = _latest_reviews(ids) if ids else {}
    result = []
    for setting in settings:
        regulation = rules.visit_regulation(setting.type_enum)
        grid = [rules.month_status(m, visits.get(setting.id, []), setting.registered_on, now) for m in months] \
            if regulation else []
        result.append(Compliance(setting, regulation is not None, regulation, grid,
                                 _review_status(setting, reviews.get(setting.id), today)))
    return result


def for_setting(setting: Setting, now: datetime) -> Compliance:
    return for_settings([setting], now)[0]


def _review_status(setting: Setting, latest: tuple[date, datetime] | None, today: date) -> ReviewStatus:
    regulation = rules.review_regulation(setting.type_enum)
    if regulation is None:
        return ReviewStatus(False, None, None, None, None, None, False)
    interval = rules.review_interval(setting.type_enum, setting.review_interval_months)
    completed, received = latest or (None, None)
    due = rules.next_review_due(completed, setting.registered_on, interval)
    on_time = received < rules.review_report_due(completed) if latest else None
    # Overdue once a review due on ``due`` could no longer have its report in on time.
    overdue = today > due + timedelta(days=rules.REVIEW_DAYS)
    return ReviewStatus(True, regulation, completed, received, on_time, due, overdue)
