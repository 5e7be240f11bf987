"""Use cases of formal complaints (R-CMP-1..4): prepare, lodge once, acknowledge, assign an
independent investigator, answer each point, respond, close. Each step is dated and audited."""

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.complaints import confirmations, rules
from portal.complaints.models import Complaint, ComplaintPoint, PointEvidence
from portal.core import audit, evidence, outbox
from portal.core.formatting import deadline as deadline_text
from portal.core.links import absolute_url
from portal.core.references import new_reference
from portal.core.use_cases import Refusal
from portal.extensions import db
from portal.inspections.models import Inspection
from portal.providers.people import responsible_people
from portal.providers.rules import accountable_title

CONCURRENT = "Someone else changed this complaint at the same moment: check it and try again"


class ComplaintError(Refusal):
    """A use case refused for a reason the user can act on; ``field`` names the form field."""


def _text(value: str | None, label: str, field: str, required: bool = True) -> str | None:
    value = (value or "").strip()
    if required and not value:
        raise ComplaintError(f"Enter {label}", field)
    if len(value) > rules.TEXT_MAX:
        raise ComplaintError(f"{label[0].upper()}{label[1:]} must be {rules.TEXT_MAX:,} characters or fewer", field)
    return value or None


def lodging_problem(inspection: Inspection, now: datetime) -> str | None:
    return rules.lodging_problem(
        inspection.draft_sent_at, inspection.comment_window_ends_at, inspection.final_sent_at, now
    )


# --- The provider prepares and lodges -------------------------------------------------------


def start(inspection: Inspection, actor: User, now: datetime) -> Complaint:
    """A complaint being prepared belongs to the setting: any of its staff can carry it on."""
    complaint = Complaint(
        inspection_id=inspection.id,
        status=rules.DRAFT,
        categories=[],
        prepared_by_id=actor.id,
        created_at=now,
        updated_at=now,
    )
    db.session.add(complaint)
    audit.record(actor, "complaint_started", complaint, now)
    db.session.commit()
    return complaint


def _preparing(complaint: Complaint) -> None:
    if complaint.status != rules.DRAFT:
        raise ComplaintError(f"This complaint was lodged ({complaint.reference}): it can no longer be changed")


def save_details(
    complaint: Complaint,
    categories: list[str],
    earlier_concerns: str | None,
    outcome_sought: str,
    actor: User,
    now: datetime,
) -> None:
    _preparing(complaint)
    if not categories or any(c not in rules.CATEGORIES for c in categories):
        raise ComplaintError("Select what the complaint is about", "categories")
    earlier = _text(earlier_concerns, "the concerns already raised", "earlier_concerns", required=False)
    outcome = _text(outcome_sought, "the outcome you are seeking", "outcome_sought")
    complaint.categories = [c for c in rules.CATEGORIES if c in categories]
    complaint.earlier_concerns, complaint.outcome_sought = earlier, outcome
    complaint.updated_at = now
    audit.record(
        actor,
        "complaint_details_saved",
        complaint,
        now,
        after={"categories": complaint.categories, "outcome_sought": outcome},
    )
    _commit_or_concurrent()


def save_point(
    complaint: Complaint, point: ComplaintPoint | None, what_happened: str, files: list, actor: User, now: datetime
) -> ComplaintPoint:
    """Add a numbered point, or change one; evidence is checked by content, and a rejected file
    stores nothing of the point."""
    try:
        _preparing(complaint)
        text = _text(what_happened, "what happened", "what_happened")
        if point is None and len(complaint.points) >= rules.MAX_POINTS:
            raise ComplaintError(f"A complaint can have up to {rules.MAX_POINTS} points", "what_happened")
        stored = evidence.receive(
            files,
            len(point.evidence) if point else 0,
            now,
            ComplaintError,
            f"Select {evidence.MAX_FILES} evidence files or fewer for each point",
        )
        if point is None:
            point = ComplaintPoint(number=len(complaint.points) + 1, what_happened=text)
            complaint.points.append(point)
        point.what_happened = text
        point.evidence.extend(PointEvidence(file_id=record.id) for record in stored)
        complaint.updated_at = now
        db.session.flush()
        audit.record(
            actor,
            "complaint_point_saved",
            complaint,
            now,
            after={"point": point.number, "what_happened": text, "evidence": [r.sha256 for r in stored]},
        )
        db.session.commit()
    except (StaleDataError, IntegrityError):
        db.session.rollback()
        raise ComplaintError(CONCURRENT, "what_happened") from None
    except BaseException:
        db.session.rollback()
        raise
    return point


def remove_point(complaint: Complaint, point: ComplaintPoint, actor: User, now: datetime) -> None:
    """Remove a point; the later ones are numbered again so the numbers stay 1, 2, 3…"""
    _preparing(complaint)
    number = point.number
    complaint.points.remove(point)
    db.session.flush()
    for later in complaint.points:
        if later.number > number:
            later.number -= 1
            db.session.flush()
    complaint.updated_at = now
    audit.record(actor, "complaint_point_removed", complaint, now, before={"point": number})
    _commit_or_concurrent()


