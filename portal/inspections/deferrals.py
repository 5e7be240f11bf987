"""Deferral requests (R-INSP-3): the provider asks with a reason, the inspectorate decides.

SCH, CH and RFC: case by case (S2, S4 §"Deferrals"); an RFC asks "at the earliest
opportunity/start of the inspection", so no later than its first day on site. STC (S0 ¶165-166):
only for a risk to people or a severely restricted ability to gather secure evidence, never staff
absence or accommodation such as refurbishment; "agreed by the responsible Ofsted senior manager,
in consultation with senior staff in partner inspectorates": only an inspectorate manager decides,
with the HMIP and CQC senior staff consulted and what each said.
"""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.core import audit, limits, outbox, paging
from portal.core.clock import today_uk
from portal.core.formatting import uk_date
from portal.core.links import absolute_url
from portal.extensions import db
from portal.inspections import rules
from portal.inspections.models import DeferralRequest, Inspection
from portal.inspections.services import InspectionError
from portal.providers.models import SettingType

STC_GROUNDS = (
    "For a secure training centre, only a risk to people or a severe restriction on "
    "gathering evidence (such as severe weather or a serious incident) can justify deferral; "
    "staff absence or refurbishment cannot."
)
# S0 ¶165: the only grounds on which an STC's inspection is deferred, and those that never are.
ALLOWED_GROUNDS = {
    "risk": "Going ahead would put children or others at risk, for example because of a serious incident",
    "evidence": "The ability to gather secure evidence is severely restricted, for example by serious weather "
    "that makes the site hard or dangerous to reach",
}
REFUSED_GROUNDS = {
    "staff": "Important staff are absent or unavailable",
    "accommodation": "Accommodation issues, such as refurbishment",
    "other": "Another reason",
}
ALL_GROUNDS = ALLOWED_GROUNDS | REFUSED_GROUNDS
CONSULTED_MAX, VIEW_MAX, REASON_MAX = limits.NAME_MAX, limits.REASON_MAX, limits.REASON_MAX
MANAGER_ONLY = (
    "Only an inspectorate manager can decide a deferral of a secure training centre's inspection, with HMIP and CQC"
)
NOT_A_GROUND = (
    "A secure training centre's inspection can only be deferred for a risk to people or a severely "
    "restricted ability to gather evidence: refuse the request"
)
PARTNERS = {"hmip": "HMIP", "cqc": "CQC"}


@dataclass(frozen=True)
class PartnerViews:
    """Who was consulted at HMIP and CQC, and what each said (S0 ¶166)."""

    hmip_consulted: str
    hmip_view: str
    cqc_consulted: str
    cqc_view: str


def is_stc(inspection: Inspection) -> bool:
    return inspection.setting.type_enum == SettingType.SECURE_TRAINING_CENTRE


def pending_request(inspection: Inspection) -> DeferralRequest | None:
    return next((d for d in inspection.deferrals if d.status == rules.REQUESTED), None)


def request_closed(setting_type: SettingType, status: str, start_date: date, today: date) -> str | None:
    """Why a deferral can no longer be asked for, or None (R-INSP-3). An RFC asks by the start of
    the inspection (S4 §"Deferrals"): its first day on site is the last day it can ask."""
    if status not in rules.DEFERRABLE:
        return "You can only ask to defer an inspection before it has ended"
    if setting_type == SettingType.RESIDENTIAL_FAMILY_CENTRE and today > start_date:
        return (
            f"A residential family centre can ask to defer an inspection until the start of the inspection: "
            f"the last day to ask was {uk_date(start_date)}"
        )
    return None


def may_request(inspection: Inspection, now: datetime) -> bool:
    return (
        request_closed(inspection.setting.type_enum, inspection.status, inspection.start_date, today_uk(now)) is None
        and pending_request(inspection) is None
    )


