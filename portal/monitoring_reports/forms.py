"""The visit report, review, correction and bulk upload forms."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, MultipleFileField
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextArea
from wtforms import HiddenField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from portal.core import limits
from portal.core.forms import (
    FileInputChosenAgain,
    GovCheckboxesField,
    GovDateField,
    GovRadioField,
    RequiredDate,
    choices,
)
from portal.monitoring_reports import concerns, rules

TEXT_MAX = limits.TEXT_MAX
YES_NO = {"yes": "Yes", "no": "No"}


def _text(label, required_message=None, description=None):
    validators = [DataRequired(required_message)] if required_message else [Optional()]
    validators.append(Length(max=TEXT_MAX, message=f"{label} must be {TEXT_MAX:,} characters or fewer"))
    return TextAreaField(label, widget=GovTextArea(), description=description, validators=validators)


def _required_if(flag_field: str, value: str, message: str):
    def check(form, field):
        if getattr(form, flag_field).data == value and not (field.data or "").strip():
            raise ValidationError(message)

    return check


class VisitReportForm(FlaskForm):
    visit_date = GovDateField(
        "Date of the visit",
        subject="Date of the visit",
        description="The day the visitor was at the setting: today or a day before. For example, 14 3 2026",
        validators=[RequiredDate("Enter the date of the visit")],
    )
    announced = GovRadioField(
        "Was the visit announced?",
        "Select whether the visit was announced",
        choices=choices({"yes": "Yes, it was announced", "no": "No, it was unannounced"}),
    )
    spoke_to = GovCheckboxesField(
        "Who did the visitor speak to?",
        "Select who the visitor spoke to from the list",
        choices=choices(rules.SPOKE_TO),
        description="Select all that apply",
    )
    spoke_to_details = _text("Anything to add about who the visitor spoke to (optional)")
    records_inspected = _text("Which records did the visitor inspect?", "Enter which records the visitor inspected")
    premises_inspected = _text(
        "Which parts of the premises did the visitor inspect?",
        "Enter which parts of the premises the visitor inspected",
    )
    safeguarding = GovRadioField(
        "In the visitor's opinion, are children effectively safeguarded?",
        "Select whether children are effectively safeguarded",
        choices=choices(YES_NO),
    )
    wellbeing = GovRadioField(
        "In the visitor's opinion, does the conduct of the home promote children's well-being?",
        "Select whether the conduct of the home promotes children's well-being",
        choices=choices(YES_NO),
    )
    recommendations = _text("Recommendations (optional)")
    conflict = GovRadioField(
        "Does the visitor have any conflict of interest?",
        "Select whether the visitor has a conflict of interest",
        choices=choices(YES_NO),
    )
    conflict_details = TextAreaField(
        "Describe the conflict of interest",
        widget=GovTextArea(),
        validators=[
            _required_if("conflict", "yes", "Describe the conflict of interest"),
            Length(max=TEXT_MAX, message=f"Conflict of interest must be {TEXT_MAX:,} characters or fewer"),
        ],
    )
    serious_concern = GovRadioField(
        "Does this report raise serious concerns about children's safety?",
        "Select whether the report raises serious concerns about children's safety",
        choices=choices({"no": "No", "yes": "Yes: tell the inspector now"}),
        description="If it does, the inspector is told as soon as you send it.",
    )
    serious_concern_details = TextAreaField(
        "What are the concerns?",
        widget=GovTextArea(),
        validators=[
            _required_if("serious_concern", "yes", "Enter what the serious concerns are"),
            Length(max=TEXT_MAX, message=f"Concerns must be {TEXT_MAX:,} characters or fewer"),
        ],
    )
    late_reason = _text(
        "If the report is late, why is it being sent now?",
        description=(
            "A report is due by the end of the month after the month of the visit. A visit more than 12 months "
            "ago also needs a reason."
        ),
    )
    document = FileField(
        "The full report", widget=FileInputChosenAgain(), description="A PDF, DOCX or ODT file, smaller than 20 MB"
    )
    submit = SubmitField("Continue", widget=GovSubmitInput())

    def answers(self) -> dict:
        return {
            "visit_date": self.visit_date.data,
            "announced": self.announced.data == "yes",
            "spoke_to": list(self.spoke_to.data or []),
            "spoke_to_details": self.spoke_to_details.data or None,
            "records_inspected": self.records_inspected.data,
            "premises_inspected": self.premises_inspected.data,
            "safeguarding_effective": self.safeguarding.data == "yes",
            "wellbeing_promoted": self.wellbeing.data == "yes",
            "recommendations": self.recommendations.data or None,
            "conflict_of_interest": (self.conflict_details.data or "").strip() if self.conflict.data == "yes" else None,
            "serious_concern": self.serious_concern.data == "yes",
            "serious_concern_details": self.serious_concern_details.data
            if self.serious_concern.data == "yes"
            else None,
            "late_reason": self.late_reason.data or None,
        }


class ReviewForm(FlaskForm):
    period_start = GovDateField(
        "Start of the period reviewed",
        subject="Start of the period",
        validators=[RequiredDate("Enter the start of the period reviewed")],
    )
    period_end = GovDateField(
        "End of the period reviewed",
        subject="End of the period",
        validators=[RequiredDate("Enter the end of the period reviewed")],
    )
    completed_on = GovDateField(
        "Date the review was completed",
        subject="Date the review was completed",
        validators=[RequiredDate("Enter the date the review was completed")],
    )
    views_gathered = GovCheckboxesField(
        "Whose views were gathered?",
        "Select whose views were gathered from the list",
        choices=choices(rules.VIEWS_GATHERED),
        description="Select all that apply",
    )
    actions = _text("What actions does the provider intend to take?", "Enter the actions the provider intends to take")
    document = FileField(
        "The review report", widget=FileInputChosenAgain(), description="A PDF, DOCX or ODT file, smaller than 20 MB"
    )
    submit = SubmitField("Continue", widget=GovSubmitInput())

    def validate_views_gathered(self, field):
        if not field.data:
            raise ValidationError("Select whose views were gathered")

    def answers(self) -> dict:
        return {
            "period_start": self.period_start.data,
            "period_end": self.period_end.data,
            "completed_on": self.completed_on.data,
            "views_gathered": list(self.views_gathered.data or []),
            "actions": self.actions.data,
        }


class CorrectionReason:
    reason = TextAreaField(
        "Why are you correcting this report?",
        widget=GovTextArea(),
        validators=[
            DataRequired("Enter why you are correcting this report"),
            Length(max=limits.REASON_MAX, message=f"Reason must be {limits.REASON_MAX:,} characters or fewer"),
        ],
    )


class VisitCorrectionForm(CorrectionReason, VisitReportForm):
    concern_withdrawal_reason = TextAreaField(
        "If you are withdrawing the serious concern, why?",
        widget=GovTextArea(),
        description="The lead inspector is told that you withdrew it, and why.",
        validators=[
            Length(
                max=limits.REASON_MAX,
                message=f"Reason for withdrawing the concern must be {limits.REASON_MAX:,} characters or fewer",
            )
        ],
    )

    def answers(self) -> dict:
        return super().answers() | {
            "concern_withdrawal_reason": (self.concern_withdrawal_reason.data or "").strip() or None
        }


class ReviewCorrectionForm(CorrectionReason, ReviewForm):
    pass


class ResponseForm(FlaskForm):
    text = TextAreaField(
        "The provider's response",
        widget=GovTextArea(),
        description="It is shown beside the visitor's report, to you and to the inspectorate. "
        "The report itself does not change.",
        validators=[
            DataRequired("Enter the provider's response"),
            Length(max=TEXT_MAX, message=f"The provider's response must be {TEXT_MAX:,} characters or fewer"),
        ],
    )
    submit = SubmitField("Add the response", widget=GovSubmitInput())


class ConcernActionForm(FlaskForm):
    version = HiddenField()
    kind = GovRadioField(
        "What did you do about the serious concern?", "Select what you did", choices=choices(concerns.ACTION_KINDS)
    )
    note = TextAreaField(
        "Note",
        widget=GovTextArea(),
        description="Required if you contacted the setting or escalated: whom, when and what was agreed.",
        validators=[Length(max=concerns.NOTE_MAX, message=f"Note must be {concerns.NOTE_MAX:,} characters or fewer")],
    )
    submit = SubmitField("Record the action", widget=GovSubmitInput())

    def validate_note(self, field):
        if self.kind.data in concerns.NOTE_REQUIRED and not (field.data or "").strip():
            raise ValidationError("Enter a note saying whom you contacted or to whom you escalated, and why")


class DeclarationForm(FlaskForm):
    confirm = GovCheckboxesField(
        "Declaration",
        "Confirm the declaration to send the report",
        choices=choices(
            {"yes": "I confirm that the information I am sending is correct and complete to the best of my knowledge"}
        ),
    )
    submit = SubmitField("Send the report", widget=GovSubmitInput())

    def validate_confirm(self, field):
        if field.data != ["yes"]:
            raise ValidationError("Confirm the declaration to send the report")


class BulkDeclarationForm(DeclarationForm):
    submit = SubmitField("Send the reports", widget=GovSubmitInput())

    def validate_confirm(self, field):
        if field.data != ["yes"]:
            raise ValidationError("Confirm the declaration to send the reports")


class BulkUploadForm(FlaskForm):
    key = HiddenField(
        validators=[
            DataRequired("Reload the page and select the files again"),
            Length(min=16, max=64, message="Reload the page and select the files again"),
        ]
    )
    manifest = FileField(
        "Manifest (optional)",
        widget=FileInputChosenAgain(),
        description="A CSV file with the columns urn, visit_date and file_name. Without one, "
        "name each file like SC123456_2025-03-14.pdf",
    )
    documents = MultipleFileField(
        "Report documents",
        widget=FileInputChosenAgain(multiple=True),
        description="Select every report. Each must be a PDF, DOCX or ODT file, smaller than 20 MB",
    )
    submit = SubmitField("Continue", widget=GovSubmitInput())
