"""What the page, throughput and write benchmarks share: the app on a benchmark database, a
signed-in session without the sign-in form, the pages measured and who opens them."""

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select

from benchmarks import dataset
from benchmarks.databases import ensure_dataset
from portal import create_app
from portal.accounts import session_records
from portal.accounts.models import SettingMembership, User
from portal.accounts.roles import Role
from portal.extensions import db
from portal.inspections import rules as inspection_rules
from portal.inspections.models import Inspection
from portal.providers.models import Provider, Setting

ROOT = Path(__file__).resolve().parent.parent
SECRET_KEY = "benchmark-secret"


__all__ = ["ensure_dataset"]
_apps: list = []  # every app made, so their connections can be closed (dispose_apps)
_sign_ins: dict[str, list[str]] = {}  # the session keys of the sign-ins made, by database


def make_app(url: str):
    """The app as production builds it, on the benchmark database, time frozen at the data set's now."""
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": SECRET_KEY,
            "RATELIMIT_ENABLED": False,
            "FROZEN_NOW": dataset.NOW,
            "SESSION_COOKIE_SECURE": False,
        }
    )
    _apps.append(app)
    return app


def dispose_apps() -> None:
    """Close every connection the apps made here hold (a database is copied only when no one is on it)."""
    for app in _apps:
        with app.app_context():
            db.session.remove()
            for engine in db.engines.values():
                engine.dispose()


def session_values(user: User, app, at: datetime | None = None) -> dict:
    """What a completed sign-in leaves in the session (second factor included), with its record on
    the server, signed in at ``at`` (the data set's now unless told)."""
    from tests.conftest import signed_in_session

    values = dict(signed_in_session(user, app, at=at or dataset.NOW))
    _sign_ins.setdefault(app.config["SQLALCHEMY_DATABASE_URI"], []).append(values["session_key"])
    return values


def forget_sign_ins(url: str) -> None:
    """Remove the session records of the sign-ins made here on the database at ``url``, so that
    the data set holds the same at every run."""
    keys = _sign_ins.pop(url, [])
    if not keys:
        return
    app = make_app(url)
    with app.app_context():
        for key in keys:
            record = session_records.find(key)
            if record is not None:
                db.session.delete(record)
        db.session.commit()
        db.session.remove()


@dataclass(frozen=True)
class Places:
    """Who and what each page is opened with: the largest provider, one of its settings, a draft."""

    ri: User
    rm: User
    manager: User
    inspector: User
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
    busiest_lead = db.session.execute(
        select(Inspection.lead_inspector_id, func.count())
        .group_by(Inspection.lead_inspector_id)
        .order_by(func.count().desc(), Inspection.lead_inspector_id)
        .limit(1)
    ).first()[0]
    draft = db.session.scalar(
        select(Inspection).where(Inspection.status == inspection_rules.DRAFT_SENT).order_by(Inspection.id)
    )
    draft_ri = db.session.scalar(
        select(User).where(
            User.provider_id == draft.setting.provider_id, User.role == Role.RESPONSIBLE_INDIVIDUAL.value
        )
    )
    return Places(
        ri, rm, manager, db.session.get(User, busiest_lead), setting_id, draft.id, draft_ri, draft.lead_inspector
    )


MINIMAL_PAGE = ("Accessibility statement (the layout, no data)", "/accessibility")


def pages(where: Places) -> list[tuple[str, User | None, str]]:
    """(what, who, path) of every list page measured; who is None for a public page."""
    draft = where.draft_inspection_id
    return [
        ("Provider dashboard, responsible individual of the largest provider", where.ri, "/dashboard"),
        ("Provider dashboard, registered manager", where.rm, "/dashboard"),
        (
            "Compliance grid of a setting (visit reports and reviews)",
            where.rm,
            f"/settings/{where.setting_id}/monitoring",
        ),
        ("Team of the largest provider (its responsible individual)", where.ri, "/provider/team"),
        ("Inspectorate dashboard, manager (every inspection)", where.manager, "/inspectorate/"),
        ("Inspectorate dashboard, an inspector leading inspections", where.inspector, "/inspectorate/"),
        ("Timeliness of reports (manager)", where.manager, "/inspectorate/timeliness"),
        ("Late and missing reports across England (manager)", where.manager, "/inspectorate/monitoring"),
        ("Outbox of notifications (manager)", where.manager, "/inspectorate/outbox"),
        ("Formal complaints (manager)", where.manager, "/inspectorate/complaints"),
        ("Published reports (public, no sign-in)", None, "/published-reports/"),
        ("Draft report, provider side", where.draft_ri, f"/inspections/{draft}/report"),
        ("Draft report, inspectorate side", where.lead, f"/inspectorate/inspections/{draft}/report"),
    ]


def shape() -> dict[str, int]:
    """How much the data set holds, for the report."""
    from portal.complaints.models import Complaint, InformalConcern
    from portal.core.outbox import OutboxMessage
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
        "formal complaints": count(select(func.count()).select_from(Complaint)),
        "informal concerns": count(select(func.count()).select_from(InformalConcern)),
        "notifications in the outbox": count(select(func.count()).select_from(OutboxMessage)),
    }
