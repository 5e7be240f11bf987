"""The provider's forms for a child-friendly summary: ask for an adapted version, add a translation (R-CFS-2).

Messages match the use cases' own, which check everything again: the form answers first so that
every field's problem is shown at once.
"""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import GovCharacterCount, GovFileInput, GovSubmitInput, GovTextInput
from wtforms import StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from portal.reports.forms import one_newline

REASON_MAX = 2000
LANGUAGE_MAX = 200


class AdaptationForm(FlaskForm):
    reason = TextAreaField("Why do you need an adapted version?", widget=GovCharacterCount(), filters=[one_newline],
                           description="For example, a child who uses Makaton, or a child who reads Polish",
                           validators=[DataRequired("Enter why an adapted version is needed"),
                                       Length(max=REASON_MAX,
                                              message=f"Reason must be {REASON_MAX:,} characters or fewer")])
    submit = SubmitField("Ask for an adapted version", widget=GovSubmitInput())


class TranslationForm(FlaskForm):
    language = StringField("Language or description", widget=GovTextInput(),
                           description="Language or description, like 'Polish translation'",
                           validators=[DataRequired("Enter a short description, like 'Polish translation' or "
                                                    "'Large print with symbols'"),
                                       Length(max=LANGUAGE_MAX,
                                              message=f"Description must be {LANGUAGE_MAX} characters or fewer")])
    upload = FileField("The translated summary", widget=GovFileInput(), validators=[FileRequired("Select a file")],
                       description="A PDF, DOCX or ODT file, smaller than 20 MB")
    submit = SubmitField("Add the translation", widget=GovSubmitInput())
