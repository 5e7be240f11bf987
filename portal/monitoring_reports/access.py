"""Who may read and send monitoring reports (R-ROLE-1, DOMAIN.md §1): visit reports (reg 44/25)
and reviews (reg 45/23)."""

from flask import abort
from sqlalchemy import Select, false, select

from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.core.access import one_or_404
from portal.inspections.access import inspector_settings
from portal.monitoring_reports import rules as monitoring
from portal.monitoring_reports.models import MonitoringReport
from portal.providers.access import get_setting_or_404, visible_settings
from portal.providers.models import Setting


def monitored_settings(user: User) -> Select | None:
    """DOMAIN.md §1: the settings whose visit reports and reviews an inspector sees: those in
    their region and those whose inspections they lead or are on. ``None`` for an inspectorate
    manager, who sees every one; provider roles see reports through ``visible_settings``."""
    if user.role == Role.INSPECTORATE_MANAGER:
        return None
    if user.role != Role.INSPECTOR:
        return select(Setting.id).where(false())
    return inspector_settings(user)


def get_monitored_setting_or_404(user: User, setting_id: int) -> Setting:
    """A setting whose monitoring reports the inspectorate ``user`` may read (``monitored_settings``)."""
    scope = monitored_settings(user)
    query = select(Setting).where(Setting.id == setting_id)
    if scope is not None:
        query = query.where(Setting.id.in_(scope))
    return one_or_404(query)


def visible_monitoring_reports(user: User) -> Select:
    """Monitoring reports: an inspectorate manager sees all; an inspector those of the settings
    in their region or on their inspections (``monitored_settings``); an independent person
    only their own; provider staff those of the settings they may see."""
    query = select(MonitoringReport)
    if user.role == Role.INSPECTORATE_MANAGER:
        return query
    if user.role == Role.INSPECTOR:
        return query.where(MonitoringReport.setting_id.in_(inspector_settings(user)))
    settings = visible_settings(user).with_only_columns(Setting.id)
    query = query.where(MonitoringReport.setting_id.in_(settings))
    if user.role == Role.INDEPENDENT_PERSON:
        query = query.where(MonitoringReport.submitted_by_id == user.id)
    return query


def get_monitoring_report_or_404(user: User, report_id: int) -> MonitoringReport:
    return one_or_404(visible_monitoring_reports(user).where(MonitoringReport.id == report_id))


def get_reporting_setting_or_404(user: User, setting_id: int, kind: str) -> Setting:
    """A setting ``user`` may send a report of ``kind`` for: visit reports by its independent
    persons and staff, reviews by staff only; never for a setting the report does not apply to."""
    if kind == monitoring.REVIEW and user.role == Role.INDEPENDENT_PERSON:
        abort(404)
    setting = get_setting_or_404(user, setting_id)
    regulation = monitoring.visit_regulation if kind == monitoring.VISIT else monitoring.review_regulation
    if regulation(setting.type_enum) is None:
        abort(404)
    return setting
