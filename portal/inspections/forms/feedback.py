"""Forms of the feedback pages: the end of the inspection with its judgements, and their correction."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextArea
from wtforms import HiddenField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from portal.core import limits
from portal.core.forms import GovDateField, GovRadioField, RequiredDate, choices

REASON_MAX = limits.REASON_MAX


def _add_judgements(form_class, areas: dict[str, str], grades_of, optional: bool) -> None:
    for area, label in areas.items():
        setattr(
            form_class,
            area,
            GovRadioField(
                label,
                f"Select a judgement for {label.lower()}",
                required=not optional,
                choices=choices(grades_of(area)),
            ),
        )
    form_class.areas = areas


def end_inspection_form(areas: dict[str, str], grades_of, optional: bool = False) -> type[FlaskForm]:
    """A form with the end date and one judgement question per area of this inspection;
    ``grades_of(area)`` gives each area's grades. At an SCH, CH or RFC monitoring visit
    (``optional``) feedback may give a new judgement (R-JUDGE-5), so the questions may be left."""

    class EndInspectionForm(FlaskForm):
        end_date = GovDateField(
            "Last day on site (the feedback day)",
            subject="End date",
            validators=[RequiredDate("Enter the last day on site")],
        )
        submit = SubmitField("Continue", widget=GovSubmitInput())

    _add_judgements(EndInspectionForm, areas, grades_of, optional)
    return EndInspectionForm


def correction_form(areas: dict[str, str], grades_of, optional: bool = False) -> type[FlaskForm]:
    """The judgements as they should have been recorded, and why they are corrected. ``based_on``
    is the number of the correction the user saw (0: none), so a correction made meanwhile by
    someone else is not overwritten unseen."""

    class CorrectionForm(FlaskForm):
        reason = TextAreaField(
            "Why are the judgements corrected?",
            widget=GovTextArea(),
            description="The provider will see this beside the correction.",
            validators=[
                DataRequired("Enter why the judgements are corrected"),
                Length(max=REASON_MAX, message=f"Reason must be {REASON_MAX:,} characters or fewer"),
            ],
        )
        based_on = HiddenField()
        submit = SubmitField("Continue", widget=GovSubmitInput())

    _add_judgements(CorrectionForm, areas, grades_of, optional)
    return CorrectionForm
