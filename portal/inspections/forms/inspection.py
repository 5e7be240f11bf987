"""Forms of the inspection pages."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextArea, GovTextInput
from wtforms import HiddenField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from portal.accounts.roles import INSPECTORATES
from portal.core import limits
from portal.core.forms import GovCheckboxesField, GovDateField, GovRadioField, GovSelectField, RequiredDate, choices
from portal.inspections import deferrals, notice, rules

REASON_MAX = limits.REASON_MAX


class NewInspectionForm(FlaskForm):
    urn = StringField(
        "Setting URN",
        widget=GovTextInput(),
        description="For example, SC123456",
        validators=[
            DataRequired("Enter the setting's URN"),
            Length(max=8, message="URN must be 8 characters or fewer"),
        ],
    )
    inspection_type = GovRadioField(
        "Type of inspection", "Select the type of inspection", choices=choices(rules.INSPECTION_TYPES)
    )
    announced = GovRadioField(
        "Has the inspection been announced to the provider in advance?",
        "Select whether the inspection has been announced",
        description=notice.HINT,
        choices=choices(
            {
                "yes": "Yes, it is announced and has not started yet",
                "no": "No, it is unannounced and starts on site now",
            }
        ),
    )
    start_date = GovDateField(
        "Start date on site",
        subject="Start date",
        description="An unannounced inspection is entered on its first day on site, or later: "
        "today or a day in the past. An announced one starts after today. "
        "For example, 27 3 2027",
        validators=[RequiredDate("Enter the start date on site")],
    )
    lead_inspector_id = GovSelectField("Lead inspector", "Select the lead inspector")
    team = GovCheckboxesField(
        "Other members of the inspection team", "Select inspectors from the list", description="Select all that apply"
    )
    # The check-your-answers page's key when the answers are being changed from it.
    answers_key = HiddenField()
    submit = SubmitField("Continue", widget=GovSubmitInput())

    def __init__(self, *args, staff=(), **kwargs):
        super().__init__(*args, **kwargs)
        people = {str(person.id): person.name for person in staff}
        self.lead_inspector_id.choices = choices(people)
        # R-RPT-2, R-QA-2: partner inspectors (HMIP, CQC, further education and skills) join STC and SCH teams.
        self.team.choices = choices(
            {
                str(person.id): f"{person.name} ({INSPECTORATES.get(person.inspectorate or '', 'Inspector')})"
                for person in staff
            }
        )

    def validate_urn(self, field):
        field.data = (field.data or "").strip().upper()

    def answers(self) -> dict:
        """What the check-your-answers page shows and the inspection is created from."""
        return {
            "urn": self.urn.data,
            "inspection_type": self.inspection_type.data,
            "announced": self.announced.data,
            "start_date": self.start_date.data,
            "lead_inspector_id": self.lead_inspector_id.data,
            "team": list(self.team.data or []),
        }

    def fill(self, answers: dict) -> None:
        for name, value in answers.items():
            self[name].data = value


class ConfirmNewInspectionForm(FlaskForm):
    submit = SubmitField("Create inspection", widget=GovSubmitInput())


class WithdrawForm(FlaskForm):
    reason = TextAreaField(
        "Why is the inspection being withdrawn?",
        widget=GovTextArea(),
        description="For example, it was entered for the wrong setting. The provider will see "
        "this if they could see the inspection.",
        validators=[
            DataRequired("Enter why the inspection is being withdrawn"),
            Length(max=REASON_MAX, message=f"Reason must be {REASON_MAX:,} characters or fewer"),
        ],
    )
    submit = SubmitField("Withdraw the inspection", widget=GovSubmitInput())


class StartOnSiteForm(FlaskForm):
    start_date = GovDateField(
        "Start date on site", subject="Start date", validators=[RequiredDate("Enter the start date on site")]
    )
    submit = SubmitField("Record the start", widget=GovSubmitInput())


class RescheduleForm(FlaskForm):
    start_date = GovDateField(
        "New start date on site",
        subject="New start date",
        validators=[RequiredDate("Enter the new start date on site")],
    )
    submit = SubmitField("Reschedule the inspection", widget=GovSubmitInput())


class DeferralRequestForm(FlaskForm):
    reason = TextAreaField(
        "Why do you need the inspection to be deferred?",
        widget=GovTextArea(),
        validators=[
            DataRequired("Enter why you need the inspection to be deferred"),
            Length(max=REASON_MAX, message=f"Reason must be {REASON_MAX:,} characters or fewer"),
        ],
    )
    submit = SubmitField("Send the request", widget=GovSubmitInput())


class StcDeferralRequestForm(DeferralRequestForm):
    """R-INSP-3, S0 ¶165: an STC says which of the two grounds applies."""

    ground = GovRadioField(
        "Which ground for deferral applies?",
        "Select the ground for deferring the inspection",
        choices=choices(deferrals.ALLOWED_GROUNDS),
        description="Staff absence and accommodation issues, such as refurbishment, are not "
        "grounds for deferring a secure training centre's inspection.",
    )


def _text(label: str, limit: int, empty: str, too_long: str):
    return TextAreaField(
        label, widget=GovTextArea(), validators=[DataRequired(empty), Length(max=limit, message=too_long)]
    )


class DeferralDecisionForm(FlaskForm):
    decision = GovRadioField(
        "Decision",
        "Select whether to grant or refuse the request",
        choices=choices({"grant": "Grant: defer the inspection", "refuse": "Refuse"}),
    )
    reason = TextAreaField(
        "Reason for the decision",
        widget=GovTextArea(),
        description="The provider will see this.",
        validators=[
            DataRequired("Enter the reason for the decision"),
            Length(max=REASON_MAX, message=f"Reason must be {REASON_MAX:,} characters or fewer"),
        ],
    )
    submit = SubmitField("Record the decision", widget=GovSubmitInput())


class StcDeferralDecisionForm(DeferralDecisionForm):
    """R-INSP-3, S0 ¶165-166: the ground the request shows, and the partner inspectorates' views."""

    decision_ground = GovRadioField(
        "Which ground does the request show?",
        "Select the ground the request shows",
        choices=choices(deferrals.ALL_GROUNDS),
        description="Only the first two are grounds for deferring a secure training centre's inspection.",
    )
    hmip_consulted = StringField(
        "Who did you consult at HMIP?",
        widget=GovTextInput(),
        description="Name and role of the senior member of staff",
        validators=[
            DataRequired("Enter who you consulted at HMIP"),
            Length(
                max=deferrals.CONSULTED_MAX,
                message=f"Who you consulted at HMIP must be {deferrals.CONSULTED_MAX} characters or fewer",
            ),
        ],
    )
    hmip_view = _text(
        "What was HMIP's view?",
        deferrals.VIEW_MAX,
        "Enter the view of HMIP",
        f"The view of HMIP must be {deferrals.VIEW_MAX:,} characters or fewer",
    )
    cqc_consulted = StringField(
        "Who did you consult at CQC?",
        widget=GovTextInput(),
        description="Name and role of the senior member of staff",
        validators=[
            DataRequired("Enter who you consulted at CQC"),
            Length(
                max=deferrals.CONSULTED_MAX,
                message=f"Who you consulted at CQC must be {deferrals.CONSULTED_MAX} characters or fewer",
            ),
        ],
    )
    cqc_view = _text(
        "What was CQC's view?",
        deferrals.VIEW_MAX,
        "Enter the view of CQC",
        f"The view of CQC must be {deferrals.VIEW_MAX:,} characters or fewer",
    )

    def validate_decision_ground(self, field):
        if self.decision.data == "grant" and field.data in deferrals.REFUSED_GROUNDS:
            raise ValidationError(deferrals.NOT_A_GROUND)

    def partners(self) -> "deferrals.PartnerViews":
        return deferrals.PartnerViews(
            self.hmip_consulted.data, self.hmip_view.data, self.cqc_consulted.data, self.cqc_view.data
        )


def not_in_future(today):
    def check(_form, field):
        if field.data and field.data > today:
            raise ValidationError(f"{field.subject} must be today or in the past")

    return check
