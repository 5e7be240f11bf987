"""A national-scale data set for the benchmarks, written with bulk inserts into the real tables.

    .venv/bin/python -m benchmarks.dataset --settings 3000 --database-url sqlite:////tmp/bench/3000.db

3,000 settings is about the number of children's homes, secure homes, secure training centres and
residential family centres in England. The shape scales with ``--settings`` so that 30 settings
make the same set in small: per 3,000 settings, 10,000 users, 1,000 inspections this year and
two earlier ones of every setting with their reports published (7,000 in all), and five years
of monthly visit reports (regulation 44/25) and six-monthly reviews (regulation 45/23), a few
late and a few missing; a formal complaint about one inspection in ten, an informal concern about
one in twenty, and the notifications all of it queued (benchmarks/dataset_casework.py). Rows go in
through SQLAlchemy core executemany on the models' own tables, so the pages read them exactly as
they read what the use cases write. The audit chain's head is set as its migration sets it.
"""

import argparse
import random
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import text

from benchmarks import dataset_casework as casework
from benchmarks.dataset_base import NOW, bulk
from portal import create_app
from portal.accounts.models import SettingMembership, User
from portal.accounts.passwords import hash_password
from portal.accounts.roles import OFSTED, Role
from portal.config import sqlalchemy_url
from portal.core import audit
from portal.core.storage import StoredFile
from portal.extensions import db
from portal.inspection_reports import published_areas
from portal.monitoring_reports import gaps
from portal.monitoring_reports.models import MonitoringReport, ReportVersion
from portal.providers.models import Provider, Setting

__all__ = ["NOW", "VERSION", "build"]

# Raised whenever what build() writes changes, so a data set built before is built again.
VERSION = 8
# Every list page shows at most 50 rows (25 settings on a provider's dashboard): at any size the
# largest provider has more settings than one page and people than one team page, and there are
# more complaints than one page, so that the ratio of the two sizes measures how much England
# holds, never how full the small data set's page is.
FULL_PAGE = 51
YEARS = 5
PASSWORD = "benchmark-portal-2026"
# Of every 3,000 settings in England, roughly: 2,930 children's homes, 50 family centres,
# 14 secure children's homes and 6 secure training centres (at least one of each at any scale).
TYPE_SHARES = (("SCH", 14), ("STC", 6), ("RFC", 50))
REGIONS = (
    "North East",
    "North West",
    "Yorkshire and the Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
)
LATE_SHARE, MISSING_SHARE = 0.05, 0.03
SETTINGS_PAGE = 25  # a provider's dashboard lists its settings 25 a page


def _types(count: int) -> list[str]:
    types = []
    for kind, share in TYPE_SHARES:
        types += [kind] * max(1, round(count * share / 3000))
    return types + ["CH"] * (count - len(types))


