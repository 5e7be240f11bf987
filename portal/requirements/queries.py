"""The lists of requirements and notices, each ordered and cut in SQL."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.accounts.models import User
from portal.core import paging
from portal.extensions import db
from portal.providers.models import Setting
from portal.requirements import rules
from portal.requirements.access import visible_notices, visible_requirements
from portal.requirements.models import ComplianceNotice, Requirement


def of_setting(user: User, setting: Setting) -> list[Requirement]:
    """A setting's requirements: not yet met first, by date, then those met, newest first."""
    query = visible_requirements(user).where(Requirement.setting_id == setting.id)
    waiting = query.where(Requirement.status.in_(rules.NOT_YET_MET)).order_by(Requirement.comply_by, Requirement.id)
    met = query.where(Requirement.status == rules.MET).order_by(Requirement.comply_by.desc(), Requirement.id.desc())
    return list(db.session.scalars(waiting.limit(100))) + list(db.session.scalars(met.limit(50)))


def notices_of(user: User, setting: Setting) -> list[ComplianceNotice]:
    query = visible_notices(user).where(ComplianceNotice.setting_id == setting.id)
    return list(db.session.scalars(query.order_by(ComplianceNotice.comply_by.desc()).limit(50)))


def evidence_waiting(user: User) -> paging.Page:
    """The inspectorate's queue: evidence sent and not yet judged, the longest waiting first."""
    query = (
        visible_requirements(user)
        .options(selectinload(Requirement.setting))
        .where(Requirement.status == rules.EVIDENCE_SENT)
        .order_by(Requirement.comply_by, Requirement.id)
    )
    return paging.paged(query, 1, 50)


def overdue(user: User, today: date, page_text: str | None = None) -> paging.Page:
    """R-REQ-1: requirements not met after their date, the oldest date first."""
    query = (
        visible_requirements(user)
        .options(selectinload(Requirement.setting))
        .where(Requirement.status.in_(rules.NOT_YET_MET), Requirement.comply_by < today)
        .order_by(Requirement.comply_by, Requirement.id)
    )
    return paging.paged(query, paging.page_number(page_text))


@dataclass(frozen=True)
class PlannedVisit:
    """One monitoring visit after compliance notices of one setting (R-REQ-3)."""

    setting: Setting
    notices: list[ComplianceNotice]
    due: date


def planned_visits(notices: list[ComplianceNotice]) -> list[PlannedVisit]:
    """The visits ``notices`` need, the soonest due first: per setting, one per date to comply
    by, combined only when the dates are within 5 working days of each other (``rules.visits``)."""
    by_setting: dict[int, list[ComplianceNotice]] = {}
    for notice in notices:
        by_setting.setdefault(notice.setting_id, []).append(notice)
    planned = []
    for of_setting in by_setting.values():
        for days, due in rules.visits([notice.comply_by for notice in of_setting]):
            covered = [notice for notice in of_setting if notice.comply_by in days]
            planned.append(PlannedVisit(of_setting[0].setting, covered, due))
    return sorted(planned, key=lambda visit: (visit.due, visit.setting.id))


def visits_due(user: User, shown: int = 50) -> list[ComplianceNotice]:
    """R-REQ-3: notices whose monitoring visit is not yet recorded, the soonest due first."""
    query = (
        visible_notices(user)
        .options(selectinload(ComplianceNotice.setting))
        .where(ComplianceNotice.visited_on.is_(None))
        .order_by(ComplianceNotice.visit_due, ComplianceNotice.id)
        .limit(shown)
    )
    return list(db.session.scalars(query))


def of_setting_for_inspectorate(setting: Setting) -> tuple[list[Requirement], list[ComplianceNotice]]:
    open_items = select(Requirement).where(
        Requirement.setting_id == setting.id, Requirement.status.in_(rules.NOT_YET_MET)
    )
    notices = select(ComplianceNotice).where(
        ComplianceNotice.setting_id == setting.id, ComplianceNotice.visited_on.is_(None)
    )
    return (
        list(db.session.scalars(open_items.order_by(Requirement.comply_by).limit(50))),
        list(db.session.scalars(notices.order_by(ComplianceNotice.visit_due).limit(20))),
    )
