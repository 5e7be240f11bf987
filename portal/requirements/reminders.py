"""Reminders of the monitoring visit after a compliance notice (R-REQ-3), queued through the
outbox to the setting's lead inspector (the managers when it has none): once when the notice's
date arrives and the visit falls due, and once if the visit's last day passes unrecorded.

Each reminder is logged (monitoring_reports.models.ReminderLog, kind and notice), so running
the command again, or on two machines at once, never sends the same reminder twice.
"""

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal.core import clock, outbox
from portal.core.formatting import uk_date
from portal.core.links import absolute_url
from portal.extensions import db
from portal.inspections import ownership
from portal.monitoring_reports.models import ReminderLog
from portal.requirements.models import ComplianceNotice

VISIT_DUE, VISIT_OVERDUE = "compliance_visit_due", "compliance_visit_overdue"


def _log_once(notice: ComplianceNotice, kind: str, now: datetime) -> bool:
    try:
        with db.session.begin_nested():
            db.session.add(ReminderLog(setting_id=notice.setting_id, kind=kind, period=notice.reference, sent_at=now))
    except IntegrityError:
        return False
    return True


def send(now: datetime) -> int:
    """Queue every compliance-visit reminder due now; returns how many were queued."""
    today = clock.today_uk(now)
    notices = db.session.scalars(
        select(ComplianceNotice)
        .where(ComplianceNotice.visited_on.is_(None), ComplianceNotice.comply_by <= today)
        .order_by(ComplianceNotice.visit_due, ComplianceNotice.id)
    )
    queued = 0
    for notice in notices:
        kind = VISIT_OVERDUE if notice.visit_due < today else VISIT_DUE
        if not _log_once(notice, kind, now):
            continue
        setting = notice.setting
        link = absolute_url("requirements_inspectorate.notice", notice_id=notice.id)
        overdue = "is overdue: it was due" if kind == VISIT_OVERDUE else "is due"
        state = "overdue" if kind == VISIT_OVERDUE else "due"
        for inspector in ownership.responsible_inspectors(setting):
            outbox.queue(
                inspector,
                f"Monitoring visit {state}: {setting.name} ({notice.reference})",
                f"The date to comply with compliance notice {notice.reference} for {setting.name} ({setting.urn}) "
                f"was {uk_date(notice.comply_by)}. The monitoring visit {overdue} by {uk_date(notice.visit_due)}.\n\n"
                f"Record the visit and whether the notice was met: {link}\n",
                now,
                related=notice,
            )
            queued += 1
    db.session.commit()
    return queued
