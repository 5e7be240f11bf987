"""Who may see formal complaints and informal concerns (R-ROLE-1, R-CMP-4)."""

from flask import abort
from sqlalchemy import Select, select

from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.complaints.models import Complaint, InformalConcern
from portal.core.access import one_or_404
from portal.inspections.access import visible_inspections
from portal.inspections.models import Inspection


def visible_complaints(user: User) -> Select:
    """Formal complaints: a manager sees every one; an inspector only those they investigate
    (never those about inspections they were on, R-CMP-4); provider staff those about the
    inspections of settings they may see; an independent person none."""
    query = select(Complaint)
    if user.role == Role.INSPECTORATE_MANAGER:
        return query.where(Complaint.status != "draft")  # a complaint being prepared is the provider's
    if user.role == Role.INSPECTOR:
        return query.where(Complaint.investigator_id == user.id)
    inspections = visible_inspections(user).with_only_columns(Inspection.id)
    return query.where(Complaint.inspection_id.in_(inspections))


def get_complaint_or_404(user: User, complaint_id: int) -> Complaint:
    return one_or_404(visible_complaints(user).where(Complaint.id == complaint_id))


def get_concern_or_404(user: User, concern_id: int) -> InformalConcern:
    """An informal concern: inspectorate managers, and the staff of the setting it is about."""
    if user.role == Role.INSPECTOR:
        abort(404)
    query = select(InformalConcern).where(InformalConcern.id == concern_id)
    if user.role != Role.INSPECTORATE_MANAGER:
        query = query.where(
            InformalConcern.inspection_id.in_(visible_inspections(user).with_only_columns(Inspection.id))
        )
    return one_or_404(query)