def _commit_or_concurrent() -> None:
    """Two people changing one complaint at once: the second is told, and nothing of theirs is kept."""
    try:
        db.session.commit()
    except (StaleDataError, IntegrityError):
        db.session.rollback()
        raise ComplaintError(CONCURRENT) from None


def lodge_problems(complaint: Complaint, now: datetime) -> list[tuple[str, str]]:
    """What stops the complaint being lodged, as (field, message)."""
    problems = []
    if not complaint.categories:
        problems.append(("categories", "Select what the complaint is about"))
    if not complaint.outcome_sought:
        problems.append(("outcome_sought", "Enter the outcome you are seeking"))
    if not complaint.points:
        problems.append(("points", "Add at least one point to the complaint"))
    window = lodging_problem(complaint.inspection, now)
    if window:
        problems.append(("confirm", window))
    return problems


def lodge(complaint: Complaint, actor: User, now: datetime) -> Complaint:
    """R-CMP-1: the responsible individual lodges the complaint, once. A second lodging (a double
    click, two browsers) is shown the first one's reference."""
    if actor.role != Role.RESPONSIBLE_INDIVIDUAL:
        raise ComplaintError(
            f"Only a {accountable_title(complaint.inspection.setting.setting_type)} can lodge a formal complaint",
            "confirm",
        )  # R-ROLE-2: an STC's director
    if complaint.status != rules.DRAFT:
        return complaint
    problems = lodge_problems(complaint, now)
    if problems:
        raise ComplaintError(problems[0][1], problems[0][0])
    inspection = complaint.inspection
    try:
        rules.COMPLAINT_STATES.move(complaint, rules.RECEIVED)
        complaint.reference = new_reference("CMP-")
        complaint.lodged_by_id, complaint.lodged_at = actor.id, now
        complaint.holds_final = inspection.final_sent_at is None
        from flask import current_app

        complaint.response_due_at = rules.response_due(now, current_app.config["COMPLAINT_RESPONSE_WORKING_DAYS"])
        audit.record(
            actor,
            "complaint_lodged",
            complaint,
            now,
            after={
                "reference": complaint.reference,
                "points": len(complaint.points),
                "holds_final": complaint.holds_final,
            },
        )
        for manager in inspectorate_managers():
            outbox.queue(
                manager,
                f"Formal complaint {complaint.reference}: {inspection.setting.name}",
                f"{inspection.setting.provider.name} has lodged a formal complaint about the inspection of "
                f"{inspection.setting.name} ({inspection.setting.urn}), with {len(complaint.points)} "
                f"point{'s' if len(complaint.points) != 1 else ''}. Respond by "
                f"{deadline_text(complaint.response_due_at)}."
                + (" It holds the final report until it is responded to." if complaint.holds_final else "")
                + f"\n\n{absolute_url('complaints_inspectorate.show', complaint_id=complaint.id)}\n",
                now,
                related=complaint,
            )
        confirmations.lodged(complaint, actor, now)
        db.session.commit()
    except (StaleDataError, IntegrityError):
        db.session.rollback()
        settled = db.session.scalar(
            select(Complaint).where(Complaint.id == complaint.id).execution_options(populate_existing=True)
        )
        if settled.status == rules.DRAFT:
            raise
        return settled
    return complaint


# --- The inspectorate handles it ------------------------------------------------------------


def inspectorate_managers() -> list[User]:
    return list(
        db.session.scalars(
            select(User).where(User.role == Role.INSPECTORATE_MANAGER, User.active.is_(True)).order_by(User.id)
        )
    )


def possible_investigators(complaint: Complaint) -> list[User]:
    """R-CMP-4: active inspectorate staff who were not on the inspection team."""
    team = complaint.inspection.team_user_ids
    return [
        u
        for u in db.session.scalars(
            select(User)
            .where(User.role.in_([Role.INSPECTOR, Role.INSPECTORATE_MANAGER]), User.active.is_(True))
            .order_by(User.name)
        )
        if u.id not in team
    ]


def _tell_provider(complaint: Complaint, subject: str, body: str, now: datetime) -> None:
    inspection = complaint.inspection
    people = {p.id: p for p in responsible_people(inspection.setting, include_visitors=False)}
    if complaint.lodged_by is not None:
        people[complaint.lodged_by.id] = complaint.lodged_by
    link = absolute_url("complaints_provider.show", complaint_id=complaint.id)
    for person in people.values():
        outbox.queue(person, f"{subject} ({complaint.reference})", f"{body}\n\n{link}\n", now, related=complaint)


def _move(complaint: Complaint, target: str, action: str, actor: User, now: datetime, **after) -> None:
    before = complaint.status
    rules.COMPLAINT_STATES.move(complaint, target)
    audit.record(actor, action, complaint, now, before={"status": before}, after={"status": target, **after})


def _manager_only(actor: User) -> None:
    if actor.role != Role.INSPECTORATE_MANAGER:
        raise ComplaintError("Only an inspectorate manager can do this")


