"""The provider side of an inspection: its timeline, and asking for a deferral."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user

from portal.accounts.roles import Role
from portal.core import clock, contributions
from portal.core.access import roles_required
from portal.core.forms import run_use_case
from portal.inspections import deferrals, holds, rules, timeline
from portal.inspections.access import get_inspection_or_404
from portal.inspections.forms.inspection import DeferralRequestForm, StcDeferralRequestForm
from portal.inspections.services import InspectionError
from portal.providers.models import SettingType

bp = Blueprint("inspections_provider", __name__, url_prefix="/inspections")
# The provider's page of an inspection: capabilities above add what concerns the provider (the next
# steps after an inadequate judgement, R-NEXT).
PROVIDER_INSPECTION_PAGE = "provider_inspection_page"
PROVIDER_STAFF = (Role.REGISTERED_MANAGER, Role.RESPONSIBLE_INDIVIDUAL)


@bp.record_once
def _template_globals(state) -> None:
    """The deferral history (templates/components/inspection.html) serves both sides."""
    state.app.jinja_env.globals["deferral_ground_label"] = lambda key: deferrals.ALL_GROUNDS.get(key, key or "")


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


def timeline_of(inspection, now, held=None):
    """The timeline of R-TL-1/R-TL-4 for this kind of inspection, with what holds its final (R-TL-5)
    and whether its report is not published (R-PUB-2);
    pass ``held`` (from ``holds.holding_many``) when showing many inspections at once."""
    return timeline.of(inspection, now, holds.holding(inspection) if held is None else held, holds.withheld(inspection))


@bp.route("/<int:inspection_id>")
@roles_required(*PROVIDER_STAFF)
def show(inspection_id: int):
    now = clock.now()
    inspection = get_inspection_or_404(current_user, inspection_id)
    return render_template(
        "inspections/provider_show.html",
        inspection=inspection,
        steps=timeline_of(inspection, now),
        rules=rules,
        today=clock.today_uk(now),
        pending_deferral=deferrals.pending_request(inspection),
        may_ask_deferral=deferrals.may_request(inspection, now),
        **contributions.gather(PROVIDER_INSPECTION_PAGE, inspection=inspection, now=now),
    )


@bp.route("/<int:inspection_id>/deferral", methods=["GET", "POST"])
@roles_required(*PROVIDER_STAFF)
def request_deferral(inspection_id: int):
    """R-INSP-3: an STC says which ground applies; an RFC asks by the start of the inspection."""
    now = clock.now()
    inspection = get_inspection_or_404(current_user, inspection_id)
    stc = deferrals.is_stc(inspection)
    form = (StcDeferralRequestForm if stc else DeferralRequestForm)()
    problems = []
    if form.validate_on_submit():
        done, problems = run_use_case(
            form,
            lambda: deferrals.request_deferral(
                inspection, form.reason.data, current_user, now, ground=form.ground.data if stc else None
            ),
            InspectionError,
            "Someone else asked at the same moment: check the inspection.",
        )
        if done:
            flash("Your request to defer the inspection has been sent. You will be told the decision.", "success")
            return redirect(url_for(".show", inspection_id=inspection.id))
    closed = deferrals.request_closed(
        inspection.setting.type_enum, inspection.status, inspection.start_date, clock.today_uk(now)
    )
    return render_template(
        "inspections/deferral_request.html",
        form=form,
        inspection=inspection,
        grounds=deferrals.grounds_note(inspection),
        problems=problems,
        stc=stc,
        closed=closed,
        rfc=inspection.setting.type_enum == SettingType.RESIDENTIAL_FAMILY_CENTRE,
    )
