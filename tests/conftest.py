"""Fixtures: the app on a clean database per test, a checking client, builders and sign-in.

The suite runs on SQLite by default, and on PostgreSQL when TEST_DATABASE_URL is set, e.g.
TEST_DATABASE_URL=postgresql://127.0.0.1:5432/test.

Run in parallel (pytest-xdist, ``make test``), each worker is a process of its own with its own
databases: on SQLite every test's file is in that worker's temporary folder already; on
PostgreSQL worker gw0 works in ``<database>_gw0``, made when the worker starts and dropped when it
ends, and so do the databases of its live portals (``<database>_gw0_live``). Tests that share one
live portal or the processes a module starts run on one worker (``pytest_xdist_make_scheduler``).
"""

import os
import shutil
from datetime import UTC, date, datetime, timedelta
from itertools import count

import pytest
from flask.testing import FlaskClient
from itsdangerous import URLSafeTimedSerializer
from sqlalchemy import text

from portal import create_app
from portal.accounts import session_records
from portal.accounts.models import SettingMembership, User
from portal.accounts.passwords import hash_password
from portal.accounts.roles import Role
from portal.extensions import db as _db
from portal.inspections import rules
from portal.inspections.models import Inspection, InspectionTeamMember
from portal.providers.models import Provider, Setting
from tests import setup_costs
from tests.browser.chromium import axe_source, browser  # noqa: F401  (one browser for every folder)
from tests.pagecheck import check_page

setup_costs.install()

PASSWORD = "correct horse battery staple"
_PASSWORD_HASH = hash_password(PASSWORD)
CSRF_RAW = "test-csrf-token"
FROZEN = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)  # a Wednesday


def _configured_database_url() -> str | None:
    """TEST_DATABASE_URL as SQLAlchemy takes it (psycopg 3), or None for SQLite."""
    url = os.environ.get("TEST_DATABASE_URL")
    if url and url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url or None


def _worker() -> str | None:
    """The pytest-xdist worker running this process ("gw0", "gw1"…), or None in a serial run."""
    return os.environ.get("PYTEST_XDIST_WORKER")


def database_url(tmp_path) -> str:
    url = _configured_database_url()
    if not url:
        return f"sqlite:///{tmp_path / 'test.db'}"
    if url.startswith("postgresql") and _worker():
        from sqlalchemy.engine import make_url

        base = make_url(url)
        url = base.set(database=f"{base.database}_{_worker()}").render_as_string(hide_password=False)
    return url


_MADE_DATABASES = []  # PostgreSQL databases this process made, dropped when it ends


def _server_command(url: str, *statements: str) -> None:
    """Run statements (CREATE/DROP DATABASE) on the server of ``url``, connected to TEST_DATABASE_URL's
    own database (which every run needs anyway)."""
    import psycopg
    from sqlalchemy.engine import make_url

    base, server = make_url(url), make_url(_configured_database_url())
    with psycopg.connect(
        host=base.host,
        port=base.port,
        user=base.username,
        password=base.password,
        dbname=server.database,
        autocommit=True,
    ) as connection:
        for statement in statements:
            connection.execute(statement)


