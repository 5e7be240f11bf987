"""Reminders of next steps whose day has come and that nobody has recorded (R-NEXT), to the
inspection's lead inspector, once each (logged like every reminder: ReminderLog)."""

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal.core import clock, outbox
from portal.core.formatting import uk_date
from portal.core.links import absolute_url
from portal.extensions import db
from portal.inspections import rules as inspection_rules
from portal.inspections.models import Inspection, ProvisionalJudgement
from portal.monitoring_reports.models import ReminderLog
from portal.next_steps import services

KIND = "next_step"
# The longest a step runs is a family centre's re-inspection within 12 months of the feedback.
LOOK_BACK = timedelta(days=400)


def _candidates(now: datetime):
    """Inspections ended within the look-back whose judgement may start next steps: inadequate or
    serious concerns given at feedback, and every STC monitoring visit (its concerns are in its report)."""
    since = clock.today_uk(now) - LOOK_BACK
    judged = select(ProvisionalJudgement.inspection_id).where(
        ProvisionalJudgement.grade.in_([inspection_rules.INADEQUATE, inspection_rules.SERIOUS])
    )
    return db.session.scalars(
        select(Inspection)
        .where(
            Inspection.end_date >= since,
            Inspection.status != inspection_rules.WITHDRAWN,
            Inspection.id.in_(judged) | (Inspection.inspection_type == inspection_rules.MONITORING),
        )
        .order_by(Inspection.id)
    )


def send(now: datetime) -> int:
    today = clock.today_uk(now)
    queued = 0
    for inspection in _candidates(now):
        for number, item in enumerate(services.checklist(inspection), start=1):
            if item.record is not None or item.step.due is None or item.step.due > today:
                continue
            try:
                with db.session.begin_nested():
                    db.session.add(
                        ReminderLog(
                            setting_id=inspection.setting_id,
                            kind=KIND,
                            period=f"{inspection.id}:{number}",  # a step's place in its type's list
                            sent_at=now,
                        )
                    )
            except IntegrityError:
                continue
            link = absolute_url("inspections_inspectorate.show", inspection_id=inspection.id) + "#next-steps"
            outbox.queue(
                inspection.lead_inspector,
                f"Next step due: {inspection.setting.name}",
                f"After the judgement of the inspection of {inspection.setting.name}, this step was due by "
                f"{uk_date(item.step.due)} and is not recorded:\n\n{item.step.label}\n\nRecord it: {link}\n",
                now,
                related=inspection,
            )
            queued += 1
    db.session.commit()
    return queued
