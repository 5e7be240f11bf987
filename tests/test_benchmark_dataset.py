"""The benchmarks' data set is a database the portal can go on writing to (issue 17): on
PostgreSQL its identity sequences are moved past the ids the bulk inserts gave, so a write
afterwards gets a fresh id instead of a duplicate key (a 500 for every user)."""

from sqlalchemy import func, select

from benchmarks import dataset
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
