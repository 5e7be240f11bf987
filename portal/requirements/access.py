"""Who may read requirements and compliance notices (R-ROLE-1): the provider's staff of the
setting and the inspectorate; an independent person neither."""

from sqlalchemy import Select, false, select

from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.core.access import one_or_404
from portal.inspections.access import inspector_settings
from portal.providers.access import visible_settings
from portal.providers.models import Setting
from portal.requirements.models import ComplianceNotice, Requirement


def _settings(user: User):
    if user.role == Role.INSPECTORATE_MANAGER:
        return None
    if user.role == Role.INSPECTOR:
        return inspector_settings(user)
    if user.role == Role.INDEPENDENT_PERSON:
        return select(Setting.id).where(false())
    return visible_settings(user).with_only_columns(Setting.id)


def visible_requirements(user: User) -> Select:
    scope = _settings(user)
    query = select(Requirement)
    return query if scope is None else query.where(Requirement.setting_id.in_(scope))


def visible_notices(user: User) -> Select:
    scope = _settings(user)
    query = select(ComplianceNotice)
    return query if scope is None else query.where(ComplianceNotice.setting_id.in_(scope))


def get_requirement_or_404(user: User, requirement_id: int) -> Requirement:
    return one_or_404(visible_requirements(user).where(Requirement.id == requirement_id))


def get_notice_or_404(user: User, notice_id: int) -> ComplianceNotice:
    return one_or_404(visible_notices(user).where(ComplianceNotice.id == notice_id))
