"""Forms of the inspectorate's report pages. The use cases in ``services`` check the rules; these
forms check what was typed and speak GOV.UK messages."""

from datetime import date

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextArea, GovTextInput
from wtforms import StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from portal.core.formatting import uk_date
from portal.core.forms import GovDateField, GovRadioField, RequiredDate, choices
from portal.reports import rules

SECTION_MAX = 50_000
ITEM_MAX = 2000
REASON_MAX = 2000
PARAGRAPH_HINT = "Separate paragraphs with a blank line. You can paste the text."


def _no_nul(value):
    """NUL characters are never meant and PostgreSQL refuses them in text: drop them."""
    return value.replace("\x00", "") if isinstance(value, str) else value


def _max(subject: str, limit: int) -> Length:
    return Length(max=limit, message=f"{subject} must be {limit:,} characters or fewer")


class SectionForm(FlaskForm):
    # Required or not is the section's own rule, checked by services.save_section.
    text = TextAreaField("Text of this section", filters=[_no_nul], widget=GovTextArea(),
                         description=PARAGRAPH_HINT,
                         validators=[_max("Text", SECTION_MAX)])
    submit = SubmitField("Save the section", widget=GovSubmitInput())


def judgements_form(areas: dict[str, str], grades: dict[str, str]) -> type[FlaskForm]:
    """One judgement question per area of this inspection (R-JUDGE-1..3 are checked by the service)."""

    class JudgementsForm(FlaskForm):
        submit = SubmitField("Save the judgements", widget=GovSubmitInput())

    for area, label in areas.items():
        setattr(JudgementsForm, area, GovRadioField(
            label, f"Select a judgement for {label.lower()}", choices=choices(grades)))
    return JudgementsForm


class RequirementForm(FlaskForm):
    text = TextAreaField("Requirement", filters=[_no_nul], widget=GovTextArea(),
                         description="What the registered person must do.",
                         validators=[DataRequired("Enter the requirement"), _max("Requirement", ITEM_MAX)])
    regulation = StringField("Regulation", filters=[_no_nul], widget=GovTextInput(),
                             description="For example, 12(1)(a)",
                             validators=[DataRequired("Enter the regulation, like 12(1)(a)"),
                                         _max("Regulation", 40)])
    comply_by = GovDateField("Date by which to comply", subject="Date to comply by",
                             description="For example, 31 1 2027",
                             validators=[RequiredDate("Enter the date by which to comply")])
    submit = SubmitField("Add the requirement", widget=GovSubmitInput())

    def __init__(self, *args, end_date: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.end_date = end_date

    def validate_comply_by(self, field):
        if field.data and self.end_date and field.data <= self.end_date:
            raise ValidationError(f"Date to comply by must be after the last day of the inspection, "
                                  f"{uk_date(self.end_date)}")


class RecommendationForm(FlaskForm):
    text = TextAreaField("Recommendation", filters=[_no_nul], widget=GovTextArea(),
                         validators=[DataRequired("Enter the recommendation"), _max("Recommendation", ITEM_MAX)])
    guide_page = StringField("Page of the guide", filters=[_no_nul], widget=GovTextInput(),
                             description="For example, 45",
                             validators=[DataRequired("Enter the page of the guide")])
    guide_paragraph = StringField("Paragraph of the guide", filters=[_no_nul], widget=GovTextInput(),
                                  description="For example, 9.7",
                                  validators=[DataRequired("Enter the paragraph of the guide, like 9.7"),
                                              _max("Paragraph", 20)])
    submit = SubmitField("Add the recommendation", widget=GovSubmitInput())

    def validate_guide_page(self, field):
        text = (field.data or "").strip()
        if not (text.isascii() and text.isdigit()):
            raise ValidationError("Page must be a whole number, like 45")
        if not 1 <= int(text) <= 999:
            raise ValidationError("Page must be between 1 and 999")


class IssueForm(FlaskForm):
    # Required only when a judgement changed since feedback (R-INSP-2): services.issue_draft says so.
    reasons = TextAreaField("Reasons the judgements differ from those given at feedback", filters=[_no_nul],
                            widget=GovTextArea(),
                            description="The provider sees these reasons before the draft itself.",
                            validators=[_max("Reasons", rules.TEXT_MAX)])
    submit = SubmitField("Issue the draft report", widget=GovSubmitInput())


class ExtendForm(FlaskForm):
    last_day = GovDateField("New last day to comment", subject="New last day",
                            description="The provider can comment until 11:59pm on this day.",
                            validators=[RequiredDate("Enter the new last day to comment")])
    reason = TextAreaField("Reason for the extension", filters=[_no_nul], widget=GovTextArea(),
                           description="The exceptional circumstances. The provider will see this.",
                           validators=[DataRequired("Enter the reason for the extension"),
                                       _max("Reason", REASON_MAX)])
    submit = SubmitField("Extend the time to comment", widget=GovSubmitInput())


class ResponseForm(FlaskForm):
    response = GovRadioField("Your response", "Select your response to the comment",
                             choices=choices(rules.RESPONSES))
    reason = TextAreaField("Reason for your response", filters=[_no_nul], widget=GovTextArea(),
                           description="The provider will see this with the final report.",
                           validators=[DataRequired("Enter the reason for your response"),
                                       _max("Reason", rules.TEXT_MAX)])
    submit = SubmitField("Save the response", widget=GovSubmitInput())


class ConfirmForm(FlaskForm):
    """A button that does one thing: start the report, remove an item, send the final report."""

    submit = SubmitField("Continue", widget=GovSubmitInput())
