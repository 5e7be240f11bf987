"""The late and missing counts kept per setting equal those worked out from the reports (R-MON-5),
after every kind of change that moves them, on the day they were counted and after the nightly recount;
and the list reads them only when they are today's."""

import threading
import time
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from portal.core.storage import StoredFile
from portal.extensions import db as _db
from portal.monitoring_reports import compliance, gaps, services
from portal.monitoring_reports.models import GapCount
from portal.providers.models import Setting
from tests.conftest import FROZEN
from tests.monitoring_reports.test_gaps_equivalence import _add_report
from tests.monitoring_reports.test_queries import _send_review


def _kept() -> dict[int, tuple]:
    return {
        row.setting_id: (row.counted_on, row.missing, row.late, row.review_overdue)
        for row in _db.session.scalars(select(GapCount))
    }


def _derived(now: datetime) -> dict[int, tuple]:
    """What the rules give at ``now``, for every setting (zero for those that send no reports)."""
    today = now.date()
    found = {
        row.id: (today, row.missing, row.late, bool(row.overdue))
        for row in _db.session.execute(compliance.derived_counts(now, *compliance.setting_filters(None, None, None)))
    }
    every = _db.session.scalars(select(Setting.id))
    return {setting_id: found.get(setting_id, (today, 0, 0, False)) for setting_id in every}


def _assert_kept_as_derived(now=FROZEN):
    _db.session.expire_all()
    assert _kept() == _derived(now)


def test_the_kept_counts_follow_every_kind_of_change_in_its_own_transaction(db, make, world):
    _assert_kept_as_derived()  # the world's settings, counted as they were added
    on_time = make.report(world.home, world.rm, visit_date=date(2026, 9, 5))
    _assert_kept_as_derived()
    late_before = _kept()[world.home.id][2]
    make.report(world.home, world.rm, visit_date=date(2026, 8, 5), received=datetime(2026, 10, 20, tzinfo=UTC))
    assert _kept()[world.home.id][2] == late_before + 1  # August's came after the end of September: late
    _assert_kept_as_derived()

    # A correction moving September's visit into August, already covered: September is missing.
    pending = services.prepare(
        world.rm,
        world.home,
        "visit",
        {"visit_date": date(2026, 8, 6), "reason": "The visit was in August"},
        None,
        FROZEN,
        report=on_time,
    )
    before = _kept()[world.home.id]
    services.submit(pending, world.rm, FROZEN)
    assert _kept()[world.home.id][1] == before[1] + 1
    _assert_kept_as_derived()

    _send_review(world.other_home, world.rm, date(2026, 11, 2), FROZEN)
    _assert_kept_as_derived()

    family_centre = make.setting(world.provider, "RFC", name="Family centre", review_interval_months=3)
    assert family_centre.id in _kept()
    _assert_kept_as_derived()
    family_centre.registered_on = date(2026, 10, 1)  # a registration date put right
    db.session.commit()
    _assert_kept_as_derived()
    family_centre.review_interval_months = 12
    db.session.commit()
    _assert_kept_as_derived()
    world.home.setting_type = "SCH"
    db.session.commit()
    _assert_kept_as_derived()


def test_a_change_not_yet_committed_is_read_from_the_reports_by_its_own_transaction(db, make, world):
    setting = make.setting(world.provider, "CH", name="Nothing sent yet")
    setting.registered_on = date(2026, 10, 1)  # only October can be missing, and it is not yet due
    db.session.flush()  # kept as counted at its creation (every month missing) until the commit
    listed = {status.setting.id for status in gaps.page(FROZEN, per_page=200).statuses}
    assert setting.id not in listed
    setting.registered_on = date(2026, 1, 1)
    db.session.flush()
    listed = {status.setting.id: status.count("missing") for status in gaps.page(FROZEN, per_page=200).statuses}
    assert listed[setting.id] == 9  # January to September
    db.session.commit()
    _assert_kept_as_derived()


def test_the_list_reads_counts_made_today_and_works_out_the_others(db, make, world):
    make.report(world.home, world.rm, visit_date=date(2026, 9, 5))
    db.session.execute(  # not what the reports say: shows which the list read
        GapCount.__table__.update().where(GapCount.setting_id == world.home.id).values(missing=11, late=7)
    )
    shown = {s.setting.id: s for s in gaps.page(FROZEN, per_page=200).statuses}
    assert next(iter(shown)) == world.home.id  # ordered by the kept 11 months missing
    db.session.execute(
        GapCount.__table__.update()
        .where(GapCount.setting_id == world.home.id)
        .values(counted_on=FROZEN.date() - timedelta(days=1))
    )
    shown = [s.setting.id for s in gaps.page(FROZEN, per_page=200).statuses]
    every = _db.session.execute(compliance.derived_counts(FROZEN, *compliance.setting_filters(None, None, None)))
    derived = sorted(
        (row for row in every if row.missing or row.late or row.overdue),
        key=lambda row: (-row.missing, -row.late, row.name, row.id),
    )
    assert shown == [row.id for row in derived]


def test_the_nightly_recount_counts_every_setting_for_its_day(app, db, make, world):
    make.report(world.home, world.rm, visit_date=date(2026, 10, 5))
    later = datetime(2027, 1, 2, 9, tzinfo=UTC)  # a new month: October's report window has moved on
    assert _kept() != _derived(later)
    db.session.execute(GapCount.__table__.delete().where(GapCount.setting_id == world.other_home.id))
    db.session.commit()
    app.config["FROZEN_NOW"] = later
    result = app.test_cli_runner().invoke(args=["portal", "recount-monitoring-gaps"])
    assert result.exit_code == 0, result.output
    count = len(_derived(later))
    assert f"counted for {count} settings" in result.output
    _assert_kept_as_derived(later)  # the missing row made again, too


def test_writers_of_one_setting_at_once_leave_every_report_counted(app, db, world, monkeypatch):
    """Four visit reports of one setting written at once (on PostgreSQL, truly at once): each commit
    counts after the one before it, so the kept counts end with all four. Written without an audit
    event: audited writers also queue on the audit chain's head, which would hide a missing lock;
    and each waits a moment after counting, so that a writer counting too early would be seen."""
    recount = gaps.recount

    def slow_recount(*args):
        recount(*args)
        time.sleep(0.2)

    monkeypatch.setattr(gaps, "recount", slow_recount)
    stored = StoredFile(
        sha256="0" * 64, size=1, content_type="application/pdf", original_name="r.pdf", stored_at=FROZEN
    )
    db.session.add(stored)
    db.session.commit()
    file_id, setting_id, user_id = stored.id, world.home.id, world.rm.id
    db.session.remove()
    errors = []
    barrier = threading.Barrier(4)

    def write(month):
        with app.app_context():
            try:
                setting = _db.session.get(Setting, setting_id)
                barrier.wait(timeout=10)
                visit = date(2026, month, 5)
                _add_report(_db, setting, file_id, user_id, "visit", FROZEN, [(visit, None)])
                _db.session.commit()
            except Exception as error:  # noqa: BLE001  (reported below)
                errors.append(repr(error))
            finally:
                _db.session.remove()

    threads = [threading.Thread(target=write, args=(month,)) for month in (3, 4, 5, 6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    _assert_kept_as_derived()
