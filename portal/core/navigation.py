"""The service navigation: declared once as a list of items (portal/navigation.py), rendered by
base.html for whoever is signed in. The kernel knows no capability, only endpoints and roles."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from flask import Flask, request, url_for
from flask_login import current_user


@dataclass(frozen=True)
class NavItem:
    """One link. It is shown to the roles named, and is active on the endpoints it names or on any
    endpoint starting with one of its prefixes, unless another shown link names that endpoint."""

    text: str
    endpoint: str
    roles: frozenset[str]
    active_endpoints: tuple[str, ...] = ()
    active_prefixes: tuple[str, ...] = ()

    def claims(self, endpoint: str) -> bool:
        return endpoint in self.active_endpoints

    def covers(self, endpoint: str) -> bool:
        return self.claims(endpoint) or endpoint.startswith(self.active_prefixes)


def items_for(items: Iterable[NavItem], role: str | None) -> list[NavItem]:
    """The items a user of this role sees, in their declared order; none when signed out."""
    return [item for item in items if role is not None and role in item.roles]


def active_item(shown: Sequence[NavItem], endpoint: str | None) -> NavItem | None:
    """The shown item this page belongs to: the one naming its endpoint, else the first whose
    prefix covers it (so Timeliness, not Inspections, is active on the timeliness list)."""
    if not endpoint:
        return None
    claimed = [item for item in shown if item.claims(endpoint)]
    covering = claimed or [item for item in shown if item.covers(endpoint)]
    return covering[0] if covering else None


def service_navigation(items: Iterable[NavItem], role: str | None, endpoint: str | None) -> list[dict[str, str | bool]]:
    """The GOV.UK service navigation's ``navigation`` list: href, text and whether it is active."""
    shown = items_for(items, role)
    active = active_item(shown, endpoint)
    return [{"href": url_for(item.endpoint), "text": item.text, "active": item is active} for item in shown]


def init_app(app: Flask, items: Sequence[NavItem]) -> None:
    """Templates call ``service_navigation()`` for the signed-in user's links on this request."""
    declared = tuple(items)

    def for_this_request() -> list[dict[str, str | bool]]:
        role = current_user.role if current_user.is_authenticated else None
        return service_navigation(declared, role, request.endpoint)

    app.jinja_env.globals["service_navigation"] = for_this_request
