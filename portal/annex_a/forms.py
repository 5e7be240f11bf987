"""Forms built from the schema: one question page per section, and the contacts list."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextArea, GovTextInput
from wtforms import HiddenField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from portal.annex_a import rules
from portal.annex_a.schema import CATEGORIES, CHOICE, TEXT, Item, Section
from portal.core import limits
from portal.core.forms import (
    FileInputChosenAgain,
    GovCheckboxesField,
    GovDateField,
    GovRadioField,
    RequiredDate,
    choices,
)
from portal.providers.models import SettingType


def _checked(item: Item, section_key: str, setting_type: SettingType):
    def check(form, field):
        try:
            field.parsed = rules.parse_item(item, field.data, section_key, setting_type)
        except rules.ItemProblem as problem:
            field.parsed = None
            raise ValidationError(str(problem)) from None

    return check


def _field(item: Item, section_key: str, setting_type: SettingType, required: bool = False):
    validators = [DataRequired(f"Enter {item.label[0].lower()}{item.label[1:]}")] if required else []
    validators.append(_checked(item, section_key, setting_type))
    if item.kind == CHOICE:
        # Optional until the Annex A is returned, so a section can be saved part done.
        return GovRadioField(
            item.label,
            f"Select {item.label[0].lower()}{item.label[1:]}",
            required=False,
            choices=choices({c: c for c in item.choices}),
            description=item.hint,
        )
    if item.kind == CATEGORIES:
        return GovCheckboxesField(
            item.label,
            f"Select {item.label.lower()} from the list",
            choices=choices({c: c for c in item.choices}),
            description=item.hint,
            validators=validators[-1:],
        )
    if item.kind == TEXT and not item.one_line:
        return TextAreaField(item.label, widget=GovTextArea(), description=item.hint, validators=validators)
    return StringField(item.label, widget=GovTextInput(), description=item.hint, validators=validators)


def _parsed(field, item: Item, section_key: str, setting_type: SettingType):
    if item.kind == CHOICE:
        return rules.parse_item(item, field.data, section_key, setting_type)
    return getattr(field, "parsed", None)


def section_form(section: Section, items: tuple[Item, ...], setting_type: SettingType) -> type[FlaskForm]:
    """A form with one question for each item of ``section`` that applies to the setting; every
    free-text answer about children passes the privacy check for ``setting_type`` (R-AXA-5)."""

    class SectionForm(FlaskForm):
        submit = SubmitField("Save and continue", widget=GovSubmitInput())

        def values(self) -> dict:
            return {item.key: _parsed(getattr(self, item.key), item, section.key, setting_type) for item in items}

    for item in items:
        setattr(SectionForm, item.key, _field(item, section.key, setting_type))
    SectionForm.items = items
    return SectionForm


def list_form(section: Section, setting_type: SettingType) -> type[FlaskForm]:
    """One row of a list section: a contact, or a case of the case list (R-AXA-7)."""
    items = section.list_items_for(setting_type)

    class RowForm(FlaskForm):
        submit = SubmitField(f"Add the {section.noun}", widget=GovSubmitInput())

        def values(self) -> dict:
            return {item.key: _parsed(getattr(self, item.key), item, section.key, setting_type) for item in items}

    for item in items:
        setattr(RowForm, item.key, _field(item, section.key, setting_type, required=item.required))
    RowForm.items = items
    return RowForm


class SpreadsheetForm(FlaskForm):
    workbook = FileField(
        "Upload the completed spreadsheet",
        widget=FileInputChosenAgain(),
        description="The Annex A spreadsheet downloaded from this page, as an .xlsx file",
    )
    submit = SubmitField("Upload and check", widget=GovSubmitInput())


class ReturnForm(FlaskForm):
    key = HiddenField(validators=[DataRequired("Reload the page and try again")])
    confirm = GovCheckboxesField(
        "Declaration",
        "Confirm the declaration to return the Annex A",
        choices=choices({"yes": "I confirm that this Annex A is accurate and complete to the best of my knowledge"}),
    )
    submit = SubmitField("Return the Annex A", widget=GovSubmitInput())

    def validate_confirm(self, field):
        if field.data != ["yes"]:
            raise ValidationError("Confirm the declaration to return the Annex A")


class RequestForm(FlaskForm):
    due_date = GovDateField("Due date", subject="Due date", validators=[RequiredDate("Enter the due date")])
    due_time = StringField(
        "Due time",
        widget=GovTextInput(),
        description="In UK time, like 17:00",
        validators=[DataRequired("Enter the due time")],
    )
    override_reason = TextAreaField(
        "Why is Annex A needed at this inspection?",
        widget=GovTextArea(),
        description="Needed only for assurance inspections and monitoring visits",
        validators=[Length(max=limits.REASON_MAX, message=f"Reason must be {limits.REASON_MAX:,} characters or fewer")],
    )
    submit = SubmitField("Request Annex A", widget=GovSubmitInput())
    time_subject = "Due time"

    def validate_due_time(self, field):
        try:
            hours, minutes = (int(part) for part in (field.data or "").strip().replace(".", ":").split(":"))
            if not (0 <= hours < 24 and 0 <= minutes < 60):
                raise ValueError
        except ValueError:
            raise ValidationError(f"{self.time_subject} must be a real time, like 17:00") from None
        field.parsed = (hours, minutes)


class UpdateRequestForm(RequestForm):
    reason = TextAreaField(
        "What is inaccurate or missing?",
        widget=GovTextArea(),
        description="The provider will see this.",
        validators=[
            DataRequired("Enter what is inaccurate or missing"),
            Length(max=limits.REASON_MAX, message=f"Reason must be {limits.REASON_MAX:,} characters or fewer"),
        ],
    )
    override_reason = None
    submit = SubmitField("Ask for an updated version", widget=GovSubmitInput())


class DueTimeChangeForm(RequestForm):
    """R-AXA-2: a new due time for an open request, and why; the provider is sent both."""

    seen_due = HiddenField()
    due_date = GovDateField("New due date", subject="New due date", validators=[RequiredDate("Enter the new due date")])
    due_time = StringField(
        "New due time",
        widget=GovTextInput(),
        description="In UK time, like 17:00. It must be later than now.",
        validators=[DataRequired("Enter the new due time")],
    )
    reason = TextAreaField(
        "Why is the due time changing?",
        widget=GovTextArea(),
        description="The provider is sent this and sees it on their Annex A page.",
        validators=[
            DataRequired("Enter why the due time is changing"),
            Length(max=limits.REASON_MAX, message=f"Reason must be {limits.REASON_MAX:,} characters or fewer"),
        ],
    )
    override_reason = None
    submit = SubmitField("Change the due time", widget=GovSubmitInput())
    time_subject = "New due time"
