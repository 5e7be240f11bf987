"""The provider's response to a visit report: beside the visitor's words, never instead of them."""

from datetime import datetime

from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.core import audit, limits
from portal.extensions import db
from portal.monitoring_reports import rules
from portal.monitoring_reports.models import MonitoringReport, VisitReportResponse

TEXT_MAX = limits.TEXT_MAX
RESPONDERS = (Role.REGISTERED_MANAGER, Role.RESPONSIBLE_INDIVIDUAL)


def may_respond(user: User, report: MonitoringReport) -> bool:
    """The provider's staff who may see a visit report (R-MON-6); a review is their own already."""
    return report.kind == rules.VISIT and user.role in RESPONDERS


def add(report: MonitoringReport, text: str, actor: User, now: datetime) -> VisitReportResponse:
    """Keep one more response; earlier ones stay as they were (DESIGN.md convention 6)."""
    text = (text or "").strip()
    if not may_respond(actor, report) or not text or len(text) > TEXT_MAX:
        raise ValueError("no response to store")
    response = VisitReportResponse(report_id=report.id, text=text, author_id=actor.id, created_at=now)
    db.session.add(response)
    db.session.flush()
    audit.record(actor, "report_response_added", report, now, after={"response_id": response.id, "text": text})
    db.session.commit()
    return response