def may_decide(inspection: Inspection, user: User) -> bool:
    """R-INSP-3: an STC deferral is an inspectorate manager's decision; others the inspectorate's."""
    return user.role == Role.INSPECTORATE_MANAGER or (user.role == Role.INSPECTOR and not is_stc(inspection))


def request_deferral(
    inspection: Inspection, reason: str, actor: User, now: datetime, ground: str | None = None
) -> DeferralRequest:
    """The provider asks; an STC says which ground of S0 ¶165 applies."""
    closed = request_closed(inspection.setting.type_enum, inspection.status, inspection.start_date, today_uk(now))
    if closed:
        raise InspectionError(closed, "reason")
    if pending_request(inspection):
        raise InspectionError("A request to defer this inspection is already waiting for a decision", "reason")
    if is_stc(inspection) and ground not in ALLOWED_GROUNDS:
        raise InspectionError("Select the ground for deferring the inspection", "ground")
    reason = (reason or "").strip()
    if not reason:
        raise InspectionError("Enter why you need the inspection to be deferred", "reason")
    if len(reason) > REASON_MAX:
        raise InspectionError(f"Reason must be {REASON_MAX:,} characters or fewer", "reason")
    deferral = DeferralRequest(
        inspection_id=inspection.id,
        status=rules.REQUESTED,
        reason=reason,
        ground=ground if is_stc(inspection) else None,
        requested_by_id=actor.id,
        requested_at=now,
    )
    db.session.add(deferral)
    db.session.flush()
    audit.record(
        actor,
        "deferral_requested",
        deferral,
        now,
        after={"status": deferral.status, "reason": deferral.reason, "ground": deferral.ground},
    )
    setting = inspection.setting
    ground_text = f"Ground: {ALLOWED_GROUNDS[ground]}\n\n" if deferral.ground else ""
    link = absolute_url(
        "inspections_inspectorate.decide_deferral", inspection_id=inspection.id, deferral_id=deferral.id
    )
    for person in _deciders(inspection):
        outbox.queue(
            person,
            f"Deferral requested: {setting.name} ({setting.urn})",
            f"{actor.name} has asked for the inspection of {setting.name} ({setting.urn}) to be deferred.\n\n"
            f"{ground_text}Reason given:\n{deferral.reason}\n\nDecide in the portal: {link}\n",
            now,
            related=deferral,
        )
    db.session.commit()
    return deferral


def _deciders(inspection: Inspection) -> list[User]:
    """The lead inspector; for an STC also the inspectorate managers, who decide (R-INSP-3)."""
    people = {inspection.lead_inspector.id: inspection.lead_inspector}
    if is_stc(inspection):
        people.update(
            {
                m.id: m
                for m in db.session.scalars(
                    select(User).where(User.role == Role.INSPECTORATE_MANAGER, User.active.is_(True)).order_by(User.id)
                )
            }
        )
    return list(people.values())


