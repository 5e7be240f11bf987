"""Compliance at a glance (R-MON-5): each setting's last 12 months of visit reports, its
quality-of-care review status, and the inspectorate's list of settings with gaps.

Lateness is worked out in SQL from the reports themselves, not kept as a stored status. A month's
status depends only on when the first report of a visit in that month arrived (every visit in a
month shares one due instant, R-MON-1), and a review's only on the latest completion date
(R-MON-4), so one grouped query gives each setting twelve "first received" instants and its last
review: the pages never load a setting's reports. A stored status would need every writer of
reports, and the passing of each month end, to keep it right; the aggregate cannot go stale.
For the inspectorate's list the months missing, months late and overdue review are counted in
the same way (``derived_counts``), reading a year of visits from the index on (visit date, report,
version) and only recent reviews from the one on their completion date. Across England that is
still a year of every setting's visits, so the list reads those counts as ``gaps.GapCount`` keeps
them, a row per setting, and works out here only those not yet counted today.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import reduce
from operator import add

from sqlalchemy import and_, case, func, literal, or_, select

from portal.core import paging
from portal.core.clock import UK
from portal.core.workdays import add_months
from portal.extensions import db
from portal.monitoring_reports import rules
from portal.monitoring_reports.models import MonitoringReport, ReportVersion
from portal.providers.models import Setting, SettingType

CURRENT = and_(ReportVersion.report_id == MonitoringReport.id, ReportVersion.number == MonitoringReport.latest_version)
REPORTING_TYPES = [t.value for t in rules.VISIT_REGULATION]
PER_PAGE = 50


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


@dataclass(frozen=True)
class GapPage:
    """One page of the settings with missing or late reports or an overdue review."""

    statuses: list[Compliance]
    total: int
    page: int
    pages: int
    per_page: int

    @property
    def links(self) -> list[int | None]:
        return paging.window(self.page, self.pages)

    @property
    def first(self) -> int:
        return (self.page - 1) * self.per_page + 1 if self.total else 0

    @property
    def last(self) -> int:
        return min(self.page * self.per_page, self.total)


def _month_end(month: date) -> date:
    return add_months(month, 1)


def _first_received(months: list[date], *where) -> "select":
    """Per setting, when the first report of a visit in each month arrived (None: no report).

    R-MON-1: the due instant depends on the visit's month only, so a month is on time exactly
    when its first report arrived before that instant. The month is the current version's visit
    date, kept on the report itself, so a year of visits is read from one index of reports.
    ``where`` may name the settings' columns.
    """
    visited = MonitoringReport.current_visit_date
    columns = [
        func.min(case((and_(visited >= month, visited < _month_end(month)), MonitoringReport.received_at))).label(
            f"first_{i}"
        )
        for i, month in enumerate(months)
    ]
    return (
        select(MonitoringReport.setting_id.label("setting_id"), *columns)
        .join(Setting, Setting.id == MonitoringReport.setting_id)
        .where(
            MonitoringReport.kind == rules.VISIT,
            *where,
            visited >= months[0],
            visited < _month_end(months[-1]),
        )
        .group_by(MonitoringReport.setting_id)
    )


def _latest_reviews(setting_ids: list[int]) -> dict[int, tuple[date, datetime]]:
    """Each setting's most recent review, found in SQL: years of reviews are never loaded. Of two
    completed the same day, the first received counts."""
    completed = MonitoringReport.current_completed_on
    ranked = (
        select(
            MonitoringReport.setting_id,
            completed.label("completed_on"),
            MonitoringReport.received_at,
            func.row_number()
            .over(partition_by=MonitoringReport.setting_id, order_by=(completed.desc(), MonitoringReport.received_at))
            .label("rank"),
        )
        .where(MonitoringReport.kind == rules.REVIEW, MonitoringReport.setting_id.in_(setting_ids))
        .subquery()
    )
    rows = db.session.execute(
        select(ranked.c.setting_id, ranked.c.completed_on, ranked.c.received_at).where(ranked.c.rank == 1)
    ).all()
    return {setting_id: (completed_on, received_at) for setting_id, completed_on, received_at in rows}


def for_settings(settings: list[Setting], now: datetime) -> list[Compliance]:
    """Twelve months per setting from one grouped query: the work per setting is twelve values."""
    today = now.astimezone(UK).date()
    months = rules.months_back(today)
    ids = [s.id for s in settings]
    firsts = (
        {row[0]: row[1:] for row in db.session.execute(_first_received(months, MonitoringReport.setting_id.in_(ids)))}
        if ids
        else {}
    )
    reviews = _latest_reviews(ids) if ids else {}
    month_status = _MonthStatuses(months, now)
    result = []
    for setting in settings:
        regulation = rules.visit_regulation(setting.type_enum)
        received = firsts.get(setting.id, (None,) * len(months))
        grid = (
            [month_status(m, at, setting.registered_on) for m, at in zip(months, received, strict=False)]
            if regulation
            else []
        )
        result.append(
            Compliance(
                setting,
                regulation is not None,
                regulation,
                grid,
                _review_status(setting, reviews.get(setting.id), today),
            )
        )
    return result


class _MonthStatuses:
    """``rules.month_status`` for a month's first report, asked once per distinct answer: a month's
    status depends only on whether its first report came, before its due instant or not, and
    whether the setting was registered by then (MonthStatus is immutable, so it is shared)."""

    def __init__(self, months: list[date], now: datetime):
        self.now = now
        self.due = {month: rules.visit_report_due(month) for month in months}
        self.ends = {month: _month_end(month) for month in months}
        self.known: dict[tuple, rules.MonthStatus] = {}

    def __call__(self, month: date, first: datetime | None, registered_on: date) -> rules.MonthStatus:
        key = (month, first is None, first is not None and first < self.due[month], registered_on >= self.ends[month])
        if key not in self.known:
            self.known[key] = rules.month_status(month, [(month, first)] if first else [], registered_on, self.now)
        return self.known[key]


def review_statuses(settings: list[Setting], today: date) -> list[ReviewStatus]:
    """Each setting's review status (R-MON-4) alone, from one query of their latest reviews."""
    latest = _latest_reviews([s.id for s in settings]) if settings else {}
    return [_review_status(setting, latest.get(setting.id), today) for setting in settings]


