"""The public search's filter lists, read from the areas kept per local authority (R-PUB-2, R-PUB-4),
equal asking every setting whether it has a published report, after each change that moves them
and at every instant: a report sent for later, its publication day, a report withheld, a setting
moving area; and writers of one area at once leave it right."""

import threading
from datetime import timedelta

from sqlalchemy import select

from portal.extensions import db as _db
from portal.inspection_reports import non_publication, publication, published_areas
from portal.inspection_reports.models import InspectionReport
from portal.inspection_reports.models_publication import PublishedArea
from portal.inspection_reports.non_publication import Decision
from portal.inspections import rules as inspection_rules
from portal.inspections.models import Inspection
from portal.providers.models import Setting
from tests.conftest import FROZEN
from tests.inspection_reports.publication_support import PUBLISH, sent_final

MONITORING = inspection_rules.MONITORING
INSTANTS = [FROZEN, PUBLISH - timedelta(seconds=1), PUBLISH, PUBLISH + timedelta(days=3), PUBLISH + timedelta(days=40)]


def _asking_every_setting(now):
    """The lists as they were worked out before areas were kept: each setting asks for a published report."""
    has_published = (
        select(InspectionReport.id)
        .join(Inspection, Inspection.id == InspectionReport.inspection_id)
        .where(Inspection.setting_id == Setting.id, *publication.published_clause(now))
        .exists()
    )
    rows = _db.session.execute(select(Setting.local_authority, Setting.region).where(has_published).distinct()).all()
    return sorted({row[0] for row in rows}), sorted({row[1] for row in rows})


def _assert_lists_right():
    _db.session.expire_all()
    for now in INSTANTS:
        assert publication.filters(now) == _asking_every_setting(now), now
    kept = {(a.local_authority, a.region): a.since for a in _db.session.scalars(select(PublishedArea))}
    published_areas.recount_all()
    again = {(a.local_authority, a.region): a.since for a in _db.session.scalars(select(PublishedArea))}
    assert {area: since for area, since in kept.items() if since} == again


def test_the_filter_lists_follow_each_change_that_moves_them(db, make, world):
    _assert_lists_right()  # nothing published yet
    cornwall = make.setting(world.provider, "CH", name="Kernow House", local_authority="Cornwall", region="South West")
    sent_final(db, make, cornwall, world.inspector, publish_at=PUBLISH + timedelta(days=2))
    assert publication.filters(PUBLISH) == ([], [])  # sent, not yet published
    assert publication.filters(PUBLISH + timedelta(days=2)) == (["Cornwall"], ["South West"])
    _assert_lists_right()

    visit = sent_final(db, make, world.home, world.inspector, kind=MONITORING)
    _assert_lists_right()
    later = sent_final(
        db, make, world.other_home, world.inspector, kind=MONITORING, publish_at=PUBLISH + timedelta(days=30)
    )
    _assert_lists_right()
    non_publication.withhold(visit, Decision("An investigation is under way.", "Jo Bloggs"), world.manager, FROZEN)
    assert world.home.local_authority == world.other_home.local_authority  # the area now waits for the later one
    _assert_lists_right()
    non_publication.withhold(later, Decision("An investigation is under way.", "Jo Bloggs"), world.manager, FROZEN)
    _assert_lists_right()

    cornwall.local_authority, cornwall.region = "Devon", "South West"  # a setting's area put right
    db.session.commit()
    assert "Cornwall" not in publication.filters(PUBLISH + timedelta(days=3))[0]
    _assert_lists_right()


def test_writers_of_one_area_at_once_leave_its_first_publication(app, db, make, world):
    """Four finals of four homes in one area sent at once (on PostgreSQL, truly at once): each commit
    works the area out after the one before it, so it ends with the earliest of the four."""
    homes = [make.setting(world.provider, "CH", name=f"Home {n}", local_authority="Wigan") for n in range(4)]
    reports = [sent_final(db, make, home, world.inspector, publish_at=None) for home in homes]
    for report in reports:
        report.final = None  # not yet sent
    db.session.commit()
    ids = [report.id for report in reports]
    db.session.remove()
    errors = []
    barrier = threading.Barrier(len(ids))

    def send(n, report_id):
        with app.app_context():
            try:
                report = _db.session.get(InspectionReport, report_id)
                barrier.wait(timeout=10)
                report.final = {"judgements": {}, "paragraphs": []}
                report.publish_at = PUBLISH + timedelta(days=n)
                _db.session.commit()
            except Exception as error:  # noqa: BLE001  (reported below)
                errors.append(repr(error))
            finally:
                _db.session.remove()

    threads = [threading.Thread(target=send, args=(n, report_id)) for n, report_id in enumerate(ids)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    wigan = _db.session.scalar(select(PublishedArea).where(PublishedArea.local_authority == "Wigan"))
    assert wigan.since == PUBLISH
    _assert_lists_right()
