"""Forms of the team pages: invite, change a member, accept an invitation, confirm an action."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxInput, GovPasswordInput, GovSubmitInput, GovTextInput
from wtforms import BooleanField, EmailField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from portal.accounts.forms import PasswordChoiceForm
from portal.accounts.roles import Role
from portal.core.forms import GovCheckboxesField, GovRadioField, PersonName, choices
from portal.providers.rules import has_independent_person
from portal.providers.team import NO_INDEPENDENT_PERSON, TEAM_ROLES

ROLE_MESSAGE = "Select registered manager or independent person"
SETTINGS_MESSAGE = "Select the settings they work at"
DELEGATE_LABEL = "They may send comments on draft reports (registered managers only)"


def _name_field(label: str, hint: str | None = None):
    return StringField(
        label,
        widget=GovTextInput(),
        description=hint or "",
        validators=[
            DataRequired("Enter their full name" if label == "Full name" else "Enter your full name"),
            PersonName(),
        ],
    )  # one line, no links, at most 200 characters: it goes into e-mails


# Made before the role and settings fields, so the invite form (and its error summary) asks for
# the name and address first: WTForms orders fields by when they were made.
_NAME = _name_field("Full name")
_EMAIL = EmailField(
    "E-mail address",
    widget=GovTextInput(),
    description="The invitation is sent here.",
    validators=[
        DataRequired("Enter their e-mail address"),
        Length(max=254, message="E-mail address must be 254 characters or fewer"),
        Email("Enter an e-mail address in the correct format, like name@example.com", check_deliverability=False),
    ],
)


class _RoleAndSettings(FlaskForm):
    role = GovRadioField("Role", ROLE_MESSAGE, choices=choices(TEAM_ROLES))
    settings = GovCheckboxesField(
        "Settings they work at",
        "Select settings from the list",
        description="Select all that apply. They see only these settings.",
    )
    submits_draft_comments = BooleanField(DELEGATE_LABEL, widget=GovCheckboxInput())

    def __init__(self, *args, settings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.settings.choices = choices({str(s.id): f"{s.name} ({s.urn})" for s in settings})
        self._types = {str(s.id): s.setting_type for s in settings}

    def validate_settings(self, field):
        if not field.data:
            raise ValidationError(SETTINGS_MESSAGE)
        if self.role.data == Role.INDEPENDENT_PERSON.value and not all(
            has_independent_person(self._types[value]) for value in field.data if value in self._types
        ):
            raise ValidationError(NO_INDEPENDENT_PERSON)  # R-ROLE-2

    def setting_ids(self) -> list[int]:
        return [int(value) for value in self.settings.data or []]


class InviteForm(_RoleAndSettings):
    name = _NAME
    email = _EMAIL
    submit = SubmitField("Continue", widget=GovSubmitInput())


class MemberForm(_RoleAndSettings):
    submit = SubmitField("Save changes", widget=GovSubmitInput())


class AcceptForm(PasswordChoiceForm):
    name = _name_field("Your full name", "Check it is spelt as you would like it shown to the inspectorate.")
    password = PasswordField(
        "Password",
        widget=GovPasswordInput(),
        description="Use 12 characters or more. A few unrelated words make a strong password.",
        validators=[DataRequired("Enter a password")],
    )
    confirm = PasswordField(
        "Confirm password",
        widget=GovPasswordInput(),
        validators=[DataRequired("Confirm your password"), EqualTo("password", "Passwords must match")],
    )
    submit = SubmitField("Create account", widget=GovSubmitInput())


class ConfirmForm(FlaskForm):
    """A button that only a page of the portal can post (CSRF)."""

    submit = SubmitField("Confirm", widget=GovSubmitInput())
