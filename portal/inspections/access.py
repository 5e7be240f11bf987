"""Which inspections a user may see (R-ROLE-1), and what a provider may not see yet (R-NOT-1)."""

from datetime import date

from sqlalchemy import ColumnElement, Select, false, or_, select

from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.core.access import one_or_404
from portal.core.clock import today_uk
from portal.inspections import rules as inspection_rules
from portal.inspections.models import Inspection, InspectionTeamMember
from portal.providers.access import visible_settings
from portal.providers.models import Setting


def visible_inspections(user: User) -> Select:
    """The inspections ``user`` may see. An independent person sees none; an inspector those
    they lead or are on; an inspectorate manager every one."""
    query = select(Inspection)
    if user.role == Role.INSPECTORATE_MANAGER:
        return query
    if user.role == Role.INSPECTOR:
        # Two index look-ups, one list: an OR of the two made PostgreSQL read every inspection in
        # date order, filtering, to find an inspector's few (docs/BENCHMARKS.md).
        led = select(Inspection.id).where(Inspection.lead_inspector_id == user.id)
        on_team = select(InspectionTeamMember.inspection_id).where(InspectionTeamMember.user_id == user.id)
        return query.where(Inspection.id.in_(led.union(on_team)))
    if user.role == Role.INDEPENDENT_PERSON:
        return query.where(false())
    settings = visible_settings(user).with_only_columns(Setting.id)
    return provider_may_see(query.where(Inspection.setting_id.in_(settings)), today_uk())


def provider_may_see(query: Select, today: date) -> Select:
    """R-NOT-1: the provider sees nothing of an unannounced inspection until it starts: not one
    rescheduled after a deferral and not started yet (nor, once withdrawn, one withdrawn then),
    nor one whose first day on site is still to come."""
    hidden = sorted(inspection_rules.HIDDEN_FROM_PROVIDER)
    return query.where(
        Inspection.status.not_in(hidden),
        or_(Inspection.withdrawn_from.is_(None), Inspection.withdrawn_from.not_in(hidden)),
        or_(Inspection.announced.is_(True), Inspection.start_date <= today),
    )


def get_inspection_or_404(user: User, inspection_id: int) -> Inspection:
    return one_or_404(visible_inspections(user).where(Inspection.id == inspection_id))


def inspector_settings(user: User) -> Select:
    """DOMAIN.md §1: the settings whose reports and notifications between inspections an inspector
    reads: those in their region and those whose inspections they lead or are on."""
    scope: ColumnElement[bool] = Setting.id.in_(visible_inspections(user).with_only_columns(Inspection.setting_id))
    if user.region:
        scope = or_(Setting.region == user.region, scope)
    return select(Setting.id).where(scope)
