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


def confirmation_recipients(provider_id: int, sender: User) -> list[User]:
    """Who is told that something the provider sent was received: the person who sent it and each
    active responsible individual (an STC's director) of the provider, once each (issue 18)."""
    accountable = db.session.scalars(
        select(User)
        .where(
            User.provider_id == provider_id,
            User.role == Role.RESPONSIBLE_INDIVIDUAL.value,
            User.active.is_(True),
        )
        .order_by(User.id)
    )
    return list(({sender.id: sender} | {person.id: person for person in accountable}).values())
