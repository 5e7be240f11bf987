"""Two submissions of the same report racing each other store exactly one report."""

import threading

from sqlalchemy import func, select

from portal.accounts.models import User
from portal.extensions import db as _db
from portal.monitoring_reports import services
from portal.monitoring_reports.models import MonitoringReport, PendingSubmission
from tests.conftest import FROZEN
from tests.files import pdf_bytes, upload


def test_racing_submissions_of_one_report_store_it_once(app, db, world):
    pending = services.prepare(
        world.ip, world.home, "visit", {"visit_date": FROZEN.date().replace(day=2)}, upload(pdf_bytes()), FROZEN
    )
    key, user_id = pending.key, world.ip.id
    db.session.remove()
    results, errors = [], []
    barrier = threading.Barrier(4)

    def submit():
        with app.app_context():
            try:
                user = _db.session.get(User, user_id)
                mine = services.pending_for(user, key)
                barrier.wait(timeout=10)
                results.append(services.submit(mine, user, FROZEN).id)
            except Exception as error:  # noqa: BLE001  (reported below)
                errors.append(repr(error))
            finally:
                _db.session.remove()

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == [] and len(results) == 4
    assert len(set(results)) == 1
    assert db.session.scalar(select(func.count()).select_from(MonitoringReport)) == 1
    assert db.session.scalar(select(func.count()).select_from(PendingSubmission)) == 0
