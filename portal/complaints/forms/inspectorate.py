"""Forms of the inspectorate's complaint pages. The use cases in ``services`` and ``concerns`` check
the rules (R-CMP-3..5); these forms check what was typed and speak GOV.UK messages."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextArea
from wtforms import SubmitField, TextAreaField
from wtforms.validators import DataRequired, Optional

from portal.complaints import rules
from portal.core.forms import GovRadioField, at_most, choices

INVESTIGATOR_MESSAGE = "Select an investigator"


class _InvestigatorField(GovRadioField):
    """An empty answer gets "Select an investigator" once, not twice (choice check and required)."""

    def pre_validate(self, form):
        if self.data:
            super().pre_validate(form)


class AssignForm(FlaskForm):
    investigator = _InvestigatorField("Who will investigate the complaint?", INVESTIGATOR_MESSAGE)
    submit = SubmitField("Assign the investigator", widget=GovSubmitInput())

    def __init__(self, *args, staff=(), team_ids=frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        # Everyone is listed: R-CMP-4 is the service's rule, and its refusal names the person.
        self.investigator.choices = choices(
            {
                str(person.id): f"{person.name}, {person.role_enum.label.lower()}"
                + (" (on the inspection team)" if person.id in team_ids else "")
                for person in staff
            }
        )


class AnswerForm(FlaskForm):
    finding = GovRadioField("Finding", "Select whether the point is upheld", choices=choices(rules.FINDINGS))
    reasons = TextAreaField(
        "Reasons for the finding",
        widget=GovTextArea(),
        description="The provider will see these reasons in the response.",
        validators=[DataRequired("Enter the reasons for the finding"), at_most("Reasons", rules.TEXT_MAX)],
    )
    action_taken = TextAreaField(
        "Action taken (optional)",
        widget=GovTextArea(),
        description="For example, guidance given to the inspector or a change to the report.",
        validators=[Optional(), at_most("Action taken", rules.TEXT_MAX)],
    )
    submit = SubmitField("Save the answer", widget=GovSubmitInput())


class RespondForm(FlaskForm):
    overall_response = TextAreaField(
        "Overall response",
        widget=GovTextArea(),
        description="A summary for the provider. Each point's answer is sent with it.",
        validators=[DataRequired("Enter the overall response"), at_most("Overall response", rules.TEXT_MAX)],
    )
    submit = SubmitField("Send the response", widget=GovSubmitInput())


class ReplyForm(FlaskForm):
    reply = TextAreaField(
        "Your reply",
        widget=GovTextArea(),
        description="The provider will be told there is a reply.",
        validators=[DataRequired("Enter your reply"), at_most("Your reply", rules.TEXT_MAX)],
    )
    submit = SubmitField("Send the reply", widget=GovSubmitInput())


class ConfirmForm(FlaskForm):
    """A button that does one thing: acknowledge or close a complaint."""

    submit = SubmitField("Continue", widget=GovSubmitInput())
