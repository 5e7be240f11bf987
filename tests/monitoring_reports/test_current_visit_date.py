"""Each report keeps its current version's visit date (``MonitoringReport.current_visit_date``),
whichever way the version came, so a year of months is counted from the reports' index alone
(R-MON-1, R-MON-5; issue 17)."""

from datetime import date

from sqlalchemy import select

from portal.monitoring_reports import services
from portal.monitoring_reports.models import MonitoringReport
from tests.conftest import FROZEN
from tests.files import field, pdf_bytes, upload
from tests.monitoring_reports.test_bulk import post


def _kept(db) -> list[tuple]:
    reports = db.session.scalars(select(MonitoringReport).order_by(MonitoringReport.id))
    return [(r.current_visit_date, r.current.visit_date) for r in reports]


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
    documents = [field(pdf_bytes("a"), f"{world.home.urn}_2026-09-10.pdf")]
    assert post(client, documents).status_code == 200
    kept = _kept(db)
    assert kept == [(date(2026, 9, 10), date(2026, 9, 10))]
