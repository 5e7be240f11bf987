"""Sign-in, password and two-factor forms."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovSubmitInput, GovTextInput
from wtforms import BooleanField, EmailField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from portal.accounts import twofactor
from portal.accounts.passwords import password_problem


class SignInForm(FlaskForm):
    email = EmailField(
        "E-mail address",
        widget=GovTextInput(),
        validators=[
            DataRequired("Enter your e-mail address"),
            Length(max=254, message="E-mail address must be 254 characters or fewer"),
        ],
    )
    password = PasswordField(
        "Password",
        widget=GovPasswordInput(),
        validators=[
            DataRequired("Enter your password"),
            Length(max=256, message="Password must be 256 characters or fewer"),
        ],
    )
    submit = SubmitField("Sign in", widget=GovSubmitInput())


class PasswordResetRequestForm(FlaskForm):
    email = EmailField(
        "E-mail address",
        widget=GovTextInput(),
        validators=[
            DataRequired("Enter your e-mail address"),
            Length(max=254, message="E-mail address must be 254 characters or fewer"),
            Email("Enter an e-mail address in the correct format, like name@example.com", check_deliverability=False),
        ],
    )
    submit = SubmitField("Send the link", widget=GovSubmitInput())


class PasswordChoiceForm(FlaskForm):
    """A form where someone chooses a password: checked against the rules and their e-mail."""

    def __init__(self, *args, email: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self._email = email

    def validate_password(self, field):
        problem = password_problem(field.data or "", self._email)
        if problem:
            raise ValidationError(problem)


class NewPasswordForm(PasswordChoiceForm):
    password = PasswordField(
        "New password",
        widget=GovPasswordInput(),
        description="Use 12 characters or more. A few unrelated words make a strong password.",
        validators=[DataRequired("Enter a new password")],
    )
    confirm = PasswordField(
        "Confirm new password",
        widget=GovPasswordInput(),
        validators=[DataRequired("Confirm your new password"), EqualTo("password", "Passwords must match")],
    )
    submit = SubmitField("Set password", widget=GovSubmitInput())


CODE_HINT = "The 6-digit code shown in your authenticator app, for example 123 456"


class TwoFactorCodeForm(FlaskForm):
    code = StringField(
        "Code from your authenticator app",
        widget=GovTextInput(),
        description=CODE_HINT,
        validators=[
            DataRequired("Enter the 6-digit code from your authenticator app"),
            Length(max=20, message="Enter the 6-digit code from your authenticator app"),
        ],
    )
    remember = BooleanField("Do not ask for a code on this device")  # drawn by the template, with the days
    submit = SubmitField("Continue", widget=GovSubmitInput())

    def validate_code(self, field):
        if not twofactor.is_well_formed(field.data):
            raise ValidationError("The code must be 6 digits, like 123 456")


class RecoveryCodeForm(FlaskForm):
    recovery_code = StringField(
        "Recovery code",
        widget=GovTextInput(),
        description="One of the recovery codes you saved when you set up two-factor sign-in, "
        "for example abcde-fghjk. Each code works once.",
        validators=[
            DataRequired("Enter one of your recovery codes"),
            Length(max=40, message="Recovery codes are 10 letters and numbers, like abcde-fghjk"),
        ],
    )
    submit = SubmitField("Continue", widget=GovSubmitInput())


class SetUpCodeForm(FlaskForm):
    code = StringField(
        "Code from your authenticator app",
        widget=GovTextInput(),
        description=CODE_HINT,
        validators=[
            DataRequired("Enter the 6-digit code from your authenticator app"),
            Length(max=20, message="Enter the 6-digit code from your authenticator app"),
        ],
    )
    submit = SubmitField("Turn on two-factor sign-in", widget=GovSubmitInput())

    def validate_code(self, field):
        if not twofactor.is_well_formed(field.data):
            raise ValidationError("The code must be 6 digits, like 123 456")


class TurnOffForm(SetUpCodeForm):
    submit = SubmitField("Turn off two-factor sign-in", widget=GovSubmitInput())


class ConfirmForm(FlaskForm):
    """A button alone: the CSRF token is the only field."""

    submit = SubmitField("Continue", widget=GovSubmitInput())
