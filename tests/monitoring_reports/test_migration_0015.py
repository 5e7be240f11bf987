"""Migration 0015 keeps what was recorded (DESIGN.md convention 6): a concern marked as seen
becomes a "seen" action on the version seen, and the versions that raised a concern are the ones
that alerted the inspector (R-MON-3)."""

from datetime import UTC, date, datetime

import sqlalchemy as sa

from tests.migrating import migrating

BEFORE, AFTER = "0014_deferral_views_and_adaptation", "0015_visit_report_authorship"
SEEN_AT = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)


def _filler(column):
    kind = column.type
    if isinstance(kind, sa.Boolean):
        return False
    if isinstance(kind, sa.DateTime):
        return SEEN_AT
    if isinstance(kind, sa.Date):
        return date(2026, 10, 1)
    if isinstance(kind, sa.Integer):
        return 1
    if isinstance(kind, sa.JSON):
        return {}
    return "x"


def _insert(connection, metadata, table_name, **values):
    """A row with every required column filled; ``values`` say what matters."""
    table = metadata.tables[table_name]
    row = {c.name: _filler(c) for c in table.columns if not c.nullable and not c.primary_key} | values
    connection.execute(table.insert().values(**row))


def test_seen_concerns_become_actions_and_raising_versions_alert(app, tmp_path):
    from flask_migrate import upgrade

    with migrating(app, f"sqlite:///{tmp_path / 'migrated.db'}") as engine:
        upgrade(revision=BEFORE)
        metadata = sa.MetaData()
        metadata.reflect(engine)
        with engine.begin() as connection:
            for table in ("providers", "settings", "users", "stored_files"):
                _insert(connection, metadata, table, id=1)
            _insert(
                connection,
                metadata,
                "monitoring_reports",
                id=1,
                reference="VR-SEEN0001",
                latest_version=2,
                concern_seen_at=SEEN_AT,
                concern_seen_by_id=1,
            )
            _insert(connection, metadata, "monitoring_reports", id=2, reference="VR-LATER001", latest_version=2)
            for report_id, number, concern in ((1, 1, True), (1, 2, True), (2, 1, False), (2, 2, True)):
                _insert(
                    connection,
                    metadata,
                    "report_versions",
                    report_id=report_id,
                    number=number,
                    submission_key=f"k{report_id}{number}",
                    serious_concern=concern,
                )
        upgrade(revision=AFTER)
        with engine.connect() as connection:
            actions = connection.execute(
                sa.text("SELECT report_id, version_number, kind, actor_id FROM concern_actions")
            ).all()
            alerts = connection.execute(
                sa.text("SELECT report_id, number FROM report_versions WHERE concern_alert ORDER BY report_id, number")
            ).all()
            columns = {c["name"] for c in sa.inspect(connection).get_columns("monitoring_reports")}
        assert [tuple(a) for a in actions] == [(1, 2, "seen", 1)]
        assert [tuple(a) for a in alerts] == [(1, 1), (2, 2)]
        assert "concern_seen_at" not in columns
