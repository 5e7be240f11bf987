"""Form fields and validators shared by every capability, speaking GOV.UK error messages."""

import re
import unicodedata
from datetime import date

from govuk_frontend_wtf.wtforms_widgets import GovCheckboxesInput, GovDateInput, GovFileInput, GovRadioInput, GovSelect
from markupsafe import Markup, escape
from sqlalchemy.orm.exc import StaleDataError
from wtforms import DateField, RadioField, SelectField, SelectMultipleField, ValidationError
from wtforms.validators import InputRequired, Length, Optional

from portal.core.limits import NAME_MAX
from portal.core.use_cases import Refusal
from portal.extensions import db


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
            missing = [
                name for name, part in zip(("day", "month", "year"), [*parts, "", "", ""], strict=False) if not part
            ]
            raise ValueError(f"{self.subject} must include a {missing[0] if missing else 'day'}")
        try:
            day, month, year = (int(part) for part in parts)
            if year < 1000:
                raise ValueError
            self.data = date(year, month, day)
        except (ValueError, OverflowError):
            self.data = None
            raise ValueError(f"{self.subject} must be a real date") from None


CHOOSE_AGAIN = "Choose the file again: a browser never keeps a chosen file when the page shows a problem."


class FileInputChosenAgain(GovFileInput):  # type: ignore[misc]  # govuk-frontend-wtf has no type hints
    """A file chooser that, when the page comes back with a problem elsewhere, says the file the
    person had chosen must be chosen again (browsers clear the field; nothing was stored)."""

    def map_gov_params(self, field, **kwargs):
        params = super().map_gov_params(field, **kwargs)
        chosen = field.data if isinstance(field.data, list) else [field.data]
        if not field.errors and any(getattr(item, "filename", None) for item in chosen):
            before = f"{escape(field.description)}<br>" if field.description else ""
            params["hint"] = {"html": Markup(f"{before}<strong>{CHOOSE_AGAIN}</strong>")}
        return params


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


class RadiosRevealing(GovRadioInput):  # type: ignore[misc]  # govuk-frontend-wtf has no type hints
    """Radios whose answers reveal a follow-up question beneath them (GOV.UK conditional reveal):
    ``form.conflict(reveal={"yes": form.conflict_details()})``.

    Without JavaScript every follow-up shows (and the server ignores one whose answer was not
    chosen). With it, static/js/portal.mjs shows only the chosen answer's. GOV.UK Frontend's own
    toggle is not used: it sets ``aria-expanded`` on the radio, which ARIA does not allow on a
    radio and axe-core reports; the follow-up comes straight after its radio in reading order.
    """

    def __call__(self, field, **kwargs):
        html = super().__call__(field, **kwargs)
        return Markup(str(html).replace('data-aria-controls="', 'data-app-reveal="'))

    def map_gov_params(self, field, **kwargs):
        reveal = kwargs.pop("reveal", None) or {}
        params = super().map_gov_params(field, **kwargs)
        if not (params.get("hint") or {}).get("text", "x").strip():
            params.pop("hint")  # no empty hint for the radios to be described by
        for item in params.get("items", []):
            if item.get("value") in reveal:
                item["conditional"] = {"html": reveal[item["value"]]}
        return params


class GovRadioField(_ChoiceMessage, RadioField):
    def __init__(self, label, message: str, required: bool = True, **kwargs):
        validators = [InputRequired(message)] if required else [Optional()]
        super().__init__(label, widget=RadiosRevealing(), validators=validators, **kwargs)
        self.choice_message = message


class GovSelectField(_ChoiceMessage, SelectField):
    """A required select whose first option is an empty "Choose one": nothing is chosen for the
    person (a lead inspector, a paragraph) unless a default says so, and a required select is
    valid HTML (its first option must be empty). Sending the empty option gets ``message``."""

    PLACEHOLDER = "Choose one"

    def __init__(self, label, message: str, **kwargs):
        super().__init__(label, widget=GovSelect(), validators=[InputRequired(message)], **kwargs)
        self.choice_message = message

    def iter_choices(self):
        options = list(super().iter_choices())
        yield ("", self.PLACEHOLDER, not any(option[2] for option in options), {})
        yield from options


