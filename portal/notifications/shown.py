"""What a notification says, as rows of label and answer: for check your answers, its page and
its receipt alike, so all three show the same thing."""

from datetime import date

from portal.core.formatting import uk_date
from portal.notifications import rules
from portal.notifications.models import NotificationDraft, NotificationVersion

DATE_ANSWERS = ("on", "until")
_ANCHORS = {"on": "on-day", "until": "until-day"}


def answer_rows(kind: str, answers: dict) -> list[tuple[str, str, str]]:
    """(label, answer, the question's id) for each question the kind asks, in the form's order."""
    spec = rules.KIND_BY_KEY[kind]
    rows = [(spec.when.label.rstrip("?"), uk_date(answers.get("on")) if answers.get("on") else "", "on")]
    if "at" in answers:
        rows.append(("Time", answers.get("at") or "Not given", "at"))
    if spec.until:
        rows.append(("Expected back", uk_date(answers["until"]) if answers.get("until") else "Not known", "until"))
    rows.append((spec.what.rstrip("?"), answers.get("what") or "", "what"))
    if spec.about_children:
        rows.append(("Children involved", answers.get("children") or "", "children"))
    if spec.told:
        named = [rules.TOLD.get(key, key) for key in answers.get("told") or []]
        told = ", ".join(name if n == 0 else name[0].lower() + name[1:] for n, name in enumerate(named))
        rows.append(("Also told", told, "told"))
        if answers.get("told_details"):
            rows.append(("More about who was told", answers["told_details"], "told_details"))
    if spec.action:
        rows.append((spec.action.rstrip("?"), answers.get("action") or "", "action"))
    if spec.enquiry:
        enquiry = {"yes": "Yes", "no": "No", "not_known": "Not known yet"}.get(answers.get("enquiry") or "", "")
        rows.append(("Child protection enquiry started", enquiry, "enquiry"))
    if spec.acting_manager:
        rows.append((spec.acting_manager.rstrip("?"), answers.get("acting_manager") or "", "acting_manager"))
    return [(label, value, _ANCHORS.get(anchor, anchor)) for label, value, anchor in rows]


def answers_of(written: NotificationDraft | NotificationVersion) -> dict:
    """The answers of a draft or a version, with their days as dates again."""
    answers = dict(written.answers)
    for key in DATE_ANSWERS:
        if answers.get(key):
            answers[key] = date.fromisoformat(answers[key])
    return answers
