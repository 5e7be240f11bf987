"""Each role's dashboard, and a provider's page for one setting."""

from flask import Blueprint, render_template, request
from flask_login import current_user

from portal.accounts.roles import Role
from portal.core import clock, paging
from portal.core.access import roles_required
from portal.core.htmx import render, wants_fragment
from portal.dashboards import deadlines as deadlines_of, provider
from portal.inspections import deferrals, holds, rules, services as inspection_services, timeline
from portal.monitoring_reports import oversight, rules as monitoring_rules, services as monitoring_services
from portal.notifications import queries as notification_queries
from portal.providers import titles
from portal.providers.access import get_setting_or_404

bp = Blueprint("dashboards", __name__)
CONCERNS_ON_DASHBOARD = 10  # the alerts waiting longest, in the banner; the count says how many wait in all
bp.record_once(titles.register)  # R-ROLE-2: "director" for an STC, in every template


@bp.route("/dashboard")
@roles_required(Role.REGISTERED_MANAGER, Role.RESPONSIBLE_INDIVIDUAL, Role.INDEPENDENT_PERSON)
def provider_dashboard():
    now = clock.now()
    # The whole page only: an htmx page of settings swaps the table and nothing above it.
    whole = not wants_fragment()
    flying = deadlines_of.in_flight(current_user, now) if whole else []
    number = paging.page_number(request.args.get("page"))
    listed, context = provider.dashboard_page(current_user, now, number, also=flying)
    deadlines, deadlines_total = (
        deadlines_of.next_deadlines(current_user, now, flying=flying, context=context) if whole else ([], 0)
    )
    if current_user.role == Role.INDEPENDENT_PERSON:
        return render_template(
            "dashboards/visitor.html",
            listed=listed,
            rows=listed.items,
            today=provider.today(now),
            reports=monitoring_services.reports_by(current_user),
            urgent_concerns=notification_queries.urgent_concerns_by(current_user),
            rules=monitoring_rules,
            deadlines=deadlines,
            deadlines_total=deadlines_total,
        )
    page, fragment = "dashboards/provider.html", "dashboards/_settings.html"
    return render(
        page,
        fragment,
        listed=listed,
        rows=listed.items,
        today=provider.today(now),
        deadlines=deadlines,
        deadlines_total=deadlines_total,
    )


@bp.route("/settings/<int:setting_id>")
@roles_required(Role.REGISTERED_MANAGER, Role.RESPONSIBLE_INDIVIDUAL)
def setting(setting_id: int):
    now = clock.now()
    place = get_setting_or_404(current_user, setting_id)
    row = provider.setting_row(current_user, place, now)
    inspections = sorted(provider.inspections_of(current_user, place), key=lambda i: i.start_date, reverse=True)
    return render_template(
        "dashboards/setting.html",
        row=row,
        inspections=inspections,
        today=provider.today(now),
        inspection_types=rules.INSPECTION_TYPES,
    )


@bp.route("/inspectorate/")
@roles_required(Role.INSPECTOR, Role.INSPECTORATE_MANAGER)
def inspectorate_dashboard():
    """One page of the worklist, newest first, each with its next report target; the deferral
    requests to decide and the serious-concern alerts to answer, those waiting longest."""
    now = clock.now()
    worklist = inspection_services.worklist_page(current_user, paging.page_number(request.args.get("page")))
    inspections = list(worklist.items)
    held, withheld = holds.holding_many(inspections), holds.withheld_many(inspections)
    rows = [
        (i, timeline.next_target(timeline.of(i, now, held.get(i.id, []), withheld=i.id in withheld)))
        for i in inspections
    ]
    return render(
        "dashboards/inspectorate.html",
        "dashboards/_worklist.html",
        worklist=worklist,
        rows=rows,
        waiting=deferrals.waiting_for_decision(inspection_services.worklist(current_user)),
        withheld=withheld,
        today=clock.today_uk(now),
        rules=rules,
        concerns=oversight.concerns_for(current_user, limit=CONCERNS_ON_DASHBOARD),
    )
