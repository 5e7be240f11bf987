"""The project's promises: migrations build the same schema as the models, demo data is complete."""

from sqlalchemy import create_engine, func, select

from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.inspections import rules
from portal.inspections.models import Inspection
from portal.monitoring_reports.models import MonitoringReport
from portal.providers.models import Provider, Setting


def test_migrations_match_the_models(app, tmp_path):
    """On the suite's database engine: a fresh SQLite file, or a fresh PostgreSQL database."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from flask_migrate import upgrade

    from portal.extensions import db
    from tests.conftest import own_database_url

    url = own_database_url(tmp_path, "migrated")
    if url.startswith("sqlite"):
        url = f"sqlite:///{tmp_path / 'migrated.db'}"
    else:
        assert url != app.config["SQLALCHEMY_DATABASE_URI"], "the migrations need a database of their own"
    original = app.config["SQLALCHEMY_DATABASE_URI"]
    app.config["SQLALCHEMY_DATABASE_URI"] = url
    engines = app.extensions["sqlalchemy"]._app_engines[app]
    saved = dict(engines)
    engines.clear()
    engines[None] = create_engine(url)
    try:
        upgrade()
        with engines[None].connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection), db.metadata)
        assert diff == []
    finally:
        engines[None].dispose()
        engines.clear()
        engines.update(saved)
        app.config["SQLALCHEMY_DATABASE_URI"] = original


def test_seed_demo_is_complete_and_idempotent(app, db):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["portal", "seed-demo"])
    assert first.exit_code == 0, first.output
    counts = lambda model: db.session.scalar(select(func.count()).select_from(model))  # noqa: E731
    totals = (counts(Provider), counts(Setting), counts(User), counts(Inspection), counts(MonitoringReport))
    second = runner.invoke(args=["portal", "seed-demo"])
    assert second.exit_code == 0
    assert (counts(Provider), counts(Setting), counts(User), counts(Inspection), counts(MonitoringReport)) == totals
    assert totals[0] >= 2
    assert {s.setting_type for s in db.session.scalars(select(Setting))} == {"CH", "SCH", "STC", "RFC"}
    assert {u.role for u in db.session.scalars(select(User))} == {r.value for r in Role}
    statuses = {i.status for i in db.session.scalars(select(Inspection))}
    assert {rules.ANNOUNCED, rules.ON_SITE, rules.ENDED, rules.DRAFT_SENT, rules.FINAL_SENT} <= statuses
    for email in ("ri@oakfield.example", "manager@inspectorate.example", "visitor@oakfield.example"):
        assert email in first.output
    visitor = db.session.scalar(select(User).where(User.role == Role.INDEPENDENT_PERSON))
    assert len(visitor.memberships) == 2
    reports = list(db.session.scalars(select(MonitoringReport)))
    assert {r.kind for r in reports} == {"visit", "review"}
    assert any(r.current.serious_concern for r in reports)
    assert counts(MonitoringReport) == len(reports)
