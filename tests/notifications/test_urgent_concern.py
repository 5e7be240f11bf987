"""An independent person's urgent concern (R-MON-3): raised at once without the full visit report,
alerting the lead inspector like a notification; seen only by its author and the inspectorate;
the later visit report linked to it and naming it."""

from datetime import date, timedelta

from sqlalchemy import select

from portal.accounts.roles import Role
from portal.core.outbox import OutboxMessage
from portal.notifications.models import Notification
from tests.conftest import FROZEN
from tests.core.test_outbox import smtp_server  # noqa: F401  (fixture)

CONCERN = {
    "on": ["18", "11", "2026"],
    "what": "Two children told me staff lock them in their rooms at night.",
    "children": "Two children",
    "action": "I told the registered manager, who says it is not true.",
}


def raise_concern(client, setting):
    response = client.post(
        f"/settings/{setting.id}/notifications/new/urgent_concern", data=CONCERN, content_type="multipart/form-data"
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    client.post(response.location, data={"confirm": "yes"}).close()  # as a WSGI server closes it
    return Notification.query.one()


def test_the_visitor_raises_an_urgent_concern_and_the_lead_inspector_is_told_at_once(
    app,
    client,
    login_as,
    world,
    db,
    smtp_server,  # noqa: F811
):
    controller, inbox = smtp_server
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=controller.port)
    login_as(world.ip)
    assert "Raise an urgent concern" in client.get("/dashboard").get_data(as_text=True)
    concern = raise_concern(client, world.home)
    assert concern.kind == "urgent_concern" and concern.regulation == "44" and concern.severity == 1
    assert concern.owner_id == world.inspector.id
    delivered = {m["To"]: m for m in inbox.messages}
    assert world.inspector.email in delivered, "delivered when the answer went, not at the next run"
    queued = {m.recipient for m in db.session.scalars(select(OutboxMessage))}
    assert queued == {world.inspector.email, world.ip.email}  # no one at the provider is told
    assert concern.reference in client.get("/dashboard").get_data(as_text=True)


def test_only_its_author_and_the_inspectorate_see_it(client, login_as, world, make, db):
    login_as(world.ip)
    concern = raise_concern(client, world.home)
    other_visitor = make.user(Role.INDEPENDENT_PERSON, world.provider, [world.home])
    for person in (world.rm, world.ri, other_visitor, world.rival_ri):
        login_as(person)
        assert client.get(f"/notifications/{concern.id}").status_code == 404, person.role
    login_as(world.rm)
    assert concern.reference not in client.get(f"/settings/{world.home.id}/notifications").get_data(as_text=True)
    login_as(world.inspector)
    assert client.get(f"/inspectorate/notifications/{concern.id}").status_code == 200


def test_a_visitor_sends_no_other_kind(client, login_as, world, db):
    login_as(world.ip)
    response = client.post(f"/settings/{world.home.id}/notifications/new/serious_event", data=CONCERN)
    assert response.status_code == 404  # a visitor's one kind is the urgent concern
    assert client.get(f"/settings/{world.home.id}/notifications").status_code == 404
    assert client.get(f"/settings/{world.other_home.id}/notifications/new/urgent_concern").status_code == 404
    assert Notification.query.count() == 0


def test_the_later_visit_report_is_linked_and_names_the_concern(client, login_as, world, make, db):
    login_as(world.ip)
    concern = raise_concern(client, world.home)
    earlier = make.report(world.home, world.ip, visit_date=date(2026, 10, 2), received=FROZEN - timedelta(days=30))
    report = make.report(world.home, world.ip, visit_date=date(2026, 11, 18), received=FROZEN + timedelta(hours=1))
    page = client.get(f"/notifications/{concern.id}").get_data(as_text=True)
    assert report.reference in page and earlier.reference not in page  # only reports since the concern
    refused = client.post(f"/notifications/{concern.id}/visit-report", data={"report": str(earlier.id)})
    assert "Select the visit report that followed this concern" in refused.get_data(as_text=True)
    client.post(f"/notifications/{concern.id}/visit-report", data={"report": str(report.id)})
    db.session.expire_all()
    assert db.session.get(Notification, concern.id).visit_report_id == report.id
    assert concern.reference in client.get(f"/visit-reports/{report.id}").get_data(as_text=True)
    login_as(world.inspector)
    assert concern.reference in client.get(f"/inspectorate/visit-reports/{report.id}").get_data(as_text=True)
    login_as(world.rm)  # the provider sees the report, not the concern
    assert concern.reference not in client.get(f"/visit-reports/{report.id}").get_data(as_text=True)
