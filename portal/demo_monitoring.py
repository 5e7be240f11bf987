"""Demo monitoring reports: a record with gaps, a late report, a serious concern and reviews,
so that the compliance grid, reminders and oversight have something real to show."""

from datetime import date, datetime, time, timedelta
from io import BytesIO

from reportlab.pdfgen import canvas
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from portal.core.clock import UK
from portal.core.workdays import add_months
from portal.extensions import db
from portal.monitoring_reports import responses, rules, services
from portal.monitoring_reports.models import MonitoringReport


def document(title: str) -> FileStorage:
    buffer = BytesIO()
    page = canvas.Canvas(buffer)
    page.setTitle(title)
    page.drawString(72, 760, title)
    page.drawString(72, 740, "Demo document of the provider portal.")
    page.save()
    buffer.seek(0)
    return FileStorage(stream=buffer, filename=title.lower().replace(" ", "-") + ".pdf")


def _visit(
    setting, visitor, visit_day: date, received: datetime, concern: str | None = None, late_reason: str | None = None
):
    answers = {
        "visit_date": visit_day,
        "announced": False,
        "spoke_to": ["children", "staff"],
        "records_inspected": "Daily logs, incident and restraint records, the complaints log",
        "premises_inspected": "Bedrooms, communal areas and the kitchen",
        "safeguarding_effective": concern is None,
        "wellbeing_promoted": True,
        "recommendations": "Review the missing-from-care protocol with the local authority",
        "conflict_of_interest": None,
        "serious_concern": concern is not None,
        "serious_concern_details": concern,
        "late_reason": late_reason,
    }
    pending = services.prepare(
        visitor,
        setting,
        rules.VISIT,
        answers,
        document(f"Visit report {setting.urn} {visit_day.isoformat()}"),
        received,
    )
    return services.submit(pending, visitor, received)


def _review(setting, manager, completed: date, received: datetime):
    answers = {
        "period_start": completed - timedelta(days=180),
        "period_end": completed - timedelta(days=3),
        "completed_on": completed,
        "views_gathered": ["children", "parents", "placing_authorities", "staff"],
        "actions": "Recruit two waking night staff; refresh training on de-escalation",
    }
    pending = services.prepare(
        manager, setting, rules.REVIEW, answers, document(f"Quality of care review {setting.urn}"), received
    )
    return services.submit(pending, manager, received)


def _month_ago(today: date, months: int, day: int) -> date:
    return add_months(today.replace(day=1), -months).replace(day=day)


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=UK)


def seed_monitoring(settings: dict, users: dict, now: datetime) -> None:
    if db.session.scalar(select(MonitoringReport.id).limit(1)) is not None:
        return
    today = now.astimezone(UK).date()
    visitor = users["visitor@oakfield.example"]
    oakfield, maple, riverside = settings["SC100001"], settings["SC100004"], settings["SC100003"]
    for months in range(1, 12):
        if months == 3:
            continue  # a missing month
        visit = _month_ago(today, months, 12)
        received = _at(visit + timedelta(days=9))
        late_reason = None
        if months == 5:
            received = _at(add_months(visit.replace(day=1), 2) + timedelta(days=3))  # a late report
            late_reason = "I was unwell for three weeks and wrote the report on my return."
        _visit(oakfield, visitor, visit, received, late_reason=late_reason)
    _review(
        oakfield,
        users["rm.oakfield@oakfield.example"],
        _month_ago(today, 2, 20),
        _at(_month_ago(today, 2, 20) + timedelta(days=10)),
    )
    # Maple's review was done four months ago; Riverside has never sent one (overdue, R-MON-4).
    _review(
        maple,
        users["rm.maple@oakfield.example"],
        _month_ago(today, 4, 12),
        _at(_month_ago(today, 4, 12) + timedelta(days=14)),
    )
    _visit(maple, visitor, _month_ago(today, 2, 8), _at(_month_ago(today, 2, 18)))
    concern = _visit(
        maple,
        visitor,
        _month_ago(today, 1, 9),
        _at(_month_ago(today, 1, 16)),
        concern="A child told me they were locked out of the home overnight last week; staff could "
        "not say where the child was.",
    )
    # The provider answers beside the visitor's words; the alert still waits for its owner (R-MON-3).
    responses.add(
        concern,
        "We have reviewed the night log with the placing authority and changed the door procedure the same day.",
        users["ri@oakfield.example"],
        _at(_month_ago(today, 1, 17)),
    )
    for months in range(1, 7):
        visit = _month_ago(today, months, 4)
        _visit(riverside, users["rm.oakfield@oakfield.example"], visit, _at(visit + timedelta(days=6)))
    rm_north = users["rm@northgate.example"]
    elm = settings["SC200002"]
    for months in range(1, 4):
        visit = _month_ago(today, months, 15)
        _visit(elm, rm_north, visit, _at(visit + timedelta(days=5)))
