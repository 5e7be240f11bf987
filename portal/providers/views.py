"""The provider side's dashboard."""

from flask import Blueprint, render_template
from flask_login import current_user

from portal.accounts.roles import Role
from portal.core import clock
from portal.core.access import get_setting_or_404, roles_required
from portal.inspections import holds, rules, timeline
from portal.monitoring_reports import rules as monitoring_rules, services as monitoring_services
from portal.providers import services, titles

bp = Blueprint("providers", __name__)
bp.record_once(titles.register)  # R-ROLE-2: "director" for an STC, in every template


@bp.record_once
def _inspection_status(state) -> None:
    """Every page names an inspection's status as it is now: "Published" once the embargo has ended
    (R-TL-3), never "Final report sent" for a published report; a status added later is named, never
    an error. Pass ``withheld`` (from ``holds.withheld_many``) when showing many inspections."""
    state.app.jinja_env.globals["inspection_status"] = lambda inspection, withheld=None: timeline.status_label(
        inspection, clock.now(), holds.withheld(inspection) if withheld is None else withheld
    )
    state.app.jinja_env.globals["inspection_published"] = lambda inspection: timeline.is_published(
        inspection, clock.now(), holds.withheld(inspection)
    )


@bp.route("/dashboard")
@roles_required(Role.REGISTERED_MANAGER, Role.RESPONSIBLE_INDIVIDUAL, Role.INDEPENDENT_PERSON)
def dashboard():
    now = clock.now()
    rows = services.dashboard_rows(current_user, now)
    if current_user.role == Role.INDEPENDENT_PERSON:
        return render_template(
            "providers/visitor_dashboard.html",
            rows=rows,
            today=services.today(now),
            reports=monitoring_services.reports_by(current_user),
            rules=monitoring_rules,
        )
    return render_template("providers/dashboard.html", rows=rows, today=services.today(now))


@bp.route("/settings/<int:setting_id>")
@roles_required(Role.REGISTERED_MANAGER, Role.RESPONSIBLE_INDIVIDUAL)
def setting(setting_id: int):
    now = clock.now()
    place = get_setting_or_404(current_user, setting_id)
    row = services.setting_row(current_user, place, now)
    inspections = sorted(services.inspections_of(current_user, place), key=lambda i: i.start_date, reverse=True)
    return render_template(
        "providers/setting.html",
        row=row,
        inspections=inspections,
        today=services.today(now),
        inspection_types=rules.INSPECTION_TYPES,
    )