def soonest_reviews(settings, today: date, limit: int) -> list[tuple[Setting, ReviewStatus]]:
    """The settings of ``settings`` (a query of settings that make reviews) whose next review
    (R-MON-4) is due soonest, at least ``limit`` of each review interval, with their statuses.

    The next review is due a fixed number of months after the last one (or registration), so
    among settings of one interval the earliest base is the soonest due: SQL ranks them by base
    and only the first ``limit`` of each interval are read, however many settings there are."""
    listed = settings.subquery()
    reviewed = (
        select(MonitoringReport.setting_id, func.max(MonitoringReport.current_completed_on).label("last"))
        .where(MonitoringReport.kind == rules.REVIEW, MonitoringReport.setting_id.in_(select(listed.c.id)))
        .group_by(MonitoringReport.setting_id)
        .subquery()
    )
    interval = case(
        (
            and_(
                listed.c.setting_type == SettingType.RESIDENTIAL_FAMILY_CENTRE.value,
                listed.c.review_interval_months > 0,
            ),
            listed.c.review_interval_months,
        ),
        else_=rules.DEFAULT_REVIEW_MONTHS,
    )
    base = func.coalesce(reviewed.c.last, listed.c.registered_on)
    ranked = (
        select(
            listed.c.id,
            func.row_number().over(partition_by=interval, order_by=(base, listed.c.id)).label("rank"),
        )
        .outerjoin(reviewed, reviewed.c.setting_id == listed.c.id)
        .subquery()
    )
    chosen = db.session.scalars(
        select(Setting).where(Setting.id.in_(select(ranked.c.id).where(ranked.c.rank <= limit))).order_by(Setting.id)
    ).all()
    return list(zip(chosen, review_statuses(chosen, today), strict=True))


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


def _review_overdue_before(interval_months: int, today: date) -> date:
    """The earliest last review (or registration) whose next review is not yet overdue today.

    Overdue means today is more than 28 days after ``add_months(base, interval)`` (R-MON-4), and
    that date only grows with ``base``, so the overdue settings are exactly those whose base is
    before this day: a plain date comparison SQL can make.
    """
    cutoff = today - timedelta(days=rules.REVIEW_DAYS)
    base = add_months(cutoff, -interval_months)
    while add_months(base, interval_months) < cutoff:
        base += timedelta(days=1)
    return base


