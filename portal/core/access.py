"""Who may use each route, and what each user may see (R-ROLE-1, DESIGN.md convention 10).

Every view declares its rule with :func:`public` or :func:`roles_required`; a test fails on any
route without one. Objects are always loaded through the ``get_*_or_404`` helpers here, so a
user asking for something outside their scope gets the same 404 as for something that does not
exist.
"""

from functools import wraps

from flask import abort, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import Select, or_, select

from portal.accounts.models import SettingMembership, User
from portal.accounts.roles import Role
from portal.core.clock import today_uk
from portal.extensions import db
from portal.inspections import rules as inspection_rules
from portal.inspections.models import Inspection, InspectionTeamMember
from portal.providers.models import Setting

ACCESS_ATTRIBUTE = "access_rule"


def public(view):
    """Open to everyone, signed in or not."""
    setattr(view, ACCESS_ATTRIBUTE, "public")
    return view


def roles_required(*roles: Role):
    """Signed-in users with one of ``roles``; anyone else signed in gets 404 (R-ROLE-1)."""
    allowed = frozenset(roles)

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not current_user.is_authenticated:
                return redirect(url_for("accounts.sign_in", next=request.full_path.rstrip("?")))
            if current_user.role not in allowed:
                abort(404)
            return view(*args, **kwargs)

        setattr(wrapper, ACCESS_ATTRIBUTE, allowed)
        return wrapper

    return decorator


def visible_settings(user: User) -> Select:
    """The settings ``user`` may see: an RI all of their provider's, an RM or an independent
    person those they are assigned to, the inspectorate every setting."""
    query = select(Setting)
    if user.role in (Role.INSPECTOR, Role.INSPECTORATE_MANAGER):
        return query
    if user.role == Role.RESPONSIBLE_INDIVIDUAL:
        return query.where(Setting.provider_id == user.provider_id)
    assigned = select(SettingMembership.setting_id).where(SettingMembership.user_id == user.id)
    return query.where(Setting.id.in_(assigned), Setting.provider_id == user.provider_id)


def visible_inspections(user: User) -> Select:
    """The inspections ``user`` may see. An independent person sees none; an inspector those
    they lead or are on; an inspectorate manager every one."""
    query = select(Inspection)
    if user.role == Role.INSPECTORATE_MANAGER:
        return query
    if user.role == Role.INSPECTOR:
        on_team = select(InspectionTeamMember.inspection_id).where(InspectionTeamMember.user_id == user.id)
        return query.where(or_(Inspection.lead_inspector_id == user.id, Inspection.id.in_(on_team)))
    if user.role == Role.INDEPENDENT_PERSON:
        return query.where(False)
    settings = visible_settings(user).with_only_columns(Setting.id)
    return provider_may_see(query.where(Inspection.setting_id.in_(settings)), today_uk())


def provider_may_see(query: Select, today) -> Select:
    """R-NOT-1: the provider sees nothing of an unannounced inspection until it starts: not one
    rescheduled after a deferral and not started yet (nor, once withdrawn, one withdrawn then),
    nor one whose first day on site is still to come."""
    hidden = sorted(inspection_rules.HIDDEN_FROM_PROVIDER)
    return query.where(
        Inspection.status.not_in(hidden),
        or_(Inspection.withdrawn_from.is_(None), Inspection.withdrawn_from.not_in(hidden)),
        or_(Inspection.announced.is_(True), Inspection.start_date <= today),
    )


def get_setting_or_404(user: User, setting_id: int) -> Setting:
    setting = db.session.scalar(visible_settings(user).where(Setting.id == setting_id))
    if setting is None:
        abort(404)
    return setting


def get_inspection_or_404(user: User, inspection_id: int) -> Inspection:
    inspection = db.session.scalar(visible_inspections(user).where(Inspection.id == inspection_id))
    if inspection is None:
        abort(404)
    return inspection


def monitored_settings(user: User) -> Select | None:
    """DOMAIN.md §1: the settings whose visit reports and reviews an inspector sees: those in
    their region and those whose inspections they lead or are on. ``None`` for an inspectorate
    manager, who sees every one; provider roles see reports through ``visible_settings``."""
    if user.role == Role.INSPECTORATE_MANAGER:
        return None
    if user.role != Role.INSPECTOR:
        return select(Setting.id).where(False)
    scope = Setting.id.in_(visible_inspections(user).with_only_columns(Inspection.setting_id))
    if user.region:
        scope = or_(Setting.region == user.region, scope)
    return select(Setting.id).where(scope)


