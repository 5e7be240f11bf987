"""Published reports (R-TL-3, R-DR-5, R-PUB-1..4): only final reports whose embargo has ended and
that were not withheld (R-PUB-2), found by URN, local authority or region only (R-PUB-4). Drafts,
comments and child-friendly summaries are never here."""

import re
from datetime import date, datetime

from sqlalchemy import func, inspect, select
from sqlalchemy.orm import defer, joinedload, with_expression

from portal.core.clock import UK, as_utc
from portal.core.paging import PER_PAGE, Page, paged
from portal.extensions import db
from portal.inspection_reports.models import InspectionReport
from portal.inspection_reports.models_publication import NonPublication, PublishedArea
from portal.inspections import rules as inspection_rules
from portal.inspections.models import Inspection
from portal.providers.models import Setting

# A full UK postcode, with or without its space. Where a children's home is must never be
# findable, so a postcode is refused as a search even if some setting's name contained it.
_POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?\s*[0-9][A-Z]{2}$", re.IGNORECASE)


def to_be_published_clause() -> tuple:
    """SQL conditions of a report that is or will be published: a final report sent and no decision
    not to publish it (R-PUB-2); its day is ``publish_at``."""
    # NOT IN (report_id is never NULL): one hashed list of the few withheld reports, not a
    # look-up per report.
    withheld = select(NonPublication.report_id)
    return InspectionReport.final.is_not(None), InspectionReport.id.not_in(withheld)


def published_clause(now: datetime) -> tuple:
    """SQL conditions of a published report: one to be published whose embargo is over (R-TL-3).
    Every public query and the standing judgement use it."""
    return *to_be_published_clause(), InspectionReport.publish_at <= now


def _published(now: datetime, joined: bool = True):
    """Published reports, joined to their inspection and setting for conditions on them."""
    query = select(InspectionReport).where(*published_clause(now))
    if not joined:
        return query
    return query.join(Inspection, Inspection.id == InspectionReport.inspection_id).join(
        Setting, Setting.id == Inspection.setting_id
    )


def looks_like_postcode(text: str) -> bool:
    return bool(_POSTCODE.match(" ".join((text or "").split())))


def search(now: datetime, text: str = "", local_authority: str = "", region: str = "", page: int = 1) -> Page:
    """Newest first, a page at a time. ``text`` is a URN, whole: never a name, an address or a
    postcode (R-PUB-4). Without a search the count comes from the index of sent finals alone; the
    page reads each report's judgements, never its text."""
    text = " ".join((text or "").split())[:100]
    if looks_like_postcode(text):
        return Page([], 0, 1, PER_PAGE)
    query = _published(now, joined=bool(text or local_authority or region))
    if text:
        query = query.where(func.upper(Setting.urn) == text.replace(" ", "").upper())
    if local_authority:
        query = query.where(Setting.local_authority == local_authority)
    if region:
        query = query.where(Setting.region == region)
    loading = (
        joinedload(InspectionReport.inspection).joinedload(Inspection.setting),
        defer(InspectionReport.content),
        defer(InspectionReport.draft),
        defer(InspectionReport.final),
        with_expression(InspectionReport.final_judgements, InspectionReport.final["judgements"]),
    )
    return paged(query.order_by(InspectionReport.publish_at.desc(), InspectionReport.id.desc()), page, loading=loading)


def find(now: datetime, inspection_id: int) -> InspectionReport | None:
    return db.session.scalar(_published(now).where(InspectionReport.inspection_id == inspection_id))


def filters(now: datetime) -> tuple[list[str], list[str]]:
    """The local authorities and regions that have a published report, for the filter lists
    (a withheld report's never: R-PUB-2), as ``published_areas`` keeps them: a row per area."""
    rows = db.session.execute(
        select(PublishedArea.local_authority, PublishedArea.region).where(PublishedArea.since <= now)
    ).all()
    return sorted({row[0] for row in rows}), sorted({row[1] for row in rows})


def publication_date(report: InspectionReport) -> date | None:
    """The day the embargo ends, in England (publish_at is 00:00 UK time that day)."""
    return as_utc(report.publish_at).astimezone(UK).date() if report.publish_at else None


def overall_judgement(snapshot: dict, setting_type=None) -> str | None:
    """The headline judgement of a sent report: overall experiences and progress at a full
    inspection or a monitoring visit with a new judgement (R-JUDGE-5), the assurance judgement,
    labelled for the type of setting when it is given (R-JUDGE-3); none otherwise."""
    judgements = snapshot.get("judgements") or {}
    grade = judgements.get(inspection_rules.OVERALL)
    if grade:
        return inspection_rules.ALL_GRADE_LABELS.get(grade)
    given = judgements.get(inspection_rules.ASSURANCE_AREA)
    return inspection_rules.grade_label(given, setting_type) if given else None


def judgement_of(report: InspectionReport) -> str:
    """What this published report itself judged, for its page and the search results."""
    inspection = report.inspection
    # A list asks for the judgements alone (search); a report's own page has the whole final.
    unloaded = "final" in inspect(report).unloaded
    snapshot = {"judgements": report.final_judgements} if unloaded else report.final or {}
    given = overall_judgement(snapshot, inspection.setting.type_enum)
    if given:
        return given
    if inspection.inspection_type == inspection_rules.MONITORING:
        return "No new judgement at this monitoring visit"
    return "No judgement given"


def inspection_dates(start: date, end: date | None) -> str:
    """'4 to 6 November 2026', '30 October to 2 November 2026', or one day."""
    if end is None or end == start:
        return f"{start.day} {start:%B %Y}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day} to {end.day} {end:%B %Y}"
    if start.year == end.year:
        return f"{start.day} {start:%B} to {end.day} {end:%B %Y}"
    return f"{start.day} {start:%B %Y} to {end.day} {end:%B %Y}"
