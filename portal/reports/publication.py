"""Published reports (R-TL-3, R-DR-5): only final reports whose embargo has ended, found by URN,
local authority or region. Drafts, comments and child-friendly summaries are never here."""

from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from portal.extensions import db
from portal.inspections.models import Inspection
from portal.providers.models import Setting
from portal.reports.models import InspectionReport

PAGE_SIZE = 50


def _published(now: datetime):
    return (select(InspectionReport).join(Inspection, Inspection.id == InspectionReport.inspection_id)
            .join(Setting, Setting.id == Inspection.setting_id)
            .where(InspectionReport.final.is_not(None), InspectionReport.publish_at <= now))


def search(now: datetime, text: str = "", local_authority: str = "", region: str = "") -> list[InspectionReport]:
    """Newest first. ``text`` matches a URN or a setting's name; never an address or postcode."""
    query = _published(now).options(joinedload(InspectionReport.inspection).joinedload(Inspection.setting))
    text = " ".join((text or "").split())[:100]
    if text:
        like = f"%{text.lower()}%"
        query = query.where(or_(func.lower(Setting.urn) == text.lower(), func.lower(Setting.name).like(like)))
    if local_authority:
        query = query.where(Setting.local_authority == local_authority)
    if region:
        query = query.where(Setting.region == region)
    return list(db.session.scalars(query.order_by(InspectionReport.publish_at.desc()).limit(PAGE_SIZE)))


def find(now: datetime, inspection_id: int) -> InspectionReport | None:
    return db.session.scalar(_published(now).where(InspectionReport.inspection_id == inspection_id))


def filters(now: datetime) -> tuple[list[str], list[str]]:
    """The local authorities and regions that have a published report, for the filter lists."""
    rows = db.session.execute(_published(now).with_only_columns(Setting.local_authority, Setting.region).distinct()).all()
    return sorted({row[0] for row in rows}), sorted({row[1] for row in rows})