def get_monitored_setting_or_404(user: User, setting_id: int) -> Setting:
    """A setting whose monitoring reports the inspectorate ``user`` may read (``monitored_settings``)."""
    scope = monitored_settings(user)
    query = select(Setting).where(Setting.id == setting_id)
    if scope is not None:
        query = query.where(Setting.id.in_(scope))
    setting = db.session.scalar(query)
    if setting is None:
        abort(404)
    return setting


def visible_reports(user: User) -> Select:
    """Monitoring reports: an inspectorate manager sees all; an inspector those of the settings
    in their region or on their inspections (``monitored_settings``); an independent person
    only their own; provider staff those of the settings they may see."""
    from portal.monitoring_reports.models import MonitoringReport

    query = select(MonitoringReport)
    if user.role == Role.INSPECTORATE_MANAGER:
        return query
    if user.role == Role.INSPECTOR:
        return query.where(MonitoringReport.setting_id.in_(monitored_settings(user)))
    settings = visible_settings(user).with_only_columns(Setting.id)
    query = query.where(MonitoringReport.setting_id.in_(settings))
    if user.role == Role.INDEPENDENT_PERSON:
        query = query.where(MonitoringReport.submitted_by_id == user.id)
    return query


def get_report_or_404(user: User, report_id: int):
    from portal.monitoring_reports.models import MonitoringReport

    report = db.session.scalar(visible_reports(user).where(MonitoringReport.id == report_id))
    if report is None:
        abort(404)
    return report


def get_reporting_setting_or_404(user: User, setting_id: int, kind: str) -> Setting:
    """A setting ``user`` may send a report of ``kind`` for: visit reports by its independent
    persons and staff, reviews by staff only; never for a setting the report does not apply to."""
    from portal.monitoring_reports import rules as monitoring

    if kind == monitoring.REVIEW and user.role == Role.INDEPENDENT_PERSON:
        abort(404)
    setting = get_setting_or_404(user, setting_id)
    regulation = monitoring.visit_regulation if kind == monitoring.VISIT else monitoring.review_regulation
    if regulation(setting.type_enum) is None:
        abort(404)
    return setting


def get_annex_a_version_or_404(user: User, version_id: int):
    """An Annex A version: the provider's staff through the setting, the inspectorate through
    the inspection it was requested at."""
    from portal.annex_a.models import AnnexARequest, AnnexAVersion

    query = select(AnnexAVersion).join(AnnexARequest).where(AnnexAVersion.id == version_id)
    if user.role in (Role.INSPECTOR, Role.INSPECTORATE_MANAGER):
        query = query.where(AnnexARequest.inspection_id.in_(visible_inspections(user).with_only_columns(Inspection.id)))
    else:
        settings = visible_settings(user).with_only_columns(Setting.id)
        query = query.join(Inspection, Inspection.id == AnnexARequest.inspection_id).where(
            Inspection.setting_id.in_(settings)
        )
    version = db.session.scalar(query)
    if version is None or user.role == Role.INDEPENDENT_PERSON:
        abort(404)
    return version


def visible_complaints(user: User) -> Select:
    """Formal complaints: a manager sees every one; an inspector only those they investigate
    (never those about inspections they were on, R-CMP-4); provider staff those about the
    inspections of settings they may see; an independent person none."""
    from portal.complaints.models import Complaint

    query = select(Complaint)
    if user.role == Role.INSPECTORATE_MANAGER:
        return query.where(Complaint.status != "draft")  # a complaint being prepared is the provider's
    if user.role == Role.INSPECTOR:
        return query.where(Complaint.investigator_id == user.id)
    inspections = visible_inspections(user).with_only_columns(Inspection.id)
    return query.where(Complaint.inspection_id.in_(inspections))


def get_complaint_or_404(user: User, complaint_id: int):
    from portal.complaints.models import Complaint

    complaint = db.session.scalar(visible_complaints(user).where(Complaint.id == complaint_id))
    if complaint is None:
        abort(404)
    return complaint


def get_concern_or_404(user: User, concern_id: int):
    """An informal concern: inspectorate managers, and the staff of the setting it is about."""
    from portal.complaints.models import InformalConcern

    query = select(InformalConcern).where(InformalConcern.id == concern_id)
    if user.role != Role.INSPECTORATE_MANAGER:
        query = query.where(
            InformalConcern.inspection_id.in_(visible_inspections(user).with_only_columns(Inspection.id))
        )
    concern = db.session.scalar(query)
    if concern is None or user.role == Role.INSPECTOR:
        abort(404)
    return concern
