"""The lateness counted in SQL gives exactly what the month-by-month rules give (R-MON-1, R-MON-4,
R-MON-5): generated settings with on-time, late, missing and corrected reports around month ends,
compared at several instants with a straightforward computation over every report."""

import random
from datetime import UTC, date, datetime, timedelta
from itertools import count

import pytest

from portal.core.clock import UK
from portal.core.storage import StoredFile
from portal.core.workdays import add_months
from portal.monitoring_reports import compliance, gaps, rules
from portal.monitoring_reports.models import GapCount, MonitoringReport, ReportVersion
from portal.providers.models import Setting

FROZEN = datetime(2026, 11, 18, 10, tzinfo=UTC)
# Instants around month ends, in GMT and in BST: a due instant is 00:00 UK time on the 1st.
INSTANTS = [
    FROZEN,
    datetime(2026, 11, 30, 23, 59, 59, tzinfo=UTC),  # the last second of November (GMT)
    datetime(2026, 12, 1, 0, 0, tzinfo=UTC),  # October's visits now late
    datetime(2026, 8, 31, 22, 59, 59, tzinfo=UTC),  # the last second of August (BST)
    datetime(2026, 8, 31, 23, 0, tzinfo=UTC),  # 00:00 on 1 September, UK time
    datetime(2027, 3, 1, 0, 0, tzinfo=UTC),
]
_numbers = count(1)


def _uk_midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UK).astimezone(UTC)


def _add_report(db, setting, file_id, user_id, kind, received, versions):
    """A report whose versions are (visit_date, completed_on) pairs; the last one is current."""
    n = next(_numbers)
    report = MonitoringReport(
        setting_id=setting.id,
        kind=kind,
        regulation="44",
        reference=f"GEN-{n:08d}",
        received_at=received,
        submitted_by_id=user_id,
        latest_version=len(versions),
    )
    db.session.add(report)
    db.session.flush()
    for number, (visit, completed) in enumerate(versions, start=1):
        db.session.add(
            ReportVersion(
                report_id=report.id,
                number=number,
                submission_key=f"gen-{n}-{number}",
                submitted_at=received,
                submitted_by_id=user_id,
                file_id=file_id,
                urn=setting.urn,
                visit_date=visit,
                completed_on=completed,
            )
        )


def _generate(db, make, world, seed: int, settings: int = 24) -> list[Setting]:
    """Settings of every reporting type, registered before and inside the window, with visits on
    the first and last days of months received just before, at and after their due instant."""
    rng = random.Random(seed)
    stored = StoredFile(
        sha256="0" * 64, size=1, content_type="application/pdf", original_name="r.pdf", stored_at=FROZEN
    )
    db.session.add(stored)
    db.session.commit()
    regions = ["North East", "London", "South West"]
    made = []
    for i in range(settings):
        kind = rng.choice(["CH", "CH", "CH", "SCH", "RFC", "STC"])
        registered = rng.choice(
            [
                date(2019, 3, 31),
                date(2025, 12, 31),
                date(2026, 1, 1),
                date(2026, 6, 15),
                date(2026, 10, 31),
                date(2026, 11, 1),
            ]
        )
        extra = {"review_interval_months": rng.choice([3, 6, 12])} if kind == "RFC" else {}
        setting = make.setting(world.provider, kind, name=f"Generated {seed}-{i:03d}", **extra)
        setting.registered_on, setting.region = registered, rng.choice(regions)
        setting.local_authority = rng.choice(["Leeds", "Durham"])
        for months_ago in range(15):
            month = add_months(date(2027, 2, 1), -months_ago)
            roll = rng.random()
            if roll < 0.25:
                continue  # missing
            visit = month.replace(day=rng.choice([1, 15, add_months(month, 1).toordinal() - month.toordinal()]))
            due = rules.visit_report_due(visit)
            received = due + rng.choice(
                [timedelta(seconds=-1), timedelta(0), timedelta(seconds=1), timedelta(days=-20), timedelta(days=3)]
            )
            versions = [(visit, None)]
            if roll > 0.9:  # corrected: the first version named another month
                versions = [(add_months(visit, -1), None), (visit, None)]
            _add_report(db, setting, stored.id, world.rm.id, rules.VISIT, received, versions)
            if roll > 0.95:  # a second visit in the same month, sent on time
                _add_report(db, setting, stored.id, world.rm.id, rules.VISIT, due - timedelta(days=1), [(visit, None)])
        for _ in range(rng.choice([0, 1, 3])):
            completed = date(2026, 12, 31) - timedelta(days=rng.randrange(0, 500))
            _add_report(
                db,
                setting,
                stored.id,
                world.rm.id,
                rules.REVIEW,
                _uk_midnight(completed + timedelta(days=rng.choice([5, 40]))),
                [(None, completed)],
            )
        made.append(setting)
    db.session.commit()
    return made


def _expected_months(setting: Setting, now: datetime) -> list[rules.MonthStatus]:
    """Every current visit of the setting, run through the month rule as it stands."""
    visits = [
        (r.current.visit_date, r.received_at)
        for r in MonitoringReport.query.filter_by(setting_id=setting.id, kind=rules.VISIT)
    ]
    return [
        rules.month_status(m, visits, setting.registered_on, now) for m in rules.months_back(now.astimezone(UK).date())
    ]


