"""Each report keeps what its current version says that the lists across England count by
(``MonitoringReport.current_visit_date``, ``current_completed_on``,
``current_safeguarding_effective``), whichever way the version came, so a year of months, the
latest reviews and the opinions that children are not safeguarded are read from the reports'
indexes alone (R-MON-1, R-MON-2, R-MON-3, R-MON-5; issue 17)."""

from datetime import date, timedelta

from sqlalchemy import select

from portal.monitoring_reports import services
from portal.monitoring_reports.models import MonitoringReport
from tests.conftest import FROZEN
from tests.files import field, pdf_bytes, upload
from tests.monitoring_reports.test_bulk import post
from tests.monitoring_reports.test_bulk_answers import answer
from tests.monitoring_reports.test_queries import _send_review


def _kept(db) -> list[tuple]:
    reports = db.session.scalars(select(MonitoringReport).order_by(MonitoringReport.id))
    return [(r.current_visit_date, r.current.visit_date) for r in reports]


def _all_kept(db) -> list[tuple]:
    """(kept, current version's) of every kept answer of every report."""
    db.session.expire_all()
    reports = db.session.scalars(select(MonitoringReport).order_by(MonitoringReport.id))
    return [
        (
            (r.current_visit_date, r.current_completed_on, r.current_safeguarding_effective),
            (r.current.visit_date, r.current.completed_on, r.current.safeguarding_effective),
        )
        for r in reports
    ]


def test_a_sent_report_and_its_correction_keep_the_current_visit_date(world, make, db):
    report = make.report(world.home, world.ip, visit_date=date(2026, 9, 14))
    assert report.current_visit_date == date(2026, 9, 14)
    pending = services.prepare(
        world.ip,
        world.home,
        "visit",
        {"visit_date": date(2026, 10, 2), "reason": "Wrong date"},
        upload(pdf_bytes()),
        FROZEN,
        report,
    )
    services.submit(pending, world.ip, FROZEN)
    db.session.expire_all()
    assert report.latest_version == 2 and report.current_visit_date == date(2026, 10, 2)
    assert _kept(db) == [(date(2026, 10, 2), date(2026, 10, 2))]


def test_a_bulk_upload_keeps_it_too(client, login_as, world, make, db):
    login_as(world.ri)
    documents = [field(pdf_bytes("a"), f"{world.home.urn}_2026-10-14.pdf")]
    batch_page = post(client, documents).location
    answer(client, batch_page, 1)
    assert client.post(batch_page, data={"confirm": "yes"}).status_code == 302
    kept = _kept(db)
    assert kept == [(date(2026, 10, 14), date(2026, 10, 14))]
    assert all(mine == current for mine, current in _all_kept(db))


def test_a_correction_of_the_opinion_on_safeguarding_is_what_the_report_keeps(world, make, db):
    report = make.report(world.home, world.ip, safeguarding_effective=True)
    assert report.current_safeguarding_effective is True
    pending = services.prepare(
        world.ip,
        world.home,
        "visit",
        {"visit_date": report.current.visit_date, "safeguarding_effective": False, "reason": "Wrong answer"},
        upload(pdf_bytes()),
        FROZEN,
        report,
    )
    services.submit(pending, world.ip, FROZEN)
    kept = _all_kept(db)
    assert kept[0][0][2] is False
    assert all(mine == current for mine, current in kept)


def test_a_review_and_its_correction_keep_the_completion_date(world, db):
    review = _send_review(world.home, world.rm, date(2026, 10, 1), FROZEN)
    assert review.current_completed_on == date(2026, 10, 1) and review.current_visit_date is None
    answers = {
        "period_start": date(2026, 4, 1),
        "period_end": date(2026, 9, 30),
        "completed_on": date(2026, 10, 8),
        "views_gathered": ["children"],
        "actions": "Update the plan.",
        "reason": "Wrong completion date",
    }
    pending = services.prepare(world.rm, world.home, "review", answers, upload(pdf_bytes("r")), FROZEN, review)
    services.submit(pending, world.rm, FROZEN + timedelta(minutes=1))
    kept = _all_kept(db)
    assert kept[0][0][1] == date(2026, 10, 8)
    assert all(mine == current for mine, current in kept)
