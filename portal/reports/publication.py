"""Published reports (R-TL-3, R-DR-5): only final reports whose embargo has ended, found by URN,
local authority or region. Drafts, comments and child-friendly summaries are never here."""

import re
from datetime import date, datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from portal.core.clock import UK, as_utc
from portal.extensions import db
from portal.inspections import rules as inspection_rules
from portal.inspections.models import Inspection
from portal.providers.models import Setting
from portal.reports.models import InspectionReport

PAGE_SIZE = 50
# A full UK postcode, with or without its space. Where a children's home is must never be
# findable, so a postcode is refused as a search even if some setting's name contained it.
_POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?\s*[0-9][A-Z]{2}$", re.IGNORECASE)


def _published(now: datetime):
    return (select(InspectionReport).join(Inspection, Inspection.id == InspectionReport.inspection_id)
            .join(Setting, Setting.id == Inspection.setting_id)
            .where(InspectionReport.final.is_not(None), InspectionReport.publish_at <= now))


def looks_like_postcode(text: str) -> bool:
    return bool(_POSTCODE.match(" ".join((text or "").split())))


def search(now: datetime, text: str = "", local_authority: str = "", region: str = "") -> list[InspectionReport]:
    """Newest first. ``text`` matches a URN or a setting's name; never an address or postcode."""
    query = _published(now).options(joinedload(InspectionReport.inspection).joinedload(Inspection.setting))
    text = " ".join((text or "").split())[:100]
    if looks_like_postcode(text):
        return []
    if text:
        query = query.where(or_(func.lower(Setting.urn) == text.lower(),
                                func.lower(Setting.name).contains(text.lower(), autoescape=True)))
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


def publication_date(report: InspectionReport) -> date | None:
    """The day the embargo ends, in England (publish_at is 00:00 UK time that day)."""
    return as_utc(report.publish_at).astimezone(UK).date() if report.publish_at else None


def overall_judgement(snapshot: dict) -> str | None:
    """The headline judgement of a sent report: overall experiences and progress at a full
    inspection, the assurance judgement at an assurance one; none for a monitoring visit."""
    judgements = snapshot.get("judgements") or {}
    grade = judgements.get(inspection_rules.OVERALL) or judgements.get(inspection_rules.ASSURANCE_AREA)
    return inspection_rules.ALL_GRADE_LABELS.get(grade) if grade else None


def inspection_dates(start: date, end: date | None) -> str:
    """'4 to 6 November 2026', '30 October to 2 November 2026', or one day."""
    if end is None or end == start:
        return f"{start.day} {start:%B %Y}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day} to {end.day} {end:%B %Y}"
    if start.year == end.year:
        return f"{start.day} {start:%B} to {end.day} {end:%B %Y}"
    return f"{start.day} {start:%B %Y} to {end.day} {end:%B %Y}"
