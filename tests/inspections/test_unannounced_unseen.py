"""R-NOT-1: the provider never sees an unannounced inspection before it starts, through any of
their pages; a deferred unannounced inspection that is rescheduled stays unannounced and unseen
until the inspector records its start on site."""

from datetime import UTC, date, datetime

import pytest

from portal.inspections import rules, services
from portal.inspections.services import InspectionError
from tests.conftest import FROZEN


def provider_pages(client, world, inspection) -> list[str]:
    """Every provider page an inspection of Oak House shows on, and its own pages."""
    pages = [client.get("/dashboard"), client.get(f"/settings/{world.home.id}")]
    return [page.get_data(as_text=True) for page in pages]


def assert_unseen(client, login_as, world, inspection):
    for person in (world.rm, world.ri):
        login_as(person)
        for page in provider_pages(client, world, inspection):
            assert f'/inspections/{inspection.id}"' not in page and "starting Monday 23 November 2026" not in page
        for path in ("", "/deferral", "/complaints"):
            assert client.get(f"/inspections/{inspection.id}{path}").status_code == 404, path


def test_r_not_1_an_unannounced_inspection_with_a_start_to_come_is_unseen(client, login_as, world, db):
    """However it came to be stored, an unannounced inspection starting later shows nowhere."""
    world.inspection.start_date = date(2026, 11, 23)
    db.session.commit()
    assert_unseen(client, login_as, world, world.inspection)
    login_as(world.inspector)
    assert client.get(f"/inspectorate/inspections/{world.inspection.id}").status_code == 200


def test_r_not_1_a_rescheduled_unannounced_inspection_stays_unannounced_and_unseen(client, login_as, world, db):
    world.inspection.status = rules.DEFERRED
    db.session.commit()
    login_as(world.rm)
    assert "Deferred" in client.get(f"/inspections/{world.inspection.id}").get_data(as_text=True)
    login_as(world.inspector)
    base = f"/inspectorate/inspections/{world.inspection.id}"
    past = client.post(f"{base}/reschedule", data={"start_date": ["17", "11", "2026"]}).get_data(as_text=True)
    assert "The new start date must be today or in the future" in past
    assert client.post(f"{base}/reschedule", data={"start_date": ["23", "11", "2026"]}).status_code == 302
    db.session.refresh(world.inspection)
    assert world.inspection.status == rules.SCHEDULED
    assert world.inspection.announced is False and world.inspection.announced_at is None
    assert "Record the start on site" in client.get(base).get_data(as_text=True)
    assert_unseen(client, login_as, world, world.inspection)

    # On its first day on site the inspector records the start; from then the provider sees it.
    world.inspection.start_date = date(2026, 11, 18)
    db.session.commit()
    login_as(world.inspector)
    future = client.post(f"{base}/start", data={"start_date": ["19", "11", "2026"]}).get_data(as_text=True)
    assert "Start date must be today or in the past" in future
    assert client.post(f"{base}/start", data={"start_date": ["18", "11", "2026"]}).status_code == 302
    login_as(world.rm)
    page = client.get(f"/inspections/{world.inspection.id}").get_data(as_text=True)
    assert "On site" in page and "No, unannounced" in page


def test_an_announced_inspection_rescheduled_is_announced_again(world, db, make):
    centre = make.setting(world.provider, "STC", name="Birch Secure Training Centre")
    first = datetime(2026, 11, 12, 9, 0, tzinfo=UTC)
    inspection = make.inspection(
        centre, world.inspector, status=rules.DEFERRED, start=date(2026, 11, 16), announced=True, announced_at=first
    )
    with pytest.raises(InspectionError, match="must be after today"):
        services.reschedule(inspection, date(2026, 11, 18), world.inspector, FROZEN)
    services.reschedule(inspection, date(2026, 11, 23), world.inspector, FROZEN)
    assert inspection.status == rules.ANNOUNCED and inspection.announced_at == FROZEN


def test_r_not_1_a_new_unannounced_inspection_is_seen_once_entered(client, login_as, world, db):
    """It is entered on (or after) its first day on site, and shown as on site from then."""
    login_as(world.inspector)
    check = client.post(
        "/inspectorate/inspections/new",
        data={
            "urn": world.other_home.urn,
            "inspection_type": "full",
            "announced": "no",
            "start_date": ["18", "11", "2026"],
            "lead_inspector_id": str(world.inspector.id),
        },
    ).location
    login_as(world.rm_other)
    assert "On site" not in client.get(f"/settings/{world.other_home.id}").get_data(as_text=True)
    login_as(world.inspector)
    client.post(check)
    login_as(world.rm_other)
    assert "On site" in client.get(f"/settings/{world.other_home.id}").get_data(as_text=True)
