"""Sign-in and password forms."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovSubmitInput, GovTextInput
from wtforms import EmailField, PasswordField, SubmitField
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from portal.accounts.passwords import password_problem


class SignInForm(FlaskForm):
    email = EmailField("E-mail address", widget=GovTextInput(),
                       validators=[DataRequired("Enter your e-mail address"), Length(max=254, message="E-mail address must be 254 characters or fewer")])
    password = PasswordField("Password", widget=GovPasswordInput(),
                             validators=[DataRequired("Enter your password"), Length(max=256, message="Password must be 256 characters or fewer")])
    submit = SubmitField("Sign in", widget=GovSubmitInput())


class PasswordResetRequestForm(FlaskForm):
    email = EmailField("E-mail address", widget=GovTextInput(), validators=[
        DataRequired("Enter your e-mail address"),
        Length(max=254, message="E-mail address must be 254 characters or fewer"),
        Email("Enter an e-mail address in the correct format, like name@example.com", check_deliverability=False),
    ])
    submit = SubmitField("Send the link", widget=GovSubmitInput())


class NewPasswordForm(FlaskForm):
    password = PasswordField("New password", widget=GovPasswordInput(),
                             description="Use 12 characters or more. A few unrelated words make a strong password.",
                             validators=[DataRequired("Enter a new password")])
    confirm = PasswordField("Confirm new password", widget=GovPasswordInput(),
                            validators=[DataRequired("Confirm your new password"),
                                        EqualTo("password", "Passwords must match")])
    submit = SubmitField("Set password", widget=GovSubmitInput())

    def __init__(self, *args, email: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self._email = email

    def validate_password(self, field):
        problem = password_problem(field.data or "", self._email)
        if problem:
            raise ValidationError(problem)
