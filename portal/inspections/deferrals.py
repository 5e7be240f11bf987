"""Deferral requests (R-INSP-3): the provider asks with a reason, the inspectorate decides."""

from datetime import datetime

from sqlalchemy import select

from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.core import audit, outbox
from portal.core.links import absolute_url
from portal.extensions import db
from portal.inspections import rules
from portal.inspections.models import DeferralRequest, Inspection
from portal.inspections.services import InspectionError
from portal.providers.models import SettingType

STC_GROUNDS = ("For a secure training centre, only a risk to people or a severe restriction on "
               "gathering evidence (such as severe weather or a serious incident) can justify deferral; "
               "staff absence or refurbishment cannot.")


def pending_request(inspection: Inspection) -> DeferralRequest | None:
    return next((d for d in inspection.deferrals if d.status == rules.REQUESTED), None)


def request_deferral(inspection: Inspection, reason: str, actor: User, now: datetime) -> DeferralRequest:
    if inspection.status not in rules.DEFERRABLE:
        raise InspectionError("You can only ask to defer an inspection before it has ended", "reason")
    if pending_request(inspection):
        raise InspectionError("A request to defer this inspection is already waiting for a decision", "reason")
    deferral = DeferralRequest(inspection_id=inspection.id, status=rules.REQUESTED, reason=reason.strip(),
                               requested_by_id=actor.id, requested_at=now)
    db.session.add(deferral)
    db.session.flush()
    audit.record(actor, "deferral_requested", deferral, now, after={"status": deferral.status, "reason": deferral.reason})
    setting = inspection.setting
    outbox.queue(inspection.lead_inspector, f"Deferral requested: {setting.name} ({setting.urn})",
                 f"{actor.name} has asked for the inspection of {setting.name} ({setting.urn}) to be deferred.\n\n"
                 f"Reason given:\n{deferral.reason}\n\nDecide in the portal: "
                 f"{absolute_url('inspections_inspectorate.decide_deferral', inspection_id=inspection.id, deferral_id=deferral.id)}\n",
                 now, related=deferral)
    db.session.commit()
    return deferral


def decide_deferral(deferral: DeferralRequest, grant: bool, reason: str, actor: User, now: datetime) -> None:
    """Record the decision; a granted deferral moves the inspection to deferred."""
    inspection = deferral.inspection
    if grant and inspection.status not in rules.DEFERRABLE:
        raise InspectionError("This inspection has ended, so it can no longer be deferred: refuse the request",
                              "decision")
    before = {"status": deferral.status}
    rules.DEFERRAL_STATES.move(deferral, rules.GRANTED if grant else rules.REFUSED)
    deferral.decided_by_id = actor.id
    deferral.decided_at = now
    deferral.decision_reason = reason.strip()
    audit.record(actor, "deferral_decided", deferral, now, before=before,
                 after={"status": deferral.status, "reason": deferral.decision_reason})
    if grant:
        inspection_before = {"status": inspection.status}
        rules.INSPECTION_STATES.move(inspection, rules.DEFERRED)
        audit.record(actor, "inspection_deferred", inspection, now, before=inspection_before,
                     after={"status": inspection.status})
    setting = inspection.setting
    outcome = "granted" if grant else "refused"
    for person in _provider_contacts(inspection, deferral.requested_by):
        outbox.queue(person, f"Deferral {outcome}: {setting.name} ({setting.urn})",
                     f"Your request to defer the inspection of {setting.name} ({setting.urn}) has been {outcome}.\n\n"
                     f"Reason:\n{deferral.decision_reason}\n", now, related=deferral)
    db.session.commit()


def _provider_contacts(inspection: Inspection, requester: User) -> list[User]:
    """The requester and the provider's responsible individuals, once each."""
    ris = db.session.scalars(select(User).where(
        User.provider_id == inspection.setting.provider_id,
        User.role == Role.RESPONSIBLE_INDIVIDUAL, User.active.is_(True))).all()
    people = {requester.id: requester}
    people.update({ri.id: ri for ri in ris})
    return list(people.values())


def grounds_note(inspection: Inspection) -> str | None:
    """What the provider should know before asking (R-INSP-3, stricter for STCs)."""
    return STC_GROUNDS if inspection.setting.type_enum == SettingType.SECURE_TRAINING_CENTRE else None
