"""Pure rules of the next steps after an inadequate or serious-concern judgement (R-NEXT-1..7):
which judgements start them, and each setting type's steps with their dates from the feedback day.

Dates the frameworks give are worked out; a step the frameworks want done "promptly" or "always"
has no date. ``shared`` marks what the rules say goes to the provider (letters forwarded to it,
the STC director's copy, the return visit), which the provider sees with its date.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from portal.core.workdays import add_months, add_working_days
from portal.inspections import rules as inspection_rules
from portal.providers.models import SettingType

SCH, CH = SettingType.SECURE_CHILDRENS_HOME, SettingType.CHILDRENS_HOME
RFC, STC = SettingType.RESIDENTIAL_FAMILY_CENTRE, SettingType.SECURE_TRAINING_CENTRE


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    rule: str
    due: date | None = None  # the last day; None: "promptly" or "always", no date given
    window_from: date | None = None  # a visit's window opens on this day (R-NEXT-6, R-NEXT-7)
    shared: bool = False  # the provider sees it (what the rules say goes to the provider)
    told: str | None = None  # how the provider's page says it, where the inspectorate's words would puzzle


def triggered(
    setting_type: SettingType, inspection_type: str, provisional: dict[str, str], outcome: dict[str, str] | None = None
) -> bool:
    """Inadequate overall (a full inspection, or a monitoring visit's new judgement), serious
    (and/or) widespread concerns at an assurance inspection, or at an STC's monitoring visit
    (R-NEXT-1, R-NEXT-4, R-NEXT-5, R-NEXT-7)."""
    if provisional.get(inspection_rules.OVERALL) == inspection_rules.INADEQUATE:
        return True
    if inspection_type == inspection_rules.ASSURANCE and setting_type != RFC:
        return provisional.get(inspection_rules.ASSURANCE_AREA) == inspection_rules.SERIOUS
    if inspection_type == inspection_rules.MONITORING and setting_type == STC:
        return (outcome or {}).get("concerns") == inspection_rules.SERIOUS
    return False


def steps(setting_type: SettingType, inspection_type: str, feedback: date) -> list[Step]:
    """The steps, in order, for an inspection whose judgement ``triggered`` them, from the feedback day."""
    if setting_type == STC:
        return _stc(feedback)
    if setting_type == RFC:
        return _rfc(feedback)
    return _home(setting_type, inspection_type, feedback)


def _stc(feedback: date) -> list[Step]:
    published_by = feedback + timedelta(days=7)
    return [
        Step("senior_managers", "Ofsted, HMIP and CQC senior managers notified", "R-NEXT-1", feedback),
        Step("moj_told", "The MoJ and the YCS told the provisional judgement", "R-NEXT-1", feedback),
        Step(
            "chief_inspectors", "The three chief inspectors decide whether to issue an urgent notification", "R-NEXT-1"
        ),
        Step(
            "urgent_letter",
            "Urgent notification letter to the Secretary of State for Justice, at least 24 hours before it is "
            "published, with the director's copy at the same time (otherwise an unpublished letter, copied to "
            "the director)",
            "R-NEXT-2",
            published_by - timedelta(days=1),
            shared=True,
            told="The inspectorate's urgent notification letter to the Secretary of State for Justice, with a copy "
            "to you at the same time",
        ),
        Step(
            "urgent_published",
            "Urgent notification published on GOV.UK, within 7 calendar days of the feedback",
            "R-NEXT-2",
            published_by,
            shared=True,
            told="The urgent notification published on GOV.UK",
        ),
        Step(
            "secretary_of_state",
            "The Secretary of State's public response, within 28 days of the urgent notification",
            "R-NEXT-2",
            published_by + timedelta(days=28),
            shared=True,
            told="The Secretary of State's public response to the urgent notification",
        ),
        Step("review_meeting", "Urgent review meeting with the MoJ (and the YCS if not publicly run)", "R-NEXT-3"),
        Step(
            "inspection_activity",
            "Further inspection activity, usually within 8 weeks",
            "R-NEXT-3",
            feedback + timedelta(weeks=8),
            shared=True,
            told="The next inspection activity, usually within 8 weeks",
        ),
    ]


def _home(setting_type: SettingType, inspection_type: str, feedback: date) -> list[Step]:
    case_review = add_working_days(feedback, 5)
    secure = setting_type == SCH
    assurance = inspection_type == inspection_rules.ASSURANCE
    # R-NEXT-5: after an assurance inspection the e-mail goes by the end of the next working day.
    email_due = add_working_days(feedback, 1) if assurance else case_review
    to = "the YCS and the directors of children's services" if secure else "the directors of children's services"
    found = [
        Step("debrief", "Post-inspection debrief", "R-NEXT-4", feedback),
        Step("case_review", "Case review, within 5 working days", "R-NEXT-4", case_review),
    ]
    if secure:
        found.append(Step("dfe", "The DfE informed", "R-NEXT-4"))
    found += [
        Step(
            "authorities_alerted",
            "Placing authorities of the children placed, and the home's local authority, alerted",
            "R-NEXT-4",
        ),
        Step(
            "dcs_email",
            f"E-mail to {to}, then a call; the e-mail forwarded to the provider",
            "R-NEXT-5" if assurance else "R-NEXT-4",
            email_due,
            shared=True,
            told=f"The inspectorate's e-mail to {to}, forwarded to you",
        ),
        Step("commissioner", "The Children's Commissioner e-mailed (not forwarded)", "R-NEXT-4"),
        Step(
            "return_visit",
            "A monitoring visit or full inspection within 6 to 8 weeks (sooner if there are new concerns)",
            "R-NEXT-6",
            feedback + timedelta(weeks=8),
            window_from=feedback + timedelta(weeks=6),
            shared=True,
            told="The inspectorate's return: a monitoring visit or a full inspection (sooner if there are new "
            "concerns)",
        ),
        Step(
            "full_reinspection",
            "If a full inspection is chosen, usually within 16 weeks of the original",
            "R-NEXT-6",
            feedback + timedelta(weeks=16),
            shared=True,
            told="If the return is a full inspection, it is usually by this date",
        ),
    ]
    return found


def _rfc(feedback: date) -> list[Step]:
    case_review = add_working_days(feedback, 5)
    return [
        Step("debrief", "Post-inspection debrief", "R-NEXT-7", feedback),
        Step("case_review", "Case review, within 5 working days", "R-NEXT-7", case_review),
        Step(
            "authorities_alerted",
            "Placing authorities of the families now placed, and of families assessed there in the last 6 "
            "months, alerted",
            "R-NEXT-7",
        ),
        Step(
            "dcs_email",
            "E-mail to the directors of children's services after the case review, then a call; the e-mail "
            "forwarded to the centre",
            "R-NEXT-7",
            case_review,
            shared=True,
            told="The inspectorate's e-mail to the directors of children's services, forwarded to you",
        ),
        Step("monitoring_visit", "A monitoring visit, if the concerns are serious", "R-NEXT-7", shared=True),
        Step(
            "full_reinspection",
            "A full re-inspection within 6 to 12 months, if assessment is inadequate",
            "R-NEXT-7",
            add_months(feedback, 12),
            window_from=add_months(feedback, 6),
            shared=True,
            told="A full re-inspection, if assessment was judged inadequate",
        ),
    ]


DONE, NOT_NEEDED = "done", "not_needed"
OUTCOMES = {DONE: "Done", NOT_NEEDED: "Not needed"}