def _expected_overdue(setting: Setting, now: datetime) -> bool:
    completed = [
        r.current.completed_on for r in MonitoringReport.query.filter_by(setting_id=setting.id, kind=rules.REVIEW)
    ]
    interval = rules.review_interval(setting.type_enum, setting.review_interval_months)
    due = rules.next_review_due(max(completed, default=None), setting.registered_on, interval)
    return now.astimezone(UK).date() > due + timedelta(days=rules.REVIEW_DAYS)


def _expected_gaps(settings: list[Setting], now: datetime, region=None, setting_type=None) -> list[tuple]:
    rows = []
    for setting in sorted(settings, key=lambda s: s.name):
        if setting.type_enum not in rules.VISIT_REGULATION:
            continue
        if (region and setting.region != region) or (setting_type and setting.setting_type != setting_type):
            continue
        months = _expected_months(setting, now)
        missing = sum(m.status == rules.MISSING for m in months)
        late = sum(m.status == rules.LATE for m in months)
        if missing or late or _expected_overdue(setting, now):
            rows.append((setting.id, missing, late))
    rows.sort(key=lambda row: (-row[1], -row[2]))
    return rows


def _all_pages(now, per_page, **filters) -> tuple[list[tuple], int]:
    found, page, total = [], 1, None
    while True:
        result = gaps.page(now, page=page, per_page=per_page, **filters)
        total = result.total
        found += [(c.setting.id, c.count(rules.MISSING), c.count(rules.LATE)) for c in result.statuses]
        if page >= result.pages:
            return found, total
        page += 1


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("live_at_most", [gaps.LIVE_AT_MOST, 0])
def test_sql_gaps_match_the_month_rules_at_month_ends(db, make, world, seed, live_at_most, monkeypatch):
    """At the instant the data were counted the list reads the kept counts; at the others it works
    them out, for the settings not counted that day or (``LIVE_AT_MOST`` 0) for every setting."""
    monkeypatch.setattr(gaps, "LIVE_AT_MOST", live_at_most)
    settings = _generate(db, make, world, seed)
    everything = [*settings, world.home, world.other_home, world.rival_home]
    for now in INSTANTS:
        expected = _expected_gaps(everything, now)
        found, total = _all_pages(now, per_page=7)
        assert found == expected, now
        assert total == len(expected)
        region_expected = _expected_gaps(everything, now, region="London")
        assert _all_pages(now, per_page=5, region="London") == (region_expected, len(region_expected))
        rfc_expected = _expected_gaps(everything, now, setting_type="RFC")
        assert _all_pages(now, per_page=50, setting_type="RFC")[0] == rfc_expected


def test_the_list_is_right_with_some_settings_counted_today_and_some_not(db, make, world):
    settings = _generate(db, make, world, seed=4)
    everything = [*settings, world.home, world.other_home, world.rival_home]
    stale = [setting.id for setting in everything[::2]]
    db.session.execute(
        GapCount.__table__.update().where(GapCount.setting_id.in_(stale)).values(counted_on=None, missing=0, late=0)
    )
    expected = _expected_gaps(everything, FROZEN)
    assert _all_pages(FROZEN, per_page=6) == (expected, len(expected))


def test_each_settings_grid_and_review_match_the_rules(db, make, world):
    settings = _generate(db, make, world, seed=7)
    for now in INSTANTS:
        for status in compliance.for_settings(settings, now):
            if status.applies:
                assert status.months == _expected_months(status.setting, now), (status.setting.name, now)
            assert status.review.overdue == (status.review.applies and _expected_overdue(status.setting, now))


def test_the_review_threshold_is_the_first_day_not_overdue():
    """R-MON-4: every base day before the threshold is overdue, and none from it on."""
    for interval in (1, 3, 6, 12):
        for today in (date(2026, 8, 31), date(2027, 2, 28), date(2028, 2, 29), date(2026, 3, 31)):
            threshold = compliance._review_overdue_before(interval, today)
            for offset in range(-40, 40):
                base = threshold + timedelta(days=offset)
                due = add_months(base, interval)
                assert (today > due + timedelta(days=rules.REVIEW_DAYS)) == (base < threshold)


def test_a_review_is_overdue_from_the_day_after_its_report_was_due(db, make, world):
    """R-MON-4 at the edge: reviewed 21 April 2026, the next is due 21 October and its report by
    18 November; on 18 November it is not overdue, a review a day older is."""
    stored = StoredFile(
        sha256="1" * 64, size=1, content_type="application/pdf", original_name="r.pdf", stored_at=FROZEN
    )
    db.session.add(stored)
    db.session.commit()
    for name, completed in (("Just in time", date(2026, 4, 21)), ("A day too old", date(2026, 4, 20))):
        setting = make.setting(world.provider, "CH", name=name)
        setting.registered_on = date(2026, 11, 1)  # no month of visits is due yet
        _add_report(db, setting, stored.id, world.rm.id, rules.REVIEW, _uk_midnight(completed), [(None, completed)])
    db.session.commit()
    names = [c.setting.name for c in gaps.page(FROZEN, region="Yorkshire and the Humber").statuses]
    assert "A day too old" in names and "Just in time" not in names