def _review_threshold(today: date):
    """Per setting, the day before which its last review (or registration) makes it overdue."""
    rfc_intervals = db.session.scalars(
        select(Setting.review_interval_months)
        .distinct()
        .where(Setting.setting_type == SettingType.RESIDENTIAL_FAMILY_CENTRE.value)
    ).all()
    whens = [
        (
            and_(
                Setting.setting_type == SettingType.RESIDENTIAL_FAMILY_CENTRE.value,
                Setting.review_interval_months == months,
            ),
            _review_overdue_before(months, today),
        )
        for months in rfc_intervals
        if months
    ]
    default = _review_overdue_before(rules.DEFAULT_REVIEW_MONTHS, today)
    return (case(*whens, else_=default) if whens else literal(default)), min([default] + [w[1] for w in whens])


def _reviewed_since(threshold, earliest: date, *where):
    """Settings with a review completed on or after their threshold: only recent reviews are read
    (found by the completion date's index), never a setting's years of them."""
    completed = MonitoringReport.current_completed_on
    return (
        select(MonitoringReport.setting_id)
        .join(Setting, Setting.id == MonitoringReport.setting_id)
        .where(MonitoringReport.kind == rules.REVIEW, *where, completed >= earliest, completed >= threshold)
    )


def _review_overdue(reviewed_since, threshold):
    """SQL truth of ``_review_status(...).overdue``: the last review, or registration when there
    is none, is before the threshold. No review since it, and either some older review or a
    registration before it, says exactly that."""
    any_review = (
        select(MonitoringReport.id)
        .where(MonitoringReport.setting_id == Setting.id, MonitoringReport.kind == rules.REVIEW)
        .exists()
    )
    return case(
        (and_(Setting.id.not_in(reviewed_since), or_(Setting.registered_on < threshold, any_review)), 1), else_=0
    )


def setting_filters(region: str | None, local_authority: str | None, setting_type: str | None, within=None) -> list:
    """Conditions on ``Setting`` choosing the reporting settings the inspectorate filtered to,
    among the settings ``within`` (a query of ids; ``monitoring_reports.access.monitored_settings``) when given."""
    conditions = [Setting.setting_type.in_(REPORTING_TYPES)]
    if within is not None:
        conditions.append(Setting.id.in_(within))
    if region:
        conditions.append(Setting.region == region)
    if local_authority:
        conditions.append(Setting.local_authority == local_authority)
    if setting_type:
        conditions.append(Setting.setting_type == setting_type)
    return conditions


def reporting_settings(region: str | None, local_authority: str | None, setting_type: str | None, within=None):
    return select(Setting.id).where(*setting_filters(region, local_authority, setting_type, within))


def derived_counts(now: datetime, *where):
    """R-MON-5 at ``now``, worked out from the reports: each setting ``where`` chooses, with its months
    missing and late in the last 12 and 1 when its review is overdue (``id``, ``name``, ``missing``,
    ``late``, ``overdue``). What ``gaps.GapCount`` keeps, and what the list reads while it is not kept."""
    today = now.astimezone(UK).date()
    months = rules.months_back(today)
    firsts = _first_received(months, *where).subquery()
    threshold, earliest = _review_threshold(today)
    reviewed = _reviewed_since(threshold, earliest, *where)
    missing, late = [], []
    for i, month in enumerate(months):
        registered = Setting.registered_on < _month_end(month)
        due = rules.visit_report_due(month)
        first = firsts.c[f"first_{i}"]
        late.append(case((and_(registered, first >= due), 1), else_=0))
        if now >= due:
            missing.append(case((and_(registered, first.is_(None)), 1), else_=0))
    return (
        select(
            Setting.id.label("id"),
            Setting.name.label("name"),
            reduce(add, missing, literal(0)).label("missing"),
            reduce(add, late, literal(0)).label("late"),
            _review_overdue(reviewed, threshold).label("overdue"),
        )
        .outerjoin(firsts, firsts.c.setting_id == Setting.id)
        .where(*where)
    )
