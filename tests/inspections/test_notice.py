"""R-NOT-1: only STC full inspections are announced, and they always are (S0 ¶29, ¶111, ¶129;
S2, S4 §"Notice of inspection" and §"Monitoring visits")."""

from datetime import date

import pytest
from sqlalchemy import func, select

from portal.inspections import notice, rules, services
from portal.inspections.models import Inspection
from portal.inspections.services import InspectionError
from portal.providers.models import SettingType
from tests.conftest import FROZEN

STC, SCH, CH, RFC = (
    SettingType.SECURE_TRAINING_CENTRE,
    SettingType.SECURE_CHILDRENS_HOME,
    SettingType.CHILDRENS_HOME,
    SettingType.RESIDENTIAL_FAMILY_CENTRE,
)


@pytest.mark.parametrize(
    "setting_type, inspection_type, allowed",
    [
        (STC, rules.FULL, {True}),  # S0 ¶29: always announced
        (STC, rules.ASSURANCE, {False}),  # S0 ¶111
        (STC, rules.MONITORING, {True, False}),  # S0 ¶129: usually unannounced, short notice possible
        (SCH, rules.FULL, {False}),
        (SCH, rules.ASSURANCE, {False}),
        (SCH, rules.MONITORING, {True, False}),
        (CH, rules.FULL, {False}),
        (CH, rules.ASSURANCE, {False}),
        (CH, rules.MONITORING, {True, False}),
        (RFC, rules.FULL, {False}),
        (RFC, rules.MONITORING, {True, False}),
    ],
)
def test_r_not_1_which_inspections_may_be_announced(setting_type, inspection_type, allowed):
    assert notice.notice_allowed(setting_type, inspection_type) == allowed
    for announced in (True, False):
        error = notice.notice_error(setting_type, inspection_type, announced)
        assert (error is None) == (announced in allowed)


def count(db):
    return db.session.scalar(select(func.count()).select_from(Inspection))


def test_r_not_1_the_service_refuses_what_the_framework_does_not_allow(world, make, db):
    centre = make.setting(world.provider, "STC")
    before = count(db)
    for setting, kind, announced, message in [
        (centre, rules.FULL, False, "always announced"),
        (centre, rules.ASSURANCE, True, "unannounced"),
        (world.home, rules.FULL, True, "unannounced"),
    ]:
        details = services.NewInspection(setting, kind, announced, date(2026, 11, 23), world.inspector, [])
        with pytest.raises(InspectionError, match=message) as raised:
            services.create_inspection(details, world.inspector, FROZEN)
        assert raised.value.field == "announced"
    assert count(db) == before
    short_notice = services.NewInspection(
        world.other_home, rules.MONITORING, True, date(2026, 11, 23), world.inspector, []
    )
    assert services.create_inspection(short_notice, world.inspector, FROZEN).status == rules.ANNOUNCED


def test_r_not_1_the_form_shows_the_error_on_the_announced_question(client, login_as, world, make, db):
    centre = make.setting(world.provider, "STC", name="Birch Secure Training Centre")
    login_as(world.inspector)
    page = client.get("/inspectorate/inspections/new").get_data(as_text=True)
    assert "Only full inspections of secure training centres are announced" in page
    data = {
        "urn": centre.urn,
        "inspection_type": "full",
        "announced": "no",
        "start_date": ["23", "11", "2026"],
        "lead_inspector_id": str(world.inspector.id),
    }
    before = count(db)
    response = client.post("/inspectorate/inspections/new", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "There is a problem" in page
    assert 'href="#announced"' in page and "always announced, with 4 days&#39; notice" in page
    assert count(db) == before
    checking = client.post("/inspectorate/inspections/new", data=data | {"announced": "yes"})
    assert checking.status_code == 302 and count(db) == before
    assert client.post(checking.location).status_code == 302
    assert count(db) == before + 1
