"""The inspectorate's pages that count and list notifications, with few and with many of them.

Two databases of their own, the same 300 children's homes, inspector and manager: one holds 300
notifications (one a setting), the other 30,000 (a hundred a setting, over the year). Both have
the same queue, 40 of the last three days waiting for triage and the same enquiries waiting for
their outcome: what differs is the history the pages must not read. The oversight page, the queue and a
setting's page are fetched in turn on each (interleaved, medians); their statements and rows are
those of one request. The aim: the same statements at both volumes, and a time ratio near 1.

    .venv/bin/python -m benchmarks.notification_volume     # prints the table
"""

import random
from datetime import timedelta

from benchmarks import databases
from benchmarks.common import dispose_apps, make_app, session_values
from benchmarks.dataset_base import NOW, bulk
from benchmarks.measure import interleaved, median_ms, tracing_sql
from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.extensions import db
from portal.notifications import rules
from portal.notifications.models import Notification
from portal.providers.models import Provider, Setting

SETTINGS = 300
VOLUMES = (300, 30_000)
WAITING = 40  # notifications of the last three days not yet triaged, at both volumes
REGION = "Yorkshire and the Humber"
KINDS = [kind for kind in rules.KINDS if kind.key != "urgent_concern"]


def _seed(url: str, notifications: int) -> None:
    app = make_app(url)
    with app.app_context():
        db.create_all()
        provider = Provider(name="Benchmark Care")
        db.session.add(provider)
        db.session.flush()
        settings = [
            Setting(
                provider_id=provider.id,
                urn=f"SC{n:06d}",
                name=f"Home {n}",
                setting_type="CH",
                local_authority="Leeds",
                region=REGION,
                capacity=4,
                registered_on=NOW.date().replace(year=2020),
            )
            for n in range(1, SETTINGS + 1)
        ]
        db.session.add_all(settings)
        people = [
            User(
                email=f"{role.value}@bench.example",
                name=role.label,
                role=role.value,
                password_hash="x",
                active=True,
                created_at=NOW,
                region=REGION if role == Role.INSPECTOR else None,
                inspectorate="ofsted",
                provider_id=None,
            )
            for role in (Role.INSPECTOR, Role.INSPECTORATE_MANAGER)
        ]
        staff = User(
            email="ri@bench.example",
            name="RI",
            role=Role.RESPONSIBLE_INDIVIDUAL.value,
            password_hash="x",
            active=True,
            created_at=NOW,
            provider_id=provider.id,
        )
        db.session.add_all([*people, staff])
        db.session.commit()
        chance = random.Random(19)
        rows = []
        for n in range(notifications):
            kind = KINDS[n % len(KINDS)]
            waiting = n < WAITING  # the same queue at both volumes: what differs is the history
            sent = NOW - timedelta(minutes=chance.randrange(3 * 24 * 60 if waiting else 365 * 24 * 60))
            triaged = not waiting
            rows.append(
                {
                    "setting_id": settings[n % SETTINGS].id,
                    "kind": kind.key,
                    "severity": kind.severity,
                    "regulation": "40",
                    "reference": f"NTF-B{n:07d}",
                    "sent_at": sent,
                    "sent_by_id": staff.id,
                    "owner_id": people[0].id if n % 2 else None,
                    "latest_version": 1,
                    "current_on": sent.date(),
                    "enquiry_open": kind.enquiry and n < WAITING * len(KINDS),
                    "triaged_at": sent + timedelta(hours=3) if triaged else None,
                    "triage_decision": rules.NO_FURTHER_ACTION if triaged else None,
                    "version_id": 1,
                }
            )
        bulk(Notification, rows)
        db.session.commit()


PAGES = {
    "Oversight of monitoring, with notifications per setting (manager): `/inspectorate/monitoring`": (
        Role.INSPECTORATE_MANAGER,
        "/inspectorate/monitoring",
    ),
    "Notifications to triage (manager): `/inspectorate/notifications`": (
        Role.INSPECTORATE_MANAGER,
        "/inspectorate/notifications",
    ),
    "Notifications to triage (inspector): `/inspectorate/notifications`": (
        Role.INSPECTOR,
        "/inspectorate/notifications",
    ),
    "A setting's reports and notifications (inspector): `/inspectorate/monitoring/settings/7`": (
        Role.INSPECTOR,
        "/inspectorate/monitoring/settings/7",
    ),
}


def run(quick: bool = False) -> dict:
    runs = 5 if quick else 31
    few_db, many_db = databases.throwaway_database("notifications_few"), databases.throwaway_database("many")
    with few_db as few, many_db as many:
        try:
            return _measure(few, many, runs)
        finally:
            dispose_apps()  # nobody may be connected when the databases are dropped


def _measure(few: str, many: str, runs: int) -> dict:
    sides = {}
    for volume, url in zip(VOLUMES, (few, many), strict=True):
        _seed(url, volume)
        app = make_app(url)
        with app.app_context():
            roles = (Role.INSPECTOR, Role.INSPECTORATE_MANAGER)
            users = {role: db.session.query(User).filter_by(role=role.value).one() for role in roles}
            sessions = {role: session_values(user, app) for role, user in users.items()}
        sides[volume] = (app, app.test_client(), sessions)
    results = {}
    for label, (role, path) in PAGES.items():
        fetches, traces = {}, {}
        for volume, (app, client, sessions) in sides.items():
            with client.session_transaction() as session:
                session.clear()
                session.update(sessions[role])

            def fetch(client=client, volume=volume, path=path):
                response = client.get(path)
                if response.status_code != 200:
                    raise RuntimeError(f"{path} answered {response.status_code} with {volume:,} notifications")

            fetch()
            with app.app_context(), tracing_sql(db.engine) as trace:
                fetch()
            traces[volume] = (trace.queries, trace.rows)
            fetches[volume] = fetch
        times = interleaved(fetches, runs)
        results[label] = {volume: (*traces[volume], median_ms(times[volume])) for volume in VOLUMES}
    return results


def report(results: dict) -> str:
    few, many = VOLUMES
    lines = [
        "## Notifications: the same pages with 300 and 30,000 of them",
        "",
        f"{SETTINGS} children's homes; one database holds {few:,} notifications, the other {many:,} (over a year), "
        f"both with the same {WAITING} waiting for triage, each in a database of its own "
        "on the benchmark server, dropped afterwards (`benchmarks/notification_volume.py`). Statements and rows "
        "are those of one request; times are medians of requests alternating between the two.",
        "",
        f"| page | queries {few:,} / {many:,} | rows {few:,} / {many:,} | time at {few:,} | time at {many:,} | ratio |",
        "|---|---|---|---|---|---|",
    ]
    for label, by_volume in results.items():
        (q1, r1, t1), (q2, r2, t2) = by_volume[few], by_volume[many]
        lines.append(f"| {label} | {q1} / {q2} | {r1} / {r2} | {t1:.1f} ms | {t2:.1f} ms | **{t2 / t1:.2f}** |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(report(run()))
