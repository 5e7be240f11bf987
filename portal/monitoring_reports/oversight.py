"""The inspectorate's view across settings: gaps, late reports, serious concerns (R-MON-3, R-MON-5)."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.core import paging
from portal.extensions import db
from portal.inspections import rules as inspection_rules
from portal.inspections.models import Inspection
from portal.monitoring_reports import compliance, gaps
from portal.monitoring_reports.compliance import CURRENT
from portal.monitoring_reports.models import ConcernAction, MonitoringReport, ReportVersion
from portal.providers.models import Setting

# Serious concerns shown at once, newest first, with the count of all: each links to its report, and
# the reports of one setting, region or local authority are a filter away.
CONCERNS_SHOWN = 50


@dataclass(frozen=True)
class Oversight:
    gap_page: compliance.GapPage
    concerns: paging.Page
    not_safeguarded: int
    regions: list[str]
    local_authorities: list[str]
    chosen: object  # the settings the filters choose, as a select of their ids


def _open_alert():
    """R-MON-3, in SQL (``MonitoringReport.open_alert`` in Python): the report's latest alerting
    version (a concern raised or withdrawn) is newer than every version an action answered."""
    alerting = ReportVersion.__table__.alias("alerting")
    last_alert = (
        select(func.max(alerting.c.number))
        .where(alerting.c.report_id == MonitoringReport.id, alerting.c.concern_alert.is_(True))
        .correlate(MonitoringReport)
        .scalar_subquery()
    )
    last_action = (
        select(func.coalesce(func.max(ConcernAction.version_number), 0))
        .where(ConcernAction.report_id == MonitoringReport.id)
        .correlate(MonitoringReport)
        .scalar_subquery()
    )
    alerted = select(ReportVersion.report_id).where(ReportVersion.concern_alert.is_(True))
    return MonitoringReport.id.in_(alerted) & (last_alert > last_action)


def serious_concerns(setting_ids=None, unseen_only: bool = False, limit: int = CONCERNS_SHOWN) -> paging.Page:
    """The newest ``limit`` reports whose current version raises a serious concern, and how many
    there are; with ``unseen_only``, instead the reports whose alert waits for an action, a withdrawn
    concern included, the longest waiting first: a queue, so answering one brings the next in (the
    count, the page, then the settings, versions and actions of those shown)."""
    query = select(MonitoringReport).options(
        selectinload(MonitoringReport.setting),
        selectinload(MonitoringReport.versions),
        selectinload(MonitoringReport.concern_actions),
    )
    if unseen_only:
        query = query.where(_open_alert()).order_by(MonitoringReport.received_at, MonitoringReport.id)
    else:
        query = (
            query.join(ReportVersion, CURRENT)
            .where(ReportVersion.serious_concern.is_(True))
            .order_by(MonitoringReport.received_at.desc(), MonitoringReport.id.desc())
        )
    if setting_ids is not None:
        query = query.where(MonitoringReport.setting_id.in_(setting_ids))
    return paging.paged(query, 1, limit)


def build(
    region: str | None,
    local_authority: str | None,
    now: datetime,
    setting_type: str | None = None,
    page: int = 1,
    within=None,
) -> Oversight:
    """One page of the settings with gaps, counted and ordered in SQL (see ``gaps.page``),
    among the settings ``within`` when given (an inspector's, ``monitoring_reports.access.monitored_settings``)."""
    gap_page = gaps.page(now, region, local_authority, setting_type, page, within=within)
    chosen = compliance.reporting_settings(region, local_authority, setting_type, within)
    not_safeguarded = db.session.scalar(
        select(func.count())
        .select_from(MonitoringReport)
        .where(MonitoringReport.setting_id.in_(chosen), MonitoringReport.current_safeguarding_effective.is_(False))
    )
    scope = [] if within is None else [Setting.id.in_(within)]
    regions = list(db.session.scalars(select(Setting.region).where(*scope).distinct().order_by(Setting.region)))
    authorities = list(
        db.session.scalars(select(Setting.local_authority).where(*scope).distinct().order_by(Setting.local_authority))
    )
    return Oversight(gap_page, serious_concerns(chosen), not_safeguarded, regions, authorities, chosen)


def not_safeguarded(
    region: str | None,
    local_authority: str | None,
    setting_type: str | None,
    page: int = 1,
    within=None,
) -> paging.Page:
    """The reports counted on the oversight page whose current version gives the opinion that
    children are not effectively safeguarded, newest first, a page at a time (from their own index)."""
    chosen = compliance.reporting_settings(region, local_authority, setting_type, within)
    query = (
        select(MonitoringReport)
        .where(MonitoringReport.setting_id.in_(chosen), MonitoringReport.current_safeguarding_effective.is_(False))
        .order_by(MonitoringReport.received_at.desc(), MonitoringReport.id.desc())
    )
    return paging.paged(query, page, loading=(selectinload(MonitoringReport.setting),))


def concerns_for(user: User, limit: int = CONCERNS_SHOWN) -> paging.Page:
    """Alerts waiting for an action, for the dashboard banner, the ``limit`` waiting longest and the
    count of all: a manager sees all; an inspector those of settings whose latest inspection they led (the
    owner, see ``concerns``)."""

    if user.role == Role.INSPECTORATE_MANAGER:
        return serious_concerns(unseen_only=True, limit=limit)
    held = Inspection.status != inspection_rules.WITHDRAWN
    latest = (
        select(Inspection.setting_id, func.max(Inspection.start_date).label("latest"))
        .where(held)
        .group_by(Inspection.setting_id)
        .subquery()
    )
    led = (
        select(Inspection.setting_id)
        .join(latest, (Inspection.setting_id == latest.c.setting_id) & (Inspection.start_date == latest.c.latest))
        .where(held, Inspection.lead_inspector_id == user.id)
    )
    return serious_concerns(setting_ids=led, unseen_only=True, limit=limit)