def acknowledge(complaint: Complaint, actor: User, now: datetime) -> None:
    _manager_only(actor)
    if complaint.status != rules.RECEIVED:
        raise ComplaintError("This complaint has already been acknowledged")
    _move(complaint, rules.ACKNOWLEDGED, "complaint_acknowledged", actor, now)
    complaint.acknowledged_at, complaint.acknowledged_by_id = now, actor.id
    _tell_provider(
        complaint,
        "Your complaint has been acknowledged",
        f"The inspectorate has acknowledged your complaint about the inspection of "
        f"{complaint.inspection.setting.name}. It aims to respond by "
        f"{deadline_text(complaint.response_due_at)}.",
        now,
    )
    db.session.commit()


def assign(complaint: Complaint, investigator: User | None, actor: User, now: datetime) -> None:
    """R-CMP-4: the investigator must not have been on the inspection team."""
    _manager_only(actor)
    if complaint.status != rules.ACKNOWLEDGED:
        raise ComplaintError("An investigator is assigned once the complaint is acknowledged, and only once")
    if investigator is None or not investigator.role_enum.is_inspectorate or not investigator.active:
        raise ComplaintError("Select an investigator", "investigator")
    if investigator.id in complaint.inspection.team_user_ids:
        raise ComplaintError(
            f"{investigator.name} was on the inspection team: select someone who was not", "investigator"
        )
    _move(complaint, rules.INVESTIGATING, "complaint_assigned", actor, now, investigator_id=investigator.id)
    complaint.investigator_id, complaint.assigned_at, complaint.assigned_by_id = investigator.id, now, actor.id
    outbox.queue(
        investigator,
        f"Complaint to investigate: {complaint.reference}",
        f"You have been asked to investigate complaint {complaint.reference} about the inspection of "
        f"{complaint.inspection.setting.name}. Respond by {deadline_text(complaint.response_due_at)}.\n\n"
        f"{absolute_url('complaints_inspectorate.show', complaint_id=complaint.id)}\n",
        now,
        related=complaint,
    )
    db.session.commit()


def _investigating(complaint: Complaint, actor: User) -> None:
    if complaint.status != rules.INVESTIGATING:
        raise ComplaintError("Points are answered while the complaint is under investigation")
    if actor.id != complaint.investigator_id and actor.role != Role.INSPECTORATE_MANAGER:
        raise ComplaintError("Only the investigator or an inspectorate manager can answer this complaint")
    if actor.id in complaint.inspection.team_user_ids:
        raise ComplaintError("You were on the inspection team, so you cannot answer this complaint")  # R-CMP-4


def answer_point(
    point: ComplaintPoint, finding: str, reasons: str, action_taken: str | None, actor: User, now: datetime
) -> None:
    """R-CMP-3: each point gets its own finding and reasons."""
    complaint = point.complaint
    _investigating(complaint, actor)
    if finding not in rules.FINDINGS:
        raise ComplaintError("Select whether the point is upheld", "finding")
    reasons = _text(reasons, "the reasons for the finding", "reasons")
    action = _text(action_taken, "the action taken", "action_taken", required=False)
    before = {"finding": point.finding, "reasons": point.reasons}
    point.finding, point.reasons, point.action_taken = finding, reasons, action
    point.answered_at, point.answered_by_id = now, actor.id
    audit.record(
        actor,
        "complaint_point_answered",
        complaint,
        now,
        before=before,
        after={"point": point.number, "finding": finding, "reasons": reasons, "action_taken": action},
    )
    db.session.commit()


def respond(complaint: Complaint, overall: str, actor: User, now: datetime) -> None:
    """Send the response: every point answered, with an overall summary. It releases the hold on
    the final report (R-CMP-2) and tells the provider where to go next."""
    _investigating(complaint, actor)
    unanswered = [p.number for p in complaint.points if p.finding is None]
    if unanswered:
        raise ComplaintError(
            f"Answer every point first: point {', '.join(map(str, unanswered))} "
            f"{'is' if len(unanswered) == 1 else 'are'} not answered",
            "overall_response",
        )
    overall = _text(overall, "the overall response", "overall_response")
    _move(complaint, rules.RESPONDED, "complaint_responded", actor, now)
    complaint.overall_response, complaint.responded_at, complaint.responded_by_id = overall, now, actor.id
    _tell_provider(
        complaint,
        "The response to your complaint",
        f"The inspectorate has responded to your complaint about the inspection of "
        f"{complaint.inspection.setting.name}, point by point.\n\n{rules.ADJUDICATOR}",
        now,
    )
    db.session.commit()


def close(complaint: Complaint, actor: User, now: datetime) -> None:
    _manager_only(actor)
    if complaint.status != rules.RESPONDED:
        raise ComplaintError("A complaint is closed once it has been responded to")
    _move(complaint, rules.CLOSED, "complaint_closed", actor, now)
    complaint.closed_at, complaint.closed_by_id = now, actor.id
    _tell_provider(
        complaint,
        "Your complaint is closed",
        f"The inspectorate has closed your complaint about the inspection of "
        f"{complaint.inspection.setting.name}.\n\n{rules.ADJUDICATOR}",
        now,
    )
    db.session.commit()


# --- Queries ---------------------------------------------------------------------------------
