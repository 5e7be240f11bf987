"""Forms of a report's requirements and recommendations. Each form checks every field at once with
the same pure rule the use case applies again (``portal.inspection_reports.improvements``), so an inspector
sees all the problems in one go; the use case stays the one that decides."""

from datetime import date

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput, GovTextArea, GovTextInput
from wtforms import HiddenField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import Length

from portal.core import limits
from portal.core.forms import GovDateField, GovRadioField, choices
from portal.inspection_reports import improvements

FIELD_MAX = limits.NAME_MAX  # what any short field accepts before the rule says what is wrong with it


def _short(label: str, hint: str, **kwargs) -> StringField:
    return StringField(
        label,
        widget=GovTextInput(),
        description=hint,
        validators=[Length(max=FIELD_MAX, message=f"{label} must be {FIELD_MAX} characters or fewer")],
        **kwargs,
    )


def _attach(form: FlaskForm, errors: dict[str, str]) -> bool:
    for name, message in errors.items():
        field = form._fields.get(name)
        if field is not None and not field.errors:
            field.errors = [*field.errors, message]
    return not any(name in form._fields for name in errors)


class RequirementForm(FlaskForm):
    text = TextAreaField(
        "Requirement",
        widget=GovTextArea(),
        description="What the registered person must do to correct the breach.",
    )
    regulation = _short("Regulation", "The number of the regulation, with its paragraphs, for example 12(1)(a)")
    comply_by = GovDateField(
        "Date by which to comply",
        subject="Date to comply by",
        description="It may fall before the report reaches the provider: then give it at "
        "feedback. For example, 31 1 2027",
    )
    key = HiddenField()
    submit = SubmitField("Save the requirement", widget=GovSubmitInput())

    def __init__(self, *args, setting_type=None, end_date: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.setting_type, self.end_date = setting_type, end_date
        instrument = improvements.requirement_instrument(setting_type) if setting_type else None
        if instrument:
            self.regulation.description = (
                f"The number of a regulation of {instrument.title}, with its paragraphs, for example 12(1)(a)"
            )

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if not improvements.may_make_requirements(self.setting_type):
            return valid  # an STC: the use case refuses, with the reason (R-RPT-6)
        _item, errors = improvements.requirement_item(
            self.setting_type, self.text.data, self.regulation.data, self.comply_by.data, self.end_date
        )
        return _attach(self, errors) and valid


def recommendation_form(setting_type) -> type[FlaskForm]:
    """The recommendation form of this setting type: what it may cite (R-RPT-7) and the documents."""
    citations = improvements.citation_choices(setting_type)
    documents = improvements.guidance_choices(setting_type)

    class RecommendationForm(FlaskForm):
        text = TextAreaField(
            "Recommendation",
            widget=GovTextArea(),
            description="Enough detail for the registered person to know what to do, "
            "summarising the part of the document it refers to.",
        )
        cites = GovRadioField(
            "What does the recommendation refer to?",
            "Select what the recommendation refers to",
            required=False,
            choices=choices(citations),
        )
        guide_page = _short("Page of the Guide", "For example, 45")
        guide_paragraph = _short("Paragraph of the Guide", "For example, 9.7")
        standard = _short("Standard", "The number of the standard, for example 12 or 12.3")
        document = SelectField(
            "Guidance",
            widget=GovSelect(),
            validate_choice=False,
            choices=choices({"": "Select the guidance"} | documents),
        )
        section = _short(
            "Paragraph or section (optional)", "As the report should print it, for example paragraph 12 or chapter 3"
        )
        key = HiddenField()
        submit = SubmitField("Save the recommendation", widget=GovSubmitInput())

        def chosen(self) -> str:
            """What it cites: as selected, else the setting type's own document (the Guide, the NMS)
            or, for an STC, the guidance that is its only choice."""
            return self.cites.data if len(citations) > 1 and self.cites.data else next(iter(citations))

        def fields(self) -> dict:
            return {
                "cites": self.chosen(),
                "text": self.text.data,
                "guide_page": self.guide_page.data,
                "guide_paragraph": self.guide_paragraph.data,
                "standard": self.standard.data,
                "document": self.document.data,
                "section": self.section.data,
            }

        def validate(self, extra_validators=None) -> bool:
            valid = super().validate(extra_validators)
            _item, errors = improvements.recommendation_item(setting_type, **self.fields())
            return _attach(self, errors) and valid

    RecommendationForm.citations, RecommendationForm.documents = citations, documents
    return RecommendationForm


class ConfirmForm(FlaskForm):
    """A button that does one thing (remove an item), carrying the item it was shown for."""

    key = HiddenField()
    submit = SubmitField("Continue", widget=GovSubmitInput())


class MoveForm(FlaskForm):
    key = HiddenField()
    direction = HiddenField()
