"""The form recording one next step."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextArea
from wtforms import SubmitField, TextAreaField
from wtforms.validators import Optional

from portal.core.forms import GovDateField, GovRadioField, at_most, choices
from portal.next_steps import rules
from portal.next_steps.services import NOTE_MAX


class StepForm(FlaskForm):
    outcome = GovRadioField(
        "What happened?", "Select whether the step is done or not needed", choices=choices(rules.OUTCOMES)
    )
    done_on = GovDateField(
        "Date it was done",
        subject="The date it was done",
        description="For example, 27 11 2026",
        validators=[Optional()],
    )
    note = TextAreaField(
        "Note",
        widget=GovTextArea(),
        description="If the step is not needed, say why. Otherwise, for example, to whom it went.",
        validators=[Optional(), at_most("The note", NOTE_MAX)],
    )
    submit = SubmitField("Record the step", widget=GovSubmitInput())
