"""The forms of notifications: the kind, each kind's own questions (made from its declaration in
``rules.KINDS``), the declaration, and the inspectorate's triage."""

import re
from functools import cache

from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextArea, GovTextInput
from wtforms import HiddenField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Optional, ValidationError

from portal.core import limits
from portal.core.formatting import uk_date
from portal.core.forms import (
    FileInputChosenAgain,
    GovCheckboxesField,
    GovDateField,
    GovRadioField,
    GovSelectField,
    PersonName,
    RequiredDate,
    at_most,
    choices,
)
from portal.notifications import rules
from portal.providers.models import SettingType

TEXT_MAX = limits.TEXT_MAX
_TIME = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")


class KindForm(FlaskForm):
    kind = GovRadioField("What do you need to tell the inspectorate?", "Select what you need to tell the inspectorate")
    submit = SubmitField("Continue", widget=GovSubmitInput())


def kind_form(setting_type: SettingType, role) -> KindForm:
    form = KindForm()
    form.kind.choices = choices({key: rules.KIND_BY_KEY[key].label for key in rules.offered(setting_type, role)})
    return form


def _text(label: str, message: str | None, description: str | None = None, limit: int = TEXT_MAX):
    required = [DataRequired(message)] if message else [Optional()]
    return TextAreaField(
        label, widget=GovTextArea(), description=description or "", validators=[*required, at_most(label, limit)]
    )


def _enter(question: str) -> str:
    """'What happened?' → 'Enter what happened'."""
    return "Enter " + question[0].lower() + question[1:].rstrip("?")


def _valid_time(_form, field):
    if field.data and not _TIME.match(field.data.strip()):
        raise ValidationError("Enter the time using the 24-hour clock, for example 14:30")


def children_hint(setting_type: SettingType) -> str:
    if setting_type == SettingType.RESIDENTIAL_FAMILY_CENTRE:
        return "Give how many children and parents, not their names, initials or dates of birth"
    return "Use initials or how many children, for example 'two children' or 'A.B.', never names or dates of birth"


def _detail_fields(spec: rules.Kind) -> dict:
    """The questions beyond the day and what happened that the kind declares it asks."""
    fields: dict = {}
    if spec.about_children:
        fields["children"] = _text("Which children are involved?", "Enter which children are involved", None, 500)
    if spec.told:
        fields["told"] = GovCheckboxesField(
            "Who else has been told?",
            "Select who else has been told, or 'No one else yet'",
            choices=choices(rules.TOLD),
            description="Select all that apply",
            validators=[DataRequired("Select who else has been told, or 'No one else yet'")],
        )
        fields["told_details"] = _text("Anything to add about who was told, and when (optional)", None)
    if spec.action:
        fields["action"] = _text(spec.action, spec.action_missing)
    if spec.enquiry:
        fields["enquiry"] = GovRadioField(
            "Has a child protection enquiry started?",
            "Select whether a child protection enquiry has started",
            choices=choices({"yes": "Yes", "no": "No", "not_known": "Not known yet"}),
            description="If one has, send its outcome as soon as it is known, from this notification's page.",
        )
    if spec.acting_manager:
        fields["acting_manager"] = StringField(
            spec.acting_manager,
            widget=GovTextInput(),
            description="Their name and job title",
            validators=[DataRequired(_enter(spec.acting_manager)), PersonName(), at_most("The name", 200)],
        )
    return fields


@cache
def notification_form(kind: str, update: bool = False) -> type[FlaskForm]:
    """The form of one kind of notification (or of an update to one), made once from its declaration."""
    spec = rules.KIND_BY_KEY[kind]
    fields: dict = {}
    if update:
        fields["reason"] = _text(
            "What has changed since the last version?",
            "Enter what has changed since the last version",
            "For example, the outcome of a strategy meeting. The earlier version stays as it was sent.",
            limits.REASON_MAX,
        )
    fields["on"] = GovDateField(
        spec.when.label, subject="The date", description=spec.when.hint, validators=[RequiredDate("Enter the date")]
    )
    if "at" in rules.asked(kind):
        fields["at"] = StringField(
            "Time (optional)",
            widget=GovTextInput(),
            description="Use the 24-hour clock, for example 14:30",
            validators=[Optional(), _valid_time],
        )
    if spec.until:
        fields["until"] = GovDateField(
            spec.until, subject="The date the manager is expected back", description="For example, 1 3 2027"
        )
    fields["what"] = _text(spec.what, spec.what_missing)
    fields |= _detail_fields(spec)
    document = "The new statement of purpose" if spec.document_required else "Documents (optional)"
    fields["documents"] = MultipleFileField(
        document,
        widget=FileInputChosenAgain(multiple=True),
        description="PDF, DOCX or ODT files, each smaller than 20 MB"
        + (". Without a new file, the documents already sent stay" if update else ""),
    )
    fields["submit"] = SubmitField("Continue", widget=GovSubmitInput())

    def validate_told(form, field):
        if "none" in (field.data or []) and len(field.data) > 1:
            raise ValidationError("Select 'No one else yet' on its own, or the people who were told")

    def validate_at(form, field):
        if field.data:
            field.data = field.data.strip().replace(".", ":")

    def answers(form) -> dict:
        given = {name: form[name].data for name in ANSWER_FIELDS if name in form}
        for name in ("what", "children", "told_details", "action", "acting_manager", "reason"):
            if name in given:
                given[name] = (given[name] or "").strip() or None
        if "told" in given:
            given["told"] = list(given["told"] or [])
        return given

    fields |= {"validate_told": validate_told, "validate_at": validate_at, "answers": answers}
    return type(f"{kind.title().replace('_', '')}Form", (FlaskForm,), fields)


ANSWER_FIELDS = (
    "reason",
    "on",
    "at",
    "until",
    "what",
    "children",
    "told",
    "told_details",
    "action",
    "enquiry",
    "acting_manager",
)


class DeclarationForm(FlaskForm):
    """The declaration of a notification; an update's names what it sends (``UpdateDeclarationForm``)."""

    confirm = GovCheckboxesField(
        "Declaration",
        "Confirm the declaration to send the notification",
        choices=choices(
            {"yes": "I confirm that the information I am sending is correct and complete to the best of my knowledge"}
        ),
    )
    submit = SubmitField("Send the notification", widget=GovSubmitInput())

    def validate_confirm(self, field):
        if field.data != ["yes"]:
            raise ValidationError("Confirm the declaration to send the notification")


class UpdateDeclarationForm(DeclarationForm):
    submit = SubmitField("Send the update", widget=GovSubmitInput())


class LinkReportForm(FlaskForm):
    report = GovSelectField(
        "Which visit report followed this concern?", "Select the visit report that followed this concern"
    )
    submit = SubmitField("Link the report", widget=GovSubmitInput())


def link_report_form(candidates, formdata=None) -> LinkReportForm:
    form = LinkReportForm() if formdata is None else LinkReportForm(formdata=formdata)
    form.report.choices = choices(
        {str(report.id): f"{report.reference}: visit of {uk_date(report.current_visit_date)}" for report in candidates}
    )
    return form


class TriageForm(FlaskForm):
    version = HiddenField()
    decision = GovRadioField(
        "What will the inspectorate do?", "Select what the inspectorate will do", choices=choices(rules.DECISIONS)
    )
    note = _text(
        "Note on the decision",
        "Enter a note on the decision",
        "Why, and who was contacted or referred to. The provider does not see this note.",
        limits.REASON_MAX,
    )
    submit = SubmitField("Record the triage", widget=GovSubmitInput())
