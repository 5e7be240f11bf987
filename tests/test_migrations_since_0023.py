"""Migrations 0023 to 0025 fill what the lists now read in SQL from what was already recorded:
each ended inspection's report targets, as the timeline works them out (R-TL-1, R-TL-4), and each
report's current visit date, review completion date and safeguarding opinion, from its current
version (R-MON-1, R-MON-2, R-MON-3). Migration 0026 gives every stored notification a key of its
own for its Message-ID."""

from datetime import date, datetime

import sqlalchemy as sa

from portal.inspections import timeline
from tests.migrating import migrating
from tests.monitoring_reports.test_migration_0015 import _insert

BEFORE, AFTER = "0022_inspectorate_regions", "0025_current_reviews_and_opinions"


def test_targets_and_current_answers_are_filled_from_what_was_recorded(app, tmp_path):
    from flask_migrate import upgrade

    with migrating(app, f"sqlite:///{tmp_path / 'migrated.db'}") as engine:
        upgrade(revision=BEFORE)
        metadata = sa.MetaData()
        metadata.reflect(engine)
        ends = {1: ("CH", "full", date(2026, 11, 13)), 2: ("STC", "monitoring", date(2026, 12, 18))}
        with engine.begin() as connection:
            for table in ("providers", "users", "stored_files"):
                _insert(connection, metadata, table, id=1)
            for n, (kind, inspection_type, end) in ends.items():
                _insert(connection, metadata, "settings", id=n, urn=f"SC00000{n}", setting_type=kind)
                _insert(
                    connection,
                    metadata,
                    "inspections",
                    id=n,
                    setting_id=n,
                    lead_inspector_id=1,
                    inspection_type=inspection_type,
                    end_date=end,
                )
            _insert(
                connection, metadata, "inspections", id=3, setting_id=1, lead_inspector_id=1, inspection_type="full"
            )
            _insert(connection, metadata, "monitoring_reports", id=1, setting_id=1, reference="VR-1", latest_version=2)
            for number, visit, safe in ((1, date(2026, 9, 1), True), (2, date(2026, 10, 7), False)):
                _insert(
                    connection,
                    metadata,
                    "report_versions",
                    report_id=1,
                    number=number,
                    submission_key=f"k{number}",
                    visit_date=visit,
                    safeguarding_effective=safe,
                )
            _insert(connection, metadata, "monitoring_reports", id=2, setting_id=1, reference="QR-1", kind="review")
            _insert(
                connection,
                metadata,
                "report_versions",
                report_id=2,
                number=1,
                submission_key="k3",
                completed_on=date(2026, 10, 20),
            )
        upgrade(revision=AFTER)
        with engine.connect() as connection:
            targets = connection.execute(
                sa.text("SELECT id, draft_due_on, final_due_on, publication_due_on FROM inspections ORDER BY id")
            ).all()
            visits = connection.execute(
                sa.text(
                    "SELECT current_visit_date, current_completed_on, current_safeguarding_effective "
                    "FROM monitoring_reports ORDER BY id"
                )
            ).all()
        expected = []
        for n, (kind, inspection_type, end) in ends.items():
            due = timeline.targets(kind, inspection_type, end)
            expected.append(
                (n, str(due["draft"]), str(due["final"]), str(due["publication"]) if "publication" in due else None)
            )
        assert [tuple(row) for row in targets] == [*expected, (3, None, None, None)]  # not ended: no targets
        # the current version's, not the first's
        assert [tuple(row) for row in visits] == [("2026-10-07", None, 0), (None, "2026-10-20", None)]


def test_stored_notifications_get_keys_of_their_own(app, tmp_path):
    """Two rebuilt databases never give two messages one Message-ID: the keys differ between
    messages and between runs of the migration."""
    from flask_migrate import downgrade, upgrade

    keys = []
    with migrating(app, f"sqlite:///{tmp_path / 'migrated.db'}") as engine:
        upgrade(revision="0025_current_reviews_and_opinions")
        metadata = sa.MetaData()
        metadata.reflect(engine)
        with engine.begin() as connection:
            for n in (1, 2):
                _insert(connection, metadata, "outbox_messages", id=n, created_at=datetime(2026, 12, 1, 9))
        for _ in range(2):
            upgrade(revision="0026_outbox_message_keys")
            with engine.connect() as connection:
                keys.append(connection.execute(sa.text("SELECT message_key FROM outbox_messages ORDER BY id")).all())
            downgrade(revision="0025_current_reviews_and_opinions")
    first, second = keys
    assert len({key for (key,) in first + second}) == 4
    assert all(key and len(key) <= 64 for (key,) in first + second)