def _make_database(url: str) -> None:
    """A fresh, empty PostgreSQL database at ``url`` (dropped first if a run before left it)."""
    from sqlalchemy.engine import make_url

    name = make_url(url).database
    _server_command(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"')
    _MADE_DATABASES.append(url)


def own_database_url(tmp_path, name: str) -> str:
    """A database of its own for a live portal that outlives single tests: a file on SQLite; on
    PostgreSQL a fresh database beside the test one, so no test's clean-up empties it (where
    databases cannot be created, the test database itself, in a serial run only)."""
    url = database_url(tmp_path)
    if not url.startswith("postgresql"):
        return url
    import psycopg
    from sqlalchemy.engine import make_url

    base = make_url(url)
    target = base.set(database=f"{base.database}_{name}").render_as_string(hide_password=False)
    try:
        _make_database(target)
    except psycopg.Error:
        if _worker():
            raise
        return url
    return target


def pytest_sessionstart(session):
    """A parallel worker on PostgreSQL makes its own database before its first test."""
    url = database_url(None) if _configured_database_url() else ""
    if url.startswith("postgresql") and _worker():
        import psycopg

        try:
            _make_database(url)
        except psycopg.Error as error:
            raise pytest.UsageError(
                f"worker {_worker()} could not make its database ({error}); "
                "run the suite serially with -n 0, or let the user create databases"
            ) from error


def pytest_sessionfinish(session):
    """Every PostgreSQL database this process made is dropped, whatever its tests did."""
    while _MADE_DATABASES:
        url = _MADE_DATABASES.pop()
        from sqlalchemy.engine import make_url

        try:
            _server_command(url, f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')
        except Exception as error:  # noqa: BLE001  (a database left behind must not hide the results)
            print(f"could not drop {make_url(url).database}: {error}")


# Tests in these folders share what a module or the session starts (a live portal with demo data,
# gunicorn and nginx processes): in a parallel run each of their files runs whole on one worker,
# while every other test is handed out on its own. (pytest-xdist's own ``xdist_group`` marks
# cannot do this under pytest 9, whose node ids they no longer change, hence a scheduler.)
_ONE_WORKER_PER_FILE = ("tests/browser/", "tests/multiprocess/")


@pytest.hookimpl(optionalhook=True)  # a hook of pytest-xdist, which a serial run may not have
def pytest_xdist_make_scheduler(config, log):
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class OneWorkerPerSharedFile(LoadScopeScheduling):
        """Larger units first (pytest-xdist's reordering), so the browser files start early."""

        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::", 1)[0]
            return path if path.startswith(_ONE_WORKER_PER_FILE) else nodeid

    return OneWorkerPerSharedFile(config, log)


class CheckedClient(FlaskClient):
    """Checks every HTML page it fetches, and adds a valid CSRF token to every POST."""

    def open(self, *args, **kwargs):
        # A fresh application context per request, as in production: nothing cached in ``g`` or
        # in the test's database session leaks into the request.
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        _db.session.expire_all()
        if response.mimetype == "text/html" and not response.headers.get("HX-Request-Fragment"):
            body = response.get_data(as_text=True)
            if "<html" in body:
                check_page(body, response.headers.get("Content-Security-Policy", ""))
        return response

    def post(self, *args, csrf: bool = True, **kwargs):
        if csrf:
            with self.session_transaction() as session:
                session["csrf_token"] = CSRF_RAW
            data = dict(kwargs.pop("data", None) or {})
            data.setdefault("csrf_token", self.application.config["_TEST_CSRF"])
            kwargs["data"] = data
        return super().post(*args, **kwargs)


@pytest.fixture
def real_password_hashing():
    """argon2 at the portal's own cost, for tests of the hashing itself (tests/setup_costs.py)."""
    setup_costs.use_hasher(setup_costs.PRODUCTION_HASHER, setup_costs.PRODUCTION_DUMMY_HASH)
    yield
    setup_costs.use_hasher(setup_costs.TEST_HASHER)


@pytest.fixture(scope="session")
def schema_template(tmp_path_factory):
    """On SQLite, an empty database file with every table, built once per run: each test's
    database is a copy of it (create_all per test cost more than many tests themselves)."""
    if not database_url(tmp_path_factory.getbasetemp()).startswith("sqlite"):
        return None
    template = tmp_path_factory.mktemp("schema") / "template.db"
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{template}", "SECRET_KEY": "schema"})
    with app.app_context():
        _db.create_all()
        _db.engine.dispose()
    return template


_PREPARED = set()  # the PostgreSQL databases whose tables were built afresh in this run


def empty_database(url: str) -> None:
    """Every table, empty, with ids starting at 1 again, as after drop_all and create_all.

    On PostgreSQL the tables are built once per run, then each test deletes every row and resets
    the sequences (much quicker than rebuilding 45 tables); if that fails (a table changed or is
    missing, a trigger refuses the delete), the tables are built afresh as before."""
    if url in _PREPARED:
        try:
            preparer = _db.engine.dialect.identifier_preparer
            with _db.engine.begin() as connection:
                connection.exec_driver_sql(
                    "; ".join(  # one round trip
                        f"DELETE FROM {preparer.format_table(table)}" for table in reversed(_db.metadata.sorted_tables)
                    )
                )
                connection.execute(
                    text(
                        "SELECT setval(format('%I.%I', schemaname, sequencename)::regclass, start_value, false)"
                        " FROM pg_sequences WHERE schemaname = current_schema()"
                    )
                )
            return
        except Exception:  # noqa: BLE001  (any failure: rebuild, which reports real problems)
            _PREPARED.discard(url)
    _db.drop_all()
    _db.create_all()
    _PREPARED.add(url)


@pytest.fixture
def app(tmp_path, schema_template):
    url = database_url(tmp_path)
    if schema_template is not None:
        shutil.copyfile(schema_template, tmp_path / "test.db")
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": "test-secret",
            "RATELIMIT_ENABLED": False,
            "SERVER_NAME": None,
            "FROZEN_NOW": FROZEN,
            "STORAGE_DIR": str(tmp_path / "files"),
        }
    )
    app.config["_TEST_CSRF"] = URLSafeTimedSerializer("test-secret", salt="wtf-csrf-token").dumps(CSRF_RAW)
    app.test_client_class = CheckedClient
    with app.app_context():
        if schema_template is None:
            empty_database(url)
        yield app
        _db.session.remove()
        _db.engine.dispose()


