"""Forms of quality assurance, sign-off, disagreements and copies (R-QA-1..3). The use cases in
``quality_services`` check the rules (who, when, which); these check what was typed."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextArea, GovTextInput
from wtforms import StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from portal.core import limits
from portal.core.forms import GovDateField, GovRadioField, RequiredDate, choices
from portal.inspection_reports import quality
from portal.inspection_reports.forms.inspectorate import REASON_MAX

NAME_MAX = limits.NAME_MAX
TODAY_HINT = "For example, 27 11 2026. It cannot be in the future."


def _name(label: str, hint: str, message: str | None = None) -> StringField:
    validators = [Length(max=NAME_MAX, message=f"Name must be {NAME_MAX} characters or fewer")]
    if message:
        validators.insert(0, DataRequired(message))
    return StringField(label, widget=GovTextInput(), description=hint, validators=validators)


def _notes() -> TextAreaField:
    return TextAreaField(
        "Notes (optional)",
        widget=GovTextArea(),
        description="For example, what was amended as a result.",
        validators=[Length(max=REASON_MAX, message=f"Notes must be {REASON_MAX:,} characters or fewer")],
    )


class QualityStepForm(FlaskForm):
    # The choices are this report's steps, set by the view; a single step is not asked.
    step = GovRadioField(
        "Which quality assurance are you recording?", "Select which quality assurance you are recording", choices=[]
    )
    given_on = GovDateField(
        "Date it was given",
        subject="Date given",
        description=TODAY_HINT,
        validators=[RequiredDate("Enter the date it was given")],
    )
    given_by = _name(
        "Who gave it",
        "For HMIP and CQC, the name and role of the person at that inspectorate. Leave it blank when it was you.",
    )
    notes = _notes()
    submit = SubmitField("Record it", widget=GovSubmitInput())

    def __init__(self, *args, steps: tuple = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.step.choices = choices({step.key: step.title for step in steps})


class SignOffForm(FlaskForm):
    inspectorate = GovRadioField(
        "Which inspectorate signed off the report?",
        "Select the inspectorate that signed off the report",
        choices=choices(quality.INSPECTORATE_NAMES),
    )
    given_on = GovDateField(
        "Date it was signed off",
        subject="Date given",
        description=TODAY_HINT,
        validators=[RequiredDate("Enter the date it was signed off")],
    )
    given_by = _name(
        "Who signed it off",
        "For HMIP and CQC, the name and role of the person at that "
        "inspectorate. Leave it blank for Ofsted when it was you.",
    )
    notes = _notes()
    submit = SubmitField("Record the sign-off", widget=GovSubmitInput())


class DisagreementForm(FlaskForm):
    note = TextAreaField(
        "What the inspectorates disagree about",
        widget=GovTextArea(),
        validators=[
            DataRequired("Enter what the inspectorates disagree about"),
            Length(max=REASON_MAX, message=f"Note must be {REASON_MAX:,} characters or fewer"),
        ],
    )
    ofsted_manager = _name(
        "Ofsted manager it went to", "Name and role", "Enter the name of the Ofsted manager it went to"
    )
    hmip_manager = _name("HMIP manager it went to", "Name and role", "Enter the name of the HMIP manager it went to")
    cqc_manager = _name("CQC manager it went to", "Name and role", "Enter the name of the CQC manager it went to")
    submit = SubmitField("Record the disagreement", widget=GovSubmitInput())


class CopyForm(FlaskForm):
    copy = GovRadioField("Which copy was sent?", "Select which copy was sent", choices=[])
    sent_on = GovDateField(
        "Date it was sent",
        subject="Date sent",
        description=TODAY_HINT,
        validators=[RequiredDate("Enter the date it was sent")],
    )
    submit = SubmitField("Record the copy", widget=GovSubmitInput())

    def __init__(self, *args, copies: tuple = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.copy.choices = choices({copy.key: copy.title for copy in copies})