class GovCheckboxesField(_ChoiceMessage, SelectMultipleField):
    def __init__(self, label, message: str, **kwargs):
        super().__init__(label, widget=GovCheckboxesInput(), **kwargs)
        self.choice_message = message


def at_most(subject: str, limit: int) -> Length:
    """The GOV.UK message for text over ``limit``: "Reason must be 2,000 characters or fewer"."""
    return Length(max=limit, message=f"{subject} must be {limit:,} characters or fewer")


def error_summary(form) -> dict:
    """The GOV.UK error summary for ``form``; a date's link goes to its day input."""
    from govuk_frontend_wtf.main import wtforms_errors

    summary = wtforms_errors(form)
    dates = {f"#{field.id}" for field in form if isinstance(field, GovDateField)}
    for item in summary["errorList"]:
        if item["href"] in dates:
            item["href"] += "-day"
    return summary


def show_refusal(error: Refusal, form, problems: list, anchor: str | None = None, field=None) -> None:
    """Put a use case's refusal on the page: on the form field it names (or ``field``, where the
    page draws that field itself), else in ``problems`` for the error summary, linking to ``anchor``
    where one is given. Every view shows refusals this way, so a message never goes missing."""
    target = field if field is not None else _field_named(form, error.field)
    if target is not None:
        target.errors = [*target.errors, error.message]
    elif anchor is None:
        problems.append({"text": error.message})
    else:
        problems.append({"text": error.message, "href": anchor})


def _field_named(form, name: str | None):
    if form is None or not name or name == "csrf_token":
        return None
    return form._fields.get(name)


def run_use_case(
    form, use_case, refusal: type[Refusal], concurrent: str, anchor: str = "#main-content"
) -> tuple[bool, list[dict]]:
    """Run one use case for a view. A ``refusal`` goes on the field it names, or becomes a
    page-level problem (``show_refusal``); a change that lost a race with another
    (StaleDataError) becomes the ``concurrent`` message. Nothing of a refused change is kept."""
    problems: list[dict] = []
    try:
        use_case()
    except refusal as error:
        db.session.rollback()
        show_refusal(error, form, problems, anchor)
    except StaleDataError:
        db.session.rollback()
        show_refusal(Refusal(concurrent), form, problems, anchor)
    else:
        return True, []
    return False, problems


NAME_ONE_LINE = "Enter a name without line breaks or hidden characters"
NAME_NO_LINKS = "Enter a name without web addresses"
NAME_TOO_LONG = f"Name must be {NAME_MAX} characters or fewer"
# Joiners some scripts (Persian, the Indic scripts) need to spell a name; they reorder nothing.
_JOINERS = frozenset("\u200c\u200d")
_DOTS = "[.\u3002\uff0e\uff61]"  # and the full stops mail programs also read as one
_LABEL = r"[^\W_](?:[\w-]*[^\W_])?"
_DOMAIN = re.compile(rf"{_LABEL}(?:{_DOTS}{_LABEL})*{_DOTS}[^\W\d_]{{2,63}}(?![\w-])")


def person_name_problem(name: str | None) -> str | None:
    """Why ``name`` cannot be a person's name, or None. Names go into e-mails sent to any address
    (an invitation), so they are one line of text and carry no link (OWASP ASVS 5.1.3, 5.2.2;
    DESIGN.md convention 9): no control or format character (line breaks, tabs, bidi overrides,
    line and paragraph separators), nothing a mail program would make a link (``://``, ``www.``,
    a dotted name like ``example.com``), at most 200 characters. Initials (``J.R. Hartley``) and
    a full stop followed by a space (``St. John``) are names."""
    name = name or ""
    for char in name:
        if char in _JOINERS:
            continue
        if unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"):
            return NAME_ONE_LINE
    if len(name) > NAME_MAX:
        return NAME_TOO_LONG
    folded = unicodedata.normalize("NFKC", name).casefold()
    if "://" in folded or re.search(rf"www{_DOTS}", folded) or _DOMAIN.search(folded) or "@" in folded:
        return NAME_NO_LINKS
    return None


class PersonName:
    """WTForms validator for every field where someone types a person's name: the GOV.UK message
    of ``person_name_problem``. Empty answers are left to the field's DataRequired."""

    def __call__(self, form, field):
        problem = person_name_problem(field.data) if field.data else None
        if problem:
            raise ValidationError(problem)