@pytest.fixture
def db(app):
    return _db


@pytest.fixture
def client(app):
    return app.test_client()


_serial = count(1)


SETTING_REGION = "Yorkshire and the Humber"


@pytest.fixture
def make(db):
    """Small builders for providers, settings, users and inspections."""

    class Builders:
        def provider(self, name=None):
            provider = Provider(name=name or f"Provider {next(_serial)}")
            db.session.add(provider)
            db.session.commit()
            return provider

        def setting(self, provider, setting_type="CH", urn=None, name=None, **extra):
            n = next(_serial)
            place = {"local_authority": "Leeds", "region": SETTING_REGION} | extra
            setting = Setting(
                provider_id=provider.id,
                urn=urn or f"SC{n:06d}",
                name=name or f"Setting {n}",
                setting_type=setting_type,
                registered_on=date(2020, 1, 1),
                capacity=4,
                **place,
            )
            db.session.add(setting)
            db.session.commit()
            return setting

        def user(
            self,
            role: Role,
            provider=None,
            settings=(),
            email=None,
            name=None,
            inspectorate=None,
            region=SETTING_REGION,
        ):
            """An inspector works in the region of the settings ``setting`` makes unless told otherwise."""
            n = next(_serial)
            user = User(
                email=email or f"user{n}@example.com",
                name=name or f"{role.label} {n}",
                role=role.value,
                provider_id=provider.id if provider else None,
                password_hash=_PASSWORD_HASH,
                active=True,
                created_at=FROZEN,
                inspectorate=inspectorate or ("ofsted" if role.is_inspectorate else None),
                region=region if role == Role.INSPECTOR else None,
            )
            user.memberships = [SettingMembership(setting_id=s.id) for s in settings]
            db.session.add(user)
            db.session.commit()
            return user

        def inspection(
            self,
            setting,
            lead,
            status=rules.ON_SITE,
            kind=rules.FULL,
            start=date(2026, 11, 2),
            end=None,
            team=(),
            **milestones,
        ):
            milestones.setdefault("announced", False)
            inspection = Inspection(
                setting_id=setting.id,
                inspection_type=kind,
                status=status,
                start_date=start,
                end_date=end,
                lead_inspector_id=lead.id,
                created_at=FROZEN,
                **milestones,
            )
            inspection.team = [InspectionTeamMember(user_id=member.id) for member in team]
            db.session.add(inspection)
            db.session.commit()
            return inspection

        def report(self, setting, user, visit_date=date(2026, 10, 14), received=None, data=None, **answers):
            """A visit report received through the real use cases."""
            from portal.monitoring_reports import services
            from tests.files import pdf_bytes, upload

            now = received or FROZEN
            pending = services.prepare(
                user, setting, "visit", {"visit_date": visit_date, **answers}, upload(data or pdf_bytes()), now
            )
            return services.submit(pending, user, now)

        def notification(self, setting, user, kind="serious_event", sent=None, files=(), **answers):
            """A notification sent through the real use cases (a serious event unless told otherwise)."""
            from portal.notifications import services

            now = sent or FROZEN
            given = {
                "on": (now - timedelta(days=2)).date(),
                "what": "A child went missing for two hours and was found safe",
                "children": "One child",
                "told": ["police"],
                "action": "Return interview held",
                "enquiry": "yes",
            } | answers
            draft = services.prepare(user, setting, kind, given, list(files), now)
            return services.send(draft, user, now)

        def annex_a_version(self, inspection, user, contacts=0, answers=None):
            """A returned Annex A version, stored as the return use case stores it."""
            from portal.annex_a.models import AnnexADraft, AnnexARequest, AnnexAVersion
            from tests.annex_a.answers import complete_answers

            answers = answers or complete_answers(contacts)
            db.session.add(AnnexADraft(setting_id=inspection.setting_id, answers=answers, updated_at=FROZEN))
            request = AnnexARequest(
                inspection_id=inspection.id,
                status="returned",
                requested_by_id=inspection.lead_inspector_id,
                requested_at=FROZEN,
                due_at=FROZEN,
            )
            version = AnnexAVersion(
                request=request,
                number=1,
                reference=f"AXA-{next(_serial):08d}",
                submission_key=f"key-{next(_serial)}",
                answers=answers,
                route="web",
                submitted_at=FROZEN,
                submitted_by_id=user.id,
                on_time=True,
                status="received",
            )
            db.session.add_all([request, version])
            db.session.commit()
            return version

    return Builders()


