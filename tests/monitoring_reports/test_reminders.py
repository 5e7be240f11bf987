"""Reminders go through the outbox, before a report is due and when it is overdue, never twice."""

from datetime import UTC, date, datetime

from sqlalchemy import func, select

from portal.core.outbox import OutboxMessage
from portal.monitoring_reports import reminders
from portal.monitoring_reports.models import ReminderLog


def subjects(db):
    return sorted(m.subject for m in db.session.scalars(select(OutboxMessage)))


def test_due_soon_and_overdue_reminders_are_sent_once(app, db, world, make):
    make.report(world.home, world.rm, visit_date=date(2026, 9, 10))  # September covered
    make.report(world.home, world.rm, visit_date=date(2026, 11, 2))  # November covered
    now = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)  # October due by 30 November
    sent = reminders.send(now, days_before=7)
    home = f"{world.home.name} ({world.home.urn})"
    assert f"Visit report due: {home}, October 2026" in subjects(db)
    assert f"Visit report due: {home}, September 2026" not in subjects(db)
    recipients = {
        m.recipient
        for m in db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.subject == f"Visit report due: {home}, October 2026")
        )
    }
    assert recipients == {world.rm.email, world.ri.email, world.ip.email}  # not rm_other, not the rival
    assert reminders.send(now, days_before=7) == 0  # running twice sends nothing more
    assert sent == db.session.scalar(select(func.count()).select_from(ReminderLog)) >= 3

    later = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)  # October is now overdue
    reminders.send(later, days_before=7)
    assert f"Visit report overdue: {home}, October 2026" in subjects(db)
    before = len(subjects(db))
    reminders.send(later, days_before=7)
    assert len(subjects(db)) == before


def test_command_queues_reminders(app, db, world):
    result = app.test_cli_runner().invoke(args=["portal", "send-reminders", "--days-before", "14"])
    assert result.exit_code == 0 and "Queued" in result.output
    again = app.test_cli_runner().invoke(args=["portal", "send-reminders", "--days-before", "14"])
    assert "Queued 0 reminders" in again.output


def test_review_reminders_go_to_staff_not_visitors(db, world, make):
    world.home.registered_on = date(2026, 5, 20)  # first review due 20 November
    db.session.commit()
    reminders.send(datetime(2026, 11, 16, 9, 0, tzinfo=UTC), days_before=7)
    messages = list(
        db.session.scalars(select(OutboxMessage).where(OutboxMessage.subject.startswith("Quality-of-care")))
    )
    home_messages = [m for m in messages if world.home.urn in m.subject]
    assert {m.recipient for m in home_messages} == {world.rm.email, world.ri.email}
