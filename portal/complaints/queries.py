"""What the portal asks of formal complaints: which hold a final report (R-CMP-2, R-TL-5), which are
overdue, each one's history, and the lists each side sees. The use cases are in ``services``."""

from datetime import datetime
from typing import Any

from sqlalchemy import Select, exists, select
from sqlalchemy.orm import joinedload

from portal.accounts.models import User
from portal.complaints import rules
from portal.complaints.access import visible_complaints
from portal.complaints.models import Complaint
from portal.core import paging
from portal.core.paging import Page
from portal.extensions import db
from portal.inspection_reports import final_checks
from portal.inspections import holds
from portal.inspections.models import Inspection

HELD_BY_COMPLAINT = "Held by a complaint"  # R-TL-5, as the timeline shows it


def holding_final(inspection: Inspection) -> list[Complaint]:
    """R-CMP-2: complaints lodged before the final report that are not yet responded to."""
    return list(
        db.session.scalars(
            select(Complaint)
            .where(
                Complaint.inspection_id == inspection.id,
                Complaint.holds_final.is_(True),
                Complaint.status.in_(rules.AWAITING_RESPONSE),
            )
            .order_by(Complaint.lodged_at)
        )
    )


@final_checks.register(order=10)
def _final_held_by_complaints(inspection: Inspection) -> list[str]:
    """R-CMP-2, when the final report is sent: each complaint that must be responded to first."""
    return [
        f"Formal complaint {complaint.reference} was lodged before the final report: it must be responded to first"
        for complaint in holding_final(inspection)
    ]


@holds.register
def _holds_by_complaint(inspections: list[Inspection]) -> dict[int, list[str]]:
    """R-CMP-2 for the timeline (R-TL-5): which of ``inspections`` have their final held (a query per 500)."""
    held = set()
    ids = [inspection.id for inspection in inspections]
    for start in range(0, len(ids), 500):
        held |= set(
            db.session.scalars(
                select(Complaint.inspection_id).where(
                    Complaint.inspection_id.in_(ids[start : start + 500]),
                    Complaint.holds_final.is_(True),
                    Complaint.status.in_(rules.AWAITING_RESPONSE),
                )
            )
        )
    return {inspection_id: [HELD_BY_COMPLAINT] for inspection_id in held}


@holds.register_clause
def _held_by_complaint(inspection_id):
    """R-CMP-2 in SQL, the same rule as ``_holds_by_complaint``."""
    return exists().where(
        Complaint.inspection_id == inspection_id,
        Complaint.holds_final.is_(True),
        Complaint.status.in_(rules.AWAITING_RESPONSE),
    )


def _with_setting_and_investigator(query: Select[Any]) -> Select[Any]:
    """What the lists show of each complaint, in the same statement: its setting and investigator."""
    return query.options(
        joinedload(Complaint.inspection).joinedload(Inspection.setting), joinedload(Complaint.investigator)
    )


def overdue(user: User, now: datetime) -> Page:
    """R-CMP-3: the complaints ``user`` may see that are past their response target and not
    responded to, earliest target first: the first page of them, and how many there are in all."""
    query = visible_complaints(user).where(
        Complaint.status.in_(rules.AWAITING_RESPONSE), Complaint.response_due_at <= now
    )
    return paging.paged(_with_setting_and_investigator(query).order_by(Complaint.response_due_at, Complaint.id), 1)


def history(complaint: Complaint) -> list[tuple[str, datetime, User | None]]:
    """Each step that has happened, dated, for both sides to see."""
    steps = [
        ("Lodged", complaint.lodged_at, complaint.lodged_by),
        ("Acknowledged", complaint.acknowledged_at, complaint.acknowledged_by),
        ("Investigator assigned", complaint.assigned_at, complaint.assigned_by),
        ("Responded to", complaint.responded_at, complaint.responded_by),
        ("Closed", complaint.closed_at, complaint.closed_by),
    ]
    return [step for step in steps if step[1] is not None]


def for_inspection(inspection: Inspection) -> list[Complaint]:
    """The lodged complaints about ``inspection`` (drafts stay the provider's), oldest first."""
    return list(
        db.session.scalars(
            select(Complaint)
            .where(Complaint.inspection_id == inspection.id, Complaint.status != rules.DRAFT)
            .order_by(Complaint.lodged_at)
        )
    )


def lodged_visible_to(user: User, page: int = 1) -> Page:
    """The lodged complaints ``user`` may see (R-ROLE-1, R-CMP-4), newest first, a page at a time."""
    query = visible_complaints(user).where(Complaint.status != rules.DRAFT)
    return paging.paged(
        _with_setting_and_investigator(query).order_by(Complaint.lodged_at.desc(), Complaint.id.desc()), page
    )


def provider_complaints(user: User, inspection: Inspection) -> list[Complaint]:
    """Lodged complaints and those being prepared: the provider's staff carry on each other's drafts."""

    return list(
        db.session.scalars(
            visible_complaints(user)
            .where(Complaint.inspection_id == inspection.id)
            .order_by(Complaint.created_at, Complaint.id)
        )
    )
