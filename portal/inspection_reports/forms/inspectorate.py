"""Forms of the inspectorate's report pages. The use cases in ``services`` check the rules; these
forms check what was typed and speak GOV.UK messages."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextArea, GovTextInput
from wtforms import StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, ValidationError

from portal.core import limits
from portal.core.forms import GovDateField, GovRadioField, RequiredDate, at_most, choices
from portal.inspection_reports import rules
from portal.inspections import rules as inspection_rules

SECTION_MAX = 50_000
ITEM_MAX = limits.REASON_MAX
REASON_MAX = limits.REASON_MAX
PARAGRAPH_HINT = "Separate paragraphs with a blank line. You can paste the text."


class SectionForm(FlaskForm):
    # Required or not is the section's own rule, checked by services.save_section.
    text = TextAreaField(
        "Text of this section",
        widget=GovTextArea(),
        description=PARAGRAPH_HINT,
        validators=[at_most("Text", SECTION_MAX)],
    )
    submit = SubmitField("Save the section", widget=GovSubmitInput())


def section_form(contributors: dict[int, str] | None) -> type[FlaskForm]:
    """The section's text, and for a partner inspectorate's contribution who wrote it (R-RPT-2)."""
    if not contributors:
        return SectionForm

    class ContributedSectionForm(SectionForm):
        written_by = GovRadioField(
            "Who wrote this section?",
            "Select who wrote this section",
            choices=[SelectChoice(str(key), label) for key, label in contributors.items()],
        )

    return ContributedSectionForm


YES_NO = {"yes": "Yes", "no": "No"}


def judgements_form(areas: dict[str, str], grades_of, new_judgement: bool = False) -> type[FlaskForm]:
    """One judgement question per area (R-JUDGE-1..3, R-JUDGE-6 are checked by the service).

    ``grades_of(area)`` gives the grades an area may take. At an SCH, CH or RFC monitoring visit
    (``new_judgement``) the grades are asked only when the visit makes a new judgement (R-JUDGE-5).
    """

    class JudgementsForm(FlaskForm):
        submit = SubmitField("Save the judgements", widget=GovSubmitInput())

    if new_judgement:
        JudgementsForm.new_judgement = GovRadioField(
            "Does this visit make a new judgement?",
            "Select whether this visit makes a new judgement",
            choices=choices(YES_NO),
        )
    for area, label in areas.items():
        setattr(
            JudgementsForm,
            area,
            GovRadioField(
                label,
                f"Select a judgement for {label.lower()}",
                required=not new_judgement,
                choices=choices(grades_of(area)),
            ),
        )
    return JudgementsForm


class NoChildrenForm(FlaskForm):
    """R-JUDGE-4: whether any child has lived in the home since it was registered."""

    children = GovRadioField(
        "Have any children lived in the home since it was registered?",
        "Select whether any children have lived in the home since it was registered",
        choices=choices(YES_NO),
    )


class OutcomeForm(FlaskForm):
    """R-JUDGE-7: an STC monitoring visit's outcome instead of a judgement."""

    progress = GovRadioField(
        "Progress since the last inspection",
        "Select whether there was improvement or continued concern",
        choices=choices(inspection_rules.MONITORING_PROGRESS),
    )
    concerns = GovRadioField(
        "Were serious and/or widespread concerns found?",
        "Select whether serious and/or widespread concerns were found",
        choices=choices(inspection_rules.ASSURANCE_GRADES),
    )
    submit = SubmitField("Save the outcome", widget=GovSubmitInput())


class IssueForm(FlaskForm):
    # Required only when a judgement changed since feedback (R-INSP-2): sending.issue_draft says so.
    reasons = TextAreaField(
        "Reasons the judgements differ from those given at feedback",
        widget=GovTextArea(),
        description="The provider sees these reasons before the draft itself.",
        validators=[at_most("Reasons", rules.TEXT_MAX)],
    )
    submit = SubmitField("Issue the draft report", widget=GovSubmitInput())


class ExtendForm(FlaskForm):
    last_day = GovDateField(
        "New last day to comment",
        subject="New last day",
        description="A working day. The provider can comment until 11:59pm on it.",
        validators=[RequiredDate("Enter the new last day to comment")],
    )
    reason = TextAreaField(
        "Reason for the extension",
        widget=GovTextArea(),
        description="The exceptional circumstances. The provider will see this.",
        validators=[DataRequired("Enter the reason for the extension"), at_most("Reason", REASON_MAX)],
    )
    submit = SubmitField("Extend the time to comment", widget=GovSubmitInput())


def _paragraph_list(form, field):
    try:
        rules.paragraph_list(field.data)
    except ValueError:
        raise ValidationError("Enter paragraph numbers of the draft report, like 4, 7 or 4-6") from None


class ResponseForm(FlaskForm):
    response = GovRadioField("Your response", "Select your response to the comment", choices=choices(rules.RESPONSES))
    # R-DR-4: whether these are needed depends on the response; sending.respond checks them
    # against the draft's paragraphs.
    paragraphs = StringField(
        "Paragraphs the final report amends",
        widget=GovTextInput(),
        description="If you accepted the comment in full or in part: the paragraph numbers of "
        "the draft you change, for example 4, 7 or 4-6. Leave empty if you "
        "did not accept it.",
        validators=[at_most("Paragraphs", 200), _paragraph_list],
    )
    reason = TextAreaField(
        "Reason for your response",
        widget=GovTextArea(),
        description="The provider will see this with the final report.",
        validators=[DataRequired("Enter the reason for your response"), at_most("Reason", rules.TEXT_MAX)],
    )
    submit = SubmitField("Save the response", widget=GovSubmitInput())


class FinalForm(FlaskForm):
    # Required only when a judgement changed since the draft: sending.send_final says so.
    reasons = TextAreaField(
        "Reasons the judgements differ from those in the draft report",
        widget=GovTextArea(),
        description="The provider sees these reasons with the final report. They are not published.",
        validators=[at_most("Reasons", rules.TEXT_MAX)],
    )


class ConfirmForm(FlaskForm):
    """A button that does one thing: start the report, remove an item, send the final report."""

    submit = SubmitField("Continue", widget=GovSubmitInput())
