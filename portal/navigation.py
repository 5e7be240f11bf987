"""The service navigation of each role, declared once (core/navigation renders it in base.html)."""

from portal.accounts.roles import INSPECTORATE_ROLES, PROVIDER_ROLES, Role
from portal.core.navigation import NavItem

INSPECTORATE_MANAGER = frozenset({Role.INSPECTORATE_MANAGER})

SERVICE_NAVIGATION = (
    NavItem(
        "Inspections",
        "dashboards.inspectorate_dashboard",
        INSPECTORATE_ROLES,
        active_endpoints=("dashboards.inspectorate_dashboard",),
        active_prefixes=("inspections_inspectorate",),
    ),
    NavItem(
        "Timeliness",
        "inspections_inspectorate.timeliness_list",
        INSPECTORATE_ROLES,
        active_endpoints=("inspections_inspectorate.timeliness_list",),
    ),
    NavItem(
        "Monitoring reports",
        "monitoring_reports_inspectorate.overview",
        INSPECTORATE_ROLES,
        active_prefixes=("monitoring_reports_inspectorate",),
    ),
    NavItem(
        "Notifications",
        "notifications_inspectorate.queue",
        INSPECTORATE_ROLES,
        active_prefixes=("notifications_inspectorate",),
    ),
    NavItem(
        "Requirements",
        "requirements_inspectorate.index",
        INSPECTORATE_ROLES,
        active_prefixes=("requirements_inspectorate",),
    ),
    NavItem(
        "Complaints",
        "complaints_inspectorate.index",
        INSPECTORATE_ROLES,
        active_prefixes=("complaints_inspectorate",),
    ),
    NavItem("Outbox", "site.outbox", INSPECTORATE_MANAGER, active_prefixes=("site.outbox",)),
    NavItem(
        "Dashboard",
        "dashboards.provider_dashboard",
        PROVIDER_ROLES,
        active_endpoints=("dashboards.provider_dashboard",),
    ),
)
