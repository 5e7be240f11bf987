"""The project's promises: migrations build the same schema as the models, demo data is complete, the
locks pin every package with its hashes."""

import re
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from sqlalchemy import func, select

from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.inspections import rules
from portal.inspections.models import Inspection
from portal.monitoring_reports.models import MonitoringReport
from portal.next_steps.models import NextStepRecord
from portal.notifications.models import Notification
from portal.providers.models import Provider, Setting
from portal.requirements.models import ComplianceNotice, Requirement as TrackedRequirement


def test_migrations_match_the_models(app, tmp_path):
    """On the suite's database engine: a fresh SQLite file, or a fresh PostgreSQL database."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from flask_migrate import upgrade

    from portal.extensions import db
    from tests.conftest import own_database_url
    from tests.migrating import migrating

    url = own_database_url(tmp_path, "migrated")
    if url.startswith("sqlite"):
        url = f"sqlite:///{tmp_path / 'migrated.db'}"
    else:
        assert url != app.config["SQLALCHEMY_DATABASE_URI"], "the migrations need a database of their own"
    with migrating(app, url) as engine:
        upgrade()
        with engine.connect() as connection:
            diff = compare_metadata(MigrationContext.configure(connection), db.metadata)
        assert diff == []


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
    notifications = list(db.session.scalars(select(Notification)))  # issue 19: an example of each
    assert {n.kind for n in notifications} >= {
        "serious_event",
        "enquiry_outcome",
        "manager_absence",
        "statement_of_purpose",
    }
    assert any(n.enquiry_open for n in notifications) and any(n.triaged_at for n in notifications)
    assert any(n.triaged_at is None for n in notifications)
    assert counts(Notification) == len(notifications)  # seeded once
    statuses = {r.status for r in db.session.scalars(select(TrackedRequirement))}  # tracked from the demo's finals
    assert {"open", "evidence_sent", "met"} <= statuses and counts(ComplianceNotice) == 1
    assert counts(NextStepRecord) == 1


def _locked(path):
    """A lock's pins, {normalised name: (version, hashes)}; every requirement line must be an exact pin."""
    pins, name = {}, None
    for line in path.read_text().splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line.startswith(" "):
            match = re.fullmatch(r"([A-Za-z0-9._-]+)==([^\s;\\]+) \\", line)
            assert match, f"{path.name}: not an exact pin followed by its hashes: {line!r}"
            name = canonicalize_name(match.group(1))
            pins[name] = (match.group(2), [])
        else:
            hashed = re.fullmatch(r"    --hash=sha256:[0-9a-f]{64}( \\)?", line)
            assert hashed and name, f"{path.name}: unexpected line {line!r}"
            pins[name][1].append(line)
    return pins


def test_the_locks_pin_every_package_with_hashes_and_hold_what_pyproject_declares():
    root = Path(__file__).resolve().parent.parent
    runtime = _locked(root / "requirements.txt")
    dev = _locked(root / "requirements-dev.txt")
    assert all(hashes for _, hashes in [*runtime.values(), *dev.values()])
    # The dev lock is the runtime lock plus the dev extra, at the same versions.
    assert {name: version for name, (version, _) in runtime.items()} == {
        name: dev[name][0] for name in runtime if name in dev
    }
    assert set(runtime) <= set(dev)
    project = tomllib.loads((root / "pyproject.toml").read_text())["project"]
    for lock, declared in ((runtime, project["dependencies"]), (dev, project["optional-dependencies"]["dev"])):
        for text in declared:
            requirement = Requirement(text)
            name = canonicalize_name(requirement.name)
            assert name in lock, f"{text!r} is in pyproject.toml but not in the lock: run make lock"
            version = lock[name][0]
            assert requirement.specifier.contains(version), f"{name}=={version} is outside {text!r}: run make lock"
    # psycopg[binary]: PostgreSQL's client library comes in a wheel, none is needed on the machine.
    assert "psycopg-binary" in runtime
