"""What the page, throughput and memory benchmarks share: the app on a benchmark database, a
signed-in session without the sign-in form, the data sets' places, and counting SQL queries."""

import hashlib
import statistics
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import event, func, select

from benchmarks import dataset
from portal import create_app
from portal.accounts.models import SettingMembership, User
from portal.accounts.roles import Role
from portal.extensions import db
from portal.inspections import rules as inspection_rules
from portal.inspections.models import Inspection
from portal.providers.models import Provider, Setting

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = Path("/tmp/portal-bench")
SECRET_KEY = "benchmark-secret"


def _schema_mark() -> str:
    """A short digest of every table, column and index, so a data set made before a migration is remade."""
    from portal import models  # noqa: F401  (registers every table)

    shape = sorted((table.name, column.name) for table in db.metadata.tables.values() for column in table.columns)
    shape += sorted((table.name, index.name) for table in db.metadata.tables.values() for index in table.indexes)
    return hashlib.sha256(repr(shape).encode()).hexdigest()[:10]


def dataset_path(settings: int) -> Path:
    return DATA_DIR / f"{settings}-settings-{_schema_mark()}.db"


def database_url(settings: int) -> str:
    return f"sqlite:///{dataset_path(settings)}"


def ensure_dataset(settings: int) -> str:
    """The data set of that size, built when missing (never the demo database)."""
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    if not dataset_path(settings).exists():
        dataset.build(settings, database_url(settings))
    return database_url(settings)


def make_app(url: str):
    """The app as production builds it, on the benchmark database, time frozen at the data set's now."""
    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": SECRET_KEY,
            "RATELIMIT_ENABLED": False,
            "FROZEN_NOW": dataset.NOW,
            "SESSION_COOKIE_SECURE": False,
        }
    )


def session_values(user: User, app) -> dict:
    """What a completed sign-in leaves in the session (second factor included)."""
    try:
        from tests.conftest import signed_in_session
    except ImportError:
        signed_in_session = None
    if signed_in_session is not None:
        return dict(signed_in_session(user, app))
    return {
        "_user_id": str(user.id),
        "_fresh": True,
        "last_seen": dataset.NOW.timestamp(),
        "second_factor": "done",
        "csrf_token": "benchmark-csrf",
    }


@dataclass(frozen=True)
class Places:
    """Who and what each page is opened with: the largest provider, one of its settings, a draft."""

    ri: User
    rm: User
    manager: User
    setting_id: int
    draft_inspection_id: int
    draft_ri: User
    lead: User


def places() -> Places:
    largest = db.session.execute(
        select(Setting.provider_id, func.count()).group_by(Setting.provider_id).order_by(func.count().desc()).limit(1)
    ).first()[0]
    ri = db.session.scalar(
        select(User).where(User.provider_id == largest, User.role == Role.RESPONSIBLE_INDIVIDUAL.value)
    )
    setting_id = db.session.scalar(
        select(Setting.id).where(Setting.provider_id == largest, Setting.setting_type == "CH").order_by(Setting.id)
    )
    rm = db.session.scalar(
        select(User)
        .join(SettingMembership)
        .where(SettingMembership.setting_id == setting_id, User.role == Role.REGISTERED_MANAGER.value)
        .order_by(User.id)
    )
    manager = db.session.scalar(select(User).where(User.role == Role.INSPECTORATE_MANAGER.value))
    draft = db.session.scalar(
        select(Inspection).where(Inspection.status == inspection_rules.DRAFT_SENT).order_by(Inspection.id)
    )
    draft_ri = db.session.scalar(
        select(User).where(
            User.provider_id == draft.setting.provider_id, User.role == Role.RESPONSIBLE_INDIVIDUAL.value
        )
    )
    return Places(ri, rm, manager, setting_id, draft.id, draft_ri, draft.lead_inspector)


def pages(where: Places) -> list[tuple[str, User, str]]:
    """(what, who, path) of every page measured."""
    return [
        ("Provider dashboard, responsible individual of the largest provider", where.ri, "/dashboard"),
        ("Provider dashboard, registered manager", where.rm, "/dashboard"),
        (
            "Compliance grid of a setting (visit reports and reviews)",
            where.rm,
            f"/settings/{where.setting_id}/monitoring",
        ),
        ("Inspectorate: late and missing reports across England", where.manager, "/inspectorate/monitoring"),
        ("Draft report, provider side", where.draft_ri, f"/inspections/{where.draft_inspection_id}/report"),
        (
            "Draft report, inspectorate side",
            where.lead,
            f"/inspectorate/inspections/{where.draft_inspection_id}/report",
        ),
    ]


def shape() -> dict[str, int]:
    """How much the data set holds, for the report."""
    from portal.inspection_reports.models import DraftComment, InspectionReport
    from portal.monitoring_reports.models import MonitoringReport

    count = lambda query: db.session.scalar(query)  # noqa: E731
    sizes = select(func.count().label("n")).select_from(Setting).group_by(Setting.provider_id).subquery()
    return {
        "settings": count(select(func.count()).select_from(Setting)),
        "children's homes": count(select(func.count()).where(Setting.setting_type == "CH")),
        "family centres, secure children's homes, secure training centres": count(
            select(func.count()).where(Setting.setting_type != "CH")
        ),
        "providers": count(select(func.count()).select_from(Provider)),
        "settings of the largest provider": count(select(func.max(sizes.c.n))),
        "users": count(select(func.count()).select_from(User)),
        "visit reports and reviews (five years)": count(select(func.count()).select_from(MonitoringReport)),
        "inspections": count(select(func.count()).select_from(Inspection)),
        "draft reports out for comments": count(select(func.count()).where(InspectionReport.status == "draft_issued")),
        "draft comments": count(select(func.count()).select_from(DraftComment)),
    }


class QueryCounter:
    """Counts the SQL statements the engine sends while it is attached."""

    def __init__(self):
        self.count = 0

    def __call__(self, *_args, **_kwargs):
        self.count += 1


@contextmanager
def counting_queries(engine):
    counter = QueryCounter()
    event.listen(engine, "before_cursor_execute", counter)
    try:
        yield counter
    finally:
        event.remove(engine, "before_cursor_execute", counter)


def median_ms(action, runs: int) -> float:
    action()  # warm: templates compiled, caches filled, as in a running server
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000
