"""Which settings a user may see (R-ROLE-1): the rule every other capability's scope is built on."""

from sqlalchemy import Select, select

from portal.accounts.models import SettingMembership, User
from portal.accounts.roles import Role
from portal.core.access import one_or_404
from portal.providers.models import Setting


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


def get_setting_or_404(user: User, setting_id: int) -> Setting:
    return one_or_404(visible_settings(user).where(Setting.id == setting_id))
