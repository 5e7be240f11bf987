"""The service navigation is declared once (portal/navigation.py) and built per user and page
(core/navigation): who sees which links, in which order, and which one is active."""

import pytest

from portal.accounts.roles import Role
from portal.core.navigation import NavItem, active_item, items_for, service_navigation
from portal.navigation import SERVICE_NAVIGATION

INSPECTORATE_LINKS = [
    ("Inspections", "/inspectorate/"),
    ("Timeliness", "/inspectorate/timeliness"),
    ("Monitoring reports", "/inspectorate/monitoring"),
    ("Notifications", "/inspectorate/notifications"),
    ("Requirements", "/inspectorate/requirements"),
    ("Complaints", "/inspectorate/complaints"),
]


def _links(app, role, endpoint=None):
    with app.test_request_context():
        return service_navigation(SERVICE_NAVIGATION, role, endpoint)


def _active(app, role, endpoint):
    return [link["text"] for link in _links(app, role, endpoint) if link["active"]]


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (Role.INSPECTOR, INSPECTORATE_LINKS),
        (Role.INSPECTORATE_MANAGER, [*INSPECTORATE_LINKS, ("Outbox", "/inspectorate/outbox")]),
        (Role.REGISTERED_MANAGER, [("Dashboard", "/dashboard")]),
        (Role.RESPONSIBLE_INDIVIDUAL, [("Dashboard", "/dashboard")]),
        (Role.INDEPENDENT_PERSON, [("Dashboard", "/dashboard")]),
    ],
)
def test_each_role_sees_its_links_in_order(app, role, expected):
    assert [(link["text"], link["href"]) for link in _links(app, role)] == expected


def test_a_signed_out_visitor_has_no_links(app):
    assert _links(app, None, "accounts.sign_in") == []


@pytest.mark.parametrize(
    ("role", "endpoint", "active"),
    [
        (Role.INSPECTOR, "dashboards.inspectorate_dashboard", ["Inspections"]),
        (Role.INSPECTOR, "inspections_inspectorate.show", ["Inspections"]),
        (Role.INSPECTOR, "inspections_inspectorate.timeliness_list", ["Timeliness"]),
        (Role.INSPECTOR, "monitoring_reports_inspectorate.report", ["Monitoring reports"]),
        (Role.INSPECTOR, "complaints_inspectorate.show", ["Complaints"]),
        (Role.INSPECTORATE_MANAGER, "site.outbox_message", ["Outbox"]),
        (Role.INSPECTORATE_MANAGER, "accounts.account", []),
        (Role.INSPECTOR, "site.accessibility", []),
        (Role.INSPECTOR, None, []),  # a page no route answered (404)
        (Role.REGISTERED_MANAGER, "dashboards.provider_dashboard", ["Dashboard"]),
        (Role.RESPONSIBLE_INDIVIDUAL, "providers_team.index", []),
    ],
)
def test_the_link_of_the_page_is_active(app, role, endpoint, active):
    assert _active(app, role, endpoint) == active


def test_a_link_naming_an_endpoint_wins_over_a_prefix_whatever_the_order():
    everyone = frozenset({"reader"})
    broad = NavItem("All", "a.index", everyone, active_prefixes=("a.",))
    narrow = NavItem("One", "a.one", everyone, active_endpoints=("a.one",))
    for items in ([broad, narrow], [narrow, broad]):
        assert active_item(items, "a.one") is narrow
        assert active_item(items, "a.two") is broad
    assert active_item([broad, narrow], "b.one") is None


def test_a_link_hidden_from_the_role_is_neither_shown_nor_active():
    only_managers = NavItem("Managers", "m.index", frozenset({"manager"}), active_prefixes=("m.",))
    shown = items_for([only_managers], "reader")
    assert shown == []
    assert active_item(shown, "m.index") is None
