"""The inspectorate's page for not publishing a monitoring report (R-PUB-2): a form, then a
confirmation. Anyone of the inspectorate who can see the inspection sees the page and any
decision; only an inspectorate manager can record one (the use case refuses anyone else)."""

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextArea, GovTextInput
from wtforms import StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired

from portal.accounts.roles import Role
from portal.core import clock
from portal.core.access import roles_required
from portal.core.forms import GovDateField, RequiredDate, at_most, run_use_case
from portal.inspection_reports import non_publication, services
from portal.inspection_reports.non_publication import NAME_MAX, TEXT_MAX, Decision
from portal.inspection_reports.services import ReportError
from portal.inspections.access import get_inspection_or_404

bp = Blueprint("inspection_reports_non_publication", __name__, url_prefix="/inspectorate/inspections")
INSPECTORATE = (Role.INSPECTOR, Role.INSPECTORATE_MANAGER)
CONCURRENT = "Someone else recorded a decision on this report at the same moment. Check it and try again."


def decision_form(stc: bool) -> type[FlaskForm]:
    """The reason and who decided; for an STC also who at the Ministry of Justice agreed, and when."""

    class NonPublicationForm(FlaskForm):
        reason = TextAreaField(
            "Why the report is not published",
            widget=GovTextArea(),
            description="The exceptional circumstances. The provider will see this reason.",
            validators=[DataRequired("Enter the reason the report is not published"), at_most("The reason", TEXT_MAX)],
        )
        decided_by = StringField(
            "Who decided for the inspectorates" if stc else "Regional director who decided",
            widget=GovTextInput(),
            description="Their name and role.",
            validators=[DataRequired("Enter who decided not to publish the report"), at_most("Who decided", NAME_MAX)],
        )
        submit = SubmitField("Do not publish this report", widget=GovSubmitInput())

    if stc:
        NonPublicationForm.moj_agreed_by = StringField(
            "Who at the Ministry of Justice agreed",
            widget=GovTextInput(),
            description="Their name and role.",
            validators=[DataRequired("Enter who at the Ministry of Justice agreed"), at_most("Who agreed", NAME_MAX)],
        )
        NonPublicationForm.moj_agreed_on = GovDateField(
            "Date the Ministry of Justice agreed",
            subject="Date the Ministry of Justice agreed",
            description="For example, 27 11 2026",
            validators=[RequiredDate("Enter the date the Ministry of Justice agreed")],
        )
    return NonPublicationForm


def _load(inspection_id: int):
    inspection = get_inspection_or_404(current_user, inspection_id)
    report = services.report_of(inspection)
    return inspection, report


@bp.route("/<int:inspection_id>/report/non-publication", methods=["GET", "POST"])
@roles_required(*INSPECTORATE)
def decide(inspection_id: int):
    now = clock.now()
    inspection, report = _load(inspection_id)
    decision = non_publication.decision_of(report)
    if decision is not None:
        return redirect(url_for(".recorded", inspection_id=inspection.id))
    stc = report is not None and non_publication.needs_moj(report)
    form = decision_form(stc)()
    problems, refused = [], non_publication.problem(report, current_user, now)
    if refused and form.is_submitted():
        # Not a monitoring visit, not a manager, too early or too late: say so, store nothing.
        problems = [{"text": refused, "href": "#main-content"}]
    elif form.validate_on_submit():
        answers = Decision(
            form.reason.data,
            form.decided_by.data,
            form.moj_agreed_by.data if stc else "",
            form.moj_agreed_on.data if stc else None,
        )
        done, problems = run_use_case(
            form, lambda: non_publication.withhold(report, answers, current_user, now), ReportError, CONCURRENT
        )
        if done:
            return redirect(url_for(".recorded", inspection_id=inspection.id))
        refused = non_publication.problem(report, current_user, now)
    return render_template(
        "inspection_reports/non_publication.html",
        inspection=inspection,
        report=report,
        form=form,
        problems=problems,
        refused=refused,
        stc=stc,
    )


@bp.route("/<int:inspection_id>/report/non-publication/recorded")
@roles_required(*INSPECTORATE)
def recorded(inspection_id: int):
    inspection, report = _load(inspection_id)
    decision = non_publication.decision_of(report)
    if decision is None:
        return redirect(url_for(".decide", inspection_id=inspection.id))
    return render_template(
        "inspection_reports/non_publication_recorded.html", inspection=inspection, report=report, decision=decision
    )
