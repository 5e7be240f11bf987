"""Form fields and validators shared by every capability, speaking GOV.UK error messages."""

from datetime import date

from govuk_frontend_wtf.wtforms_widgets import GovCheckboxesInput, GovDateInput, GovRadioInput, GovSelect
from wtforms import DateField, RadioField, SelectField, SelectMultipleField, ValidationError
from wtforms.validators import InputRequired, Optional


class GovDateField(DateField):
    """A day/month/year date with GOV.UK messages ("… must be a real date")."""

    widget = GovDateInput()

    def __init__(self, label=None, validators=None, subject: str | None = None, **kwargs):
        super().__init__(label, validators, format="%d %m %Y", **kwargs)
        self.subject = subject or (label or "Date")

    def process_formdata(self, valuelist):
        if len(valuelist) != 3:
            # Not sent by this form (parts missing or repeated): the widget shows empty parts.
            self.raw_data = None
        if not valuelist or not any(part.strip() for part in valuelist):
            self.data = None
            return
        parts = [part.strip() for part in valuelist]
        if len(parts) != 3 or not all(parts):
            self.data = None
            missing = [name for name, part in zip(("day", "month", "year"), parts + [""] * 3) if not part]
            raise ValueError(f"{self.subject} must include a {missing[0] if missing else 'day'}")
        try:
            day, month, year = (int(part) for part in parts)
            if year < 1000:
                raise ValueError
            self.data = date(year, month, day)
        except (ValueError, OverflowError):
            self.data = None
            raise ValueError(f"{self.subject} must be a real date") from None


class RequiredDate:
    """Required date: 'Enter …' when all three parts are empty."""

    def __init__(self, message: str):
        self.message = message

    def __call__(self, form, field):
        if field.data is None and not field.errors:
            raise ValidationError(self.message)


def choices(options: dict[str, str]) -> list:
    """WTForms choices from a {value: label} mapping (SelectChoice, as WTForms 3.3 prefers)."""
    from wtforms.fields.choices import SelectChoice

    return [SelectChoice(value, label) for value, label in options.items()]


class _ChoiceMessage:
    """A tampered or missing choice gets the field's own GOV.UK message, not "Not a valid choice"."""

    def pre_validate(self, form):
        values = {str(choice.value) for choice in self.choices}
        submitted = self.data if isinstance(self.data, list) else [self.data]
        if any(str(value) not in values for value in submitted if value is not None):
            raise ValidationError(self.choice_message)


class GovRadioField(_ChoiceMessage, RadioField):
    def __init__(self, label, message: str, required: bool = True, **kwargs):
        validators = [InputRequired(message)] if required else [Optional()]
        super().__init__(label, widget=GovRadioInput(), validators=validators, **kwargs)
        self.choice_message = message


class GovSelectField(_ChoiceMessage, SelectField):
    def __init__(self, label, message: str, **kwargs):
        super().__init__(label, widget=GovSelect(), validators=[InputRequired(message)], **kwargs)
        self.choice_message = message


class GovCheckboxesField(_ChoiceMessage, SelectMultipleField):
    def __init__(self, label, message: str, **kwargs):
        super().__init__(label, widget=GovCheckboxesInput(), **kwargs)
        self.choice_message = message


def error_summary(form) -> dict:
    """The GOV.UK error summary for ``form``; a date's link goes to its day input."""
    from govuk_frontend_wtf.main import wtforms_errors

    summary = wtforms_errors(form)
    dates = {f"#{field.id}" for field in form if isinstance(field, GovDateField)}
    for item in summary["errorList"]:
        if item["href"] in dates:
            item["href"] += "-day"
    return summary


def run_use_case(form, use_case, refusal: type[Exception], concurrent: str,
                 anchor: str = "#main-content") -> tuple[bool, list[dict]]:
    """Run one use case for a view. A ``refusal`` (an error with ``message`` and ``field``) goes on
    the field it names, or becomes a page-level problem; a change that lost a race with another
    (StaleDataError) becomes the ``concurrent`` message. Nothing of a refused change is kept."""
    from sqlalchemy.orm.exc import StaleDataError

    from portal.extensions import db

    try:
        use_case()
    except refusal as error:
        db.session.rollback()
        message, field = error.message, error.field
    except StaleDataError:
        db.session.rollback()
        message, field = concurrent, None
    else:
        return True, []
    target = form._fields.get(field) if form is not None and field and field != "csrf_token" else None
    if target is None:
        return False, [{"text": message, "href": anchor}]
    target.errors = list(target.errors) + [message]
    return False, []
