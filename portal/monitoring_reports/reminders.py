"""Reminders of reports due soon or overdue, queued through the outbox (R-MON-1, R-MON-4, R-MON-5).

Each reminder is logged under its setting, kind and period, so running the command again
(or on two machines at once) never sends the same reminder twice.
"""

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal.core import outbox
from portal.core.clock import UK
from portal.core.formatting import deadline, uk_date
from portal.core.links import absolute_url
from portal.extensions import db
from portal.monitoring_reports import compliance, rules
from portal.monitoring_reports.models import ReminderLog
from portal.providers.models import Setting
from portal.providers.people import responsible_people

VISIT_DUE, VISIT_OVERDUE, REVIEW_DUE, REVIEW_OVERDUE = "visit_due", "visit_overdue", "review_due", "review_overdue"
# A report that became overdue in this window gets one reminder; older gaps are left to the
# inspectorate's oversight list rather than flooding people when the portal is first used.
OVERDUE_WINDOW = timedelta(days=35)


def _log_once(setting: Setting, kind: str, period: str, now: datetime) -> bool:
    """Claim this reminder; False if it was already sent."""
    try:
        with db.session.begin_nested():
            db.session.add(ReminderLog(setting_id=setting.id, kind=kind, period=period, sent_at=now))
    except IntegrityError:
        return False
    return True


def _tell(setting: Setting, include_visitors: bool, subject: str, body: str, now: datetime) -> None:
    link = absolute_url("monitoring_reports_provider.setting_compliance", setting_id=setting.id)
    for person in responsible_people(setting, include_visitors):
        outbox.queue(person, subject, f"{body}\n\nSee the setting's reports: {link}\n", now, related=setting)


def send(now: datetime, days_before: int = 7) -> int:
    """Queue every reminder that is due now; returns how many reminders were queued."""
    settings = list(
        db.session.scalars(
            select(Setting)
            .where(Setting.setting_type.in_([t.value for t in rules.VISIT_REGULATION]))
            .order_by(Setting.id)
        )
    )
    soon = timedelta(days=days_before)
    today = now.astimezone(UK).date()
    sent = 0
    for status in compliance.for_settings(settings, now):
        setting = status.setting
        name = f"{setting.name} ({setting.urn})"
        for month in status.months:
            label = month.month.strftime("%B %Y")
            if (
                month.status == rules.NOT_YET_DUE
                and month.due - now <= soon
                and _log_once(setting, VISIT_DUE, month.month.isoformat(), now)
            ):
                _tell(
                    setting,
                    True,
                    f"Visit report due: {name}, {label}",
                    f"The regulation {status.regulation} visit report for {label} is due by {deadline(month.due)}.",
                    now,
                )
                sent += 1
            elif (
                month.status == rules.MISSING
                and now - month.due <= OVERDUE_WINDOW
                and _log_once(setting, VISIT_OVERDUE, month.month.isoformat(), now)
            ):
                _tell(
                    setting,
                    True,
                    f"Visit report overdue: {name}, {label}",
                    f"The regulation {status.regulation} visit report for {label} was due by {deadline(month.due)} "
                    "and has not been received. Send it as soon as you can.",
                    now,
                )
                sent += 1
        review = status.review
        period = review.next_due.isoformat()
        if review.overdue and _log_once(setting, REVIEW_OVERDUE, period, now):
            _tell(
                setting,
                False,
                f"Quality-of-care review overdue: {name}",
                f"The regulation {review.regulation} review was due by {uk_date(review.next_due)} and no report of it "
                "has been received.",
                now,
            )
            sent += 1
        elif not review.overdue and review.next_due - today <= soon and _log_once(setting, REVIEW_DUE, period, now):
            _tell(
                setting,
                False,
                f"Quality-of-care review due: {name}",
                f"The regulation {review.regulation} review is due by {uk_date(review.next_due)}. Send its report, "
                f"with the actions you intend to take, within {rules.REVIEW_DAYS} days of completing it.",
                now,
            )
            sent += 1
    db.session.commit()
    return sent
