"""A national-scale data set for the benchmarks, written with bulk inserts into the real tables.

    .venv/bin/python -m benchmarks.dataset --settings 3000 --database-url sqlite:////tmp/bench/3000.db

3,000 settings is about the number of children's homes, secure homes, secure training centres and
residential family centres in England. The shape scales with ``--settings`` so that 30 settings
make the same set in small: per 3,000 settings, 10,000 users, 1,000 inspections, and five years
of monthly visit reports (regulation 44/25) and six-monthly reviews (regulation 45/23), a few
late and a few missing. Rows go in through SQLAlchemy core executemany on the models' own tables,
so the pages read them exactly as they read what the use cases write.
"""

import argparse
import random
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import insert, text

from portal import create_app
from portal.accounts.models import SettingMembership, User
from portal.accounts.passwords import hash_password
from portal.accounts.roles import Role
from portal.config import sqlalchemy_url
from portal.core.storage import StoredFile
from portal.extensions import db
from portal.inspection_reports import improvements, rules as report_rules
from portal.inspection_reports.models import CommentReturn, DraftComment, InspectionReport
from portal.inspection_reports.rules import ReportTemplate
from portal.inspections import rules as inspection_rules
from portal.inspections.models import Inspection, ProvisionalJudgement
from portal.monitoring_reports.models import MonitoringReport, ReportVersion
from portal.providers.models import Provider, Setting, SettingType

NOW = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)  # the instant the benchmarks freeze time at
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
CHUNK = 5000


def _types(count: int) -> list[str]:
    types = []
    for kind, share in TYPE_SHARES:
        types += [kind] * max(1, round(count * share / 3000))
    return types + ["CH"] * (count - len(types))