@pytest.fixture
def world(make):
    """Two providers, each with settings and people in every role, and an inspection each."""

    class World:
        pass

    w = World()
    w.provider = make.provider("Oak Care")
    w.home = make.setting(w.provider, "CH", name="Oak House")
    w.other_home = make.setting(w.provider, "CH", name="Ash House")
    w.ri = make.user(Role.RESPONSIBLE_INDIVIDUAL, w.provider)
    w.rm = make.user(Role.REGISTERED_MANAGER, w.provider, [w.home])
    w.rm_other = make.user(Role.REGISTERED_MANAGER, w.provider, [w.other_home])
    w.ip = make.user(Role.INDEPENDENT_PERSON, w.provider, [w.home])
    w.inspector = make.user(Role.INSPECTOR)
    w.colleague = make.user(Role.INSPECTOR)
    w.manager = make.user(Role.INSPECTORATE_MANAGER)
    w.inspection = make.inspection(w.home, w.inspector)
    w.rival = make.provider("Rival Care")
    w.rival_home = make.setting(w.rival, "SCH", name="Rival House")
    w.rival_ri = make.user(Role.RESPONSIBLE_INDIVIDUAL, w.rival)
    w.rival_rm = make.user(Role.REGISTERED_MANAGER, w.rival, [w.rival_home])
    w.rival_inspection = make.inspection(w.rival_home, w.colleague)
    return w


def signed_in_session(user, app, at=None, user_agent="Werkzeug test client") -> dict:
    """The session contents of a completed sign-in (second factor done), at the frozen time (or
    ``at``), with its record on the server as sessions.start makes it."""
    at, user_id = at or app.config["FROZEN_NOW"], user.id
    with app.app_context():  # its own database session, committed and closed
        key = session_records.begin(user_id, user_agent, at)
        _db.session.commit()
    return {
        "_user_id": str(user_id),
        "_fresh": True,
        "last_seen": at.timestamp(),
        "signed_in_at": at.timestamp(),
        "second_factor": "done",
        "session_key": key,
        "csrf_token": CSRF_RAW,
    }


@pytest.fixture
def login_as(client, app):
    """Sign ``user`` in on the test client, as a completed sign-in would."""

    def sign_in(user):
        with client.session_transaction() as session:
            session.clear()
            session.update(signed_in_session(user, app))
        return client

    return sign_in
