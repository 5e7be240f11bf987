"""The judgements given at feedback, at the end of the on-site inspection: recorded after the
inspector has checked them, and corrected with a reason until the draft report is sent. A
correction is a new record beside the judgements first given, which are never changed, and the
provider is shown it and told (R-INSP-2 compares the draft against the set in force; DESIGN.md
convention 6)."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.exc import IntegrityError

from portal.accounts.models import User
from portal.core import audit, limits, outbox
from portal.core.formatting import uk_datetime
from portal.core.links import absolute_url
from portal.extensions import db
from portal.inspections import rules, services
from portal.inspections.models import FeedbackJudgementCorrection, Inspection
from portal.inspections.services import InspectionError
from portal.providers.models import SettingType
from portal.providers.people import responsible_people

REASON_MAX = limits.REASON_MAX
DRAFT_SENT_CLOSED = (
    "The draft report has been sent, so the judgements given at feedback can no longer be "
    "corrected. A judgement that changes in the report needs its reason given with the draft."
)
NOT_ENDED = (
    "Only the judgements of an inspection that has ended, and whose draft report has not been sent, can be corrected."
)
CORRECTED_MEANWHILE = (
    "Someone else corrected these judgements while you were checking yours. "
    "Look at the judgements as they now stand and correct them again if you need to."
)
NOTHING_CHANGED = "Change at least one judgement: these are the judgements already recorded"


@dataclass(frozen=True)
class Questions:
    """The judgement questions of an inspection's feedback."""

    areas: dict[str, str]
    optional: bool
    graded_as: str
    setting_type: SettingType

    def grades_of(self, area: str) -> dict[str, str]:
        return rules.area_grades(self.setting_type, self.graded_as, area)

    def label(self, grade: str | None) -> str:
        return rules.grade_label(grade, self.setting_type) if grade else "No new judgement"


def questions(inspection: Inspection) -> Questions:
    """R-JUDGE-5: an SCH, CH or RFC monitoring visit may give a new judgement, as at a full
    inspection, so its questions may all be left; an STC's gives none (R-JUDGE-7)."""
    setting_type, kind = inspection.setting.type_enum, inspection.inspection_type
    optional = kind == rules.MONITORING and rules.may_give_monitoring_judgement(setting_type)
    graded_as = rules.FULL if optional else kind
    return Questions(rules.judgement_areas(setting_type, graded_as), optional, graded_as, setting_type)


def answers_of(form, areas: dict[str, str]) -> dict[str, str]:
    """The judgements a form gives, in report order; a question left blank gives none."""
    return {area: form[area].data for area in areas if form[area].data}


def judgement_problems(inspection: Inspection, judgements: dict[str, str]) -> dict[str, str]:
    """Every problem with a set of judgements, by area (R-JUDGE-1, 2, 5, 6 in rules.judgement_errors)."""
    return rules.judgement_errors(judgements, inspection.setting.type_enum, inspection.inspection_type)


def _lock(inspection: Inspection) -> None:
    """Read the inspection again, holding its row until commit, so two requests act one after the other."""
    db.session.refresh(inspection, with_for_update=True)


def record_end(inspection: Inspection, end_date: date, judgements: dict[str, str], actor: User, now: datetime) -> bool:
    """Record the end and the judgements once they have been checked. False when they were already
    recorded (the same form posted again, or by a colleague at the same moment): nothing is stored twice."""
    _lock(inspection)
    if inspection.status != rules.ON_SITE:
        db.session.rollback()
        return False
    services.end_inspection(inspection, end_date, judgements, actor, now)
    return True


ENDED_OR_LATER = frozenset({rules.ENDED, rules.DRAFT_SENT, rules.FINAL_SENT})


def correction_closed(inspection: Inspection) -> str | None:
    """Why the judgements given at feedback cannot be corrected now, or None: only after the
    end is recorded and until the draft report is sent."""
    if inspection.draft_sent_at is not None or inspection.status in (rules.DRAFT_SENT, rules.FINAL_SENT):
        return DRAFT_SENT_CLOSED
    if inspection.status != rules.ENDED:
        return NOT_ENDED
    return None


def correct(
    inspection: Inspection, judgements: dict[str, str], reason: str, based_on: int, actor: User, now: datetime
) -> FeedbackJudgementCorrection | None:
    """Record a correction of the judgements given at feedback, audited, and tell the provider.
    ``based_on`` is the number of corrections the user saw; None is returned for the same
    correction posted twice (it was recorded the first time)."""
    _lock(inspection)
    closed = correction_closed(inspection)
    if closed:
        raise InspectionError(closed)
    reason = (reason or "").strip()
    if not reason:
        raise InspectionError("Enter why the judgements are corrected", "reason")
    if len(reason) > REASON_MAX:
        raise InspectionError(f"Reason must be {REASON_MAX:,} characters or fewer", "reason")
    corrections = inspection.judgement_corrections
    if based_on != len(corrections):
        latest = corrections[-1] if corrections else None
        if latest is not None and latest.after == judgements and latest.reason == reason:
            return None
        raise InspectionError(CORRECTED_MEANWHILE)
    before = inspection.provisional()
    if judgements == before:
        raise InspectionError(NOTHING_CHANGED, next(iter(questions(inspection).areas), None))
    problems = judgement_problems(inspection, judgements)
    if problems:
        area, message = next(iter(problems.items()))
        raise InspectionError(message, area)
    correction = FeedbackJudgementCorrection(
        inspection_id=inspection.id,
        number=len(corrections) + 1,
        before=before,
        after=dict(judgements),
        reason=reason,
        corrected_by_id=actor.id,
        corrected_at=now,
    )
    db.session.add(correction)
    try:
        db.session.flush()
    except IntegrityError:
        raise InspectionError(CORRECTED_MEANWHILE) from None
    audit.record(
        actor,
        "feedback_judgements_corrected",
        inspection,
        now,
        before={"provisional": before},
        after={"provisional": correction.after, "reason": reason, "correction": correction.number},
    )
    _tell_provider(inspection, correction, now)
    db.session.commit()
    return correction


def change_lines(inspection: Inspection, correction: FeedbackJudgementCorrection) -> list[str]:
    """ "Overall …: from Good to Requires improvement to be good", one line per changed area."""
    asked = questions(inspection)
    return [
        f"{asked.areas.get(area, area)}: from {asked.label(old)} to {asked.label(new)}"
        for area, (old, new) in correction.changes().items()
    ]


def _tell_provider(inspection: Inspection, correction: FeedbackJudgementCorrection, now: datetime) -> None:
    setting = inspection.setting
    link = absolute_url("inspections_provider.show", inspection_id=inspection.id)
    changes = "\n".join(f"- {line}" for line in change_lines(inspection, correction))
    body = (
        f"The judgements given at feedback at the end of the inspection of {setting.name} ({setting.urn}) "
        f"were corrected on {uk_datetime(correction.corrected_at)}:\n\n{changes}\n\n"
        f"Why:\n{correction.reason}\n\nSee the inspection: {link}\n"
    )
    for person in responsible_people(setting, include_visitors=False):
        outbox.queue(
            person,
            f"Judgements given at feedback corrected: {setting.name} ({setting.urn})",
            body,
            now,
            related=correction,
        )


def may_correct(inspection: Inspection) -> bool:
    """Whether the inspectorate's page offers the correction: open, and there are judgements to give."""
    return correction_closed(inspection) is None and bool(questions(inspection).areas)