def _provider_sizes(count: int) -> list[int]:
    """Three national groups of 4% of settings each, nine more of 1 to 2%, then many small providers."""
    largest = max(1, count * 4 // 100)
    sizes = [largest] * 3 + [max(1, largest // 2)] * 3 + [max(1, largest // 3)] * 3 + [max(1, largest // 4)] * 3
    while sum(sizes) < count:
        sizes.append(random.choice((1, 1, 2, 3, 4, 6)))
    while sum(sizes) > count:
        sizes[-1] -= 1
        if not sizes[-1]:
            sizes.pop()
    return sizes


def _bulk(model, rows: list[dict]) -> None:
    for start in range(0, len(rows), CHUNK):
        db.session.execute(insert(model.__table__), rows[start : start + CHUNK])


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
                    "local_authority": f"Authority {i % 150:03d}",
                    "region": REGIONS[i % len(REGIONS)],
                    "capacity": 4 if kind == "CH" else 40,
                    "registered_on": date(2015, 1, 1) + timedelta(days=i % 700),
                    "review_interval_months": 6,
                }
            )
    _bulk(Provider, providers)
    _bulk(Setting, settings)
    return settings


def _users(settings: list[dict], count: int) -> dict:
    """One RI per provider, an RM per setting, independent persons, inspectors; the rest deputies."""
    password_hash = hash_password(PASSWORD)
    users, memberships, people = [], [], {"inspectors": [], "manager": None, "ri": {}, "rm": {}}

    def add(role, email, provider_id=None, settings_of=()):
        user_id = len(users) + 1
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
            }
        )
        memberships.extend({"user_id": user_id, "setting_id": s} for s in settings_of)
        return user_id

    people["manager"] = add(Role.INSPECTORATE_MANAGER.value, "manager@inspectorate.bench")
    for n in range(max(2, len(settings) // 10)):
        people["inspectors"].append(add(Role.INSPECTOR.value, f"inspector{n}@inspectorate.bench"))
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
    while len(users) < count:  # deputies managing two settings of their provider
        provider_id = random.choice(list(by_provider))
        add(
            Role.REGISTERED_MANAGER.value,
            f"deputy{len(users)}@provider.bench",
            provider_id,
            sorted(set(random.sample(by_provider[provider_id], min(2, len(by_provider[provider_id]))))),
        )
    _bulk(User, users)
    _bulk(SettingMembership, memberships)
    return people


def _monitoring(settings: list[dict], people: dict) -> None:
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
    _bulk(StoredFile, files)
    _bulk(MonitoringReport, reports)
    _bulk(ReportVersion, versions)


def _content(template: ReportTemplate, areas: dict[str, str], grade: str) -> dict:
    """A full report as its setting type's template has it: every text section written, and a
    requirement only where the setting type has regulations to cite (none for an STC)."""
    content = report_rules.empty_content()
    for section in template.text_sections:
        content["sections"][section.key] = [
            f"{section.title}: what inspectors found, first paragraph.",
            f"{section.title}: second paragraph, with the evidence.",
        ]
    content["judgements"] = {area: grade for area in areas}
    if improvements.may_make_requirements(template.setting_type):
        content["requirements"] = [
            {"text": "Make sure every child's plan is reviewed.", "regulation": "14", "comply_by": "2027-01-31"}
        ]
    content["recommendations"] = [
        {"text": "Improve the recording of restraint.", "guide_page": 45, "guide_paragraph": "9.7"}
    ]
    return content


def _inspections(settings: list[dict], people: dict, count: int) -> None:
    """Most are finished (final report sent), some have a draft out with comments, a few are live."""
    inspections, judgements, reports, returns, comments = [], [], [], [], []
    chosen = random.sample(settings, min(count, len(settings)))
    stages = (
        [inspection_rules.FINAL_SENT] * 6
        + [inspection_rules.DRAFT_SENT] * 2
        + [inspection_rules.ENDED, inspection_rules.ANNOUNCED]
    )
    for n, setting in enumerate(chosen, start=1):
        status = stages[n % len(stages)] if n > 2 else (inspection_rules.DRAFT_SENT, inspection_rules.FINAL_SENT)[n - 1]
        end = NOW.date() - timedelta(days=(8 if status == inspection_rules.DRAFT_SENT else 40 + n % 300))
        started = end - timedelta(days=2)
        lead = people["inspectors"][n % len(people["inspectors"])]
        areas = inspection_rules.judgement_areas(SettingType(setting["setting_type"]), inspection_rules.FULL)
        drafted = (
            NOW - timedelta(days=5)
            if status == inspection_rules.DRAFT_SENT
            else datetime.combine(end + timedelta(days=10), time(9), tzinfo=UTC)
        )
        live = status in (inspection_rules.ANNOUNCED,)
        inspections.append(
            {
                "id": n,
                "setting_id": setting["id"],
                "inspection_type": inspection_rules.FULL,
                "status": status,
                "announced": live,
                "announced_at": NOW - timedelta(days=2) if live else None,
                "start_date": NOW.date() + timedelta(days=3) if live else started,
                "end_date": None if live else end,
                "lead_inspector_id": lead,
                "created_at": NOW - timedelta(days=60),
                "draft_sent_at": drafted
                if status in (inspection_rules.DRAFT_SENT, inspection_rules.FINAL_SENT)
                else None,
                "comment_window_ends_at": drafted + timedelta(days=7)
                if status in (inspection_rules.DRAFT_SENT, inspection_rules.FINAL_SENT)
                else None,
                "comments_received_at": drafted + timedelta(days=4) if status == inspection_rules.FINAL_SENT else None,
                "final_sent_at": drafted + timedelta(days=20) if status == inspection_rules.FINAL_SENT else None,
            }
        )
        judgements.extend({"inspection_id": n, "area": area, "grade": inspection_rules.GOOD} for area in areas)
        if status not in (inspection_rules.DRAFT_SENT, inspection_rules.FINAL_SENT):
            continue
        template = report_rules.template_for(SettingType(setting["setting_type"]), inspection_rules.FULL)
        content = _content(template, areas, inspection_rules.GOOD)
        final = status == inspection_rules.FINAL_SENT
        sent_final = drafted + timedelta(days=20)
        reports.append(
            {
                "id": n,
                "inspection_id": n,
                "status": report_rules.FINAL_SENT if final else report_rules.DRAFT_ISSUED,
                "content": content,
                "draft": report_rules.snapshot(content, template, drafted),
                "final": report_rules.snapshot(content, template, sent_final) if final else None,
                "publish_at": sent_final + timedelta(days=5) if final else None,
                "created_at": drafted - timedelta(days=5),
                "updated_at": drafted,
                "updated_by_id": lead,
                "issued_by_id": lead,
                "final_sent_by_id": lead if final else None,
                "version_id": 1,
            }
        )
        rm, ri = people["rm"][setting["id"]], people["ri"][setting["provider_id"]]
        returns.append(
            {
                "id": n,
                "report_id": n,
                "status": report_rules.SUBMITTED if final else report_rules.OPEN,
                "reference": f"DR-B{n:07d}" if final else None,
                "version_id": 1,
                "submitted_at": drafted + timedelta(days=4) if final else None,
                "submitted_by_id": ri if final else None,
                "changed_at": drafted + timedelta(days=3),
            }
        )
        for paragraph in range(1, 4):
            comments.append(
                {
                    "report_id": n,
                    "client_key": f"bench-{n}-{paragraph}",
                    "paragraph_number": paragraph,
                    "kind": report_rules.TYPING,
                    "text": "The date in this paragraph is wrong.",
                    "proposed_wording": None,
                    "created_by_id": rm,
                    "created_at": drafted + timedelta(days=2),
                    "updated_by_id": rm,
                    "updated_at": drafted + timedelta(days=2),
                    "response": report_rules.ACCEPTED if final else None,
                    "response_reason": "Amended as suggested." if final else None,
                    "responded_by_id": lead if final else None,
                    "responded_at": sent_final if final else None,
                }
            )
    _bulk(Inspection, inspections)
    _bulk(ProvisionalJudgement, judgements)
    _bulk(InspectionReport, reports)
    _bulk(CommentReturn, returns)
    _bulk(DraftComment, comments)


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
        _monitoring(rows, people)
        _inspections(rows, people, max(2, settings // 3))
        _move_sequences_past_the_rows()
        db.session.commit()


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
