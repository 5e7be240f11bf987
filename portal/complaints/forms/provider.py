"""The provider's forms for informal concerns and formal complaints (R-CMP-1, R-CMP-5).

Messages match the use cases' own, which check everything again: the form answers first so that
every field's problem is shown at once.
"""

from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from govuk_frontend_wtf.wtforms_widgets import GovCharacterCount, GovSubmitInput
from wtforms import HiddenField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from portal.complaints import rules
from portal.core.forms import FileInputChosenAgain, GovCheckboxesField, choices
from portal.inspection_reports.forms.provider import one_newline

KEY_MESSAGE = "Reload the page and enter your concern again"
EVIDENCE_HINT = "PDF, DOCX, ODT, JPEG or PNG files, each smaller than 20 MB. You can select more than one."
CONFIRM_LODGE = (
    "I confirm that this complaint is accurate and complete, and that I am authorised to lodge it for the provider"
)
CATEGORIES_MESSAGE = "Select what the complaint is about"


def _text_length(label: str):
    return Length(max=rules.TEXT_MAX, message=f"{label} must be {rules.TEXT_MAX:,} characters or fewer")


class ConcernForm(FlaskForm):
    key = HiddenField(validators=[DataRequired(KEY_MESSAGE), Length(max=64, message=KEY_MESSAGE)])
    text = TextAreaField(
        "Your concern",
        widget=GovCharacterCount(),
        filters=[one_newline],
        description="Say what happened and when. An inspectorate manager who was not on the "
        "inspection reads it and replies to you.",
        validators=[DataRequired("Enter your concern"), _text_length("Your concern")],
    )
    submit = SubmitField("Send the concern", widget=GovSubmitInput())


class StartForm(FlaskForm):
    submit = SubmitField("Prepare a formal complaint", widget=GovSubmitInput())


class DetailsForm(FlaskForm):
    categories = GovCheckboxesField(
        "What is the complaint about?",
        CATEGORIES_MESSAGE,
        choices=choices(rules.CATEGORIES),
        description="Select all that apply",
    )
    earlier_concerns = TextAreaField(
        "Concerns you have already raised, and with whom (optional)",
        widget=GovCharacterCount(),
        filters=[one_newline],
        description="For example, with the lead inspector at the feedback meeting",
        validators=[Optional(), _text_length("The concerns already raised")],
    )
    outcome_sought = TextAreaField(
        "What outcome are you seeking?",
        widget=GovCharacterCount(),
        filters=[one_newline],
        validators=[DataRequired("Enter the outcome you are seeking"), _text_length("The outcome you are seeking")],
    )
    submit = SubmitField("Save and continue", widget=GovSubmitInput())

    def validate_categories(self, field):
        if not field.data:
            raise ValidationError(CATEGORIES_MESSAGE)


class PointForm(FlaskForm):
    what_happened = TextAreaField(
        "What happened",
        widget=GovCharacterCount(),
        filters=[one_newline],
        description="One point of your complaint: what happened, when, and who was "
        "involved. Each point is answered on its own.",
        validators=[DataRequired("Enter what happened"), _text_length("What happened")],
    )
    evidence = MultipleFileField(
        "Evidence (optional)", widget=FileInputChosenAgain(multiple=True), description=EVIDENCE_HINT
    )
    submit = SubmitField("Save the point", widget=GovSubmitInput())


class LodgeForm(FlaskForm):
    confirm = GovCheckboxesField(
        "Declaration", "Confirm the declaration to lodge the complaint", choices=choices({"yes": CONFIRM_LODGE})
    )
    submit = SubmitField("Lodge the complaint", widget=GovSubmitInput())

    def validate_confirm(self, field):
        if field.data != ["yes"]:
            raise ValidationError("Confirm the declaration to lodge the complaint")
