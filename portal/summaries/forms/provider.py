"""The provider's forms for a child-friendly summary: ask for an adapted version, add a translation or the
adapted version the inspectorate asked for (R-CFS-2).

Messages match the use cases' own, which check everything again: the form answers first so that
every field's problem is shown at once.
"""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import GovCharacterCount, GovSubmitInput, GovTextInput
from wtforms import StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from portal.core import limits
from portal.core.formatting import uk_date
from portal.core.forms import FileInputChosenAgain, GovSelectField, choices
from portal.inspection_reports.forms.provider import one_newline

REASON_MAX = limits.REASON_MAX
LANGUAGE_MAX = limits.NAME_MAX
NO_REQUEST = "none"


class AdaptationForm(FlaskForm):
    reason = TextAreaField(
        "Why do you need an adapted version?",
        widget=GovCharacterCount(),
        filters=[one_newline],
        description="For example, a child who uses Makaton, or a child who reads Polish",
        validators=[
            DataRequired("Enter why an adapted version is needed"),
            Length(max=REASON_MAX, message=f"Reason must be {REASON_MAX:,} characters or fewer"),
        ],
    )
    submit = SubmitField("Ask for an adapted version", widget=GovSubmitInput())


class TranslationForm(FlaskForm):
    language = StringField(
        "Language or description",
        widget=GovTextInput(),
        description="Language or description, like 'Polish translation'",
        validators=[
            DataRequired("Enter a short description, like 'Polish translation' or 'Large print with symbols'"),
            Length(max=LANGUAGE_MAX, message=f"Description must be {LANGUAGE_MAX} characters or fewer"),
        ],
    )
    upload = FileField(
        "The translated or adapted summary",
        widget=FileInputChosenAgain(),
        validators=[FileRequired("Select a file")],
        description="A PDF, DOCX or ODT file, smaller than 20 MB",
    )
    # The inspectorate's open requests to adapt the summary (R-CFS-2), set by the view; removed when none.
    request_id = GovSelectField(
        "Does this answer the inspectorate's request to adapt the summary?",
        "Select a request or 'Not answering a request'",
        choices=[],
    )
    submit = SubmitField("Add the file", widget=GovSubmitInput())

    def set_requests(self, requests, chosen: str | None = None) -> None:
        if not requests:
            del self.request_id
            return
        self.request_id.choices = choices(
            {NO_REQUEST: "Not answering a request"}
            | {str(r.id): f"Asked on {uk_date(r.requested_at)}: {r.reason[:80]}" for r in requests}
        )
        if not self.is_submitted():
            self.request_id.data = chosen if chosen in {str(r.id) for r in requests} else NO_REQUEST

    def chosen_request(self, requests):
        if self.request_id is None or self.request_id.data == NO_REQUEST:
            return None
        return next((r for r in requests if str(r.id) == self.request_id.data), None)