def _provider_sizes(count: int) -> list[int]:
    """Three national groups of 4% of settings each (the first with more than a dashboard page of
    settings at any size), nine more of 1 to 2%, then many small providers."""
    largest = max(1, count * 4 // 100)
    sizes = [min(count, max(largest, SETTINGS_PAGE + 1))] + [largest] * 2
    sizes += [max(1, largest // 2)] * 3 + [max(1, largest // 3)] * 3 + [max(1, largest // 4)] * 3
    while sum(sizes) < count:
        sizes.append(random.choice((1, 1, 2, 3, 4, 6)))
    while sum(sizes) > count:
        sizes[-1] -= 1
        if not sizes[-1]:
            sizes.pop()
    return sizes


def _providers_and_settings(count: int) -> list[dict]:
    providers, settings = [], []
    types = _types(count)
    random.shuffle(types)
    for n, size in enumerate(_provider_sizes(count), start=1):
        providers.append({"id": n, "name": f"Benchmark Care Group {n:04d}"})
        for _ in range(size):
            i = len(settings) + 1
            kind = types[i - 1]
            settings.append(
                {
                    "id": i,
                    "provider_id": n,
                    "urn": f"SC{i:06d}",
                    "name": f"{kind} setting {i:05d}",
                    "setting_type": kind,
                    # about as many as England has, each in one region, as a real one is
                    "local_authority": f"Authority {i % 150:03d}",
                    "region": REGIONS[(i % 150) % len(REGIONS)],
                    "capacity": 4 if kind == "CH" else 40,
                    "registered_on": date(2015, 1, 1) + timedelta(days=i % 700),
                    "review_interval_months": 6,
                }
            )
    bulk(Provider, providers)
    bulk(Setting, settings)
    return settings


def _users(settings: list[dict], count: int) -> dict:
    """One RI per provider, an RM per setting, independent persons, inspectors (Ofsted's, each in a
    region); the rest deputies."""
    password_hash = hash_password(PASSWORD)
    users, memberships = [], []
    people: dict = {"inspectors": [], "manager": None, "ri": {}, "rm": {}, "email": {}}

    def add(role, email, provider_id=None, settings_of=(), region=None):
        user_id = len(users) + 1
        inspectorate = role in (Role.INSPECTOR.value, Role.INSPECTORATE_MANAGER.value)
        users.append(
            {
                "id": user_id,
                "email": email,
                "name": f"{Role(role).label} {user_id}",
                "role": role,
                "provider_id": provider_id,
                "password_hash": password_hash,
                "active": True,
                "created_at": NOW - timedelta(days=900),
                "submits_draft_comments": False,
                "inspectorate": OFSTED if inspectorate else None,
                "region": region,
            }
        )
        people["email"][user_id] = email
        memberships.extend({"user_id": user_id, "setting_id": s} for s in settings_of)
        return user_id

    people["manager"] = add(Role.INSPECTORATE_MANAGER.value, "manager@inspectorate.bench")
    for n in range(max(2, len(settings) // 10)):
        people["inspectors"].append(
            add(Role.INSPECTOR.value, f"inspector{n}@inspectorate.bench", region=REGIONS[n % len(REGIONS)])
        )
    for provider_id in sorted({s["provider_id"] for s in settings}):
        people["ri"][provider_id] = add(
            Role.RESPONSIBLE_INDIVIDUAL.value, f"ri{provider_id}@provider.bench", provider_id
        )
    for s in settings:
        people["rm"][s["id"]] = add(
            Role.REGISTERED_MANAGER.value, f"rm{s['id']}@provider.bench", s["provider_id"], [s["id"]]
        )
    for s in settings[::2]:
        add(Role.INDEPENDENT_PERSON.value, f"visitor{s['id']}@provider.bench", s["provider_id"], [s["id"]])
    by_provider = {}
    for s in settings:
        by_provider.setdefault(s["provider_id"], []).append(s["id"])
    while len(users) < count:  # deputies managing two settings of their provider (more in larger ones)
        provider_id = random.choice(settings)["provider_id"]
        add(
            Role.REGISTERED_MANAGER.value,
            f"deputy{len(users)}@provider.bench",
            provider_id,
            sorted(set(random.sample(by_provider[provider_id], min(2, len(by_provider[provider_id]))))),
        )
    bulk(User, users)
    bulk(SettingMembership, memberships)
    return people


def _monitoring(settings: list[dict], people: dict) -> list[dict]:
    """Five years of visit reports and reviews; the rows of the reports are returned."""
    files, reports, versions = [], [], []
    start = date(NOW.year - YEARS, NOW.month, 1)

    def add(setting, kind, regulation, received, **answers):
        n = len(reports) + 1
        files.append(
            {
                "id": n,
                "sha256": f"{n:064x}",
                "size": 180_000,
                "content_type": "application/pdf",
                "original_name": f"{kind}-{n}.pdf",
                "stored_at": received,
            }
        )
        submitter = people["rm"][setting["id"]]
        reports.append(
            {
                "id": n,
                "setting_id": setting["id"],
                "kind": kind,
                "regulation": regulation,
                "reference": f"MR-{n:09d}",
                "received_at": received,
                "submitted_by_id": submitter,
                "latest_version": 1,
                # as the portal keeps them
                "current_visit_date": answers.get("visit_date"),
                "current_completed_on": answers.get("completed_on"),
                "current_safeguarding_effective": answers.get("safeguarding_effective"),
            }
        )
        versions.append(
            {
                "id": n,
                "report_id": n,
                "number": 1,
                "submission_key": f"bench-{n}",
                "submitted_at": received,
                "submitted_by_id": submitter,
                "file_id": n,
                "urn": setting["urn"],
                "serious_concern": False,
                **answers,
            }
        )

    visit_fields = dict.fromkeys(
        (
            "visit_date",
            "announced",
            "spoke_to",
            "spoke_to_details",
            "records_inspected",
            "premises_inspected",
            "safeguarding_effective",
            "wellbeing_promoted",
            "recommendations",
            "conflict_of_interest",
            "serious_concern_details",
            "late_reason",
        )
    )
    review_fields = dict.fromkeys(("period_start", "period_end", "completed_on", "views_gathered", "actions"))
    for setting in settings:
        if setting["setting_type"] == "STC":
            continue  # secure training centres send neither (DOMAIN §2)
        visit_reg, review_reg = ("25", "23") if setting["setting_type"] == "RFC" else ("44", "45")
        month = start
        while month < NOW.date().replace(day=1):
            if random.random() >= MISSING_SHARE:
                visit = month + timedelta(days=random.randint(3, 24))
                late = random.random() < LATE_SHARE
                received = datetime.combine(
                    visit + timedelta(days=70 if late else random.randint(5, 25)), time(11), tzinfo=UTC
                )
                if received < NOW:
                    add(
                        setting,
                        "visit",
                        visit_reg,
                        received,
                        **review_fields,
                        **(
                            visit_fields
                            | {
                                "visit_date": visit,
                                "announced": False,
                                "spoke_to": ["children", "staff"],
                                "spoke_to_details": "Three children and two staff.",
                                "records_inspected": "Daily logs.",
                                "premises_inspected": "All rooms.",
                                "safeguarding_effective": random.random() > 0.02,
                                "wellbeing_promoted": True,
                                "recommendations": "None.",
                                "late_reason": None,
                            }
                        ),
                    )
            if month.month in (5, 11) and random.random() >= MISSING_SHARE:
                completed = month + timedelta(days=10)
                received = datetime.combine(
                    completed + timedelta(days=40 if random.random() < LATE_SHARE else 14), time(15), tzinfo=UTC
                )
                if received < NOW:
                    add(
                        setting,
                        "review",
                        review_reg,
                        received,
                        **visit_fields,
                        **(
                            review_fields
                            | {
                                "period_start": completed - timedelta(days=182),
                                "period_end": completed,
                                "completed_on": completed,
                                "views_gathered": ["children", "staff"],
                                "actions": "Update the behaviour policy.",
                            }
                        ),
                    )
            month = (month + timedelta(days=32)).replace(day=1)
    bulk(StoredFile, files)
    bulk(MonitoringReport, reports)
    bulk(ReportVersion, versions)
    return reports


def build(settings: int, database_url: str, seed: int = 44) -> None:
    """Create the tables and fill them; an existing database at that address is replaced."""
    random.seed(seed)
    database_url = sqlalchemy_url(database_url)
    if database_url.startswith("sqlite:///"):
        Path(database_url[len("sqlite:///") :]).unlink(missing_ok=True)
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "benchmark"})
    with app.app_context():
        db.drop_all()
        db.create_all()
        rows = _providers_and_settings(settings)
        people = _users(rows, settings * 10 // 3)
        receipts = _monitoring(rows, people)
        inspections, earlier = casework.inspections(rows, people, max(2, settings // 3))
        casework.complaints(inspections, earlier, rows, people, at_least=FULL_PAGE)
        casework.concerns(inspections, earlier, rows, people, at_least=FULL_PAGE)
        casework.notifications(inspections, receipts, people)
        # As migration 0007 leaves it: the first event of the chain updates this row.
        bulk(audit.AuditChainHead, [{"id": 1, "last_hash": audit.GENESIS, "length": 0}])
        _move_sequences_past_the_rows()
        db.session.commit()
        gaps.recount_all(NOW)  # as the nightly command leaves them
        published_areas.recount_all()
        _analyse()
        db.session.remove()
        db.engine.dispose()  # nothing left connected: the database can be renamed or copied


def _analyse() -> None:
    """PostgreSQL's planner statistics, as autovacuum would gather them soon after: without them
    the plans of the first minutes after a bulk load are not the plans of a database in service."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM ANALYZE"))


def _move_sequences_past_the_rows() -> None:
    """The rows carry their own ids, which PostgreSQL's identity sequences do not see: each sequence
    is moved past its table's largest id, so the portal's own writes afterwards get fresh ids (an
    id that is not an identity has no sequence, and setval of none does nothing). SQLite takes the
    next id from the table itself."""
    if db.engine.dialect.name != "postgresql":
        return
    for table in db.metadata.sorted_tables:
        if "id" not in table.columns:
            continue
        db.session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), COALESCE(MAX(id), 0) + 1, false) "
                f"FROM {table.name}"
            )
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--settings", type=int, default=3000)
    parser.add_argument("--database-url", required=True, help="e.g. sqlite:////tmp/bench/3000.db")
    arguments = parser.parse_args()
    build(arguments.settings, arguments.database_url)
    print(f"{arguments.settings} settings written to {arguments.database_url}")


if __name__ == "__main__":
    main()
