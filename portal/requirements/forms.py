"""The forms of requirements and compliance notices."""

from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextArea, GovTextInput
from wtforms import HiddenField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired

from portal.core.forms import FileInputChosenAgain, GovDateField, GovRadioField, RequiredDate, at_most, choices
from portal.requirements import rules
from portal.requirements.services import TEXT_MAX


def _text(label: str, message: str, description: str = ""):
    return TextAreaField(
        label,
        widget=GovTextArea(),
        description=description,
        validators=[DataRequired(message), at_most(label, TEXT_MAX)],
    )


class EvidenceForm(FlaskForm):
    text = _text(
        "What have you done to meet the requirement?",
        "Enter what you have done to meet the requirement",
        "What changed, when, and how you know it works. Write no child's name.",
    )
    documents = MultipleFileField(
        "Evidence (optional)",
        widget=FileInputChosenAgain(multiple=True),
        description="PDF, DOCX or ODT files, each smaller than 20 MB: for example a revised policy or training records",
    )
    submit = SubmitField("Send to the inspectorate", widget=GovSubmitInput())


class DecisionForm(FlaskForm):
    status = GovRadioField(
        "Is the requirement met?", "Select whether the requirement is met", choices=choices(rules.DECISIONS)
    )
    text = _text(
        "Reason", "Enter the reason: what was seen, and when", "What you saw at the visit, or in the evidence."
    )
    submit = SubmitField("Record the finding", widget=GovSubmitInput())


class NoticeForm(FlaskForm):
    key = HiddenField()
    regulation = StringField(
        "Regulation",
        widget=GovTextInput(),
        description="The regulation the provider is not meeting, for example 12(1)(a)",
        validators=[DataRequired("Enter the regulation the notice is about"), at_most("The regulation", 40)],
    )
    actions = _text(
        "Actions the provider must take",
        "Enter the actions the provider must take",
        "Each action must be complete by the date: partial action is not enough.",
    )
    comply_by = GovDateField(
        "Date to comply by",
        subject="The date to comply by",
        description="A date still to come, for example 15 1 2027",
        validators=[RequiredDate("Enter the date to comply by")],
    )
    submit = SubmitField("Record the compliance notice", widget=GovSubmitInput())


class VisitForm(FlaskForm):
    visited_on = GovDateField(
        "Date of the monitoring visit",
        subject="The date of the visit",
        validators=[RequiredDate("Enter the date of the visit")],
    )
    met = GovRadioField(
        "Was the notice met?", "Select whether the notice was met", choices=choices({"yes": "Yes", "no": "No"})
    )
    finding = _text("What the visit found", "Enter what the visit found")
    submit = SubmitField("Record the visit", widget=GovSubmitInput())
