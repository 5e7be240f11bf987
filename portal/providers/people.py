"""Who at a provider is told about a setting's records: used by every capability that writes to
the provider (Annex A, inspections, reports, complaints, summaries, monitoring reports)."""

from sqlalchemy import select

from portal.accounts.models import SettingMembership, User
from portal.accounts.roles import Role
from portal.extensions import db
from portal.providers.models import Setting


def responsible_people(setting: Setting, include_visitors: bool) -> list[User]:
    """Who is told about a setting's reports: its registered managers, the provider's responsible
    individuals and, for visit reports, its independent persons."""
    roles = [Role.REGISTERED_MANAGER] + ([Role.INDEPENDENT_PERSON] if include_visitors else [])
    assigned = select(SettingMembership.user_id).where(SettingMembership.setting_id == setting.id)
    people = db.session.scalars(
        select(User).where(
            User.active.is_(True),
            User.provider_id == setting.provider_id,
            ((User.role == Role.RESPONSIBLE_INDIVIDUAL) | (User.role.in_(roles) & User.id.in_(assigned))),
        )
    ).all()
    return sorted(people, key=lambda u: u.id)
