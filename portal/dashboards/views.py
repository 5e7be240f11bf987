"""Each role's dashboard, and a provider's page for one setting."""

from flask import Blueprint, render_template
from flask_login import current_user

from portal.accounts.roles import Role
from portal.core import clock
from portal.core.access import roles_required
from portal.dashboards import provider
from portal.inspections import holds, rules, services as inspection_services, timeline
from portal.inspections.views.provider import timeline_of
from portal.monitoring_reports import oversight, rules as monitoring_rules, services as monitoring_services
from portal.providers import titles
from portal.providers.access import get_setting_or_404

bp = Blueprint("dashboards", __name__)
bp.record_once(titles.register)  # R-ROLE-2: "director" for an STC, in every template


@bp.route("/dashboard")
@roles_required(Role.REGISTERED_MANAGER, Role.RESPONSIBLE_INDIVIDUAL, Role.INDEPENDENT_PERSON)
def provider_dashboard():
    now = clock.now()
    rows = provider.dashboard_rows(current_user, now)
    if current_user.role == Role.INDEPENDENT_PERSON:
        return render_template(
            "dashboards/visitor.html",
            rows=rows,
            today=provider.today(now),
            reports=monitoring_services.reports_by(current_user),
            rules=monitoring_rules,
        )
    return render_template("dashboards/provider.html", rows=rows, today=provider.today(now))


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
    now = clock.now()
    inspections = inspection_services.inspectorate_worklist(current_user)
    waiting = [d for i in inspections for d in i.deferrals if d.status == rules.REQUESTED]
    held = holds.holding_many(inspections)
    rows = [(i, timeline.next_target(timeline_of(i, now, held.get(i.id, [])))) for i in inspections]
    return render_template(
        "dashboards/inspectorate.html",
        rows=rows,
        waiting=waiting,
        withheld=holds.withheld_many(inspections),
        today=clock.today_uk(now),
        rules=rules,
        concerns=oversight.concerns_for(current_user),
    )
