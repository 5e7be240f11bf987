"""Forms of the inspectorate's summary pages. The use cases in ``services`` check the rules
(R-CFS-1..3); these forms check what was typed and speak GOV.UK messages."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from portal.core import limits
from portal.core.formatting import uk_date
from portal.core.forms import FileInputChosenAgain, GovRadioField, GovSelectField, choices
from portal.summaries import rules, services

REASON_MAX = limits.REASON_MAX
DESCRIPTION_MAX = limits.NAME_MAX
NO_REQUEST = "none"


class SummaryForm(FlaskForm):
    """One textarea and one picture per fixed section (rules.SECTIONS); fields are added below."""

    submit = SubmitField("Save summary", widget=GovSubmitInput())
    # Half-written: kept as typed, with what is still missing; the final report waits for it.
    later = SubmitField("Save and finish later", widget=GovSubmitInput())

    def sections(self) -> dict[str, dict]:
        """What was typed, in the shape ``services.save`` and ``rules.advice`` take."""
        return {
            section.key: {
                "text": self[f"{section.key}_text"].data or "",
                "picture": self[f"{section.key}_picture"].data or section.picture,
            }
            for section in rules.SECTIONS
        }

    def fill(self, sections: dict[str, dict]) -> None:
        for section in rules.SECTIONS:
            given = sections.get(section.key) or {}
            self[f"{section.key}_text"].data = given.get("text", "")
            self[f"{section.key}_picture"].data = given.get("picture") or section.picture


for _section in rules.SECTIONS:
    setattr(
        SummaryForm,
        f"{_section.key}_text",
        TextAreaField(
            _section.title,
            widget=GovTextArea(),
            description=_section.hint,
            validators=[
                Length(
                    max=rules.SECTION_MAX,
                    message=f"'{_section.title}' must be {rules.SECTION_MAX:,} characters or fewer",
                )
            ],
        ),
    )
    setattr(
        SummaryForm,
        f"{_section.key}_picture",
        GovSelectField(
            f"Picture for '{_section.title}'",
            f"Select a picture for '{_section.title}'",
            choices=choices(rules.PICTURES),
            default=_section.picture,
        ),
    )


class NoSummaryForm(FlaskForm):
    reason = TextAreaField(
        "Why there is no child-friendly summary",
        widget=GovTextArea(),
        description="For example, no children were living at the home during the inspection.",
        validators=[
            DataRequired("Enter why there is no child-friendly summary"),
            Length(max=REASON_MAX, message=f"Reason must be {REASON_MAX:,} characters or fewer"),
        ],
    )


class AttachForm(FlaskForm):
    kind = GovRadioField(
        "What are you attaching?",
        "Select what you are attaching",
        choices=choices(
            {
                services.ADAPTED: "An adapted version (PDF, DOCX or ODT)",
                services.AUDIO: "A voice recording (MP3, M4A, OGG or WAV)",
            }
        ),
    )
    description = StringField(
        "Description",
        widget=GovTextInput(),
        description="For example, 'Large print with symbols' or 'Read aloud by the inspector'",
        validators=[
            DataRequired("Enter a short description, like 'Polish translation' or 'Large print with symbols'"),
            Length(max=DESCRIPTION_MAX, message=f"Description must be {DESCRIPTION_MAX} characters or fewer"),
        ],
    )
    upload = FileField("Upload the file", widget=FileInputChosenAgain())
    # Choices are the summary's open requests, set by the view; removed when there are none.
    request_id = GovSelectField(
        "Does this answer the provider's request?", "Select a request or 'Not answering a request'", choices=[]
    )
    submit = SubmitField("Attach the file", widget=GovSubmitInput())

    def set_requests(self, requests) -> None:
        if not requests:
            del self.request_id
            return
        self.request_id.choices = choices(
            {NO_REQUEST: "Not answering a request"}
            | {str(r.id): f"Asked for on {uk_date(r.requested_at)}: {r.reason[:80]}" for r in requests}
        )
        if not self.is_submitted():
            self.request_id.data = NO_REQUEST

    def chosen_request(self, requests):
        if self.request_id is None or self.request_id.data == NO_REQUEST:
            return None
        return next((r for r in requests if str(r.id) == self.request_id.data), None)


class AskProviderForm(FlaskForm):
    """R-CFS-2: the inspectorate asks the provider to adapt the summary, saying what is needed."""

    needed = TextAreaField(
        "What is needed?",
        widget=GovCharacterCount(),
        description="For example, a version with symbols for a child who uses Makaton, or a "
        "version in Polish. Do not write a child's name.",
        validators=[
            DataRequired("Enter what the provider needs to adapt"),
            Length(
                max=services.REQUEST_MAX, message=f"What is needed must be {services.REQUEST_MAX:,} characters or fewer"
            ),
        ],
    )
    submit = SubmitField("Ask the provider to adapt this summary", widget=GovSubmitInput())
