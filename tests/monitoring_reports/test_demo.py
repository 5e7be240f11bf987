"""The demo's monitoring reports load and show a serious concern with an owner (R-MON-3), a
provider's response beside it, and a late report with its reason (R-MON-1)."""

from sqlalchemy import select

from portal import demo
from portal.demo_monitoring import seed_monitoring
from portal.inspections import ownership
from portal.monitoring_reports import concerns, oversight
from portal.monitoring_reports.models import MonitoringReport
from tests.conftest import FROZEN


def test_demo_reports_show_an_owned_concern_and_a_late_reason(db):
    today = FROZEN.date()
    settings = demo._providers_and_settings(today)
    users = demo._users(settings, FROZEN)
    db.session.commit()
    seed_monitoring(settings, users, FROZEN)
    reports = list(db.session.scalars(select(MonitoringReport)))
    (concern,) = [r for r in reports if r.current.serious_concern]
    assert concern.open_alert is not None and concern.responses
    owners = ownership.responsible_inspectors(concern.setting)
    assert owners and all(concerns.may_act(owner, concern) for owner in owners)
    assert [r.id for r in oversight.concerns_for(owners[0]).items] == [concern.id]
    assert any(r.current.late_reason for r in reports)
    seed_monitoring(settings, users, FROZEN)  # idempotent
    assert len(list(db.session.scalars(select(MonitoringReport)))) == len(reports)
