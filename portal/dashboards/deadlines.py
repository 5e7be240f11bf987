"""A provider's next deadlines across all of its settings, soonest first (issue 18): the Annex A
asked for, the windows for informal concerns and comments, the reports the inspectorate owes and
their publication day (R-AXA-2, R-TL-1..5), the visit reports and reviews due (R-MON-1, R-MON-4)
and the responses to formal complaints (R-CMP-1).

Each source is read with a bounded statement, never every setting's history: the inspections
still in flight (not withdrawn, final not yet published), the open complaints, the number of
settings still to report on a month (counted in SQL), and each setting's latest review.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import contains_eager, joinedload

from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.complaints import rules as complaint_rules
from portal.complaints.access import visible_complaints
from portal.complaints.models import Complaint
from portal.core.clock import UK, as_utc
from portal.core.workdays import add_months
from portal.dashboards import provider
from portal.extensions import db
from portal.inspections import timeline
from portal.inspections.access import visible_inspections
from portal.inspections.models import Inspection
from portal.monitoring_reports import compliance, rules as monitoring_rules
from portal.monitoring_reports.models import MonitoringReport
from portal.providers.access import visible_settings
from portal.providers.models import Setting

SHOWN = 6
# A final report is published five working days after it is sent (R-TL-3): a month covers it.
IN_FLIGHT_AFTER_FINAL = timedelta(days=31)


@dataclass(frozen=True)
class Due:
    what: str
    where: str  # the setting, or how many settings
    due: datetime | None  # None: held, no date can be given (R-TL-5)
    endpoint: str
    arguments: tuple[tuple[str, int], ...]
    overdue: bool = False
    day_only: bool = False  # a day (a publication day), not an instant
    note: str = ""


def next_deadlines(
    user: User,
    now: datetime,
    shown: int = SHOWN,
    flying: list[Inspection] | None = None,
    context: "provider.Lookups | None" = None,
) -> tuple[list[Due], int]:
    """The ``shown`` soonest deadlines (overdue ones first) and how many there are in all.
    ``flying`` and ``context`` are the inspections in flight and their lookups when the page has
    read them already (``in_flight``, ``provider.lookups``)."""
    flying = in_flight(user, now) if flying is None else flying
    found = [
        *_inspection_deadlines(flying, now, context),
        *_complaint_responses(user, now),
        *_monitoring(user, now),
    ]
    found.sort(key=lambda d: (not d.overdue, d.due is None, d.due or now))
    return found[:shown], len(found)


def in_flight(user: User, now: datetime) -> list[Inspection]:
    """The user's inspections still in flight (not withdrawn, final not yet published), with their
    settings; none for an independent person."""
    if user.role == Role.INDEPENDENT_PERSON:
        return []
    return list(
        db.session.scalars(
            visible_inspections(user)
            .where(
                Inspection.withdrawn_at.is_(None),
                Inspection.status.in_(timeline.GOING_AHEAD),
                or_(Inspection.final_sent_at.is_(None), Inspection.final_sent_at > now - IN_FLIGHT_AFTER_FINAL),
            )
            .join(Setting, Setting.id == Inspection.setting_id)
            .options(contains_eager(Inspection.setting))
        )
    )


def _inspection_deadlines(flying: list[Inspection], now: datetime, context) -> list[Due]:
    names = {i.id: f"{i.setting.name} ({i.setting.urn})" for i in flying}
    result = []
    for deadline in provider.deadlines_of(flying, now, *(context or (None, None, None))):
        if deadline.annex_a_setting_id:
            endpoint, arguments = "annex_a_provider.task_list", (("setting_id", deadline.annex_a_setting_id),)
        else:
            endpoint, arguments = "inspections_provider.show", (("inspection_id", deadline.inspection_id),)
        note = "; ".join(deadline.held_by)
        result.append(
            Due(
                deadline.what,
                names[deadline.inspection_id],
                deadline.due,
                endpoint,
                arguments,
                overdue=deadline.overdue,
                day_only=deadline.is_publication,
                note=note,
            )
        )
    return result


def _complaint_responses(user: User, now: datetime) -> list[Due]:
    if user.role == Role.INDEPENDENT_PERSON:
        return []
    waiting = db.session.scalars(
        visible_complaints(user)
        .where(Complaint.status.in_(complaint_rules.AWAITING_RESPONSE), Complaint.response_due_at.is_not(None))
        .order_by(Complaint.response_due_at)
        .limit(SHOWN)
        .options(joinedload(Complaint.inspection).joinedload(Inspection.setting))
    ).all()
    return [
        Due(
            f"Response to your complaint {complaint.reference} due from the inspectorate",
            f"{complaint.inspection.setting.name} ({complaint.inspection.setting.urn})",
            as_utc(complaint.response_due_at),
            "complaints_provider.show",
            (("complaint_id", complaint.id),),
            overdue=as_utc(complaint.response_due_at) <= now,
        )
        for complaint in waiting
    ]


def _monitoring(user: User, now: datetime) -> list[Due]:
    today = now.astimezone(UK).date()
    return [*_visit_reports(user, now, today), *([] if user.role == Role.INDEPENDENT_PERSON else _reviews(user, today))]


def _visit_reports(user: User, now: datetime, today: date) -> list[Due]:
    """The month whose reports fell due last, if some settings have sent none (overdue), and the
    next month still to report on (last month's, due by the end of this one, else this month's):
    how many settings have no visit report for each, counted in one SQL statement (R-MON-1, R-MON-5)."""
    this_month = today.replace(day=1)
    overdue_month, last_month = add_months(this_month, -2), add_months(this_month, -1)
    missing, last, this = _without_a_report(user, (overdue_month, last_month, this_month))
    result = []
    if missing:
        result.append(
            Due(
                f"Visit reports for visits in {overdue_month:%B %Y}",
                f"{missing} setting{'s have' if missing != 1 else ' has'} sent none",
                monitoring_rules.visit_report_due(overdue_month),
                "dashboards.provider_dashboard",
                (),
                overdue=True,
            )
        )
    for month, waiting in ((last_month, last), (this_month, this)):
        if waiting:
            where = f"{waiting} setting{'s' if waiting != 1 else ''} still to send"
            due = monitoring_rules.visit_report_due(month)
            result.append(
                Due(f"Visit reports for visits in {month:%B %Y}", where, due, "dashboards.provider_dashboard", ())
            )
            break
    return result


def _without_a_report(user: User, months: tuple[date, ...]) -> tuple[int, ...]:
    """For each month, how many of the user's reporting settings, registered by the month's end,
    have no visit report of a visit in it (an independent person: none of their own)."""
    settings = visible_settings(user).where(Setting.setting_type.in_(compliance.REPORTING_TYPES)).subquery()
    counts = []
    for month in months:
        month_end = add_months(month, 1)
        reported = exists().where(
            MonitoringReport.setting_id == settings.c.id,
            MonitoringReport.kind == monitoring_rules.VISIT,
            MonitoringReport.current_visit_date >= month,
            MonitoringReport.current_visit_date < month_end,
        )
        if user.role == Role.INDEPENDENT_PERSON:
            reported = reported.where(MonitoringReport.submitted_by_id == user.id)
        counts.append(func.count().filter(and_(settings.c.registered_on < month_end, ~reported)))
    row = db.session.execute(select(*counts).select_from(settings)).one()
    return tuple(count or 0 for count in row)


def _reviews(user: User, today: date) -> list[Due]:
    """The reviews due soonest (or overdue) of the settings that make them (R-MON-4); only those
    settings are read, however many the provider has."""
    reviewing = visible_settings(user).where(Setting.setting_type.in_(_REVIEWING))
    result = []
    for setting, status in compliance.soonest_reviews(reviewing, today, SHOWN):
        if status.next_due is None:
            continue
        # Due on a day: the instant is that day's end in the UK, as the page reads it.
        due = datetime.combine(status.next_due + timedelta(days=1), datetime.min.time(), UK)
        result.append(
            Due(
                f"Regulation {status.regulation} quality-of-care review due",
                f"{setting.name} ({setting.urn})",
                as_utc(due),
                "monitoring_reports_provider.setting_compliance",
                (("setting_id", setting.id),),
                overdue=status.overdue,
            )
        )
    result.sort(key=lambda d: (not d.overdue, d.due))
    return result[:SHOWN]


_REVIEWING = [t.value for t in monitoring_rules.REVIEW_REGULATION]
