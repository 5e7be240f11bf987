"""The provider's forms for the draft report: a comment, sending the return, and delegation."""

from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from govuk_frontend_wtf.wtforms_widgets import GovCharacterCount, GovSubmitInput
from wtforms import HiddenField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from portal.core.forms import FileInputChosenAgain, GovCheckboxesField, GovRadioField, GovSelectField, choices
from portal.inspection_reports import rules

KEY_MESSAGE = "Reload the page and enter your comment again"
EVIDENCE_HINT = "PDF, DOCX, ODT, JPEG or PNG files, each smaller than 20 MB. You can select more than one."
SNIPPET = 60


def one_newline(value):
    """Browsers send line breaks as CRLF; count them as one character, as the page's counter does."""
    return value.replace("\r\n", "\n") if isinstance(value, str) else value


def snippet(text: str, length: int = SNIPPET) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= length else text[:length].rsplit(" ", 1)[0] + "…"


def number(value) -> int:
    """A paragraph number as typed or posted; anything else is 0, which no paragraph has."""
    value = str(value or "").strip()
    try:
        return int(value) if value.isdecimal() and len(value) < 7 else 0
    except ValueError:
        return 0


def paragraph_choices(draft: dict) -> list:
    options = {"": "Select a paragraph"}
    options |= {str(p["number"]): f"{p['number']}. {snippet(p['text'])}" for p in draft["paragraphs"]}
    return choices(options)


class CommentForm(FlaskForm):
    key = HiddenField(validators=[DataRequired(KEY_MESSAGE), Length(max=64, message=KEY_MESSAGE)])
    paragraph = GovSelectField(
        "Paragraph",
        "Select a paragraph of the draft report",
        description="The numbered paragraph of the draft your comment is about",
    )
    kind = GovRadioField(
        "What kind of comment is this?",
        "Select what kind of comment this is",
        choices=choices(rules.COMMENT_KINDS),
        description="Choose the one that fits best",
    )
    text = TextAreaField(
        "Your comment",
        widget=GovCharacterCount(),
        filters=[one_newline],
        validators=[
            DataRequired("Enter your comment"),
            Length(max=rules.TEXT_MAX, message=f"Comment must be {rules.TEXT_MAX:,} characters or fewer"),
        ],
    )
    proposed_wording = TextAreaField(
        "Proposed wording (optional)",
        widget=GovCharacterCount(),
        filters=[one_newline],
        description="The wording you think the paragraph should have",
        validators=[
            Optional(),
            Length(max=rules.TEXT_MAX, message=f"Proposed wording must be {rules.TEXT_MAX:,} characters or fewer"),
        ],
    )
    evidence = MultipleFileField(
        "Evidence (optional)", widget=FileInputChosenAgain(multiple=True), description=EVIDENCE_HINT
    )
    submit = SubmitField("Save comment", widget=GovSubmitInput())

    def __init__(self, *args, draft: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.paragraph.choices = paragraph_choices(draft)

    def paragraph_number(self) -> int:
        return number(self.paragraph.data)


class AutosaveForm(FlaskForm):
    """What autosave receives: checked by the use case itself, which never stores invalid input."""

    key = HiddenField(validators=[DataRequired(KEY_MESSAGE), Length(max=64, message=KEY_MESSAGE)])
    paragraph = StringField()
    kind = StringField()
    text = StringField(filters=[one_newline])
    proposed_wording = StringField(filters=[one_newline])

    def paragraph_number(self) -> int:
        return number(self.paragraph.data)


class DeleteCommentForm(FlaskForm):
    submit = SubmitField("Yes, delete this comment", widget=GovSubmitInput())


CONFIRM_COMMENTS = (
    "I confirm these comments are accurate and complete, and that I am authorised to send them for the provider"
)
CONFIRM_NONE = "I confirm that the provider has no comments on the draft report"


class SendForm(FlaskForm):
    """Two forms on one page: send the comments, or confirm there are none (R-DR-2)."""

    choice = HiddenField()
    confirm = GovCheckboxesField(
        "Declaration", "Confirm the declaration to send the comments", choices=choices({"yes": CONFIRM_COMMENTS})
    )
    confirm_none = GovCheckboxesField(
        "No comments", "Confirm that you have no comments", choices=choices({"yes": CONFIRM_NONE})
    )
    submit = SubmitField("Send the comments", widget=GovSubmitInput())
    submit_none = SubmitField("Confirm we have no comments", widget=GovSubmitInput())

    def validate_choice(self, field):
        if field.data not in ("comments", "none"):
            raise ValidationError("Reload the page and try again")

    def validate_confirm(self, field):
        if self.choice.data == "comments" and field.data != ["yes"]:
            raise ValidationError("Confirm the declaration to send the comments")

    def validate_confirm_none(self, field):
        if self.choice.data == "none" and field.data != ["yes"]:
            raise ValidationError("Confirm that you have no comments")

    @property
    def no_comments(self) -> bool:
        return self.choice.data == "none"

    def confirm_field(self):
        return self.confirm_none if self.no_comments else self.confirm


class DelegatesForm(FlaskForm):
    managers = GovCheckboxesField(
        "Registered managers who can send comments on draft reports",
        "Select registered managers from the list",
        description="Select all that apply. Leave all unticked so that only responsible individuals send comments.",
    )
    submit = SubmitField("Save", widget=GovSubmitInput())

    def __init__(self, *args, managers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.managers.choices = choices({str(user.id): f"{user.name} ({user.email})" for user in managers})