def _required(value: str | None, limit: int, empty: str, too_long: str, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise InspectionError(empty, field)
    if len(value) > limit:
        raise InspectionError(too_long, field)
    return value


def _check_partners(partners: PartnerViews | None) -> PartnerViews:
    given = partners or PartnerViews("", "", "", "")
    checked = {}
    for key, name in PARTNERS.items():
        checked[f"{key}_consulted"] = _required(
            getattr(given, f"{key}_consulted"),
            CONSULTED_MAX,
            f"Enter who you consulted at {name}",
            f"Who you consulted at {name} must be {CONSULTED_MAX} characters or fewer",
            f"{key}_consulted",
        )
        checked[f"{key}_view"] = _required(
            getattr(given, f"{key}_view"),
            VIEW_MAX,
            f"Enter the view of {name}",
            f"The view of {name} must be {VIEW_MAX:,} characters or fewer",
            f"{key}_view",
        )
    return PartnerViews(**checked)


def decide_deferral(
    deferral: DeferralRequest,
    grant: bool,
    reason: str,
    actor: User,
    now: datetime,
    ground: str | None = None,
    partners: PartnerViews | None = None,
) -> None:
    """Record the decision; a granted deferral moves the inspection to deferred. For an STC: an
    inspectorate manager, the ground found, and the views of HMIP and CQC (R-INSP-3)."""
    inspection = deferral.inspection
    stc = is_stc(inspection)
    if not may_decide(inspection, actor):
        raise InspectionError(MANAGER_ONLY if stc else "Only the inspectorate can decide a deferral", "decision")
    if deferral.status != rules.REQUESTED:
        raise InspectionError("This request has already been decided", "decision")
    if grant and inspection.status not in rules.DEFERRABLE:
        raise InspectionError(
            "This inspection has ended, so it can no longer be deferred: refuse the request", "decision"
        )
    if stc:
        if ground not in ALL_GROUNDS:
            raise InspectionError("Select the ground the request shows", "decision_ground")
        if grant and ground not in ALLOWED_GROUNDS:
            raise InspectionError(NOT_A_GROUND, "decision_ground")
        partners = _check_partners(partners)
    reason = _required(
        reason,
        REASON_MAX,
        "Enter the reason for the decision",
        f"Reason must be {REASON_MAX:,} characters or fewer",
        "reason",
    )
    before = {"status": deferral.status}
    rules.DEFERRAL_STATES.move(deferral, rules.GRANTED if grant else rules.REFUSED)
    deferral.decided_by_id = actor.id
    deferral.decided_at = now
    deferral.decision_reason = reason
    after = {"status": deferral.status, "reason": reason}
    if stc:
        deferral.decision_ground = ground
        for field, value in vars(partners).items():
            setattr(deferral, field, value)
        after |= {"ground": ground, **vars(partners)}
    audit.record(actor, "deferral_decided", deferral, now, before=before, after=after)
    if grant:
        inspection_before = {"status": inspection.status}
        rules.INSPECTION_STATES.move(inspection, rules.DEFERRED)
        audit.record(
            actor, "inspection_deferred", inspection, now, before=inspection_before, after={"status": inspection.status}
        )
    setting = inspection.setting
    outcome = "granted" if grant else "refused"
    consulted = "\nThe decision was made in consultation with HMIP and CQC.\n" if stc else ""
    for person in _provider_contacts(inspection, deferral.requested_by):
        outbox.queue(
            person,
            f"Deferral {outcome}: {setting.name} ({setting.urn})",
            f"Your request to defer the inspection of {setting.name} ({setting.urn}) has been {outcome}.\n\n"
            f"Reason:\n{deferral.decision_reason}\n{consulted}",
            now,
            related=deferral,
        )
    db.session.commit()


def _provider_contacts(inspection: Inspection, requester: User) -> list[User]:
    """The requester and the provider's responsible individuals (an STC's director), once each."""
    ris = db.session.scalars(
        select(User).where(
            User.provider_id == inspection.setting.provider_id,
            User.role == Role.RESPONSIBLE_INDIVIDUAL,
            User.active.is_(True),
        )
    ).all()
    people = {requester.id: requester}
    people.update({ri.id: ri for ri in ris})
    return list(people.values())


def grounds_note(inspection: Inspection) -> str | None:
    """What the provider should know before asking (R-INSP-3, stricter for STCs)."""
    return STC_GROUNDS if is_stc(inspection) else None


def waiting_for_decision(worklist, limit: int = paging.PER_PAGE) -> paging.Page:
    """R-INSP-3: the deferral requests of ``worklist`` (a ``services.worklist``) still to be
    decided, the oldest first, at most ``limit`` of them with the count of all."""
    query = (
        select(DeferralRequest)
        .where(
            DeferralRequest.status == rules.REQUESTED,
            DeferralRequest.inspection_id.in_(worklist.with_only_columns(Inspection.id)),
        )
        .options(selectinload(DeferralRequest.inspection).selectinload(Inspection.setting))
        .order_by(DeferralRequest.requested_at, DeferralRequest.id)
    )
    return paging.paged(query, 1, limit)
