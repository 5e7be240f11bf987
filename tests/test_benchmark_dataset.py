"""The benchmarks' data set is a database the portal can go on writing to (issue 17): on
PostgreSQL its identity sequences are moved past the ids the bulk inserts gave, so a write
afterwards gets a fresh id instead of a duplicate key (a 500 for every user). And the parts of the
benchmarks that could go wrong without anyone seeing: the rows counted, the turns taken, the
calls counted, the plans read, the aim a page meets."""

from sqlalchemy import func, select

from benchmarks import dataset, explain, pages_report
from benchmarks.measure import counting_calls, interleaved, tracing_sql
from portal import create_app
from portal.accounts.models import User
from portal.accounts.roles import Role
from portal.extensions import db
from portal.inspections.models import Inspection
from portal.monitoring_reports.models import MonitoringReport
from portal.providers.models import Provider, Setting
from tests.conftest import FROZEN, own_database_url


def test_a_data_set_takes_the_portals_own_writes_afterwards(tmp_path):
    url = own_database_url(tmp_path, "dataset")
    dataset.build(6, url.replace("postgresql+psycopg://", "postgresql://"))  # as an operator writes it
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "dataset-test"})
    with app.app_context():
        largest = {model: db.session.scalar(select(func.max(model.id))) for model in (Provider, Setting, User)}
        assert all(largest.values()) and db.session.scalar(select(func.count(MonitoringReport.id))) > 0
        provider = Provider(name="Written after the data set")
        db.session.add(provider)
        db.session.flush()
        setting = dataset_setting(provider)
        user = User(
            email="after@example.com",
            name="After",
            role=Role.REGISTERED_MANAGER.value,
            provider=provider,
            password_hash="-",
            created_at=FROZEN,
        )
        db.session.add_all([setting, user])
        db.session.commit()
        assert provider.id > largest[Provider] and setting.id > largest[Setting] and user.id > largest[User]
        assert db.session.scalar(select(func.count(Inspection.id))) > 0
        db.session.remove()
        db.engine.dispose()


def dataset_setting(provider: Provider) -> Setting:
    return Setting(
        provider_id=provider.id,
        urn="SC999999",
        name="Written after",
        setting_type="CH",
        local_authority="Leeds",
        region="Yorkshire and the Humber",
        registered_on=FROZEN.date(),
        capacity=3,
    )


def test_the_sql_trace_counts_the_rows_the_database_returns(db):
    """On SQLite (rowcount -1 for a SELECT: the rows fetched are counted) and on PostgreSQL (rowcount)."""
    db.session.add_all([Provider(name=f"Counted {n}") for n in range(5)])
    db.session.commit()
    with tracing_sql(db.engine) as trace:
        names = db.session.scalars(select(Provider.name).where(Provider.name.like("Counted %"))).all()
        total = db.session.scalar(select(func.count(Provider.id)))
        db.session.add(Provider(name="Not a row returned"))
        db.session.flush()
    db.session.rollback()
    assert len(names) == 5 and total >= 5
    assert [(statement.returns_rows, statement.rows) for statement in trace.statements[:2]] == [(True, 5), (True, 1)]
    # The insert returns its new id on PostgreSQL (RETURNING), none on SQLite (lastrowid).
    assert trace.queries == 3 and trace.rows in (6, 7)
    assert trace.slowest() in trace.statements[:3]


def test_interleaving_alternates_the_sides_after_warming_each():
    order = []
    times = interleaved({"30": lambda: order.append("A"), "3000": lambda: order.append("B")}, runs=3)
    assert order == ["A", "B"] + ["A", "B"] * 3
    assert [len(seconds) for seconds in times.values()] == [3, 3]


def test_counting_calls_counts_python_calls_and_stops():
    def leaf():
        return None

    with counting_calls() as calls:
        for _ in range(10):
            leaf()
    after = calls[0]
    leaf()
    assert 10 <= after < 20 and calls[0] == after


def test_plans_name_only_the_large_tables_read_whole():
    plan = [
        "Hash Join  (cost=1.0..2.0 rows=10 width=8)",
        "  ->  Seq Scan on monitoring_reports monitoring_reports_1  (cost=0.00..1.00 rows=1 width=4)",
        "  ->  Seq Scan on inspection_reports  (cost=0.00..1.00 rows=1 width=4)",
        "  ->  Index Scan using ix_inspections_setting_id on inspections  (cost=0.29..8.30 rows=1 width=4)",
        "  ->  Seq Scan on report_versions  (cost=0.00..1.00 rows=1 width=4) (never executed)",
    ]
    assert explain.seq_scanned(plan) == ["monitoring_reports"]
    assert explain.short_name("SELECT a, b\nFROM settings JOIN providers ON x\nWHERE y = 1") == (
        "SELECT … FROM settings JOIN providers ON x"
    )


def test_a_page_meets_the_aim_only_with_the_same_queries_and_little_more_time():
    page = {30: {"ms": 10.0, "queries": 7}, 3000: {"ms": 11.5, "queries": 7}}
    assert pages_report.meets(page)
    assert not pages_report.meets({**page, 3000: {"ms": 11.5, "queries": 8}})
    assert not pages_report.meets({**page, 3000: {"ms": 12.5, "queries": 7}})
    assert pages_report.verdict({**page, 3000: {"ms": 12.5, "queries": 6}}) == "**no**: time, fewer queries at 3,000"
