"""What the pages call a provider's accountable people (R-ROLE-2), for templates: a filter over
``providers.rules.accountable_title`` and the title across a provider's settings, asked once a request."""

from flask import g
from sqlalchemy import distinct, select

from portal.accounts.roles import Role
from portal.extensions import db
from portal.providers import rules
from portal.providers.models import Setting, SettingType
from portal.providers.people import confirmation_recipients


def setting_types_of(provider_id: int | None) -> set[str]:
    """The kinds of setting a provider has, in one query (cached for the request)."""
    if provider_id is None:
        return set()
    cache = g.setdefault("_provider_setting_types", {})
    if provider_id not in cache:
        cache[provider_id] = set(
            db.session.scalars(select(distinct(Setting.setting_type)).where(Setting.provider_id == provider_id))
        )
    return cache[provider_id]


def title_of(thing) -> str:
    """The accountable person's title for a setting, an inspection's setting, a setting type or a provider."""
    if isinstance(thing, (SettingType, str)):
        return rules.accountable_title(thing)
    if hasattr(thing, "setting_type"):
        return rules.accountable_title(thing.setting_type)
    if hasattr(thing, "setting"):
        return rules.accountable_title(thing.setting.setting_type)
    return provider_title(getattr(thing, "id", None))


def provider_title(provider_id: int | None) -> str:
    return rules.provider_title(setting_types_of(provider_id))


def role_title(user) -> str:
    """The role line under a person's name: an STC's responsible individual is its director."""
    role = user.role_enum
    if role == Role.RESPONSIBLE_INDIVIDUAL:
        title = provider_title(user.provider_id)
        return title[0].upper() + title[1:]
    return role.label


def register(state) -> None:
    env = state.app.jinja_env
    env.filters["accountable_title"] = title_of
    env.filters["role_title"] = role_title
    env.globals["provider_accountable_title"] = provider_title
    env.globals["confirmation_recipients"] = confirmation_recipients  # components/confirmation_sent.html
